"""SARIF built in-process, checked value by value: regions end where the
flagged text ends, a fix deletes exactly that region, cells and paragraphs
without lines get a logical location and a file-level region, artifacts are
relative (or file:// outside the root), rule indexes and levels match."""
from __future__ import annotations

import io
import json
from pathlib import Path

from helpers import SEED_000, linter, seed_text

from gklint.engine import FileResult
from gklint.findings import Edit, Finding, Severity
from gklint.formatters import sarif
from gklint.model import Location, Span


def render(results, root, rules=None, errors=()):
    out = io.StringIO()
    sarif.render(results, out, {"rules": linter().rules if rules is None else rules,
                                "version": "9.9", "root": str(root), "plugin_errors": list(errors)})
    assert out.getvalue().endswith("}\n")
    return json.loads(out.getvalue())


def results_of(log):
    return log["runs"][0]["results"]


def region_text(lines: list[str], region: dict) -> str:
    """The characters a region covers (columns are code points, end exclusive)."""
    first, last = region["startLine"] - 1, region["endLine"] - 1
    if first == last:
        return lines[first][region["startColumn"] - 1:region["endColumn"] - 1]
    parts = [lines[first][region["startColumn"] - 1:]] + lines[first + 1:last] + \
        [lines[last][:region["endColumn"] - 1]]
    return "\n".join(parts)


def test_substitution_regions_and_fixes_cover_the_flagged_text_exactly(tmp_path):
    text = seed_text()
    path = tmp_path / "a.txt"
    path.write_text(text, encoding="utf-8")
    log = render([linter().check_file(str(path))], tmp_path)
    lines = text.split("\n")
    fixed = 0
    for r in results_of(log):
        region = r["locations"][0]["physicalLocation"]["region"]
        if "fixes" not in r:
            continue
        fixed += 1
        replacement = r["fixes"][0]["artifactChanges"][0]["replacements"][0]
        assert replacement["deletedRegion"] == region
        flagged = region_text(lines, region)
        assert flagged in ("冇", "[bookmark: bookmark16]", "[bookmark: _GoBack]", "3,"), (r["ruleId"], flagged)
        inserted = replacement["insertedContent"]["text"]
        assert r["fixes"][0]["description"]["text"] == (f"改为“{inserted}”" if inserted else "删除")
    assert fixed == 4
    garble = next(r for r in results_of(log) if r["ruleId"] == "GK301")
    assert garble["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 15, "startColumn": 4, "endLine": 15, "endColumn": 5}


def _result(tmp_path, *findings, name="r.txt"):
    return FileResult(str(tmp_path / name), list(findings), format="txt")


def _finding(location, *, rule="GK301", span=None, fix=(), severity=Severity.WARNING, related=()):
    f = Finding(rule, severity, "消息", "r.txt", location, span=span, fix=list(fix), snippet="s")
    f.related = list(related)
    return f


def test_empty_span_keeps_its_start_as_its_end(tmp_path):
    f = _finding(Location(3, 7, end_line=3, end_column=7), rule="GK101")
    region = results_of(render([_result(tmp_path, f)], tmp_path))[0]["locations"][0][
        "physicalLocation"]["region"]
    assert region == {"startLine": 3, "startColumn": 7, "endLine": 3, "endColumn": 7}


def test_region_without_a_column_starts_at_column_one(tmp_path):
    f = _finding(Location(4, None, end_line=4, end_column=3))
    region = results_of(render([_result(tmp_path, f)], tmp_path))[0]["locations"][0][
        "physicalLocation"]["region"]
    assert region == {"startLine": 4, "startColumn": 1, "endLine": 4, "endColumn": 3}


def test_multiline_region_ends_on_its_own_line(tmp_path):
    f = _finding(Location(2, 5, end_line=3, end_column=2))
    region = results_of(render([_result(tmp_path, f)], tmp_path))[0]["locations"][0][
        "physicalLocation"]["region"]
    assert region == {"startLine": 2, "startColumn": 5, "endLine": 3, "endColumn": 2}


def test_a_cell_without_lines_is_placed_by_name(tmp_path):
    cell = Location(None, None, table="表三", row="一、本年新收", column_label="自然人")
    para = Location(None, None, page=2, paragraph=5)
    page = Location(None, None, page=3)
    log = render([_result(tmp_path, _finding(cell), _finding(para), _finding(page))], tmp_path)
    got = [(r["message"]["text"], r["locations"][0]["physicalLocation"]["region"],
            r["locations"][0]["logicalLocations"]) for r in results_of(log)]
    assert got == [
        ("[表三 / 一、本年新收 / 自然人] 消息", {"startLine": 1},
         [{"name": "自然人", "fullyQualifiedName": "表三 / 一、本年新收 / 自然人", "kind": "element"}]),
        ("[第2页 第5段] 消息", {"startLine": 1},
         [{"name": "第2页 第5段", "fullyQualifiedName": "第2页 第5段", "kind": "element"}]),
        ("[第3页] 消息", {"startLine": 1}, [{"name": "第3页", "kind": "element"}]),
    ]


def test_a_cell_with_a_line_keeps_its_message_and_names_its_cell(tmp_path):
    cell = Location(8, 2, end_line=8, end_column=3, table="表四", column_label="行政复议 总计")
    r = results_of(render([_result(tmp_path, _finding(cell))], tmp_path))[0]
    assert r["message"]["text"] == "消息"
    assert r["locations"][0]["logicalLocations"] == [
        {"name": "行政复议 总计", "fullyQualifiedName": "表四 / 行政复议 总计", "kind": "element"}]


def test_fix_only_for_one_edit_on_the_finding_itself(tmp_path):
    span = Span(10, 11)
    loc = Location(2, 3, end_line=2, end_column=4)
    one = _finding(loc, span=span, fix=[Edit(span, "有")])
    other_place = _finding(loc, span=span, fix=[Edit(Span(12, 13), "有")])
    two = _finding(loc, span=span, fix=[Edit(span, "有"), Edit(Span(20, 21), "")])
    no_line = _finding(Location(None, None, table="表三"), span=span, fix=[Edit(span, "")])
    log = render([_result(tmp_path, one, other_place, two, no_line)], tmp_path)
    assert ["fixes" in r for r in results_of(log)] == [True, False, False, False]
    change = results_of(log)[0]["fixes"][0]["artifactChanges"][0]
    assert change["artifactLocation"] == {"uri": "r.txt", "uriBaseId": "%SRCROOT%"}
    assert change["replacements"] == [{"deletedRegion": {"startLine": 2, "startColumn": 3,
                                                         "endLine": 2, "endColumn": 4},
                                       "insertedContent": {"text": "有"}}]


def test_related_locations_are_numbered_and_described(tmp_path):
    cells = [Location(5, c, end_line=5, end_column=c + 1, table="表四", column_label=f"c{c}")
             for c in (1, 2)]
    f = _finding(cells[0], related=cells)
    related = results_of(render([_result(tmp_path, f)], tmp_path))[0]["relatedLocations"]
    assert [(r["id"], r["message"]["text"], r["physicalLocation"]["region"]["startColumn"],
             r["physicalLocation"]["artifactLocation"]["index"]) for r in related] == [
        (0, "5:1 表四 / c1", 1, 0), (1, "5:2 表四 / c2", 2, 0)]


def test_artifacts_are_relative_and_listed_once(tmp_path):
    inside = FileResult(str(tmp_path / "报告 一" / "a.txt"), [_finding(Location(1, 1))], format="txt")
    again = FileResult(str(tmp_path / "报告 一" / "a.txt"), [_finding(Location(2, 1))], format="txt")
    outside = FileResult(str(tmp_path.parent / "b.txt"), [_finding(Location(1, 1))], format="")
    log = render([inside, again, outside], tmp_path / "")
    run = log["runs"][0]
    uris = [a["location"]["uri"] for a in run["artifacts"]]
    assert uris[0] == "%E6%8A%A5%E5%91%8A%20%E4%B8%80/a.txt"
    assert uris[1].startswith("file://") and uris[1].endswith("/b.txt") and len(uris) == 2
    assert run["artifacts"][0]["sourceLanguage"] == "txt" and "sourceLanguage" not in run["artifacts"][1]
    assert run["artifacts"][1]["location"] == {"uri": uris[1]}  # no %SRCROOT% for file://
    indexes = [r["locations"][0]["physicalLocation"]["artifactLocation"]["index"]
               for r in results_of(log)]
    assert indexes == [0, 0, 1]
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"].endswith(tmp_path.name + "/")
    assert run["columnKind"] == "unicodeCodePoints"


def test_artifact_uri_of_a_sibling_folder_starting_with_dots(tmp_path):
    assert sarif.artifact_uri(str(tmp_path / "..x" / "a.txt"), str(tmp_path)) == "..x/a.txt"
    assert sarif.artifact_uri(str(tmp_path), str(tmp_path / "sub")).startswith("file://")


def test_levels_rule_indexes_and_notifications(tmp_path):
    rules = [r for r in linter().rules if r.id in ("GK101", "GK301", "GK215")]
    findings = [_finding(Location(1, 1), rule="GK101", severity=Severity.ERROR),
                _finding(Location(2, 1), rule="GK301", severity=Severity.WARNING),
                _finding(Location(3, 1), rule="GK999", severity=Severity.INFO)]
    log = render([_result(tmp_path, *findings)], tmp_path, rules=rules, errors=["p: boom"])
    run = log["runs"][0]
    ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    got = [(r["ruleId"], r["level"], r.get("ruleIndex")) for r in results_of(log)]
    assert got == [("GK101", "error", ids.index("GK101")), ("GK301", "warning", ids.index("GK301")),
                   ("GK999", "note", None)]
    assert run["tool"]["driver"]["version"] == "9.9"
    assert run["invocations"] == [{"executionSuccessful": True, "toolExecutionNotifications": [
        {"message": {"text": "p: boom"}, "level": "error"}]}]
    descriptor = run["tool"]["driver"]["rules"][ids.index("GK301")]
    label = next(r for r in rules if r.id == "GK301").severity.label
    assert descriptor["helpUri"].endswith("#gk301")
    assert descriptor["properties"] == {"tags": ["gklint", "GK3xx"], "problem.severity": label}
    assert descriptor["defaultConfiguration"]["level"] == {"info": "note"}.get(label, label)
    style = run["tool"]["driver"]["rules"][ids.index("GK215")]
    assert style["defaultConfiguration"]["level"] == "note"  # GK215 is info
    assert descriptor["fullDescription"]["text"] == descriptor["help"]["text"].split("\n\n")[0]


def test_seed_log_has_one_artifact_per_file(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(SEED_000.read_text(encoding="utf-8"), encoding="utf-8")
    log = render([linter().check_file(str(path))], tmp_path)
    assert [a["location"] for a in log["runs"][0]["artifacts"]] == [
        {"uri": "a.txt", "uriBaseId": "%SRCROOT%"}]
    assert log["version"] == "2.1.0" and log["$schema"] == sarif.SCHEMA


# -- what a reader of the log or a SARIF viewer sees beyond the results ------

def test_log_names_its_schema_tool_and_language(tmp_path):
    rules = [r for r in linter().rules if r.id in ("GK301", "GK404")]
    run = render([_result(tmp_path, _finding(Location(1, 1)))], tmp_path, rules=rules)
    # The schema URL GitHub code scanning documents for SARIF 2.1.0 uploads.
    assert run["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    driver = run["runs"][0]["tool"]["driver"]
    assert (driver["name"], driver["informationUri"]) == ("gklint", "https://github.com/gklint/gklint")
    assert run["runs"][0]["language"] == "zh-CN"
    for descriptor, rule in zip(driver["rules"], rules):
        assert descriptor["shortDescription"]["text"] == rule.summary
        assert descriptor["help"]["markdown"] == descriptor["help"]["text"]
        assert descriptor["help"]["text"].startswith(descriptor["fullDescription"]["text"])
        assert "What it finds" in descriptor["help"]["text"]


def test_log_is_readable_chinese_indented_two_spaces(tmp_path):
    # The file is read by people too: messages as written, not \\uXXXX escapes.
    f = _finding(Location(15, 4, end_line=15, end_column=5))
    f.message = "疑似错字“冇”，应为“有”"
    out = io.StringIO()
    sarif.render([_result(tmp_path, f)], out, {"rules": [], "version": "9.9", "root": str(tmp_path)})
    text = out.getvalue()
    assert '"text": "疑似错字“冇”，应为“有”"' in text and "\\u" not in text
    assert text.startswith('{\n  "runs": [\n    {\n      "tool": {\n')
    assert text == json.dumps(json.loads(text), ensure_ascii=False, indent=2) + "\n"


def _base_uri(root) -> str:
    log = render([_result(root, _finding(Location(1, 1)))], root, rules=[])
    return log["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"]


def test_srcroot_is_the_roots_file_uri_ending_in_a_slash(tmp_path):
    # A relative artifact uri resolves against %SRCROOT%: the root as a file://
    # URI (percent-encoded) with its final slash, even for a folder ending in X.
    for root in (tmp_path / "年报 2021", tmp_path / "REPORTX"):
        root.mkdir()
        assert _base_uri(root) == root.as_uri() + "/"
    assert _base_uri(Path(tmp_path.anchor)) == "file:///"


def test_a_file_on_another_drive_gets_a_file_uri(tmp_path, monkeypatch):
    # Windows: relpath raises ValueError for a path on another drive.
    def other_drive(path, start=None):
        raise ValueError("path is on mount 'D:', start on mount 'C:'")

    monkeypatch.setattr(sarif.os.path, "relpath", other_drive)
    assert sarif.artifact_uri(str(tmp_path / "a.txt"), str(tmp_path)) == (tmp_path / "a.txt").as_uri()


def test_an_end_without_a_column_gives_a_region_that_only_starts(tmp_path):
    # A plugin's Location(line, column, end_line) without end_column.
    f = _finding(Location(4, 2, end_line=4))
    region = results_of(render([_result(tmp_path, f)], tmp_path))[0]["locations"][0][
        "physicalLocation"]["region"]
    assert region == {"startLine": 4, "startColumn": 2}


def test_related_cells_without_lines_are_placed_at_the_top_of_the_file(tmp_path):
    cells = [Location(None, None, table="表四", row="行政复议", column_label=label)
             for label in ("结果维持", "总计")]
    related = results_of(render([_result(tmp_path, _finding(cells[0], related=cells))], tmp_path))[0][
        "relatedLocations"]
    assert [(r["physicalLocation"]["region"], r["logicalLocations"][0]["fullyQualifiedName"],
             r["message"]["text"]) for r in related] == [
        ({"startLine": 1}, "表四 / 行政复议 / 结果维持", "表四 / 行政复议 / 结果维持"),
        ({"startLine": 1}, "表四 / 行政复议 / 总计", "表四 / 行政复议 / 总计")]
