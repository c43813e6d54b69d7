"""GK520 across years: this year's 二、上年结转 equals last year's 四、结转下年度
继续办理, for reports of the same body checked in one run."""
from __future__ import annotations

import pickle

from compliance_builders import set_table3_row, with_year
from helpers import assert_read, linter, seed_text, SEED_000, SEED_004

from gklint.linting.checks.crossyear import same_body_groups
from gklint.cli import main


def _pair(carried_on: int, carried: int = 0) -> tuple[str, str]:
    """Seed 004 on 2020 carrying ``carried_on`` requests over, and on 2021
    (its own text) carrying ``carried`` over from 2020."""
    last = with_year(seed_text(SEED_004), 2020)
    last = set_table3_row(last, "一、本年新收", [carried_on, 0, 0, 0, 0, 0, carried_on])
    last = set_table3_row(last, "四、结转下年度继续办理", [carried_on, 0, 0, 0, 0, 0, carried_on])
    this = seed_text(SEED_004)
    if carried:
        this = set_table3_row(this, "二、上年结转", [carried, 0, 0, 0, 0, 0, carried])
        this = set_table3_row(this, "四、结转下年度继续办理", [carried, 0, 0, 0, 0, 0, carried])
    return last, this


def _write(folder, files: dict) -> list[str]:
    paths = []
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    return paths


def _run(paths: list[str]):
    lint = linter()
    results = [assert_read(lint.check_file(p)) for p in paths]
    added = lint.check_batch(results)
    return results, added


def test_carry_over_mismatch_names_both_files(tmp_path):
    last, this = _pair(carried_on=2)
    paths = _write(tmp_path, {"yancun/2020.txt": last, "yancun/2021.txt": this})
    results, added = _run(paths)
    assert [(f.rule_id, f.path) for f in added] == [("GK520", paths[1])]
    f = added[0]
    assert f.message == (f"表三“二、上年结转政府信息公开申请数量”总计为0，但上一年度（2020年）报告 {paths[0]} "
                         "表三“四、结转下年度继续办理”总计为2，两者应相等")
    line = this.split("\n").index(next(x for x in this.split("\n") if x.startswith("二、上年结转")))
    assert (f.location.line, f.location.table, f.location.row, f.location.column_label) == (
        line + 1, "表三", "二、上年结转政府信息公开申请数量", "总计")
    # Added to this year's result, in order with its other findings.
    assert f in results[1].findings and f not in results[0].findings
    keys = [x.sort_key() for x in results[1].findings]
    assert keys == sorted(keys)


def test_matching_carry_over_is_clean(tmp_path):
    last, this = _pair(carried_on=2, carried=2)
    _, added = _run(_write(tmp_path, {"a/2020.txt": last, "a/2021.txt": this}))
    assert added == []


def test_same_body_by_name_across_folders(tmp_path):
    last, this = _pair(carried_on=1)
    _, added = _run(_write(tmp_path, {"2020/report.txt": last, "2021/report.txt": this}))
    assert [f.rule_id for f in added] == ["GK520"]


def test_different_bodies_are_not_compared(tmp_path):
    last, this = _pair(carried_on=1)
    last = last.replace("临渭区阎村镇人民政府", "临渭区官道镇人民政府")
    _, added = _run(_write(tmp_path, {"x/2020.txt": last, "x/2021.txt": this}))
    assert added == []


def test_unnamed_reports_grouped_by_file_names_with_the_year(tmp_path):
    last, this = _pair(carried_on=3)
    unnamed = [t.replace("临渭区阎村镇人民政府\n", "") for t in (last, this)]
    other = seed_text(SEED_000)  # another body's 2021 report in the same folder
    paths = _write(tmp_path, {"yc_2020.txt": unnamed[0], "yc_2021.txt": unnamed[1],
                              "other_2021.txt": other})
    _, added = _run(paths)
    assert [(f.rule_id, f.path) for f in added] == [("GK520", paths[1])]


def test_unnamed_reports_in_a_folder_per_body(tmp_path):
    last, this = _pair(carried_on=3)
    unnamed = [t.replace("临渭区阎村镇人民政府\n", "") for t in (last, this)]
    _, added = _run(_write(tmp_path, {"body/a.txt": unnamed[0], "body/b.txt": unnamed[1]}))
    assert [f.rule_id for f in added] == ["GK520"]


def test_a_folder_of_one_year_is_not_a_body(tmp_path):
    # The seeds: two bodies, both on 2021 — nothing to compare.
    paths = _write(tmp_path, {"000.txt": seed_text(SEED_000), "004.txt": seed_text(SEED_004)})
    results, _ = _run(paths)
    assert same_body_groups(results) == []


def test_meta_survives_pickling_for_worker_processes(tmp_path):
    last, this = _pair(carried_on=2)
    paths = _write(tmp_path, {"p/2020.txt": last, "p/2021.txt": this})
    lint = linter()
    results = [pickle.loads(pickle.dumps(lint.check_file(p))) for p in paths]
    assert results[0].meta["body"] == "临渭区阎村镇人民政府"
    assert results[0].meta["table3_next"]["value"] == "2"
    assert [f.rule_id for f in lint.check_batch(results)] == ["GK520"]


def test_deselected_rule_adds_nothing(tmp_path):
    from gklint.config import Config
    from gklint.engine import Linter

    last, this = _pair(carried_on=2)
    paths = _write(tmp_path, {"q/2020.txt": last, "q/2021.txt": this})
    lint = Linter(Config(ignore=["GK520"]))
    assert lint.check_batch([assert_read(lint.check_file(p)) for p in paths]) == []


def test_cli_check_runs_the_cross_year_rule(tmp_path, capsys):
    last, this = _pair(carried_on=2)
    paths = _write(tmp_path, {"r/2020.txt": last, "r/2021.txt": this})
    code = main(["check", str(tmp_path), "-f", "json", "--select", "GK520"])
    out = capsys.readouterr().out
    assert code == 1
    assert '"GK520"' in out and paths[0] in out


def test_audit_runs_the_cross_year_rule_on_worker_results(tmp_path):
    """The audit's results come back from worker processes; the cross-year
    rule must still see them and put its finding in every output."""
    import json

    last, this = _pair(carried_on=2)
    paths = _write(tmp_path / "in", {"r/2020.txt": last, "r/2021.txt": this})
    out = tmp_path / "audit.json"
    code = main(["audit", str(tmp_path / "in"), "--jobs", "2", "--no-progress",
                 "-f", "json", "-o", str(out), "--csv", str(tmp_path / "audit.csv")])
    assert code == 1
    files = {f["path"]: f for f in json.loads(out.read_text(encoding="utf-8"))["files"]}
    assert [f["rule"] for f in files[paths[1]]["findings"] if f["rule"] == "GK520"] == ["GK520"]
    assert "GK520" not in {f["rule"] for f in files[paths[0]]["findings"]}
    assert "GK520" in (tmp_path / "audit.csv").read_text(encoding="utf-8")
    assert not list(tmp_path.glob("*.partial.jsonl"))


def _named(text: str, body: str) -> str:
    """The report signed by ``body`` (seed 004 has no 落款 of its own)."""
    return text.rstrip() + f"\n\n{body}\n2022年1月20日\n"


def test_body_with_or_without_its_parent_region_is_one_body(tmp_path):
    last, this = _pair(carried_on=2)
    paths = _write(tmp_path, {"a/last.txt": _named(last, "淮安市洪泽区人民政府"),
                              "b/this.txt": _named(this, "洪泽区人民政府")})
    _, added = _run(paths)
    assert [f.rule_id for f in added] == ["GK520"]
    # Two cities' 朝阳区: named with different parents, not one body.
    paths = _write(tmp_path, {"c/last.txt": _named(last, "北京市朝阳区人民政府"),
                              "d/this.txt": _named(this, "长春市朝阳区人民政府")})
    assert _run(paths)[1] == []


def test_a_report_present_twice_gives_one_finding(tmp_path):
    last, this = _pair(carried_on=2)
    paths = _write(tmp_path, {"yancun/2020.txt": last, "yancun/2021.txt": this,
                              "yancun/2021_修订版.txt": this})
    results, added = _run(paths)
    assert [f.rule_id for f in added] == ["GK520"]
