"""The Dask executor: the same audit on a distributed.LocalCluster (loopback),
including when a worker dies mid-run."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

pytest.importorskip("distributed", reason="Dask distributed (gklint[dask]) is not installed")

from helpers import SEED_000, SEED_004  # noqa: E402

from gklint.batch.run import Batch, run  # noqa: E402
from gklint.cli import main  # noqa: E402
from gklint.config import Config  # noqa: E402
from gklint.batch.dask_executor import DaskExecutor  # noqa: E402

# A plugin whose rule kills the worker process checking a report that asks for
# it: once per flag file (the retry then succeeds), or every time.
_KILLER = '''
import os

from gklint import hookimpl
from gklint.findings import Severity
from gklint import Rule


class Killer(Rule):
    """What it finds: nothing; it kills its worker on reports that ask."""
    id, name, severity, summary = "GK802", "killer", Severity.INFO, "测试"

    def check(self, doc, ctx):
        if "KILL-ALWAYS" in doc.text:
            os._exit(9)
        if "KILL-ONCE" in doc.text:
            flag = os.environ["GKLINT_TEST_KILLED"]
            if not os.path.exists(flag):
                open(flag, "w").close()
                os._exit(9)
        return []


@hookimpl
def gklint_rules(config):
    return [Killer()]
'''


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "reports"
    for n in range(12):
        seed = (SEED_000, SEED_004)[n % 2]
        path = folder / f"body{n % 3}" / f"{2020 + n // 6}_{n}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        text = seed.read_text(encoding="utf-8")
        path.write_text(text.replace("有效", "冇效", n % 3), encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    return folder


def _summary(path: Path) -> dict:
    data = json.loads(path.read_text(encoding="utf-8"))
    return {f["path"]: sorted((x["rule"], json.dumps(x["location"], sort_keys=True), x["message"])
                              for x in f["findings"]) for f in data["files"]}


def _audit(folder: Path, out: Path, *extra: str) -> int:
    return main(["audit", str(folder), "--no-progress", "--jobs", "2", "-f", "json",
                 "-o", str(out), *extra])


def test_dask_and_local_audits_give_the_same_findings(corpus, tmp_path):
    local, dask = tmp_path / "local.json", tmp_path / "dask.json"
    assert _audit(corpus, local) == 1
    assert _audit(corpus, dask, "--executor", "dask") == 1
    assert _summary(dask) == _summary(local)
    # the comparison covers locations: most findings carry a line, or a cell
    locations = [json.loads(x[1]) for f in _summary(local).values() for x in f]
    assert sum("line" in loc or "table" in loc for loc in locations) > len(locations) // 2
    assert len(_summary(dask)) == 13
    assert any(rules for rules in _summary(dask).values())


def test_a_worker_killed_mid_run_costs_nothing_after_one_retry(corpus, tmp_path, monkeypatch):
    """One report kills its worker once: retried on another worker, it gives
    the same findings as the local run.  Another kills every worker that
    takes it: after one retry it is reported (GK990), and every other file
    is still checked."""
    plugins = tmp_path / "plugins"
    plugins.mkdir()
    (plugins / "gk_test_killer.py").write_text(_KILLER, encoding="utf-8")
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(
        filter(None, [str(plugins), os.environ.get("PYTHONPATH")])))
    monkeypatch.syspath_prepend(str(plugins))
    monkeypatch.setenv("GKLINT_TEST_KILLED", str(tmp_path / "killed-once"))
    once = corpus / "body0" / "2020_0.txt"
    once.write_text(once.read_text(encoding="utf-8") + "\nKILL-ONCE\n", encoding="utf-8")
    always = corpus / "always.txt"
    always.write_text(SEED_004.read_text(encoding="utf-8") + "\nKILL-ALWAYS\n", encoding="utf-8")

    config = Config(plugins=["gk_test_killer"])
    paths = sorted(str(p) for p in corpus.rglob("*.txt"))
    batch: Batch = run(paths, DaskExecutor(config, jobs=2, timeout=60))
    assert (tmp_path / "killed-once").exists(), "the worker was never killed"
    assert sorted(batch.results) == paths  # every file accounted for
    assert [f.rule_id for f in batch.results[str(always)].findings] == ["GK990"]
    assert batch.results[str(always)].error

    from gklint.engine import Linter

    local = Linter(Config())
    for path in paths:
        if path != str(always):
            expected = [f.to_dict() for f in local.check_file(path).findings]
            assert [f.to_dict() for f in batch.results[path].findings] == expected, path


def test_an_unreachable_scheduler_is_a_clear_error(corpus, tmp_path, capsys):
    code = _audit(corpus, tmp_path / "x.json", "--executor", "dask",
                  "--scheduler", "tcp://127.0.0.1:9")
    assert code == 2
    assert "Dask scheduler" in capsys.readouterr().err


def test_scheduler_needs_the_dask_executor(corpus, tmp_path, capsys):
    assert _audit(corpus, tmp_path / "x.json", "--scheduler", "tcp://127.0.0.1:9") == 2
    assert "--executor dask" in capsys.readouterr().err
