"""Hostile submissions (issue 18): one file must never stop, hang or exhaust
a batch.  Each kind of attack has a test here; the reproducers are in
tests/data/hostile (small ones) or built by the test (large ones)."""
from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import urllib.parse
from pathlib import Path

import pytest

from helpers import ROOT, SEED_000, SEED_004, linter

HOSTILE = Path(__file__).resolve().parent / "data" / "hostile"


def gklint(*args, cwd, timeout=120):
    return subprocess.run([sys.executable, "-m", "gklint", *args], cwd=cwd, capture_output=True,
                          text=True, encoding="utf-8", errors="replace", timeout=timeout)


def no_traceback(proc) -> None:
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    assert "Traceback" not in proc.stdout, proc.stdout[-3000:]


# -- text no encoder can write ------------------------------------------------

def test_a_lone_surrogate_from_a_pdf_tounicode_map_is_read_as_a_replacement_character():
    result = linter().check_file(str(HOSTILE / "surrogate.pdf"))
    for f in result.findings:
        f.message.encode("utf-8")  # would raise on a lone surrogate
        f.to_dict()


@pytest.mark.parametrize("fmt", ["json", "sarif", "github", "terminal"])
def test_every_format_writes_a_gbk_file_name_and_a_surrogate_pdf(tmp_path, fmt):
    gbk_name = "报告".encode("gbk") + b".txt"  # as unzipped from a Windows archive
    with open(os.path.join(os.fsencode(tmp_path), gbk_name), "wb") as fh:
        fh.write(SEED_004.read_bytes())
    (tmp_path / "surrogate.pdf").write_bytes((HOSTILE / "surrogate.pdf").read_bytes())
    proc = gklint("check", ".", "-f", fmt, cwd=tmp_path)
    no_traceback(proc)
    assert proc.returncode == 1
    out = urllib.parse.unquote(proc.stdout)  # SARIF gives URIs
    assert "报告.txt" in out  # the GBK name read as what it says
    assert "surrogate.pdf" in proc.stdout


def test_audit_writes_every_output_for_unencodable_names_and_markup_in_paths(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    with open(os.path.join(os.fsencode(folder), "报告".encode("gbk") + b".txt"), "wb") as fh:
        fh.write(SEED_004.read_bytes())
    (folder / "x[").mkdir()
    (folder / "x[" / "]y.txt").write_bytes(SEED_000.read_bytes())  # shown as x[/]y.txt
    (folder / "a\x1b[31mred.txt").write_bytes(SEED_000.read_bytes())
    (folder / "surrogate.pdf").write_bytes((HOSTILE / "surrogate.pdf").read_bytes())
    proc = gklint("audit", "in", "--csv", "s.csv", "--html", "d.html", "-f", "json", "-o",
                  "r.json", "--no-progress", cwd=tmp_path)
    no_traceback(proc)
    assert proc.returncode == 1
    assert "x[/]y.txt" in proc.stdout
    assert "\x1b[31m" not in proc.stdout  # the ESC sequence does not reach the terminal
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert len(data["files"]) == 4
    with open(tmp_path / "s.csv", encoding="utf-8-sig", newline="") as fh:
        assert {r["path"].replace(os.sep, "/") for r in csv.DictReader(fh)} == {
            "in/报告.txt", "in/x[/]y.txt", "in/a\x1b[31mred.txt", "in/surrogate.pdf"}  # a file keeps the real name
    assert (tmp_path / "d.html").stat().st_size > 0
    assert not list(tmp_path.glob("*.partial.jsonl"))


def test_github_output_carries_no_raw_escape_from_names_or_report_text(tmp_path):
    text = SEED_000.read_text(encoding="utf-8").replace("现行冇效件数", "现行冇效\x1b]0;pwned\x07件数", 1)
    (tmp_path / "e\x1b[2Jx.txt").write_text(text, encoding="utf-8")
    proc = gklint("check", ".", "-f", "github", cwd=tmp_path)
    no_traceback(proc)
    assert "::error" in proc.stdout
    assert "\x1b" not in proc.stdout and "\x07" not in proc.stdout


def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(tmp_path):
    (tmp_path / "=HYPERLINK(1).txt").write_bytes(SEED_004.read_bytes())
    (tmp_path / "@SUM(1).txt").write_bytes(SEED_004.read_bytes())
    proc = gklint("check", "=HYPERLINK(1).txt", "@SUM(1).txt", "-f", "csv", cwd=tmp_path)
    no_traceback(proc)
    rows = list(csv.DictReader(proc.stdout.lstrip("\ufeff").splitlines()))
    assert sorted(r["path"] for r in rows) == ["'=HYPERLINK(1).txt", "'@SUM(1).txt"]
