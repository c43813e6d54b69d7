"""The pre-commit hook, run by the real pre-commit as a user would set it up.

A snapshot of this checkout becomes a hook repository (a fresh git repo, so
the test works the same from a clean CI clone or a working tree with local
changes); a project repository points at it with ``repo:`` + ``rev:`` as in
the README.  pre-commit builds its own virtualenv and pip-installs gklint
from the snapshot (network to PyPI, once per test session: ~30 s).
"""
from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import ROOT, SEED_000, SEED_004, linter

pytestmark = [
    pytest.mark.skipif(importlib.util.find_spec("pre_commit") is None,
                       reason="pre-commit is not installed (pip install pre-commit)"),
    pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed"),
]

# What pip needs to build gklint, and the hook definition.
SNAPSHOT = ["pyproject.toml", "README.md", ".pre-commit-hooks.yaml", "gklint", "rules"]
GIT_ENV = {"GIT_AUTHOR_NAME": "gklint tests", "GIT_AUTHOR_EMAIL": "tests@example.invalid",
           "GIT_COMMITTER_NAME": "gklint tests", "GIT_COMMITTER_EMAIL": "tests@example.invalid",
           "GIT_AUTHOR_DATE": "2024-01-01T00:00:00Z", "GIT_COMMITTER_DATE": "2024-01-01T00:00:00Z",
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}


def git(*args, cwd):
    env = {**os.environ, **GIT_ENV}
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True,
                          capture_output=True, text=True).stdout.strip()


def clean_report() -> str:
    """Seed 004 with its blank cells filled in and a signature added."""
    text = SEED_004.read_text(encoding="utf-8")
    lines = text.split("\n")
    row = next(i for i, line in enumerate(lines) if line.startswith("\t" * 5 + "0\t0"))
    lines[row] = "0\t0\t0\t0\t0\t" + lines[row][5:]
    return "\n".join(lines).rstrip("\n") + "\n\n沁源县人民政府\n2022年1月20日\n"


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory) -> tuple[Path, str]:
    repo = tmp_path_factory.mktemp("hookrepo")
    for name in SNAPSHOT:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, repo / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(src, repo / name)
    git("init", "-q", "-b", "main", cwd=repo)
    git("add", "-A", cwd=repo)
    git("commit", "-q", "-m", "gklint snapshot", cwd=repo)
    return repo, git("rev-parse", "HEAD", cwd=repo)


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


def project(tmp_path: Path, hook_repo, report: str) -> Path:
    repo_path, rev = hook_repo
    (tmp_path / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {repo_path.as_uri()}\n    rev: {rev}\n    hooks:\n      - id: gklint\n",
        encoding="utf-8")
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "2021年度报告.txt").write_text(report, encoding="utf-8")
    (tmp_path / "notes.py").write_text("print('not a report')\n", encoding="utf-8")
    git("init", "-q", "-b", "main", cwd=tmp_path)
    git("add", "-A", cwd=tmp_path)
    return tmp_path


def pre_commit_run(cwd: Path, store: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, **GIT_ENV, "PRE_COMMIT_HOME": str(store), "NO_COLOR": "1"}
    env.pop("PYTHONPATH", None)  # the hook must run the gklint pre-commit installed
    return subprocess.run([sys.executable, "-m", "pre_commit", "run", "--all-files", "--color", "never"],
                          cwd=cwd, env=env, capture_output=True, text=True, timeout=900)


def test_a_bad_report_fails_the_commit_with_the_findings_shown(tmp_path, hook_repo, store):
    root = project(tmp_path, hook_repo, SEED_000.read_text(encoding="utf-8"))
    from makefiles import seed_to_docx

    # A .docx too: the hook's environment must have the readers' extras.
    seed_to_docx(str(root / "reports" / "b.docx"), SEED_004.read_text(encoding="utf-8"))
    git("add", "-A", cwd=root)
    proc = pre_commit_run(root, store)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out
    assert "gklint" in out and "Failed" in out
    assert "reports/2021年度报告.txt" in out
    assert "GK301" in out and "“冇”疑为误识别字符，应为“有”" in out
    assert "GK101" in out
    assert "reports/b.docx" in out and "GK210" in out and "GK906" not in out


def test_a_clean_report_passes(tmp_path, hook_repo, store):
    text = clean_report()
    precondition = linter().check_bytes("clean.txt", text.encode("utf-8"))
    assert not precondition.findings, [(f.rule_id, f.message) for f in precondition.findings]
    proc = pre_commit_run(project(tmp_path, hook_repo, text), store)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out
    assert "Passed" in out


def test_hook_installs_the_readers_extras():
    """additional_dependencies in .pre-commit-hooks.yaml = the extras of gklint[all]."""
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        tomllib = pytest.importorskip("tomli")
    from ruamel.yaml import YAML

    (hook,) = YAML(typ="safe", pure=True).load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "optional-dependencies"]
    readers = sorted(dep for name in extras["all"][0].split("[")[1].rstrip("]").split(",")
                     for dep in extras[name])
    assert sorted(hook["additional_dependencies"]) == readers
    assert hook["entry"] == "gklint check" and hook["language"] == "python"
