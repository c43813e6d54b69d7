"""Real .docx, .html and .pdf reports built from a text seed.

Tests, benchmarks and batch-audit runs need report files in every format
that carry *the same* content as a text seed, so that the findings can be
compared.  This module parses a seed into paragraphs and the statistical
tables laid out as the official form (merged header cells, group labels
spanning rows), keeping the seed's own cell texts - garbles, blanks and
spaces included - and writes that with the real libraries:

* :func:`seed_to_docx` - python-docx, real tables with gridSpan / vMerge,
  Word bookmarks, a field code and tracked changes that must not leak;
* :func:`seed_to_html` - a government web page with navigation, share
  buttons, scripts and footer around the report, rowspan/colspan tables,
  ``&nbsp;`` in empty cells, UTF-8 or GBK with a meta charset;
* :func:`seed_to_pdf` - reportlab with the CID font STSong-Light, ruled
  tables, running header and page numbers, a table split over two pages.

:func:`parse_seed` gives the model the files are written from; its
``expected_paragraphs()`` and ``Grid.expected_rows()`` are what a reader
should give back (text in the first cell of a merged range, "" elsewhere).
"""
from __future__ import annotations

import html as html_lib
import re
from dataclasses import dataclass, field
from typing import Optional, Union

from gklint.model import RawTable
from gklint.readers import ReadOptions
from gklint.readers.text import read_text
from gklint.textnorm import normalize

# -- the seed model ------------------------------------------------------------

_BOOKMARK = re.compile(r"\[bookmark: ?([^\]]+)\]")
_HEADING = re.compile(r"^[一二三四五六七八九十]+[、.．,，]")
_HAN = re.compile(r"[\u3400-\u9fff]")
_HAN2 = re.compile(r"[\u3400-\u9fff].*[\u3400-\u9fff]")
_NUMBERING = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.,]|\([一二三四五六七八九十\d]+\)|\d+[.,、]?)+")


@dataclass
class Para:
    text: str
    style: str = "body"  # title | heading | body | signature
    bookmarks: list[str] = field(default_factory=list)


@dataclass
class GridCell:
    text: str
    rowspan: int = 1
    colspan: int = 1


@dataclass
class Grid:
    """A table as HTML writes it: each row lists the cells that start in it."""

    kind: str  # table2 | table3 | table4 | other
    rows: list[list[GridCell]]
    ncols: int
    header_rows: int = 0

    def layout(self) -> list[list[Optional[tuple[GridCell, bool]]]]:
        """Full grid: ``(cell, is_origin)`` for every grid position."""
        grid: list[list[Optional[tuple[GridCell, bool]]]] = [
            [None] * self.ncols for _ in self.rows]
        for r, row in enumerate(self.rows):
            c = 0
            for cell in row:
                while c < self.ncols and grid[r][c] is not None:
                    c += 1
                for dr in range(cell.rowspan):
                    for dc in range(cell.colspan):
                        grid[r + dr][c + dc] = (cell, dr == 0 and dc == 0)
                c += cell.colspan
        return grid

    def expected_rows(self) -> list[list[str]]:
        """What a reader should return: origin text, "" for covered cells."""
        return [[(slot[0].text if slot and slot[1] else "") for slot in row]
                for row in self.layout()]


Block = Union[Para, Grid]


@dataclass
class SeedReport:
    blocks: list[Block]

    def paragraphs(self) -> list[Para]:
        return [b for b in self.blocks if isinstance(b, Para)]

    def grids(self) -> list[Grid]:
        return [b for b in self.blocks if isinstance(b, Grid)]

    def grid(self, kind: str) -> Grid:
        return next(g for g in self.grids() if g.kind == kind)

    def expected_paragraphs(self) -> list[str]:
        return [p.text for p in self.paragraphs()]


def parse_seed(seed_text: str) -> SeedReport:
    """Paragraphs and form tables of a text seed, in reading order."""
    doc = read_text("seed.txt", seed_text.encode("utf-8"), ReadOptions())
    blocks: list[Block] = []
    seen_heading = False
    for block in doc.blocks:
        if isinstance(block, RawTable):
            blocks.extend(_grids_of(block))
            continue
        text = block.text
        bookmarks = _BOOKMARK.findall(text)
        text = _BOOKMARK.sub("", text).strip()
        if not text:
            continue
        short = len(text) <= 40
        if short and _HEADING.match(text):
            style, seen_heading = "heading", True
        elif not seen_heading and short:
            style = "title"
        elif seen_heading and short and _indent_of(doc.text, block.span.start) >= 4:
            style = "signature"
        else:
            style = "body"
        blocks.append(Para(text, style, bookmarks))
    return SeedReport(blocks)


def _indent_of(text: str, offset: int) -> int:
    line_start = text.rfind("\n", 0, offset) + 1
    return len(text[line_start:offset].expandtabs(4))


# -- seed tables -> official layout --------------------------------------------

_T2_BLOCKS = (
    ("一", ["本年制发件数", "本年废止件数", "现行有效件数"], ["规章", "行政规范性文件"]),
    ("五", ["本年处理决定数量"], ["行政许可"]),
    ("六", ["本年处理决定数量"], ["行政处罚", "行政强制"]),
    ("八", ["本年收费金额（单位：万元）"], ["行政事业性收费"]),
)
# The 2019 format's table 2 (国办公开办函〔2019〕60号), as real 2019 reports print it.
_T2_BLOCKS_2019 = (
    ("一", ["本年新制作数量", "本年新公开数量", "对外公开总数量"], ["规章", "规范性文件"]),
    ("五", ["上一年项目数量", "本年增/减", "处理决定数量"], ["行政许可", "其他对外管理服务事项"]),
    ("六", ["上一年项目数量", "本年增/减", "处理决定数量"], ["行政处罚", "行政强制"]),
    ("八", ["上一年项目数量", "本年增/减"], ["行政事业性收费"]),
    ("九", ["采购项目数量", "采购总金额"], ["政府集中采购"]),
)
_T3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
# (level, group label, [(row label, match key)]): "top" rows span the three
# label columns; "outcome" rows sit under 三、本年度办理结果.
_T3_ROWS = (
    ("top", None, [("一、本年新收政府信息公开申请数量", "本年新收政府信息公开申请数量")]),
    ("top", None, [("二、上年结转政府信息公开申请数量", "上年结转政府信息公开申请数量")]),
    ("outcome", None, [("（一）予以公开", "予以公开")]),
    ("outcome", None, [("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "部分公开")]),
    ("outcome", "（三）不予公开", [
        ("1.属于国家秘密", "属于国家秘密"),
        ("2.其他法律行政法规禁止公开", "其他法律行政法规禁止公开"),
        ("3.危及“三安全一稳定”", "危及\"三安全一稳定\""),
        ("4.保护第三方合法权益", "保护第三方合法权益"),
        ("5.属于三类内部事务信息", "属于三类内部事务信息"),
        ("6.属于四类过程性信息", "属于四类过程性信息"),
        ("7.属于行政执法案卷", "属于行政执法案卷"),
        ("8.属于行政查询事项", "属于行政查询事项")]),
    ("outcome", "（四）无法提供", [
        ("1.本机关不掌握相关政府信息", "本机关不掌握相关政府信息"),
        ("2.没有现成信息需要另行制作", "没有现成信息需要另行制作"),
        ("3.补正后申请内容仍不明确", "补正后申请内容仍不明确")]),
    ("outcome", "（五）不予处理", [
        ("1.信访举报投诉类申请", "信访举报投诉类申请"),
        ("2.重复申请", "重复申请"),
        ("3.要求提供公开出版物", "要求提供公开出版物"),
        ("4.无正当理由大量反复申请", "无正当理由大量反复申请"),
        ("5.要求行政机关确认或重新出具已获取信息", "要求行政机关确认或重新出具已获取信息")]),
    ("outcome", "（六）其他处理", [
        ("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
         "申请人无正当理由逾期不补正"),
        ("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
         "申请人逾期未按收费通知要求缴纳费用"),
        ("3.其他", "其他")]),
    ("outcome", None, [("（七）总计", "总计")]),
    ("top", None, [("四、结转下年度继续办理", "结转下年度继续办理")]),
)
_T3_COLUMNS = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")
_T4_RESULTS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")


class _Cells:
    """The cells of one seed table in reading order, with their raw rows."""

    def __init__(self, table: RawTable, start: int = 0, end: Optional[int] = None) -> None:
        self.mode = table.mode
        self.texts: list[str] = []
        self.row_of: list[int] = []
        self.rows: list[list[int]] = []
        for row in table.rows:
            ids = []
            for cell in row:
                ids.append(len(self.texts))
                self.texts.append(cell.text)
                self.row_of.append(len(self.rows))
            self.rows.append(ids)
        self.keys = [normalize(t) for t in self.texts]
        self.start, self.end = start, len(self.texts) if end is None else end
        self.used: set[int] = set()

    def zone(self, start: int, end: int) -> "_Cells":
        other = object.__new__(_Cells)
        other.__dict__.update(self.__dict__)
        other.start, other.end, other.used = start, end, set()
        return other

    def find(self, predicate, start: Optional[int] = None, end: Optional[int] = None) -> int:
        for i in range(self.start if start is None else start, self.end if end is None else end):
            if i not in self.used and predicate(self.keys[i]):
                return i
        return -1

    def take_label(self, canonical: str, start: int, end: int) -> str:
        """The seed's own text for a header label, else the canonical one."""
        target = normalize(canonical)
        i = self.find(lambda k: _same_label(k, target), start, end)
        if i < 0:
            return canonical
        self.used.add(i)
        return self.texts[i]

    def values_after(self, label: int, n: int) -> list[str]:
        """The ``n`` value cells of the row labelled at ``label``."""
        if self.mode == "stream":
            values = []
            i = label + 1
            while i < self.end and len(values) < n and not _HAN2.search(self.texts[i]):
                values.append(self.texts[i])
                i += 1
        else:
            values = [self.texts[i] for i in self.rows[self.row_of[label]] if i > label]
            values = _trim_to(values, n)
        return values + [""] * (n - len(values))

    def last_values(self, n: int) -> list[str]:
        """An unlabelled data row (table 4): the last ``n`` cells with numbers."""
        if self.mode == "stream":
            values = self.texts[max(self.start, self.end - n):self.end]
            return [""] * (n - len(values)) + values
        for r in range(self.row_of[self.end - 1], self.row_of[self.start] - 1, -1):
            texts = [self.texts[i] for i in self.rows[r] if self.start <= i < self.end]
            if any(t.strip().replace(".", "").isdigit() for t in texts):
                texts = _trim_to(texts, n)
                return [""] * (n - len(texts)) + texts
        return [""] * n


def _trim_to(values: list[str], n: int) -> list[str]:
    while len(values) > n and not values[-1]:
        values.pop()
    while len(values) > n and not values[0]:
        values.pop(0)
    return values[-n:] if len(values) > n else values


def _same_label(key: str, target: str) -> bool:
    """Equal after normalisation, or one character off (an OCR garble)."""
    if key == target:
        return True
    return (len(target) >= 4 and len(key) == len(target)
            and sum(a != b for a, b in zip(key, target)) == 1)


def _names_row(key: str, target: str) -> bool:
    core = _NUMBERING.sub("", key, count=1)
    if core == target:
        return True
    return len(target) >= 4 and core.startswith(target) or (len(target) >= 6 and target in core)


def _grids_of(table: RawTable) -> list[Grid]:
    cells = _Cells(table)
    starts = []
    t2 = cells.find(lambda k: "第二十条第" in k)
    if t2 >= 0:
        starts.append(("table2", t2))
    t3 = cells.find(lambda k: any(a in k for a in ("本列数据的勾稽关系", "申请人情况",
                                                   "本年新收政府信息公开申请数量")),
                    start=max(t2, 0))
    if t3 >= 0:
        starts.append(("table3", t3))
    t4 = cells.find(lambda k: k == "行政复议", start=max(t3, t2, 0))
    if t4 >= 0:
        starts.append(("table4", t4))
    if not starts:
        return [_other_grid(table)]
    grids = []
    for n, (kind, start) in enumerate(starts):
        end = starts[n + 1][1] if n + 1 < len(starts) else len(cells.texts)
        zone = cells.zone(start, end)
        grids.append({"table2": _table2, "table3": _table3, "table4": _table4}[kind](zone))
    return grids


def _other_grid(table: RawTable) -> Grid:
    width = max(len(r) for r in table.rows)
    rows = [[GridCell(c.text) for c in r] + [GridCell("") for _ in range(width - len(r))]
            for r in table.rows]
    return Grid("other", rows, width)


def _table2(cells: _Cells) -> Grid:
    rows: list[list[GridCell]] = []
    form_2019 = cells.find(lambda k: "本年新制作数量" in k) >= 0
    for item, columns, row_labels in _T2_BLOCKS_2019 if form_2019 else _T2_BLOCKS:
        title = cells.find(lambda k, item=item: f"第二十条第({item})项" in k)
        if title < 0:
            continue
        first_row = cells.find(lambda k, labels=row_labels: any(_names_row(k, normalize(x))
                                                                  for x in labels), start=title)
        header_end = first_row if first_row >= 0 else cells.end
        header = [cells.texts[i] for i in range(title + 1, header_end) if cells.texts[i]]
        if not header:
            header = ["信息内容"] + columns
        rows.append([GridCell(cells.texts[title], colspan=4)])
        rows.append(_block_row(header[0], header[1:], len(columns)))
        pointer = header_end
        for label in row_labels:
            i = cells.find(lambda k, t=normalize(label): _names_row(k, t), start=pointer)
            if i < 0:
                continue
            rows.append(_block_row(cells.texts[i], cells.values_after(i, len(columns)),
                                   len(columns)))
            pointer = i + 1
    return Grid("table2", rows, 4)


def _block_row(label: str, values: list[str], ncolumns: int) -> list[GridCell]:
    """A row of a table 2 block: one value spans the three value columns."""
    if ncolumns == 1:
        return [GridCell(label), GridCell(values[0] if values else "", colspan=3)]
    return [GridCell(label)] + [GridCell(v) for v in (values + [""] * 3)[:3]]


def _table3(cells: _Cells) -> Grid:
    first_data = cells.find(lambda k: "本年新收政府信息公开申请数量" in k)
    header_end = first_data if first_data >= 0 else cells.end
    note = cells.find(lambda k: "本列数据的勾稽关系" in k, end=header_end)
    note_text = cells.texts[note] if note >= 0 else _T3_NOTE
    if note >= 0:
        cells.used.add(note)
    label = lambda text: cells.take_label(text, cells.start, header_end)  # noqa: E731
    rows: list[list[GridCell]] = [
        [GridCell(note_text, rowspan=3, colspan=3), GridCell(label("申请人情况"), colspan=7)],
        [GridCell(label("自然人"), rowspan=2), GridCell(label("法人或其他组织"), colspan=5),
         GridCell(label("总计"), rowspan=2)],
        [GridCell(label(c)) for c in _T3_COLUMNS[1:6]],
    ]
    body = _table3_body(cells, header_end)
    return Grid("table3", rows + body, 10, header_rows=3)


def _table3_body(cells: _Cells, pointer: int) -> list[list[GridCell]]:
    """Rows of table 3, group labels spanning the rows of their group."""
    rows: list[list[GridCell]] = []
    outcome_rows: list[int] = []
    outcome_label: Optional[str] = None
    for level, group, items in _T3_ROWS:
        before = pointer
        found = []
        for _text, target in items:
            i = cells.find(lambda k, t=normalize(target): _names_row(k, t), start=pointer)
            if i >= 0:
                found.append(i)
                pointer = i + 1
        if not found and group is not None:  # a group as one row (2019: （六）其他处理)
            key = _NUMBERING.sub("", normalize(group), count=1)
            i = cells.find(lambda k: _names_row(k, key), start=pointer)
            if i >= 0:
                found, group, pointer = [i], None, i + 1
        if not found:
            continue
        if level == "outcome" and outcome_label is None:
            g = cells.find(lambda k: _names_row(k, "本年度办理结果"), start=before, end=found[0])
            outcome_label = cells.texts[g] if g >= 0 else "三、本年度办理结果"
            before = g + 1 if g >= 0 else before
        group_text = None
        if group is not None:
            key = _NUMBERING.sub("", normalize(group), count=1)
            g = cells.find(lambda k: _names_row(k, key), start=before, end=found[0])
            group_text = cells.texts[g] if g >= 0 else group
        for n, i in enumerate(found):
            row: list[GridCell] = []
            if group_text is not None:
                if n == 0:
                    row.append(GridCell(group_text, rowspan=len(found)))
                row.append(GridCell(cells.texts[i]))
            else:
                row.append(GridCell(cells.texts[i], colspan=2 if level == "outcome" else 3))
            if level == "outcome":
                outcome_rows.append(len(rows))
            rows.append(row + [GridCell(v) for v in cells.values_after(i, 7)])
    if outcome_rows:
        rows[outcome_rows[0]].insert(0, GridCell(outcome_label or "三、本年度办理结果",
                                                 rowspan=len(outcome_rows)))
    return rows


def _table4(cells: _Cells) -> Grid:
    header_end = cells.end
    label = lambda text: cells.take_label(text, cells.start, header_end)  # noqa: E731
    rows = [
        [GridCell(label("行政复议"), colspan=5), GridCell(label("行政诉讼"), colspan=10)],
        [GridCell(label(r), rowspan=2) for r in _T4_RESULTS]
        + [GridCell(label("未经复议直接起诉"), colspan=5), GridCell(label("复议后起诉"), colspan=5)],
        [GridCell(label(r)) for r in _T4_RESULTS * 2],
        [GridCell(v) for v in cells.last_values(15)],
    ]
    return Grid("table4", rows, 15, header_rows=3)


# -- .docx ----------------------------------------------------------------------

def seed_to_docx(path: str, seed_text: str, *, debris: bool = True,
                 numbered_headings: bool = False) -> SeedReport:
    """Write the seed as a Word document; returns the model it was built from.

    With ``debris`` the document also carries what real Word files carry and
    a reader must not show: bookmarks, a HYPERLINK field code with its
    MERGEFORMAT switch, a tracked deletion (and an insertion that stays),
    hidden text, a comment, proofing marks, and header/footer text.  With
    ``numbered_headings`` the 一、二、… of the section headings are Word's
    automatic numbering (a chineseCounting list), not text.
    """
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    report = parse_seed(seed_text)
    document = docx.Document()
    _docx_chinese_font(document)
    debris_done = not debris
    bookmark_ids = iter(range(100, 10_000))
    for block in report.blocks:
        if isinstance(block, Grid):
            docx_table(document, block)
            continue
        style = {"title": "Title", "heading": "Heading 1"}.get(block.style)
        paragraph = document.add_paragraph(style=style)
        if block.style == "signature":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        if numbered_headings and block.style == "heading" and _HEADING_NUMBER.match(block.text):
            number, rest = _HEADING_NUMBER.match(block.text).groups()
            docx_number(paragraph, _chinese_list(document, _CN_VALUES[number]))
            paragraph.add_run(rest)
        elif not debris_done and block.style == "body" and len(block.text) >= 20:
            _docx_runs_with_debris(document, paragraph, block.text)
            debris_done = True
        else:
            paragraph.add_run(block.text)
        for name in block.bookmarks:
            docx_bookmark(paragraph, name, next(bookmark_ids))
    if debris:
        section = document.sections[0]
        section.header.paragraphs[0].text = "政府信息公开专栏（页眉）"
        section.footer.paragraphs[0].text = "第 1 页（页脚）"
    document.save(path)
    return report


_HEADING_NUMBER = re.compile(r"^([一二三四五六七八九十])、(.*)$")
_CN_VALUES = {c: i for i, c in enumerate("一二三四五六七八九十", 1)}


def _chinese_list(document, number: int) -> str:
    """The numId of a "一、" list (chineseCounting) that shows ``number`` next:
    the running list, or a restart when the seed skipped a heading."""
    state = document.__dict__.setdefault("_gklint_list", {"next": None, "num": None})
    if state["num"] is None or state["next"] != number:
        state["num"] = docx_list(document, "chineseCounting", "%1、", start=number)
    state["next"] = number + 1
    return state["num"]


def docx_list(document, fmt: str, text: str, start: int = 1) -> str:
    """Add a one-level numbering definition (``numFmt`` ``fmt``, ``lvlText``
    ``text``) to the document; returns its numId."""
    from docx.oxml.parser import parse_xml

    numbering = document.part.numbering_part.element
    ids = [int(n.get(qn_w("numId"))) for n in numbering.iter(qn_w("num"))]
    abstract_ids = [int(a.get(qn_w("abstractNumId"))) for a in numbering.iter(qn_w("abstractNum"))]
    num_id, abstract_id = max(ids, default=0) + 1, max(abstract_ids, default=0) + 1
    abstract = parse_xml(
        f'<w:abstractNum {DOCX_NAMESPACES} w:abstractNumId="{abstract_id}">'
        f'<w:multiLevelType w:val="singleLevel"/><w:lvl w:ilvl="0"><w:start w:val="1"/>'
        f'<w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/><w:suff w:val="nothing"/>'
        f"</w:lvl></w:abstractNum>")
    num = parse_xml(
        f'<w:num {DOCX_NAMESPACES} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>'
        f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{start}"/></w:lvlOverride></w:num>')
    first_num = next(iter(numbering.iter(qn_w("num"))), None)
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    numbering.append(num)
    return str(num_id)


def docx_number(paragraph, num_id: str, level: int = 0) -> None:
    """Make ``paragraph`` an item of list ``num_id`` (automatic number)."""
    props = paragraph._p.get_or_add_pPr()
    num_pr = _w("w:numPr")
    num_pr.append(_w("w:ilvl", val=str(level)))
    num_pr.append(_w("w:numId", val=num_id))
    props.append(num_pr)


def qn_w(tag: str) -> str:
    return "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}" + tag


def _docx_chinese_font(document) -> None:
    from docx.oxml.ns import qn

    style = document.styles["Normal"]
    style.font.name = "SimSun"
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")


def docx_table(document_or_cell, grid: Grid):
    """Add ``grid`` as a real Word table with merged cells (gridSpan, vMerge)."""
    table = document_or_cell.add_table(rows=len(grid.rows), cols=grid.ncols)
    if hasattr(document_or_cell, "styles"):
        table.style = "Table Grid"
    for r, row in enumerate(grid.layout()):
        for c, slot in enumerate(row):
            if slot is None or not slot[1]:
                continue
            cell_model = slot[0]
            cell = table.cell(r, c)
            if cell_model.rowspan > 1 or cell_model.colspan > 1:
                cell = cell.merge(table.cell(r + cell_model.rowspan - 1,
                                             c + cell_model.colspan - 1))
            cell.text = cell_model.text
    return table


def docx_bookmark(paragraph, name: str, bookmark_id: int) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(bookmark_id))
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(bookmark_id))
    paragraph._p.insert(1 if paragraph._p.pPr is not None else 0, start)
    paragraph._p.append(end)


def _w(tag: str, text: Optional[str] = None, **attrs):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    el = OxmlElement(tag)
    for key, value in attrs.items():
        el.set(qn("w:" + key), value)
    if text is not None:
        el.text = text
        el.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return el


def _run(*children):
    run = _w("w:r")
    for child in children:
        run.append(child)
    return run


def _docx_runs_with_debris(document, paragraph, text: str) -> None:
    """Write ``text`` so that only ``text`` is visible, among Word's debris."""
    a, b, c = len(text) // 4, len(text) // 2, 3 * len(text) // 4
    p = paragraph._p
    p.append(_w("w:proofErr", type="spellStart"))
    p.append(_run(_w("w:t", text[:a])))
    p.append(_w("w:proofErr", type="spellEnd"))
    # A complex field: the instruction must not show, the result must.
    p.append(_run(_w("w:fldChar", fldCharType="begin")))
    p.append(_run(_w("w:instrText", ' HYPERLINK "http://www.gov.cn/" \\* MERGEFORMAT ')))
    p.append(_run(_w("w:fldChar", fldCharType="separate")))
    p.append(_run(_w("w:t", text[a:b])))
    p.append(_run(_w("w:fldChar", fldCharType="end")))
    deleted = _w("w:del", id="901", author="审核人", date="2022-01-10T00:00:00Z")
    deleted.append(_run(_w("w:delText", "（此处为修订删除的旧文字）")))
    p.append(deleted)
    inserted = _w("w:ins", id="902", author="审核人", date="2022-01-10T00:00:00Z")
    inserted.append(_run(_w("w:t", text[b:c])))
    p.append(inserted)
    hidden_props = _w("w:rPr")
    hidden_props.append(_w("w:vanish"))
    p.append(_run(hidden_props, _w("w:t", "【隐藏文字】")))
    last = paragraph.add_run(text[c:])
    if hasattr(document, "add_comment"):
        document.add_comment(last, text="批注：请核实数据", author="审核人")


DOCX_NAMESPACES = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:v="urn:schemas-microsoft-com:vml"')


def docx_with_body_xml(path: str, body_xml: str) -> None:
    """A real .docx (python-docx package) whose body is ``body_xml``.

    For WordprocessingML that python-docx has no API for: text boxes, content
    controls, legacy merges, nested layout tables.  ``body_xml`` may use the
    prefixes of :data:`DOCX_NAMESPACES`.
    """
    import docx
    from docx.oxml.parser import parse_xml

    document = docx.Document()
    body = document.element.body
    fragment = parse_xml(f"<w:body {DOCX_NAMESPACES}>{body_xml}</w:body>")
    sect_pr = body[-1]
    for child in list(fragment):
        sect_pr.addprevious(child)
    document.save(path)


# -- .html ----------------------------------------------------------------------

_PAGE_HEAD = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
{meta}
<title>{title} - 政府信息公开专栏</title>
<link rel="stylesheet" href="/css/common.css">
<style type="text/css">
  body {{ font-family: "宋体", SimSun; }}  /* 一、总体情况 样式里的中文不是正文 */
  .TRS_Editor p {{ text-indent: 2em; line-height: 1.8; }}
</style>
<script type="text/javascript">
  var _hmt = _hmt || []; // 统计代码：二、主动公开政府信息情况
  document.write("<div class='ad'>本站由县政务信息中心维护</div>");
</script>
</head>
<body>
<div class="top">
  <div class="logo">政府门户网站</div>
  <ul class="nav">
    <li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li>
    <li><a href="/zwgk/ndbg/">政府信息公开年报</a></li><li><a href="/bsfw/">政务服务</a></li>
    <li><a href="/hdjl/">互动交流</a></li>
  </ul>
</div>
<div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政府信息公开</a>
  &gt; <a href="/zwgk/ndbg/">政府信息公开年报</a></div>
<div class="sidebar"><h3>栏目导航</h3><ul>
  <li><a href="#s1">一、总体情况</a></li><li><a href="#s2">二、主动公开政府信息情况</a></li>
  <li><a href="#s5">五、存在的主要问题及改进情况</a></li></ul></div>
<div class="article">
  <h1 class="article-title">{title}</h1>
  <div class="article-meta">发布时间：2022-02-15 来源：县政府办公室 浏览次数：<span>1024</span>
    【字体：<a href="#">大</a> <a href="#">中</a> <a href="#">小</a>】</div>
  <div class="bdsharebuttonbox share">分享到：<a class="bds_weixin">微信</a>
    <a class="bds_tsina">新浪微博</a><a class="bds_qzone">QQ空间</a></div>
  <div class="TRS_Editor" id="zoom">
"""
_PAGE_TAIL = """  </div>
  <div class="article-tools">【<a href="javascript:window.print()">打印本页</a>】
    【<a href="javascript:window.close()">关闭窗口</a>】</div>
  <div class="related"><h3>相关文章</h3><ul>
    <li><a href="/2021/">2020年政府信息公开工作年度报告</a></li>
    <li><a href="/2020/">2019年政府信息公开工作年度报告</a></li></ul></div>
</div>
<div class="footer">主办：县人民政府办公室 承办：县政务信息中心<br>
  网站标识码：1410260001 晋ICP备12345678号 晋公网安备 14102602000001号</div>
<script src="/js/jquery.min.js"></script>
<script>$(function () {{ $(".share").show(); /* 六、其他需要报告的事项 */ }});</script>
</body>
</html>
"""


def seed_to_html(path: str, seed_text: str, *, encoding: str = "utf-8",
                 title_in_body: bool = True) -> SeedReport:
    """Write the seed as a government web page; returns the model.

    ``encoding`` "gbk" or "gb2312" writes GBK bytes under a
    ``<meta http-equiv ... charset=gb2312>`` (what such sites really serve);
    anything else gets ``<meta charset>``.  With ``title_in_body`` False the
    title paragraphs appear only as the page's ``<h1>``, outside the article
    body, as on many CMS templates.
    """
    report = parse_seed(seed_text)
    page = seed_report_html(report, encoding=encoding, title_in_body=title_in_body)
    codec = "gbk" if encoding.lower() in ("gbk", "gb2312", "gb18030") else encoding
    with open(path, "wb") as fh:
        fh.write(page.encode(codec))
    return report


def seed_report_html(report: SeedReport, *, encoding: str = "utf-8",
                     title_in_body: bool = True) -> str:
    if encoding.lower() in ("gbk", "gb2312"):
        meta = f'<meta http-equiv="Content-Type" content="text/html; charset={encoding}">'
    else:
        meta = f'<meta charset="{encoding}">'
    title = "".join(p.text for p in report.paragraphs() if p.style == "title")
    parts = [_PAGE_HEAD.format(meta=meta, title=html_lib.escape(title))]
    for block in report.blocks:
        if isinstance(block, Grid):
            parts.append(html_table(block))
        elif block.style != "title" or title_in_body:
            parts.append(_html_paragraph(block))
    parts.append(_PAGE_TAIL.format())
    return "".join(parts)


def _html_paragraph(para: Para) -> str:
    text = html_lib.escape(para.text, quote=False)
    anchors = "".join(f'<a name="{html_lib.escape(b)}"></a>' for b in para.bookmarks)
    if para.style == "title":
        return f'    <p style="text-align:center"><strong>{anchors}{text}</strong></p>\n'
    if para.style == "heading":
        return f"    <p>{anchors}<strong>{text}</strong></p>\n"
    if para.style == "signature":
        return f'    <p style="text-align:right">{anchors}{text}</p>\n'
    return f"    <p>{anchors}{text}</p>\n"


def html_table(grid: Grid) -> str:
    """A Word-exported-looking HTML table: spans, <p><span> in cells, &nbsp; blanks."""
    lines = ['    <table border="1" cellspacing="0" cellpadding="0" '
             'style="border-collapse:collapse">', "      <tbody>"]
    for row in grid.rows:
        cells = []
        for cell in row:
            attrs = ""
            if cell.rowspan > 1:
                attrs += f' rowspan="{cell.rowspan}"'
            if cell.colspan > 1:
                attrs += f' colspan="{cell.colspan}"'
            if cell.text:
                body = (f'<p align="center"><span style="font-family:宋体">'
                        f"{html_lib.escape(cell.text, quote=False)}</span></p>")
            else:
                body = "&nbsp;"
            cells.append(f'<td{attrs} valign="middle">{body}</td>')
        lines.append("        <tr>" + "".join(cells) + "</tr>")
    lines += ["      </tbody>", "    </table>", ""]
    return "\n".join(lines)


# -- .pdf -----------------------------------------------------------------------

PDF_HEADER_TEXT = "政府信息公开专栏"


def _pdf_styles() -> dict:
    from reportlab.lib.enums import TA_CENTER, TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    base = dict(fontName="STSong-Light", wordWrap="CJK")
    return {
        "title": ParagraphStyle("title", fontSize=18, leading=26, alignment=TA_CENTER,
                                spaceAfter=6, **base),
        "heading": ParagraphStyle("heading", fontSize=14, leading=22, spaceBefore=6, **base),
        "body": ParagraphStyle("body", fontSize=12, leading=20, firstLineIndent=24, **base),
        "signature": ParagraphStyle("signature", fontSize=12, leading=20, alignment=TA_RIGHT,
                                    **base),
        "cell": ParagraphStyle("cell", fontSize=8, leading=10, **base),
    }


def seed_to_pdf(path: str, seed_text: str, *, split_table: Optional[str] = "table3",
                repeat_header: bool = False, copies: int = 1) -> SeedReport:
    """Write the seed as a PDF (reportlab, STSong-Light); returns the model.

    Tables are ruled grids with merged cells that break at the foot of a page
    the way Word does, through row-spanning label cells (the part on the next
    page has an empty cell for the rest of the span); with ``repeat_header``
    the header rows are repeated there.  ``split_table`` (table2/3/4) is
    placed so that it does break over two pages.  Every page has a running
    header and a page number.  ``copies`` repeats the report (long files for
    benchmarks).
    """
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import cm
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    report = parse_seed(seed_text)
    styles = _pdf_styles()
    story: list = []
    for _ in range(copies):
        for block in report.blocks:
            if isinstance(block, Para):
                story.append(Paragraph(_pdf_escape(block.text), styles[block.style]))
                continue
            table = BreakableTable(block, styles, repeat_header)
            if block.kind == split_table:
                story.append(_LeaveRoom(table, share=0.5))
            story.append(table)
    doc = SimpleDocTemplate(path, pagesize=A4, leftMargin=2.5 * cm, rightMargin=2.5 * cm,
                            topMargin=2.5 * cm, bottomMargin=2.5 * cm,
                            title="政府信息公开工作年度报告")
    doc.build(story, onFirstPage=_pdf_page_furniture, onLaterPages=_pdf_page_furniture)
    return report


def _flowable_base():
    from reportlab.platypus import Flowable

    return Flowable


class BreakableTable(_flowable_base()):
    """A ruled table that splits at any row, cutting row spans, as Word does."""

    def __init__(self, grid: "Grid", styles: dict, repeat_header: bool = False) -> None:
        super().__init__()
        self.grid, self.styles, self.repeat_header = grid, styles, repeat_header
        self.table = pdf_table(grid, styles)

    def wrap(self, available_width, available_height):
        self.width, self.height = self.table.wrap(available_width, available_height)
        return self.width, self.height

    def draw(self):
        self.table.drawOn(self.canv, 0, 0)

    def split(self, available_width, available_height):
        rows = len(self.grid.rows)
        fits = 0
        for at in range(1, rows):
            first, _ = split_grid(self.grid, at, self.repeat_header)
            if pdf_table(first, self.styles).wrap(available_width, available_height)[1] \
                    > available_height:
                break
            fits = at
        if fits <= self.grid.header_rows:
            return []  # not even one data row fits: the whole table moves on
        first, second = split_grid(self.grid, fits, self.repeat_header)
        return [BreakableTable(first, self.styles),
                BreakableTable(second, self.styles, self.repeat_header)]


class _LeaveRoom(_flowable_base()):
    """Takes up the page so that only ``share`` of ``table``'s height is left."""

    def __init__(self, table: BreakableTable, share: float) -> None:
        super().__init__()
        self.table, self.share = table, share

    def wrap(self, available_width, available_height):
        height = self.table.wrap(available_width, 10_000)[1]
        room = height * self.share
        if available_height < room:
            return available_width, 0
        return available_width, available_height - room

    def draw(self):
        pass


def _pdf_escape(text: str) -> str:
    return html_lib.escape(text, quote=False)


def _pdf_page_furniture(canvas, doc) -> None:
    """Running header with a rule under it, and a centred page number."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import cm

    width, height = A4
    canvas.saveState()
    canvas.setFont("STSong-Light", 9)
    canvas.drawString(2.5 * cm, height - 1.6 * cm, PDF_HEADER_TEXT)
    canvas.setLineWidth(0.5)
    canvas.line(2.5 * cm, height - 1.75 * cm, width - 2.5 * cm, height - 1.75 * cm)
    canvas.drawCentredString(width / 2, 1.4 * cm, f"— {doc.page} —")
    canvas.restoreState()


def pdf_table(grid: Grid, styles: dict):
    """A ruled reportlab Table with SPAN commands for merged cells."""
    from reportlab.platypus import Paragraph, Table

    layout = grid.layout()
    data = [[Paragraph(_pdf_escape(slot[0].text), styles["cell"]) if slot and slot[1] else ""
             for slot in row] for row in layout]
    commands = [("GRID", (0, 0), (-1, -1), 0.5, "black"),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("FONT", (0, 0), (-1, -1), "STSong-Light", 8)]
    for r, row in enumerate(layout):
        for c, slot in enumerate(row):
            if slot and slot[1] and (slot[0].rowspan > 1 or slot[0].colspan > 1):
                commands.append(("SPAN", (c, r), (c + slot[0].colspan - 1,
                                                  r + slot[0].rowspan - 1)))
    return Table(data, colWidths=_column_widths(grid), style=commands)


def _column_widths(grid: Grid) -> list[float]:
    usable = 21.0 / 2.54 * 72 - 2 * 2.5 / 2.54 * 72  # A4 width less margins, in points
    if grid.kind == "table3":
        widths = [50.0, 70.0, 110.0]
        return widths + [(usable - sum(widths)) / 7] * 7
    if grid.kind == "table2":
        return [usable * 0.34] + [usable * 0.22] * 3
    return [usable / grid.ncols] * grid.ncols


def split_grid(grid: Grid, at: Optional[int] = None,
               repeat_header: bool = False) -> tuple[Grid, Grid]:
    """Two parts of ``grid`` split before row ``at``: spans crossing the cut are
    cut too, the second part getting an empty cell for their remainder."""
    at = at if at is not None else (grid.header_rows + len(grid.rows)) // 2
    layout = grid.layout()
    first: list[list[GridCell]] = [[] for _ in range(at)]
    second: list[list[GridCell]] = [[] for _ in range(len(grid.rows) - at)]
    for r, row in enumerate(layout):
        for c, slot in enumerate(row):
            cell, is_origin = slot
            top = r
            while top > 0 and layout[top - 1][c][0] is cell:
                top -= 1
            if c > 0 and layout[r][c - 1][0] is cell:
                continue  # covered horizontally: written with its origin
            if r < at and is_origin:
                first[r].append(GridCell(cell.text, min(cell.rowspan, at - r), cell.colspan))
            elif r >= at and (is_origin or (r == at and top < at)):
                rows_left = top + cell.rowspan - r
                text = cell.text if is_origin else ""
                second[r - at].append(GridCell(text, rows_left, cell.colspan))
    if repeat_header:
        second = [list(row) for row in grid.rows[:grid.header_rows]] + second
    return (Grid(grid.kind, first, grid.ncols, grid.header_rows),
            Grid(grid.kind, second, grid.ncols, grid.header_rows if repeat_header else 0))


# -- OLE compound files (old .doc, encrypted Office files) ------------------------

def ole_file(streams: dict[str, bytes]) -> bytes:
    """A Compound File Binary (v3) holding ``streams`` in the root storage.

    This is the container of Word 97-2003 .doc files (a ``WordDocument``
    stream) and of password-protected .docx files (``EncryptionInfo`` and
    ``EncryptedPackage``).  Streams are padded to 4096 bytes so that all of
    them live in regular sectors (no mini stream).
    """
    import struct

    sector = 512
    end, free, fat_sector, no_stream = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
    names = list(streams)
    data = [streams[n].ljust(4096, b"\0") for n in names]
    dir_sectors = (len(names) + 1 + 3) // 4
    fat: list[int] = [fat_sector]
    fat += [s + 1 if s < dir_sectors else end for s in range(1, dir_sectors + 1)]
    starts = []
    for blob in data:
        count = -(-len(blob) // sector)
        first = len(fat)
        starts.append(first)
        fat += [first + k + 1 for k in range(count - 1)] + [end]
    if len(fat) > sector // 4:
        raise ValueError("ole_file writes one FAT sector: keep the streams small")
    header = struct.pack("<8s16sHHHHH6sIIIIIIIII", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
                         b"\0" * 16, 0x3E, 3, 0xFFFE, 9, 6, b"\0" * 6, 0, 1, 1, 0, 0x1000,
                         end, 0, end, 0)
    header += struct.pack("<109I", 0, *([free] * 108))

    def entry(name: str, kind: int, child: int, right: int, start: int, size: int) -> bytes:
        encoded = (name + "\0").encode("utf-16-le")
        return struct.pack("<64sHBBIII16sIQQIII", encoded, len(encoded), kind, 1, no_stream,
                           right, child, b"\0" * 16, 0, 0, 0, start, size, 0)

    entries = [entry("Root Entry", 5, 1 if names else no_stream, no_stream, end, 0)]
    for i, (name, blob) in enumerate(zip(names, data), 1):
        entries.append(entry(name, 2, no_stream, i + 1 if i < len(names) else no_stream,
                             starts[i - 1], len(blob)))
    directory = b"".join(entries).ljust(dir_sectors * sector, b"\0")
    fat_bytes = struct.pack(f"<{sector // 4}I", *(fat + [free] * (sector // 4 - len(fat))))
    return header + fat_bytes + directory + b"".join(data)
