"""GK600–GK629: reading problems (读取问题), kept apart from defects of the report.

When gklint cannot read something it says so once and does not guess: a
file that holds only part of a report (GK600) is not checked for what lies
outside it; a table that is there but cannot be read (GK601) is one finding,
with no "missing" rows and no arithmetic on misread values.

:func:`settle` runs after every rule (``Linter.check_document``) and drops
the findings a reading problem would otherwise cascade into.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Iterable

from ...analysis.reading import fragment, not_a_report
from ...analysis.years import halfwidth
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
    文件只含报告的一部分：从PDF中截出的几页（第一页印的页码是“- 4 -”），
    或从表格中间开始的文本。每个文件提示一次。

    Why it matters:
    文件以外的内容无法判断：对一个片段来说，“缺少一、总体情况”“缺少表二”、
    缺少落款、第五部分为空都是误报。gklint 只检查文件中有的内容（表格、合计、
    文字），不报告任何关于缺失内容的问题（GK101、GK102、GK220、GK221、GK530、
    GK540–GK543）。

    Example:
    某市报告的第4–5页：表二的后半部分、跨页的表三、表四和第五部分的开头。

    Fix:
    报告本身无需修改；检查完整的报告，才能核对它的各部分、各表和落款。
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
    文件根本不是政府信息公开工作年度报告：六个部分的标题一个也没有，
    统计表一张也没有，通篇没有“政府信息公开”字样（会议纪要、通知、传错的附件）。
    每个文件报告一次。

    Why it matters:
    若当作报告检查，会得到六个“缺少部分”和六个“缺少表”，毫无用处；
    该说的只有一件事：这不是年度报告。

    Example:
    报送的不是年度报告，而是“会议纪要 / 今天开会讨论了食堂菜单。”

    Fix:
    报送年度报告本身。
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
                                                and f.rule_id in culprits[f.location.table][0])
                    and not _prose_agrees_with_culprit(doc, f, culprits)]
    unreadable = doc.stash.get(UNREADABLE_TABLES, None)
    if unreadable:  # GK601 says the table is there: it is not "missing"
        findings = [f for f in findings if not (f.rule_id == "GK220" and f.snippet in unreadable)]
    return findings


# Rules comparing a number of the prose with one table cell (GK510-GK513).
PROSE_TABLE_RULES = frozenset({"GK510", "GK511", "GK512", "GK513"})


def _prose_agrees_with_culprit(doc: Document, finding: Finding, culprits: dict) -> bool:
    """A prose number compared with the cell GK205 names, and equal to the value
    GK205 says the cell should hold: the prose is right and the cell wrong, one
    defect that GK205 already reports (with that value)."""
    loc = finding.location
    if finding.rule_id not in PROSE_TABLE_RULES or loc.table not in culprits \
            or finding.span is None:
        return False
    _, cell, value = culprits[loc.table]
    if (loc.row, loc.column_label) != (cell.row_label, cell.column_label):
        return False
    stated = halfwidth(doc.text[finding.span.start:finding.span.end]).strip()
    return stated.isdigit() and Decimal(stated) == value


class UnreadableTable(Rule):
    """What it finds:
    报告中有统计表，但无法读取：各单元格连在一起，中间没有分隔（“…
    申请数量801000081二、上年结转…”，某些网页和复制粘贴会这样），
    而表的勾稽关系（每行总计等于各项之和；表三的列关系）
    又不能唯一确定这串数字怎样拆分。每张表报告一次，说明找到了什么。
    （能唯一确定时，gklint 按该拆分读取并核对。）此外，按表的标志找到了表、
    但大多数行（表二某一项中则是全部行）都无法识别的也报告此项：
    转换工具把行和行名打乱了，这时报告“缺行”和合计错误都是误报。
    表二某一项的数字无法拆分、但行名中缺了其中一行的（只有“规范性文件6856”而没有
    “规章”），报告此项和该行的 GK220：行名是读得出的，那一行确实不在。

    Why it matters:
    gklint 不猜：既不报告该表“缺失”（它明明在），也不对可能拆错的数字做合计核对。
    在排成表格之前，该表的数据都得不到核对。

    Example:
    表三粘贴成了一行：一、本年新收政府信息公开申请数量801000081二、上年结转……

    Fix:
    按格式模板以表格形式发布（单元格分列，或用制表符分隔）。
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
