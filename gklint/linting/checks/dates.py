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
    A report without its closing signature (落款): the issuing body's name and
    the date at the end. A date given under the title (发布日期：…) counts as the
    date; a body named in the title or above it counts as the body.

    Why it matters:
    The signature says who issued the report and when; the date is checked
    against the statutory deadline (条例 第四十九条: published by 3月31日).

    Example:
    Seed 004 ends with 六、其他需要报告的事项 / 无 and nothing after it.

    Fix:
    End the report with the body's full name and the date, e.g.
    安泽县人民政府 / 2022年2月15日.
    """

    id = "GK530"
    name = "signature-missing"
    severity = Severity.WARNING
    summary = "报告末尾缺少落款（发布机关名称或日期）"

    def check(self, doc: Document, ctx):
        sig = signature(doc)
        if not sig.closing_date and not sig.closing_body and (sig.date is None or sig.body is None):
            # A date under the title (发布日期) is not a 落款: never say only the body is missing.
            message = "报告末尾缺少落款（发布机关名称和成文日期）"
        elif sig.date is None:
            message = "落款缺少成文日期"
        elif sig.body is None:
            message = "落款缺少发布机关名称"
        else:
            return
        yield self.finding(doc, message, span=_end(doc), snippet="signature")


class InvalidDate(Rule):
    """What it finds:
    A signature date that does not exist (2022年2月30日, 2022年13月1日).

    Why it matters:
    The date cannot be checked against the deadline and shows a typing error.

    Example:
    2022年2月30日

    Fix:
    Write the real date.
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
    A report dated before the end of the year it reports on (a report on
    2021 signed 2021年12月20日), or dated in an earlier year.

    Why it matters:
    The annual report covers the whole year (统计期限 1月1日 to 12月31日); a
    date inside the year means the date, or the year in the title, is wrong.

    Example:
    2021年政府信息公开工作年度报告 … 2021年12月20日

    Fix:
    Correct the date or the report year.
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
    A report on year N dated after 3月31日 of year N+1.

    Why it matters:
    《政府信息公开条例》第四十九条: the competent office publishes the annual
    report by 3月31日 (departments submit theirs by 1月31日, and local
    notices often set earlier dates). A later date means the report was late
    or the date is wrong.

    Example:
    A report on 2021 dated 2022年4月10日.

    Fix:
    Publish on time; if the date is a typing error, correct it.
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
    The year of the report stated differently in the title, the statistics
    period (统计期限自2021年1月1日至2021年12月31日) and the body (2021年，我局…):
    the period's year differs from the title's, the period starts and ends in
    different years, or the body speaks of another year at least twice and
    never of the title's year as the year of the report.

    Why it matters:
    A report copied from last year's with only the title changed is a
    common defect; its figures may be last year's too.

    Example:
    Title 2021年政府信息公开工作年度报告, body 2020年，我局认真贯彻… twice.

    Fix:
    Make the title, the statistics period and the text state the same year.
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
    A title (…政府信息公开工作年度报告) that does not say which year it reports on.

    Why it matters:
    The year decides the format version and the deadline; collectors file
    reports by body and year.

    Example:
    安泽县人民政府政府信息公开工作年度报告

    Fix:
    Put the year in the title: 安泽县人民政府2021年政府信息公开工作年度报告.
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
