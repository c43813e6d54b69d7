"""--fix on oracle reports with defects planted side by side: adjacent fixes
are both applied, overlapping ones give one edit (never a mangled text), the
fixed report is the corrected one and keeps the file's permission bits."""
from __future__ import annotations

import stat

import pytest

import oracle
from helpers import assert_read, linter

from gklint import fixes
from gklint.cli import main

_, TEXT = oracle.valid_report(3, "2021")
ANCHOR = "还有差距"
GOBACK = "[bookmark: _GoBack]"


def _plan(tmp_path, text: str):
    path = tmp_path / "report.txt"
    data = text.encode("utf-8")
    path.write_bytes(data)
    result = assert_read(linter().check_bytes(str(path), data))
    return result, fixes.plan(str(path), data, result.findings, linter().all_rules,
                              root=str(tmp_path))


@pytest.mark.parametrize("planted, corrected", [
    ("还冇" + GOBACK + "差距", "还有差距"),          # a garble, then debris touching it
    ("还" + GOBACK + "冇差距", "还有差距"),          # debris, then a garble touching it
    ("还冇冇差距", "还有有差距"),                     # two garbles side by side
    ("还" + GOBACK + GOBACK + "冇差距", "还有差距"),  # two debris and a garble in a row
])
def test_adjacent_fixes_are_all_applied(tmp_path, planted, corrected):
    text = TEXT.replace(ANCHOR, planted)
    result, plan = _plan(tmp_path, text)
    fixable = [f for f in result.findings if f.fix]
    assert plan.skipped == []
    assert plan.applied == sum(len(f.fix) for f in fixable) >= 2
    assert plan.fixed.decode("utf-8") == TEXT.replace(ANCHOR, corrected)


def test_overlapping_fixes_give_one_edit_and_a_clean_text(tmp_path):
    """A garble inside debris: the debris is removed whole, the garble's own
    fix (inside it) is skipped and said so, not applied on top."""
    text = TEXT.replace(ANCHOR, "还[bookmark: 冇]有差距")
    result, plan = _plan(tmp_path, text)
    assert sorted(f.rule_id for f in result.findings) == ["GK301", "GK310"]
    assert plan.fixed.decode("utf-8") == TEXT
    assert plan.applied == 1
    assert len(plan.skipped) == 1 and plan.skipped[0].startswith("GK301") and "重叠" in plan.skipped[0]


def test_the_fixed_report_is_clean_and_keeps_its_permission_bits(tmp_path, capsys):
    path = tmp_path / "report.txt"
    path.write_text(TEXT.replace(ANCHOR, "还冇" + GOBACK + "差距"), encoding="utf-8")
    path.chmod(0o640)
    main(["check", "--fix", str(path)])
    capsys.readouterr()
    assert path.read_text(encoding="utf-8") == TEXT
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    again = assert_read(linter().check_file(str(path)))
    assert again.findings == []
