"""GK600–GK629: reading problems (读取问题), kept apart from defects of the report.

When gklint cannot read something it says so once and does not guess: a
file that holds only part of a report (GK600) is not checked for what lies
outside it; a table that is there but cannot be read (GK601) is one finding,
with no "missing" rows and no arithmetic on misread values.

:func:`settle` runs after every rule (``Linter.check_document``) and drops
the findings a reading problem would otherwise cascade into.
"""
from __future__ import annotations

from typing import Iterable

from ...analysis.reading import fragment, not_a_report
from ...analysis.structure import UNREADABLE_TABLES
from ...findings import Finding, Severity
from ...model import Document, Paragraph, RawTable, Span
from ..rule import Rule
from .tables import CULPRITS

# Findings about something *absent*: meaningless on a page range of a report.
ABSENCE_RULES = frozenset({"GK101", "GK102", "GK220", "GK221", "GK530", "GK540", "GK541",
                           "GK542", "GK543"})


class PartialReport(Rule):
    """What it finds:
    A file that holds only part of a report: a page range cut from a PDF
    (its first page is printed "- 4 -"), or a text that opens in the middle
    of a table. One note for the file.

    Why it matters:
    What lies outside the file cannot be judged: on a part, "缺少一、总体情况",
    "缺少表二", a missing 落款 or an empty 五 would all be false. gklint checks
    what is there (tables, arithmetic, wording) and leaves out every finding
    about something absent (GK101, GK102, GK220, GK221, GK530, GK540–GK543).

    Example:
    Pages 4–5 of a city's report: the end of 表二, 表三 continued over the
    page break, 表四 and the start of 五.

    Fix:
    Nothing to fix in the report; check the whole report to have its
    sections, tables and signature checked too.
    """

    id = "GK600"
    name = "partial-report"
    severity = Severity.INFO
    summary = "文件只含年度报告的一部分（读取说明）"

    def check(self, doc: Document, ctx) -> Iterable[Finding]:
        reason = fragment(doc)
        if reason:
            first = next(iter(doc.blocks), None)
            span = None
            if isinstance(first, Paragraph):
                span = first.span
            elif isinstance(first, RawTable):
                span = Span(first.span.start, first.span.start)
            yield self.finding(doc, f"文件只含年度报告的一部分（{reason}）：已检查其中的表格和文字，"
                                    "文件以外的部分、表格和落款未作检查", span=span,
                               snippet="partial-report")


class NotAReport(Rule):
    """What it finds:
    A file that is not a government information disclosure annual report at
    all: none of the six section headings, none of the statistical tables,
    and the words 政府信息公开 nowhere in it (a meeting note, a notice, the
    wrong attachment). One finding for the file.

    Why it matters:
    Checked as a report, such a file would get six "missing section" and
    six "missing table" errors that say nothing useful; the one thing to
    say is that the file is not a report.

    Example:
    会议纪要 / 今天开会讨论了食堂菜单。 submitted in place of the report.

    Fix:
    Submit the annual report itself.
    """

    id = "GK602"
    name = "not-a-report"
    severity = Severity.ERROR
    summary = "文件不是政府信息公开工作年度报告（读取问题）"

    def check(self, doc: Document, ctx) -> Iterable[Finding]:
        if not_a_report(doc):
            yield self.finding(doc, "文件中没有年度报告的任何部分标题、统计表，也没有“政府信息公开”字样，"
                                    "不像是政府信息公开工作年度报告：未按年度报告检查",
                               snippet="not-a-report")


def settle(doc: Document, findings: list[Finding]) -> list[Finding]:
    """Drop the findings a reading problem would cascade into."""
    if not_a_report(doc):
        findings = [f for f in findings if f.rule_id not in ABSENCE_RULES]
    elif fragment(doc):
        findings = [f for f in findings if f.rule_id not in ABSENCE_RULES]
    culprits = doc.stash.get(CULPRITS, None)
    if culprits:  # GK205 names the one cell that explains the row and column findings
        findings = [f for f in findings if not (f.location.table in culprits
                                                and f.rule_id in culprits[f.location.table][0])]
    unreadable = doc.stash.get(UNREADABLE_TABLES, None)
    if unreadable:  # GK601 says the table is there: it is not "missing"
        findings = [f for f in findings if not (f.rule_id == "GK220" and f.snippet in unreadable)]
    return findings


class UnreadableTable(Rule):
    """What it finds:
    A statistical table that is in the report but cannot be read: its
    cells were run together with no separator between them
    (``…申请数量801000081二、上年结转…``, what some web pages and copy-pastes
    leave), and the form's identities (each row's 总计 is the sum of its
    parts; the column identities of 表三) do not admit exactly one split of
    the digits. One finding for the table, saying what was found. (When
    they admit exactly one, gklint reads that split and checks the table.)
    Also a table found by its anchor of which most rows (or, in a block of
    表二, every row) could not be recognised: a converter scrambled rows and
    labels apart, so "missing" rows and arithmetic would be false.

    Why it matters:
    gklint does not guess: it neither reports the table "missing" (it is
    there) nor checks arithmetic on numbers it may have split wrongly. The
    table's figures go unchecked until it is laid out as a table.

    Example:
    表三 pasted as one line: 一、本年新收政府信息公开申请数量801000081二、上年结转…

    Fix:
    Publish the table as a table (cells in columns, or separated by tabs),
    as in the official template.
    """

    id = "GK601"
    name = "table-unreadable"
    severity = Severity.WARNING
    summary = "统计表存在但无法读取（读取问题，未核对该表）"

    def check(self, doc: Document, ctx) -> Iterable[Finding]:
        for key, (span, title, rows, *total) in (doc.stash.get(UNREADABLE_TABLES, None) or {}).items():
            if total:  # rows and labels scrambled apart (structure._drop_scrambled)
                message = (f"{title}在此处，但只认出{rows}行（格式规定{total[0]}行），其余各行的名称"
                           "与数字无法对应（表格版式在转换中被打乱）：该表未读取，也未核对")
            else:
                where = f"找到{rows}个行名，行名后的数字之间没有分隔" if rows else "表头后的数字之间没有分隔"
                message = (f"{title}在此处，但各单元格连在一起（{where}），"
                           "无法确定每个数属于哪一列：该表未读取，也未核对")
            yield self.finding(doc, message, span=Span(span.start, span.start), snippet=key)


READING_RULES = [PartialReport, UnreadableTable, NotAReport]
