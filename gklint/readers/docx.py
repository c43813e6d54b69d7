"""Word reports (.docx).

The main document part is parsed with python-docx's XML parser (which does
not resolve entities, so a hostile document cannot expand or fetch them) and
walked as WordprocessingML so that only what Word shows reaches the rules:

* paragraphs and tables in body order, content controls and text boxes
  included (a text box once: the VML fallback copy is skipped);
* soft line breaks and page breaks end a paragraph, because a heading
  followed by a break and body text is still a heading;
* never shown: bookmarks, field instructions (``HYPERLINK ... \\* MERGEFORMAT``),
  tracked deletions, hidden text, comments, headers and footers;
* merged cells: the text sits in the first grid cell of a gridSpan or vMerge
  range and the cells it covers are "" (so column labels keep their place);
* a one-column table is a layout frame: its cells are read as body content;
* Word's automatic list numbers (一、 （一） 1.), which live in numbering.xml
  and not in the runs, are put back in front of their paragraphs.

The container is checked before anything is unpacked: empty, not a zip
(an old .doc, RTF, PDF or web page renamed), encrypted (an OLE file holding
an ``EncryptedPackage``), truncated, or unpacking past the size cap.
"""
from __future__ import annotations

import io
import re
import zipfile
from typing import Optional

from ..model import Document
from . import ReadError, ReadOptions, Reader, check_input, missing_module
from .builder import CJK, DocumentBuilder, smart_join
from .container import check_zip_sizes, ole_error, read_member
from .sniff import head_kind

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
P, TBL, TR, TC, R, T = _W + "p", _W + "tbl", _W + "tr", _W + "tc", _W + "r", _W + "t"
SDT, SDT_CONTENT = _W + "sdt", _W + "sdtContent"
TXBX_CONTENT = _W + "txbxContent"
ALTERNATE, CHOICE, FALLBACK = _MC + "AlternateContent", _MC + "Choice", _MC + "Fallback"
# Subtrees whose text Word does not show in the document body.
_SKIP = frozenset(_W + t for t in (
    "pPr", "rPr", "del", "moveFrom", "instrText", "delText", "delInstrText", "fldData",
    "footnoteReference", "endnoteReference", "commentReference", "annotationRef",
    "object", "tcPr", "trPr", "tblPr", "tblGrid", "sectPr", "bookmarkStart", "bookmarkEnd",
    "proofErr", "permStart", "permEnd", "lastRenderedPageBreak", "sdtPr", "sdtEndPr")
) | {FALLBACK}
# Elements that only wrap runs: their children are read in order.
_WRAPPERS = frozenset(_W + t for t in (
    "hyperlink", "ins", "moveTo", "smartTag", "customXml", "fldSimple", "dir", "bdo"))
_CONTAINERS = frozenset({SDT_CONTENT, _W + "customXml", CHOICE})

_MAX_GRID = 64  # grid columns a gridSpan, gridBefore or gridAfter may cover
# Word accepts list starts up to 32767; beyond that (or below 1) a counter is
# shown in decimal, since roman numerals and letters grow with the number
# (10^12 in roman numerals was a billion M's).
_MAX_LIST_NUMBER = 32767
_MAX_LETTERS = 780  # ZZZ…Z (30 letters): letters repeat, one more per 26


def docx_missing() -> Optional[str]:
    return missing_module("docx", "docx")


def read_docx(path: str, data: bytes, options: ReadOptions) -> Document:
    check_package(data, options)
    body, numbering = _open_body(data)
    builder = DocumentBuilder()
    _BodyWalker(builder, numbering).container(body)
    if not builder.blocks:
        raise ReadError("GK902", "Word文档中没有文字内容，没有可检查的报告正文")
    return builder.build(path, "docx", has_lines=False)


# -- the container ---------------------------------------------------------------

def check_package(data: bytes, options: ReadOptions) -> None:
    """Refuse what is not a readable, reasonably sized .docx, before unpacking."""
    check_input(data, options)
    if head_kind(data) == "ole":
        raise ole_error(data)
    if not data.startswith(b"PK"):  # any ZIP record, even a damaged one: zipfile judges
        raise ReadError("GK903", _not_zip_message(data))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        raise ReadError("GK903", "文件不完整或已损坏：ZIP结构无法读取，可能在下载或复制时被截断；"
                        "请重新获取原文件", str(exc)) from None
    check_zip_sizes(infos, options)
    names = {info.filename for info in infos}
    if "word/document.xml" not in names and not _main_part(archive, names):
        raise ReadError("GK903", _wrong_package_message(names))


def _not_zip_message(data: bytes) -> str:
    kind = head_kind(data, strict=False)
    if kind == "pdf":
        return "这是PDF文件，扩展名却是.docx；请把扩展名改为.pdf"
    if kind == "rtf":
        return "这是RTF文件，扩展名却是.docx；请在Word中“另存为”.docx后再检查"
    if kind == "html":
        return "这是网页（HTML）文件，扩展名却是.docx，可能是“另存为网页”的Word文档；请另存为.docx"
    return "不是有效的.docx文件（不是ZIP格式的Word文档），文件可能已损坏或并非Word文档"


def _main_part(archive: zipfile.ZipFile, names: set) -> Optional[str]:
    """The main document part named by the package relationships, if any."""
    if "_rels/.rels" not in names:
        return None
    rels = read_member(archive, "_rels/.rels").decode("utf-8", "replace")
    m = re.search(r'Target="/?([^"]+)"[^>]*Type="[^"]*/officeDocument"', rels) or re.search(
        r'Type="[^"]*/officeDocument"[^>]*Target="/?([^"]+)"', rels)
    if m and m.group(1) in names and m.group(1).startswith("word/"):
        return m.group(1)
    return None


def _wrong_package_message(names: set) -> str:
    if "xl/workbook.xml" in names:
        return "这是Excel表格（.xlsx），扩展名却是.docx，不是Word文档"
    if "ppt/presentation.xml" in names:
        return "这是PowerPoint演示文稿（.pptx），扩展名却是.docx，不是Word文档"
    if "content.xml" in names:
        return "这是OpenDocument（WPS/LibreOffice .odt等）文件，扩展名却是.docx；请另存为.docx"
    return "这是ZIP压缩包，但其中没有Word文档正文（word/document.xml），不是.docx文件"


def _open_body(data: bytes):
    """The w:body element of the main document part.

    Only that part is unpacked and parsed, with python-docx's parser (which
    does not resolve entities); loading the whole package through
    ``docx.Document`` would also parse styles and themes, three times the work
    for no text.  Macro-enabled documents and templates have the same body.
    """
    from docx.oxml.parser import parse_xml

    archive = zipfile.ZipFile(io.BytesIO(data))
    name = _main_part(archive, set(archive.namelist())) or "word/document.xml"
    try:
        xml = read_member(archive, name)
    except (zipfile.BadZipFile, EOFError, OSError, ValueError) as exc:
        raise ReadError("GK903", "Word文档已损坏（正文部分解压失败），可能在下载或复制时被截断；"
                        "请重新获取原文件", str(exc)) from None
    except NotImplementedError as exc:  # an unsupported compression method
        raise ReadError("GK903", "Word文档使用了无法识别的压缩方式，无法读取", str(exc)) from None
    try:
        root = parse_xml(xml)
    except Exception as exc:  # lxml.etree.XMLSyntaxError: a damaged or cut part
        raise ReadError("GK903", "Word文档的正文XML已损坏，无法读取；请在Word中打开后重新保存",
                        str(exc)) from None
    body = root.find(_W + "body")
    if body is None:
        raise ReadError("GK903", "Word文档中没有正文部分（w:body），文件可能已损坏")
    return body, Numbering.load(archive, name) if b"numPr" in xml else NO_NUMBERING


# -- the body --------------------------------------------------------------------

class _BodyWalker:
    """Feeds paragraphs and tables of WordprocessingML to a DocumentBuilder."""

    def __init__(self, builder: DocumentBuilder, numbering: "Numbering") -> None:
        self.builder = builder
        self.numbering = numbering

    def container(self, element) -> None:
        for child in element:
            tag = child.tag
            if tag == P:
                self.paragraph(child)
            elif tag == TBL:
                self.table(child)
            elif tag == SDT:
                content = child.find(SDT_CONTENT)
                if content is not None:
                    self.container(content)
            elif tag in _CONTAINERS or tag == ALTERNATE:
                self.container(child)

    def paragraph(self, p) -> None:
        reader = _ParagraphText(self.numbering.label(p))
        reader.walk(p)
        for line in reader.lines():
            self.builder.paragraph(line)
        for box in reader.boxes:
            self.container(box)

    def table(self, tbl) -> None:
        rows = table_layout(tbl)
        if not rows:
            return
        if max(len(r) for r in rows) == 1:  # a layout frame, not a data table
            for row in rows:
                for tc, _span, _merge in row:
                    if tc is not None:
                        self.container(tc)
            return
        self.builder.table(_grid(rows, self.numbering))


def table_layout(tbl) -> list[list[tuple]]:
    """Per w:tr, ``(tc, gridSpan, merge)`` per cell; merge is None, "restart" or
    "continue" (covered by the cell above or, legacy hMerge, to the left).
    gridBefore / gridAfter give ``(None, n, None)`` placeholders."""
    rows = []
    for tr in _children(tbl, TR):
        row: list[tuple] = []
        after = 0
        for child in tr:
            if child.tag == _W + "trPr":
                for prop in child:
                    # Capped like gridSpan: Word tables have at most 63
                    # columns, and gridAfter=1000000 on every row made 4 GB.
                    if prop.tag == _W + "gridBefore":
                        row.append((None, max(0, min(_int_val(prop, 0), _MAX_GRID)), None))
                    elif prop.tag == _W + "gridAfter":
                        after = max(0, min(_int_val(prop, 0), _MAX_GRID))
        for tc in _children(tr, TC):
            row.append(_cell_layout(tc))
        if after:
            row.append((None, after, None))
        rows.append([cell for cell in row if cell[1] > 0])
    return rows


def _cell_layout(tc) -> tuple:
    span, merge = 1, None
    props = tc[0] if len(tc) and tc[0].tag == _W + "tcPr" else None
    if props is not None:
        for prop in props:
            tag = prop.tag
            if tag == _W + "gridSpan":
                span = max(1, min(_int_val(prop, 1), _MAX_GRID))
            elif tag == _W + "vMerge":
                merge = "restart" if prop.get(_W + "val") == "restart" else "continue"
            elif tag == _W + "hMerge" and merge is None and prop.get(_W + "val") != "restart":
                merge = "continue"
    return tc, span, merge


def _children(element, tag: str):
    """Direct children with ``tag``, looking through w:sdt and w:customXml wrappers."""
    for child in element:
        if child.tag == tag:
            yield child
        elif child.tag == SDT:
            content = child.find(SDT_CONTENT)
            if content is not None:
                yield from _children(content, tag)
        elif child.tag == _W + "customXml":
            yield from _children(child, tag)


def _grid(rows: list[list[tuple]], numbering: "Numbering") -> list[list[Optional[str]]]:
    """Cell texts by grid column, ``None`` where a merged cell covers the
    position; a row is as long as its own cells (short rows are not padded:
    one absurdly wide row must not widen every row)."""
    grid = []
    for row in rows:
        texts: list[Optional[str]] = []
        for tc, span, merge in row:
            if tc is None:  # gridBefore/gridAfter: a gap, not a merge
                texts.extend([""] * span)
                continue
            texts.append(None if merge == "continue" else cell_text(tc, numbering))
            texts.extend([None] * (span - 1))
        grid.append(texts)
    return grid


def cell_text(tc, numbering: "Numbering") -> str:
    """The text of a table cell: its paragraphs (and nested tables) joined."""
    pieces: list[str] = []
    _cell_pieces(tc, pieces, numbering)
    return smart_join(pieces)


def _cell_pieces(element, pieces: list[str], numbering: "Numbering") -> None:
    for child in element:
        tag = child.tag
        if tag == P:
            reader = _ParagraphText(numbering.label(child))
            reader.walk(child)
            pieces.extend(reader.lines())
            for box in reader.boxes:
                _cell_pieces(box, pieces, numbering)
        elif tag == TBL:  # a table nested in a data cell: its text, row by row
            for row in table_layout(child):
                for tc, _span, merge in row:
                    if tc is not None and merge != "continue":
                        _cell_pieces(tc, pieces, numbering)
        elif tag == SDT:
            content = child.find(SDT_CONTENT)
            if content is not None:
                _cell_pieces(content, pieces, numbering)
        elif tag in _CONTAINERS or tag == ALTERNATE:
            _cell_pieces(child, pieces, numbering)


def _int_val(element, default: int) -> int:
    if element is None:
        return default
    try:
        return int(element.get(_W + "val", default))
    except ValueError:
        return default


class _ParagraphText:
    """The visible text of one w:p, split at line and page breaks.

    Text boxes anchored in the paragraph are collected in ``boxes`` and read
    after it.  Field codes: between ``fldChar begin`` and ``separate`` is the
    instruction, never shown; the result after ``separate`` is shown.
    """

    def __init__(self, label: str = "") -> None:
        self.parts: list[list[str]] = [[label]]  # label: the automatic list number
        self.boxes: list = []
        self.fields: list[str] = []  # "instr" or "result" per open field

    def lines(self) -> list[str]:
        return [t for t in ("".join(p).strip() for p in self.parts) if t]

    def walk(self, element) -> None:
        for child in element:
            tag = child.tag
            if tag in _SKIP:
                continue
            if tag == R:
                self.run(child)
            elif tag in _WRAPPERS or tag == ALTERNATE or tag == CHOICE:
                self.walk(child)
            elif tag == TXBX_CONTENT:
                self.boxes.append(child)
            elif len(child):
                self.walk(child)  # drawings, shapes: look for text boxes

    def run(self, r) -> None:
        props = r.find(_W + "rPr")
        hidden = props is not None and _on(props.find(_W + "vanish"))
        for child in r:
            tag = child.tag
            if tag == _W + "fldChar":
                self.field_char(child.get(_W + "fldCharType"))
            elif hidden or (self.fields and self.fields[-1] == "instr"):
                continue
            elif tag == T:
                self.parts[-1].append(child.text or "")
            elif tag in (_W + "tab", _W + "ptab"):
                self.parts[-1].append(" ")
            elif tag in (_W + "br", _W + "cr"):
                self.parts.append([])
            elif tag == _W + "noBreakHyphen":
                self.parts[-1].append("-")
            elif tag in (_W + "drawing", _W + "pict", ALTERNATE):
                self.walk(child)

    def field_char(self, kind: Optional[str]) -> None:
        if kind == "begin":
            self.fields.append("instr")
        elif kind == "separate" and self.fields:
            self.fields[-1] = "result"
        elif kind == "end" and self.fields:
            self.fields.pop()


def _on(element) -> bool:
    return element is not None and element.get(_W + "val", "true") not in ("0", "false", "off")


# -- automatic numbering --------------------------------------------------------------

_CHINESE_DIGITS = "〇一二三四五六七八九"
_LEGAL_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_DIZHI = "子丑寅卯辰巳午未申酉戌亥"


def _chinese_number(n: int, digits: str = _CHINESE_DIGITS, ten: str = "十") -> str:
    if n <= 0 or n >= 100:
        return str(n)
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else (ten if tens == 1 else digits[tens] + ten)
    return head + (digits[ones] if ones else "")


def _letters(n: int) -> str:
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1) if n > 0 else str(n)


def _roman(n: int) -> str:
    out = ""
    for value, numeral in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"),
                           (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"),
                           (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + numeral, n - value
    return out


def format_number(n: int, fmt: str) -> str:
    """A list counter as Word shows it in ``numFmt`` (一, 1, ①, 甲, A, iv ...)."""
    if n > _MAX_LIST_NUMBER or (n > _MAX_LETTERS and fmt.endswith("Letter")):
        return str(n)
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting",
               "taiwaneseCountingThousand", "koreanCounting"):
        return _chinese_number(n)
    if fmt in ("chineseLegalSimplified", "japaneseLegal"):
        return _chinese_number(n, _LEGAL_DIGITS, "拾")
    if fmt in ("ideographDigital", "taiwaneseDigital", "japaneseDigitalTenThousand"):
        return "".join(_CHINESE_DIGITS[int(d)] for d in str(n))
    if fmt == "ideographTraditional":
        return _TIANGAN[(n - 1) % 10]
    if fmt == "ideographZodiac":
        return _DIZHI[(n - 1) % 12]
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if fmt == "decimalEnclosedParen" and 1 <= n <= 20:
        return chr(0x2474 + n - 1)
    if fmt == "decimalEnclosedFullstop" and 1 <= n <= 20:
        return chr(0x2488 + n - 1)
    if fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return "".join(chr(0xFF10 + int(d)) for d in str(n))
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "upperLetter":
        return _letters(n)
    if fmt == "lowerLetter":
        return _letters(n).lower()
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    return str(n)


class Numbering:
    """Word's automatic list numbers (一、 （一） 1.): shown on the page but not in
    the text runs, so a numbered heading would otherwise lose its 一、.

    Counters run per abstract list in reading order; a list instance with a
    start override restarts it.  Numbering may come from the paragraph or its
    style.  Bullets add nothing.
    """

    def __init__(self, levels: dict, nums: dict, styles: dict) -> None:
        self.levels = levels  # abstractNumId -> {ilvl: (start, numFmt, lvlText, suff)}
        self.nums = nums  # numId -> (abstractNumId, {ilvl: start override})
        self.styles = styles  # styleId -> (numId, ilvl)
        self.counters: dict[str, dict[int, int]] = {}
        self.restarted: set[str] = set()

    @classmethod
    def load(cls, archive: zipfile.ZipFile, main_part: str) -> "Numbering":
        folder = main_part.rsplit("/", 1)[0]
        numbering = _safe_xml(archive, f"{folder}/numbering.xml")
        if numbering is None:
            return NO_NUMBERING
        levels = {a.get(_W + "abstractNumId"): _levels(a)
                  for a in numbering.iter(_W + "abstractNum")}
        nums = {}
        for num in numbering.iter(_W + "num"):
            abstract = num.find(_W + "abstractNumId")
            overrides = {}
            for override in num.iter(_W + "lvlOverride"):
                start = override.find(_W + "startOverride")
                if start is not None:
                    overrides[_int_attr(override, "ilvl", 0)] = _int_val(start, 1)
            if abstract is not None:
                nums[num.get(_W + "numId")] = (abstract.get(_W + "val"), overrides)
        return cls(levels, nums, _style_numbering(archive, folder))

    def label(self, p) -> str:
        ref = self._reference(p)
        if ref is None:
            return ""
        num_id, ilvl = ref
        if num_id not in self.nums:
            return ""
        abstract, overrides = self.nums[num_id]
        levels = self.levels.get(abstract, {})
        if ilvl not in levels:
            return ""
        counters = self.counters.setdefault(abstract, {})
        if overrides and num_id not in self.restarted:
            self.restarted.add(num_id)
            counters.clear()
            for level, start in overrides.items():
                counters[level] = start - 1
        start, fmt, text, suffix = levels[ilvl]
        counters[ilvl] = counters.get(ilvl, start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        if fmt in ("bullet", "none") or not text:
            return ""
        label = re.sub(r"%([1-9])", lambda m: self._counter(levels, counters, int(m.group(1)) - 1),
                       text)
        return label + _separator(label, suffix)

    @staticmethod
    def _counter(levels: dict, counters: dict, level: int) -> str:
        start, fmt, _, _ = levels.get(level, (1, "decimal", "", ""))
        return format_number(counters.get(level, start), fmt)

    def _reference(self, p) -> Optional[tuple[str, int]]:
        props = p[0] if len(p) and p[0].tag == _W + "pPr" else None
        if props is None:
            return None
        num_pr = props.find(_W + "numPr")
        if num_pr is not None:
            num_id = num_pr.find(_W + "numId")
            if num_id is not None:
                return num_id.get(_W + "val"), _int_val(num_pr.find(_W + "ilvl"), 0)
        style = props.find(_W + "pStyle")
        if style is not None:
            return self.styles.get(style.get(_W + "val"))
        return None


class _NoNumbering(Numbering):
    def __init__(self) -> None:
        super().__init__({}, {}, {})

    def label(self, p) -> str:
        return ""


NO_NUMBERING = _NoNumbering()


def _levels(abstract) -> dict:
    out = {}
    for lvl in abstract.iter(_W + "lvl"):
        fmt = lvl.find(_W + "numFmt")
        text = lvl.find(_W + "lvlText")
        suffix = lvl.find(_W + "suff")
        out[_int_attr(lvl, "ilvl", 0)] = (
            _int_val(lvl.find(_W + "start"), 1),
            fmt.get(_W + "val", "decimal") if fmt is not None else "decimal",
            text.get(_W + "val", "") if text is not None else "",
            suffix.get(_W + "val", "tab") if suffix is not None else "tab")
    return out


def _style_numbering(archive: zipfile.ZipFile, folder: str) -> dict:
    """styleId -> (numId, ilvl) for paragraph styles that number, basedOn followed."""
    styles = _safe_xml(archive, f"{folder}/styles.xml")
    if styles is None:
        return {}
    direct, based = {}, {}
    for style in styles.iter(_W + "style"):
        sid = style.get(_W + "styleId")
        base = style.find(_W + "basedOn")
        if base is not None:
            based[sid] = base.get(_W + "val")
        num_pr = style.find(f"{_W}pPr/{_W}numPr")
        if num_pr is not None and num_pr.find(_W + "numId") is not None:
            direct[sid] = (num_pr.find(_W + "numId").get(_W + "val"),
                           _int_val(num_pr.find(_W + "ilvl"), 0))
    out = {}
    for sid in set(direct) | set(based):
        current, hops = sid, 0
        while current is not None and current not in direct and hops < 20:
            current, hops = based.get(current), hops + 1
        if current in direct:
            out[sid] = direct[current]
    return out


def _safe_xml(archive: zipfile.ZipFile, name: str):
    """A package part parsed without entity expansion, or None if absent or bad."""
    from lxml import etree

    try:
        return etree.fromstring(read_member(archive, name), etree.XMLParser(
            resolve_entities=False, no_network=True, remove_comments=True))
    except (KeyError, zipfile.BadZipFile, OSError, ValueError, etree.XMLSyntaxError):
        return None


def _separator(label: str, suffix: str) -> str:
    if suffix == "nothing" or not label:
        return ""
    if suffix == "space":
        return " "
    return "" if CJK.match(label[-1]) or label[-1] in ".)" else " "


def _int_attr(element, name: str, default: int) -> int:
    try:
        return int(element.get(_W + name, default))
    except ValueError:
        return default


DOCX_READER = Reader("docx", (".docx",), read_docx, extra="docx", missing=docx_missing)
