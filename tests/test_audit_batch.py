"""An audit of 500 generated submissions - mixed formats, some broken, nested
folders with a symlink loop - completes and counts every file exactly once."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter

from audit_corpus import make_corpus
from helpers import ROOT, csv_rows


def test_audit_of_500_mixed_submissions(tmp_path):
    corpus = make_corpus(tmp_path / "submissions", 500)
    assert len(corpus.files) == 500 and len(corpus.broken) == 20
    out_csv, out_json = tmp_path / "summary.csv", tmp_path / "results.json"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(
        [sys.executable, "-m", "gklint", "audit", "submissions", "--jobs", "2",
         "--csv", str(out_csv), "--html", str(tmp_path / "dashboard.html"),
         "-f", "json", "-o", str(out_json)],
        capture_output=True, text=True, cwd=tmp_path, env=env, timeout=600)
    assert proc.returncode == 1, proc.stderr
    # the 500 reports and notes.json, listed as 不支持的格式 (GK913)
    assert "共 501 个文件：已检查 501 个（其中无法读取或超时 21 个）" in proc.stdout

    with open(out_csv, encoding="utf-8-sig", newline="") as fh:
        rows = {row["path"]: row for row in csv_rows(fh)}
    notes = os.path.join("submissions", "region0", "notes.json")
    assert rows.pop(notes)["status"] == "不支持的格式"
    expected = {os.path.relpath(p, tmp_path) for p in corpus.files}
    assert set(rows) == expected  # every file once: the symlink loop was not followed
    assert Counter(os.path.splitext(p)[1].lstrip(".") for p in rows) == Counter(corpus.formats)

    broken = {os.path.relpath(p, tmp_path) for p in corpus.broken}
    for path, row in rows.items():
        if path in broken:
            assert row["status"] == "无法读取", (path, row)
            assert row["top_rules"].startswith("GK9"), (path, row)
        else:
            assert row["status"] == "已检查", (path, row)
            assert row["year"] == "2021" and row["form_version"] == "2021", (path, row)
            assert int(row["errors"]) + int(row["warnings"]) > 0  # every seed has defects

    data = json.loads(out_json.read_text(encoding="utf-8"))
    assert data["summary"]["files"] == 501
    assert sum(f["unreadable"] for f in data["files"]) == 21
    assert (tmp_path / "dashboard.html").stat().st_size > 100_000
