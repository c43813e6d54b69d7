"""OFD reports (.ofd, GB/T 33190-2016), the fixed-layout format of Chinese
official documents: a ZIP of XML files, OFD.xml naming each document's
Document.xml, which lists the pages; a page's Content.xml holds TextObjects
(positioned text: a Boundary box, TextCode runs with X/Y and DeltaX
advances) and PathObjects (AbbreviatedData drawing commands: table rules).

The page's characters and ruling lines are handed to the PDF reader's
layout code (gklint.readers.layout.page_of / document_of), so an OFD gets the
same paragraphs, tables, merged cells, tables joined across pages and
dropped headers/footers as a PDF of the same page.  Units are converted from
millimetres to points, the PDF code's unit.  Element names are matched by
local name, so the usual ``ofd:`` namespace, another prefix or none all
read.  The ZIP is refused before unpacking past the .docx reader's caps
(entries, unpacked size, compression ratio), and XML is parsed without
entities or network.  Templates (TemplatePage) hold running headers and
page numbers; they are not read.
"""
from __future__ import annotations

import io
import posixpath
import re
import zipfile
from typing import Optional

from ..model import Document
from . import ReadError, ReadOptions, Reader, check_input, missing_module

MM = 72 / 25.4  # points per millimetre
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_THIN_MM = 3.0 / MM  # the PDF code's ruling-line thickness, in mm


def ofd_missing() -> Optional[str]:
    return missing_module("lxml", "lxml")


def read_ofd(path: str, data: bytes, options: ReadOptions) -> Document:
    from .container import check_zip_sizes, read_member
    from .layout import pages_document

    check_input(data, options)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        raise ReadError("GK903", "不是有效的OFD文件（OFD是ZIP格式的版式文档），文件可能已损坏或在"
                        "下载时被截断；请重新获取原文件", str(exc)) from None
    check_zip_sizes(infos, options)
    names = {info.filename.lower().lstrip("/"): info.filename for info in infos}

    def part(name: str):
        real = names.get(posixpath.normpath(name.lstrip("/")).lower())
        if real is None:
            raise ReadError("GK903", f"OFD文件不完整：缺少 {name}，文件可能已损坏")
        try:
            return _parse(read_member(archive, real))
        except ReadError:
            raise
        except Exception as exc:
            raise ReadError("GK903", f"OFD文件中的 {name} 无法解析，文件可能已损坏", str(exc)) from None

    if "ofd.xml" not in names:
        raise ReadError("GK903", "这是ZIP压缩包，但其中没有 OFD.xml，不是OFD文件")
    pages, count = [], 0
    for root_name in _texts(part("OFD.xml"), "DocRoot"):
        document = part(root_name)
        base = posixpath.dirname(root_name.lstrip("/"))
        box = _box(_first_text(document, "PhysicalBox")) or (0, 0, 210, 297)
        for page_ref in _all(document, "Page"):
            location = page_ref.get("BaseLoc")
            if not location:
                continue
            count += 1
            if count > options.max_pages:
                raise ReadError("GK907", f"OFD页数超过上限 {options.max_pages} 页，未检查")
            name = location if location.startswith("/") else posixpath.join(base, location)
            pages.append(_page(part(name), count, box))
    if not pages:
        raise ReadError("GK902", "OFD文件没有任何页面，没有可检查的报告内容")
    if not any(p.chars for p in pages):
        raise ReadError("GK905", "OFD没有文字（可能是扫描图像），需要先做OCR")
    return pages_document(pages, path, "ofd", count)


def _parse(data: bytes):
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False, remove_comments=True)
    return etree.fromstring(data, parser)


def _local(element) -> str:
    tag = element.tag
    return tag.rsplit("}", 1)[-1].split(":")[-1] if isinstance(tag, str) else ""


def _all(root, name: str):
    return [el for el in root.iter() if _local(el) == name]


def _texts(root, name: str) -> list[str]:
    return [(el.text or "").strip() for el in _all(root, name) if (el.text or "").strip()]


def _first_text(root, name: str) -> str:
    found = _texts(root, name)
    return found[0] if found else ""


def _numbers(text: Optional[str]) -> list[float]:
    return [float(n) for n in _NUMBER.findall(text or "")]


def _box(text: str) -> Optional[tuple]:
    values = _numbers(text)
    return tuple(values[:4]) if len(values) >= 4 else None


# -- one page --------------------------------------------------------------------

def _page(root, number: int, document_box: tuple):
    from .layout import page_of

    area = next((el for el in _all(root, "Area")), None)
    box = (_box(_first_text(area, "PhysicalBox")) if area is not None else None) or document_box
    chars: list = []
    horizontal: list = []
    vertical: list = []
    for element in root.iter():
        kind = _local(element)
        if kind == "TextObject":
            chars.extend(_text_chars(element))
        elif kind == "PathObject":
            _path_rulings(element, horizontal, vertical)
    return page_of(number, box[3] * MM, chars, horizontal, vertical)


def _text_chars(obj) -> list[list]:
    """``[x0, top, x1, bottom, char, False]`` in points for each character."""
    boundary = _box(obj.get("Boundary", "")) or (0, 0, 0, 0)
    size = (_numbers(obj.get("Size")) or [3.5])[0]
    scale_x, scale_y = _ctm_scale(obj.get("CTM"))
    out = []
    x = y = 0.0
    for code in (el for el in obj.iter() if _local(el) == "TextCode"):
        text = code.text or ""
        if code.get("X") is not None:
            x = (_numbers(code.get("X")) or [0])[0]
        if code.get("Y") is not None:
            y = (_numbers(code.get("Y")) or [0])[0]
        deltas = _deltas(code.get("DeltaX"))
        height = size * scale_y
        for k, ch in enumerate(text):
            width = _advance(ch, size)
            step = deltas[k] if k < len(deltas) else width
            left = boundary[0] + x * scale_x
            base = boundary[1] + y * scale_y
            if not ch.isspace():
                right = left + min(width, step if step > 0 else width) * scale_x
                out.append([left * MM, (base - 0.88 * height) * MM, right * MM,
                            (base + 0.12 * height) * MM, ch, False])
            x += step
    return out


def _advance(ch: str, size: float) -> float:
    """A character's width without DeltaX: full for CJK, half for Latin."""
    return size * (0.5 if ord(ch) < 0x2E80 or 0xFF61 <= ord(ch) <= 0xFFDC else 1.0)


def _deltas(text: Optional[str]) -> list[float]:
    """DeltaX: numbers, and ``g N d`` for N advances of d."""
    out: list[float] = []
    tokens = (text or "").split()
    i = 0
    while i < len(tokens):
        if tokens[i] == "g" and i + 2 < len(tokens):
            try:
                out.extend([float(tokens[i + 2])] * min(int(float(tokens[i + 1])), 100_000))
            except ValueError:
                pass
            i += 3
            continue
        try:
            out.append(float(tokens[i]))
        except ValueError:
            pass
        i += 1
    return out


def _ctm_scale(text: Optional[str]) -> tuple[float, float]:
    values = _numbers(text)
    if len(values) >= 4 and values[0] > 0 and values[3] > 0 and not values[1] and not values[2]:
        return values[0], values[3]
    return 1.0, 1.0


def _path_rulings(obj, horizontal: list, vertical: list) -> None:
    """Ruling segments, in points, of a PathObject: a thin box is one line;
    a stroked path gives its axis-aligned straight edges."""
    boundary = _box(obj.get("Boundary", ""))
    if boundary is None:
        return
    x0, y0, w, h = boundary
    if w < _THIN_MM <= h:
        vertical.append(((x0 + w / 2) * MM, y0 * MM, (y0 + h) * MM))
        return
    if h < _THIN_MM <= w:
        horizontal.append(((y0 + h / 2) * MM, x0 * MM, (x0 + w) * MM))
        return
    if obj.get("Stroke", "true").lower() == "false":
        return
    data = next((el.text for el in obj.iter() if _local(el) == "AbbreviatedData"), None)
    for (ax, ay), (bx, by) in _segments(data or ""):
        ax, ay, bx, by = (x0 + ax) * MM, (y0 + ay) * MM, (x0 + bx) * MM, (y0 + by) * MM
        if abs(ay - by) < 0.5 and abs(ax - bx) >= 3.0:
            horizontal.append((ay, min(ax, bx), max(ax, bx)))
        elif abs(ax - bx) < 0.5 and abs(ay - by) >= 3.0:
            vertical.append((ax, min(ay, by), max(ay, by)))


def _segments(data: str) -> list[tuple]:
    """Straight segments of AbbreviatedData (M, L, Z; curves move the pen only)."""
    tokens = re.findall(r"[A-Za-z]|" + _NUMBER.pattern, data)
    arity = {"M": 2, "L": 2, "Q": 4, "B": 6, "A": 7, "S": 2, "C": 0, "Z": 0}
    out, start, pen, i = [], None, None, 0
    while i < len(tokens):
        op = tokens[i].upper()
        i += 1
        n = arity.get(op)
        if n is None:
            continue
        try:
            args = [float(t) for t in tokens[i:i + n]]
        except ValueError:
            return out
        i += n
        if len(args) < n:
            break
        if op in ("M", "S"):
            start = pen = (args[0], args[1])
        elif op == "L" and pen is not None:
            out.append((pen, (args[0], args[1])))
            pen = (args[0], args[1])
        elif op in ("Q", "B", "A"):
            pen = (args[-2], args[-1])
        elif op in ("C", "Z") and pen is not None and start is not None:
            out.append((pen, start))
            pen = start
    return out


OFD_READER = Reader("ofd", (".ofd",), read_ofd, extra="ofd", missing=ofd_missing)
