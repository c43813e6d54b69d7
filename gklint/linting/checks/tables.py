"""GK213–GK224: the shape of the statistical tables and the values in them.

Shape: every column of the form in the table header, in order (GK221,
GK224); no rows the form does not have (GK222); no row with more numbers
than the form has columns (GK223).  Missing tables and rows are GK220 (core
pack, kind ``table_shape``); ``locate_missing_row`` (gklint.analysis.tablegeometry)
lets it say when a
"missing" row is really there, out of order or with a garbled label.

Values: counts are whole numbers that are not negative (GK213, GK214; the
2019 form's 本年增/减 columns may be negative, amounts may have decimals) and
written in plain digits (GK215, style only).

Each defect gives one finding: a table whose header lacks a column does not
also get a blank-cell finding for every row (``suppressed_blank``, used
by the ``table_cells`` kind), and arithmetic rules skip rows with cells
missing.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Iterable

from ... import rx
from ...analysis.tablegeometry import (RawEntry, _core, _group_label, _has_han, _is_number,
                                      data_start, entries_in, entry_range, header_cells,
                                      label_in, locate_missing_row, missing_columns, raw_entries)
from ...findings import Severity
from ...forms import TableSpec
from ...model import Cell, Document, FormTable, Span
from ...stash import StashKey
from ..kinds import SUM_FAILED
from ..rule import Rule
from ...analysis.years import halfwidth

# Columns whose values may be negative: the 2019 form's 本年增/减.
SIGNED_COLUMNS = frozenset({"change"})
_FULLWIDTH_DIGIT = rx.compile(r"[０-９]")
_THOUSANDS = rx.compile(r"\d[,，]\d{3}(?!\d)")
# {table title: (ids of the table_sum rules, the culprit cell)}: GK205 found the
# one cell that explains them, so gklint.linting.checks.reading.settle drops them.
# table title -> (ids of the sum rules it explains, the cell, the value that balances it)
CULPRITS = StashKey[dict[str, tuple[set, Cell, Decimal]]]("culprits")


# -- rules --------------------------------------------------------------------

def _form_tables(doc: Document) -> Iterable[tuple[TableSpec, FormTable]]:
    form = doc.form
    if form is None:
        return
    for spec in form.tables:
        table = doc.tables.get(spec.key)
        if table is not None:
            yield spec, table


class MissingColumn(Rule):
    """What it finds:
    统计表的表头缺少格式规定的某一列（表二“本年废止件数”、表三“科研机构”、
    表四三组之一的“结果维持”……）。每缺一列报告一次；
    表头列名只错一个字的（现行冇效件数）仍视为有这一列。

    Why it matters:
    格式规定了表的各列。缺了一列，该行的数就会错位到别的列下或者缺失，
    表格也无法与其他报告比较。

    Example:
    表三的表头为“自然人、商业企业、社会公益组织……”，没有“科研机构”。

    Fix:
    按模板补上该列并填写（没有的填0）。
    """

    id = "GK221"
    name = "missing-column"
    severity = Severity.ERROR
    summary = "统计表缺少格式规定的列"

    def check(self, doc: Document, ctx):
        for spec, table in _form_tables(doc):
            for gap in missing_columns(doc, table):
                if gap.expected == 1:
                    message = f"{spec.title}缺少“{gap.label}”列"
                else:
                    message = (f"{spec.title}的“{gap.label}”列只有{gap.found}个，"
                               f"格式规定有{gap.expected}个")
                message += "，该表各行的数可能错位"
                yield self.finding(doc, message, span=Span(table.span.start, table.span.start),
                                   snippet=f"{spec.key}/{gap.label}")


class ColumnOrder(Rule):
    """What it finds:
    表头只有一行时（表二各项、多数表三的导出文本），各列的顺序与格式不同，
    如“本年废止件数”排在“本年制发件数”之前。

    Why it matters:
    数字是按位置读取的：列的顺序调换后，每个汇总报告的人都会把数字对到错误的列名
    下。

    Example:
    信息内容 | 本年废止件数 | 本年制发件数 | 现行有效件数

    Fix:
    按模板的顺序排列各列。
    """

    id = "GK224"
    name = "column-order"
    severity = Severity.ERROR
    summary = "统计表的列顺序与格式不一致"

    def check(self, doc: Document, ctx):
        for spec, table in _form_tables(doc):
            found = self._positions(doc, table)
            if found is None:
                continue
            for (a, _), (b, _) in zip(found, found[1:]):
                if a[0] > b[0]:
                    yield self.finding(
                        doc, f"{spec.title}的“{b[1]}”列应在“{a[1]}”列之前（格式规定的列顺序），"
                             "该表各列的数可能对应错了",
                        span=b[2], snippet=f"{spec.key}/{b[1]}")
                    break

    @staticmethod
    def _positions(doc: Document, table: FormTable):
        header = header_cells(doc, table)
        labels = [label.split()[-1] for _, label in table.columns]
        hits = []
        for index, label in enumerate(labels):
            if labels.count(label) > 1:
                continue
            matches = [e for e in header if label_in(label, e.cell.text)]
            if len(matches) == 1 and matches[0].mode == "rows":
                e = matches[0]
                hits.append(((index, label, e.cell.span), (e.row, e.col)))
        if len(hits) < 2 or len({pos[0] for _, pos in hits}) != 1:
            return None  # a multi-row header or a stream layout: no column positions
        hits.sort(key=lambda h: h[1][1])
        return hits


class ExtraRow(Rule):
    """What it finds:
    统计表中有格式没有的行：有行名、后面跟着数字，
    但行名不是格式中的任何一行（表三“（八）其他”、自行添加的“合计”行、
    另一版本格式的表二行）。

    Why it matters:
    格式规定了表的各行；多出的行不计入汇总时算出的任何合计，
    通常也说明模板被改动过。

    Example:
    表三在“（七）总计”与“四、结转下年度继续办理”之间多了一行“（八）转办”。

    Fix:
    删除该行，或把其中的申请计入格式中相应的行。
    """

    id = "GK222"
    name = "extra-row"
    severity = Severity.WARNING
    summary = "统计表中有格式没有的行"

    def check(self, doc: Document, ctx):
        for spec, table in _form_tables(doc):
            if any(r.unlabeled for r in spec.rows):
                continue
            known = {r.label_span for r in table.rows.values() if r.label_span is not None}
            form_tables = doc.form.tables
            # Rows of other tables: a table out of order leaves its rows in this
            # one's region (GK220 reports the table once).
            placed = {p.span for key, _ in table.missing_rows
                      if (p := locate_missing_row(doc, spec, table, key)) is not None}
            region = entries_in(doc, data_start(table), table.span.end)
            for i, e in enumerate(region):
                if not _has_han(e.cell.text, 2) or e.cell.span in known or e.cell.span in placed:
                    continue
                core = _core(e.cell.text)
                if _group_label(core) or any(t.rows_named(core) for t in form_tables):
                    continue
                if _followed_by_number(region, i):
                    yield self.finding(
                        doc, f"{spec.title}中的“{e.cell.text}”行不是格式规定的行，"
                             "其中的数不计入任何合计", span=e.cell.span,
                        snippet=f"{spec.key}/{core}")


class RowLabelWording(Rule):
    """What it finds:
    统计表中某行的行名与格式不同或有错字，但明显就是格式中的那一行：
    它位于该行应在的位置，名称也相近（2021年版表二中写成2019年版的“规范性文件”，
    而不是“行政规范性文件”；“2.其他法律行政止公开”，
    而不是“2.其他法律行政法规禁止公开”）。gklint 按该行读取并核对其中的数字，
    只就行名报告这一次。已由 GK3 规则报告的错字（“冇”代“有”）留给那条规则。

    Why it matters:
    汇总时按印出的行名对应各行；改写或残缺的行名会让该行看起来像是缺了，
    通常也说明表格是从另一版本格式抄来或重新录入的。

    Example:
    表二 第二十条第（一）项：规范性文件 | 77 | 132 | 470

    Fix:
    按格式写行名：行政规范性文件。
    """

    id = "GK225"
    name = "row-label-wording"
    severity = Severity.WARNING
    summary = "统计表的行名与格式不一致（已按对应行核对）"

    def check(self, doc: Document, ctx):
        garbles = _garble_patterns(ctx)
        for spec, table in _form_tables(doc):
            for key, text, span in table.variants:
                if any(p.search(text) for p in garbles):
                    continue  # the GK3 rule names the garbled character
                label = next(r.label for r in spec.rows if r.key == key)
                yield self.finding(
                    doc, f"{spec.title}“{label}”行的名称写作“{text}”，与格式规定的行名不一致"
                         "（已按该行读取并核对其数字）", span=span, snippet=f"{spec.key}/{key}")


def _garble_patterns(ctx) -> list:
    """Patterns of the GK3 substitution rules (OCR garbles) in this run."""
    return [swap[0] for rule in ctx.rules if rule.id.startswith("GK3")
            for swap in getattr(rule, "swaps", ())]


def _followed_by_number(region: list[RawEntry], i: int) -> bool:
    here = region[i]
    for k in range(i + 1, len(region)):
        e = region[k]
        if here.mode == "rows" and e.row != here.row:
            return False
        if not e.cell.text:
            continue
        return _is_number(e.cell.text)
    return False


class ExtraValues(Rule):
    """What it finds:
    表中某行的数字个数多于格式规定的列数。gklint 读取最后几个数（各列以“总计”
    结尾），前面多出的数不读，因此报告这一行，而不是悄悄读错。

    Why it matters:
    多一个数，说明多了一列，或两行连在了一起；无论哪种，
    总有数不在格式规定的位置上。

    Example:
    表三“一、本年新收政府信息公开申请数量”行有八个数。

    Fix:
    删除多出的单元格，或按模板把连在一起的两行分开。
    """

    id = "GK223"
    name = "extra-values"
    severity = Severity.WARNING
    summary = "统计表某行的数比格式规定的列多"

    def check(self, doc: Document, ctx):
        for spec, table in _form_tables(doc):
            missing = {key for key, _ in table.missing_rows}
            order = [r.key for r in spec.rows]
            for n, row_spec in enumerate(spec.rows):
                row = table.rows.get(row_spec.key)
                if row is None or row.label_span is None:
                    continue
                if n + 1 < len(order) and order[n + 1] in missing:
                    continue  # the next row's label is missing: its numbers follow this one
                values = self._values_after(doc, table, row.label_span)
                if len(values) > len(spec.columns):
                    first = values[0].cell
                    yield self.finding(
                        doc, f"{spec.title}“{row_spec.label}”行有{len(values)}个数，比格式规定的"
                             f"{len(spec.columns)}列多，前{len(values) - len(spec.columns)}个数未计入核对",
                        span=first.span, snippet=f"{spec.key}/{row_spec.key}")

    @staticmethod
    def _values_after(doc: Document, table: FormTable, label: Span) -> list[RawEntry]:
        entries = raw_entries(doc)
        lo, hi = entry_range(doc, label.start, table.span.end)
        if lo >= hi:
            return []
        head, values = entries[lo], []
        for k in range(lo + 1, hi):
            e = entries[k]
            if head.mode == "rows" and e.row != head.row:
                break
            if not e.cell.text:
                continue
            if not _is_number(e.cell.text):
                break
            values.append(e)
        return values


class NegativeValue(Rule):
    """What it finds:
    统计表中出现负数，而该列填的是件数或金额（2019年版格式的“本年增/减”列除外）。

    Why it matters:
    件数和收费金额不可能小于0；负号是录入错误，由它算出的合计也都是错的。

    Example:
    表三“（一）予以公开”行“自然人”列：-1

    Fix:
    填写实际的数。
    """

    id = "GK213"
    name = "negative-value"
    severity = Severity.ERROR
    summary = "统计表中的件数或金额为负数"

    def check(self, doc: Document, ctx):
        for spec, table in _form_tables(doc):
            amounts = _decimal_keys(spec)
            for cell in table.cells():
                if (cell.status == "number" and cell.value < 0
                        and cell.column_key not in SIGNED_COLUMNS):
                    what = "金额" if cell.column_key in amounts else "件数"
                    yield self.finding(
                        doc, f"{cell.table}“{cell.row_label}”行“{cell.column_label}”列为{cell.raw}，"
                             f"{what}不能为负数", cell=cell,
                        snippet=f"{cell.row_key}/{cell.column_key}")


class FractionalCount(Rule):
    """What it finds:
    应填件数、数量的单元格中出现带小数的数（1.5件）。金额（表二“本年收费金额”
    “采购总金额”）可以有小数。

    Why it matters:
    申请、文件、处理决定都按件计，不会有小数；小数是录入错误，
    或者是把数填进了别的列。

    Example:
    表二 行政许可 本年处理决定数量：18.78

    Fix:
    填写整数。
    """

    id = "GK214"
    name = "fractional-count"
    severity = Severity.ERROR
    summary = "统计表中的件数不是整数"

    def check(self, doc: Document, ctx):
        for spec, table in _form_tables(doc):
            amounts = _decimal_keys(spec)
            for cell in table.cells():
                if (cell.status == "number" and not cell.raw.isdigit()  # digits only: whole
                        and cell.column_key not in amounts
                        and cell.value != cell.value.to_integral_value()):
                    yield self.finding(
                        doc, f"{cell.table}“{cell.row_label}”行“{cell.column_label}”列为{cell.raw}，"
                             "件数应为整数", cell=cell, snippet=f"{cell.row_key}/{cell.column_key}")


class NumberStyle(Rule):
    """What it finds:
    表中的数字使用了千位分隔符（1,878）或全角数字（１８７８），
    或者金额带了单位（251000元、25.1万元，2019年度报告中常见）。gklint
    能正确读取，这只是书写规范问题；但在单位为万元的列中填了以元计的金额时，
    会给出应填的数。

    Why it matters:
    格式的单元格只填阿拉伯数字；自动导入表格的汇总工具可能把1,878读成两个数，
    或读成文字。

    Example:
    表二 行政许可 本年处理决定数量：1,878

    Fix:
    写作1878（半角数字，不加分隔符）。
    """

    id = "GK215"
    name = "number-style"
    severity = Severity.INFO
    summary = "统计表中的数字使用了千位分隔符或全角数字"

    def check(self, doc: Document, ctx):
        for _, table in _form_tables(doc):
            for cell in table.cells():
                if cell.status != "number" or cell.raw.isascii() and "," not in cell.raw:
                    continue  # (元 is not ASCII: amounts with units come through)
                plain = format(cell.value, "f")
                unit = _UNIT.search(cell.raw)
                if unit:
                    yield self.finding(doc, _unit_message(cell, unit.group()), cell=cell,
                                       snippet=f"{cell.row_key}/{cell.column_key}")
                    continue
                if _FULLWIDTH_DIGIT.search(cell.raw):
                    why = "全角数字"
                elif _THOUSANDS.search(halfwidth(cell.raw)):
                    why = "千位分隔符"
                else:
                    continue
                yield self.finding(
                    doc, f"{cell.table}“{cell.row_label}”行“{cell.column_label}”列写作“{cell.raw}”"
                         f"（{why}），统计表中应写作“{plain}”", cell=cell,
                    snippet=f"{cell.row_key}/{cell.column_key}")


_UNIT = rx.compile(r"万?元$")


def _unit_message(cell: Cell, unit: str) -> str:
    """An amount written with its unit: read as written; the column's own
    unit (本年收费金额（单位：万元）) decides how it should be written."""
    plain = format(cell.value, "f")
    column_unit = "万元" if "万元" in cell.column_label else ""
    if column_unit and unit != column_unit:
        converted = format((cell.value / 10000).normalize(), "f")
        return (f"{cell.table}“{cell.row_label}”行“{cell.column_label}”列写作“{cell.raw}”，"
                f"本列单位为万元，应写作“{converted}”")
    return (f"{cell.table}“{cell.row_label}”行“{cell.column_label}”列写作“{cell.raw}”（带单位），"
            f"已按{plain}{unit}读取；统计表中通常只写数字")


def _decimal_keys(spec: TableSpec) -> frozenset:
    """Columns holding amounts (decimals allowed): ColumnSpec.decimal in the form."""
    return frozenset(c.key for c in spec.columns if c.decimal)





class CulpritCell(Rule):
    """What it finds:
    统计表中同时使某一行和某一列合计不平衡的那个单元格：只要把它改为给出的数，
    该行、该列（以及表中其他各项合计关系）就都平衡了。只报告这一个单元格，
    它所解释的行、列问题（GK201–GK204）不再另报。法人或其他组织各列留空、
    行合计无从核对时，同一列两项勾稽关系（（七）总计等于（一）至（六）之和；
    一加二等于（七）总计加四）共同指向的那个单元格也照此报告。

    Why it matters:
    行总计与各项之和不符，并不能说明哪个数错了；若同时有一列差了同样的数，
    两者交叉处的单元格几乎可以肯定就是录入错误，去改总计反而会把错误掩盖起来。

    Example:
    表三“一、本年新收政府信息公开申请数量”行“自然人”列为23，该行总计为81，
    而本列的勾稽关系（一 + 二 = （七）总计 + 四）要求为22：“应为22：
    本行与本列同时平衡”。

    Fix:
    对照登记台账核实该单元格，填写正确的数。
    """

    id = "GK205"
    name = "culprit-cell"
    severity = Severity.ERROR
    summary = "统计表中使行、列合计同时不平衡的单元格（已指出应填的数）"

    def check(self, doc: Document, ctx):
        if not doc.stash.get(SUM_FAILED, False):
            return  # every identity holds (the table_sum rules run first, in the core pack)
        sums = _table_sum_rules(ctx)
        by_table: dict[str, list] = {}
        for rule in sums:
            by_table.setdefault(rule.table_key, []).append(rule)
        for key, rules in by_table.items():
            table = doc.tables.get(key)
            if table is None:
                continue
            found = _culprit(table, rules)
            if found is None:
                continue
            cell, value, along = found
            doc.stash.setdefault(CULPRITS, {})[table.title] = ({r.id for r in rules}, cell, value)
            yield self.finding(
                doc, f"{table.title}“{cell.row_label}/{cell.column_label}”应为{_plain(value)}"
                     f"（现为{cell.raw}）：改为此数后{_balanced_where(along)}",
                cell=cell, snippet=f"{cell.row_key}/{cell.column_key}")


def _balanced_where(along: set) -> str:
    # No two row identities of the form share a cell, so the identities that
    # point at one cell are a row and a column, or two of one column.
    return "本行与本列同时平衡" if "rows" in along else "本列的各项合计关系同时平衡"


def _plain(value) -> str:
    return format(value.normalize(), "f") if value else "0"


def _table_sum_rules(ctx) -> list:
    return [r for r in ctx.rules if hasattr(r, "failures")]


def _culprit(table: FormTable, rules: list):
    """``(cell, value, along)`` when exactly one cell, changed alone, balances
    every failing identity of ``table`` and at least two identities failed on
    it; else None (the culprit is not known).  ``along`` is the set of
    directions of the failing identities ({"rows", "columns"} or one of them).

    Two is the least that points at one cell: a row and a column, or, when
    blank cells leave a row unchecked (表三's 法人或其他组织 columns left
    blank), two identities of one column that share one cell, such as
    （七）总计 = （一）…（六） and 一 + 二 = （七）总计 + 四, which share （七）总计."""
    value = lambda c: c.value  # noqa: E731 - the cells as written
    failing = [(rule, f) for rule in rules for f in rule.failures(table, value)]
    if len(failing) < 2:
        return None
    # A cell that balances every failing identity is in each of them.
    shared = None
    for _, (left, right, _) in failing:
        cells = {id(c) for c in left + right}
        shared = cells if shared is None else shared & cells
    candidates = []
    for _, (left, right, gap) in failing:
        for cell in left + right:
            if id(cell) in shared:
                new = cell.value + gap if cell in left else cell.value - gap
                if new >= 0 and (cell, new) not in candidates:
                    candidates.append((cell, new))
    balanced = []
    for cell, new in candidates:
        trial = lambda c, cell=cell, new=new: new if c is cell else c.value  # noqa: E731
        if not any(rule.failures(table, trial) for rule in rules):
            balanced.append((cell, new))
    if len(balanced) != 1:
        return None
    return (*balanced[0], {rule.along for rule, _ in failing})


TABLE_RULES = [MissingColumn, ColumnOrder, ExtraRow, ExtraValues, NegativeValue,
               FractionalCount, NumberStyle, RowLabelWording, CulpritCell]
