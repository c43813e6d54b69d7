"""Finds the six sections and matches raw tables against the form.

Runs once per document, after the reader and before the rules, so that
every rule sees ``doc.sections`` and ``doc.tables`` whatever the input format.
"""
from __future__ import annotations

import bisect
from decimal import Decimal, InvalidOperation
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Optional

from .. import rx
from ..headings import heading_key
from ..forms import FormSpec, RowSpec, TableSpec, strip_numbering
from ..model import (Cell, Document, FormRow, FormTable, Paragraph, RawCell, RawTable, Section,
                    Span, cell_texts, pin_fields)
from .runtogether import absent_rows, split_table, variant_tails
from ..stash import StashKey
from ..textnorm import normalize, to_halfwidth_digits

_HEADING_TAIL = rx.compile(r"^(?:$|[:：。(（\d])")
_DASHES = frozenset({"/", "／", "-", "--", "—", "——", "－", "\\", "、", "无", "空"})
_THOUSANDS = rx.compile(r"(?<=\d)[,，](?=\d{3}(?:\D|$))")
# A sign is allowed: the 2019 form's 本年增/减 column is written -2 or +3.
_NUMBER = rx.compile(r"^[-+]?[0-9]+(?:\.[0-9]+)?$")  # ASCII: regex \d takes ٣ and 𝟑 too
_HAN2 = rx.compile(r"\p{Han}.*\p{Han}")
# An amount written with its unit, as 2019 reports do: 251000元, 25.1万元.
_AMOUNT_UNIT = rx.compile(r"^([-+]?\d+(?:\.\d+)?)(万?元)$")

# Tables found but not readable (GK601): {form table key: (span, title[, rows
# recognised, rows of the form])}; such a table is not in doc.tables.
UNREADABLE_TABLES = StashKey[dict[str, tuple]]("unreadable_tables")
# The rows an unreadable block (UNREADABLE_TABLES) visibly lacks, by table key.
UNREAD_ABSENT_ROWS = StashKey[dict[str, list]]("unread_absent_rows")


def analyse(doc: Document, form: FormSpec) -> Document:
    doc.form_version = form.version
    doc.form = form
    doc.sections = find_sections(doc, form)
    doc.tables = match_tables(doc, form)
    return doc


# -- sections --------------------------------------------------------------

def find_sections(doc: Document, form: FormSpec) -> list[Section]:
    """The six sections, each found by its title whatever number it carries.

    A heading is matched by its title with the number the form gives it, so
    a heading whose title is right but whose number is wrong (a report that
    renumbers 二…六 as 一…五) is still that section, and remembers what was
    written (GK103).  A heading still missing is then looked for among the
    numbered short paragraphs in its place, by similarity of wording
    (五、存在的主要问题及整改措施: GK104), before GK101 calls it missing.
    """
    found: dict[int, tuple[Span, str, bool]] = {}
    numbered: list[tuple[Span, str, str]] = []  # (span, number, title) of other short numbered lines
    for para in doc.paragraphs():
        if len(para.text) > 80:
            continue
        written, rest = _split_number(normalize(heading_key(para.text)))
        if not rest:
            continue
        spec = _title_match(form, found, written, rest)
        if spec is not None:
            found[spec.number] = (para.span, written, False)
        elif written in _NUMERALS and len(rest) <= 30:
            numbered.append((para.span, written, rest))
    if len(found) < len(form.sections) and numbered:
        _find_variants(form, found, numbered)
    ordered = sorted(found.items(), key=lambda kv: kv[1][0].start)
    sections = []
    for i, (number, (span, written, variant)) in enumerate(ordered):
        end = ordered[i + 1][1][0].start if i + 1 < len(ordered) else len(doc.text)
        spec = next(s for s in form.sections if s.number == number)
        sections.append(Section(number, _NUMERALS[number - 1], spec.title, span,
                                Span(span.end, end), written, variant))
    return sections


_NUMERALS = "一二三四五六"
_HEADING_NUMBER = rx.compile(r"^([一二三四五六七八九十]+)[、.,]?")


def _split_number(key: str) -> tuple[str, str]:
    m = _HEADING_NUMBER.match(key)
    return (m.group(1), key[m.end():]) if m else ("", key)


def _title_match(form: FormSpec, found: dict, written: str, rest: str):
    """The section whose title ``rest`` is, whatever number was written; an
    unnumbered line counts only when it is the title alone."""
    for spec in form.sections:
        if spec.number in found:
            continue
        probe = _NUMERALS[spec.number - 1] + "、" + rest
        for pattern in spec.patterns:
            m = pattern.match(probe)
            if m is None:
                continue
            tail = probe[m.end():]
            if _HEADING_TAIL.match(tail) if written else not tail.strip(":："):
                return spec
    return None


def _find_variants(form: FormSpec, found: dict, numbered: list) -> None:
    """Headings worded differently from the form (a variant or a typo), found
    by their number and place and a wording close to the title's."""
    for spec in form.sections:
        if spec.number in found:
            continue
        before = [v[0].start for n, v in found.items() if n < spec.number]
        after = [v[0].start for n, v in found.items() if n > spec.number]
        lo, hi = max(before, default=-1), min(after, default=1 << 62)
        title = _split_number(normalize(spec.title))[1]
        best, score = None, _MIN_SIMILARITY
        for span, written, rest in numbered:
            if written != _NUMERALS[spec.number - 1] or not lo < span.start < hi:
                continue
            ratio = SequenceMatcher(None, rest, title).ratio()
            if ratio >= score:
                best, score = span, ratio
        if best is not None:
            found[spec.number] = (best, _NUMERALS[spec.number - 1], True)


# How close a numbered heading's wording must be to the form's title to be
# taken for it (存在的主要问题及整改措施 vs 存在的主要问题及改进情况: 0.82).
_MIN_SIMILARITY = 0.6


# -- tables ----------------------------------------------------------------

class _Flat:
    """All raw table cells of a document in reading order.

    Only text cells (those holding CJK characters) can be anchors or row
    labels, so only they are normalised and searched.  A cell's raw row and
    table are looked up by bisection (only row labels ask), not stored per
    cell: tables are mostly numbers.
    """

    def __init__(self, doc: Document) -> None:
        self.cells: list[RawCell] = []
        self.rows: list[range] = []  # flat indexes of each raw row
        self.row_starts: list[int] = []  # flat index where each raw row begins
        self.table_end: list[int] = []  # flat index after each raw table
        self.table_modes: list[str] = []
        self.text_cells: list[int] = []  # flat indexes of cells with CJK text
        self.keys: dict[int, str] = {}  # normalised text of the text cells
        self.cores: dict[int, str] = {}  # the same without numbering
        self.table_rows: list[range] = []  # raw-row numbers of each raw table
        self.value_columns: dict[tuple[int, int], dict[int, int]] = {}
        self._numbers: Optional[list[bool]] = None
        cells, rows, keys, cores, text_cells = (self.cells, self.rows, self.keys, self.cores,
                                                self.text_cells)
        for table in doc.raw_tables():
            first_row = len(rows)
            for row in table.rows:
                first = len(cells)
                for i, cell in enumerate(row, first):
                    text = cell.text
                    if text and not text.isascii():
                        keys[i] = key = normalize(text)
                        cores[i] = _core(key)
                        text_cells.append(i)
                cells.extend(row)
                self.row_starts.append(first)
                rows.append(range(first, len(cells)))
            self.table_end.append(len(cells))
            self.table_modes.append(table.mode)
            self.table_rows.append(range(first_row, len(rows)))

    def row_id(self, i: int) -> int:
        """The raw-row number of cell ``i``."""
        return bisect.bisect_right(self.row_starts, i) - 1

    def table_id(self, i: int) -> int:
        return bisect.bisect_right(self.table_end, i)

    def mode(self, i: int) -> str:
        return self.table_modes[self.table_id(i)]

    def rows_of_table(self, table: int) -> list[range]:
        return [self.rows[r] for r in self.table_rows[table]]

    def numbers(self) -> list[bool]:
        """Does each cell hold a number?  (computed once for all cells)"""
        flags = self._numbers
        if flags is None:
            flags = self._numbers = list(map(_holds_number, cell_texts(self.cells)))
        return flags

    def text_between(self, start: int, end: int) -> list[int]:
        lo = bisect.bisect_left(self.text_cells, start)
        hi = bisect.bisect_left(self.text_cells, end)
        return self.text_cells[lo:hi]


# One or two characters of a merged label written vertically (三 / 、本 / 度办
# / 理结 / 果) that a PDF grid put in front of the row labels beside them.
_STRAY_VERTICAL = rx.compile(r"^[\p{Han}、]{1,2}(?=\([一二三四五六七]\)|\d[.、])")


@lru_cache(maxsize=8192)
def _core(key: str) -> str:
    if not key:
        return key
    if key[0] != "(" and not key[0].isdigit():
        key = _STRAY_VERTICAL.sub("", key, count=1)
    return strip_numbering(key)


def match_tables(doc: Document, form: FormSpec) -> dict[str, FormTable]:
    unreadable = _run_together_tables(doc, form)
    if unreadable:
        doc.stash[UNREADABLE_TABLES] = unreadable
    flat = _Flat(doc)
    if not flat.cells:
        return {}
    starts: list[tuple[TableSpec, int]] = []
    pointer = 0
    for spec in form.tables:
        for i in flat.text_between(pointer, len(flat.cells)):
            key = flat.keys[i]
            if any(anchor in key for anchor in spec.anchors):
                starts.append((spec, i))
                pointer = i + 1
                break
        else:
            orphan = _values_under_loose_header(doc, flat, spec, pointer)
            if orphan is not None:
                starts.append((spec, orphan))
                pointer = orphan + 1
                doc.meta.setdefault("loose_headers", set()).add(spec.key)
    tables = _tables_at(doc, flat, starts)
    moved = _blocks_under_their_header(flat, starts, tables)
    if moved != starts:
        again = _tables_at(doc, flat, moved)
        # Kept only when the block reads whole there (every cell a number):
        # '| 规章 | 22 | 235 |' under a three-column header lost a column.
        if all(again[spec.key].rows and all(c.status == "number" for row in
                                            again[spec.key].rows.values() for c in row.cells)
               for spec, start in moved if (spec, start) not in starts):
            tables = again
    _drop_scrambled(doc, form, tables)
    return tables


def _tables_at(doc: Document, flat: _Flat, starts: list) -> dict:
    tables = {}
    follows = _follows_table(doc)
    for n, (spec, start) in enumerate(starts):
        end, header_again = _continued_end(flat, spec, flat.table_id(start), follows)
        if n + 1 < len(starts):
            end = min(end, starts[n + 1][1])
        tables[spec.key] = _match_table(doc, flat, spec, start, end, header_again)
    return tables


def _follows_table(doc: Document) -> list[bool]:
    """For each raw table: does it come right after the raw table before it,
    with nothing between but page furniture (a page number)?  A table broken
    where a page broke, kept as two tables by the file (two Word tables in a
    .docx or .doc, two ``<table>`` in a page), looks so."""
    follows: list[bool] = []
    previous_was_table = False
    for block in doc.blocks:
        if isinstance(block, RawTable):
            follows.append(previous_was_table)
            previous_was_table = True
        elif not _PAGE_FURNITURE.match(block.text.strip()):
            previous_was_table = False
    return follows


# A page number as a line of its own: - 3 -, 第3页, 3/7.
_PAGE_FURNITURE = rx.compile(r"^(?:|[-—–－·\s]*\d{1,4}[-—–－·\s]*|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*"
                             r"共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4})$")


def _continued_end(flat: _Flat, spec: TableSpec, table: int,
                   follows: list[bool]) -> tuple[int, frozenset]:
    """Where the form table found in raw table ``table`` ends: after the raw
    tables that continue it.  A raw table continues it when it follows it
    directly (:func:`_follows_table`) and its first labelled row is a row of
    the same form table (2.没有现成信息需要另行制作 after the rows of 表三 up to
    1.本机关不掌握相关政府信息): the rest of the table after a page break,
    without the header, or with the header typed again (its cells are then
    returned, to be passed over as labels: 其他 and 总计 of the header are not
    the rows 3.其他 and （七）总计).  A table opening with a row of numbers
    or with a row of another table is not a continuation."""
    end, header_again = flat.table_end[table], frozenset()
    while table + 1 < len(follows) and follows[table + 1]:
        header = _header_before_rows_of(flat, spec, table + 1)
        if header is None:
            break
        table += 1
        end, header_again = flat.table_end[table], header_again | header
    return end, header_again


def _header_before_rows_of(flat: _Flat, spec: TableSpec, table: int) -> Optional[frozenset]:
    """The cells of raw table ``table`` before its first row of ``spec`` (the
    header typed again, or nothing), when such a row comes before any row of
    numbers; else ``None``.  A group label merged down from the page before
    (（四）无法提供) may stand in front of the row's own label."""
    numbers = flat.numbers()
    # A header row names the columns (… 其他 总计), words that are also rows'.
    columns = {normalize(word) for c in spec.columns for word in c.label.split()}
    for n, row in enumerate(flat.rows_of_table(table)):
        if sum(flat.keys.get(i) in columns for i in row) >= 2:
            continue
        if any(spec.rows_named(flat.cores[i]) for i in row if flat.cores.get(i)):
            first = flat.table_end[table - 1] if table else 0
            return frozenset(range(first, row[0] if n else first))
        if any(numbers[i] for i in row):
            return None
    return None


def _blocks_under_their_header(flat: _Flat, starts: list, tables: dict) -> list:
    """A 表二 block none of whose rows follow its title, whose rows a later
    table of 表二 carries under the block's own column header (a converter
    printed the titles first and the table after them: 第二十条第（一）项 …
    （八）项 …, then 信息内容 | 本年制发件数 | … | 规章 | 行政规范性文件): the
    block starts at that table, so its rows are its own and not extra rows
    of the block before."""
    out = list(starts)
    for n, (spec, start) in enumerate(starts):
        table = tables.get(spec.key)
        if table is None or len(table.missing_rows) < len(spec.rows) or len(spec.columns) < 2:
            continue
        limit = next((s for other, s in starts[n + 1:] if not other.key.startswith("table2")),
                     len(flat.cells))
        if not spec.key.startswith("table2"):
            continue
        header = normalize(spec.columns[0].label)
        for i in flat.text_between(start + 1, limit):
            if header in flat.keys[i]:
                first = flat.rows[flat.row_id(i)][0]
                out[n] = (spec, first)
                break
    return sorted(out, key=lambda pair: pair[1])


def _values_under_loose_header(doc: Document, flat: _Flat, spec: TableSpec,
                               pointer: int) -> Optional[int]:
    """An unlabeled table (表四) whose header a converter left as loose lines
    (行政复议行政诉讼 / 结果结果其他尚未 / 维持纠正结果审结…) before a table of
    scraps of it and its one row of values: the first cell of that table, or
    ``None``.  Taken only when a short line holds the table's anchor and the
    next table after it (a few lines on) has a row of exactly as many
    numbers as the form has columns.  Its header is then not judged: its
    words are broken over the lines (see ``loose_headers``)."""
    if not any(r.unlabeled for r in spec.rows) or len(spec.rows) != 1:
        return None
    after = flat.cells[pointer - 1].span.end if 0 < pointer <= len(flat.cells) else 0
    first_cells, at = {}, 0
    for k, table in enumerate(doc.raw_tables()):
        first_cells[id(table)] = at
        at = flat.table_end[k]
    seen = None
    for block in doc.blocks:
        if block.span.start < after:
            continue
        if isinstance(block, Paragraph):
            if seen is None and len(block.text) <= 30 and any(
                    a in normalize(block.text) for a in spec.anchors):
                seen = 0
            elif seen is not None:
                seen += 1
                if seen > 8:
                    return None
            continue
        if seen is None or not isinstance(block, RawTable):
            continue
        n = len(spec.columns)
        if any(len(row) == n and all(_NUMBER.match(_clean(c.text)) for c in row)
               for row in block.rows):
            return first_cells.get(id(block))
        return None
    return None


def _drop_scrambled(doc: Document, form: FormSpec, tables: dict) -> None:
    """A table found by its anchor with most of its rows not recognised was
    not read (a converter scrambled its rows and labels apart): it becomes
    one reading problem (GK601: ``unreadable_tables``, with how many rows were
    recognised of how many) instead of a "missing row" finding per row and
    arithmetic on what was misread.  A block of fewer than four rows (表二's)
    counts only when none of its rows was recognised: one missing row there
    is more likely the report's own defect."""
    for spec in form.tables:
        table = tables.get(spec.key)
        if table is None:
            continue
        total, missing = len(spec.rows), len(table.missing_rows)
        if missing < total and (total < 4 or 2 * missing <= total):
            continue
        unreadable = doc.stash.setdefault(UNREADABLE_TABLES, {})
        unreadable[spec.key] = (table.span, spec.title, total - missing, total)
        del tables[spec.key]


# A label then its digits, with or without a space between (数量 713000074).
_DIGIT_AFTER = rx.compile(r"(?<=\p{Han}|[)）”])[ \t\u3000]*\d")
_MIN_SEAMS = 6


def _run_together_tables(doc: Document, form: FormSpec) -> dict:
    """Tables whose cells were run together into one paragraph with no
    separator (``…申请数量801000081二、上年结转…``): the table is there, but
    which digits make which cell cannot be told.  ``{key: (span, what)}``
    for GK601; the table is then neither "missing" (GK220) nor checked.
    When the form's identities admit exactly one split of the digits
    (:mod:`gklint.analysis.runtogether`), the paragraph is replaced by the table it
    holds, which is then matched like any other."""
    # Cheap test first: a run-together table has a label-digit seam per row;
    # prose has a few.  Most reports have no candidate at all.
    # 表四 has one row of values and so one seam: a paragraph of its own (its
    # heading cut off by the reader) is a candidate by its header instead.
    anchors = _raw_anchors(form)
    unlabeled = [s for s in form.tables if any(r.unlabeled for r in s.rows)]
    _glued_headers_as_text(doc, unlabeled)
    candidates = [p for p in doc.paragraphs()
                  if len(p.text) >= 80 and any(a in p.text for a in anchors)
                  and _may_hold_table(p.text, unlabeled, anchors)]
    if not candidates:
        return {}
    found = _anchored(doc, form)
    out: dict = {}
    while candidates:
        para = candidates.pop(0)
        text = para.text
        key = normalize(text)
        for spec in form.tables:
            if spec.key in found or spec.key in out:
                continue
            if not any(anchor in key for anchor in spec.anchors):
                continue
            labelled = sum(1 for row in spec.rows
                           if any(_label_then_digit(key, name)
                                  for name in (row.match, *variant_tails(row.match))))
            unlabeled = any(r.unlabeled for r in spec.rows) and _values_after_header(key, spec)
            if labelled >= max(1, len(spec.rows) // 3) or unlabeled:
                split = split_table(para, spec)
                if split is None:
                    out[spec.key] = (para.span, spec.title, labelled)
                    absent = absent_rows(para, spec)
                    if absent:
                        doc.stash.setdefault(UNREAD_ABSENT_ROWS, {})[spec.key] = absent
                    continue
                # The paragraph is the text before the table, the table, the text after.
                table, start, end = split
                pieces = [b for b in (_sub_paragraph(para, 0, start), table,
                                      _sub_paragraph(para, end, len(text))) if b is not None]
                at = doc.blocks.index(para)
                doc.blocks[at:at + 1] = pieces
                found.add(spec.key)
                candidates[:0] = [b for b in pieces if isinstance(b, Paragraph)]
                break
    return out


def _glued_headers_as_text(doc: Document, unlabeled: list) -> None:
    """A one-row "table" that is 表四's header run together into one cell and
    its values after it (行政复议行政诉讼结果维持…总计 00 0 00 0 …, the reader
    took the spaces for cell separators): the header is no value, and the
    values, partly run together, are not one a cell.  It is put back as the
    text it is and read like any run-together table (its digits split by
    the group totals, or one finding)."""
    if not unlabeled:
        return
    for at, block in enumerate(doc.blocks):
        if not isinstance(block, RawTable) or len(block.rows) != 1 or len(block.rows[0]) < 3:
            continue
        first, *values = block.rows[0]
        if first.text.isascii() or not all(_NUMBER.match(v.text.strip()) for v in values):
            continue
        key = normalize(first.text)
        if len(key) >= 30 and any(
                spec.columns and key.endswith(spec.columns[-1].label.split()[-1])
                and len({c.label.split()[-1] for c in spec.columns if c.label.split()[-1] in key}) >= 3
                for spec in unlabeled):
            span = block.span
            doc.blocks[at] = Paragraph(span, doc.text[span.start:span.end])


def _may_hold_table(text: str, unlabeled: list, anchors: tuple) -> bool:
    seams = len(_DIGIT_AFTER.findall(text))
    if seams >= _MIN_SEAMS:
        return True
    # 表二's blocks hold one or two rows each: fewer seams, but several
    # blocks' anchors in one paragraph (…规范性文件000第二十条第（五）项…).
    if seams >= 3 and sum(1 for a in anchors if a in text) >= 3:
        return True
    return seams >= 1 and any(_values_after_header(normalize(text), spec) for spec in unlabeled)


def _raw_anchors(form: FormSpec) -> tuple:
    """The tables' anchors as reports print them (（ ） for the normalised ( )),
    kept on the form: asked once per report."""
    store = form.extra.setdefault("_raw_anchors", {})
    key = tuple(id(spec) for spec in form.tables)  # a form adjusted per report has other tables
    cached = store.get(key)
    if cached is None:
        cached = store[key] = tuple(
            {v for spec in form.tables for a in spec.anchors
             for v in (a, a.replace("(", "（").replace(")", "）"))})
    return cached


def _values_after_header(key: str, spec: TableSpec) -> bool:
    """An unlabeled table's header (表四 …尚未审结总计) followed directly by a
    run of at least as many digits as it has columns."""
    last = spec.columns[-1].label.split()[-1] if spec.columns else ""
    at = key.rfind(last) if last else -1
    digits = 0
    while at >= 0 and at + len(last) + digits < len(key) and key[at + len(last) + digits].isdigit():
        digits += 1
    return digits >= len(spec.columns)


def _sub_paragraph(para: Paragraph, start: int, end: int) -> Optional[Paragraph]:
    body = para.text[start:end]
    lead = len(body) - len(body.lstrip())
    body = body.strip()
    if not body:
        return None
    s = para.span.start + start + lead
    return Paragraph(Span(s, s + len(body)), body)


def _anchored(doc: Document, form: FormSpec) -> set:
    """Keys of the tables whose anchor is in a table cell."""
    keys = set()
    for table in doc.raw_tables():
        for row in table.rows:
            for cell in row:
                text = cell.text
                if text and not text.isascii():
                    key = normalize(text)
                    keys.update(spec.key for spec in form.tables
                                if any(anchor in key for anchor in spec.anchors))
    return keys


def _label_then_digit(key: str, label: str) -> bool:
    """Is some occurrence of ``label`` in ``key`` directly followed by a digit?"""
    if not label:
        return False
    at = key.find(label)
    while at >= 0:
        end = at + len(label)
        if end < len(key) and key[end].isdigit():
            return True
        at = key.find(label, end)
    return False


def _match_table(doc: Document, flat: _Flat, spec: TableSpec, start: int, end: int,
                 header_again: frozenset = frozenset()) -> FormTable:
    rows: dict[str, FormRow] = {}
    missing: list[tuple[str, str]] = []
    variants: list[tuple[str, str, Span]] = []
    ncols = len(spec.columns)
    # Row labels are text; searching only the text cells (not the many
    # numbers) keeps matching linear in the table size.
    cores = flat.cores
    labels = flat.text_between(start, end)
    if header_again:
        labels = [i for i in labels if i not in header_again]
    pos = 0  # index into labels
    for r, row_spec in enumerate(spec.rows):
        if row_spec.unlabeled:
            values = _unlabeled_values(flat, start, end, ncols)
            rows[row_spec.key] = _form_row(doc, spec, row_spec, values, None)
            continue
        found, stop = -1, len(labels)
        for k in range(pos, len(labels)):
            hits = spec.rows_named(cores[labels[k]])
            if not hits:
                continue
            if r in hits:
                found = k
                break
            if r + 1 in hits or r + 2 in hits:
                stop = k
                break  # a later row comes first: this one is missing
        if found < 0:
            found = _similar_label(flat, spec, row_spec, labels, pos, stop, end)
            if found < 0:
                missing.append((row_spec.key, row_spec.label))
                continue
            variants.append((row_spec.key, flat.cells[labels[found]].text,
                             flat.cells[labels[found]].span))
        i = labels[found]
        values = _row_values(flat, i, end, ncols)
        rows[row_spec.key] = _form_row(doc, spec, row_spec, values, flat.cells[i].span)
        pos = found + 1
    span = Span(flat.cells[start].span.start, flat.cells[end - 1].span.end)
    return FormTable(spec.key, spec.title, [(c.key, c.label) for c in spec.columns],
                     rows, span, missing, variants=variants)


# Labels that head a group or the header, never a row with numbers.
_NOT_ROWS = ("本年度办理结果", "不予公开", "无法提供", "不予处理", "其他处理", "申请人情况",
             "法人或其他组织", "信息内容")


def _similar_label(flat: _Flat, spec: TableSpec, row_spec: RowSpec, labels: list[int],
                   pos: int, stop: int, end: int) -> int:
    """The label, between the last row found and the next, that names
    ``row_spec`` in other words or with a garbled character (规范性文件 for
    行政规范性文件, 其他法律行政止公开): index into ``labels`` or -1.

    Only a label naming no row of the form, followed by a number, and
    similar enough (:func:`label_similarity`) is taken: the row's numbers
    are then kept and checked, and the wording is reported once (GK225)."""
    match = row_spec.match
    if len(match) < 4:
        return -1
    numbers = flat.numbers()
    best, best_score = -1, 0.0
    for k in range(pos, stop):
        i = labels[k]
        core = flat.cores[i]
        if len(core) < 3 or spec.rows_named(core) or core.startswith(_NOT_ROWS):
            continue
        if not (i + 1 < end and numbers[i + 1]) and not _row_has_number(flat, i, end):
            continue
        score = label_similarity(core, match)
        if score > best_score:
            best, best_score = k, score
    return best if best_score >= 0.75 else -1


def _row_has_number(flat: _Flat, i: int, end: int) -> bool:
    numbers = flat.numbers()
    return any(numbers[m] for m in flat.rows[flat.row_id(i)] if i < m < end)


@lru_cache(maxsize=4096)
def label_similarity(core: str, match: str) -> float:
    """How alike a label and the form's row name are (0..1): the better of
    the whole names and the name's start (a label cut short: 没冇现成信息)."""
    from difflib import SequenceMatcher

    whole = SequenceMatcher(None, core, match).ratio()
    if core in match and len(core) >= 4:
        whole = max(whole, 0.8)  # 规范性文件 in 行政规范性文件
    head = SequenceMatcher(None, core, match[:len(core)]).ratio() if len(core) >= 5 else 0.0
    return max(whole, head)


def _row_values(flat: _Flat, label: int, end: int, n: int) -> list[Optional[RawCell]]:
    """The ``n`` value cells of the row whose label is at ``label``."""
    if flat.mode(label) == "stream":
        values: list[Optional[RawCell]] = []
        i = label + 1
        while i < end and len(values) < n:
            if _HAN2.search(flat.cells[i].text):
                break  # the next row's label: this row is short
            values.append(flat.cells[i])
            i += 1
        return values + [None] * (n - len(values))
    row = flat.rows[flat.row_id(label)]
    by_column = _by_value_column(flat, row, label, end, n)
    if by_column is not None:
        return by_column
    after = [flat.cells[i] for i in row if i > label]
    return _align(after, n)


def _by_value_column(flat: _Flat, row: list[int], label: int, end: int,
                     n: int) -> Optional[list[Optional[RawCell]]]:
    """The row's values read from where rows labelled in the same column
    start theirs (see :func:`_value_columns`), when the row fits.

    Column positions, not cell counts, tell a blank last value (总计 left
    empty, its trailing tab gone) from structure.  ``None`` when there is no
    such column or the row does not fit it (a number outside the ``n``
    columns): the caller then falls back to counting cells.
    """
    first = _value_columns(flat, flat.table_id(label), n).get(label - row[0])
    if first is None:
        return None
    numbers = flat.numbers()
    outside = list(row[:first]) + list(row[first + n:])
    if any(label < i < end and numbers[i] for i in outside):
        return None
    values: list[Optional[RawCell]] = [flat.cells[i] for i in row[first:first + n] if i < end]
    return values + [None] * (n - len(values))


def _value_columns(flat: _Flat, table: int, n: int) -> dict[int, int]:
    """Label column → the column where that table's rows start their ``n``
    values, from the rows that hold ``n`` numbers side by side.

    Keyed by the label's column because text tables are not laid on one
    grid: seed 004 writes a sub-item one tab further right than a top-level
    row.  A start contradicted as often as it is seen is not trusted.
    """
    cache = flat.value_columns
    if (table, n) in cache:
        return cache[(table, n)]
    votes: dict[int, dict[int, int]] = {}
    numbers, keys = flat.numbers(), flat.keys
    for row in flat.rows_of_table(table):
        run = 0
        label_at = -1
        for position, i in enumerate(row):
            if numbers[i]:
                run += 1
            else:
                run = 0
                if i in keys:
                    label_at = position
            if run == n:
                if label_at >= 0:
                    starts = votes.setdefault(label_at, {})
                    start = position - n + 1
                    starts[start] = starts.get(start, 0) + 1
                break
    columns = {}
    for label_at, starts in votes.items():
        ranked = sorted(starts.values(), reverse=True) + [0]
        if ranked[0] > ranked[1]:
            columns[label_at] = max(starts, key=starts.__getitem__)
    cache[(table, n)] = columns
    return columns


def _unlabeled_values(flat: _Flat, start: int, end: int, n: int) -> list[Optional[RawCell]]:
    if flat.mode(start) == "stream":
        cells = flat.cells[max(start, end - n):end]
        return [None] * (n - len(cells)) + cells
    for row_id in range(flat.row_id(end - 1), flat.row_id(start) - 1, -1):
        cells = [flat.cells[i] for i in flat.rows[row_id] if start <= i < end]
        if any(_NUMBER.match(_clean(c.text)) for c in cells):
            if len(cells) < n:
                groups = _group_rows(flat, start, row_id, cells, n)
                if groups is not None:
                    return groups
            aligned = _align(cells, n, pad_front=True)
            return aligned
    return [None] * n


def _group_rows(flat: _Flat, start: int, last: int, cells: list, n: int):
    """表四 printed as its three groups, each a small table of its own (a
    heading 行政复议 / 行政诉讼（…）, a header, one row of five numbers): the
    rows of numbers before the last, all numbers and together ``n`` cells,
    are the one row's values in order.  ``None`` when they are not."""
    def numbers(row: list) -> bool:
        return bool(row) and all(_NUMBER.match(_clean(c.text)) for c in row)

    if not numbers(cells):
        return None
    found, total = [cells], len(cells)
    for row_id in range(last - 1, flat.row_id(start) - 1, -1):
        row = [flat.cells[i] for i in flat.rows[row_id] if i >= start]
        if not any(_NUMBER.match(_clean(c.text)) for c in row):
            continue
        if not numbers(row) or len(row) != len(cells):
            return None
        found.insert(0, row)
        total += len(row)
        if total >= n:
            break
    return [c for row in found for c in row] if total == n and len(found) > 1 else None


def _align(cells: list[RawCell], n: int, pad_front: bool = False) -> list[Optional[RawCell]]:
    """Fit a row's trailing cells to the form's ``n`` columns.

    Structural cells are dropped only while there are more cells than
    columns: first those a merged cell covers (a label spanning two grid
    columns), then empty ones at the end (trailing tabs) and at the front.
    Covered cells go first so that a blank last value (总计 left empty) is
    not mistaken for a trailing tab, shifting every value one column left.
    """
    cells = list(cells)
    if len(cells) > n and any(c.covered for c in cells):
        extra = len(cells) - n
        kept = []
        for c in cells:
            if c.covered and extra:
                extra -= 1
            else:
                kept.append(c)
        cells = kept
    while len(cells) > n and not cells[-1].text:
        cells.pop()
    while len(cells) > n and not cells[0].text:
        cells.pop(0)
    if len(cells) > n and any(not c.text for c in cells):
        # Still too many: an empty cell inside the row is structure too (a
        # PDF grid column no value sits in, from a ruling that spans only the
        # header), never a reason to drop a value at the front.
        extra = len(cells) - n
        kept = []
        for c in reversed(cells):
            if not c.text and extra:
                extra -= 1
            else:
                kept.append(c)
        cells = kept[::-1]
    if len(cells) > n:
        cells = cells[-n:]
    pad: list[Optional[RawCell]] = [None] * (n - len(cells))
    return pad + cells if pad_front else cells + pad


pin_fields(Cell, "raw", "value", "span", "table", "row_key", "row_label", "column_key",
           "column_label", "status")  # built by position in _form_row


def _form_row(doc: Document, spec: TableSpec, row_spec: RowSpec,
              values: list[Optional[RawCell]], label_span: Optional[Span]) -> FormRow:
    cells = []
    new = tuple.__new__  # Cell's own __new__ is Python code: 3x slower
    title, key, label = spec.title, row_spec.key, row_spec.label
    for col, raw in zip(spec.columns, values):
        if raw is None:
            cells.append(new(Cell, ("", None, label_span, title, key, label, col.key,
                                    col.label, "blank")))
            continue
        value, status = parse_number(raw.text)
        cells.append(new(Cell, (raw.text, value, raw.span, title, key, label, col.key,
                                col.label, status)))
    return FormRow(key, label, cells, label_span)


def _clean(text: str) -> str:
    t = to_halfwidth_digits(text).replace(" ", "").replace("\u3000", "")
    return _THOUSANDS.sub("", t)


@lru_cache(maxsize=16384)
def _holds_number(text: str) -> bool:
    return parse_number(text)[1] == "number"


@lru_cache(maxsize=16384)
def parse_number(text: str) -> tuple[Optional[Decimal], str]:
    """``(value, status)``; status is number, blank, dash or invalid."""
    if text.isascii() and text.isdigit():  # the common case: plain digits
        return Decimal(text), "number"
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
    unit = _AMOUNT_UNIT.match(t)
    if unit:  # the number as written; GK215 notes the unit
        return Decimal(unit.group(1)), "number"
    return None, "invalid"
