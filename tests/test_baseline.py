"""--baseline FILE: record today's findings, later report only new ones."""
from __future__ import annotations

import json
import os
import subprocess
import sys

from helpers import ROOT, SEED_000, SEED_004


def gklint(*args, cwd):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "gklint", *map(str, args)],
                          capture_output=True, text=True, cwd=cwd, env=env)


def make_round(folder, text_000=None):
    folder.mkdir(parents=True)
    (folder / "a.txt").write_text(text_000 or SEED_000.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "b.txt").write_text(SEED_004.read_text(encoding="utf-8"), encoding="utf-8")


def test_write_then_check_reports_nothing_old(tmp_path):
    make_round(tmp_path / "reports")
    plain = json.loads(gklint("check", "reports", "-f", "json", cwd=tmp_path).stdout)
    total = plain["summary"]["findings"]
    assert total >= 7  # the seeds' known defects (seed 004's five blank cells are one finding)
    proc = gklint("check", "reports", "--baseline", "base.json", "--write-baseline", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert f"wrote {total} findings" in proc.stderr
    data = json.loads((tmp_path / "base.json").read_text(encoding="utf-8"))
    assert sorted(data["files"]) == ["reports/a.txt", "reports/b.txt"]
    assert {"GK101", "GK301", "GK307", "GK310"} <= {e["rule"] for e in data["files"]["reports/a.txt"]}
    again = gklint("check", "reports", "--baseline", "base.json", cwd=tmp_path)
    assert again.returncode == 0, again.stdout
    assert f"{total} baselined findings hidden" in again.stderr
    assert "没有发现问题" in again.stdout


def test_only_new_findings_are_reported_even_when_lines_move(tmp_path):
    make_round(tmp_path / "reports")
    gklint("check", "reports", "--baseline", "base.json", "--write-baseline", cwd=tmp_path)
    text = SEED_000.read_text(encoding="utf-8")
    # Ten new lines at the top move every old finding; one new garble is added.
    moved = text.replace("2021年，在市委", "\n" * 10 + "2021年，在市委", 1)
    moved += "\n在政务微博发布信息l2条。\n"
    (tmp_path / "reports" / "a.txt").write_text(moved, encoding="utf-8")
    proc = gklint("check", "reports", "--baseline", "base.json", "-f", "json", cwd=tmp_path)
    assert proc.returncode == 1
    report = json.loads(proc.stdout)
    new = [(f["rule"], f["path"]) for file in report["files"] for f in file["findings"]]
    assert new == [("GK306", "reports/a.txt")]


def test_a_second_identical_garble_is_new(tmp_path):
    make_round(tmp_path / "reports")
    gklint("check", "reports", "--baseline", "base.json", "--write-baseline", cwd=tmp_path)
    text = SEED_000.read_text(encoding="utf-8") + "\n本机关冇专门的收费项目。\n"
    (tmp_path / "reports" / "a.txt").write_text(text, encoding="utf-8")
    proc = gklint("check", "reports", "--baseline", "base.json", "-f", "json", cwd=tmp_path)
    rules = [f["rule"] for file in json.loads(proc.stdout)["files"] for f in file["findings"]]
    assert rules == ["GK301"]


def test_baseline_file_is_stable(tmp_path):
    make_round(tmp_path / "reports")
    gklint("check", "reports", "--baseline", "one.json", "--write-baseline", cwd=tmp_path)
    gklint("check", "reports", "--baseline", "two.json", "--write-baseline", cwd=tmp_path)
    assert (tmp_path / "one.json").read_bytes() == (tmp_path / "two.json").read_bytes()


def test_audit_rounds_match_submissions_by_name(tmp_path):
    make_round(tmp_path / "round1")
    proc = gklint("audit", "round1", "-j", "1", "--baseline", "base.json", "--write-baseline",
                  cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    text = SEED_000.read_text(encoding="utf-8").replace("我县", "XX县", 1)
    make_round(tmp_path / "round2", text)
    proc = gklint("audit", "round2", "-j", "1", "--baseline", "base.json", "-f", "json",
                  cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    rules = {f["path"]: f["rule"] for file in json.loads(proc.stdout)["files"]
             for f in file["findings"]}
    assert rules == {"round2/a.txt": "GK401"}


def test_missing_or_broken_baseline_is_a_usage_error(tmp_path):
    make_round(tmp_path / "reports")
    proc = gklint("check", "reports", "--baseline", "nope.json", cwd=tmp_path)
    assert proc.returncode == 2 and "--write-baseline" in proc.stderr
    (tmp_path / "bad.json").write_text("{\"files\": []}", encoding="utf-8")
    proc = gklint("check", "reports", "--baseline", "bad.json", cwd=tmp_path)
    assert proc.returncode == 2 and "not a gklint baseline" in proc.stderr
    proc = gklint("check", "reports", "--write-baseline", cwd=tmp_path)
    assert proc.returncode == 2 and "--baseline FILE" in proc.stderr
