"""Reports published as web pages (.html, .htm).

selectolax (lexbor, an HTML5 parser) builds the tree.  The report is found
inside the site's chrome by its own landmarks: the section headings
(一、总体情况 ...) and the statistical tables.  The lowest element holding
all of them is the report; navigation, breadcrumbs, share buttons, "related
articles" and footers lie outside it.  Headings inside links (a sidebar
table of contents) are not landmarks.  When the article body does not start
with its title, the page's title heading just before it is taken as well.

Tables: rowspan/colspan are expanded into a grid (text in the first cell of
a span, "" elsewhere, ``&nbsp;`` cells are "").  A table whose cells hold
further tables, or a one-column table, is a layout frame and is read as body.

Locations: the parser gives no source positions, so each paragraph and cell
is found again in the source (entities decoded, tags and whitespace
skipped), in reading order, and mapped to line and column of the file.
"""
from __future__ import annotations

import bisect
import contextvars
import html as html_lib
import re
from typing import Optional

from ..model import Document, Segment
from . import ReadError, ReadOptions, Reader, check_input, missing_module
from .builder import DocumentBuilder, smart_join
from .sniff import head_kind
from .text import decode_bytes

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_GB_FAMILY = {"gb2312", "gbk", "x-gbk", "gb_2312-80", "gb_2312", "cp936", "ms936", "csgb2312",
              "euc-cn", "x-euc-cn", "gb18030", "chinese", "iso-ir-58"}
_SECTION_HEADING = re.compile(
    r"^[一二三四五六][、.．,，]\s*(?:总体情况|主动公开|收到和处理|收到及处理|.{0,12}行政复议"
    r"|.{0,12}存在的主要问题|其他需要报告)")
_TABLE_MARKS = ("第二十条", "申请人情况", "本年新收", "行政复议", "勾稽关系")
_TITLE = re.compile(r"信息公开.{0,6}年度?报告|年度报告")
_BLOCK_TAGS = frozenset((
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
    "blockquote", "pre", "section", "article", "header", "footer", "main", "aside", "nav",
    "center", "address", "figure", "figcaption", "form", "fieldset", "hr", "caption",
    "tr", "td", "th", "tbody", "thead", "tfoot", "details", "summary", "body", "html"))
_DROP_TAGS = ("script", "style", "noscript", "template", "iframe", "svg", "object", "embed",
              "select", "textarea", "button", "input", "map", "canvas", "audio", "video", "head")
_NOT_LANDMARK_INSIDE = frozenset(("a", "nav", "select", "option", "button", "title"))
_CHROME_CLASS = re.compile(
    r"share|bdshare|jiathis|print|close|font-?size|toolbar|qrcode|erweima|pagination|pager"
    r"|related|xgwz|xgxx|article-tools|article-meta|breadcrumb|crumb", re.I)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_SPACES = re.compile(r"[ \t\n\r\f\xa0]+")
_MAX_COLSPAN = 100
# Bytes no text encoding of a web page uses (UTF-16 aside, which has a BOM).
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))
# Grid cells per page, all tables together: a cap per table let 60 tables
# of 200,000 cells each take 6 GB.
_MAX_CELLS = 50_000  # real reports: under 2,000
_CELLS_LEFT: contextvars.ContextVar = contextvars.ContextVar("cells_left", default=None)
# Real pages nest 20-40 elements deep.  Thousands of levels (generated junk)
# made parsing and the landmark search quadratic (20 000 nested divs: 270 s)
# and the recursive walk overflow the stack, so such pages are refused: by
# counting unclosed tags before parsing, and by the tree's depth after.
_MAX_DEPTH = 400
_MAX_UNCLOSED = 3000
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]{0,15})")
_NO_END_TAG = frozenset((
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "p", "li", "td", "th", "tr", "dt", "dd", "option", "optgroup", "thead",
    "tbody", "tfoot", "colgroup", "rt", "rp"))


def html_missing() -> Optional[str]:
    return missing_module("selectolax.lexbor", "selectolax")


def read_html(path: str, data: bytes, options: ReadOptions) -> Document:
    _check_bytes(data, options)
    source, encoding = decode_html(data)
    source = source.replace("\r\n", "\n").replace("\r", "\n")
    _check_unclosed(source)
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(source)
    for node in tree.css(",".join(_DROP_TAGS)):
        node.decompose()
    _check_depth(tree)
    container = find_report(tree)
    if container is None:
        raise ReadError("GK909", "页面中没有找到年度报告正文（没有“一、总体情况”等章节标题，"
                        "也没有统计表格），可能是栏目页、链接页或报告放在附件中")
    blocks: list = []
    token = _CELLS_LEFT.set([_MAX_CELLS])
    try:
        _Walker(blocks).container(container)
    finally:
        _CELLS_LEFT.reset(token)
    if not blocks:
        raise ReadError("GK909", "页面中没有找到年度报告正文")
    if not _starts_with_title(blocks):
        title = _outside_title(tree, container)
        if title:
            blocks.insert(0, ("p", title))
    builder = DocumentBuilder()
    _emit(builder, blocks, SourceMap(source))
    return builder.build(path, "html", has_lines=True, encoding=encoding)


def _check_bytes(data: bytes, options: ReadOptions) -> None:
    check_input(data, options)
    kind = head_kind(data)
    if kind == "pdf":
        raise ReadError("GK903", "这是PDF文件，扩展名却是网页（.html）；请把扩展名改为.pdf")
    if kind == "zip":
        raise ReadError("GK903", "这是ZIP压缩包（可能是.docx），扩展名却是网页（.html）")
    if kind == "ole":
        raise ReadError("GK903", "这是旧版Office文件（如.doc），扩展名却是网页（.html）")
    sample = data[:4096]
    if not sample.startswith((b"\xff\xfe", b"\xfe\xff")) and \
            sum(sample.count(bytes([b])) for b in _CONTROL_BYTES) > len(sample) // 20:
        raise ReadError("GK903", "文件是二进制数据，不是网页（HTML）文件")


def _check_unclosed(source: str) -> None:
    """Refuse a page with thousands of unclosed tags before parsing it (GK903)."""
    unclosed: dict[str, int] = {}
    total = 0
    for m in _TAG.finditer(source):
        name = m.group(2).lower()
        if name in _NO_END_TAG:
            continue
        if not m.group(1):
            unclosed[name] = unclosed.get(name, 0) + 1
            total += 1
            if total > _MAX_UNCLOSED:
                raise _too_deep()
        elif unclosed.get(name):
            unclosed[name] -= 1
            total -= 1


def _too_deep() -> ReadError:
    return ReadError("GK903", f"网页标签嵌套过深（超过 {_MAX_DEPTH} 层），不是正常的网页结构，"
                     "无法读取；请提交正常导出的网页或原文件")


def _check_depth(tree) -> None:
    """Refuse absurdly deep nesting before any quadratic or recursive step (GK903)."""
    stack = [(tree.root, 1)] if tree.root is not None else []
    while stack:
        node, depth = stack.pop()
        if depth > _MAX_DEPTH:
            raise _too_deep()
        stack.extend((child, depth + 1) for child in node.iter())


def decode_html(data: bytes) -> tuple[str, str]:
    """Text and encoding: BOM, then the meta charset (GB2312/GBK read as GB18030,
    its superset, since sites declaring GB2312 often serve GBK), then guessing."""
    if data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        text, encoding, _ = decode_bytes(data)
        return text, encoding
    m = _CHARSET.search(data[:8192])
    if m:
        declared = m.group(1).decode("ascii", "replace").lower()
        codec = "gb18030" if declared in _GB_FAMILY else declared
        if codec in ("iso-8859-1", "latin-1", "latin1", "windows-1252", "us-ascii", "ascii"):
            codec = "utf-8"  # Chinese pages declaring Latin-1 are UTF-8 or GBK in fact
        try:
            return data.decode(codec), codec
        except (UnicodeDecodeError, LookupError):
            pass
    text, encoding, _ = decode_bytes(data)
    return text, encoding


# -- finding the report ---------------------------------------------------------

def find_report(tree):
    """The element holding the report, or None."""
    body = tree.body or tree.root
    if body is None:
        return None
    landmarks = _landmarks(body)
    if not landmarks:
        return None
    container = landmarks[0]
    for node in landmarks[1:]:
        container = _common_ancestor(container, node)
    if len(landmarks) == 1 or container.tag in ("table", "p", "h1", "h2", "h3", "h4", "strong"):
        container = container.parent or container
    _drop_chrome(container)
    return container


def _landmarks(body) -> list:
    found = []
    for node in body.css("p, h1, h2, h3, h4, h5, h6, div, td, th, li, span, strong, b, font"):
        text = node.text(deep=True, separator="")
        if len(text) > 80 or not _SECTION_HEADING.match(_SPACES.sub("", text)):
            continue
        if not _inside(node, _NOT_LANDMARK_INSIDE) and not _is_link(node, text) \
                and not _hidden(node):
            found.append(node)
    for table in body.css("table"):
        text = table.text(deep=True, separator="")
        if sum(mark in text for mark in _TABLE_MARKS) >= 2 and not table.css_first("table"):
            found.append(table)
    return found


def _inside(node, tags: frozenset) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.tag in tags:
            return True
        parent = parent.parent
    return False


def _is_link(node, text: str) -> bool:
    """A table-of-contents entry: the heading text is a link's text."""
    key = _SPACES.sub("", text)
    return any(_SPACES.sub("", a.text(deep=True, separator="")) == key for a in node.css("a"))


def _hidden(node) -> bool:
    while node is not None and node.tag not in ("body", "html"):
        attrs = node.attributes
        if "hidden" in attrs or _HIDDEN_STYLE.search(attrs.get("style") or ""):
            return True
        node = node.parent
    return False


def _ancestors(node) -> list:
    chain = []
    while node is not None:
        chain.append(node)
        node = node.parent
    return chain


def _common_ancestor(a, b):
    ids = {n.mem_id for n in _ancestors(a)}
    for node in _ancestors(b):
        if node.mem_id in ids:
            return node
    return a


def _drop_chrome(container) -> None:
    """Share buttons, print/close links and the like inside the report element."""
    for node in container.css("[class], [id]"):
        name = f"{node.attributes.get('class') or ''} {node.attributes.get('id') or ''}"
        if _CHROME_CLASS.search(name) and len(node.text(deep=True)) < 300 \
                and not node.css_first("table"):
            node.decompose()
    for node in container.css("[style], [hidden]"):
        if "hidden" in node.attributes or _HIDDEN_STYLE.search(node.attributes.get("style") or ""):
            node.decompose()


def _starts_with_title(blocks: list) -> bool:
    """Does the report start with its own title (maybe over two lines)?"""
    for kind, text in blocks[:2]:
        if kind != "p" or len(text) > 60:
            return False
        if _TITLE.search(text):
            return True
    return False


def _outside_title(tree, container) -> Optional[str]:
    """The page's title heading before the container."""
    order = {n.mem_id: i for i, n in enumerate(tree.root.traverse())}
    start = order.get(container.mem_id, 0)
    best = None
    for node in tree.root.css("h1, h2, h3, .title, [class*=title], td, p, div"):
        if order.get(node.mem_id, start) >= start or _inside(node, _NOT_LANDMARK_INSIDE):
            continue
        text = _SPACES.sub(" ", node.text(deep=True, separator="")).strip()
        if 6 <= len(text) <= 80 and _TITLE.search(text):
            best = text
    return best


# -- the report's blocks ---------------------------------------------------------

class _Walker:
    """Paragraphs and tables of an element, in reading order."""

    def __init__(self, blocks: list) -> None:
        self.blocks = blocks
        self.line: list[str] = []

    def container(self, node) -> None:
        self.walk(node)
        self.flush()

    def flush(self) -> None:
        text = _SPACES.sub(" ", "".join(self.line)).strip()
        self.line = []
        if text:
            self.blocks.append(("p", text))

    def walk(self, node) -> None:
        """Depth-first over ``node``'s children, without recursion (pages nest
        thousands of elements deep): block elements end the current line."""
        stack = [node.iter(include_text=True)]
        ends_block = [False]
        while stack:
            child = next(stack[-1], None)
            if child is None:
                stack.pop()
                if ends_block.pop():
                    self.flush()
                continue
            tag = child.tag
            if tag == "-text":
                self.line.append(child.text_content or "")
            elif tag == "br":
                self.flush()
            elif tag == "table":
                self.flush()
                self.table(child)
            elif tag in _BLOCK_TAGS:
                self.flush()
                stack.append(child.iter(include_text=True))
                ends_block.append(True)
            elif not tag.startswith("-"):
                stack.append(child.iter(include_text=True))
                ends_block.append(False)

    def table(self, table) -> None:
        rows = table_rows(table)
        if not rows:
            return
        if _is_layout(table, rows):
            for row in rows:
                for cell in row:
                    self.walk(cell)
                    self.flush()
            return
        grid = expand_spans(rows)
        if grid:
            self.blocks.append(("table", grid))


def table_rows(table) -> list[list]:
    """The td/th elements of each row of ``table`` (not of tables nested in it)."""
    rows = []
    for child in table.iter():
        if child.tag in ("thead", "tbody", "tfoot"):
            rows.extend([c for c in tr.iter() if c.tag in ("td", "th")]
                        for tr in child.iter() if tr.tag == "tr")
        elif child.tag == "tr":
            rows.append([c for c in child.iter() if c.tag in ("td", "th")])
        elif child.tag == "caption":
            continue
    return rows


def _is_layout(table, rows: list[list]) -> bool:
    if max(len(r) for r in rows) <= 1:
        return True
    return any(cell.css_first("table") is not None for row in rows for cell in row)


def _span(cell, name: str, limit: int) -> int:
    try:
        value = int(re.match(r"\s*(\d+)", cell.attributes.get(name) or "1").group(1))
    except (AttributeError, ValueError):
        return 1
    return max(1, min(value, limit))


def expand_spans(rows: list[list]) -> list[list[tuple]]:
    """Grid of ``(text, cell, origin)`` with rowspan/colspan expanded: the text in
    the first grid cell of a span; the cells it covers have "" and the span's
    origin ``(row, column)``; a gap no cell covers is ``("", None, None)``."""
    taken: dict[tuple[int, int], tuple] = {}
    n = len(rows)
    left = _CELLS_LEFT.get() or [_MAX_CELLS]  # outside read_html: this table alone
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            rowspan = _span(cell, "rowspan", n - r) if cell.attributes.get("rowspan") != "0" \
                else n - r
            colspan = _span(cell, "colspan", _MAX_COLSPAN)
            left[0] -= rowspan * colspan
            if left[0] < 0:
                raise ReadError("GK907", f"网页中的表格过大（共超过 {_MAX_CELLS} 个单元格），未检查")
            taken[(r, c)] = (cell_text(cell), cell, (r, c))
            for dr in range(rowspan):
                for dc in range(colspan):
                    if dr or dc:
                        taken.setdefault((r + dr, c + dc), ("", None, (r, c)))
            c += colspan
    if not taken:
        return []
    # Each row runs to its last cell: positions no cell reaches are not padded
    # (one absurdly wide row must not widen every row).
    ends = {}
    for r, c in taken:
        ends[r] = max(ends.get(r, 0), c + 1)
    return [[taken.get((r, c), ("", None, None)) for c in range(ends.get(r, 0))]
            for r in range(n)]


def cell_text(cell) -> str:
    pieces: list = []
    walker = _Walker(pieces)
    walker.walk(cell)
    walker.flush()
    texts = []
    for kind, value in pieces:
        if kind == "p":
            texts.append(value)
        else:  # a table nested in a data cell: its text
            texts.extend(entry[0] for row in value for entry in row)
    return _SPACES.sub(" ", smart_join(texts)).strip()


# -- positions in the source -------------------------------------------------------

_TOKENS = re.compile(
    r"<!--.*?(?:-->|$)|<(script|style|title|textarea|noscript|template)\b.*?(?:</\1\s*>|$)"
    r"|<[A-Za-z/!?][^>]*>?|&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?",
    re.S | re.I)


class SourceMap:
    """The page's visible characters (no whitespace) and their source offsets,
    to find each extracted paragraph or cell again in the file."""

    def __init__(self, source: str) -> None:
        self.source = source
        chars: list[str] = []
        offsets: list[int] = []
        pos = 0
        for m in _TOKENS.finditer(source):
            self._text(source, pos, m.start(), chars, offsets)
            if m.group(0).startswith("&"):
                for ch in html_lib.unescape(m.group(0)):
                    if not ch.isspace():
                        chars.append(ch)
                        offsets.append(m.start())
            pos = m.end()
        self._text(source, pos, len(source), chars, offsets)
        self.compact = "".join(chars)
        self.offsets = offsets
        self.cursor = 0
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", source)]

    @staticmethod
    def _text(source: str, start: int, end: int, chars: list, offsets: list) -> None:
        for m in _WORD.finditer(source, start, end):  # whole runs: Chinese has few spaces
            chars.append(m.group(0))
            offsets.extend(range(m.start(), m.end()))

    def find(self, key: str, following: list[str]) -> int:
        """Index in ``compact`` of ``key`` at or after the cursor, preferring an
        occurrence followed soon by the next pieces (a heading repeated in the
        page chrome is not the report's)."""
        first = pos = self.compact.find(key, self.cursor)
        tries = 0
        while pos >= 0 and following and tries < 20:
            end = pos + len(key)
            window = self.compact[end:end + 4000 + sum(map(len, following))]
            if all(k in window for k in following if k):
                break
            pos = self.compact.find(key, pos + 1)
            tries += 1
        if pos < 0:
            pos = first
        if pos >= 0:
            self.cursor = pos + len(key)
        return pos

    def line_col(self, offset: int) -> tuple[int, int]:
        i = bisect.bisect_right(self.line_starts, offset) - 1
        return i + 1, offset - self.line_starts[i] + 1

    def char_offsets(self, text: str, following: list[str]) -> list[Optional[int]]:
        """Source offset of each character of ``text`` (None where unknown)."""
        key = "".join(text.split())
        out: list[Optional[int]] = [None] * len(text)
        if not key:
            return out
        pos = self.find(key, following)
        if pos < 0:
            return out
        found = self.offsets[pos:pos + len(key)]
        if len(key) == len(text):
            return found
        k = 0
        for m in _WORD.finditer(text):
            n = m.end() - m.start()
            out[m.start():m.end()] = found[k:k + n]
            k += n
        return out

    def runs(self, text: str, offsets: list[Optional[int]]) -> list[tuple[int, int, int]]:
        """``(index, line, column)`` where each exact run of ``text`` starts: a
        run continues while the characters follow each other on one source line."""
        runs: list[tuple[int, int, int]] = []
        last_index = last_offset = None
        for m in _WORD.finditer(text):
            i, j = m.start(), m.end()
            first, last = offsets[i], offsets[j - 1]
            if first is None:
                continue
            if last is not None and last - first == j - i - 1 \
                    and "\n" not in self.source[first:last]:
                units = [(i, first), (j - 1, last)]  # a literal word: its ends suffice
            else:
                units = [(k, offsets[k]) for k in range(i, j) if offsets[k] is not None]
            for k, off in units:
                if last_offset is None or off != last_offset + (k - last_index) \
                        or "\n" in self.source[last_offset:off]:
                    runs.append((k, *self.line_col(off)))
                last_index, last_offset = k, off
        return runs

    def visited(self) -> int:
        """Source offset just after the last piece found so far."""
        return self.offsets[self.cursor - 1] + 1 if self.cursor else 0

    def cell_tags(self, start: int, end: int) -> list[int]:
        return [m.start() for m in _CELL_TAG.finditer(self.source, start, end)]


_CELL_TAG = re.compile(r"<t[dh](?=[\s>/])", re.I)
_WORD = re.compile(r"\S+")


def _emit(builder: DocumentBuilder, blocks: list, source_map: SourceMap) -> None:
    keys = [_block_keys(b) for b in blocks]
    for n, (kind, value) in enumerate(blocks):
        following = [k for later in keys[n + 1:n + 3] for k in later[:1]]
        if kind == "p":
            runs = source_map.runs(value, source_map.char_offsets(value, following))
            line, column = runs[0][1:] if runs else (None, None)
            para = builder.paragraph(value, line=line, column=column, exact=bool(runs))
            if para is not None:
                _add_runs(builder, para.span.start, runs[1:])
        else:
            _emit_table(builder, value, source_map, following)


def _emit_table(builder: DocumentBuilder, grid: list[list[tuple]], source_map: SourceMap,
                following: list[str]) -> None:
    """Cells with text are found in the source; blank cells are placed at their
    own <td> tag, counted between the located cells around them; cells covered
    by a span take the place of the span's first cell."""
    table_start = source_map.visited()
    # A position covered by a rowspan/colspan is None (see DocumentBuilder.table).
    texts = [[None if entry[1] is None and entry[2] is not None else entry[0]
              for entry in row] for row in grid]
    origins = [(r, c) for r, row in enumerate(grid) for c, entry in enumerate(row)
               if entry[1] is not None]
    keys = ["".join(texts[r][c].split()) for r, c in origins]
    runs: dict[tuple[int, int], list] = {}
    starts: dict[tuple[int, int], Optional[int]] = {}
    for k, (r, c) in enumerate(origins):
        if keys[k]:
            later = [x for x in keys[k + 1:k + 4] if x][:2] or following
            offsets = source_map.char_offsets(texts[r][c], later)
            runs[(r, c)] = source_map.runs(texts[r][c], offsets)
            starts[(r, c)] = next((o for o in offsets if o is not None), None)
    _place_blank_cells(source_map, origins, keys, starts, table_start)
    positions = []
    for row in grid:
        line_positions = []
        for text, cell, origin in row:
            off = starts.get(origin) if origin is not None else None
            line_positions.append(source_map.line_col(off) if off is not None else (None, None))
        positions.append(line_positions)
    table = builder.table(texts, positions=positions)
    if table is None:
        return
    for r, raw_row in enumerate(table.rows):
        for c, cell in enumerate(raw_row):
            _add_runs(builder, cell.span.start, runs.get((r, c), [])[1:])


def _place_blank_cells(source_map: SourceMap, origins: list, keys: list, starts: dict,
                       table_start: int) -> None:
    k = 0
    previous = table_start
    while k < len(origins):
        if keys[k] and starts.get(origins[k]) is not None:
            previous = starts[origins[k]]
            k += 1
            continue
        j = k
        while j < len(origins) and not (keys[j] and starts.get(origins[j]) is not None):
            j += 1
        blanks = origins[k:j]
        if j < len(origins):
            tags = source_map.cell_tags(previous, starts[origins[j]])
            expected = len(blanks) + 1  # the next located cell has its own tag
        else:
            tags = source_map.cell_tags(previous, _table_end(source_map.source, previous))
            expected = len(blanks)
        if len(tags) >= expected:
            for origin, tag in zip(blanks, tags[len(tags) - expected:]):
                starts[origin] = tag
        k = j


def _table_end(source: str, start: int) -> int:
    m = re.compile(r"</table", re.I).search(source, start)
    return m.start() if m else len(source)


def _add_runs(builder: DocumentBuilder, start: int, runs: list) -> None:
    for index, line, column in runs:
        builder.segments.append(Segment(start + index, line=line, column=column,
                                        paragraph=builder.paragraph_count, exact=True))


def _block_keys(block: tuple) -> list[str]:
    kind, value = block
    if kind == "p":
        return ["".join(value.split())]
    return ["".join(entry[0].split()) for row in value for entry in row if entry[0]]


HTML_READER = Reader("html", (".html", ".htm"), read_html, extra="html", missing=html_missing)
