"""--format github: GitHub Actions workflow commands, one per finding."""
from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from helpers import ROOT, SEED_000, SEED_004, line_of, linter

from gklint.findings import Finding, Severity
from gklint.formatters.github import command, escape_data, escape_property
from gklint.model import Location

# ::level key=value,key=value::message  (GitHub's grammar)
COMMAND = re.compile(r"^::(error|warning|notice) ((?:[a-zA-Z]+=[^,:]*)(?:,[a-zA-Z]+=[^,:]*)*)::(.*)$")


def run_github(*paths, cwd):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "gklint", "check", "-f", "github", *map(str, paths)],
                          capture_output=True, text=True, cwd=cwd, env=env)


def parse(line: str) -> tuple[str, dict, str]:
    m = COMMAND.match(line)
    assert m, line
    props = dict(p.split("=", 1) for p in m.group(2).split(","))
    return m.group(1), props, m.group(3)


def test_seed_findings_become_annotations(tmp_path):
    reports = tmp_path / "reports"
    reports.mkdir()
    text = SEED_000.read_text(encoding="utf-8")
    (reports / "a.txt").write_text(text, encoding="utf-8")
    (reports / "b.txt").write_text(SEED_004.read_text(encoding="utf-8"), encoding="utf-8")
    proc = run_github("reports", cwd=tmp_path)
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    commands = [parse(line) for line in lines if line.startswith("::")]
    assert lines[-1].startswith("gklint: 检查了 2 个文件")
    assert len(commands) == len(lines) - 1
    garble = next(c for c in commands if c[1]["title"].startswith("GK301"))
    level, props, message = garble
    line, col = line_of(text, "冇")
    assert level == "error"
    assert props["file"] == "reports/a.txt"
    assert (props["line"], props["col"]) == (str(line), str(col))
    assert (props["endLine"], props["endColumn"]) == (str(line), str(col))  # one character
    assert props["title"] == "GK301 ocr-mao-you"
    assert message == "“冇”疑为误识别字符，应为“有”"
    blank = next(c for c in commands if c[1]["title"].startswith("GK210"))
    assert blank[0] == "warning" and blank[1]["file"] == "reports/b.txt"


def test_escaping_follows_githubs_rules():
    assert escape_data("100%\r\nnext: a,b") == "100%25%0D%0Anext: a,b"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"


def test_info_is_a_notice_and_a_lineless_cell_names_its_place():
    finding = Finding("GK210", Severity.INFO, "表三“自然人”列为空，应填写数字", "dir/a,b.docx",
                      Location(table="表三", row="一、本年新收政府信息公开申请数量", column_label="自然人"),
                      rule_name="blank-cell")
    level, props, message = parse(command(finding, "."))
    assert level == "notice"
    assert props == {"file": "dir/a%2Cb.docx", "title": "GK210 blank-cell"}
    assert message.startswith("[表三 / 一、本年新收政府信息公开申请数量 / 自然人] ")


def test_multi_line_span_has_no_columns():
    finding = Finding("GK101", Severity.ERROR, "缺少“三”部分", "a.txt",
                      Location(line=3, column=2, end_line=5, end_column=1), rule_name="missing-section")
    _, props, _ = parse(command(finding, "."))
    assert props["line"] == "3" and props["endLine"] == "5"
    assert "col" not in props and "endColumn" not in props


def test_docx_cell_findings_annotate_the_file(tmp_path):
    if ".docx" not in linter().readers:
        pytest.skip("no .docx reader installed (gklint.readers.docx)")
    from makefiles import seed_to_docx

    seed_to_docx(str(tmp_path / "b.docx"), SEED_004.read_text(encoding="utf-8"))
    proc = run_github("b.docx", cwd=tmp_path)
    blanks = [parse(line) for line in proc.stdout.splitlines() if "title=GK210" in line]
    assert len(blanks) == 1 and "5个单元格为空" in blanks[0][2]  # one finding lists the five (issue 15)
    for level, props, message in blanks:
        assert props["file"] == "b.docx" and "line" not in props
        assert "表四" in message and message.startswith("[")
