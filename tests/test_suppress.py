"""Inline suppressions: Markdown/HTML comments and marker lines in text turn
a rule off for the file or one line, and nothing else."""
from __future__ import annotations

import pytest

from helpers import SEED_000, check_text, line_of, linter, rule_ids, seed_text

GOBACK = "[bookmark: _GoBack]"
BOOKMARK16 = "[bookmark: bookmark16]"


def insert_before(text: str, needle: str, new_line: str) -> str:
    """Insert ``new_line`` as a line of its own before the line holding needle."""
    start = text.rfind("\n", 0, text.index(needle)) + 1
    return text[:start] + new_line + "\n" + text[start:]


def findings_at(result, rule_id: str) -> list[int]:
    return [f.location.line for f in result.findings if f.rule_id == rule_id]


def test_seed_has_the_findings_the_other_tests_suppress():
    result = check_text(seed_text())
    assert "GK301" in rule_ids(result.findings)
    assert len(findings_at(result, "GK310")) == 2
    assert "suppressed" not in result.meta


def test_markdown_comment_disables_a_rule_for_the_whole_file():
    text = "<!-- gklint: disable=GK301 -->\n" + seed_text()
    result = check_text(text, "report.md")
    ids = rule_ids(result.findings)
    assert "GK301" not in ids
    # Other rules are untouched: the debris and the missing sections remain.
    assert ids.count("GK310") == 2 and ids.count("GK101") == 2
    assert result.meta["suppressed"] == 1


def test_prefix_disables_a_whole_family_only():
    text = "<!-- gklint: disable=GK3 -->\n" + seed_text()
    ids = rule_ids(check_text(text, "report.md").findings)
    assert not [i for i in ids if i.startswith("GK3")]
    assert ids.count("GK101") == 2


def test_several_ids_and_full_width_punctuation():
    text = "gklint：disable＝GK301，GK307\n" + seed_text()
    ids = rule_ids(check_text(text).findings)
    assert "GK301" not in ids and "GK307" not in ids
    assert ids.count("GK310") == 2


def test_disable_next_line_in_text_hits_only_that_line():
    text = insert_before(seed_text(), GOBACK, "# gklint: disable-next-line=GK310")
    result = check_text(text)
    goback_line = line_of(text, GOBACK)[0]
    bookmark16_line = line_of(text, BOOKMARK16)[0]
    assert findings_at(result, "GK310") == [bookmark16_line]
    assert goback_line not in findings_at(result, "GK310")
    assert result.meta["suppressed"] == 1


def test_disable_next_line_skips_blank_lines():
    text = insert_before(seed_text(), GOBACK, "<!-- gklint: disable-next-line=GK310 -->\n")
    result = check_text(text, "report.md")
    assert findings_at(result, "GK310") == [line_of(text, BOOKMARK16)[0]]


def test_disable_next_line_for_another_rule_suppresses_nothing():
    text = insert_before(seed_text(), GOBACK, "# gklint: disable-next-line=GK301")
    result = check_text(text)
    assert len(findings_at(result, "GK310")) == 2
    assert "GK301" in rule_ids(result.findings)
    assert "suppressed" not in result.meta


def test_directive_does_not_reach_past_the_next_line():
    # bookmark16's line and the _GoBack line follow each other and both hold a
    # GK310: a marker above the first must leave the second reported.
    text = insert_before(seed_text(), BOOKMARK16, "# gklint: disable-next-line=GK310")
    result = check_text(text)
    assert line_of(text, GOBACK)[0] == line_of(text, BOOKMARK16)[0] + 1
    assert findings_at(result, "GK310") == [line_of(text, GOBACK)[0]]
    assert result.meta["suppressed"] == 1


def test_disable_line_as_a_trailing_comment():
    text = seed_text().replace(GOBACK, GOBACK + "<!-- gklint: disable-line=GK310 -->", 1)
    result = check_text(text, "report.md")
    assert findings_at(result, "GK310") == [line_of(text, BOOKMARK16)[0]]


def test_malformed_directive_is_reported_and_silences_nothing():
    text = "<!-- gklint: disable -->\n<!-- gklint: disable=301 -->\n" + seed_text()
    ids = rule_ids(check_text(text, "report.md").findings)
    assert "GK301" in ids and ids.count("GK310") == 2
    assert ids.count("GK940") == 2  # one for each line


def test_html_comment_in_markup_suppresses(tmp_path):
    if ".html" not in linter().readers:
        pytest.skip("no .html reader installed (gklint.readers.html)")
    from makefiles import seed_to_html

    page = tmp_path / "report.html"
    seed_to_html(str(page), seed_text(SEED_000))
    plain = linter().check_file(str(page))
    assert "GK301" in rule_ids(plain.findings), "the html reader must see the 冇 garble"
    data = page.read_bytes()
    marker = b"<!-- gklint: disable=GK301 -->"
    page.write_bytes(data.replace(b"<body", marker + b"\n<body", 1) if b"<body" in data
                     else marker + b"\n" + data)
    result = linter().check_file(str(page))
    ids = rule_ids(result.findings)
    assert "GK301" not in ids
    assert len(ids) == len(rule_ids(plain.findings)) - 1
