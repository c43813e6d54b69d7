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
    if not single and (not spec.columns or spec.columns[-1].key != "total"):
        return None
    pieces = _label_runs(text, begin)
    if pieces is None:
        return None
    rows = _assign_rows(pieces, spec)
    if rows is None:
        return None
    ncols = len(spec.columns)
    if single:
        if len(rows) != len(spec.rows):
            return None
        table = _build(para, pieces, rows, [(digits,) for _, _, digits, _ in rows], spec)
        end = max(c.span.end for row in table.rows for c in row) - para.span.start
        return table, begin, end
    options = [list(_row_splits(digits, ncols)) for _, _, digits, _ in rows]
    if any(not o for o in options):
        return None
    total = 1
    for o in options:
        total *= len(o)
        if total > _MAX_COMBINATIONS:
            return None
    keys = [key for key, _, _, _ in rows]
    found = [combo for combo in product(*options) if _columns_hold(keys, combo, ncols)]
    if len(found) != 1:
        return None
    table = _build(para, pieces, rows, found[0], spec)
    end = max(c.span.end for row in table.rows for c in row) - para.span.start
    return table, begin, end


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
    end = start
    while end < len(text) and text[end].isdigit():
        end += 1
    digits = text[start:end]
    splits = list(_group_splits(digits, len(spec.columns) // 5)) \
        if len(spec.columns) % 5 == 0 and len(digits) <= _MAX_ROW4 else []
    if len(splits) != 1:
        return None
    base = para.span.start
    header, _ = _split_header(text[begin:start] + "一、", base + begin, _labels(spec))
    rows = [[cell] for cell in header]
    values, at = [], start
    for value in splits[0]:
        values.append(RawCell(value, Span(base + at, base + at + len(value))))
        at += len(value)
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
    for m in _DIGITS.finditer(text, begin):
        start, end = m.start(), m.end()
        digits = m.group()
        after = text[end:end + 1]
        if _NUMBERING_AFTER.match(after):  # "…00000001.属于" : the 1 is numbering
            digits, end = digits[:-1], end - 1
        if not digits:
            continue
        out.append((text[label_start:start], label_start, digits, start))
        label_start = end
        pos = end
    if not out:
        return None
    return out


def _assign_rows(pieces, spec: TableSpec):
    """Each digit run's row, in the form's order: ``(key, piece index, digits, start)``."""
    rows = []
    r = 0
    for n, (label, _, digits, start) in enumerate(pieces):
        key = _TRAILING_NOTE.sub("", normalize(label))
        if r >= len(spec.rows):
            break  # the table has ended: the rest is text after it
        while r < len(spec.rows) and not _names(key, spec.rows[r].match):
            r += 1
        if r >= len(spec.rows):
            break
        rows.append((spec.rows[r].key, n, digits, start))
        r += 1
    return rows if len(rows) >= len(spec.rows) - 2 else None


def _names(key: str, match: str) -> bool:
    """Does the label text before a digit run name the row ``match``?  A
    short name (其他, 总计) must end it; a longer one may be followed by the
    rest of a long label (申请人无正当理由逾期不补正、行政机关不再处理…)."""
    if not match:
        return False
    return key.endswith(match) or (len(match) >= 4 and match in key)


def _row_splits(digits: str, n: int):
    """Splits of ``digits`` into ``n`` whole numbers (no leading zeros)
    whose last is the sum of the others."""
    if len(digits) > n * _MAX_DIGITS:
        return
    def parts(s: str, k: int):
        if k == 1:
            if s and len(s) <= _MAX_DIGITS and (s == "0" or s[0] != "0"):
                yield (s,)
            return
        limit = min(len(s) - (k - 1), _MAX_DIGITS)
        for i in range(1, limit + 1):
            head = s[:i]
            if len(head) > 1 and head[0] == "0":
                break
            for rest in parts(s[i:], k - 1):
                yield (head,) + rest
    for split in parts(digits, n):
        values = list(map(int, split))
        if values[-1] == sum(values[:-1]):
            yield split


def _columns_hold(keys: list[str], combo, ncols: int) -> bool:
    """The column identities of 表三 over the rows read."""
    row = dict(zip(keys, combo))
    if not {"r7", "new", "carried", "next"} <= set(row):
        return False
    outcomes = [k for k in keys if k in ("r1", "r2") or k[:3] in ("r3.", "r4.", "r5.", "r6.")
                or k == "r6"]
    for c in range(ncols):
        value = lambda k: int(row[k][c])  # noqa: E731
        if value("r7") != sum(value(k) for k in outcomes):
            return False
        if value("new") + value("carried") != value("r7") + value("next"):
            return False
    return True


def _build(para: Paragraph, pieces, rows, combo, spec: TableSpec) -> RawTable:
    base = para.span.start
    out: list[list[RawCell]] = []
    first_label, first_start = pieces[0][0], pieces[0][1]
    header, label_cell = _split_header(first_label, base + first_start, _labels(spec),
                                       spec.rows[0].match)
    # One header cell a row: the run-together text keeps no header layout, so
    # no column order may be judged from it.
    out.extend([cell] for cell in header)
    for (key, n, digits, start), split in zip(rows, combo):
        label, label_start = pieces[n][0], pieces[n][1]
        if n == 0:
            label, label_start = label_cell
        else:
            label_start += base
        cells = _label_cells(label, label_start)
        at = base + start
        for value in split:
            cells.append(RawCell(value, Span(at, at + len(value))))
            at += len(value)
        out.append(cells)
    end = max(c.span.end for row in out for c in row)
    return RawTable(out, Span(out[0][0].span.start, end), "rows")


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
