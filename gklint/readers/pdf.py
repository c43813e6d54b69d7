"""PDF reports (.pdf), read with pypdfium2.

pypdfium2 was chosen over pdfplumber by measurement (benchmarks/bench_readers.py,
a 102-page report on one core): pdfplumber's words and table finder ran at
6-10 pages/s, this reader at 70-90 pages/s, and on the seed PDFs it rebuilds
every table whole where pdfplumber returns the pieces of a table broken over
two pages separately.  The tables of these reports are ruled grids, rebuilt
here from the ruling lines.

What the rules see:

* text lines from character boxes, joined into paragraphs by layout (a new
  paragraph at an indented line, after a line that ends short, after a
  larger gap or a change of font size), also across a page break;
* tables from ruling lines: horizontal and vertical segments are grouped
  into grids; a missing line between two grid cells means a merged cell,
  whose text goes to its first cell ("" elsewhere);
* a table that runs to the foot of a page and one with the same frame at the
  head of the next page are one table (repeated header rows are dropped);
* tables drawn without lines: runs of lines split into aligned pieces by
  wide gaps, columns taken from their positions;
* running headers and footers (the same text at the top or bottom of most
  pages) and page numbers are dropped.

This module extracts characters and ruling lines with pdfium; the layout
work above, shared with OFD, is gklint.readers.layout.

Files that cannot be read as reports become one GK9xx finding: no text
layer (a scan: GK905), password (GK904), damaged (GK903), over the page cap
(GK907).
"""
from __future__ import annotations

import ctypes
from typing import Optional

from ..model import Document
from . import ReadError, ReadOptions, Reader, check_input, check_text_length, missing_module
from .layout import Page, page_of, pages_document
from .sniff import head_kind

_THIN = 3.0  # a path thinner than this (points) is a ruling line
# Past this many pages, characters are counted on every page before any is
# read (real reports have 5-60 pages; the count costs a few % of a read).
_PRECOUNT_PAGES = 60
_PASSWORD_ERRORS = (4, 5)  # FPDF_ERR_PASSWORD, FPDF_ERR_SECURITY


def pdf_missing() -> Optional[str]:
    return missing_module("pypdfium2", "pypdfium2")


def read_pdf(path: str, data: bytes, options: ReadOptions) -> Document:
    _check_bytes(data, options)
    import pypdfium2 as pdfium

    from .pdffont import install as install_cjk_fallback

    install_cjk_fallback()  # text must not depend on the machine's CJK fonts

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise _open_error(exc) from None
    try:
        count = len(pdf)
        if count == 0:
            raise ReadError("GK902", "PDF文件没有任何页面，没有可检查的报告内容")
        if count > options.max_pages:
            raise ReadError("GK907", f"PDF共 {count} 页，超过上限 {options.max_pages} 页，未检查"
                            "（年度报告通常不超过几十页，请确认文件是否正确）")
        if count > _PRECOUNT_PAGES:
            _check_char_count(pdf, count, options)
        pages, broken = [], []
        chars = 0
        for i in range(count):
            try:
                pages.append(read_page(pdf, i))
            except pdfium.PdfiumError:  # a damaged page: read the others
                broken.append(i + 1)
                continue
            # The text cap applies as pages are read: 2,000 pages sharing one
            # content stream took minutes before the cap was ever checked.
            chars += pages[-1].chars
            check_text_length(chars, options)
    finally:
        pdf.close()
    if not pages:
        raise ReadError("GK903", "PDF文件已损坏，没有一页能够读取")
    if not any(p.chars for p in pages):
        raise ReadError("GK905", "PDF没有文字层（可能是扫描件），需要先做OCR")
    return pages_document(pages, path, "pdf", count, tuple(broken))


def _check_bytes(data: bytes, options: ReadOptions) -> None:
    check_input(data, options)
    kind = head_kind(data, strict=False)
    if kind == "pdf":
        return
    if kind == "zip":
        message = "这是ZIP压缩包（可能是.docx），扩展名却是.pdf"
    elif kind == "ole":
        message = "这是旧版Office文件（如.doc），扩展名却是.pdf"
    elif kind == "html":
        message = "这是网页（HTML）文件，扩展名却是.pdf"
    else:
        message = "不是有效的PDF文件（缺少%PDF文件头），文件可能已损坏或并非PDF"
    raise ReadError("GK903", message)


def _open_error(exc: Exception) -> ReadError:
    code = getattr(exc, "err_code", None)
    if code in _PASSWORD_ERRORS:
        return ReadError("GK904", "文件已加密（PDF设置了打开密码），无法读取；请去掉密码后重新提交",
                         str(exc))
    return ReadError("GK903", "PDF文件已损坏或不完整（无法解析文件结构），可能在下载或复制时被截断；"
                     "请重新获取原文件", str(exc))


def _check_char_count(pdf, count: int, options: ReadOptions) -> None:
    """Refuse a long PDF with more text than any report (GK907) from pdfium's
    character counts, before the characters are read one by one (the costly
    part: 2,000 pages sharing one content stream of 20,000 characters took
    minutes; counting stops within seconds)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    total = 0
    for i in range(count):
        try:
            page = pdf[i]
        except pdfium.PdfiumError:
            continue  # reported as a damaged page by the real read
        try:
            textpage = page.get_textpage()
            total += raw.FPDFText_CountChars(textpage.raw)
            textpage.close()
        except pdfium.PdfiumError:
            pass
        finally:
            page.close()
        check_text_length(total, options)


# -- one page --------------------------------------------------------------------

def read_page(pdf, index: int) -> Page:
    page = pdf[index]
    try:
        left, bottom, right, top = page.get_cropbox()
        chars = _chars(page, top)
        horizontal, vertical = _rulings(page, top)
    finally:
        page.close()
    return page_of(index + 1, top - bottom, chars, horizontal, vertical)


def _chars(page, page_top: float) -> list[list]:
    """``[x0, top, x1, bottom, char, used]`` per character, y growing downwards.
    pdfium's generated spaces and line breaks are left out: spacing is
    decided from the positions."""
    import pypdfium2.raw as raw

    textpage = page.get_textpage()
    try:
        handle = textpage.raw
        count = raw.FPDFText_CountChars(handle)
        rect = raw.FS_RECTF()
        out: list[list] = []
        pending_high = None
        for i in range(count):
            code = raw.FPDFText_GetUnicode(handle, i)
            if code in (0, 10, 13, 0xFFFE, 0xFFFF):
                continue
            if code == 32 and raw.FPDFText_IsGenerated(handle, i) == 1:
                continue  # only spaces and line breaks are ever generated
            if 0xD800 <= code < 0xDC00:
                pending_high = code
                continue
            if 0xDC00 <= code < 0xE000 and pending_high is not None:
                code = 0x10000 + ((pending_high - 0xD800) << 10) + (code - 0xDC00)
            elif 0xDC00 <= code < 0xE000:
                # A lone low surrogate (a broken ToUnicode map) is not a
                # character: no encoder can write it, so it would crash every
                # output.  It shows as U+FFFD, like any unreadable character.
                code = 0xFFFD
            pending_high = None
            ch = chr(code)
            if not raw.FPDFText_GetLooseCharBox(handle, i, ctypes.byref(rect)):
                continue
            out.append([rect.left, page_top - rect.top, rect.right, page_top - rect.bottom, ch,
                        False])
        return out
    finally:
        textpage.close()


def _rulings(page, page_top: float) -> tuple[list, list]:
    """Horizontal ``(y, x0, x1)`` and vertical ``(x, y0, y1)`` ruling segments."""
    import pypdfium2.raw as raw

    horizontal: list = []
    vertical: list = []
    for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_PATH], max_depth=0):
        left, bottom, right, top = obj.get_bounds()
        width, height = right - left, top - bottom
        if width < _THIN and height >= _THIN:
            vertical.append(((left + right) / 2, page_top - top, page_top - bottom))
        elif height < _THIN and width >= _THIN:
            horizontal.append((page_top - (top + bottom) / 2, left, right))
        elif width >= _THIN and height >= _THIN and _stroked(obj):
            _path_edges(obj, page_top, horizontal, vertical)
    return horizontal, vertical


def _stroked(obj) -> bool:
    import pypdfium2.raw as raw

    fill, stroke = ctypes.c_int(), ctypes.c_int()
    if not raw.FPDFPath_GetDrawMode(obj.raw, ctypes.byref(fill), ctypes.byref(stroke)):
        return False
    return bool(stroke.value)


def _path_edges(obj, page_top: float, horizontal: list, vertical: list) -> None:
    """Axis-aligned straight edges of a stroked path (rectangles, polylines)."""
    import pypdfium2.raw as raw

    a, b, c, d, e, f = obj.get_matrix().get()
    x, y = ctypes.c_float(), ctypes.c_float()
    start = previous = None
    for i in range(raw.FPDFPath_CountSegments(obj.raw)):
        segment = raw.FPDFPath_GetPathSegment(obj.raw, i)
        raw.FPDFPathSegment_GetPoint(segment, ctypes.byref(x), ctypes.byref(y))
        point = (a * x.value + c * y.value + e, b * x.value + d * y.value + f)
        kind = raw.FPDFPathSegment_GetType(segment)
        if kind == raw.FPDF_SEGMENT_MOVETO:
            start = point
        elif kind == raw.FPDF_SEGMENT_LINETO and previous is not None:
            _add_edge(previous, point, page_top, horizontal, vertical)
        if raw.FPDFPathSegment_GetClose(segment) and start is not None:
            _add_edge(point, start, page_top, horizontal, vertical)
        previous = point


def _add_edge(p, q, page_top: float, horizontal: list, vertical: list) -> None:
    (x0, y0), (x1, y1) = p, q
    if abs(y0 - y1) < 0.5 and abs(x1 - x0) >= _THIN:
        horizontal.append((page_top - y0, min(x0, x1), max(x0, x1)))
    elif abs(x0 - x1) < 0.5 and abs(y1 - y0) >= _THIN:
        vertical.append((x0, page_top - max(y0, y1), page_top - min(y0, y1)))


PDF_READER = Reader("pdf", (".pdf",), read_pdf, extra="pdf", missing=pdf_missing)
