"""Plain-text and Markdown reports (.txt, .md).

The decoded file, with line endings normalised to ``\\n``, is the text the
rules see, so every span maps to an exact line and column of the file.
Tables are recognised in three layouts found in real exports:

* one cell per line, each cell behind a tab, rows split by blank lines and
  long labels wrapped onto untabbed lines (``stream`` mode, seed 000);
* tab-separated rows (``rows`` mode, seed 004);
* Markdown pipe tables (``rows`` mode).
"""
from __future__ import annotations

import codecs
import re
from itertools import accumulate, count, repeat
from operator import add

from ..headings import heading_key, heading_pieces
from ..model import Document, Paragraph, RawCell, RawTable, Span
from . import ReadError, ReadOptions, Reader, check_size, check_text_length

BOMS = (  # byte-order marks and their codecs, longest first
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_MD_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_HEADING_LIKE = re.compile(r"^\s*[一二三四五六七八九十]+[、.．]")
# A cell with blanks (not tabs) at either end, whose text must be trimmed.
_PADDED_CELL = re.compile(r"(?:^|\t)[^\S\t]|[^\S\t](?:\t|$)")
# A wrapped label line inside a one-cell-per-line table is short.
_MAX_CONTINUATION = 16
# Page furniture a page break leaves inside a table: "- 3 -", "第 3 页 共 9 页", "3/9".
_FURNITURE = re.compile(r"^\s*(?:[-—–－]\s*\d{1,4}\s*[-—–－]|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"
                        r"|\d{1,4}\s*/\s*\d{1,4})\s*$")
# A table block's title line (表二's 第二十条第（一）项) with no cell separators.
_BLOCK_TITLE = re.compile(r"^\s*第[一二三四五六七八九十]+条第[（(][一二三四五六七八九十]+[）)]项\s*$")
# A number as a space-separated cell: 80, -2, 5949.09, 1,878, 251000元, 25.1万元.
_NUMBER_TOKEN = re.compile(r"^[-+]?\d[\d,，.]*(?:万?元)?$")
_SUBHEADING = re.compile(r"^\s*[（(][一二三四五六七八九十]+[）)]")
# How far (in lines) a table line may follow the lines a table absorbs:
# a label written vertically, one character a line, is up to ~12 lines.
_LOOKAHEAD = 16
_TABLE_KINDS = frozenset({"pipe", "tabrow", "tabcell", "spacerow"})
# A web page's text copied by a crawler or saved from a browser names the page
# in its header (原文链接: https://…): what the page hid (HTML comments) is
# then the copy's leftover, not the report's (see GK310).
_WEB_PAGE_COPY = re.compile(r"^[^\S\n]*(?:原文链接|原文地址|原文网址|页面地址|页面链接|来源网址|网页地址|URL|url)"
                            r"[^\S\n]*[:：][^\S\n]*https?://", re.M)


def decode_bytes(data: bytes) -> tuple[str, str, bool]:
    """Decode report bytes: ``(text, encoding, lossy)``.

    BOMs first, then strict UTF-8, then GB18030 (a superset of GBK and
    GB2312), then charset-normalizer's guess; only as a last resort is the
    text decoded with replacement characters, and ``lossy`` says so.
    """
    for bom, enc in BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(enc), enc + " (BOM)", False
            except UnicodeDecodeError:
                break
    try:
        return data.decode("utf-8"), "utf-8", False
    except UnicodeDecodeError:
        pass
    if not _looks_utf16(data):
        try:
            return data.decode("gb18030"), "gb18030", False
        except UnicodeDecodeError:
            pass
    try:
        from charset_normalizer import from_bytes  # lazy: costs ~50 ms to import

        best = from_bytes(data[:1_000_000]).best()
        if best is not None and best.encoding:
            return data.decode(best.encoding, errors="strict"), best.encoding, False
    except (ImportError, UnicodeDecodeError, LookupError):
        pass
    return data.decode("utf-8", errors="replace"), "utf-8 (lossy)", True


def _looks_utf16(data: bytes) -> bool:
    sample = data[:4096]
    return len(sample) >= 4 and sample.count(0) > len(sample) // 4


def read_text(path: str, data: bytes, options: ReadOptions) -> Document:
    check_size(data, options)
    check_text_length(len(data) // 4, options)  # no encoding packs more than 4 bytes a character
    text, encoding, lossy = decode_bytes(data)
    check_text_length(len(text), options)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        raise ReadError("GK903", "文件含有空字符（NUL），不是纯文本文件，可能是二进制文件改了扩展名")
    if not text.strip():
        raise ReadError("GK902", "文件为空或只有空白，没有可检查的报告内容")
    fmt = "md" if path.lower().endswith((".md", ".markdown")) else "txt"
    doc = Document(path, fmt, text, split_blocks(text), encoding=encoding)
    if lossy:
        doc.meta["lossy_decoding"] = True
    if _WEB_PAGE_COPY.search(text, 0, 2000):
        doc.meta["web_page"] = True
    return doc


# -- block segmentation --------------------------------------------------

def _line_kind(line: str) -> str:
    """blank | pipe | tabrow | tabcell | spacerow | furniture | text"""
    stripped = line.strip()
    if not stripped:
        return "blank"
    if stripped[0] == "|" and stripped.count("|") >= 2:
        return "pipe"
    if "\t" not in line:
        if " " in stripped and _is_space_row(stripped):
            return "spacerow"
        if stripped[0] in "-—–－第0123456789" and _FURNITURE.match(stripped):
            return "furniture"
    if "\t" in line:
        if line[0] == "\t" and line.count("\t") == 1:  # "\tX": most lines of a stream table
            return "tabcell"
        lead = len(line) - len(line.lstrip(" \t"))
        inner = line[lead:].rstrip()
        if "\t" in inner or line.count("\t") >= 2:
            return "tabrow"
        if "\t" in line[:lead]:
            return "tabcell"
    return "text"


def _is_space_row(stripped: str) -> bool:
    """A row whose cells are separated by spaces (pdftotext, PDF converters):
    a label then numbers (``规章 0 0 0``, ``行政许可 2629``), or numbers only
    (表四's value row).  Prose never ends in a run of bare numbers."""
    tokens = stripped.split()
    numbers = 0
    for token in reversed(tokens):
        if not _NUMBER_TOKEN.match(token):
            break
        numbers += 1
    if not numbers:
        return False
    label = tokens[:len(tokens) - numbers]
    if not label:
        return numbers >= 2
    return len(label) <= 4 and "。" not in stripped


def _absorbable(line: str) -> bool:
    """A text line a table may hold as a row of its own: a header or title
    without separators, a wrapped label's tail, one character of a label
    written vertically.  Never a sentence or a heading, bare or in Markdown
    mark-up (``## 三、…``, ``**三、…**``)."""
    stripped = heading_key(line.strip())
    if "。" in stripped or _HEADING_LIKE.match(stripped) or _SUBHEADING.match(stripped):
        return False
    return max(map(len, stripped.split())) <= 40


def _table_follows(lines: list[str], kinds: list[str], j: int) -> bool:
    """Does a table line follow line ``j`` through absorbable lines only?"""
    for m in range(j + 1, min(j + _LOOKAHEAD, len(lines))):
        k = kinds[m]
        if k in _TABLE_KINDS:
            return True
        if k == "text" and not _absorbable(lines[m]):
            return False
    return False


def _starts_table(lines: list[str], kinds: list[str], i: int) -> bool:
    """A text line that opens a table: a block title, or a header line whose
    cells are separated by spaces, directly followed by the table."""
    line = lines[i]
    if _BLOCK_TITLE.match(line):
        return _table_follows(lines, kinds, i)
    stripped = line.strip()
    if " " not in stripped or not _absorbable(line) or i + 1 >= len(lines):
        return False
    nxt = kinds[i + 1]
    return nxt in _TABLE_KINDS or (nxt == "text" and _absorbable(lines[i + 1])
                                   and _table_follows(lines, kinds, i))


def split_blocks(text: str) -> list:
    """Paragraphs (one per non-blank text line) and raw tables, in order."""
    lines, starts = _heading_lines(text.split("\n"))
    kinds = [_line_kind(line) for line in lines]
    blocks: list = []
    i, n = 0, len(lines)
    while i < n:
        kind = kinds[i]
        if kind == "blank":
            i += 1
            continue
        if kind in ("text", "furniture") and not (kind == "text" and _starts_table(lines, kinds, i)):
            line = lines[i]
            lead = len(line) - len(line.lstrip())
            body = line.strip()
            start = starts[i] + lead
            blocks.append(tuple.__new__(Paragraph, (tuple.__new__(Span, (start, start + len(body))), body)))
            i += 1
            continue
        j = _table_run_end(lines, kinds, i)
        blocks.append(_make_table(lines, kinds, starts, i, j))
        i = j
    return blocks


def _heading_lines(physical: list[str]) -> tuple[list[str], list[int]]:
    """The file's lines and where each starts, with every line in which a
    section heading runs on (``…止。 一、总体情况 2023年…``, ``5949.09 三、收到…``)
    cut into pieces: the heading becomes a line of its own, so it is a
    paragraph and never part of the text or table row around it."""
    lines: list[str] = []
    starts: list[int] = []
    pos = 0
    for line in physical:
        pieces = heading_pieces(line)
        if pieces:
            for a, b, _ in pieces:
                lines.append(line[a:b])
                starts.append(pos + a)
        else:
            lines.append(line)
            starts.append(pos)
        pos += len(line) + 1
    return lines, starts


def _table_run_end(lines: list[str], kinds: list[str], i: int) -> int:
    """Index after the last line of the table run starting at ``i``."""
    n = len(lines)
    j = i
    last_table_line = i
    while j < n:
        k = kinds[j]
        if k in _TABLE_KINDS:
            last_table_line = j
        elif k == "text":
            if j == i:
                pass  # a title or header line that opens the table (see _starts_table)
            elif not (_is_continuation(lines, kinds, j, last_table_line)
                      or _absorbable(lines[j]) and _table_follows(lines, kinds, j)):
                break
        elif k == "furniture" and not _table_follows(lines, kinds, j):
            break
        j += 1
    return last_table_line + 1


def _is_continuation(lines, kinds, j, last_table_line) -> bool:
    """A short untabbed line wrapped from the cell above (``商业`` / ``企业``)."""
    if last_table_line != j - 1 or kinds[j - 1] != "tabcell":
        return False
    line = lines[j].strip()
    if len(line) > _MAX_CONTINUATION or _HEADING_LIKE.match(line):
        return False
    nxt = next((kinds[m] for m in range(j + 1, min(j + 4, len(lines))) if kinds[m] != "blank"), None)
    return nxt in ("tabcell", "tabrow", "text", None) and bool(line)


def _make_table(lines, kinds, starts, i, j) -> RawTable:
    run_kinds = [k for k in kinds[i:j] if k != "blank"]
    stream = run_kinds.count("tabcell") > len(run_kinds) // 2
    rows: list[list[RawCell]] = []
    if stream:
        current: list[RawCell] = []
        for m in range(i, j):
            k = kinds[m]
            if k == "blank":
                if current:
                    rows.append(current)
                    current = []
            elif k == "furniture":
                continue  # a page number between a row's cells
            elif k == "spacerow":
                current.extend(_split_spaced(lines[m], starts[m]))
            elif k == "text" and current:  # wrapped label: extend the last cell
                cell = current[-1]
                body = lines[m].strip()
                lead = len(lines[m]) - len(lines[m].lstrip())
                end = starts[m] + lead + len(body)
                current[-1] = RawCell(cell.text + body, Span(cell.span.start, end))
            else:
                current.extend(_split_cells(lines[m], starts[m], "\t", stream=True))
        if current:
            rows.append(current)
    else:
        for m in range(i, j):
            k = kinds[m]
            if k == "pipe":
                if _MD_SEPARATOR.match(lines[m]):
                    continue
                rows.append(_split_pipe(lines[m], starts[m]))
            elif k in ("tabrow", "tabcell"):
                rows.append(_split_cells(lines[m], starts[m], "\t"))
            elif k == "spacerow":
                rows.append(_split_spaced(lines[m], starts[m]))
            elif k == "text" and rows and rows[-1] and m > i and kinds[m - 1] == "tabcell":
                cell = rows[-1][-1]  # a wrapped label's tail
                body = lines[m].strip()
                lead = len(lines[m]) - len(lines[m].lstrip())
                rows[-1][-1] = RawCell(cell.text + body, Span(cell.span.start, starts[m] + lead + len(body)))
            elif k == "text":
                vertical = m > i and kinds[m - 1] == "text" and len(lines[m].strip()) <= 2
                if vertical and len(rows[-1]) == 1 and len(rows[-1][0].text) < 40:
                    # A merged label written one character a line (三 / 、 / 本 / 年 …)
                    cell, body = rows[-1][0], lines[m].strip()
                    end = starts[m] + lines[m].find(body) + len(body)
                    rows[-1] = [RawCell(cell.text + body, Span(cell.span.start, end))]
                else:
                    rows.append(_split_spaced(lines[m], starts[m]))
    span = Span(starts[i], starts[j - 1] + len(lines[j - 1]))
    return RawTable(rows, span, "stream" if stream else "rows")


def _split_cells(line: str, start: int, sep: str, stream: bool = False) -> list[RawCell]:
    """Cells of a tab-separated line.

    In ``stream`` layout a line's leading tab only marks it as a cell
    (``\tX`` is the one cell X); in row layout every tab separates cells.
    """
    new = tuple.__new__  # the NamedTuples' own __new__ is Python code: 3x slower
    if stream and line[0] == "\t":
        rest = line[1:].rstrip()
        if "\t" not in rest and not rest[:1].isspace():  # "\tX": most lines of a stream
            s = start + 1
            return [new(RawCell, (rest, new(Span, (s, s + len(rest))), False))]
    body = line.rstrip()
    lead = len(body) - len(body.lstrip(" "))
    content = body[lead:]
    pieces = content.split(sep)
    offset = start + lead
    if stream and pieces and pieces[0] == "" and len(pieces) > 1:
        # "\tX" is one cell X; "\t\tX" is an empty cell then X.
        pieces = pieces[1:]
        offset += 1
    if not _PADDED_CELL.search(content):  # most lines: cells made by map and zip, in C
        starts = list(map(add, accumulate(map(len, pieces), initial=offset), count()))
        spans = map(new, repeat(Span), zip(starts, map(add, starts, map(len, pieces))))
        return list(map(new, repeat(RawCell), zip(pieces, spans, repeat(False))))
    cells = []
    for piece in pieces:
        size = len(piece)
        if not size or not (piece[0].isspace() or piece[-1].isspace()):  # most cells
            cells.append(new(RawCell, (piece, new(Span, (offset, offset + size)), False)))
        else:
            left = piece.lstrip()
            content = left.rstrip()
            s = offset + size - len(left)
            cells.append(new(RawCell, (content, new(Span, (s, s + len(content))), False)))
        offset += size + 1
    return cells


_SPACED = re.compile(r"\S+")


def _split_spaced(line: str, start: int) -> list[RawCell]:
    """Cells of a line whose cells are separated by runs of spaces.

    A run of any length is one separator: converters pad cells to align
    them, so the run's length says nothing about blank cells."""
    return [RawCell(m.group(), Span(start + m.start(), start + m.end()))
            for m in _SPACED.finditer(line)]


def _split_pipe(line: str, start: int) -> list[RawCell]:
    body = line.rstrip()
    lead = len(body) - len(body.lstrip())
    inner = body[lead:]
    if inner.startswith("|"):
        inner, lead = inner[1:], lead + 1
    if inner.endswith("|"):
        inner = inner[:-1]
    cells, offset = [], start + lead
    new = tuple.__new__
    for piece in inner.split("|"):
        content = piece.strip()
        s = offset + piece.find(content[:1]) if content else offset + len(piece)
        cells.append(new(RawCell, (content, new(Span, (s, s + len(content))), False)))
        offset += len(piece) + 1
    return cells


TEXT_READER = Reader("text", (".txt", ".md", ".markdown", ".text"), read_text)
