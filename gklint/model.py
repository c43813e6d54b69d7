"""The document model every reader produces and every rule reads.

Flow: a reader turns a file into a :class:`Document` holding the text the
rules see (``Document.text``) and its blocks (paragraphs and raw tables), each
with a :class:`Span` into that text.  ``gklint.analysis`` then finds the six
sections and matches raw tables against the statistical forms, giving
:class:`FormTable` objects whose cells carry row and column labels.

Locations: for plain text the rules' text *is* the file (newlines normalised),
so line and column are exact.  Readers of formats without lines (docx, pdf)
add :class:`Segment` records so a span can be reported as page / paragraph;
readers of html add segments mapping text back to source line and column.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import accumulate, repeat
from operator import add, itemgetter
from typing import TYPE_CHECKING, Iterable, Iterator, NamedTuple, Optional, Union

from .stash import Stash

if TYPE_CHECKING:  # pragma: no cover
    from .forms import FormSpec


class Span(NamedTuple):
    """Half-open character range ``[start, end)`` in ``Document.text``.

    A NamedTuple, not a frozen dataclass: readers create one per cell and
    frozen dataclasses are several times slower to construct.
    """

    start: int
    end: int


class Location(NamedTuple):
    """Where a finding is, in terms a person can look up.  (A NamedTuple:
    cheap to make, and to pickle from a worker process to the parent.)"""

    line: Optional[int] = None  # 1-based, in the source file
    column: Optional[int] = None  # 1-based, in Unicode code points
    end_line: Optional[int] = None
    end_column: Optional[int] = None
    page: Optional[int] = None  # pdf
    paragraph: Optional[int] = None  # docx / pdf: 1-based paragraph number
    table: Optional[str] = None  # 表二 / 表三 / 表四
    row: Optional[str] = None  # row label as printed in the form
    column_label: Optional[str] = None

    def describe(self) -> str:
        parts = []
        if self.page is not None:
            parts.append(f"第{self.page}页")
        if self.paragraph is not None and self.line is None:
            parts.append(f"第{self.paragraph}段")
        if self.line is not None:
            parts.append(f"{self.line}:{self.column or 1}")
        if self.table:
            cell = " / ".join(x for x in (self.table, self.row, self.column_label) if x)
            parts.append(cell)
        return " ".join(parts) if parts else "(文件)"


@dataclass(frozen=True, slots=True)
class Segment:
    """Maps the text from ``start`` on to a place in the source file.

    ``line``/``column`` are the source position of ``start``; when ``exact`` the
    following characters up to the next segment sit on the same source line,
    one column each (true for plain text and most html text nodes).
    """

    start: int
    line: Optional[int] = None
    column: Optional[int] = None
    page: Optional[int] = None
    paragraph: Optional[int] = None
    exact: bool = True


class Paragraph(NamedTuple):
    """A paragraph (a line of a text file) and where it is: a NamedTuple,
    made a hundred times a report."""

    span: Span
    text: str


class RawCell(NamedTuple):
    """A table cell as read.  ``covered`` marks a grid position inside a
    merged cell (its text sits in the merge's first cell): structure, never a
    value of its own.  A NamedTuple, like Span: readers make one per cell."""

    text: str
    span: Span
    covered: bool = False


def field_getter(cls: type, name: str) -> itemgetter:
    """A C-speed reader of a NamedTuple's field, found by name: an
    ``itemgetter(4)`` written by hand reads the wrong field silently once
    a field is added before it."""
    return itemgetter(cls._fields.index(name))


def pin_fields(cls: type, *names: str) -> None:
    """Fail at import unless ``cls`` has exactly the fields ``names``, in
    order.  Hot code builds some NamedTuples with ``tuple.__new__(cls,
    (...))`` (their own ``__new__`` is Python code, 3x slower), which
    fills fields by position: whoever adds or reorders a field must update
    those places too, and this says so instead of letting values shift."""
    if cls._fields != names:
        raise TypeError(f"{cls.__name__} has the fields {cls._fields}; code that builds it by "
                        f"position expects {names}: update it (and this pin) together")


# Built by position in gklint.readers.text (tuple.__new__) and read by position below.
pin_fields(Span, "start", "end")
pin_fields(Paragraph, "span", "text")
pin_fields(RawCell, "text", "span", "covered")

_TEXT = field_getter(RawCell, "text")


def cell_texts(cells: Iterable[RawCell]) -> Iterator[str]:
    """The texts of ``cells``, read in C (for map/filter over every cell)."""
    return map(_TEXT, cells)


@dataclass(slots=True)
class RawTable:
    """A table as the reader saw it, before it is matched to a form.

    ``mode`` is ``"rows"`` when each row is a real row (tab-separated text,
    Markdown, docx, html, pdf) and ``"stream"`` when the source put one cell
    per line and row boundaries are unreliable (the seed 000 layout).
    """

    rows: list[list[RawCell]]
    span: Span
    mode: str = "rows"


Block = Union[Paragraph, RawTable]


class Cell(NamedTuple):
    """One numeric cell of a form table, located and parsed (a NamedTuple:
    structure makes a few hundred per report)."""

    raw: str
    value: Optional[Decimal]
    span: Optional[Span]
    table: str
    row_key: str
    row_label: str
    column_key: str
    column_label: str
    # number | blank | dash | invalid
    status: str = "number"


_ROW_KEY, _COLUMN_KEY = field_getter(Cell, "row_key"), field_getter(Cell, "column_key")


@dataclass(slots=True)
class FormRow:
    key: str
    label: str
    cells: list[Cell]
    label_span: Optional[Span] = None


@dataclass(slots=True)
class FormTable:
    """A statistical table of the report matched against its form."""

    key: str  # table2 / table3 / table4, or table2.1 etc. for table 2 blocks
    title: str  # 表二 / 表三 / 表四 (shown to people)
    columns: list[tuple[str, str]]  # (key, label)
    rows: dict[str, FormRow]
    span: Span
    missing_rows: list[tuple[str, str]] = field(default_factory=list)
    # Rows found under a label the form words otherwise: (row key, label as written, its span)
    variants: list[tuple[str, str, "Span"]] = field(default_factory=list)
    # Built on first use; a FormTable is not changed once structure made it.
    _index: Optional[dict] = field(default=None, repr=False, compare=False)
    _all: Optional[list] = field(default=None, repr=False, compare=False)

    def cell(self, row_key: str, column_key: str) -> Optional[Cell]:
        index = self._index
        if index is None:
            cells = self.cells()  # keyed (row_key, column_key), built in C
            index = self._index = dict(zip(zip(map(_ROW_KEY, cells), map(_COLUMN_KEY, cells)), cells))
        return index.get((row_key, column_key))

    def cells(self) -> list[Cell]:
        """Every cell, row by row (several rules walk them all)."""
        if self._all is None:
            self._all = [c for row in self.rows.values() for c in row.cells]
        return self._all


@dataclass(slots=True)
class Section:
    number: int  # 1..6
    key: str  # 一 .. 六
    title: str  # the canonical title
    heading: Optional[Span]  # None when the heading is missing
    body: Span  # from after the heading to the next section (or estimated)
    written: str = ""  # the number the heading carries ("" for none), e.g. 一 for 二's title
    variant: bool = False  # found by similar wording, not by the form's patterns


class Document:
    """A report as the rules see it."""

    def __init__(
        self,
        path: str,
        fmt: str,
        text: str,
        blocks: list[Block],
        *,
        encoding: Optional[str] = None,
        segments: Optional[list[Segment]] = None,
        has_lines: bool = True,
        meta: Optional[dict] = None,
    ) -> None:
        self.path = path
        self.format = fmt
        self.text = text
        self.blocks = blocks
        self.encoding = encoding
        self.has_lines = has_lines
        self.meta = dict(meta or {})  # what the reader learned about the file
        self.stash = Stash()  # facts and caches of analysis and rules (gklint.stash)
        self.segments = sorted(segments or [], key=lambda s: s.start)
        self._segment_starts = [s.start for s in self.segments]
        # Where each line starts: running totals of the line lengths (+1 for
        # the newline), computed in C rather than a find() per line.
        lengths = map(len, text.split("\n"))
        self._line_starts = list(accumulate(map(add, lengths, repeat(1)), initial=0))[:-1]
        # Filled by gklint.analysis.analyse_document(): the report year, the
        # form the tables are read with, the sections and the form tables.
        self.year: Optional[int] = None
        self.form: Optional["FormSpec"] = None
        self.sections: list[Section] = []
        self.tables: dict[str, FormTable] = {}
        self.form_version: Optional[str] = None

    # -- text geometry -------------------------------------------------
    def text_line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column of ``offset`` in ``self.text``."""
        i = bisect.bisect_right(self._line_starts, offset) - 1
        return i + 1, offset - self._line_starts[i] + 1

    def line_text(self, line: int) -> str:
        start = self._line_starts[line - 1]
        end = self._line_starts[line] - 1 if line < len(self._line_starts) else len(self.text)
        return self.text[start:end]

    def paragraphs(self) -> Iterator[Paragraph]:
        return (b for b in self.blocks if isinstance(b, Paragraph))

    def raw_tables(self) -> Iterator[RawTable]:
        return (b for b in self.blocks if isinstance(b, RawTable))

    def locate(self, span: Optional[Span], cell: Optional[Cell] = None) -> Location:
        """The location of a span (and cell, if any) in source terms."""
        table = row = col = None
        if cell is not None:
            table, row, col = cell.table, cell.row_label, cell.column_label
            span = span or cell.span
        if span is None:
            return Location(table=table, row=row, column_label=col)
        if cell is None and not self.has_lines:
            # A .docx or .pdf has no lines to point at: text inside a table
            # is placed by table, row and column, not as "paragraph 12" (the
            # whole table).
            where = self.table_place(span.start)
            if where is not None:
                seg = self._segment_at(span.start) if self.segments else None
                if span.start == span.end and any(
                        t.span.start == span.start
                        for t in (*self.raw_tables(), *self.tables.values())):
                    # The point where a table starts (a finding about the whole
                    # table, such as its missing heading): the table, not the
                    # cell that happens to come first.
                    return Location(page=seg.page if seg else None, table=where[0])
                return Location(page=seg.page if seg else None, table=where[0], row=where[1],
                                column_label=where[2])
        if not self.segments:
            line, column = self.text_line_col(span.start)
            end_line, end_column = self.text_line_col(max(span.start, span.end))
            return Location(line, column, end_line, end_column,
                            table=table, row=row, column_label=col)
        seg = self._segment_at(span.start)
        line = column = end_line = end_column = None
        if seg.line is not None:
            line = seg.line
            column = (seg.column or 1) + (span.start - seg.start if seg.exact else 0)
            end_seg = self._segment_at(max(span.start, span.end - 1))
            if end_seg is seg and seg.exact:
                end_line, end_column = line, column + (span.end - span.start)
            elif end_seg.line is not None:
                end_line = end_seg.line
                end_column = (end_seg.column or 1) + (
                    (span.end - end_seg.start) if end_seg.exact else 0)
        return Location(line, column, end_line, end_column, page=seg.page,
                        paragraph=seg.paragraph, table=table, row=row, column_label=col)

    def table_place(self, offset: int) -> Optional[tuple[str, str, str]]:
        """(table, row label, column label) of the table cell holding
        ``offset``: the form table's name (表二…) or 第N个表格, the row's first
        cell and the column's header cell."""
        for number, raw in enumerate(self.raw_tables(), 1):
            if not raw.span.start <= offset < raw.span.end:
                continue
            name = next((t.title for t in self.tables.values()
                         if t.span.start <= offset < t.span.end), f"第{number}个表格")
            if offset == raw.span.start:
                return name, "", ""  # about the table as a whole (a missing heading before it)
            for r, row in enumerate(raw.rows):
                for c, rc in enumerate(row):
                    if rc.span.start <= offset < max(rc.span.end, rc.span.start + 1):
                        if r == 0:
                            return name, "表头", _short(rc.text)
                        label = _row_label(row, c)
                        if label and label == rc.text.strip():  # in the row's label itself
                            return name, _short(label), ""
                        return name, _short(label), _short(_header(raw.rows, c, r))
            return name, "", ""
        return None

    def _segment_at(self, offset: int) -> Segment:
        i = bisect.bisect_right(self._segment_starts, offset) - 1
        return self.segments[max(i, 0)]

    def section(self, number: int) -> Optional[Section]:
        for s in self.sections:
            if s.number == number:
                return s
        return None


def _row_label(row: list[RawCell], c: int) -> str:
    """The nearest text left of, or at, column ``c`` that is not a number."""
    for cell in reversed(row[:c + 1]):
        text = cell.text.strip()
        if text and not text.replace(",", "").replace(".", "").isdigit():
            return text
    return ""


def _header(rows: list[list[RawCell]], c: int, limit: int) -> str:
    """The column's header: its texts in the top rows (at most three, above
    row ``limit``), a merged cell's text read from where the merge starts:
    行政复议 + 结果纠正."""
    parts: list[str] = []
    for row in rows[:min(3, limit)]:
        i = min(c, len(row) - 1)
        while i > 0 and row[i].covered:
            i -= 1
        text = " ".join(row[i].text.split()) if i >= 0 else ""
        # (a long banner such as 本列数据的勾稽关系为… names no column)
        if text and len(text) <= 20 and not text.replace(",", "").replace(".", "").isdigit() \
                and text not in parts:
            parts.append(text)
    return " ".join(parts)


def _short(label: str, limit: int = 30) -> str:
    label = " ".join(label.split())
    return label if len(label) <= limit else label[:limit - 1] + "…"
