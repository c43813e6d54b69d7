"""The command line: exit codes, selection, formats, config, rules, explain."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import ROOT, SEED_000, SEED_004, assert_read, seed_text


def gklint(*args, cwd=ROOT, env=None):
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "gklint", *map(str, args)], capture_output=True,
                          text=True, cwd=cwd, env=full_env)


def test_exit_codes(tmp_path):
    assert gklint("check", SEED_000).returncode == 1
    clean = tmp_path / "clean.txt"
    text = seed_text(SEED_004).replace("→", "")
    lines = text.split("\n")
    lines[76] = "\t".join(["0"] * 15)  # fill the blank 行政复议 cells
    clean.write_text("\n".join(lines), encoding="utf-8")
    proc = gklint("check", clean, "--select", "GK1,GK2,GK3,GK4")
    assert proc.returncode == 0, proc.stdout
    assert "没有发现问题" in proc.stdout
    assert gklint("check", tmp_path / "nope.txt").returncode == 2
    assert gklint("check", SEED_000, "--format", "nope").returncode == 2
    assert gklint().returncode == 2


def test_fail_on_and_select_ignore():
    assert gklint("check", SEED_004, "--fail-on", "error", "--select", "GK2").returncode == 0
    assert gklint("check", SEED_004, "--fail-on", "warning", "--select", "GK2").returncode == 1
    out = json.loads(gklint("check", SEED_000, "-f", "json", "--ignore", "GK3").stdout)
    rules = {f["rule"] for f in out["files"][0]["findings"]}
    assert rules and not any(r.startswith("GK3") for r in rules)


def test_json_output_and_folder_recursion(tmp_path):
    sub = tmp_path / "a" / "b"
    sub.mkdir(parents=True)
    (sub / "r1.txt").write_text(seed_text(SEED_000), encoding="utf-8")
    (tmp_path / "r2.md").write_text(seed_text(SEED_004), encoding="utf-8")
    (tmp_path / "notes.csv").write_text("x", encoding="utf-8")
    proc = gklint("check", tmp_path, "-f", "json")
    data = json.loads(proc.stdout)
    paths = [os.path.relpath(f["path"], tmp_path) for f in data["files"]]
    # stable walk order; a file gklint does not read is listed, not skipped
    assert paths == ["notes.csv", "r2.md", os.path.join("a", "b", "r1.txt")]
    assert [f["rule"] for f in data["files"][0]["findings"]] == ["GK913"]
    assert data["files"][1]["findings"][0]["location"]["line"] >= 1


def test_terminal_has_no_colour_when_piped_and_shows_the_line():
    proc = gklint("check", SEED_000)
    assert "\x1b[" not in proc.stdout
    assert "15:4" in proc.stdout and "现行冇效件数" in proc.stdout and "GK301" in proc.stdout
    assert "检查了 1 个文件" in proc.stdout
    coloured = gklint("check", SEED_000, "--color")
    assert "\x1b[" in coloured.stdout


def test_output_file_is_written(tmp_path):
    out = tmp_path / "r.sarif"
    proc = gklint("check", SEED_000, "-f", "sarif", "-o", out)
    assert proc.returncode == 1
    assert json.loads(out.read_text(encoding="utf-8"))["version"] == "2.1.0"
    assert "检查了 1 个文件" in proc.stdout


def test_rules_and_explain():
    listing = gklint("rules")
    assert listing.returncode == 0
    for rule_id in ("GK101", "GK201", "GK301", "GK401", "GK904"):
        assert rule_id in listing.stdout
    explain = gklint("explain", "gk301")
    assert explain.returncode == 0
    assert "What it finds" in explain.stdout and "Fix" in explain.stdout
    assert gklint("explain", "GK999").returncode == 2


def test_config_from_pyproject_and_unknown_keys(tmp_path):
    (tmp_path / "r.txt").write_text(seed_text(SEED_000), encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text('[tool.gklint]\nignore = ["GK3", "GK1"]\n', encoding="utf-8")
    data = json.loads(gklint("check", "r.txt", "-f", "json", cwd=tmp_path).stdout)
    assert assert_read(data["files"][0], whole=False)["findings"] == []
    assert data["files"][0]["meta"]["tables"]  # read, its tables found: GK1 and GK3 ignored
    (tmp_path / ".gklint.yaml").write_text("ignore: [GK3]\nselct: [GK1]\n", encoding="utf-8")
    proc = gklint("check", "r.txt", cwd=tmp_path)
    assert proc.returncode == 2 and "selct" in proc.stderr


def test_module_and_console_script_agree():
    # pip installs the console script beside the interpreter running the tests
    # (the README's install and .ci/run both do): its absence is a failure.
    exe = Path(sys.executable).with_name("gklint")
    assert exe.is_file(), f"no console script at {exe}: install with pip install -e '.[test]'"
    a = subprocess.run([exe, "check", str(SEED_000), "-f", "json"], capture_output=True, text=True)
    b = gklint("check", SEED_000, "-f", "json")
    assert json.loads(a.stdout)["files"][0]["findings"] == json.loads(b.stdout)["files"][0]["findings"]


def test_terminal_output_never_passes_control_characters_through(tmp_path, capsys):
    from gklint.cli import main

    """An ESC sequence in a submitted report must not reach the inspector's
    terminal (it could recolour, retitle or move the cursor)."""
    report = tmp_path / "r.txt"
    report.write_text("XX县\x1b]0;pwned\x07冇效\x1b[2J\n", encoding="utf-8")
    for color in ("--color", "--no-color"):
        main(["check", str(report), color])
        out = capsys.readouterr().out
        assert "pwned" in out and "\x07" not in out and "\x1b]" not in out and "\x1b[2J" not in out
        assert "GK401" in out and "GK301" in out


def test_a_closed_pipe_ends_the_run_quietly(tmp_path):
    """gklint check … | head: no BrokenPipeError traceback."""
    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(30):
        (folder / f"r{n}.txt").write_text(seed_text(SEED_000), encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "gklint", "check", str(folder)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.readline()
    proc.stdout.close()  # like head after one line
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 1
    assert "Traceback" not in err and "BrokenPipe" not in err, err


@pytest.mark.parametrize("toml", [
    '[tool.gklint]\nignore = ["GK3"]\n',
    'tool.gklint.ignore = ["GK3"]\n',
    '[tool."gklint"]\nignore = ["GK3"]\n',
    '[tool]\ngklint = { ignore = ["GK3"] }\n',
])
def test_every_way_of_writing_the_gklint_table_is_read(tmp_path, toml):
    from gklint.config import find_config

    (tmp_path / "pyproject.toml").write_text(toml + '[project]\nname = "x"\n', encoding="utf-8")
    assert find_config(str(tmp_path)).ignore == ["GK3"]


def test_a_pyproject_without_a_gklint_table_is_not_parsed(tmp_path, monkeypatch):
    """Only mentions gklint (a script entry): the TOML parser is not even run."""
    from gklint.config import find_config

    (tmp_path / "pyproject.toml").write_text('[project.scripts]\ngklint = "gklint.cli:main"\n'
                                             "this is = not [valid toml\n", encoding="utf-8")
    assert find_config(str(tmp_path)).ignore == []
