"""Table geometry: the raw table cells in text order, header cells, fuzzy
column and row labels, and where a "missing" row, table or column really is.

Analysis, not rules: computed once per document (cached on it) and read by
the table rules (gklint.linting.checks.tables) and the ``table_shape`` /
``table_cells`` rule kinds.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, repeat
from typing import NamedTuple, Optional

from .. import rx
from ..forms import TableSpec, strip_numbering
from ..model import Cell, Document, FormTable, RawCell, Span, field_getter, pin_fields
from ..stash import StashKey
from ..textnorm import normalize

# Labels of row groups that carry no numbers of their own.
GROUP_LABELS = frozenset({"本年度办理结果", "不予公开", "无法提供", "不予处理", "其他处理",
                          "申请人情况", "法人或其他组织", "信息内容"})
_HAN = rx.compile(r"\p{Han}")
_PAREN = rx.compile(r"\([^)]*\)")
_NUMERIC = rx.compile(r"^[-+]?[\d０-９][\d０-９,，.． ]*$")


# -- raw cells in reading order ---------------------------------------------

class RawEntry(NamedTuple):  # a tuple: hundreds are made per report
    cell: RawCell
    row: int  # global raw-row number
    col: int  # index in its raw row
    mode: str  # rows | stream


_CELL, _SPAN, _START = (field_getter(RawEntry, "cell"), field_getter(RawCell, "span"),
                        field_getter(Span, "start"))
pin_fields(RawEntry, "cell", "row", "col", "mode")  # built by position in raw_entries()


# Cached per document (Document.stash): the raw cells in text order and their
# start offsets; per form table, its header cells and the column labels the
# header lacks.
RAW_ENTRIES = StashKey["list[RawEntry]"]("raw_entries")
RAW_STARTS = StashKey[list[int]]("raw_starts")
HEADER_CELLS = StashKey["dict[str, list[RawEntry]]"]("header_cells")
MISSING_COLUMNS = StashKey["dict[str, list[ColumnGap]]"]("missing_columns")


def raw_entries(doc: Document) -> list[RawEntry]:
    """Every raw table cell, in text order (cached on the document)."""
    cached = doc.stash.get(RAW_ENTRIES, None)
    if cached is None:
        cached, row_id = [], 0
        # Built by map and zip, in C, a table at a time: RawEntry's own
        # __new__ is Python code, and a comprehension (or even a map) per
        # row was several % of checking a report.
        new, kind = tuple.__new__, repeat(RawEntry)
        for table in doc.raw_tables():
            rows = table.rows
            sizes = list(map(len, rows))
            row_ids = chain.from_iterable(map(repeat, range(row_id, row_id + len(rows)), sizes))
            cols = chain.from_iterable(map(range, sizes))
            cached.extend(map(new, kind, zip(chain.from_iterable(rows), row_ids, cols,
                                             repeat(table.mode))))
            row_id += len(rows)
        starts = list(map(_START, map(_SPAN, map(_CELL, cached))))
        if starts != sorted(starts):  # readers give text order
            cached.sort(key=lambda e: e.cell.span.start)
            starts = list(map(_START, map(_SPAN, map(_CELL, cached))))
        doc.stash[RAW_ENTRIES] = cached
        doc.stash[RAW_STARTS] = starts
    return cached


def entries_in(doc: Document, start: int, end: int) -> list[RawEntry]:
    entries = raw_entries(doc)
    lo, hi = entry_range(doc, start, end)
    return entries[lo:hi]


def entry_range(doc: Document, start: int, end: int) -> tuple[int, int]:
    """Indexes into :func:`raw_entries` of the cells starting in [start, end)."""
    raw_entries(doc)
    starts = doc.stash[RAW_STARTS]
    return bisect.bisect_left(starts, start), bisect.bisect_left(starts, end)


def _core(text: str) -> str:
    return strip_numbering(normalize(text))


@lru_cache(maxsize=16384)  # cells repeat (0, 1, 总计…) and rules ask per row
def _is_number(text: str) -> bool:
    return bool(_NUMERIC.match(text.strip()))


@lru_cache(maxsize=16384)
def _has_han(text: str, n: int = 1) -> bool:
    if text.isascii():
        return False
    return bool(_HAN.search(text)) if n == 1 else len(_HAN.findall(text)) >= n


def data_start(table: FormTable) -> int:
    """Where the rows begin: the first row label, or the first value cell."""
    starts = [r.label_span.start for r in table.rows.values() if r.label_span is not None]
    if starts:
        return min(starts)
    cells = [c.span.start for c in table.cells() if c.span is not None and c.raw]
    return min(cells) if cells else table.span.end


def header_cells(doc: Document, table: FormTable) -> list[RawEntry]:
    cache = doc.stash.setdefault(HEADER_CELLS, {})
    if table.key not in cache:
        cache[table.key] = [e for e in entries_in(doc, table.span.start, data_start(table))
                            if _has_han(e.cell.text)]
    return cache[table.key]


# -- fuzzy label matching ------------------------------------------------------

@lru_cache(maxsize=4096)
def _label_key(label: str) -> str:
    return _PAREN.sub("", normalize(label)).replace("/", "")


@lru_cache(maxsize=16384)
def label_in(label: str, text: str) -> bool:
    """Does a header cell ``text`` carry the column ``label``?

    Short labels (其他, 总计) must be the whole cell; longer ones may sit in a
    longer cell and may have one character wrong (现行冇效件数).
    """
    key, cell = _label_key(label), _label_key(text)
    if not key or not cell:
        return False
    if len(key) <= 2:
        return strip_numbering(cell) == key
    if key in cell:
        return True
    if len(key) < 4 or len(cell) < len(key):
        return False
    return any(sum(a != b for a, b in zip(key, cell[i:i + len(key)])) <= 1
               for i in range(len(cell) - len(key) + 1))


def _distance(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


# -- missing rows and tables that are really there -----------------------------

@dataclass
class Place:
    kind: str  # misplaced | garbled
    text: str
    span: Span


def _region(doc: Document, table: FormTable) -> list[RawEntry]:
    return entries_in(doc, table.span.start, table.span.end)


def locate_missing_row(doc: Document, spec: TableSpec, table: FormTable,
                       row_key: str) -> Optional[Place]:
    """A row the matcher did not find in order: out of order, or garbled?"""
    row_spec = next((r for r in spec.rows if r.key == row_key), None)
    if row_spec is None or not row_spec.match:
        return None
    matched = {r.label_span for r in table.rows.values() if r.label_span is not None}
    candidates = [e for e in _region(doc, table)
                  if e.cell.span not in matched and _has_han(e.cell.text, 2)]
    for e in candidates:
        if row_spec.matches(_core(e.cell.text)):
            return Place("misplaced", e.cell.text, e.cell.span)
    if len(row_spec.match) < 4:
        return None
    others = [r for r in spec.rows if r.key != row_key and r.match]
    limit = 1 if len(row_spec.match) < 8 else 2
    for e in candidates:
        core = _core(e.cell.text)
        if any(o.matches(core) for o in others) or _group_label(core):
            continue
        if _distance(core[:len(row_spec.match) + 2], row_spec.match) <= limit:
            return Place("garbled", e.cell.text, e.cell.span)
    return None


def locate_missing_table(doc: Document, spec: TableSpec) -> Optional[Place]:
    """A table whose anchor is in the document but out of the form's order."""
    for e in raw_entries(doc):
        key = normalize(e.cell.text)
        if key and any(a in key for a in spec.anchors):
            return Place("misplaced", e.cell.text, e.cell.span)
    return None


def _group_label(core: str) -> bool:
    return any(core.startswith(g) for g in GROUP_LABELS)


# -- columns ------------------------------------------------------------------

@dataclass
class ColumnGap:
    label: str
    expected: int
    found: int


def missing_columns(doc: Document, table: FormTable) -> list[ColumnGap]:
    """Column labels (and 表四 group labels) the header does not carry."""
    cache = doc.stash.setdefault(MISSING_COLUMNS, {})
    if table.key in cache:
        return cache[table.key]
    if table.key in doc.meta.get("loose_headers", ()):
        cache[table.key] = []  # its header's words are broken over loose lines: not judged
        return cache[table.key]
    header = tuple(e.cell.text for e in header_cells(doc, table))
    form = doc.form
    spec = form.table(table.key) if form is not None else None
    if spec is not None and all(r.unlabeled for r in spec.rows):
        # No row labels (表四): every text in the table is header, also the
        # headers of its groups printed as tables of their own after values.
        header = tuple(e.cell.text for e in entries_in(doc, table.span.start, table.span.end)
                       if _has_han(e.cell.text))
    gaps = cache[table.key] = [ColumnGap(*gap) for gap in _gaps(tuple(table.columns), header)]
    return gaps


@lru_cache(maxsize=1024)  # reports of one template share their headers
def _gaps(columns: tuple[tuple[str, str], ...], header: tuple[str, ...]) -> tuple:
    """``(label, expected, found)`` of each column label ``header`` lacks."""
    if not header:  # no header text at all: nothing to judge by
        return ()
    wanted: dict[str, int] = {}
    for _, label in columns:
        parts = label.split()
        wanted[parts[-1]] = wanted.get(parts[-1], 0) + 1
        if len(parts) > 1:
            wanted.setdefault(parts[0], 1)
    header = _unglued(header, tuple(wanted))
    gaps = []
    for label, n in wanted.items():
        found = sum(1 for text in header if label_in(label, text))
        if found < n:
            gaps.append((label, n, found))
    return tuple(gaps)


_BRACKETED = rx.compile(r"\(([^()]{4,})\)")
# Header words that are not column labels but group them.
_GROUP_WORDS = ("申请人情况", "法人或其他组织", "信息内容", "行政复议", "行政诉讼", "未经复议直接起诉",
                "复议后起诉")


def _unglued(header: tuple[str, ...], labels: tuple[str, ...]) -> tuple[str, ...]:
    """Header cells with the labels of several columns run together
    (结果维持结果纠正其他结果尚未审结总计, what a copy-paste of the web page
    leaves) cut into one text per label.  Only a cell made of labels and
    nothing else is cut, so a label's own longer wording is left whole."""
    words = sorted({_label_key(w) for w in (*labels, *_GROUP_WORDS)} - {""}, key=len,
                   reverse=True)
    out: list[str] = []
    for text in header:
        # 行政诉讼（复议后起诉）: a group label in brackets is a label, not a note.
        out.extend(m.group(1) for m in _BRACKETED.finditer(normalize(text)))
        key = _label_key(text)
        pieces, i = [], 0
        while i < len(key):
            hit = next((w for w in words if key.startswith(w, i)), None)
            if hit is None:
                break
            pieces.append(hit)
            i += len(hit)
        out.extend(pieces if i == len(key) and len(pieces) > 1 else [text])
    return tuple(out)


def suppressed_blank(doc: Document, table: FormTable, cell: Cell) -> bool:
    """A blank cell of a table whose header lacks a column.

    The row's numbers have slid by one column, so its blank cells say
    nothing more than the one GK221 finding that names the missing column.
    """
    return not cell.raw and bool(missing_columns(doc, table))
