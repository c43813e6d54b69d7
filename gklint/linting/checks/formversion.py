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
    统计表采用的格式版本与报告年度不符：2021年度及以后的报告用了2019年版表二的列
    （本年新制作数量、上一年项目数量、本年增/减、第二十条第（九）项……）
    或2019年版表三（（六）其他处理不分三个小项），或者2019、
    2020年度的报告用了2021年版的列（本年制发件数、本年处理决定数量……）。

    Why it matters:
    2019、2020年度的报告用2019年版格式（国办公开办函〔2019〕60号），
    2021年度起的报告用2021年版格式（国办公开办函〔2021〕30号）。用了旧模板，
    新格式要求的数据就缺了，汇总时也无法与其他报告相加。gklint
    按报告实际采用的版本读取表格，所以只报告这一处，而不是一连串缺行、缺列。

    Example:
    2021年度报告中第二十条第（一）项的表列为“本年新制作数量 / 本年新公开数量 /
    对外公开总数量”。

    Fix:
    按报告年度对应版本的格式模板重新填制统计表。
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
