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
* a one-column table is a layout frame: its cells are read as body content.

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
from . import ReadError, ReadOptions, Reader
from .builder import DocumentBuilder

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

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MAX_ZIP_ENTRIES = 10_000
_MAX_RATIO = 200  # unpacked / packed, for archives that unpack to more than 20 MB
_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]")
_MB = 1024 * 1024


def docx_missing() -> Optional[str]:
    try:
        import docx  # noqa: F401
    except ImportError:
        return "docx"
    return None


def read_docx(path: str, data: bytes, options: ReadOptions) -> Document:
    check_package(data, options)
    body = _open_body(data)
    builder = DocumentBuilder()
    _BodyWalker(builder).container(body)
    if not builder.blocks:
        raise ReadError("GK902", "Word文档中没有文字内容，没有可检查的报告正文")
    return builder.build(path, "docx", has_lines=False)


# -- the container ---------------------------------------------------------------

def check_package(data: bytes, options: ReadOptions) -> None:
    """Refuse what is not a readable, reasonably sized .docx, before unpacking."""
    if not data.strip():
        raise ReadError("GK902", "文件为空（0字节），没有可检查的报告内容")
    if len(data) > options.max_bytes:
        raise ReadError("GK907", f"文件过大（{len(data) // _MB} MB），超过上限 "
                        f"{options.max_bytes // _MB} MB，未检查")
    if data.startswith(_OLE_MAGIC):
        raise _ole_error(data)
    if not data.startswith(b"PK"):
        raise ReadError("GK903", _not_zip_message(data))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        raise ReadError("GK903", "文件不完整或已损坏：ZIP结构无法读取，可能在下载或复制时被截断；"
                        "请重新获取原文件", str(exc)) from None
    _check_sizes(infos, options)
    names = {info.filename for info in infos}
    if "word/document.xml" not in names and not _main_part(archive, names):
        raise ReadError("GK903", _wrong_package_message(names))


def _ole_error(data: bytes) -> ReadError:
    if "EncryptedPackage".encode("utf-16-le") in data:
        return ReadError("GK904", "文件已加密（设置了打开密码），无法读取；请去掉密码后重新提交")
    if "WordDocument".encode("utf-16-le") in data:
        return ReadError("GK903", "这是旧版Word文档（.doc格式），只是扩展名写成了.docx；"
                         "请在Word中“另存为”.docx后再检查")
    return ReadError("GK903", "这是旧版Office复合文档（如.doc、.xls），不是.docx文件")


def _not_zip_message(data: bytes) -> str:
    head = data[:1024].lstrip().lower()
    if head.startswith(b"%pdf"):
        return "这是PDF文件，扩展名却是.docx；请把扩展名改为.pdf"
    if head.startswith(b"{\\rtf"):
        return "这是RTF文件，扩展名却是.docx；请在Word中“另存为”.docx后再检查"
    if b"<html" in head or b"<!doctype html" in head or b"urn:schemas-microsoft-com" in head:
        return "这是网页（HTML）文件，扩展名却是.docx，可能是“另存为网页”的Word文档；请另存为.docx"
    return "不是有效的.docx文件（不是ZIP格式的Word文档），文件可能已损坏或并非Word文档"


def _check_sizes(infos: list, options: ReadOptions) -> None:
    if len(infos) > _MAX_ZIP_ENTRIES:
        raise ReadError("GK907", f"压缩包内文件数（{len(infos)}）超过上限 {_MAX_ZIP_ENTRIES}，"
                        "可能是“压缩炸弹”，未解压检查")
    unpacked = sum(info.file_size for info in infos)
    packed = sum(info.compress_size for info in infos) or 1
    if unpacked > options.max_unpacked_bytes:
        raise ReadError("GK907", f"解压后大小（{unpacked // _MB} MB）超过上限 "
                        f"{options.max_unpacked_bytes // _MB} MB，可能是“压缩炸弹”，未解压检查")
    if unpacked > 20 * _MB and unpacked / packed > _MAX_RATIO:
        raise ReadError("GK907", f"压缩比异常（{unpacked // packed}倍，解压后 {unpacked // _MB} MB），"
                        "可能是“压缩炸弹”，未解压检查")


def _main_part(archive: zipfile.ZipFile, names: set) -> Optional[str]:
    """The main document part named by the package relationships, if any."""
    if "_rels/.rels" not in names:
        return None
    rels = archive.read("_rels/.rels").decode("utf-8", "replace")
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
        xml = archive.read(name)
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
    return body


# -- the body --------------------------------------------------------------------

class _BodyWalker:
    """Feeds paragraphs and tables of WordprocessingML to a DocumentBuilder."""

    def __init__(self, builder: DocumentBuilder) -> None:
        self.builder = builder

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
        reader = _ParagraphText()
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
        self.builder.table(_grid(rows))


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
                    if prop.tag == _W + "gridBefore":
                        row.append((None, _int_val(prop, 0), None))
                    elif prop.tag == _W + "gridAfter":
                        after = _int_val(prop, 0)
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
                span = max(1, min(_int_val(prop, 1), 64))
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


def _grid(rows: list[list[tuple]]) -> list[list[str]]:
    """Cell texts by grid column; a row is as long as its own cells (short rows
    are not padded: one absurdly wide row must not widen every row)."""
    grid = []
    for row in rows:
        texts: list[str] = []
        for tc, span, merge in row:
            texts.append("" if tc is None or merge == "continue" else cell_text(tc))
            texts.extend([""] * (span - 1))
        grid.append(texts)
    return grid


def cell_text(tc) -> str:
    """The text of a table cell: its paragraphs (and nested tables) joined."""
    pieces: list[str] = []
    _cell_pieces(tc, pieces)
    return smart_join(pieces)


def _cell_pieces(element, pieces: list[str]) -> None:
    for child in element:
        tag = child.tag
        if tag == P:
            reader = _ParagraphText()
            reader.walk(child)
            pieces.extend(reader.lines())
            for box in reader.boxes:
                _cell_pieces(box, pieces)
        elif tag == TBL:  # a table nested in a data cell: its text, row by row
            for row in table_layout(child):
                for tc, _span, merge in row:
                    if tc is not None and merge != "continue":
                        _cell_pieces(tc, pieces)
        elif tag == SDT:
            content = child.find(SDT_CONTENT)
            if content is not None:
                _cell_pieces(content, pieces)
        elif tag in _CONTAINERS or tag == ALTERNATE:
            _cell_pieces(child, pieces)


def smart_join(pieces: list[str]) -> str:
    """Join lines of one cell: no space between Chinese, one between other words."""
    out = ""
    for piece in pieces:
        piece = piece.strip()
        if not piece:
            continue
        if out and not (_CJK.match(out[-1]) or _CJK.match(piece[0])):
            out += " "
        out += piece
    return out


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

    def __init__(self) -> None:
        self.parts: list[list[str]] = [[]]
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


DOCX_READER = Reader("docx", (".docx",), read_docx, extra="docx", missing=docx_missing)
