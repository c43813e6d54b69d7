"""Nothing is lost: an audit stopped half-way leaves what it finished
readable, and ``--fix`` never overwrites a file that changed after it was read.

The audit runs in a subprocess over five reports with one worker; a test
plugin makes the third report hang (it writes a flag file, then sleeps), so
the audit is stopped at a known point: two reports done, three not.
"""
from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT, SEEDS
from gklint.cli import main

SEED_000 = next(p for p in SEEDS if p.name.startswith("000_"))
SEED_004 = next(p for p in SEEDS if p.name.startswith("004_"))

_SLOW_PLUGIN = '''
import os
import time

from gklint import hookimpl
from gklint.findings import Severity
from gklint import Rule


class Hang(Rule):
    """What it finds: nothing; it hangs on the report that asks for it."""
    id, name, severity, summary = "GK801", "hang", Severity.INFO, "测试"

    def check(self, doc, ctx):
        if "HANG-HERE" in doc.text:
            open(os.environ["GKLINT_TEST_FLAG"], "w").close()
            time.sleep(300)
        return []


@hookimpl
def gklint_rules(config):
    return [Hang()]
'''


@pytest.fixture
def stuck_audit(tmp_path):
    """Start the audit; return (process, outputs) once the third report hangs."""
    plugins = tmp_path / "plugins"
    plugins.mkdir()
    (plugins / "gk_test_hang.py").write_text(_SLOW_PLUGIN, encoding="utf-8")
    folder = tmp_path / "reports"
    folder.mkdir()
    text = SEED_004.read_text(encoding="utf-8")
    for name in ("a.txt", "b.txt", "c_hangs.txt", "d.txt", "e.txt"):
        body = text + ("\nHANG-HERE\n" if "hangs" in name else "")
        (folder / name).write_text(body, encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    flag = tmp_path / "hanging"
    env = {**os.environ, "GKLINT_TEST_FLAG": str(flag),
           "PYTHONPATH": os.pathsep.join(filter(None, [str(plugins), os.environ.get("PYTHONPATH")]))}
    outputs = {"json": out / "audit.json", "csv": out / "audit.csv", "html": out / "audit.html"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "gklint", "audit", str(folder), "--jobs", "1", "--timeout", "600",
         "--no-progress", "--plugin", "gk_test_hang", "-f", "json", "-o", str(outputs["json"]),
         "--csv", str(outputs["csv"]), "--html", str(outputs["html"])],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True)
    try:
        for _ in range(1200):  # the worker starts, checks a and b, then hangs on c
            if flag.exists() or proc.poll() is not None:
                break
            time.sleep(0.1)
        assert flag.exists(), proc.communicate(timeout=10)
        yield proc, outputs
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)  # the audit's whole session: its workers too
        except ProcessLookupError:
            pass
        proc.wait(timeout=30)


def _done(outputs: dict) -> dict:
    data = json.loads(outputs["json"].read_text(encoding="utf-8"))
    return {Path(f["path"]).name: f for f in data["files"]}


def _assert_first_two_done(by_name: dict) -> None:
    assert sorted(by_name) == ["a.txt", "b.txt"], sorted(by_name)
    for entry in by_name.values():
        assert "GK210" in {f["rule"] for f in entry["findings"]}


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_an_interrupted_audit_writes_what_it_finished(stuck_audit, sig):
    """Ctrl-C, or kill: exit 130, and every requested output holds the two
    finished reports and says which were not checked."""
    proc, outputs = stuck_audit
    os.kill(proc.pid, sig)
    stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr
    _assert_first_two_done(_done(outputs))
    with open(outputs["csv"], encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    names = [Path(row[0]).name for row in rows[1:]]
    assert names == ["a.txt", "b.txt", "c_hangs.txt", "d.txt", "e.txt"]
    assert "已中断" in stdout + stderr
    assert outputs["html"].stat().st_size > 0
    assert not list(outputs["json"].parent.glob("*.tmp*")), "no half-written output left"


def test_an_audit_killed_outright_leaves_its_finished_results_readable(stuck_audit):
    """SIGKILL: no handler runs, so the finished reports must already be on
    disk: one JSON line per report in <output>.partial.jsonl."""
    proc, outputs = stuck_audit
    partial = outputs["json"].with_name(outputs["json"].name + ".partial.jsonl")
    for _ in range(100):  # b's line may still be on its way from the worker
        if partial.exists() and partial.read_text(encoding="utf-8").count("\n") >= 2:
            break
        time.sleep(0.1)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    lines = partial.read_text(encoding="utf-8").splitlines()
    _assert_first_two_done({Path(e["path"]).name: e for e in map(json.loads, lines)})
    assert not outputs["json"].exists() or _done(outputs)  # never a half-written file


def test_a_finished_audit_leaves_no_partial_file(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "a.txt").write_bytes(SEED_004.read_bytes())
    out = tmp_path / "audit.json"
    assert main(["audit", str(folder), "--executor", "serial", "--no-progress",
                 "-f", "json", "-o", str(out)]) == 1
    assert json.loads(out.read_text(encoding="utf-8"))["files"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["audit.json", "reports"]


# -- --fix and a file that changes meanwhile --------------------------------------------

def test_fix_refuses_a_file_that_changed_after_it_was_read(tmp_path, monkeypatch, capsys):
    """The author saves the report while gklint works on it: that file is not
    written and gklint says why; the other file of the run is fixed."""
    from gklint import fixes

    garbled = SEED_000.read_text(encoding="utf-8")
    (tmp_path / "a.txt").write_text(garbled, encoding="utf-8")
    (tmp_path / "b.txt").write_text(garbled, encoding="utf-8")
    saved = garbled + "\n作者刚刚补充的一段文字。\n"
    real_plan = fixes.plan

    def plan_then_author_saves(path, data, *args, **kwargs):
        planned = real_plan(path, data, *args, **kwargs)
        if path.endswith("a.txt"):
            time.sleep(0.01)  # a different modification time as well as new bytes
            (tmp_path / "a.txt").write_text(saved, encoding="utf-8")
        return planned

    monkeypatch.setattr(fixes, "plan", plan_then_author_saves)
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--fix", "a.txt", "b.txt"]) == 1
    err = capsys.readouterr().err
    assert "a.txt" in err and "被修改过" in err, err
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == saved
    assert "冇" not in (tmp_path / "b.txt").read_text(encoding="utf-8")


def test_fix_refuses_a_same_size_rewrite_in_the_same_instant(tmp_path, monkeypatch, capsys):
    """Same length, same modification time, different bytes: still refused,
    because the bytes on disk are compared, not only size and time."""
    from gklint import fixes

    garbled = SEED_000.read_text(encoding="utf-8")
    path = tmp_path / "a.txt"
    path.write_text(garbled, encoding="utf-8")
    swapped = garbled.replace("一、总体情况", "一、总體情况", 1)
    assert len(swapped.encode("utf-8")) == len(garbled.encode("utf-8"))
    real_plan = fixes.plan

    def plan_then_swap(p, data, *args, **kwargs):
        planned = real_plan(p, data, *args, **kwargs)
        st = os.stat(path)
        path.write_text(swapped, encoding="utf-8")
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
        return planned

    monkeypatch.setattr(fixes, "plan", plan_then_swap)
    monkeypatch.chdir(tmp_path)
    main(["check", "--fix", "a.txt"])
    assert "被修改过" in capsys.readouterr().err
    assert path.read_text(encoding="utf-8") == swapped
