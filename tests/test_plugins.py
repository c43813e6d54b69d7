"""Plugins through pluggy: extra rules, a rule that raises, a plugin that fails."""
from __future__ import annotations

import sys
import textwrap

import pytest

from gklint.config import Config
from gklint.engine import Linter

from helpers import SEED_000, SEED_004, importable_plugin, seed_text

PLUGIN = '''
from gklint import hookimpl
from gklint.findings import Severity
from gklint.model import Span
from gklint import Rule


class Traditional(Rule):
    """What it finds: 會 in simplified text."""
    id, name, severity, summary = "GK801", "traditional-hui", Severity.WARNING, "繁体字"

    def check(self, doc, ctx):
        i = doc.text.find("冇")
        if i >= 0:
            yield self.finding(doc, "插件：发现“冇”", span=Span(i, i + 1))


class Exploding(Rule):
    """What it finds: nothing; it raises on reports that mention 阎村镇."""
    id, name, severity, summary = "GK802", "exploding", Severity.ERROR, "会出错的规则"

    def check(self, doc, ctx):
        if "阎村镇" in doc.text:
            raise RuntimeError("boom")
        return []


@hookimpl
def gklint_rules(config):
    return [Traditional(), Exploding()]
'''


@pytest.fixture
def plugin_module(tmp_path, monkeypatch):
    (tmp_path / "gk_test_plugin.py").write_text(PLUGIN, encoding="utf-8")
    (tmp_path / "gk_broken_plugin.py").write_text("raise ImportError('broken on purpose')\n",
                                                  encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    yield "gk_test_plugin"
    for name in ("gk_test_plugin", "gk_broken_plugin"):
        sys.modules.pop(name, None)


def test_plugin_rules_run_and_a_raising_rule_is_reported(plugin_module):
    linter = Linter(Config(plugins=[plugin_module]))
    assert "GK801" in linter.all_rules and linter.all_rules["GK801"].doc.startswith("What it finds")
    r000 = linter.check_bytes("000.txt", seed_text(SEED_000).encode())
    assert "GK801" in [f.rule_id for f in r000.findings]
    r004 = linter.check_bytes("004.txt", seed_text(SEED_004).encode())
    internal = [f for f in r004.findings if f.rule_id == "GK990"]
    assert len(internal) == 1 and "GK802" in internal[0].message and "boom" in internal[0].message
    # The other rules still ran on that file.
    blanks = [f for f in r004.findings if f.rule_id == "GK210"]  # one finding, five cells
    assert len(blanks) == 1 and len(blanks[0].related) == 5


def test_a_plugin_that_fails_to_import_is_reported_not_fatal(plugin_module):
    linter = Linter(Config(plugins=["gk_broken_plugin", plugin_module]))
    assert any("gk_broken_plugin" in e for e in linter.plugin_errors)
    result = linter.check_bytes("000.txt", seed_text(SEED_000).encode())
    assert "GK801" in [f.rule_id for f in result.findings]


def test_builtin_rules_are_plugins_of_the_same_hooks():
    linter = Linter()
    names = [name for name, _ in linter.pm.list_name_plugin()]
    assert "gklint.builtin" in names
    impls = [impl.plugin_name for impl in linter.pm.hook.gklint_rules.get_hookimpls()]
    assert "gklint.builtin" in impls


def _install_entry_point(folder, module: str) -> None:
    """A distribution declaring ``module`` in the gklint entry-point group,
    as pip would install it (a .dist-info folder beside the module)."""
    info = folder / "gk_ep_plugin-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: gk-ep-plugin\nVersion: 1.0\n",
                                   encoding="utf-8")
    (info / "entry_points.txt").write_text(f"[gklint]\ntraditional = {module}\n",
                                           encoding="utf-8")


def test_an_installed_entry_point_plugin_is_loaded(plugin_module, tmp_path):
    from gklint.engine import _may_have_entry_points

    assert "GK801" not in Linter().all_rules  # not named, not installed: not loaded
    _install_entry_point(tmp_path, plugin_module)
    assert _may_have_entry_points("gklint")
    linter = Linter()
    assert "GK801" in linter.all_rules
    assert "GK801" in [f.rule_id for f in
                       linter.check_bytes("000.txt", seed_text(SEED_000).encode()).findings]


def test_an_entry_point_plugin_that_fails_is_reported_not_fatal(plugin_module, tmp_path):
    _install_entry_point(tmp_path, "gk_broken_plugin")
    linter = Linter()
    assert any("broken on purpose" in e for e in linter.plugin_errors)
    assert linter.check_bytes("004.txt", seed_text(SEED_004).encode()).findings


KIND_PLUGIN = '''
from gklint import hookimpl
from gklint.linting.kinds import KINDS

Builtin = KINDS["existence"]


class LoudExistence(Builtin):
    """The built-in existence kind, with every message marked by the plugin."""

    def check(self, doc, ctx):
        for finding in super().check(doc, ctx):
            finding.message = "【插件】" + finding.message
            yield finding


@hookimpl
def gklint_rule_kinds():
    return {"existence": LoudExistence}
'''


@pytest.fixture
def kind_plugin(tmp_path, monkeypatch):
    yield from importable_plugin(tmp_path, monkeypatch, "gk_kind_plugin", KIND_PLUGIN)


def test_a_plugin_kind_named_like_a_builtin_one_wins_as_a_plugin_reader_does(kind_plugin):
    from gklint.linting.kinds import KINDS

    linter = Linter(Config(plugins=[kind_plugin]))
    plugin_kind = linter.kinds["existence"]
    assert plugin_kind is not KINDS["existence"] and plugin_kind.__name__ == "LoudExistence"
    # The core pack's existence rules are built by the plugin's kind and run as it says.
    existence = [r for r in linter.all_rules.values()
                 if getattr(r, "spec", {}).get("kind") == "existence"]
    assert existence and all(isinstance(r, plugin_kind) for r in existence)
    garbled = seed_text(SEED_000).replace("本年新收", "本年锟斤拷新收", 1).encode()  # GK311
    findings = [f for f in linter.check_bytes("000.txt", garbled).findings if f.rule_id == "GK311"]
    assert len(findings) == 1 and findings[0].message.startswith("【插件】“锟斤拷”")
    # Without the plugin the same rule is the built-in kind's.
    plain = Linter()
    assert plain.kinds["existence"] is KINDS["existence"]
    findings = [f for f in plain.check_bytes("000.txt", garbled).findings if f.rule_id == "GK311"]
    assert len(findings) == 1 and findings[0].message.startswith("“锟斤拷”")


def test_gklint_rules_names_each_rules_pack_file_or_plugin(plugin_module, tmp_path, capsys):
    import json

    from gklint.cli import main

    pack = tmp_path / "extra.yaml"
    pack.write_text("rules:\n  - id: GK870\n    kind: existence\n    name: no-foo\n"
                    "    severity: warning\n    message: 不要写foo\n    summary: 不要写foo\n"
                    "    pattern: foo\n    doc: {what: a, why: b, example: c, fix: d}\n",
                    encoding="utf-8")
    assert main(["rules", "--format", "json", "--plugin", plugin_module,
                 "--pack", str(pack)]) == 0
    source = {r["id"]: r["source"] for r in json.loads(capsys.readouterr().out)}
    assert source["GK101"] == "core.yaml"  # a YAML rule: its pack file
    assert source["GK870"] == "extra.yaml"
    assert source["GK801"] == source["GK802"] == f"plugin:{plugin_module}"  # a plugin's Python rule
    assert source["GK110"] == "gklint"  # gklint's own Python rules
