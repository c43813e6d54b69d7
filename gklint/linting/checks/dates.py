"""GK501–GK502 (the report year) and GK530–GK533 (signature and date).

A report names its year in the title, the statistics period and the body;
the three must agree (GK501).  It closes with the issuing body and the date
(落款: 安泽县人民政府 / 2022年2月15日); the date falls after the reported year
and, by 《政府信息公开条例》第四十九条, no later than 3月31日 of the next year.

The signature itself is found by gklint.analysis.signature.
"""
from __future__ import annotations

import datetime

from ...analysis.signature import signature
from ...analysis.years import year_evidence
from ...findings import Severity
from ...model import Document, Span
from ..rule import Rule

DEADLINE_MONTH, DEADLINE_DAY = 3, 31  # 条例 第四十九条: published by 3月31日


# -- rules --------------------------------------------------------------------

def _end(doc: Document) -> Span:
    end = len(doc.text.rstrip())
    return Span(end, end)


class SignatureMissing(Rule):
    """What it finds:
    报告末尾没有落款，即发布机关名称和日期。落款可以单独成行、接在最后一句之后、
    右对齐或放在无边框表格中，网页在落款后打印的链接（附件下载）和联系人说明不影响识别。
    标题中写明的机关和网页自身的日期（发布时间：……）不是落款：消息写明落款缺的是
    机关名称、日期还是两者。

    Why it matters:
    落款说明报告由谁、在何时发布；日期还要对照法定公布期限（《中华人民共和国政府
    信息公开条例》第四十九条：每年3月31日前公布）。

    Example:
    样本报告004以“六、其他需要报告的事项 / 无”结束，其后没有任何内容。

    Fix:
    在报告末尾写明机关全称和日期，如“安泽县人民政府 / 2022年2月15日”。
    """

    id = "GK530"
    name = "signature-missing"
    severity = Severity.WARNING
    summary = "报告末尾缺少落款（发布机关名称或日期）"

    def check(self, doc: Document, ctx):
        sig = signature(doc)
        # Only the closing counts: a body the title names and a page's date
        # (发布时间：…) tell who and when, but they are not the 落款.
        if not sig.closing_date and not sig.closing_body:
            message = "报告末尾缺少落款（发布机关名称和成文日期）"
        elif not sig.closing_date:
            message = "落款缺少成文日期"
        elif not sig.closing_body:
            message = "落款缺少发布机关名称"
        else:
            return
        yield self.finding(doc, message, span=_end(doc), snippet="signature")


class InvalidDate(Rule):
    """What it finds:
    落款日期不存在（2022年2月30日、2022年13月1日）。

    Why it matters:
    这样的日期无法对照公布期限核对，也说明有录入错误。

    Example:
    2022年2月30日

    Fix:
    写实际的日期。
    """

    id = "GK533"
    name = "invalid-date"
    severity = Severity.ERROR
    summary = "落款日期不存在"

    def check(self, doc: Document, ctx):
        date = signature(doc).date
        if date is not None and date.date is None:
            yield self.finding(doc, f"落款日期“{date.text}”不存在", span=date.span)


class DateBeforeYearEnd(Rule):
    """What it finds:
    落款日期早于报告年度结束（2021年度报告落款为2021年12月20日），
    或者落款在更早的年份。

    Why it matters:
    年度报告覆盖全年（统计期限自1月1日至12月31日）；日期在该年度之内，
    说明日期或标题中的年度写错了。

    Example:
    2021年政府信息公开工作年度报告 …… 2021年12月20日

    Fix:
    改正日期或报告年度。
    """

    id = "GK531"
    name = "date-before-year-end"
    severity = Severity.ERROR
    summary = "落款日期早于报告年度结束"

    def check(self, doc: Document, ctx):
        year, date = doc.year, signature(doc).date
        if year is None or date is None or date.date is None:
            return
        if date.date <= datetime.date(year, 12, 31):
            yield self.finding(doc, f"落款日期“{date.text}”早于报告年度（{year}年）结束，"
                                    "日期或报告年度有误", span=date.span)


class PublishedLate(Rule):
    """What it finds:
    N年度报告的落款日期晚于N+1年3月31日。

    Why it matters:
    《中华人民共和国政府信息公开条例》第四十九条：
    政府信息公开工作主管部门应当在每年3月31日前公布本级政府上一年度的年度报告
    （政府部门应当在1月31日前提交本机关的年度报告，地方通知往往规定更早的时间）。
    日期更晚，说明报告公布迟了，或者日期写错了。

    Example:
    2021年度报告的落款日期为2022年4月10日。

    Fix:
    按期公布；如果是日期笔误，改正日期。
    """

    id = "GK532"
    name = "published-late"
    severity = Severity.WARNING
    summary = "落款日期晚于法定公布期限（次年3月31日）"

    def check(self, doc: Document, ctx):
        year, date = doc.year, signature(doc).date
        if year is None or date is None or date.date is None:
            return
        deadline = datetime.date(year + 1, DEADLINE_MONTH, DEADLINE_DAY)
        if date.date > deadline:
            yield self.finding(
                doc, f"落款日期“{date.text}”晚于{year}年度报告的法定公布期限"
                     f"（{year + 1}年3月31日，《政府信息公开条例》第四十九条）", span=date.span)


class YearMismatch(Rule):
    """What it finds:
    标题、统计期限（统计期限自2021年1月1日至2021年12月31日）和正文（2021年，我局……）
    中所写的报告年度不一致：统计期限的年份与标题不同，统计期限的起止不在同一年，
    或者正文至少两次说到另一个年份、却从未把标题中的年份作为报告年度。

    Why it matters:
    照搬上一年的报告、只改了标题，是常见的问题；这样的报告里，
    数据可能也是上一年的。

    Example:
    标题为“2021年政府信息公开工作年度报告”，正文两次写“2020年，我局认真贯彻……”。

    Fix:
    使标题、统计期限和正文写的是同一年度。
    """

    id = "GK501"
    name = "year-mismatch"
    severity = Severity.ERROR
    summary = "标题、统计期限与正文中的报告年度不一致"

    def check(self, doc: Document, ctx):
        ev = year_evidence(doc)
        title, period, end = ev.title, ev.period, ev.period_end
        if title and period and title.year != period.year:
            yield self.finding(doc, f"统计期限为{period.year}年，与标题中的报告年度（{title.year}年）不一致",
                               span=period.span, snippet="period")
        if period and end and end.year != period.year:
            yield self.finding(doc, f"统计期限起于{period.year}年、止于{end.year}年，应为同一年度",
                               span=end.span, snippet="period_end")
        reference = title or period
        if reference is None:
            return
        body = ev.body_year
        if body is not None and body != reference.year and not ev.body_claims(reference.year) \
                and len(ev.body_claims(body)) >= 2:
            first = ev.body_claims(body)[0]
            where = "标题" if reference is title else "统计期限"
            yield self.finding(doc, f"正文多处写“{body}年”，与{where}中的报告年度（{reference.year}年）不一致，"
                                    "是否沿用了往年的报告？", span=first.span, snippet="body")


class TitleYearMissing(Rule):
    """What it finds:
    标题（……政府信息公开工作年度报告）中没有写明报告的是哪一年度。

    Why it matters:
    年度决定了适用哪一版格式和哪个公布期限；汇总时也按机关和年度归档报告。

    Example:
    安泽县人民政府政府信息公开工作年度报告

    Fix:
    在标题中写明年度：安泽县人民政府2021年政府信息公开工作年度报告。
    """

    id = "GK502"
    name = "title-year-missing"
    severity = Severity.WARNING
    summary = "报告标题中没有写明报告年度"

    def check(self, doc: Document, ctx):
        ev = year_evidence(doc)
        if ev.title is None and ev.title_span is not None:
            note = f"（正文推断为{ev.report_year}年）" if ev.report_year else ""
            yield self.finding(doc, f"标题没有写明报告年度{note}", span=ev.title_span,
                               snippet="title")


DATE_RULES = [YearMismatch, TitleYearMissing, SignatureMissing, DateBeforeYearEnd,
              PublishedLate, InvalidDate]
