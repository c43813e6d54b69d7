"""Suppression directives, read exactly: where GK940-GK942 point, which ids a
directive names, which line it reaches, and that GK942 is opt-in.

Built on seed 000, whose lines 5 and 6 hold the bookmark debris (GK310 on
each) and line 15 the 冇 garble (GK301)."""
from __future__ import annotations

import functools

import pytest

from helpers import check_text, line_of, rule_ids, seed_text

from gklint.config import Config
from gklint.engine import Linter

GOBACK = "[bookmark: _GoBack]"
BOOKMARK16 = "[bookmark: bookmark16]"


@functools.lru_cache(maxsize=None)
def asking_unused():
    """A linter that reports unused directives (GK942 is opt-in)."""
    return Linter(Config(extend_select=["GK942"]))


def directive_findings(result):
    return [(f.rule_id, f.location.line, f.location.column, f.location.end_column, f.snippet)
            for f in result.findings if f.rule_id in ("GK940", "GK941", "GK942")]


def before(text: str, needle: str, new_line: str) -> str:
    start = text.rfind("\n", 0, text.index(needle)) + 1
    return text[:start] + new_line + "\n" + text[start:]


def lines_of(result, rule_id):
    return [f.location.line for f in result.findings if f.rule_id == rule_id]


def test_problems_point_at_the_word_gklint():
    text = "x <!-- gklint: disable=GK999,GK3O1 -->\n" + seed_text()
    result = check_text(text, "report.md")
    # Column 8 is the "g" of gklint; the place covers the six letters.
    assert sorted(directive_findings(result)) == [
        ("GK940", 1, 8, 14, "disable=GK999,GK3O1"),
        ("GK941", 1, 8, 14, "disable=GK999,GK3O1")]
    messages = {f.rule_id: f.message for f in result.findings}
    assert messages["GK940"] == "gklint指令中的“GK3O1”不是规则编号或前缀（如 GK301、GK3），该项未生效"
    assert messages["GK941"] == "gklint指令中的“GK999”不对应任何规则，该项未生效（gklint rules 列出全部规则）"
    assert "GK301" in rule_ids(result.findings)  # neither item silenced anything


def test_problem_on_a_later_line_is_placed_on_that_line():
    text = before(seed_text(), GOBACK, "说明：  gklint: disable-next-line=GK3O1")
    result = check_text(text)
    line = line_of(text, "gklint")[0]
    assert directive_findings(result) == [("GK940", line, 6, 12, "disable-next-line=GK3O1")]
    assert lines_of(result, "GK310") == [line - 1, line + 1]


def test_malformed_kind_is_reported_with_what_was_written():
    text = "<!-- gklint: disabel=GK301 -->\n" + seed_text()
    result = check_text(text, "report.md")
    assert directive_findings(result) == [("GK940", 1, 6, 12, "gklint: disabel=GK301")]
    assert "GK301" in rule_ids(result.findings)


def test_unused_directives_are_reported_only_when_asked():
    text = before(seed_text(), BOOKMARK16, "# gklint: disable-next-line=GK310,GK301")
    line = line_of(text, "gklint")[0]
    plain = check_text(text)
    assert not directive_findings(plain)  # GK942 is opt-in
    asked = asking_unused().check_bytes("report.txt", text.encode("utf-8"))
    # GK310 hid the bookmark on the next line; GK301 hid nothing there.
    assert directive_findings(asked) == [("GK942", line, 3, 9, "gklint: disable-next-line=GK301")]
    assert [f.message for f in asked.findings if f.rule_id == "GK942"] == [
        "gklint指令“gklint: disable-next-line=GK301”没有屏蔽任何问题，可以删除"]
    assert lines_of(asked, "GK310") == [line + 2] and asked.meta["suppressed"] == 1


def test_a_used_file_directive_is_not_unused():
    text = "<!-- gklint: disable=GK301 -->\n" + seed_text()
    asked = asking_unused().check_bytes("report.md", text.encode("utf-8"))
    assert not directive_findings(asked)
    assert "GK301" not in rule_ids(asked.findings) and asked.meta["suppressed"] == 1


def test_directive_words_and_ids_in_any_case():
    text = before(seed_text(), BOOKMARK16, "# GKLINT : Disable-Next-Line = gk310")
    result = check_text(text)
    line = line_of(text, "GKLINT")[0]
    assert lines_of(result, "GK310") == [line + 2]
    assert not directive_findings(result)


def test_disable_line_covers_its_own_line_only():
    text = seed_text().replace(BOOKMARK16, BOOKMARK16 + " # gklint: disable-line=GK310 ", 1)
    result = check_text(text)
    line = line_of(text, BOOKMARK16)[0]
    assert lines_of(result, "GK310") == [line + 1]
    assert result.meta["suppressed"] == 1


def test_list_that_runs_on_is_not_read_as_a_shorter_prefix():
    # "GK30?" must not become the prefix GK30 (every GK30x rule).
    text = "<!-- gklint: disable=GK30? -->\n" + seed_text()
    result = check_text(text, "report.md")
    assert "GK301" in rule_ids(result.findings)
    assert [(f.rule_id, f.snippet, f.message) for f in result.findings if f.rule_id == "GK940"] == [
        ("GK940", "disable=GK30", "gklint指令中的“GK30?”不是规则编号或前缀（如 GK301、GK3），该项未生效")]


def test_list_ended_by_chinese_punctuation_is_read():
    text = "gklint：disable=GK301。其余照常\n" + seed_text()
    result = check_text(text)
    assert "GK301" not in rule_ids(result.findings)
    assert not directive_findings(result) and result.meta["suppressed"] == 1


def test_directive_on_the_last_line_covers_nothing():
    text = seed_text().rstrip("\n") + "\n\n# gklint: disable-next-line=GK101\n\n"
    result = asking_unused().check_bytes("report.txt", text.encode("utf-8"))
    assert rule_ids(result.findings).count("GK101") == 2
    assert "suppressed" not in result.meta and not directive_findings(result)


def test_two_directives_on_one_line_each_apply():
    line5 = "<!-- gklint: disable-line=GK310 --> <!-- gklint: disable-next-line=GK310 -->"
    text = before(seed_text(), GOBACK, line5)
    result = check_text(text.replace(BOOKMARK16, "", 0), "report.md")
    # The directive line itself holds no finding; the next line's is hidden,
    # and bookmark16 on the line before is still reported.
    assert lines_of(result, "GK310") == [line_of(text, BOOKMARK16)[0]]
    assert result.meta["suppressed"] == 1


def test_gk_alone_disables_every_rule():
    text = "<!-- gklint: disable=GK -->\n" + seed_text()
    full = check_text(seed_text(), "report.md")
    result = check_text(text, "report.md")
    assert result.findings == []
    assert result.meta["suppressed"] == len(full.findings)


@pytest.mark.parametrize("end", ["-->", "<br>", ">", "。", "；", ";", "）", ")"])
def test_every_list_end_closes_the_list(end):
    text = f"（说明 gklint: disable=GK301{end}其余照常\n" + seed_text()
    result = check_text(text)
    assert "GK301" not in rule_ids(result.findings)
    assert not directive_findings(result) and result.meta["suppressed"] == 1


def test_problems_of_rules_turned_off_are_not_reported():
    text = "<!-- gklint: disable=GK3O1 -->\n<!-- gklint: disable=GK999 -->\n" + seed_text()
    quiet = Linter(Config(ignore=["GK940", "GK941"]))
    result = quiet.check_bytes("report.md", text.encode("utf-8"))
    assert not directive_findings(result)
    assert "GK301" in rule_ids(result.findings)


def test_rules_list_shows_the_directive_rules_as_gklints_own(capsys):
    import json

    from gklint.cli import main

    assert main(["rules", "--format", "json"]) == 0
    rules = {r["id"]: r for r in json.loads(capsys.readouterr().out)}
    assert [(rules[i]["name"], rules[i]["source"], rules[i]["enabled"]) for i in ("GK940", "GK941", "GK942")] \
        == [("malformed-suppression", "gklint", True), ("unknown-suppression-id", "gklint", True),
            ("unused-suppression", "gklint", False)]


def test_scan_lines_sorts_file_and_line_directives():
    from gklint.suppress import scan_lines

    found = scan_lines(["<!-- gklint: disable=GK301 -->", "x # gklint: disable-line=GK310 ",
                        "# gklint: disable-next-line=GK2", "", "y"])
    assert found.file_ids == {"GK301"}
    assert found.line_ids == {2: {"GK310"}, 5: {"GK2"}}


@pytest.mark.parametrize("suffix", [".htm"])
def test_markup_comment_suppresses_in_an_htm_page(tmp_path, suffix):
    from helpers import linter

    if suffix not in linter().readers:
        pytest.skip(f"no {suffix} reader installed")
    from makefiles import seed_to_html

    page = tmp_path / ("report" + suffix)
    seed_to_html(str(page), seed_text())
    assert "GK301" in rule_ids(linter().check_file(str(page)).findings)
    data = page.read_bytes()
    page.write_bytes(data.replace(b"<body", b"<!-- gklint: disable=GK301 -->\n<body", 1))
    result = linter().check_file(str(page))
    assert "GK301" not in rule_ids(result.findings) and result.meta["suppressed"] == 1
