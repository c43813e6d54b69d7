"""Fixed-layout pages (PDF, OFD) to paragraphs and tables.

A page is its characters with their boxes and its ruling lines (points, y
growing downwards); :func:`page_of` makes grids of the ruling lines and text
lines of the free characters, and :func:`document_of` turns the pages of a
file into one document: page furniture (running headers, footers, page
numbers) dropped, tables drawn without lines found, the items put in reading
order, a table broken over a page joined, and paragraphs rebuilt by layout.
Nothing here knows PDF or OFD: their readers (gklint.readers.pdf,
gklint.readers.ofd) only extract characters and rulings.
"""
from __future__ import annotations

import bisect
import dataclasses
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Optional

from ..model import Document, Segment
from . import ReadError
from .builder import DocumentBuilder, smart_join

_SNAP = 2.0  # ruling positions closer than this are one line
# Horizontal x vertical ruling lines on one page.  A real page of tables has
# a few hundred (40 x 10); 4,000 x 4,000 lines in a 20 KB file made 16
# million cells and 5 GB.
_MAX_CROSSINGS = 100_000
_MARGIN_BAND = 0.09  # top/bottom share of the page where headers and footers live
_COLUMN_GAP = 1.5  # a gap this many characters wide separates unruled table columns
_PAGE_NUMBER = re.compile(
    r"^(?:[-—–－·\s]*\d{1,4}[-—–－·\s]*|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4}|[Pp]age\s*\d{1,4}(?:\s*of\s*\d{1,4})?)$")
_HEADING_START = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[）)])")


@dataclass
class Line:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    page: int
    # Pieces of the line separated by wide gaps: (text, x0, x1).
    chunks: list = field(default_factory=list)

    @property
    def height(self) -> float:
        return self.bottom - self.top


@dataclass
class Table:
    rows: list[list[Optional[str]]]  # None: covered by a merged cell
    xs: list[float]
    top: float
    bottom: float
    page: int
    row_pages: list[int] = field(default_factory=list)
    page_height: float = 0.0
    # Inner column lines (x) of the first and the last row.
    first_lines: frozenset = frozenset()
    last_lines: frozenset = frozenset()


@dataclass
class Page:
    number: int
    height: float
    lines: list[Line]
    tables: list[Table]
    chars: int

def document_of(pages: list[Page], path: str, fmt: str) -> Document:
    """Fixed-layout pages (PDF, OFD) to paragraphs and tables; the page
    numbers printed on the pages, where found, go to
    ``meta["printed_page_numbers"]`` (a file starting at page 4 is a part of
    a report)."""
    printed = drop_page_furniture(pages)
    for page in pages:
        find_unruled_tables(page)
    builder = DocumentBuilder()
    emit(builder, join_split_tables(reading_order(pages)))
    doc = builder.build(path, fmt, has_lines=False)
    if printed:
        doc.meta["printed_page_numbers"] = printed
    return doc

def pages_document(pages: list[Page], path: str, fmt: str, count: int,
                   unreadable: tuple = ()) -> Document:
    """The document of a fixed-layout file's pages (``count`` in the file),
    noting the pages that gave no text (a scanned or blank page) and those
    that could not be read at all (``unreadable``), for one reading finding
    (GK660)."""
    doc = document_of(pages, path, fmt)
    doc.meta["pages"] = count
    empty = [p.number for p in pages if not p.chars]
    if empty:
        doc.meta["pages_without_text"] = empty  # scanned pages inside a text file
    if unreadable:
        doc.meta["unreadable_pages"] = list(unreadable)
    return doc


def page_of(number: int, height: float, chars: list, horizontal: list, vertical: list) -> Page:
    """A page from its characters ``[x0, top, x1, bottom, char, False]`` and
    ruling segments (points, y growing downwards): grids, then text lines."""
    tables = [t for h, v in _components(horizontal, vertical)
              for t in _tables_of(h, v, chars, number)]
    for table in tables:
        table.page_height = height
    free = [c for c in chars if not c[5]]
    return Page(number, height, _lines(free, number), tables, len(chars))

# -- ruling lines to grids ---------------------------------------------------------

def _merge_segments(segments: list) -> list:
    """Collinear segments that touch or overlap become one.

    Segments are first grouped by position (within ``_SNAP``), then merged
    along their extent in order of where they start: sorting by position
    alone put a table's border at x=71.4 (lower on the page) before the
    one at x=73.4 above it, and the merge kept the first one's extent only,
    losing the upper border (a 表二 block read without its label column)."""
    merged: list = []
    group: list = []
    for seg in sorted(segments):
        if group and seg[0] - group[0][0] > _SNAP:
            merged.extend(_merge_extents(group))
            group = []
        group.append(seg)
    if group:
        merged.extend(_merge_extents(group))
    return merged


def _merge_extents(group: list) -> list:
    pos = group[0][0]
    out: list = []
    for _, lo, hi in sorted(group, key=lambda seg: seg[1]):
        if out and lo <= out[-1][2] + _SNAP:
            out[-1] = (pos, out[-1][1], max(out[-1][2], hi))
        else:
            out.append((pos, lo, hi))
    return out


def _components(horizontal: list, vertical: list) -> list[tuple[list, list]]:
    """Groups of crossing ruling segments: one group per table."""
    horizontal = _merge_segments(horizontal)
    vertical = _merge_segments(vertical)
    if len(horizontal) * len(vertical) > _MAX_CROSSINGS:
        raise ReadError("GK907", f"PDF某页的表格线过多（{len(horizontal)} 条横线、{len(vertical)} 条竖线），"
                        "不是正常的统计表，未检查")
    parent = list(range(len(horizontal) + len(vertical)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, (y, x0, x1) in enumerate(horizontal):
        for j, (x, y0, y1) in enumerate(vertical):
            if x0 - _SNAP <= x <= x1 + _SNAP and y0 - _SNAP <= y <= y1 + _SNAP:
                parent[find(i)] = find(len(horizontal) + j)
    groups: dict[int, tuple[list, list]] = {}
    for i, seg in enumerate(horizontal):
        groups.setdefault(find(i), ([], []))[0].append(seg)
    for j, seg in enumerate(vertical):
        groups.setdefault(find(len(horizontal) + j), ([], []))[1].append(seg)
    return [g for g in groups.values() if len(g[0]) >= 2 and len(g[1]) >= 2]


def _cluster(values: list[float]) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] <= _SNAP:
            continue
        out.append(v)
    return out


def _by_position(segments: list, positions: list[float]) -> dict[float, list]:
    """For each grid line position, the ``(lo, hi)`` extents of its segments."""
    return {pos: [(lo, hi) for p, lo, hi in segments if abs(p - pos) <= _SNAP]
            for pos in positions}


def _covered(extents: list, at: float) -> bool:
    """Does one of a grid line's segments run through ``at``?"""
    return any(lo - _SNAP <= at <= hi + _SNAP for lo, hi in extents)


def _tables_of(horizontal: list, vertical: list, chars: list, page: int) -> list[Table]:
    """The tables of one group of ruling lines: usually one, but two tables
    drawn one right under the other share a border and must be told apart."""
    ys = _cluster([y for y, _, _ in horizontal])
    bands = [ys[0]] + [y for y in ys[1:-1] if _table_boundary(horizontal, vertical, ys, y)] \
        + [ys[-1]]
    tables = []
    for top, bottom in zip(bands, bands[1:]):
        band_v = [(x, max(y0, top), min(y1, bottom)) for x, y0, y1 in vertical
                  if min(y1, bottom) - max(y0, top) > _SNAP]
        band_h = [seg for seg in horizontal if top - _SNAP <= seg[0] <= bottom + _SNAP]
        table = _grid_table(band_h, band_v, chars, page)
        if table is not None:
            tables.append(table)
    return tables


def _table_boundary(horizontal: list, vertical: list, ys: list[float], y: float) -> bool:
    """Does one table end at ``y`` and another begin?  Yes when a rule runs the
    full width there and the rows either side share no inner column line."""
    left = min(x0 for _, x0, _ in horizontal)
    right = max(x1 for _, _, x1 in horizontal)
    if not any(abs(p - y) <= _SNAP and x0 <= left + _SNAP and x1 >= right - _SNAP
               for p, x0, x1 in horizontal):
        return False
    k = ys.index(y)
    above = (ys[k - 1] + y) / 2
    below = (y + ys[k + 1]) / 2

    def inner(at: float) -> set:
        return {round(x) for x, y0, y1 in vertical
                if y0 - _SNAP <= at <= y1 + _SNAP and left + _SNAP < x < right - _SNAP}

    over, under = inner(above), inner(below)
    return bool(over) and bool(under) and not any(
        abs(a - b) <= _SNAP for a in over for b in under)


def _grid_table(horizontal: list, vertical: list, chars: list, page: int) -> Optional[Table]:
    xs = _cluster([x for x, _, _ in vertical])
    ys = _cluster([y for y, _, _ in horizontal])
    if len(xs) < 2 or len(ys) < 2:
        return None
    nrows, ncols = len(ys) - 1, len(xs) - 1
    parent = {(r, c): (r, c) for r in range(nrows) for c in range(ncols)}

    def find(cell):
        while parent[cell] != cell:
            cell = parent[cell]
        return cell

    def union(a, b):
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    at_x = _by_position(vertical, xs)
    at_y = _by_position(horizontal, ys)
    for r in range(nrows):
        mid_y = (ys[r] + ys[r + 1]) / 2
        for c in range(ncols - 1):
            if not _covered(at_x[xs[c + 1]], mid_y):
                union((r, c), (r, c + 1))
    for c in range(ncols):
        mid_x = (xs[c] + xs[c + 1]) / 2
        for r in range(nrows - 1):
            if not _covered(at_y[ys[r + 1]], mid_x):
                union((r, c), (r + 1, c))
    texts: dict[tuple[int, int], list] = {}
    for ch in chars:
        cx, cy = (ch[0] + ch[2]) / 2, (ch[1] + ch[3]) / 2
        if not (xs[0] <= cx <= xs[-1] and ys[0] <= cy <= ys[-1]):
            continue
        c = min(bisect.bisect_right(xs, cx) - 1, ncols - 1)
        r = min(bisect.bisect_right(ys, cy) - 1, nrows - 1)
        texts.setdefault(find((r, c)), []).append(ch)
        ch[5] = True
    rows = [[_cell_text(texts.get((r, c), [])) if find((r, c)) == (r, c) else None
             for c in range(ncols)] for r in range(nrows)]

    def lines_of(r: int) -> frozenset:
        return frozenset(round(xs[c + 1]) for c in range(ncols - 1)
                         if find((r, c)) != find((r, c + 1)))

    return Table(rows, xs, ys[0], ys[-1], page, [page] * nrows,
                 first_lines=lines_of(0), last_lines=lines_of(nrows - 1))


def _cell_text(chars: list) -> str:
    return smart_join([line.text for line in _lines(chars, 0)])


# -- characters to lines -----------------------------------------------------------

def _lines(chars: list, page: int) -> list[Line]:
    """Characters grouped into text lines, top to bottom, left to right."""
    if not chars:
        return []
    ordered = sorted(chars, key=lambda ch: (ch[1] + ch[3]) / 2)
    groups: list[list] = []
    centre = None
    for ch in ordered:
        mid = (ch[1] + ch[3]) / 2
        height = max(ch[3] - ch[1], 1.0)
        if groups and abs(mid - centre) <= height * 0.45:
            groups[-1].append(ch)
        else:
            groups.append([ch])
            centre = mid
    return [_line(sorted(g, key=lambda ch: ch[0]), page) for g in groups]


def _line(chars: list, page: int) -> Line:
    parts = []
    chunks: list[list] = []  # [text parts, x0, x1]
    previous = visible = None
    for ch in chars:
        if previous is not None:
            gap = ch[0] - previous[2]
            height = max(previous[3] - previous[1], 1.0)
            if gap > height * 0.6 and previous[4] != " " and ch[4] != " ":
                parts.append(" ")
        parts.append(ch[4])
        previous = ch
        if ch[4] == " ":
            continue
        if visible is None or ch[0] - visible[2] > _COLUMN_GAP * max(visible[3] - visible[1], 1.0):
            chunks.append([[], ch[0], ch[2]])
        elif ch[0] - visible[2] > 0.6 * max(visible[3] - visible[1], 1.0):
            chunks[-1][0].append(" ")
        chunks[-1][0].append(ch[4])
        chunks[-1][2] = ch[2]
        visible = ch
    text = re.sub(r" {2,}", " ", "".join(parts)).strip()
    return Line(text, min(c[0] for c in chars), min(c[1] for c in chars),
                max(c[2] for c in chars), max(c[3] for c in chars), page,
                [("".join(t), x0, x1) for t, x0, x1 in chunks])


# -- tables without ruling lines ---------------------------------------------------

def find_unruled_tables(page: Page) -> None:
    """Tables drawn without lines: runs of lines split by wide gaps into
    aligned pieces.  Columns come from the lines with the most pieces; a
    piece wider than one column (a spanning header) goes to the first column
    it overlaps, "" to the others."""
    runs: list[list[Line]] = [[]]
    for line in sorted(page.lines, key=lambda ln: ln.top):
        current = runs[-1]
        close = bool(current) and line.top - current[-1].bottom <= 1.5 * max(line.height, 1.0)
        if close:
            current.append(line)  # a row, or a one-piece line inside a table
        elif len(line.chunks) >= 2:
            runs.append([line])
        else:
            runs.append([])
    ordered = sorted(page.lines, key=lambda ln: ln.top)
    tables = []
    for run in runs:
        while run and len(run[-1].chunks) < 2:
            run.pop()  # a following single-piece line is text, not a row
        multi = [ln for ln in run if len(ln.chunks) >= 2]
        if len(multi) >= 3 or (len(multi) >= 2 and max(len(ln.chunks) for ln in multi) >= 3):
            tables.append(_unruled_table(_with_caption(run, ordered), page.number))
    if tables:
        used = {id(ln) for table, run in tables for ln in run}
        page.lines = [ln for ln in page.lines if id(ln) not in used]
        for table, _ in tables:
            table.page_height = page.height
            page.tables.append(table)


def _with_caption(run: list[Line], ordered: list[Line]) -> list[Line]:
    """The run with the short line set one row above it (第二十条第（一）项):
    the table's title row, which the form tables are recognised by."""
    k = next(i for i, ln in enumerate(ordered) if ln is run[0])
    if k == 0 or len(run) < 2:
        return run
    above = ordered[k - 1]
    pitch = sorted(b.top - a.top for a, b in zip(run, run[1:]))[(len(run) - 1) // 2]
    if run[0].top - above.top <= 1.3 * pitch and len(above.text) <= 30 \
            and not _HEADING_START.match(above.text):
        return [above] + run
    return run


def _unruled_table(run: list[Line], page: int) -> tuple[Table, list[Line]]:
    most = max(len(ln.chunks) for ln in run)
    columns: list[list[float]] = []
    for line in run:
        if len(line.chunks) < most:
            continue
        for _, x0, x1 in line.chunks:
            for column in columns:
                if x0 <= column[1] and x1 >= column[0]:
                    column[0], column[1] = min(column[0], x0), max(column[1], x1)
                    break
            else:
                columns.append([x0, x1])
    columns.sort()
    rows = []
    for line in run:
        row = [""] * len(columns)
        for text, x0, x1 in line.chunks:
            k = next((i for i, (c0, c1) in enumerate(columns) if x0 <= c1 and x1 >= c0), None)
            if k is None:
                centre = (x0 + x1) / 2
                k = min(range(len(columns)),
                        key=lambda i: abs((columns[i][0] + columns[i][1]) / 2 - centre))
            row[k] = (row[k] + " " + text).strip()
        rows.append(row)
    xs = [columns[0][0]] + [(a[1] + b[0]) / 2 for a, b in zip(columns, columns[1:])] \
        + [columns[-1][1]]
    table = Table(rows, xs, run[0].top, run[-1].bottom, page, [page] * len(rows))
    return table, run


# -- running headers, footers and page numbers ------------------------------------

def drop_page_furniture(pages: list[Page]) -> dict[int, int]:
    """Remove page numbers and text repeated in the top or bottom band of most
    pages; return the number printed on each page that has one (a file whose
    first page is printed "- 4 -" is part of a report, see GK600)."""
    def in_band(line: Line, page: Page) -> bool:
        return line.bottom < page.height * _MARGIN_BAND or line.top > page.height * (
            1 - _MARGIN_BAND)

    def key(line: Line) -> str:
        return re.sub(r"\d+", "#", line.text.replace(" ", ""))

    repeated = Counter(k for page in pages for k in {key(ln) for ln in page.lines
                                                      if in_band(ln, page)})
    threshold = max(2, (len(pages) + 1) // 2)
    numbers: dict[int, int] = {}
    for page in pages:
        for ln in page.lines:
            if in_band(ln, page) and _PAGE_NUMBER.match(ln.text):
                digits = re.findall(r"\d+", ln.text)
                if digits:
                    numbers.setdefault(page.number, int(digits[0]))
    for page in pages:
        page.lines = [ln for ln in page.lines if not in_band(ln, page) or not (
            _PAGE_NUMBER.match(ln.text) or (len(pages) > 1 and repeated[key(ln)] >= threshold))]
    return numbers


# -- pages to blocks --------------------------------------------------------------

def reading_order(pages: list[Page]) -> list:
    """Lines and tables of all pages, each page top to bottom."""
    items: list = []
    for page in pages:
        items.extend(sorted(page.lines + page.tables, key=lambda item: item.top))
    return items


def join_split_tables(items: list) -> list:
    """A table running to the foot of one page and a table with the same outer
    frame at the head of the next page are one table (Word breaks tables so);
    header rows repeated on the new page are dropped."""
    from .continuation import join_broken_row, split_shared_cells

    out: list = []
    for item in items:
        if isinstance(item, Table):
            _adopt_loose_rows(out, item)
        previous = out[-1] if out else None
        if isinstance(item, Table) and isinstance(previous, Table) \
                and item.page == previous.row_pages[-1] + 1 and _continues_table(previous, item) \
                and previous.bottom > previous.page_height * 0.7 \
                and item.top < item.page_height * 0.3:
            union = _columns_union(previous.xs, item.xs)
            previous.rows = _regrid(previous.rows, previous.xs, union)
            previous.xs = union
            # Two values in one cell where this page lacks a column line.
            rows = split_shared_cells(_regrid(item.rows, item.xs, union))
            repeat = 0
            while repeat < len(rows) - 1 and repeat < len(previous.rows) \
                    and rows[repeat] == previous.rows[repeat]:
                repeat += 1
            # A row broken at the page: the rest of its label back on it.
            rows, pages = join_broken_row(previous.rows, rows[repeat:], item.row_pages[repeat:])
            out[-1] = Table(previous.rows + rows, previous.xs, previous.top,
                            item.bottom, previous.page, previous.row_pages + pages,
                            item.page_height)
            continue
        out.append(item)
    return out


def _adopt_loose_rows(out: list, table: Table) -> None:
    """Lines between a table at the foot of a page and ``table`` at the head
    of the next that are rows of the table drawn without their rulings
    (``2.没有现成信息需要另行制作 3 0 0 0 0 0 3``): each becomes a row on the
    table's column lines, so the two parts can be joined."""
    k = len(out)
    while k and isinstance(out[k - 1], Line):
        k -= 1
    if k == len(out) or not k or not isinstance(out[k - 1], Table):
        return
    previous, lines = out[k - 1], out[k:]
    if table.page != previous.row_pages[-1] + 1 or len(lines) > 3:
        return
    left, right = previous.xs[0] - 3, previous.xs[-1] + 3
    if not all(len(ln.chunks) >= 3 and left <= ln.x0 and ln.x1 <= right
               and ln.page in (previous.row_pages[-1], table.page) for ln in lines):
        return
    for ln in lines:
        row: list = [""] * (len(previous.xs) - 1)
        for text, x0, x1 in ln.chunks:
            c = min(max(bisect.bisect_right(previous.xs, (x0 + x1) / 2) - 1, 0), len(row) - 1)
            row[c] = (row[c] + " " + text).strip() if row[c] else text
        if ln.page == previous.row_pages[-1]:
            previous.rows.append(row)
            previous.row_pages.append(ln.page)
            previous.bottom = max(previous.bottom, ln.bottom)
        else:
            table.rows.insert(0, _regrid([row], previous.xs, table.xs)[0]
                              if len(table.xs) != len(previous.xs) else row)
            table.row_pages.insert(0, ln.page)
            table.top = min(table.top, ln.top)
    del out[k:]


def _continues_table(previous: Table, table: Table) -> bool:
    """Same outer frame, and the rows either side of the page break share a
    column line (unless one of them spans the full width)."""
    a, b = previous.xs, table.xs
    if abs(a[0] - b[0]) > 3 or abs(a[-1] - b[-1]) > 3:
        return False
    over, under = previous.last_lines, table.first_lines
    return not over or not under or any(abs(x - y) <= 3 for x in over for y in under)


def _columns_union(a: list[float], b: list[float]) -> list[float]:
    return _cluster(a + b)


def _regrid(rows: list[list[str]], xs: list[float], union: list[float]) -> list[list[str]]:
    """Rows laid on finer column lines: a cell covering several new columns
    keeps its text in the first of them."""
    starts = [min(range(len(union)), key=lambda k: abs(union[k] - x)) for x in xs]
    width = len(union) - 1
    out = []
    for row in rows:
        new: list = [None] * width  # None: covered by the cell to its left
        for c, text in enumerate(row):
            new[starts[c]] = text
        out.append(new)
    return out


def emit(builder: DocumentBuilder, items: list) -> None:
    """Feed lines (joined into paragraphs) and tables to the builder."""
    body = [it for it in items if isinstance(it, Line)]
    left = _left_margin(body)
    right = max((ln.x1 for ln in body), default=0.0)
    paragraph: list[Line] = []
    for item in items:
        if isinstance(item, Table):
            _flush(builder, paragraph)
            paragraph = []
            _emit_table(builder, item)
        elif paragraph and _continues(paragraph[-1], item, left, right):
            paragraph.append(item)
        else:
            _flush(builder, paragraph)
            paragraph = [item]
    _flush(builder, paragraph)


def _left_margin(lines: list[Line]) -> float:
    if not lines:
        return 0.0
    counts = Counter(round(ln.x0) for ln in lines)
    return float(min(counts, key=lambda x: (-counts[x], x)))


def _continues(previous: Line, line: Line, left: float, right: float) -> bool:
    """Is ``line`` the wrapped continuation of the paragraph ending in ``previous``?"""
    size = max(previous.height, 1.0)
    if abs(line.height - previous.height) > 0.2 * size:
        return False  # another font size: a heading or title
    if line.x0 > left + size * 1.2:
        return False  # indented: a new paragraph (or centred, or right-aligned)
    if previous.x1 < right - size * 2:
        return False  # the previous line ended short
    if _HEADING_START.match(line.text) and len(line.text) < 40:
        return False
    if line.page == previous.page and line.top - previous.bottom > size * 1.2:
        return False
    return True


def _flush(builder: DocumentBuilder, lines: list[Line]) -> None:
    if not lines:
        return
    text, starts = "", []
    for line in lines:
        joined = smart_join([text, line.text])
        starts.append(len(joined) - len(line.text.strip()))
        text = joined
    para = builder.paragraph(text, page=lines[0].page)
    if para is None:
        return
    # A paragraph running onto the next page: its text from there is on that page.
    for previous, line, start in zip(lines, lines[1:], starts[1:]):
        if line.page != previous.page:
            builder.segments.append(Segment(para.span.start + start, page=line.page,
                                            paragraph=builder.paragraph_number(line.page),
                                            exact=False))


def _emit_table(builder: DocumentBuilder, table: Table) -> None:
    before = len(builder.segments)
    raw = builder.table(table.rows, page=table.page)
    if raw is None:
        return
    # The builder puts the first page on every cell; cells of rows continued
    # on the next page get theirs.
    cells = iter(range(before, len(builder.segments)))
    for r, row in enumerate(raw.rows):
        for _ in row:
            i = next(cells)
            if table.row_pages[r] != table.page:
                builder.segments[i] = dataclasses.replace(builder.segments[i],
                                                          page=table.row_pages[r])
