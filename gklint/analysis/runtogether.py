"""Tables whose cells were run together with no separator.

Some web pages and copy-pastes turn 表三 into one paragraph::

    …其他一、本年新收政府信息公开申请数量801000081二、上年结转政府信息公开申请数量0000000三、…

The row labels are still there, but which digits make which cell is not.
The form's identities decide: every row's 总计 is the sum of its six
applicant columns, and in every column （七）总计 = （一）+（二）+（三）…（六） and
一 + 二 = （七）总计 + 四.  :func:`split_table` tries every split of every
row's digits that keeps its row total, then every combination of those
splits against the column identities; only when exactly one combination
holds is the table rebuilt (a :class:`RawTable` over the paragraph's own
characters, so findings point at the digits).  Otherwise the table stays
unreadable (GK601) and nothing is guessed.
"""
from __future__ import annotations

import re
from functools import lru_cache
from itertools import product
from typing import Optional

from ..forms import TableSpec
from ..model import Paragraph, RawCell, RawTable, Span
from ..textnorm import normalize

_DIGITS = re.compile(r"\d+(?:\.\d+)?")
# A row's digits with the signs of the 2019 form's 本年增/减 (2648-18538).
_SIGNED = re.compile(r"\d+(?:\.\d+)?(?:[-+]\d+(?:\.\d+)?)*")
# 表四's values after its header: digits, run together or apart (0 1 1 0 2 …).
_VALUE_RUN = re.compile(r"[ \t\u3000]*\d[\d \t\u3000]*")
_NUMBERING_AFTER = re.compile(r"^[.．、]")
# A note in brackets after a label: 部分公开（区分处理的，只计这一情形，不计其他情形）
_TRAILING_NOTE = re.compile(r"\([^()]*\)$")
# More combinations than this and the table is left unread: the digits
# admit too many readings to trust one.
_MAX_COMBINATIONS = 20000
# No cell of the form holds more than a 6-digit count (a city's requests):
# bounding a cell's digits keeps the splits of a row to at most 6**6 tries.
_MAX_DIGITS = 6
# 表四's fifteen cells: up to 30 digits (half of them two-digit) are searched.
_MAX_ROW4 = 30
_HEADER_LABELS = ("申请人情况", "法人或其他组织", "自然人", "商业企业", "科研机构", "社会公益组织",
                  "法律服务机构", "其他", "总计")


def split_table(para: Paragraph, spec: TableSpec):
    """``(table, start, end)``: the table ``para`` holds between ``start``
    and ``end`` (offsets in its text), when its digits split one way only."""
    text = para.text
    begin = _table_start(text, spec)
    if begin < 0:
        return None
    if any(r.unlabeled for r in spec.rows):
        return _one_digit_row(para, spec, begin)
    single = len(spec.columns) == 1  # a row's digits are its one value (表二 （五）（六）（八）项)
    pieces = _label_runs(text, begin)
    if pieces is None:
        return None
    rows = _assign_rows(pieces, spec)
    if rows is None:
        return None
    ncols = len(spec.columns)
    if single or all(len(row[2]) in (0, ncols) and row[2].isdigit() | (not row[2])
                     for row in rows):
        # One value a row, or one digit a cell: the digits split one way only.
        if not rows or single and len(rows) != len(spec.rows):
            return None
        table = _build(para, pieces, rows, [(row[2],) if single and row[2] else tuple(row[2])
                                            for row in rows], spec)
        end = max(c.span.end for row in table.rows for c in row) - para.span.start
        return table, begin, end
    if not spec.columns or spec.columns[-1].key != "total":
        return None  # no identity to choose a split (表二 第二十条第（一）项)
    options = [_options(row[2], ncols) for row in rows]
    missed = [i for i, o in enumerate(options) if not o]
    if len(missed) == 1:
        known = _wrong_total_row([row[0] for row in rows], options, rows[missed[0]][2], ncols)
        if known is None:
            return None
        options = [[split] for split in known]
    if any(not o for o in options):
        return None
    if all(len(o) == 1 for o in options):
        # Every row splits one way by itself: the table is known, and a
        # column identity that fails is the report's own error (GK202/GK203).
        table = _build(para, pieces, rows, [o[0] for o in options], spec)
        end = max(c.span.end for row in table.rows for c in row) - para.span.start
        return table, begin, end
    total = 1
    for o in options:
        total *= len(o)
        if total > _MAX_COMBINATIONS:
            return None
    keys = [row[0] for row in rows]
    found = [combo for combo in product(*options) if _columns_hold(keys, combo, ncols)]
    if len(found) != 1:
        return None
    table = _build(para, pieces, rows, found[0], spec)
    end = max(c.span.end for row in table.rows for c in row) - para.span.start
    return table, begin, end


def absent_rows(para: Paragraph, spec: TableSpec) -> list:
    """The rows of a small block (表二's) that its run-together text does not
    name at all (规范性文件6856 with no 规章): ``[(key, label)]``.  Its
    digits may not split, but a row whose label is not there is missing."""
    if len(spec.rows) > 4:
        return []
    begin = _table_start(para.text, spec)
    pieces = _label_runs(para.text, begin) if begin >= 0 else None
    rows = _assign_rows(pieces, spec) if pieces else None
    if not rows:
        return []
    named = {row[0] for row in rows}
    return [(r.key, r.label) for r in spec.rows if r.key not in named]


def _table_start(text: str, spec: TableSpec) -> int:
    """Where the table starts in the paragraph: its first anchor (raw text;
    the anchors of run-together tables are plain CJK)."""
    forms = [a for anchor in spec.anchors  # anchors are normalised: ( ) for （ ）
             for a in (anchor, anchor.replace("(", "（").replace(")", "）"))]
    hits = [text.find(a) for a in forms]
    hits = [h for h in hits if h >= 0]
    if not hits:
        return -1
    at = min(hits)
    if spec.key == "table3":  # the 勾稽关系 note opens 表三 with a bracket
        bracket = text.rfind("（", max(0, at - 4), at)
        at = bracket if bracket >= 0 else at
    return at


def _one_digit_row(para: Paragraph, spec: TableSpec, begin: int):
    """An unlabeled one-row table (表四): its digits after the header split
    one way only when there is one digit per column."""
    text = para.text
    last = spec.columns[-1].label.split()[-1]
    at = text.rfind(last, begin)
    if at < 0:
        return None
    # The header's own anchor, not one in a heading or sentence before it.
    begin = max([text.rfind(a, begin, at) for a in spec.anchors] + [begin])
    start = at + len(last)
    run = _VALUE_RUN.match(text, start)
    tokens = [(m.group(), m.start()) for m in _DIGITS.finditer(run.group(), 0)] if run else []
    end = start + len(run.group().rstrip()) if run else start
    base = para.span.start
    values = []
    if len(tokens) == len(spec.columns):  # the values kept their separators: read as printed
        values = [RawCell(v, Span(base + start + a, base + start + a + len(v))) for v, a in tokens]
    else:
        digits = "".join(v for v, _ in tokens)
        splits = list(_group_splits(digits, len(spec.columns) // 5)) \
            if len(spec.columns) % 5 == 0 and len(digits) <= _MAX_ROW4 and digits.isdigit() else []
        if len(splits) != 1:
            return None
        # Digit i of the run-together string sits at its own offset in the text.
        offsets = [base + start + a + k for v, a in tokens for k in range(len(v))]
        i = 0
        for value in splits[0]:
            values.append(RawCell(value, Span(offsets[i], offsets[i + len(value) - 1] + 1)))
            i += len(value)
    header, _ = _split_header(text[begin:start] + "一、", base + begin, _labels(spec))
    rows = [[cell] for cell in header]
    rows.append(values)
    return RawTable(rows, Span(base + begin, base + end), "rows"), begin, end


@lru_cache(maxsize=4096)
def _group_of_five(digits: str) -> tuple:
    return tuple(_row_splits(digits, 5))


def _group_splits(digits: str, groups: int):
    """Splits of 表四's digits into ``groups`` groups of five whole numbers,
    each group's last (总计) the sum of its four results."""
    if groups == 0:
        if not digits:
            yield ()
        return
    for size in range(5, min(len(digits), 5 * _MAX_DIGITS) + 1):
        for split in _group_of_five(digits[:size]):
            for rest in _group_splits(digits[size:], groups - 1):
                yield split + rest


def _labels(spec: TableSpec) -> tuple:
    words = {w for c in spec.columns for w in c.label.split()} | set(_HEADER_LABELS)
    words |= {"行政诉讼", "信息内容"}
    return tuple(words)


def _label_runs(text: str, begin: int = 0):
    """``(label, label_start, digits, digits_start)`` in order; numbering
    digits (the 1 of 1.属于国家秘密) stay with the label after them."""
    out = []
    pos = 0
    label_start = begin
    for m in _SIGNED.finditer(text, begin):
        start, end = m.start(), m.end()
        digits = m.group()
        after = text[end:end + 1]
        if _NUMBERING_AFTER.match(after):  # "…00000001.属于" : the 1 is numbering
            digits, end = digits[:-1], end - 1
        if not digits:
            continue
        if out and label_start < start and not text[label_start:start].strip() \
                and "." not in digits and "." not in out[-1][2]:
            # "500000 5": a space inside a row's digits is not a label: one run
            label, at, before, first = out.pop()
            out.append((label, at, before + digits, first))
            label_start = end
            continue
        out.append((text[label_start:start], label_start, digits, start))
        label_start = end
        pos = end
    if not out:
        return None
    return out


def _assign_rows(pieces, spec: TableSpec):
    """Each digit run's row, in the form's order: ``(key, piece index, digits,
    start, label_at)``.  A label that names rows before the one its digits
    follow (…政府信息公开申请3.其他（七）总计4000004) holds rows printed with no
    numbers at all: they are rows of blank cells (digits ``""``), each with
    its part of the label from ``label_at``."""
    rows = []
    r = 0
    for n, (label, _, digits, start) in enumerate(pieces):
        key = _TRAILING_NOTE.sub("", normalize(label))
        if r >= len(spec.rows):
            break  # the table has ended: the rest is text after it
        final = _final_row(key, spec, r)
        if final < 0:
            final = _variant_row(key, spec, r)
            if final < 0:
                break
        blanks = _blank_rows(label, spec, r, final) if final > r else []
        for row, at in blanks:
            rows.append((spec.rows[row].key, n, "", start, at))
        rows.append((spec.rows[final].key, n, digits, start,
                     _row_begin(label, spec.rows[final].match,
                                _after_name(label, blanks[-1][1], spec.rows[blanks[-1][0]].match))
                     if blanks else 0))
        r = final + 1
    return rows if len([row for row in rows if row[2]]) >= len(spec.rows) - 2 else None


def _final_row(key: str, spec: TableSpec, r: int) -> int:
    """The row (from ``r`` on) whose digits follow ``key``: the first whose
    name ends it, else the first it names."""
    named = -1
    for k in range(r, len(spec.rows)):
        match = spec.rows[k].match
        if match and key.endswith(match):
            return k
        if named < 0 and _names(key, match):
            named = k
    return named


_BLANK_NUMBERING = re.compile(r"(?:\d[.．、]|[（(][一二三四五六七][）)])$")


def _raw_forms(match: str) -> tuple:
    return (match, match.replace("(", "（").replace(")", "）"), match.replace('"', "“", 1)
            .replace('"', "”", 1))


def _blank_rows(label: str, spec: TableSpec, r: int, final: int) -> list:
    """Rows between ``r`` and ``final`` named, in order, in the raw ``label``:
    ``(row index, where its label starts)``."""
    out, pos = [], 0
    for k in range(r, final):
        match = spec.rows[k].match
        hits = [h for h in (label.find(f, pos) for f in _raw_forms(match)) if h >= 0] \
            if match else []
        if not hits:
            continue
        begin = _row_begin(label, match, pos)
        out.append((k, begin if out else 0))
        pos = _after_name(label, begin, match)
    return out


def _after_name(label: str, at: int, match: str) -> int:
    """Where a blank row's name ends in ``label`` (searched from ``at``)."""
    hits = [h for h in (label.find(f, at) for f in _raw_forms(match)) if h >= 0]
    return min(hits) + len(match) if hits else at


def _row_begin(label: str, match: str, at: int) -> int:
    """Where the row named ``match`` starts in ``label`` after ``at``: at its
    name, or at the numbering just before it (3.其他, （七）总计)."""
    hits = [h for h in (label.find(f, at) for f in _raw_forms(match)) if h >= 0] \
        if match else []
    if not hits:
        return at
    name = min(hits)
    number = _BLANK_NUMBERING.search(label, at, name)
    return number.start() if number and number.end() == name else name


@lru_cache(maxsize=1024)
def variant_tails(match: str) -> tuple:
    """The ends of a row's name that may stand for it (规范性文件 for
    行政规范性文件): at least five characters and two thirds of the name."""
    return tuple(match[k:] for k in range(1, len(match))
                 if len(match) - k >= 5 and 3 * (len(match) - k) >= 2 * len(match))


def _variant_row(key: str, spec: TableSpec, at: int) -> int:
    """A row from ``at`` on whose name ends the label in other words: the
    2019 form's 规范性文件 for 行政规范性文件 (the end of the name, at least
    five characters and most of it).  The table reader then reports the
    wording (GK225) and keeps the row's numbers."""
    for r in range(at, len(spec.rows)):
        if any(key.endswith(tail) for tail in variant_tails(spec.rows[r].match)):
            return r
    return -1


def _names(key: str, match: str) -> bool:
    """Does the label text before a digit run name the row ``match``?  A
    short name (其他, 总计) must end it; a longer one may be followed by the
    rest of a long label (申请人无正当理由逾期不补正、行政机关不再处理…)."""
    if not match:
        return False
    return key.endswith(match) or (len(match) >= 4 and match in key)


def _parts(s: str, k: int):
    """Splits of ``s`` into ``k`` whole numbers without leading zeros."""
    if k == 1:
        if s and len(s) <= _MAX_DIGITS and (s == "0" or s[0] != "0"):
            yield (s,)
        return
    limit = min(len(s) - (k - 1), _MAX_DIGITS)
    for i in range(1, limit + 1):
        head = s[:i]
        if len(head) > 1 and head[0] == "0":
            break
        for rest in _parts(s[i:], k - 1):
            yield (head,) + rest


def _row_splits(digits: str, n: int):
    """Splits of ``digits`` into ``n`` whole numbers (no leading zeros)
    whose last is the sum of the others."""
    if len(digits) > n * _MAX_DIGITS or not digits.isdigit():
        return
    for split in _parts(digits, n):
        values = list(map(int, split))
        if values[-1] == sum(values[:-1]):
            yield split


def _wrong_total_row(keys: list, options: list, digits: str, ncols: int):
    """The table when one row's own total fails (no split of its digits
    makes 总计 the sum of the applicant columns): the one reading, of that
    row's splits and the other rows' splits, for which （七）总计 is the sum
    of the items in every applicant column.  The row's 总计 is then the
    report's error (GK201).  ``None`` when no reading, or more than one,
    fits."""
    free = options.index([])
    if len(digits) > ncols * _MAX_DIGITS or not digits.isdigit():
        return None
    others = [o if i != free else [None] for i, o in enumerate(options)]
    total = 1
    for o in others:
        total *= len(o)
    splits = list(_parts(digits, ncols))
    if total * len(splits) > _MAX_COMBINATIONS:
        return None
    fits = None
    for combo in product(*others):
        for split in splits:
            reading = list(combo)
            reading[free] = split
            if _items_hold(keys, reading, ncols - 1):
                if fits is not None:
                    return None
                fits = reading
    return fits


def _items_hold(keys: list, combo, ncols: int) -> bool:
    """（七）总计 = the sum of the items in the first ``ncols`` columns."""
    row = dict(zip(keys, combo))
    if "r7" not in row:
        return False
    outcomes = [k for k in keys if k in ("r1", "r2") or k[:3] in ("r3.", "r4.", "r5.", "r6.")
                or k == "r6"]
    value = lambda k, c: int(row[k][c]) if row[k] else 0  # noqa: E731
    return all(value("r7", c) == sum(value(k, c) for k in outcomes) for c in range(ncols))


def _options(digits: str, ncols: int) -> list:
    """The splits of a row's digits: those whose total is the sum of the
    rest; a row of one digit a cell has only the one split, whether or not
    its total holds (then the report's own error, GK201)."""
    if not digits:
        return [()]  # a row printed without numbers: blank cells
    if len(digits) == ncols and digits.isdigit():
        return [tuple(digits)]
    return list(_row_splits(digits, ncols))


def _columns_hold(keys: list[str], combo, ncols: int) -> bool:
    """The column identities of 表三 over the rows read."""
    row = dict(zip(keys, combo))
    if not {"r7", "new", "carried", "next"} <= set(row):
        return False
    outcomes = [k for k in keys if k in ("r1", "r2") or k[:3] in ("r3.", "r4.", "r5.", "r6.")
                or k == "r6"]
    for c in range(ncols):
        value = lambda k: int(row[k][c]) if row[k] else 0  # noqa: E731 (a blank row: 0)
        if value("r7") != sum(value(k) for k in outcomes):
            return False
        if value("new") + value("carried") != value("r7") + value("next"):
            return False
    return True


def _build(para: Paragraph, pieces, rows, combo, spec: TableSpec) -> RawTable:
    base = para.span.start
    out: list[list[RawCell]] = []
    first_label, first_start = pieces[0][0], pieces[0][1]
    first = next(r.match for r in spec.rows if r.key == rows[0][0])
    first = next((name for name in (first, *variant_tails(first))
                  if name in first_label.replace(" ", "")), first)
    header, label_cell = _split_header(first_label, base + first_start, _labels(spec), first)
    # One header cell a row: the run-together text keeps no header layout, so
    # no column order may be judged from it.
    out.extend([cell] for cell in header)
    for n_row, ((key, n, digits, start, label_at), split) in enumerate(zip(rows, combo)):
        label, label_start = pieces[n][0], pieces[n][1]
        if n == 0:
            label, label_start = label_cell
        else:
            label_start += base
        # A label that held blank rows before this one: each row its own part.
        ahead = rows[n_row + 1][4] if n_row + 1 < len(rows) and rows[n_row + 1][1] == n \
            else len(pieces[n][0])
        if n != 0 and (label_at or ahead < len(label)):
            label, label_start = label[label_at:ahead], label_start + label_at
        cells = _label_cells(label, label_start)
        at = _digit_offsets(para.text, start, len(digits))
        i = 0
        for value in split:
            cells.append(RawCell(value, Span(base + at[i], base + at[i + len(value) - 1] + 1)))
            i += len(value)
        out.append(cells)
    end = max(c.span.end for row in out for c in row)
    return RawTable(out, Span(out[0][0].span.start, end), "rows")


def _digit_offsets(text: str, start: int, count: int) -> list[int]:
    """Where the ``count`` characters of a digit run starting at ``start``
    are, passing over the spaces a run may hold (500000 5)."""
    out = []
    at = start
    while len(out) < count and at < len(text):
        if not text[at].isspace():
            out.append(at)
        at += 1
    return out


_GROUP_CUT = re.compile(r"(?<=.)(?=[（(][一二三四五六七][）)])|(?<=[）)])(?=\d[.．、])")


def _label_cells(label: str, start: int) -> list[RawCell]:
    """A row's label text cut where the form's cells were: 三、本年度办理结果 |
    （一）予以公开, （四）无法提供 | 1.本机关不掌握相关政府信息."""
    cuts = [0] + [m.start() for m in _GROUP_CUT.finditer(label)] + [len(label)]
    cells = []
    for a, b in zip(cuts, cuts[1:]):
        piece = label[a:b]
        text = piece.strip()
        if text:
            a += len(piece) - len(piece.lstrip())
            cells.append(RawCell(text, Span(start + a, start + a + len(text))))
    return cells


def _split_header(text: str, start: int, words: tuple, first: str = ""):
    """The header cells before the first row label, cut at the column labels
    (longest first, so 其他 inside 法人或其他组织 is not cut), and the first
    row's own label (from its numbering 一、, or its name ``first``)."""
    m = re.search(r"[一二]、", text)
    cut = m.start() if m else 0
    if first and (not m or first not in text[cut:]) and text.rfind(first) >= 0:
        cut = text.rfind(first)
    head, label = text[:cut], text[cut:]
    cells: list[RawCell] = []
    labels = sorted(words, key=len, reverse=True)
    i = piece_start = 0
    while i < len(head):
        hit = next((x for x in labels if head.startswith(x, i)), None)
        if hit:
            if i > piece_start:
                cells.append(RawCell(head[piece_start:i], Span(start + piece_start, start + i)))
            cells.append(RawCell(hit, Span(start + i, start + i + len(hit))))
            i += len(hit)
            piece_start = i
        else:
            i += 1
    if piece_start < len(head):
        cells.append(RawCell(head[piece_start:], Span(start + piece_start, start + len(head))))
    return cells, (label, start + cut)
