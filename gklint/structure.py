"""Finds the six sections and matches raw tables against the form.

Runs once per document, after the reader and before the rules, so that
every rule sees ``doc.sections`` and ``doc.tables`` whatever the input format.
"""
from __future__ import annotations

import regex
from decimal import Decimal, InvalidOperation
from typing import Optional

from .forms import FormSpec, RowSpec, TableSpec
from .model import Cell, Document, FormRow, FormTable, RawCell, Section, Span
from .textnorm import normalize, to_halfwidth_digits

_HEADING_TAIL = regex.compile(r"^(?:$|[:：。(（])")
_DASHES = frozenset({"/", "／", "-", "--", "—", "——", "－", "\\", "、", "无", "空"})
_THOUSANDS = regex.compile(r"(?<=\d)[,，](?=\d{3}(?:\D|$))")
# A sign is allowed: the 2019 form's 本年增/减 column is written -2 or +3.
_NUMBER = regex.compile(r"^[-+]?\d+(?:\.\d+)?$")
_HAN2 = regex.compile(r"\p{Han}.*\p{Han}")


def analyse(doc: Document, form: FormSpec) -> Document:
    doc.form_version = form.version
    doc.meta["form"] = form
    doc.sections = find_sections(doc, form)
    doc.tables = match_tables(doc, form)
    return doc


# -- sections --------------------------------------------------------------

def find_sections(doc: Document, form: FormSpec) -> list[Section]:
    found: dict[int, tuple[Span, str]] = {}
    for para in doc.paragraphs():
        if len(para.text) > 80:
            continue
        key = normalize(para.text)
        for spec in form.sections:
            if spec.number in found:
                continue
            for pattern in spec.patterns:
                m = pattern.match(key)
                if m and _HEADING_TAIL.match(key[m.end():]):
                    found[spec.number] = (para.span, spec.title)
                    break
            else:
                continue
            break
    ordered = sorted(found.items(), key=lambda kv: kv[1][0].start)
    sections = []
    for i, (number, (span, title)) in enumerate(ordered):
        end = ordered[i + 1][1][0].start if i + 1 < len(ordered) else len(doc.text)
        sections.append(Section(number, "一二三四五六"[number - 1], title, span,
                                Span(span.end, end)))
    return sections


# -- tables ----------------------------------------------------------------

class _Flat:
    """All raw table cells of a document in reading order."""

    def __init__(self, doc: Document) -> None:
        self.cells: list[RawCell] = []
        self.keys: list[str] = []
        self.row_id: list[int] = []  # global raw-row number of each cell
        self.table_id: list[int] = []
        self.modes: list[str] = []
        self.rows: list[list[int]] = []  # flat indexes of each raw row
        self.table_end: list[int] = []  # flat index after each raw table
        for t_index, table in enumerate(doc.raw_tables()):
            for row in table.rows:
                indexes = []
                for cell in row:
                    indexes.append(len(self.cells))
                    self.cells.append(cell)
                    self.keys.append(normalize(cell.text))
                    self.row_id.append(len(self.rows))
                    self.table_id.append(t_index)
                    self.modes.append(table.mode)
                self.rows.append(indexes)
            self.table_end.append(len(self.cells))

    def find(self, start: int, end: int, predicate) -> int:
        for i in range(start, end):
            if predicate(self.keys[i]):
                return i
        return -1


def match_tables(doc: Document, form: FormSpec) -> dict[str, FormTable]:
    flat = _Flat(doc)
    if not flat.cells:
        return {}
    starts: list[tuple[TableSpec, int]] = []
    pointer = 0
    for spec in form.tables:
        i = flat.find(pointer, len(flat.cells),
                      lambda k, a=spec.anchors: any(x in k for x in a))
        if i >= 0:
            starts.append((spec, i))
            pointer = i + 1
    tables = {}
    for n, (spec, start) in enumerate(starts):
        end = flat.table_end[flat.table_id[start]]
        if n + 1 < len(starts):
            end = min(end, starts[n + 1][1])
        tables[spec.key] = _match_table(doc, flat, spec, start, end)
    return tables


def _match_table(doc: Document, flat: _Flat, spec: TableSpec, start: int, end: int) -> FormTable:
    rows: dict[str, FormRow] = {}
    missing: list[tuple[str, str]] = []
    pointer = start
    ncols = len(spec.columns)
    for r, row_spec in enumerate(spec.rows):
        if row_spec.unlabeled:
            values = _unlabeled_values(flat, start, end, ncols)
            rows[row_spec.key] = _form_row(doc, spec, row_spec, values, None)
            continue
        i = flat.find(pointer, end, row_spec.matches)
        later = spec.rows[r + 1:r + 3]
        if i >= 0 and later:
            j = flat.find(pointer, i, lambda k: any(x.matches(k) for x in later))
            if j >= 0:
                i = -1  # a later row comes first: this one is missing
        if i < 0:
            missing.append((row_spec.key, row_spec.label))
            continue
        values = _row_values(flat, i, end, ncols)
        rows[row_spec.key] = _form_row(doc, spec, row_spec, values, flat.cells[i].span)
        pointer = i + 1
    span = Span(flat.cells[start].span.start, flat.cells[end - 1].span.end)
    return FormTable(spec.key, spec.title, [(c.key, c.label) for c in spec.columns],
                     rows, span, missing)


def _row_values(flat: _Flat, label: int, end: int, n: int) -> list[Optional[RawCell]]:
    """The ``n`` value cells of the row whose label is at ``label``."""
    if flat.modes[label] == "stream":
        values: list[Optional[RawCell]] = []
        i = label + 1
        while i < end and len(values) < n:
            if _HAN2.search(flat.cells[i].text):
                break  # the next row's label: this row is short
            values.append(flat.cells[i])
            i += 1
        return values + [None] * (n - len(values))
    row = flat.rows[flat.row_id[label]]
    after = [flat.cells[i] for i in row if i > label]
    return _align(after, n)


def _unlabeled_values(flat: _Flat, start: int, end: int, n: int) -> list[Optional[RawCell]]:
    if flat.modes[start] == "stream":
        cells = flat.cells[max(start, end - n):end]
        return [None] * (n - len(cells)) + cells
    for row_id in range(flat.row_id[end - 1], flat.row_id[start] - 1, -1):
        cells = [flat.cells[i] for i in flat.rows[row_id] if start <= i < end]
        if any(_NUMBER.match(_clean(c.text)) for c in cells):
            aligned = _align(cells, n, pad_front=True)
            return aligned
    return [None] * n


def _align(cells: list[RawCell], n: int, pad_front: bool = False) -> list[Optional[RawCell]]:
    """Fit a row's trailing cells to the form's ``n`` columns.

    Structural empty cells (merged label columns before the values, trailing
    tabs after them) are dropped only while there are more cells than columns.
    """
    cells = list(cells)
    while len(cells) > n and not cells[-1].text:
        cells.pop()
    while len(cells) > n and not cells[0].text:
        cells.pop(0)
    if len(cells) > n:
        cells = cells[-n:]
    pad: list[Optional[RawCell]] = [None] * (n - len(cells))
    return pad + cells if pad_front else cells + pad


def _form_row(doc: Document, spec: TableSpec, row_spec: RowSpec,
              values: list[Optional[RawCell]], label_span: Optional[Span]) -> FormRow:
    cells = []
    for col, raw in zip(spec.columns, values):
        text = raw.text if raw is not None else ""
        value, status = parse_number(text)
        span = raw.span if raw is not None else label_span
        cells.append(Cell(text, value, span, spec.title, row_spec.key, row_spec.label,
                          col.key, col.label, status if raw is not None else "blank"))
    return FormRow(row_spec.key, row_spec.label, cells, label_span)


def _clean(text: str) -> str:
    t = to_halfwidth_digits(text).replace(" ", "").replace("\u3000", "")
    return _THOUSANDS.sub("", t)


def parse_number(text: str) -> tuple[Optional[Decimal], str]:
    """``(value, status)``; status is number, blank, dash or invalid."""
    t = _clean(text)
    if not t:
        return None, "blank"
    if t in _DASHES:
        return None, "dash"
    if _NUMBER.match(t):
        try:
            return Decimal(t), "number"
        except InvalidOperation:  # pragma: no cover - the regex admits only decimals
            pass
    return None, "invalid"
