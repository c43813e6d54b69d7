"""GK520: this year's 二、上年结转 equals last year's 四、结转下年度继续办理.

A cross-file check: it runs once over all the files of a run
(``Linter.check_batch``, hook ``gklint_check_batch``), on the facts each
file's check stored in ``FileResult.meta`` (:func:`batch_facts`, returned
from the ``gklint_batch_facts`` hook: plain str and int values, so results
can come back from worker processes).

Two reports are the same body's when
* both name the same issuing body (落款 or title; names of 6 characters or
  more, or in the same folder, since 财政局 alone is ambiguous), with or
  without its parent regions (淮安市洪泽区人民政府 = 洪泽区人民政府), or
* they sit in one folder and their file names differ only in the year
  (anze_2020.txt, anze_2021.txt), or
* they sit in a folder of their own: every report in it is on a different
  year and no two name different bodies (a folder per body).
Reports of consecutive years are then compared; a report present twice (a
revised copy, the same report as .docx and .pdf) gives one finding, not one
per copy.
"""
from __future__ import annotations

import os
from collections import defaultdict
from decimal import Decimal, InvalidOperation
from typing import Iterable, Optional

from ... import rx
from ...findings import Finding, Severity
from ...findings import number_text as _fmt
from ...model import Document, Location
from ..rule import Rule
from ...textnorm import normalize

_YEAR_IN_NAME = rx.compile(r"(?<!\d)20\d{2}(?!\d)")
# A parent region before a body's own name (江苏省淮安市洪泽区人民政府 and
# 洪泽区人民政府 are one body): a province before a city-level name, a city
# before a county-level name.  Stripped only when such a name follows.
_PARENT_REGION = rx.compile(r"^(?:\p{Han}{2,7}?(?:省|自治区)(?=\p{Han}{1,6}(?:市|自治州|州|盟|地区)))?"
                            r"(?:\p{Han}{2,6}?(?:市|自治州|州|盟|地区)(?=\p{Han}{1,4}(?:区|县|市|旗)))?")


def body_key(body: str) -> tuple[str, str]:
    """The body's name without the parent regions it may or may not carry,
    and those regions ("" when it names none)."""
    key = normalize(body)
    m = _PARENT_REGION.match(key)
    return (key[m.end():], key[:m.end()]) if m and m.end() else (key, "")


def _other_parent(a: "_Report", b: "_Report") -> bool:
    """Both name their parent regions and they differ (北京市朝阳区 and
    长春市朝阳区 are two bodies)."""
    return bool(a.parent and b.parent and a.parent != b.parent)
MIN_BODY_NAME = 6  # shorter names (财政局) only group reports within one folder


def batch_facts(doc: Document) -> dict:
    """What the cross-year check needs from one document (picklable, JSON-able)."""
    from ...analysis.signature import signature

    sig = signature(doc)
    facts: dict = {"body": sig.body}
    table = doc.tables.get("table3")
    for key, name in (("carried", "carried"), ("next", "next")):
        cell = table.cell(key, "total") if table is not None else None
        if cell is None or cell.status != "number":
            continue
        loc = doc.locate(None, cell)
        facts[f"table3_{name}"] = {
            "value": str(cell.value), "line": loc.line, "column": loc.column,
            "page": loc.page, "paragraph": loc.paragraph, "row": cell.row_label,
            "column_label": cell.column_label, "table": cell.table}
    return facts


def _value(fact: Optional[dict]) -> Optional[Decimal]:
    try:
        return Decimal(fact["value"]) if fact else None
    except (InvalidOperation, KeyError, TypeError):
        return None


class _Report:
    def __init__(self, result) -> None:
        self.result = result
        self.path = result.path
        self.year: Optional[int] = result.meta.get("year")
        body = result.meta.get("body")
        self.body, self.parent = body_key(body) if body else (None, "")
        self.folder = os.path.dirname(os.path.abspath(self.path))
        stem = os.path.splitext(os.path.basename(self.path))[0]
        self.stem = _YEAR_IN_NAME.sub("#", stem) if self.year and str(self.year) in stem else None
        self.carried = result.meta.get("table3_carried")
        self.next = result.meta.get("table3_next")


def same_body_groups(results: Iterable) -> list[list[_Report]]:
    reports = [_Report(r) for r in results if not getattr(r, "error", False)]
    reports = [r for r in reports if r.year is not None]
    parent = list(range(len(reports)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        a, b = reports[i], reports[j]
        if a.body and b.body and a.body != b.body or _other_parent(a, b):
            return
        parent[find(i)] = find(j)

    # Buckets, not pairs: an audit may hold tens of thousands of reports.
    by_folder: dict[str, list[int]] = defaultdict(list)
    by_name: dict[tuple, list[int]] = defaultdict(list)
    for i, r in enumerate(reports):
        by_folder[r.folder].append(i)
        if r.body:
            key = (r.body,) if len(r.body) >= MIN_BODY_NAME else (r.body, r.folder)
            by_name[key].append(i)
        if r.stem:
            by_name[("stem", r.folder, r.stem)].append(i)
    for members in by_name.values():
        for i in members[1:]:
            union(members[0], i)
    for members in by_folder.values():
        years = [reports[i].year for i in members]
        bodies = {reports[i].body for i in members if reports[i].body}
        if len(members) > 1 and len(set(years)) == len(years) and len(bodies) <= 1:
            for i in members[1:]:
                union(members[0], i)
    groups: dict[int, list[_Report]] = defaultdict(list)
    for i, r in enumerate(reports):
        groups[find(i)].append(r)
    return [g for g in groups.values() if len(g) > 1]


class CarryOverAcrossYears(Rule):
    """What it finds:
    同一机关相邻两个年度的报告中，本年度表三“二、上年结转政府信息公开申请数量”
    （总计）与上一年度的“四、结转下年度继续办理”（总计）不等。
    一次检查多份报告时核对（gklint check reports/、gklint audit）；
    问题报告在本年度“上年结转”单元格上，并写明上一年度报告的文件。

    Why it matters:
    上一年度结转下年度继续办理的申请，就是本年度的上年结转申请；两者不等，
    说明有申请漏计或重复计算。

    Example:
    2020年度报告“四、结转下年度继续办理”为2；2021年度报告“二、
    上年结转政府信息公开申请数量”为0。

    Fix:
    改正数字有误的那一份报告。
    """

    id = "GK520"
    name = "carry-over-across-years"
    severity = Severity.ERROR
    summary = "本年“上年结转”与上一年度报告“结转下年度继续办理”不一致"

    def check(self, doc: Document, ctx):
        return ()  # a cross-file rule: see check_batch

    def check_batch(self, results: Iterable) -> list[Finding]:
        findings = []
        for group in same_body_groups(results):
            by_year: dict[int, list[_Report]] = defaultdict(list)
            for report in group:
                by_year[report.year].append(report)
            for year, reports in by_year.items():
                # The same report present twice (a revised copy, .docx and
                # .pdf): one comparison per distinct figure, not per copy.
                for this in _distinct(reports, "carried"):
                    for last in _distinct(by_year.get(year - 1, []), "next"):
                        finding = self._compare(this, last)
                        if finding is not None:
                            findings.append(finding)
        return findings

    def _compare(self, this: _Report, last: _Report) -> Optional[Finding]:
        if this.body and last.body and this.body != last.body or _other_parent(this, last):
            return None  # joined only through an unnamed report: not provably one body
        carried, carried_on = _value(this.carried), _value(last.next)
        if carried is None or carried_on is None or carried == carried_on:
            return None
        fact = this.carried
        location = Location(fact.get("line"), fact.get("column"), page=fact.get("page"),
                            paragraph=fact.get("paragraph"), table=fact.get("table"),
                            row=fact.get("row"), column_label=fact.get("column_label"))
        message = (f"表三“二、上年结转政府信息公开申请数量”总计为{_fmt(carried)}，但上一年度（{last.year}年）"
                   f"报告 {last.path} 表三“四、结转下年度继续办理”总计为{_fmt(carried_on)}，两者应相等")
        return Finding(self.id, self.severity, message, this.path, location,
                       rule_name=self.name, snippet=f"carry:{last.year}")


def _distinct(reports: list[_Report], fact: str) -> list[_Report]:
    """The first report (by path) for each distinct value of ``fact``."""
    seen: dict = {}
    for report in sorted(reports, key=lambda r: r.path):
        seen.setdefault(_value(getattr(report, fact)), report)
    return list(seen.values())


CARRY_OVER = CarryOverAcrossYears()
