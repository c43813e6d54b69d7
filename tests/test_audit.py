"""gklint audit: worker processes, per-file time limit, crashing workers,
summary outputs (terminal table, CSV, HTML, JSON, SARIF) and Ctrl-C."""
from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import jsonschema
import pytest

from helpers import ROOT, SARIF_SCHEMA, SEED_000, SEED_004, csv_rows

from gklint.batch.local import SerialExecutor
from gklint.batch.process import ProcessExecutor
from gklint.batch.run import run
from gklint.config import Config

# A plugin whose rule misbehaves on purpose when the report holds a marker:
# hangs, exits the interpreter, is killed by a signal, or is slow (and logs
# each file it starts, so a test can wait for progress without timing).
TRAP_PLUGIN = textwrap.dedent('''
    import os, signal, time
    from gklint import hookimpl
    from gklint import Rule

    class Trap(Rule):
        """What it finds: nothing; it misbehaves for the audit tests."""
        id, name, summary = "GK801", "trap", "test trap"

        def check(self, doc, ctx):
            log = os.environ.get("GK_TRAP_LOG")
            if log:
                with open(log, "a", encoding="utf-8") as fh:
                    fh.write(doc.path + "\\n")
            if "HANG_FOREVER" in doc.text:
                time.sleep(3600)
            if "EXIT_NOW" in doc.text:
                os._exit(3)
            if "KILL_ME" in doc.text:
                os.kill(os.getpid(), signal.SIGKILL)
            if "SLOW_FILE" in doc.text:
                time.sleep(0.3)
            return ()

    @hookimpl
    def gklint_rules(config):
        return [Trap()]
''')


@pytest.fixture
def trap(tmp_path, monkeypatch):
    folder = tmp_path / "plugin"
    folder.mkdir()
    (folder / "gk_trap_plugin.py").write_text(TRAP_PLUGIN, encoding="utf-8")
    monkeypatch.syspath_prepend(str(folder))
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(
        [str(folder), str(ROOT), os.environ.get("PYTHONPATH", "")]))
    return folder


def submissions(folder: Path, markers: dict[str, str]) -> list[str]:
    """One report per name: the seed, with a marker line appended."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, (name, marker) in enumerate(markers.items()):
        seed = SEED_000 if i % 2 == 0 else SEED_004
        path = folder / name
        path.write_text(seed.read_text(encoding="utf-8") + (f"\n{marker}\n" if marker else ""),
                        encoding="utf-8")
        paths.append(str(path))
    return paths


def prints(result) -> set[tuple[str, str]]:
    return {(f.rule_id, f.fingerprint()) for f in result.findings}


def test_process_executor_gives_the_same_results_as_in_process(tmp_path):
    paths = submissions(tmp_path / "in", {f"r{i}.txt": "" for i in range(6)})
    config = Config()
    serial = run(paths, SerialExecutor(config))
    parallel = run(paths, ProcessExecutor(config, jobs=2, timeout=60))
    assert not parallel.interrupted
    assert [r.path for r in parallel.done()] == paths
    for path in paths:
        assert prints(parallel.results[path]) == prints(serial.results[path])
        assert parallel.results[path].meta["year"] == 2021
    assert {"GK301", "GK210"} <= {f.rule_id for r in parallel.done() for f in r.findings}


def test_a_hanging_file_times_out_and_the_batch_goes_on(tmp_path, trap):
    paths = submissions(tmp_path / "in", {"a.txt": "", "hang.txt": "HANG_FOREVER", "b.txt": "",
                                          "c.txt": ""})
    config = Config(plugins=["gk_trap_plugin"])
    batch = run(paths, ProcessExecutor(config, jobs=1, timeout=1.5))
    assert len(batch.done()) == 4
    hung = batch.results[paths[1]]
    assert [f.rule_id for f in hung.findings] == ["GK991"]
    assert hung.meta["status"] == "timeout" and hung.error
    assert "1.5 秒" in hung.findings[0].message
    for path in (paths[0], paths[2], paths[3]):  # checked by a fresh worker after the kill
        result = batch.results[path]
        assert not result.error and result.findings
        assert "GK991" not in {f.rule_id for f in result.findings}


@pytest.mark.parametrize("marker, code", [("EXIT_NOW", "3"), ("KILL_ME", str(-signal.SIGKILL))])
def test_a_dying_worker_becomes_gk990_for_its_file_only(tmp_path, trap, marker, code):
    paths = submissions(tmp_path / "in", {"a.txt": "", "dies.txt": marker, "b.txt": ""})
    batch = run(paths, ProcessExecutor(Config(plugins=["gk_trap_plugin"]), jobs=1, timeout=60))
    dead = batch.results[paths[1]]
    assert [f.rule_id for f in dead.findings] == ["GK990"]
    assert dead.meta["status"] == "crashed"
    assert f"退出码 {code}" in dead.findings[0].message
    for path in (paths[0], paths[2]):
        assert not batch.results[path].error
        assert "GK301" in {f.rule_id for f in batch.results[path].findings} or \
            "GK210" in {f.rule_id for f in batch.results[path].findings}


def test_ignored_failure_rule_still_marks_the_file(tmp_path, trap):
    paths = submissions(tmp_path / "in", {"dies.txt": "EXIT_NOW"})
    config = Config(plugins=["gk_trap_plugin"], ignore=["GK990"])
    batch = run(paths, ProcessExecutor(config, jobs=1, timeout=60))
    assert batch.results[paths[0]].findings == []
    assert batch.results[paths[0]].meta["status"] == "crashed"


def audit(*args, cwd=ROOT, env=None):
    return subprocess.run([sys.executable, "-m", "gklint", "audit", *map(str, args)],
                          capture_output=True, text=True, cwd=cwd, env=env)


def test_cli_audit_summary_csv_html_json_and_sarif(tmp_path):
    folder = tmp_path / "submissions"
    submissions(folder / "县甲", {"000.txt": ""})
    submissions(folder / "县乙", {"x.txt": "", "004.md": ""})
    (folder / "县乙" / "empty.txt").write_bytes(b"")
    (folder / "readme.json").write_text("{}", encoding="utf-8")  # not a report: listed as such
    out_csv, out_html, out_sarif = tmp_path / "s.csv", tmp_path / "d.html", tmp_path / "r.sarif"
    proc = audit(folder, "--jobs", "2", "--csv", out_csv, "--html", out_html,
                 "-f", "sarif", "-o", out_sarif)
    assert proc.returncode == 1, proc.stderr
    # The terminal table lists each submission with format, year and version.
    table = proc.stdout
    for name in ("县甲/000.txt", "县乙/x.txt", "县乙/004.md", "县乙/empty.txt"):
        assert name in table
    assert "年度报告检查汇总" in table and "2021" in table and "无法读取" in table
    assert "共 5 个文件" in table and "不支持的格式" in table
    with open(out_csv, encoding="utf-8-sig", newline="") as fh:
        rows = {Path(r["path"]).name: r for r in csv_rows(fh)}
    assert set(rows) == {"000.txt", "x.txt", "004.md", "empty.txt", "readme.json"}
    assert rows["readme.json"]["status"] == "不支持的格式"
    assert rows["000.txt"]["status"] == "已检查" and rows["000.txt"]["year"] == "2021"
    assert rows["000.txt"]["form_version"] == "2021" and int(rows["000.txt"]["errors"]) >= 3
    assert "GK301" in rows["000.txt"]["top_rules"]
    assert rows["004.md"]["format"] == "md" and "GK210" in rows["004.md"]["top_rules"]
    assert rows["empty.txt"]["status"] == "无法读取"
    page = out_html.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "<script src" not in page and "<link" not in page  # self-contained
    assert "现行冇效件数" in page  # the excerpt travels in the embedded data
    log = json.loads(out_sarif.read_text(encoding="utf-8"))
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    errors = list(jsonschema.Draft7Validator(schema).iter_errors(log))
    assert not errors, [e.message for e in errors[:3]]
    uris = {loc["physicalLocation"]["artifactLocation"]["uri"]
            for r in log["runs"][0]["results"] for loc in r["locations"]}
    assert any(u.endswith("000.txt") for u in uris)


def test_cli_audit_json_to_stdout_keeps_stdout_clean(tmp_path):
    folder = tmp_path / "in"
    submissions(folder, {"a.txt": "", "b.txt": ""})
    proc = audit(folder, "-j", "1", "-f", "json")
    data = json.loads(proc.stdout)
    assert data["summary"]["files"] == 2
    assert "年度报告检查汇总" in proc.stderr


def test_progress_bar_reports_files_and_findings(tmp_path):
    folder = tmp_path / "in"
    submissions(folder, {"a.txt": "", "b.txt": ""})
    proc = audit(folder, "-j", "1", "--progress")
    assert proc.returncode == 1
    assert "2/2" in proc.stderr and "发现" in proc.stderr


def test_audit_of_a_missing_folder_is_a_usage_error(tmp_path):
    proc = audit(tmp_path / "nope")
    assert proc.returncode == 2 and "no such file" in proc.stderr


def test_ctrl_c_keeps_what_is_done_and_writes_the_partial_summary(tmp_path, trap):
    folder = tmp_path / "in"
    names = {f"r{i:02d}.txt": "SLOW_FILE" for i in range(30)}
    submissions(folder, names)
    log = tmp_path / "started.log"
    env = {**os.environ, "GK_TRAP_LOG": str(log)}
    out_csv, out_html = tmp_path / "partial.csv", tmp_path / "partial.html"
    proc = subprocess.Popen(
        [sys.executable, "-m", "gklint", "audit", str(folder), "-j", "1", "--plugin",
         "gk_trap_plugin", "--csv", str(out_csv), "--html", str(out_html)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT, env=env)
    try:
        deadline = time.monotonic() + 60
        while (not log.exists() or len(log.read_text().splitlines()) < 3) and proc.poll() is None:
            assert time.monotonic() < deadline, "the audit never started checking files"
            time.sleep(0.05)
        proc.send_signal(signal.SIGINT)
        stdout, stderr = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130, stderr
    assert "Traceback" not in stderr
    assert "已中断" in stdout
    with open(out_csv, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv_rows(fh))
    assert len(rows) == 30  # every file is counted, checked or not
    statuses = [r["status"] for r in rows]
    assert statuses.count("已检查") >= 2
    assert statuses.count("未检查（已中断）") >= 1
    assert statuses.count("已检查") + statuses.count("未检查（已中断）") == 30
    assert '"interrupted":true' in out_html.read_text(encoding="utf-8")


def test_symlink_loops_are_not_followed(tmp_path):
    folder = tmp_path / "in"
    submissions(folder / "a", {"r.txt": ""})
    try:
        os.symlink("..", folder / "a" / "loop")
    except OSError:
        pytest.skip("no symlinks here")
    proc = audit(folder, "-j", "1", "--csv", tmp_path / "s.csv")
    assert proc.returncode == 1, proc.stderr
    with open(tmp_path / "s.csv", encoding="utf-8-sig", newline="") as fh:
        assert len(list(csv.DictReader(fh))) == 1


@pytest.fixture(autouse=True)
def _no_stray_workers():
    yield
    # Every executor closes its workers; a leak would show here as live children.
    import multiprocessing

    for child in multiprocessing.active_children():
        if child.name == "gklint-worker":
            child.kill()
            pytest.fail("a gklint worker process was left running")


def test_a_large_batch_lists_the_submissions_needing_attention_first(tmp_path, capsys):
    """Past --rows submissions the terminal table lists the worst ones (the
    unreadable first, then by errors) and says where the rest are."""
    from gklint.cli import main

    folder = tmp_path / "in"
    folder.mkdir()
    clean = SEED_004.read_text(encoding="utf-8")
    for n in range(12):
        (folder / f"ok{n:02d}.txt").write_text(clean, encoding="utf-8")
    (folder / "bad.txt").write_text(SEED_000.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    main(["audit", str(folder), "--executor", "serial", "--no-progress", "--rows", "3"])
    out = capsys.readouterr().out
    assert "empty.txt" in out and "bad.txt" in out
    assert sum(f"ok{n:02d}.txt" in out for n in range(12)) == 1
    assert "另有 11 份报告未在此列出" in out and "共 14 个文件" in out
    main(["audit", str(folder), "--executor", "serial", "--no-progress", "--rows", "0"])
    out = capsys.readouterr().out
    assert all(f"ok{n:02d}.txt" in out for n in range(12)) and "未在此列出" not in out


def test_json_output_reuses_the_journal_only_where_it_is_current(tmp_path, monkeypatch):
    """The JSON output takes each file's entry from the journal written during
    the run, except where results changed afterwards: a baseline removed
    findings, or the cross-year rule added one.  Same output either way."""
    from gklint.batch.run import Journal
    from gklint.cli import main

    reused, real_encoded = [], Journal.encoded

    def counting(self, stale):
        read = real_encoded(self, stale)
        return lambda path: reused.append(read(path)) or reused[-1]

    monkeypatch.setattr(Journal, "encoded", counting)

    folder = tmp_path / "in"
    folder.mkdir()
    for name, seed in (("a.txt", SEED_000), ("b.txt", SEED_004)):
        (folder / name).write_text(seed.read_text(encoding="utf-8"), encoding="utf-8")
    base = tmp_path / "baseline.json"
    out_plain, out_base = tmp_path / "plain.json", tmp_path / "base.json"
    main(["audit", str(folder), "--executor", "serial", "--no-progress", "-f", "json",
          "-o", str(out_plain)])
    main(["audit", str(folder), "--executor", "serial", "--no-progress", "--write-baseline",
          "--baseline", str(base)])
    main(["audit", str(folder), "--executor", "serial", "--no-progress", "-f", "json",
          "-o", str(out_base), "--baseline", str(base)])
    plain = json.loads(out_plain.read_text(encoding="utf-8"))
    with_base = json.loads(out_base.read_text(encoding="utf-8"))
    assert any(f["findings"] for f in plain["files"])
    assert all(not f["findings"] for f in with_base["files"])  # nothing new since the baseline
    # The plain run took both files from the journal; the baseline run, whose
    # results changed after the journal was written, took none.
    assert len(reused) == 2 and all(x is not None for x in reused)
    # Encoding every file afresh gives the same bytes as reusing the journal.
    monkeypatch.setattr(Journal, "encoded", lambda self, stale: (lambda path: None))
    for out, extra in ((out_plain, []), (out_base, ["--baseline", str(base)])):
        fresh = tmp_path / f"fresh-{out.name}"
        main(["audit", str(folder), "--executor", "serial", "--no-progress", "-f", "json",
              "-o", str(fresh), *extra])
        assert fresh.read_text(encoding="utf-8") == out.read_text(encoding="utf-8")
