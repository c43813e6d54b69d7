"""The README stays true: every shell block meant to run is run, in a folder
holding the files it names (reports/, report.txt, submissions/), with the
gklint of this checkout.  Blocks preceded by ``<!-- readme: … -->`` are not
run here and say why (installs, run by .ci/run; a Dask cluster)."""
from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import sys

import pytest

from helpers import ROOT, SEED_000, SEED_004

README = (ROOT / "README.md").read_text(encoding="utf-8")
_BLOCK = re.compile(r"(?:(<!-- readme: [^>]*-->)\n)?```(\w*)\n(.*?)```", re.DOTALL)


def blocks(language: str):
    return [(m.group(1), m.group(3)) for m in _BLOCK.finditer(README) if m.group(2) == language]


def commands(block: str) -> list[str]:
    out = []
    for line in block.splitlines():
        line = re.sub(r"\s{2,}#.*$", "", line).strip()  # trailing comments
        if line and not line.startswith("#"):
            out.append(line)
    return out


RUN = [cmd for marker, block in blocks("sh") if marker is None for cmd in commands(block)]


def test_the_readme_has_blocks_to_run_and_marks_the_others():
    assert len(RUN) >= 10
    skipped = [marker for marker, _ in blocks("sh") if marker]
    assert skipped and all("(" in m for m in skipped), "a skipped block must say why"


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory):
    home = tmp_path_factory.mktemp("readme")
    for folder in ("reports", "submissions"):
        (home / folder).mkdir()
        shutil.copy(SEED_000, home / folder / "000.txt")
        shutil.copy(SEED_004, home / folder / "004.txt")
    shutil.copy(SEED_000, home / "report.txt")
    bin_dir = home / "bin"
    bin_dir.mkdir()
    shim = bin_dir / "gklint"  # the gklint of this checkout, installed or not
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m gklint "$@"\n', encoding="utf-8")
    shim.chmod(shim.stat().st_mode | stat.S_IEXEC)
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
           "PYTHONPATH": str(ROOT)}
    return home, env


@pytest.mark.parametrize("command", RUN)
def test_readme_command_runs(command, sandbox):
    home, env = sandbox
    proc = subprocess.run(["bash", "-c", command], cwd=home, env=env, capture_output=True,
                          text=True, timeout=600)
    # 0 or 1 (findings in the real reports); 2 would be a usage or configuration error
    assert proc.returncode in (0, 1), (command, proc.stdout[-2000:], proc.stderr[-2000:])
    assert "Traceback" not in proc.stderr


def test_ci_snippet_installs_from_the_repository():
    from packaging.requirements import Requirement

    (workflow,) = [b for _, b in blocks("yaml") if "upload-sarif" in b]
    installs = re.findall(r"pip install '([^']+)'", workflow)
    assert installs, "the CI snippet must install gklint"
    for spec in installs:
        req = Requirement(spec)
        assert req.name == "gklint" and "all" in req.extras
        assert req.url and req.url.startswith("git+"), "gklint is not on PyPI"
