"""SARIF regions and fixes checked against the text, on oracle reports with
defects planted at known places: each region's slice of the file is the
flagged text, each fix's deletedRegion is that same text, and applying every
fix's replacement gives the corrected report, character for character."""
from __future__ import annotations

import io
import json

import pytest

import oracle
from helpers import assert_read, linter

FIG, TEXT = oracle.valid_report(3, "2021")

# (text of the report, the same with a defect planted, the flagged text, rule).
FIXABLE = [
    ("还有差距", "还冇差距", "冇", "GK301"),
    ("进一步加强培训", "进一步己经加强培训", "己", "GK303"),
    ("本年度未收取", "本年度[bookmark: _GoBack]未收取", "[bookmark: _GoBack]", "GK310"),
]
# What the fixes give where the report did not read so before.
FIXED_AS = {"进一步加强培训": "进一步已经加强培训"}
UNFIXABLE = [
    ("未收取信息处理费。", "未收取信息处理费。【请填写】", "【请填写】", "GK404"),
]


def _plant(cases) -> str:
    text = TEXT
    for good, bad, _, _ in cases:
        assert text.count(good) == 1, good
        text = text.replace(good, bad)
    return text


def sarif(text: str, name: str = "report.txt") -> list[dict]:
    from gklint.formatters import FORMATTERS

    result = assert_read(linter().check_bytes(name, text.encode("utf-8")))
    out = io.StringIO()
    FORMATTERS["sarif"]([result], out, {"rules": linter().rules, "version": "test",
                                        "color": False, "plugin_errors": [], "root": "/",
                                        "sources": {}})
    return json.loads(out.getvalue())["runs"][0]["results"]


def region_slice(text: str, region: dict) -> str:
    """The characters a SARIF region covers (1-based lines; endColumn exclusive)."""
    lines = text.split("\n")
    start = sum(len(line) + 1 for line in lines[:region["startLine"] - 1]) + region["startColumn"] - 1
    end_line = region.get("endLine", region["startLine"])
    end = sum(len(line) + 1 for line in lines[:end_line - 1]) + region["endColumn"] - 1
    return text[start:end]


def apply_fixes(text: str, results: list[dict]) -> str:
    """Apply every fix's replacements, last first (they do not overlap)."""
    edits = []
    for res in results:
        for fix in res.get("fixes", []):
            for change in fix["artifactChanges"]:
                for rep in change["replacements"]:
                    region = rep["deletedRegion"]
                    lines = text.split("\n")
                    start = sum(len(x) + 1 for x in lines[:region["startLine"] - 1]) + region["startColumn"] - 1
                    end = start + len(region_slice(text, region))
                    edits.append((start, end, rep.get("insertedContent", {}).get("text", "")))
    for start, end, new in sorted(edits, reverse=True):
        text = text[:start] + new + text[end:]
    return text


@pytest.mark.parametrize("good, bad, flagged, rule", FIXABLE + UNFIXABLE,
                         ids=[c[3] for c in FIXABLE + UNFIXABLE])
def test_each_region_is_the_flagged_text(good, bad, flagged, rule):
    text = _plant([(good, bad, flagged, rule)])
    results = sarif(text)
    assert [r["ruleId"] for r in results] == [rule]
    region = results[0]["locations"][0]["physicalLocation"]["region"]
    assert region_slice(text, region) == flagged
    for fix in results[0].get("fixes", []):
        deleted = fix["artifactChanges"][0]["replacements"][0]["deletedRegion"]
        assert region_slice(text, deleted) == flagged


def test_applying_every_fix_gives_the_corrected_report():
    text = _plant(FIXABLE + UNFIXABLE)
    results = sarif(text)
    assert sorted(r["ruleId"] for r in results) == sorted(c[3] for c in FIXABLE + UNFIXABLE)
    fixed = apply_fixes(text, results)
    expected = _plant(UNFIXABLE)
    for before, after in FIXED_AS.items():
        expected = expected.replace(before, after)
    assert fixed == expected  # each fixable defect corrected, nothing else moved


def test_regions_are_right_after_wide_and_astral_characters():
    """Columns count code points: a line with CJK, full-width and a non-BMP
    character before the garble still slices to the garble."""
    text = TEXT.replace("还有差距", "还\U00020000（Ａ）冇差距")
    results = sarif(text)
    garble = next(r for r in results if r["ruleId"] == "GK301")
    region = garble["locations"][0]["physicalLocation"]["region"]
    assert region_slice(text, region) == "冇"
    assert apply_fixes(text, [garble]) == TEXT.replace("还有差距", "还\U00020000（Ａ）有差距")


def test_a_table_cell_region_is_the_cell_text():
    fig = FIG
    old = fig.t3_cell("r2", "welfare")
    text = oracle.set_t3_cell(TEXT, fig, "r2", "welfare", str(old + 40))
    results = sarif(text)
    assert [r["ruleId"] for r in results] == ["GK205"]
    region = results[0]["locations"][0]["physicalLocation"]["region"]
    assert region_slice(text, region) == str(old + 40)
