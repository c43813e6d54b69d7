"""Rule packs: clear errors with file, line and column; safe loading; time limits."""
from __future__ import annotations

import textwrap

import pytest

from gklint.config import Config, ConfigError
from gklint.engine import Linter
from gklint.linting.packs import PackError

from helpers import SEED_004, seed_text


def _pack(tmp_path, body: str, name="extra.yaml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return str(path)


def test_yaml_syntax_error_names_file_line_column(tmp_path):
    path = _pack(tmp_path, """\
        rules:
          - id: GK801
            kind: existence
            pattern: [unclosed
        """)
    with pytest.raises(PackError) as exc:
        Linter(Config(packs=[path]))
    assert exc.value.path == path and exc.value.line is not None and exc.value.column is not None
    assert str(exc.value).startswith(f"{path}:")


def test_unknown_kind_is_located(tmp_path):
    path = _pack(tmp_path, """\
        rules:
          - id: GK801
            kind: existence
            pattern: 测试
          - id: GK802
            kind: telepathy
        """)
    with pytest.raises(PackError) as exc:
        Linter(Config(packs=[path]))
    assert "unknown kind 'telepathy'" in exc.value.message
    assert exc.value.line == 6


def test_unknown_key_and_bad_regex_are_errors(tmp_path):
    with pytest.raises(PackError, match="unknown key 'paterns'"):
        Linter(Config(packs=[_pack(tmp_path, "rules:\n  - {id: GK801, kind: existence, paterns: [a]}\n")]))
    with pytest.raises(PackError, match="bad regex"):
        Linter(Config(packs=[_pack(tmp_path, "rules:\n  - {id: GK801, kind: existence, pattern: '(a'}\n",
                                   "b.yaml")]))


def test_duplicate_rule_id_is_a_clear_error(tmp_path):
    path = _pack(tmp_path, "rules:\n  - {id: GK301, kind: existence, pattern: 冇}\n")
    with pytest.raises(ConfigError, match="two rules have the id GK301"):
        Linter(Config(packs=[path]))


def test_python_tags_are_refused(tmp_path):
    marker = tmp_path / "pwned"
    path = _pack(tmp_path, f"""\
        rules:
          - !!python/object/apply:os.system ["touch {marker}"]
        """)
    with pytest.raises(PackError):
        Linter(Config(packs=[path]))
    assert not marker.exists()


def test_catastrophic_regex_is_stopped_and_reported(tmp_path):
    path = _pack(tmp_path, """\
        rules:
          - id: GK801
            kind: existence
            pattern: '(a|aa)+c'
            message: 灾难性回溯
        """)
    linter = Linter(Config(packs=[path], regex_timeout=0.2))
    text = seed_text(SEED_004) + "\n" + "a" * 60 + "\n"
    result = linter.check_bytes("report.txt", text.encode())
    internal = [f for f in result.findings if f.rule_id == "GK990"]
    assert len(internal) == 1 and "GK801" in internal[0].message
    # The other rules still ran: seed 004's blank cells are reported.
    blanks = [f for f in result.findings if f.rule_id == "GK210"]  # one finding, five cells
    assert len(blanks) == 1 and len(blanks[0].related) == 5


def test_a_province_pack_adds_rules_without_python(tmp_path):
    path = _pack(tmp_path, """\
        pack: province
        rules:
          - id: GK850
            kind: substitution
            name: old-name
            severity: warning
            swap: {依申请公开: 依申请公开政府信息}
            message: 请使用规范表述“{replacement}”
        """)
    result = Linter(Config(packs=[path])).check_bytes("r.txt", seed_text(SEED_004).encode())
    hits = [f for f in result.findings if f.rule_id == "GK850"]
    assert hits and hits[0].fix[0].replacement == "依申请公开政府信息"
