"""What users of ruff, sqlfluff and Vale expect (issue 17): typos are errors,
outputs are written safely, stdin, statistics, colour, completion, and the
audit works from any folder."""
from __future__ import annotations

import errno
import json
import os
import re
import subprocess
import sys

import pytest

from helpers import ROOT, SEED_000, SEED_004, assert_read, check_text, line_of, rule_ids, seed_text

GOBACK = "[bookmark: _GoBack]"


def gklint(*args, cwd=ROOT, env=None, stdin=None, **kw):
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    if "FORCE_COLOR" not in (env or {}):
        full_env.pop("FORCE_COLOR", None)
    return subprocess.run([sys.executable, "-m", "gklint", *map(str, args)], capture_output=True,
                          text=True, cwd=cwd, env=full_env, input=stdin, **kw)


def one_line_error(proc) -> str:
    """exit 2 with one line on stderr and no traceback."""
    assert proc.returncode == 2, (proc.returncode, proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr
    lines = [l for l in proc.stderr.splitlines() if l.strip()]
    assert len(lines) == 1, proc.stderr
    return lines[0]


# -- (1) audit from a folder holding a folder named gklint -------------------

def _installed_gklint(cwd, env):
    """The gklint command installed beside this Python, if it runs this checkout."""
    from pathlib import Path

    script = Path(sys.executable).with_name("gklint")
    where = subprocess.run([sys.executable, "-c", "import gklint; print(gklint.__file__)"],
                           capture_output=True, text=True, cwd=cwd, env=env).stdout.strip()
    if not script.exists() or not where or Path(where).parent != ROOT / "gklint":
        pytest.skip("this checkout is not installed (pip install -e .) beside this Python")
    return script


def test_audit_from_the_parent_of_a_clone_imports_the_real_package(tmp_path):
    # The parent of an editable clone, as the README installs it: ./gklint is the
    # clone, ./gklint/gklint its package folder (here empty).  The installed
    # command and no PYTHONPATH, as a user runs it: the editable install's
    # finder comes after the working folder, so a worker started from here
    # imported ./gklint (a namespace package) and failed every file with GK990.
    (tmp_path / "gklint" / "gklint").mkdir(parents=True)
    (tmp_path / "subs").mkdir()
    (tmp_path / "subs" / "a.txt").write_text(seed_text(SEED_000), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONSAFEPATH")}
    script = _installed_gklint(tmp_path / "subs", env)
    proc = subprocess.run([str(script), "audit", "subs", "--no-progress", "-j", "2", "-f", "json",
                           "-o", "out.json"], capture_output=True, text=True, cwd=tmp_path,
                          env=env, timeout=300)
    assert proc.returncode == 1, proc.stderr
    data = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    rules = [f["rule"] for f in data["files"][0]["findings"]]
    assert "GK990" not in rules and "GK301" in rules


# -- (2) typos never pass silently -------------------------------------------

@pytest.mark.parametrize("option,value", [("--select", "GK9999"), ("--select", "GK3X"),
                                          ("--ignore", "GK3O1"), ("--extend-select", "GK8")])
def test_unknown_selector_on_the_command_line_is_an_error(option, value):
    line = one_line_error(gklint("check", SEED_000, option, value))
    assert value in line


def test_unknown_selector_in_the_config_is_an_error(tmp_path):
    (tmp_path / ".gklint.yaml").write_text('select: ["GK9999"]\n', encoding="utf-8")
    (tmp_path / "a.txt").write_text(seed_text(SEED_000), encoding="utf-8")
    assert "GK9999" in one_line_error(gklint("check", "a.txt", cwd=tmp_path))


def test_selectors_that_exist_still_work_in_any_case():
    proc = gklint("check", SEED_000, "--select", "gk3", "-f", "json")
    rules = {f["rule"] for f in json.loads(proc.stdout)["files"][0]["findings"]}
    assert rules == {"GK301", "GK307", "GK310"}


def test_letter_o_in_a_directive_is_reported_and_silences_nothing():
    text = seed_text().replace("现行冇效件数", "现行冇效件数 <!-- gklint: disable-line=GK3O1 -->", 1)
    result = check_text(text, "report.md")
    ids = rule_ids(result.findings)
    assert "GK301" in ids  # before: GK3O1 read as the prefix GK3
    (bad,) = [f for f in result.findings if f.rule_id == "GK940"]
    assert "GK3O1" in bad.message
    assert bad.location.line == line_of(text, "gklint: disable")[0]


@pytest.mark.parametrize("directive", ["# gklint: disable-next-line=GK3X",
                                       "# gklint: disabel-next-line=GK301",
                                       "# gklint: disable-next-line GK301"])
def test_malformed_directives_are_reported(directive):
    text = seed_text().replace("现行冇效件数", directive + "\n现行冇效件数", 1)
    ids = rule_ids(check_text(text).findings)
    assert "GK301" in ids and ids.count("GK940") == 1


def test_unknown_id_in_a_directive_is_reported():
    ids = rule_ids(check_text("# gklint: disable=GK999\n" + seed_text()).findings)
    assert "GK941" in ids and "GK301" in ids


def test_disable_gk_works_like_select_gk():
    result = check_text("<!-- gklint: disable=GK -->\n" + seed_text(), "report.md")
    assert assert_read(result, whole=False).findings == []
    assert result.meta["suppressed"] >= 6


def test_good_directives_are_not_reported():
    text = "# gklint: disable=GK301，GK307\n" + seed_text()
    ids = rule_ids(assert_read(check_text(text)).findings)
    assert not {"GK301", "GK307", "GK940", "GK941", "GK942"} & set(ids)


def test_unused_directives_are_reported_on_request_only(tmp_path):
    report = tmp_path / "r.txt"
    text = seed_text().replace(GOBACK, "# gklint: disable-next-line=GK310,GK301\n" + GOBACK, 1)
    report.write_text(text, encoding="utf-8")
    plain = json.loads(gklint("check", report, "-f", "json").stdout)
    assert "GK942" not in {f["rule"] for f in plain["files"][0]["findings"]}
    asked = json.loads(gklint("check", report, "-f", "json", "--extend-select", "GK942").stdout)
    unused = [f for f in asked["files"][0]["findings"] if f["rule"] == "GK942"]
    assert len(unused) == 1 and "GK301" in unused[0]["message"]  # GK310 was used
    assert unused[0]["location"]["line"] == line_of(text, "gklint:")[0]
    everything = json.loads(gklint("check", report, "-f", "json", "--select", "GK").stdout)
    assert "GK942" not in {f["rule"] for f in everything["files"][0]["findings"]}


# -- (3) plugins and config paths ---------------------------------------------

def test_a_plugin_that_cannot_be_imported_is_exit_2():
    line = one_line_error(gklint("check", SEED_000, "--plugin", "no_such_gklint_plugin"))
    assert "no_such_gklint_plugin" in line


def test_a_plugin_named_in_the_config_that_cannot_be_imported_is_exit_2(tmp_path):
    (tmp_path / ".gklint.yaml").write_text("plugins: [no_such_gklint_plugin]\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text(seed_text(SEED_000), encoding="utf-8")
    assert "no_such_gklint_plugin" in one_line_error(gklint("check", "a.txt", cwd=tmp_path))


PLUGIN = '''
from gklint import hookimpl
from gklint import Rule
from gklint.findings import Severity

class Marker(Rule):
    """What it finds:\\nx\\n\\nWhy it matters:\\nx\\n\\nExample:\\nx\\n\\nFix:\\nx"""
    id, name, severity, summary = "GK801", "marker", Severity.INFO, "测试"
    def check(self, doc, ctx):
        return ()

@hookimpl
def gklint_rules(config):
    return [Marker()]
'''
PACK = '''rules:
  - id: GK802
    kind: existence
    name: no-foo
    severity: info
    pattern: "FOO"
    message: 出现FOO
    summary: 出现FOO
    doc: {what: a, why: b, example: c, fix: d}
'''


def test_config_paths_are_relative_to_the_config_file(tmp_path):
    project = tmp_path / "project"
    (project / "extra").mkdir(parents=True)
    (project / "my_gklint_plugin17.py").write_text(PLUGIN, encoding="utf-8")
    (project / "extra" / "pack.yaml").write_text(PACK, encoding="utf-8")
    (project / ".gklint.yaml").write_text(
        "plugins: [my_gklint_plugin17]\npacks: [extra/]\n", encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    proc = gklint("rules", "--format", "json", "--config", project / ".gklint.yaml", cwd=elsewhere)
    assert proc.returncode == 0, proc.stderr
    ids = {r["id"] for r in json.loads(proc.stdout)}
    assert {"GK801", "GK802"} <= ids


@pytest.mark.parametrize("setting,value", [
    ("regex-timeout", "-1"), ("regex-timeout", ".nan"), ("file-timeout", ".inf"),
    ("file-timeout", "fast"), ("max-file-mb", "1.5"), ("select", "5"), ("fail-on", "[1]"),
])
def test_wrongly_typed_config_values_are_exit_2(tmp_path, setting, value):
    (tmp_path / ".gklint.yaml").write_text(f"{setting}: {value}\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    assert setting in one_line_error(gklint("check", "a.txt", cwd=tmp_path))


def test_a_setting_that_would_do_nothing_is_refused(tmp_path):
    # `extensions` was accepted and ignored (every supported file was still
    # checked): a setting that does nothing must not look as if it worked.
    (tmp_path / ".gklint.yaml").write_text("extensions: [.txt]\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    assert "extensions" in one_line_error(gklint("check", "a.txt", cwd=tmp_path))


def test_config_option_reads_toml_and_yaml_files(tmp_path):
    from gklint.config import load_file

    (tmp_path / "g.toml").write_text('[tool.gklint]\nignore = ["GK5"]\n', encoding="utf-8")
    (tmp_path / "g.yaml").write_text("ignore: [GK3]\n", encoding="utf-8")
    assert load_file(str(tmp_path / "g.toml")).ignore == ["GK5"]
    assert load_file(str(tmp_path / "g.yaml")).ignore == ["GK3"]


@pytest.mark.parametrize("value", ["-1", "nan"])
def test_impossible_audit_timeout_is_exit_2(tmp_path, value):
    proc = gklint("audit", tmp_path, "--timeout", value)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr


# -- (4) output paths -----------------------------------------------------------

@pytest.mark.parametrize("where", ["missing/out.json", "afile/out.json", "."])
def test_unwritable_output_is_one_line_and_exit_2(tmp_path, where):
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    (tmp_path / "a.txt").write_text(seed_text(SEED_000), encoding="utf-8")
    for args in (["check", "a.txt", "-f", "json", "-o", where],
                 ["check", "a.txt", "--baseline", where, "--write-baseline"],
                 ["audit", ".", "--no-progress", "--csv", where],
                 ["audit", ".", "--no-progress", "--html", where]):
        one_line_error(gklint(*args, cwd=tmp_path))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "afile"]  # no .tmp


def test_output_onto_an_input_file_is_refused(tmp_path):
    report = tmp_path / "a.txt"
    report.write_text(seed_text(SEED_000), encoding="utf-8")
    line = one_line_error(gklint("check", "a.txt", "-o", "./a.txt", cwd=tmp_path))
    assert "a.txt" in line
    assert report.read_text(encoding="utf-8") == seed_text(SEED_000)
    one_line_error(gklint("audit", ".", "--no-progress", "--csv", "a.txt", cwd=tmp_path))
    assert report.read_text(encoding="utf-8") == seed_text(SEED_000)


def test_a_full_disk_while_writing_is_one_line(tmp_path, monkeypatch, capsys):
    from gklint import cli
    from gklint.formatters import FORMATTERS

    def full(results, stream, options):
        stream.write("{")
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setitem(FORMATTERS, "json", full)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text(seed_text(SEED_000), encoding="utf-8")
    assert cli.main(["check", "a.txt", "-f", "json", "-o", "out.json"]) == 2
    err = capsys.readouterr().err
    assert "out.json" in err and "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]


def test_stdout_on_a_full_disk_is_one_line():
    with open("/dev/full", "w") as full:
        proc = subprocess.run([sys.executable, "-m", "gklint", "check", str(SEED_000)],
                              stdout=full, stderr=subprocess.PIPE, text=True, cwd=ROOT,
                              env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr


# -- (5) each file once, stdin, pre-commit ---------------------------------------

def test_the_same_file_named_twice_is_checked_once(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text(seed_text(SEED_000), encoding="utf-8")
    proc = gklint("check", "sub/a.txt", "./sub/a.txt", "sub", "-f", "json", cwd=tmp_path)
    assert len(json.loads(proc.stdout)["files"]) == 1


def test_stdin_with_a_file_name():
    text = seed_text(SEED_000)
    proc = gklint("check", "-", "--stdin-filename", "report.txt", stdin=text)
    assert proc.returncode == 1, proc.stderr
    assert "report.txt" in proc.stdout and "15:4" in proc.stdout and "现行冇效件数" in proc.stdout
    data = json.loads(gklint("check", "-", "--stdin-filename", "r.md", "-f", "json",
                             stdin=text).stdout)
    assert data["files"][0]["path"] == "r.md"
    one_line_error(gklint("check", "-", "--fix", stdin=text))


def test_pre_commit_hook_sees_upper_case_extensions():
    from ruamel.yaml import YAML

    (hook,) = YAML(typ="safe").load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    files = re.compile(hook["files"])
    for name in ("a.DOCX", "b.TXT", "c.Pdf", "d.HTM", "e.md"):
        assert files.search(name), name
    assert not files.search("notes.csv") and not files.search("a.docx.bak")


def test_the_hook_sees_across_years_only_with_both_years_in_the_commit(tmp_path):
    # What the README says the hook cannot see, run as the hook runs (entry:
    # gklint check, given the commit's files).
    from test_rules_crossyear import _pair

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "What the hook cannot see" in readme and "GK520" in readme
    last, this = _pair(carried_on=2)
    (tmp_path / "2020.txt").write_text(last, encoding="utf-8")
    (tmp_path / "2021.txt").write_text(this, encoding="utf-8")

    def cross_year(*names):
        data = json.loads(gklint("check", *names, "-f", "json", cwd=tmp_path).stdout)
        return [f["rule"] for file in data["files"] for f in file["findings"] if f["rule"] == "GK520"]

    assert cross_year("2021.txt") == []
    assert cross_year("2020.txt", "2021.txt") == ["GK520"]


# -- (7) language and SARIF --------------------------------------------------------

def test_audit_csv_is_chinese_and_json_keeps_machine_keys(tmp_path):
    import csv

    (tmp_path / "subs").mkdir()
    (tmp_path / "subs" / "a.txt").write_text(seed_text(SEED_000), encoding="utf-8")
    (tmp_path / "subs" / "empty.txt").write_bytes(b"")
    proc = gklint("audit", "subs", "--no-progress", "-j", "1", "--csv", "s.csv", "-f", "json",
                  "-o", "s.json", cwd=tmp_path, timeout=300)
    assert proc.returncode == 1, proc.stderr
    with open(tmp_path / "s.csv", encoding="utf-8-sig", newline="") as fh:
        header, *rows = list(csv.reader(fh))
    assert all(re.search(r"[\u4e00-\u9fff]", h) for h in header), header
    assert header[:2] == ["文件", "状态"]
    assert sorted(r[1] for r in rows) == ["已检查", "无法读取"]
    data = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))
    entry = next(f for f in data["files"] if f["path"].endswith("a.txt"))
    assert {"path", "format", "unreadable", "findings"} <= set(entry)
    assert {"rule", "severity", "message", "location"} <= set(entry["findings"][0])
    assert entry["findings"][0]["severity"] in ("error", "warning", "info")



def test_explain_and_help_are_in_chinese():
    out = gklint("explain", "GK301").stdout
    assert "它查什么" in out and "修改方法" in out and "（错误 / error）" in out
    # the doc itself, not only its part titles (tests/test_public_api.py checks every rule's)
    assert "把“冇”改为“有”" in out and "Replace" not in out
    help_text = gklint("check", "--help").stdout
    assert "只检查这些规则编号或前缀" in help_text and "标准输入" in help_text


def _numbers(value):
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list):
        for v in value:
            yield from _numbers(v)
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        yield value


def test_sarif_rule_metadata(tmp_path):
    log = json.loads(gklint("check", SEED_000, "-f", "sarif").stdout)
    run = log["runs"][0]
    assert run["language"] == "zh-CN"
    assert -1 not in list(_numbers(log))  # sarif-om's placeholders (ruleIndex, length, …)
    reference = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    for rule in run["tool"]["driver"]["rules"]:
        anchor = rule["helpUri"].rsplit("#", 1)[1]
        assert f'<a id="{anchor}"></a>' in reference, rule["id"]
        assert "它查什么" in rule["help"]["text"]


def test_rules_reference_is_current():
    from gklint.engine import Linter
    from gklint.ruledocs import reference

    expected = reference(Linter().all_rules.values())
    assert (ROOT / "docs" / "rules.md").read_text(encoding="utf-8") == expected, \
        "regenerate: python -m gklint.ruledocs > docs/rules.md"


# -- (9) what ruff users expect -----------------------------------------------------

def test_statistics_counts_by_rule():
    proc = gklint("check", SEED_000, "--statistics")
    counts = {m.group(2): int(m.group(1))
              for m in re.finditer(r"^\s+(\d+)\s+(GK\d+)\s", proc.stdout, re.MULTILINE)}
    data = json.loads(gklint("check", SEED_000, "-f", "json").stdout)
    expected: dict = {}
    for f in data["files"][0]["findings"]:
        expected[f["rule"]] = expected.get(f["rule"], 0) + 1
    assert counts == expected


def test_quiet_prints_findings_only():
    proc = gklint("check", SEED_000, "--quiet")
    assert "GK301" in proc.stdout and "检查了" not in proc.stdout


def test_exit_zero_keeps_errors_as_errors(tmp_path):
    assert gklint("check", SEED_000, "--exit-zero").returncode == 0
    assert gklint("check", tmp_path / "missing.txt", "--exit-zero").returncode == 2


def test_force_color():
    assert "\x1b[" not in gklint("check", SEED_000).stdout
    assert "\x1b[" in gklint("check", SEED_000, env={"FORCE_COLOR": "1"}).stdout
    assert "\x1b[" not in gklint("check", SEED_000, "--no-color", env={"FORCE_COLOR": "1"}).stdout


def test_rules_as_json():
    rules = json.loads(gklint("rules", "--format", "json", "--ignore", "GK3").stdout)
    by_id = {r["id"]: r for r in rules}
    assert by_id["GK301"]["enabled"] is False and by_id["GK101"]["enabled"] is True
    assert by_id["GK942"]["enabled"] is False  # on request only
    assert all(r["summary"] and r["severity"] in ("error", "warning", "info") for r in rules)


@pytest.mark.parametrize("shell", ["bash", "zsh"])
def test_shell_completion(shell, tmp_path):
    script = gklint("completion", shell).stdout
    assert "--stdin-filename" in script and "audit" in script
    if shell == "bash":
        path = tmp_path / "c.sh"
        path.write_text(script + 'COMP_WORDS=(gklint check --stat); COMP_CWORD=2; _gklint; '
                        'echo "${COMPREPLY[@]}"\n', encoding="utf-8")
        proc = subprocess.run(["bash", str(path)], capture_output=True, text=True)
        assert proc.stdout.split() == ["--statistics"]


# -- (8) O, 〇 and l in numbers -------------------------------------------------------

@pytest.mark.parametrize("text,rule,column", [
    ("共发布信息3O余条。", "GK305", 7), ("共发布信息3〇余条。", "GK305", 7),
    ("共收到申请1O多件。", "GK305", 7), ("发布信息1l5条。", "GK306", 6),
])
def test_lookalike_letters_in_numbers_are_found_once(text, rule, column):
    found = [f for f in assert_read(check_text(text), whole=False, allow=("GK602",)).findings if f.rule_id in ("GK305", "GK306")]
    assert [(f.rule_id, f.location.column) for f in found] == [(rule, column)]


@pytest.mark.parametrize("text", ["共发布信息30余条，二〇二一年", "型号PO1余条", "共15条"])
def test_numbers_without_lookalikes_are_left_alone(text):
    assert not [f for f in assert_read(check_text(text), whole=False, allow=("GK602",)).findings if f.rule_id in ("GK305", "GK306")]


def _table3_first_cell(value: str) -> list:
    row = "一、本年新收政府信息公开申请数量\t\t"
    text = seed_text(SEED_004).replace(row + "0\t", row + value + "\t", 1)
    return [f for f in check_text(text).findings if f.rule_id == "GK212"]


def test_a_table_cell_1O_is_said_to_be_10():
    (finding,) = _table3_first_cell("1O")
    assert "疑为“10”" in finding.message and finding.location.column_label == "自然人"
    (other,) = _table3_first_cell("3件")
    assert "疑为" not in other.message


# -- (6) locations and excerpts where there are no lines; the dashboard -----------------

@pytest.fixture(scope="module")
def seed_docx(tmp_path_factory):
    from makefiles import seed_to_docx

    from helpers import linter

    if ".docx" not in linter().readers or linter().readers[".docx"].missing():
        pytest.skip("no .docx reader installed")
    path = tmp_path_factory.mktemp("docx") / "000.docx"
    seed_to_docx(str(path), seed_text(SEED_000))
    return path


def test_docx_findings_in_tables_name_table_row_and_show_their_text(seed_docx):
    data = json.loads(gklint("check", seed_docx, "-f", "json").stdout)
    by_rule = {f["rule"]: f for f in data["files"][0]["findings"]}
    garble = by_rule["GK301"]
    assert garble["location"]["table"].startswith("表二") and "paragraph" not in garble["location"]
    assert garble["location"]["row"] == "现行冇效件数" and garble["excerpt"] == "现行冇效件数"
    comma = by_rule["GK307"]
    assert comma["location"]["table"] == "表三" and comma["location"]["row"].startswith("3,")
    assert all(f.get("excerpt") for f in data["files"][0]["findings"])
    terminal = gklint("check", seed_docx).stdout
    assert "表二 第二十条第（一）项 / 现行冇效件数" in terminal and "| 现行冇效件数" in terminal


def test_pdf_paragraphs_are_numbered_per_page():
    from gklint.readers.builder import DocumentBuilder

    b = DocumentBuilder()
    for page, text in ((1, "一、总体情况"), (1, "正文"), (2, "二、主动公开政府信息情况"), (2, "正文")):
        b.paragraph(text, page=page)
    doc = b.build("r.pdf", "pdf", has_lines=False)
    places = [doc.locate(p.span) for p in doc.paragraphs()]
    assert [(l.page, l.paragraph) for l in places] == [(1, 1), (1, 2), (2, 1), (2, 2)]
    assert places[2].describe() == "第2页 第1段"


def test_dashboard_shows_report_text_not_internal_keys(seed_docx, tmp_path):
    from gklint.formatters.dashboard import build_data

    from helpers import linter

    text = seed_text(SEED_004).replace("一、本年新收政府信息公开申请数量\t\t0\t", "一、本年新收政府信息公开申请数量\t\t1O\t", 1)
    (tmp_path / "004.txt").write_text(text, encoding="utf-8")
    from makefiles import seed_to_html

    seed_to_html(str(tmp_path / "000.html"), seed_text(SEED_000))
    results = [linter().check_file(str(seed_docx)), linter().check_file(str(tmp_path / "004.txt")),
               linter().check_file(str(tmp_path / "000.html"))]
    os.chdir(tmp_path / "..")
    data = build_data(results, {"rules": linter().rules})
    for sub in data["submissions"]:
        assert not sub["path"].startswith("../")
        for f in sub["findings"]:
            assert "/" not in (f["value"] or ""), f  # no row_key/column_key
    by_path = {sub["path"].rsplit("/", 1)[-1]: sub["findings"] for sub in data["submissions"]}
    assert any(f["excerpt"] and f["excerpt"]["text"] == "现行冇效件数" for f in by_path["000.docx"])
    # A web page's source lines are markup: its findings quote the report's text.
    page = by_path["000.html"]
    assert page and all(f["excerpt"] and "<" not in f["excerpt"]["text"] for f in page), page
    assert any(f["excerpt"]["text"] == "现行冇效件数" for f in page)


def test_dashboard_paths_climbing_out_are_shown_from_their_folder(tmp_path, monkeypatch):
    from gklint.formatters.dashboard import _display_paths

    (tmp_path / "work").mkdir()
    monkeypatch.chdir(tmp_path / "work")
    shown = _display_paths(["../subs/县甲/a.txt", "../subs/县乙/b.txt"])
    assert shown == {"../subs/县甲/a.txt": "县甲/a.txt", "../subs/县乙/b.txt": "县乙/b.txt"}
    assert _display_paths(["subs/a.txt"]) == {"subs/a.txt": "subs/a.txt"}



def test_extend_select_in_the_config_turns_on_unused_suppressions(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.gklint]\nextend-select = ["GK942"]\nignore = ["gk307"]\n', encoding="utf-8")
    rules = {r["id"]: r for r in json.loads(gklint("rules", "-f", "json", cwd=tmp_path).stdout)}
    assert rules["GK942"]["enabled"] and not rules["GK307"]["enabled"]
    assert rules["GK301"]["enabled"]  # extend-select adds; it does not narrow


def test_baseline_in_the_config_is_relative_to_the_config_file(tmp_path):
    project = tmp_path / "project"
    (project / "reports").mkdir(parents=True)
    (project / "reports" / "a.txt").write_text(seed_text(SEED_000), encoding="utf-8")
    (project / ".gklint.yaml").write_text("baseline: known.json\n", encoding="utf-8")
    config = ["--config", project / ".gklint.yaml"]
    wrote = gklint("check", project / "reports", "--write-baseline", *config, cwd=tmp_path)
    assert wrote.returncode == 0, wrote.stderr
    assert (project / "known.json").exists() and not (tmp_path / "known.json").exists()
    # (files are keyed by their path from the current folder, as always)
    again = gklint("check", project / "reports", "-f", "json", *config, cwd=tmp_path)
    assert again.returncode == 0
    assert assert_read(json.loads(again.stdout)["files"][0], whole=False)["findings"] == []
