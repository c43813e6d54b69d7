"""One precedence for every registry: a plugin's reader, formatter or
executor named like one of gklint's own replaces it, and a new name joins
the built-in ones."""
from __future__ import annotations

import json
import sys

import pytest

from gklint.cli import main
from gklint.engine import Linter

from helpers import SEED_000, importable_plugin, seed_text

PLUGIN = '''
from gklint import Document, Reader, hookimpl
from gklint.batch.local import SerialExecutor


def _read(path, data, options):
    return Document(path, "txt", "插件读到的文本", [])


@hookimpl
def gklint_readers():
    return [Reader("plugin-text", (".txt",), _read)]


def json_like(results, stream, options):
    stream.write("plugin json: %d files\\n" % len(results))


@hookimpl
def gklint_formatters():
    return {"json": json_like, "plugin-only": json_like}


STARTED = []


class CountingSerial(SerialExecutor):
    """The built-in serial executor, counting the files it is given."""

    def submit(self, path):
        STARTED.append(path)
        super().submit(path)


def loud(config, **options):
    print("plugin executor used")
    return CountingSerial(config, **options)


@hookimpl
def gklint_executors():
    return {"serial": loud, "plugin-serial": loud}
'''


@pytest.fixture
def plugin(tmp_path, monkeypatch):
    yield from importable_plugin(tmp_path, monkeypatch, "gk_registry_plugin", PLUGIN)


@pytest.fixture
def report(tmp_path):
    path = tmp_path / "reports" / "000.txt"
    path.parent.mkdir()
    path.write_text(seed_text(SEED_000), encoding="utf-8")
    return path


def test_a_plugin_reader_wins_over_the_builtin_one(plugin, report):
    linter = Linter(plugins=[plugin])
    assert linter.readers[".txt"].name == "plugin-text"
    # The whole report reads as the plugin's one line, which is no report (GK602).
    assert {f.rule_id for f in linter.check_file(str(report)).findings} == {"GK602"}
    assert "GK602" not in {f.rule_id for f in Linter().check_file(str(report)).findings}


def test_a_plugin_formatter_wins_over_the_builtin_one(plugin, report, capsys):
    main(["check", str(report), "--plugin", plugin, "-f", "json"])
    assert capsys.readouterr().out == "plugin json: 1 files\n"
    main(["check", str(report), "--plugin", plugin, "-f", "plugin-only"])
    assert capsys.readouterr().out == "plugin json: 1 files\n"
    main(["check", str(report), "-f", "json"])  # without the plugin: gklint's JSON
    assert json.loads(capsys.readouterr().out)["files"]


def test_a_plugin_executor_wins_over_the_builtin_one(plugin, report, capsys):
    folder = str(report.parent)
    for name in ("serial", "plugin-serial"):
        code = main(["audit", folder, "--plugin", plugin, "--executor", name, "--no-progress",
                     "-f", "sarif"])  # (the plugin's json formatter says little)
        out = capsys.readouterr().out
        assert out.startswith("plugin executor used\n") and code == 1, out
        assert json.loads(out.split("\n", 1)[1])["runs"][0]["results"]
    assert sys.modules[plugin].STARTED == [str(report)] * 2


def test_an_unknown_executor_names_the_registry(plugin, report, capsys):
    code = main(["audit", str(report.parent), "--plugin", plugin, "--executor", "nope",
                 "--no-progress"])
    err = capsys.readouterr().err
    assert code == 2
    assert "unknown executor 'nope' (known: dask, plugin-serial, process, serial)" in err
