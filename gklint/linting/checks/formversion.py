"""GK110: a report whose tables follow the other format version than its year.

Which version each table group follows is found once per document by
gklint.analysis.formversion (it also picks the form the tables are read with).
"""
from __future__ import annotations

from ...analysis.formversion import FORM_BY_YEAR, GROUP_TITLES, table_versions
from ...findings import Severity
from ...model import Document
from ..rule import Rule


class FormatVersionMismatch(Rule):
    """What it finds:
    A report whose statistical tables follow the other format version than
    its year requires: a report on 2021 or later with the 2019 table 2
    columns (本年新制作数量, 上一年项目数量, 本年增/减, 第二十条第（九）项…) or the
    2019 table 3 (（六）其他处理 without its three items), or a report on 2019
    or 2020 with the 2021 columns (本年制发件数, 本年处理决定数量…).

    Why it matters:
    Reports on 2019 and 2020 use the 2019 format (国办公开办函〔2019〕60号);
    reports on 2021 onward use the 2021 format (国办公开办函〔2021〕30号).
    An old template hides figures the new form asks for, and collectors
    cannot add the report up with the others.  gklint reads the table with the
    version it follows, so this one finding replaces a cascade of missing
    rows and columns.

    Example:
    A 2021 report whose 第二十条第（一）项 block has 本年新制作数量 / 本年新公开数量 /
    对外公开总数量.

    Fix:
    Redo the tables from the template of the report year's format.
    """

    id = "GK110"
    name = "format-version-mismatch"
    severity = Severity.ERROR
    summary = "统计表使用的格式版本与报告年度不符（2019年版与2021年版混用）"

    def check(self, doc: Document, ctx):
        year, expected = doc.year, doc.stash.get(FORM_BY_YEAR, None)
        if year is None or expected is None:
            return
        found = table_versions(doc)
        for group, title in GROUP_TITLES.items():
            foreign = [m for v, ms in found[group].items() if v != expected for m in ms]
            if not foreign:
                continue
            other = next(v for v, ms in found[group].items() if v != expected and ms)
            labels = "、".join(f"“{m.label}”" for m in foreign[:3])
            what = ("“（六）其他处理”没有细分项" if group == "table3" and other == "2019"
                    else f"栏目{labels}")
            yield self.finding(
                doc, f"报告年度为{year}年，应使用{expected}年版年度报告格式，"
                     f"但{title}是{other}年版格式（{what}）",
                span=foreign[0].span, snippet=f"{group}:{other}")
