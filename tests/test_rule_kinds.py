"""The YAML rule kinds as a pack author uses them (gklint/linting/kinds.py):
existence, placeholder, substitution and required_sections, each with what
it must find, exactly where, and what it must leave alone.

The packs are written here the way a province would write one (rules/*.yaml
is the model); the reports are the oracle's (tests/oracle.py): complete,
valid reports with no finding, from which one section, heading or word is
taken out or changed.
"""
from __future__ import annotations

import textwrap

import pytest

from gklint import fixes
from gklint.config import Config
from gklint.engine import Linter
from gklint.findings import Severity
from gklint.linting.packs import PackError

from helpers import assert_read, check_text, line_of
from oracle import HEADINGS, table2_text, table3_text, valid_report

FIG, REPORT = valid_report(0)
SIGNATURE = "临渭区阎村镇人民政府\n\n2022年1月20日"


def _pack_linter(tmp_path, body: str) -> Linter:
    path = tmp_path / "province.yaml"
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return Linter(Config(packs=[str(path)]))


def _load_error(tmp_path, body: str) -> str:
    with pytest.raises(PackError) as exc:
        _pack_linter(tmp_path, body)
    return exc.value.message


def _found(linter: Linter, text: str, prefix: str = "GK8", name: str = "report.txt"):
    result = linter.check_bytes(name, text.encode("utf-8"))
    assert not result.error
    return [f for f in result.findings if f.rule_id.startswith(prefix)]


def _at(text: str, index: int) -> tuple[int, int]:
    """1-based (line, column) of ``text[index]``."""
    return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1


# -- required_sections: missing (GK101) ------------------------------------------

def _without_heading(n: int) -> tuple[str, int]:
    """The report with section n's heading line deleted, and where it was."""
    start = REPORT.index(HEADINGS[n])
    return REPORT[:start] + REPORT[start + len(HEADINGS[n]) + 2:], start


def _without_section(n: int) -> tuple[str, int]:
    """The report with section n deleted, heading and all its content."""
    start = REPORT.index(HEADINGS[n])
    end = REPORT.index(HEADINGS[n + 1]) if n < 6 else REPORT.index(SIGNATURE)
    return REPORT[:start] + REPORT[end:], start


def test_the_oracle_report_has_every_section():
    result = assert_read(check_text(REPORT))
    assert result.findings == [] and len(set(result.meta["sections"])) == 6


@pytest.mark.parametrize("n", range(1, 7))
def test_each_missing_heading_is_reported_once_where_it_belongs(n):
    text, where = _without_heading(n)
    found = [f for f in check_text(text).findings if f.rule_id.startswith("GK1")]
    title = HEADINGS[n]
    if n in (2, 3, 4):  # the section's table is still there: its heading is what is missing
        message = f"缺少标题“{title}”（该部分的表格在此处，但没有标题）"
    else:
        message = f"缺少“{title}”部分"
        # The body left without its heading cannot be told from the text
        # before it: the place is before the next heading, or, after 六,
        # the end of the report.
        where = text.index(HEADINGS[n + 1]) if n < 6 else len(text.rstrip())
    assert [(f.rule_id, f.message, f.snippet) for f in found] == [("GK101", message, title)]
    assert (found[0].location.line, found[0].location.column) == _at(text, where)
    assert found[0].span.start == found[0].span.end == where


@pytest.mark.parametrize("n", range(1, 7))
def test_each_missing_section_is_reported_once_before_the_next(n):
    text, where = _without_section(n)
    found = [f for f in check_text(text).findings if f.rule_id.startswith("GK1")]
    if n == 6:
        where = len(text.rstrip())
    assert [(f.rule_id, f.message) for f in found] == [("GK101", f"缺少“{HEADINGS[n]}”部分")]
    assert (found[0].location.line, found[0].location.column) == _at(text, where)


def test_two_missing_sections_are_two_findings_in_form_order():
    text, _ = _without_heading(6)
    text = text.replace(HEADINGS[1] + "\n\n", "")
    found = [f for f in check_text(text).findings if f.rule_id == "GK101"]
    assert [f.snippet for f in found] == [HEADINGS[1], HEADINGS[6]]


# -- required_sections: order, numbering, wording, inline (GK102-GK105) -----------

def test_sections_out_of_order_are_reported_at_the_later_heading():
    five, six = REPORT.index(HEADINGS[5]), REPORT.index(HEADINGS[6])
    end = REPORT.index(SIGNATURE)
    text = REPORT[:five] + REPORT[six:end] + REPORT[five:six] + REPORT[end:]
    found = [f for f in check_text(text).findings if f.rule_id.startswith("GK1")]
    assert [(f.rule_id, f.message, f.snippet) for f in found] == [
        ("GK102", f"“{HEADINGS[5]}”出现在“{HEADINGS[6]}”之后，六个部分的顺序不对", "6>5")]
    assert (found[0].location.line, found[0].location.column) == line_of(text, HEADINGS[5])


def test_sections_in_order_give_no_order_finding():
    # Each heading after the one before: no GK102, also not for equal neighbours.
    assert [f for f in check_text(REPORT).findings if f.rule_id == "GK102"] == []


@pytest.mark.parametrize("heading, message", [
    ("一、主动公开政府信息情况",
     "标题“一、主动公开政府信息情况”的序号是“一”，按格式应为“二”（“二、主动公开政府信息情况”）"),
    ("主动公开政府信息情况", "标题“主动公开政府信息情况”没有序号，按格式应为“二、主动公开政府信息情况”"),
])
def test_a_misnumbered_heading_is_reported_with_the_right_number(heading, message):
    text = REPORT.replace(HEADINGS[2], heading)
    found = [f for f in check_text(text).findings if f.rule_id.startswith("GK1")]
    assert [(f.rule_id, f.message, f.snippet) for f in found] == [("GK103", message, heading)]
    assert (found[0].location.line, found[0].location.column) == line_of(text, heading)


def test_a_reworded_heading_is_reported_with_the_form_title():
    heading = "五、存在的主要问题及整改措施"
    text = REPORT.replace(HEADINGS[5], heading)
    found = [f for f in check_text(text).findings if f.rule_id.startswith("GK1")]
    assert [(f.rule_id, f.message, f.snippet) for f in found] == [
        ("GK104", f"标题“{heading}”与格式规定的“{HEADINGS[5]}”不一致", heading)]
    assert (found[0].location.line, found[0].location.column) == line_of(text, heading)


@pytest.mark.parametrize("joined, count", [
    # After the text before it, and before the text after it: each is not alone.
    ({"\n\n一、总体情况\n\n": "一、总体情况 ", "\n\n五、存在": " 五、存在"}, 2),
    ({"\n\n一、总体情况\n\n": "\n\n一、总体情况 "}, 1),
    ({"\n\n一、总体情况\n\n": "一、总体情况\n\n"}, 1),
    # One character before it on its line is enough (a number left by the copy).
    ({"\n\n一、总体情况\n\n": "\n\n1一、总体情况\n\n"}, 1),
])
def test_headings_sharing_a_line_are_reported_once_at_the_first(joined, count):
    text = REPORT
    for old, new in joined.items():
        text = text.replace(old, new)
    found = [f for f in check_text(text).findings if f.rule_id.startswith("GK1")]
    message = f"有{count}个部分标题没有单独成行（如“{HEADINGS[1]}”），已按标题识别；请将标题单独成段"
    assert [(f.rule_id, f.message, f.snippet) for f in found] == [("GK105", message, HEADINGS[1])]
    assert (found[0].location.line, found[0].location.column) == line_of(text, HEADINGS[1])


def test_a_heading_on_the_last_line_without_a_line_break_is_alone():
    # The last section's heading ends the file (no "\n" after it): alone on its line.
    end = REPORT.index(HEADINGS[6]) + len(HEADINGS[6])
    found = check_text(REPORT[:end]).findings
    assert [f.rule_id for f in found if f.rule_id.startswith("GK1")] == []


# -- a pack's rules: the common keys (YamlRule) -----------------------------------

EXISTENCE_PACK = """\
    pack: province
    rules:
      - id: GK851
        kind: existence
        name: banned-words
        severity: info
        ignorecase: true
        patterns:
          - pattern: 'abc'
            message: "“{match}”不要写，见{place}"
          - '甲*'
        message: "不规范用语“{match}”"
        summary: 不规范用语
        doc:
          fix: " 改写。\n"
          why: 读者不懂。
          example: 这里写了abc。
          what: 不规范用语。
      - id: GK852
        kind: placeholder
        pattern: '某某'
      - id: GK857
        kind: placeholder
        pattern: '某处'
        doc: {what: 未填写的地名。, example: '', fix: 填写地名。}
"""


@pytest.fixture
def existence(tmp_path):
    return _pack_linter(tmp_path, EXISTENCE_PACK)


def test_a_rule_takes_its_keys_from_the_pack(existence):
    rule = existence.all_rules["GK851"]
    assert (rule.name, rule.severity, rule.message, rule.summary) == (
        "banned-words", Severity.INFO, "不规范用语“{match}”", "不规范用语")
    # The doc parts in their fixed order, each under its title.
    assert rule.doc == ("What it finds:\n不规范用语。\n\nWhy it matters:\n读者不懂。\n\n"
                        "Example:\n这里写了abc。\n\nFix:\n改写。")
    # A part not given, or given empty, is left out.
    assert existence.all_rules["GK857"].doc == "What it finds:\n未填写的地名。\n\nFix:\n填写地名。"


def test_a_rule_without_optional_keys_gets_their_defaults(existence):
    rule = existence.all_rules["GK852"]
    # name: the id; severity: warning; message: the name; summary: the message;
    # doc: the kind's own description.
    assert (rule.name, rule.severity, rule.message, rule.summary) == (
        "GK852", Severity.WARNING, "GK852", "GK852")
    assert rule.doc == "Template text left unfilled (XX县, ××, X年X月X日, 【请填写】, {{…}})."
    found = _found(existence, "本机关某某科\n", "GK852")
    assert [(f.message, f.rule_name, f.severity) for f in found] == [("GK852", "GK852", Severity.WARNING)]


def test_a_doc_given_as_text_is_kept_stripped(tmp_path):
    linter = _pack_linter(tmp_path, """\
        rules:
          - {id: GK853, kind: existence, pattern: 乙, doc: "  乙是禁用字。\\n"}
        """)
    assert linter.all_rules["GK853"].doc == "乙是禁用字。"


def test_existence_reports_each_pattern_with_its_own_message(existence):
    text = "这里写了ABC和abc。\n甲乙甲甲乙\n"
    found = _found(existence, text, "GK851")
    assert [(f.message, f.snippet, (f.location.line, f.location.column),
             (f.span.start, f.span.end)) for f in found] == [
        # ignorecase, and the pattern's own message; an unknown field stays visible.
        ("“ABC”不要写，见{place}", "ABC", (1, 5), (4, 7)),
        ("“abc”不要写，见{place}", "abc", (1, 9), (8, 11)),
        # The rule's message; 甲* also matches the empty string everywhere,
        # and an empty match is no finding (nor the end of the search).
        ("不规范用语“甲”", "甲", (2, 1), (13, 14)),
        ("不规范用语“甲甲”", "甲甲", (2, 3), (15, 17)),
    ]
    assert all(f.rule_name == "banned-words" and f.severity == Severity.INFO for f in found)


def test_existence_leaves_text_without_its_patterns_alone(existence):
    assert _found(existence, "这里写了ab c和乙。\n", "GK851") == []


def test_ignorecase_is_off_unless_asked(tmp_path):
    linter = _pack_linter(tmp_path, """\
        rules:
          - {id: GK854, kind: existence, pattern: 'abc'}
          - {id: GK855, kind: existence, pattern: 'abc', ignorecase: false}
        """)
    found = _found(linter, "ABC abc Abc\n")
    assert [(f.rule_id, f.snippet) for f in found] == [("GK854", "abc"), ("GK855", "abc")]


@pytest.mark.parametrize("rule, message", [
    ("{id: GK801, kind: existence, paterns: [a]}", "rule GK801: unknown key 'paterns' for kind 'existence'"),
    ("{id: G801, kind: existence, pattern: a}", "rule id 'G801' must look like GK123"),
    ("{id: GK801, kind: existence, pattern: a, severity: fatal}",
     "rule GK801: unknown severity 'fatal' (use error, warning or info)"),
    ("{id: GK801, kind: existence}", "rule GK801: needs 'pattern' or 'patterns'"),
    ("{id: GK801, kind: existence, patterns: []}", "rule GK801: needs 'pattern' or 'patterns'"),
    ("{id: GK801, kind: existence, pattern: '(a'}", "rule GK801: bad regex '(a': "),
    ("{id: GK801, kind: required_sections, check: every}",
     "rule GK801: 'check' must be one of missing, order, numbering, wording, inline"),
])
def test_a_bad_rule_is_refused_with_a_message_naming_it(tmp_path, rule, message):
    assert _load_error(tmp_path, f"rules:\n  - {rule}\n").startswith(message)


def test_a_regex_nested_too_deeply_is_refused_not_a_crash(tmp_path):
    deep = "(" * 3000 + "a" + ")" * 3000
    message = _load_error(tmp_path, f"rules:\n  - {{id: GK801, kind: existence, pattern: '{deep}'}}\n")
    assert message == "rule GK801: regex nested too deeply or too large to compile (6001 characters)"


@pytest.mark.parametrize("where", ["message", "heading_message", "patterns"])
@pytest.mark.parametrize("template, error", [
    ("第{0}处", "message field {0} in '第{0}处': only plain fields such as {match} or {row} are allowed"),
    ("{match!r}", "message field {match!r} in '{match!r}': only plain fields"),
    ("{match:>9}", "message field {match:>9} in '{match:>9}': only plain fields"),
    ("{match.__class__}", "message field {match.__class__} in '{match.__class__}'"),
    ("缺少{", "message '缺少{': Single '{' encountered in format string (write {{ for a brace)"),
])
def test_a_message_may_only_have_plain_fields(tmp_path, where, template, error):
    quoted = template.replace("'", "''")
    if where == "patterns":
        rule = f"{{id: GK801, kind: existence, patterns: [{{pattern: a, message: '{quoted}'}}]}}"
    else:
        rule = f"{{id: GK801, kind: required_sections, {where}: '{quoted}'}}"
    assert _load_error(tmp_path, f"rules:\n  - {rule}\n").startswith(f"rule GK801: {error}")


def test_plain_fields_and_doubled_braces_are_allowed(tmp_path):
    linter = _pack_linter(tmp_path, """\
        rules:
          - id: GK856
            kind: existence
            patterns: ['乙', {pattern: '丙'}]
            message: "{{注意}}“{match}”"
        """)
    assert [f.message for f in _found(linter, "乙丙\n")] == ["{注意}“乙”", "{注意}“丙”"]


# -- substitution -----------------------------------------------------------------

SUBSTITUTION_PACK = """\
    rules:
      - id: GK861
        kind: substitution
        name: province-terms
        severity: info
        ignorecase: true
        swap:
          # Word's hidden mark-up first: skipping it on a web page must not
          # skip the swaps after it.
          '<!--注-->': {replace: '', hidden_on_web_page: true}
          'gov': 政府
          '(\\d+),(\\d+)万元': '\\1.\\2万元'
          '乙*': 丙
          '删': {replace: '', blanks_before: true}
        message: "“{match}”应为“{replacement}”"
"""


@pytest.fixture
def substitution(tmp_path):
    return _pack_linter(tmp_path, SUBSTITUTION_PACK)


def _apply(linter: Linter, text: str, findings) -> str:
    """The text as ``gklint check --fix`` would write it."""
    assert all([e.span for e in f.fix] == [f.span] for f in findings)
    fixed = fixes.plan("report.txt", text.encode("utf-8"), findings, linter.all_rules)
    assert fixed.applied == len(findings) and fixed.skipped == []
    return fixed.fixed.decode("utf-8")


def test_substitution_offers_the_fix_and_applying_it_gives_the_right_text(substitution):
    text = "本GOV网站收费3,5万元，乙乙甲。\n<!--注-->见附件。\n"
    found = _found(substitution, text)
    assert [(f.message, f.snippet, (f.location.line, f.location.column)) for f in found] == [
        ("“GOV”应为“政府”", "GOV", (1, 2)),
        ("“3,5万元”应为“3.5万元”", "3,5万元", (1, 9)),  # \\1 and \\2 are the pattern's groups
        ("“乙乙”应为“丙”", "乙乙", (1, 15)),  # the empty matches of 乙* are not findings
        ("“<!--注-->”应为“”", "<!--注-->", (2, 1)),
    ]
    assert all(f.rule_name == "province-terms" and f.severity == Severity.INFO for f in found)
    assert _apply(substitution, text, found) == "本政府网站收费3.5万元，丙甲。\n见附件。\n"


def test_the_blanks_before_a_match_go_with_it_but_not_the_line_break(substitution):
    # (The text ends with a blank: the run before the first match stops at the
    # start of the text, it does not wrap round to the end.)
    text = "  删甲\n \t删戊\n丙删丁 删 "
    found = _found(substitution, text)
    assert [(f.snippet, (f.location.line, f.location.column)) for f in found] == [
        ("  删", (1, 1)), (" \t删", (2, 1)), ("删", (3, 2)), (" 删", (3, 4))]
    assert _apply(substitution, text, found) == "甲\n戊\n丙丁 "


def test_hidden_markup_is_left_alone_only_in_a_web_page_copy(substitution):
    page = "原文链接: https://www.gov.cn/a.html\n<!--注-->见附件，乙。\n"
    found = _found(substitution, page)
    # In the copy of a web page the comment was never shown; the other swaps still run.
    assert [f.snippet for f in found] == ["gov", "乙"]


def test_substitution_leaves_correct_text_alone(substitution):
    assert _found(substitution, "本政府网站收费3.5万元，丙甲。\n见附件。\n") == []


@pytest.mark.parametrize("swap, message", [
    ("[a, b]", "rule GK801: 'swap' must map wrong-pattern to replacement"),
    ("{}", "rule GK801: 'swap' must map wrong-pattern to replacement"),
    ("{a: {with: b}}", "rule GK801: a swap given as a mapping takes 'replace' and optionally "
                       "'blanks_before', 'hidden_on_web_page'"),
    ("{a: {replace: b, before: true}}", "rule GK801: a swap given as a mapping takes 'replace'"),
    ("{'(a': b}", "rule GK801: bad regex '(a'"),
])
def test_a_bad_swap_is_refused_with_a_message_naming_the_rule(tmp_path, swap, message):
    rule = f"{{id: GK801, kind: substitution, swap: {swap}}}"
    assert _load_error(tmp_path, f"rules:\n  - {rule}\n").startswith(message)


def test_a_swap_without_ignorecase_keeps_case(tmp_path):
    linter = _pack_linter(tmp_path, """\
        rules:
          - {id: GK862, kind: substitution, swap: {gov: 政府}, message: "{match}→{replacement}"}
        """)
    found = _found(linter, "GOV gov\n")
    assert [(f.message, f.span.start) for f in found] == [("gov→政府", 4)]


# -- table_shape --------------------------------------------------------------------

FIG_2019, REPORT_2019 = valid_report(0, version="2019")
T2_2019 = table2_text(FIG_2019)

SHAPE_PACK = """\
    rules:
      - id: GK870
        kind: table_shape
        message: "{table}认不出"
        missing_table_message: "没有{table}"
        missing_row_message: "{table}没有{row}行"
        misplaced_table_message: "{table}放错了地方"
        misplaced_row_message: "{table}的{row}行放错了地方"
        garbled_row_message: "{table}的{row}行写成了{found}"
      - {id: GK871, kind: table_shape}   # the kind's own messages
"""


@pytest.fixture
def shape(tmp_path):
    return _pack_linter(tmp_path, SHAPE_PACK)


def _shape(linter: Linter, text: str):
    """(rule, message, line, column, table, row, snippet) of GK220 and the pack's
    GK870; the pack's GK871 (no messages of its own) must say what GK220 says."""
    found = linter.check_bytes("report.txt", text.encode("utf-8")).findings
    own = [(f.rule_id, f.message, f.location.line, f.location.column, f.location.table,
            f.location.row, f.snippet) for f in found if f.rule_id in ("GK220", "GK870", "GK871")]
    assert [f[1:] for f in own if f[0] == "GK871"] == [f[1:] for f in own if f[0] == "GK220"]
    return [f for f in own if f[0] != "GK871"]


def _lines_without(text: str, *starts: str) -> str:
    return "\n".join(line for line in text.split("\n") if not line.startswith(starts))


def test_a_missing_row_is_named_at_its_table(shape):
    text = _lines_without(REPORT, "规章\t")
    line, _ = line_of(text, "第二十条第（一）项")
    table = "表二 第二十条第（一）项"
    assert _shape(shape, text) == [
        ("GK220", f"{table}缺少“规章”行", line, 1, table, "规章", "table2.1/rules"),
        ("GK870", f"{table}没有规章行", line, 1, table, "规章", "table2.1/rules")]


def test_a_row_out_of_order_is_misplaced_not_missing(shape):
    text = REPORT.replace("规章\t", "甲\t").replace("行政规范性文件\t", "规章\t").replace("甲\t", "行政规范性文件\t")
    line, _ = line_of(text, "规章\t")
    table = "表二 第二十条第（一）项"
    assert _shape(shape, text) == [
        ("GK220", f"{table}“规章”行的位置不对（不在格式规定的顺序上），该行数据未能核对",
         line, 1, table, "规章", "table2.1/rules"),
        ("GK870", f"{table}的规章行放错了地方", line, 1, table, "规章", "table2.1/rules")]


def test_a_garbled_row_out_of_order_is_named_as_written(shape):
    # 行政规范性文件 written 行政规范姓文件 and put before 规章: not matched in
    # order, but its label is close enough to say which row it is.
    text = REPORT.replace("规章\t", "甲\t").replace("行政规范性文件\t", "规章\t") \
        .replace("甲\t", "行政规范姓文件\t")
    line, _ = line_of(text, "行政规范姓文件")
    table = "表二 第二十条第（一）项"
    assert _shape(shape, text) == [
        ("GK220", f"{table}“行政规范性文件”行的名称写作“行政规范姓文件”，与格式不符，该行数据未能核对",
         line, 1, table, "行政规范性文件", "table2.1/normative"),
        ("GK870", f"{table}的行政规范性文件行写成了行政规范姓文件", line, 1, table, "行政规范性文件",
         "table2.1/normative")]


def test_a_table_out_of_order_is_misplaced_not_missing(shape):
    five, six, eight = (REPORT.index(f"第二十条第（{n}）项") for n in "五六八")
    text = REPORT[:five] + REPORT[six:eight] + REPORT[five:six] + REPORT[eight:]
    line, _ = line_of(text, "第二十条第（六）项")
    table = "表二 第二十条第（六）项"
    assert _shape(shape, text) == [
        ("GK220", f"{table}的位置不对（不在格式规定的顺序上），未能核对", line, 1, None, None, "table2.6"),
        ("GK870", f"{table}放错了地方", line, 1, None, None, "table2.6")]
    # The tables after it are still checked: table 4 taken out is reported.
    start, end = text.index("行政复议\t"), text.index(HEADINGS[5])
    assert [f[:2] for f in _shape(shape, text[:start] + text[end:])][2:] == [
        ("GK220", "缺少表四"), ("GK870", "没有表四")]


def test_a_missing_table_is_reported_where_its_section_begins(shape):
    start, end = REPORT.index("行政复议\t"), REPORT.index(HEADINGS[5])
    text = REPORT[:start] + "本年度没有行政复议、行政诉讼。\n\n" + REPORT[end:]
    line, column = line_of(text, HEADINGS[4])
    column += len(HEADINGS[4])  # the section's body starts after its heading
    assert _shape(shape, text) == [
        ("GK220", "缺少表四", line, column, None, None, "table4"),
        ("GK870", "没有表四", line, column, None, None, "table4")]


def test_a_table_of_the_other_form_version_lacks_no_row_or_block_of_it():
    # A 2021 report with table 2 of the 2019 form (GK110 says so): the 2019
    # form's block （九） and row 其他对外管理服务事项, which 2021 has not,
    # are no defect when absent; a row both versions have is.
    assert "第二十条第（九）项" in T2_2019 and "其他对外管理服务事项" in T2_2019
    without_nine = T2_2019[:T2_2019.index("第二十条第（九）项")]
    without_row = _lines_without(T2_2019, "其他对外管理服务事项")
    for t2 in (without_nine, without_row):
        text = REPORT.replace(table2_text(FIG), t2)
        found = check_text(text).findings
        assert [f.rule_id for f in found] == ["GK110"]
        # The tables after it are still checked: table 4 taken out is reported.
        start, end = text.index("行政复议\t"), text.index(HEADINGS[5])
        found = check_text(text[:start] + text[end:]).findings
        assert [(f.rule_id, f.message) for f in found if f.rule_id != "GK110"] == [("GK220", "缺少表四")]
    text = REPORT.replace(table2_text(FIG), _lines_without(without_row, "规范性文件\t"))
    found = [(f.rule_id, f.location.row) for f in check_text(text).findings]
    assert found == [("GK220", "规范性文件"), ("GK110", None)]
    # A 2020 report (2019 form) with table 3 of the 2021 form: its single row
    # （六）其他处理 is not there, and no defect; the rows after it still count.
    t3 = _lines_without(table3_text(FIG), "\t四、结转下年度继续办理")
    assert t3 != table3_text(FIG)
    text = REPORT_2019.replace(table3_text(FIG_2019), t3)
    assert [f.message for f in check_text(text).findings if f.rule_id == "GK220"] == [
        "表三缺少“四、结转下年度继续办理”行"]


def test_complete_tables_give_no_shape_finding(shape):
    assert _shape(shape, REPORT) == [] and _shape(shape, REPORT_2019) == []


def test_a_sections_rule_without_check_reports_missing_sections(tmp_path):
    linter = _pack_linter(tmp_path, """\
        rules:
          - {id: GK880, kind: required_sections, message: "少了{title}{note}"}
        """)
    text, _ = _without_section(6)
    found = _found(linter, text)
    assert [(f.message, f.span.start) for f in found] == [(f"少了{HEADINGS[6]}", len(text.rstrip()))]
    assert _found(linter, REPORT) == []
    # Without a heading_message of its own, a section whose table is there
    # gets the note that says so.
    text, where = _without_heading(3)
    assert [(f.message, f.span.start) for f in _found(linter, text)] == [
        (f"少了{HEADINGS[3]}（该部分的表格在此处，但缺少标题）", where)]


def test_a_block_that_cannot_be_read_still_lacks_the_row_it_does_not_name(shape):
    # 表二 （一）项 run together (规范性文件6856): its digits do not split
    # (GK601), but 规章 is not there at all, and that is said at the block.
    from test_runtogether_layouts import PINGTAN
    text = PINGTAN.replace("规章 000 行政规范性文件 77132470", "规范性文件 6856", 1)
    column = text.index("第二十条第（一）项") + 1
    table = "表二 第二十条第（一）项"
    assert _shape(shape, text) == [
        ("GK220", f"{table}缺少“规章”行", 1, column, table, "规章", "table2.1/rules"),
        ("GK870", f"{table}没有规章行", 1, column, table, "规章", "table2.1/rules")]
    # The tables after it are still checked: table 4 taken out is reported.
    start = text.index("四、政府信息公开行政复议")
    text = text[:start] + "四、政府信息公开行政复议、行政诉讼情况 本年度无。 " + text[text.index("五、", start):]
    assert [f[:2] for f in _shape(shape, text)][2:] == [("GK220", "缺少表四"), ("GK870", "没有表四")]


@pytest.mark.parametrize("written, meant", [("1O", "10"), ("2o", "20"), ("3〇", "30"), ("l5", "15"),
                                            ("I6", "16")])
def test_a_cell_with_a_letter_for_a_digit_says_which_number_it_was_meant_to_be(written, meant):
    from oracle import set_t3_cell
    text = set_t3_cell(REPORT, FIG, "r3.1", "natural", written)
    found = [(f.rule_id, f.message, f.location.row, f.location.column_label)
             for f in check_text(text).findings]
    assert found == [("GK212", f"表三“（三）不予公开 1.属于国家秘密”行“自然人”列“{written}”不是有效数字"
                               f"（疑为“{meant}”：字母O、l或“〇”误作数字）",
                      "（三）不予公开 1.属于国家秘密", "自然人")]


def test_each_missing_table_is_reported_not_only_the_first():
    # Section 二 taken out with all four blocks of table 2: four missing tables.
    text, _ = _without_section(2)
    found = [f.message for f in check_text(text).findings if f.rule_id == "GK220"]
    assert sorted(found) == [f"缺少表二 第二十条第（{n}）项" for n in "一五八六"]
