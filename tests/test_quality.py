"""The quality score on real reports (benchmarks/quality.py) and its matcher.

The corpus test runs gklint once over fixtures/real (a few seconds) and fails
when recall or precision falls below the floors.  The floors are the figures
measured when the corpus was built (rounded down to 2 decimals); issues 14
(sections and prose) and 15 (tables) raise them toward 0.95 as they land.
"""
from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / "fixtures" / "real"

# Today's figures on fixtures/real are 1.000 and 1.000 (49 scored defects, 27
# reports); the floors leave room for one miss and one false alarm, no more.
# Never lower them to make a change pass: only new reports in the corpus may
# (the first 24 reports gave recall 0.541, precision 0.059 before issues 14/15).
RECALL_FLOOR = 0.97
PRECISION_FLOOR = 0.97

LEVELS = {"province", "city", "county", "township", "department"}
FORMATS = {"html", "pdf", "txt", "md", "docx", "doc"}


def _load(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


quality = _load("quality")
truth_tables = _load("truth_tables")
GKLINT = [sys.executable, "-m", "gklint"]


# --- the corpus ------------------------------------------------------------

@pytest.fixture(scope="module")
def corpus_figures():
    scores, figures = quality.evaluate(REAL, GKLINT)
    return scores, figures, quality.as_json(scores, figures)


@pytest.mark.corpus
def test_corpus_floors(corpus_figures):
    _, _, figures = corpus_figures
    overall = figures["overall"]
    assert overall["recall"] >= RECALL_FLOOR, figures["misses"]
    assert overall["precision"] >= PRECISION_FLOOR, figures["false_positives"][:20]


@pytest.mark.corpus
def test_corpus_counts_every_report_and_defect(corpus_figures):
    scores, figures, data = corpus_figures
    truth = YAML(typ="safe").load((REAL / "TRUTH.yaml").read_text(encoding="utf-8"))
    assert data["files"] == len(truth) == len(scores)
    defects = sum(len(entry.get("defects") or []) for entry in truth.values())
    assert figures["overall"].tp + figures["overall"].fn == defects
    assert sum(t.tp + t.fn for t in figures["families"].values()) == defects


def test_truth_entries_are_complete():
    truth = YAML(typ="safe").load((REAL / "TRUTH.yaml").read_text(encoding="utf-8"))
    sources = (REAL / "SOURCES.md").read_text(encoding="utf-8")
    for name, entry in truth.items():
        assert (REAL / name).is_file(), name
        assert entry["level"] in LEVELS and entry["format"] in FORMATS, name
        assert str(entry["form"]) in ("2019", "2021") and 2019 <= entry["year"] <= 2025, name
        assert re.match(r"\d{4}_[\w-]+\.\w+$", name), name
        assert Path(name).stem in sources, f"{name} has no entry in SOURCES.md"
        for item in (entry.get("defects") or []) + (entry.get("unscored") or []):
            assert re.fullmatch(r"GK[1-69]", quality._entry(item).family), (name, item)


def test_transcribed_tables_match_the_truth():
    """Every broken identity in TABLES.yaml is a GK2 defect or blank cells in the truth,
    and a GK2 defect at a cell of 表三/表四 has a broken identity or a blank behind it.
    GK2 defects of a table's shape (a 表二 row missing, the wrong form's columns)
    have no number to check."""
    tables = truth_tables.load(REAL / "TABLES.yaml")
    truth = YAML(typ="safe").load((REAL / "TRUTH.yaml").read_text(encoding="utf-8"))
    for name, entry in tables.items():
        problems = truth_tables.check(entry)
        arithmetic = [p for p in problems if "blank" not in p and "None" not in p]
        gk2 = [d for d in truth[name].get("defects") or [] if d.get("family") == "GK2"]
        assert len(arithmetic) <= len(gk2), (name, arithmetic)
        if not problems:
            assert not [d for d in gk2 if str(d.get("where", "")).startswith(("表三", "表四"))], name


def test_truth_tables_finds_a_broken_identity():
    good = {"form": "2021", "table3": {"一": 3, "二": 0, "三": [2, 1] + [0] * 19, "七": 3, "四": 0},
            "table4": [1, 0, 0, 0, 1] + [0] * 10}
    assert truth_tables.check(good) == []
    bad = {**good, "table3": {**good["table3"], "七": [3, 0, 0, 0, 0, 0, 4]}}
    assert any("row total" in p for p in truth_tables.check(bad))
    assert any("勾稽" in p for p in truth_tables.check(bad))
    assert truth_tables.check({**good, "table4": [1, 0, 0, 0, 2] + [0] * 10})


# --- the matcher, on a report built in the test ----------------------------

def _clean_report() -> str:
    """Seed 004 with its two defects mended: 表四's blank cells and the 落款."""
    text = (ROOT / "fixtures" / "seeds" / "004_c58f9d82b20742ce.txt").read_text(encoding="utf-8")
    text = text.replace("\t\t\t\t\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0", "0\t0\t0\t0\t0\t" + "\t".join("0" * 10))
    return text.rstrip("\n") + "\n\n临渭区阎村镇人民政府\n2022年1月20日\n"


def _write(folder: Path, truth: str, **reports: str) -> None:
    for name, text in reports.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "TRUTH.yaml").write_text(truth, encoding="utf-8")


TRUTH = """
"2021_yancun_township.txt":
  level: township
  year: 2021
  form: 2021
  format: txt
  defects: []
"2021_yancun-planted_township.txt":
  level: township
  year: 2021
  form: 2021
  format: txt
  defects:
    - family: GK3
      rule: GK301
      where: "现行冇效件数"
    - family: GK2
      rule: GK201
      where: "表三 一、本年新收政府信息公开申请数量 / 总计"
    - family: GK4
      where: "XX镇"
      note: "not in the report: a miss"
  unscored:
    - family: GK5
      where: "受理依申请公开 0 件"
"""


def test_scorer_counts_planted_defects(tmp_path):
    clean = _clean_report()
    planted = clean.replace("现行有效件数", "现行冇效件数", 1)
    planted = re.sub(r"(一、本年新收政府信息公开申请数量\t\t(?:0\t){6})0", r"\g<1>3", planted)
    assert planted.count("冇") == 1 and planted != clean
    _write(tmp_path, TRUTH, **{"2021_yancun_township.txt": clean,
                               "2021_yancun-planted_township.txt": planted})
    scores, figures = quality.evaluate(tmp_path, GKLINT)
    by_name = {s.report.name: s for s in scores}
    assert not by_name["2021_yancun_township.txt"].fp, "the mended seed is clean"
    hit = by_name["2021_yancun-planted_township.txt"]
    # the planted total breaks its row and its columns: GK205 names the cell
    assert sorted(f["rule"] for _, f in hit.tp) == ["GK205", "GK301"]
    assert [e.family for e in hit.fn] == ["GK4"]
    assert all(f["rule"] not in ("GK201", "GK205", "GK301") for f in hit.fp + hit.neutral)
    overall = figures["overall"]
    assert (overall.tp, overall.fn) == (2, 1)
    assert overall.fp == len(hit.fp)
    text = quality.as_text(scores, figures)
    assert re.search(r"\nrecall=0\.667 precision=\d\.\d{3} files=2$", text)


def _finding(rule, message="", severity="warning", **location):
    return {"rule": rule, "severity": severity, "message": message, "location": location}


def test_matcher_rules(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text("标题\n共收到政府信息公开申请75件，均已答复。\n", encoding="utf-8")
    source = quality.Source(path)
    report = quality.Report("r.txt", "2021", "txt", defects=[
        quality.Entry("GK5", "GK510", "共收到政府信息公开申请75件"),
        quality.Entry("GK2", "GK201", "表三 （一）予以公开 / 总计"),
        quality.Entry("GK1", "", "line 1"),
    ], unscored=[quality.Entry("GK2", "GK210", "表四 * / 行政复议")])
    findings = [
        _finding("GK512", "行政诉讼", line=2, column=12, end_line=2, end_column=14),  # on the phrase
        _finding("GK201", table="表三", row="（一）予以公开", column_label="总计"),
        _finding("GK202", table="表三", row="（一）予以公开", column_label="总计"),  # cascade: FP
        _finding("GK102", line=1),
        _finding("GK210", table="表四", row="行政复议、行政诉讼", column_label="行政复议 总计"),
        _finding("GK210", table="表四", row="行政复议、行政诉讼", column_label="行政复议 结果维持"),
        _finding("GK301", "“冇”", severity="info", line=2),  # info: free
        _finding("GK401", "占位符", line=2, column=1, end_line=2, end_column=2),  # elsewhere: FP
    ]
    score = quality.score_report(report, findings, source)
    assert [f["rule"] for _, f in score.tp] == ["GK512", "GK201", "GK102"]
    assert not score.fn
    assert sorted(f["rule"] for f in score.fp) == ["GK202", "GK401"]
    assert [f["rule"] for f in score.neutral] == ["GK210", "GK210"]


def test_reading_findings_are_free_only_where_the_truth_says_so():
    finding = _finding("GK905", "无法读取", severity="error")
    unreadable = quality.Report("a.pdf", "2021", "pdf", reading=["表三 is an image"])
    readable = quality.Report("b.pdf", "2021", "pdf")
    none = quality.Source(Path("missing.pdf"))
    assert quality.score_report(unreadable, [finding], none).neutral == [finding]
    assert quality.score_report(readable, [finding], none).fp == [finding]


def test_cell_of_a_table2_block():
    entry = quality.Entry("GK2", "GK212", "表二 第二十条第（九）项 政府集中采购 / 采购总金额")
    finding = _finding("GK212", table="表二 第二十条第（九）项", row="政府集中采购",
                       column_label="采购总金额")
    other = _finding("GK212", table="表二 第二十条第（九）项", row="政府集中采购",
                     column_label="采购项目数量")
    none = quality.Source(Path("missing.txt"))
    assert quality.place_matches(entry, finding, none)
    assert not quality.place_matches(entry, other, none)


def test_html_phrase_is_matched_through_markup(tmp_path):
    path = tmp_path / "r.html"
    path.write_text("<p>予以公开及部分公开<span>258</span>件，占33.9%</p>", encoding="utf-8")
    at = path.read_text(encoding="utf-8").index("258") + 1
    near = _finding("GK511", line=1, column=at, end_line=1, end_column=at + 3)
    far = _finding("GK511", line=1, column=1, end_line=1, end_column=2)
    entry = quality.Entry("GK5", "GK511", "予以公开及部分公开258件")
    source = quality.Source(path)
    assert quality.place_matches(entry, near, source)
    assert not quality.place_matches(entry, far, source)
