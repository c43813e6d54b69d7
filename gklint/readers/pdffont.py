"""A CJK fallback font handed to pdfium, so PDF text does not depend on the
machine's fonts.

A PDF may name a CJK font without embedding it (reportlab's STSong-Light,
iText's STSong, many office exports).  pdfium then asks the system for a
substitute; on a machine with no CJK font it gets a Latin one that has no
glyph for the characters, and a text object holding only such characters
has an empty bounding box - pdfium's text page drops it.  A table cell or
paragraph whose last character wrapped onto its own line loses that
character ("禁止公开" read as "禁止公"), and the rules see damaged labels.

gklint installs its own system-font handler (``FPDF_SetSystemFontInfo``)
in place of pdfium's default one, which scans the machine's font folders:
every request for a CJK font (a CJK charset, or a CJK face name such as
STSong, SimSun, 宋体) gets the bundled ``fonts/gklint-cjk-fallback.ttf``;
every other request gets nothing, so pdfium uses its built-in standard
fonts.  No font of the machine is ever used, and a PDF reads the same on
every machine.  The fallback font is 736 bytes: one square glyph for every
code point (a format-13 "last resort" cmap).  That is all text extraction
needs: the characters come from the PDF's own encoding and their advance
widths from the PDF's /W array; the glyph only gives each character a box.
Measured on the seed PDFs (STSong-Light, not embedded): the text is the
same as with WenQuanYi Micro Hei (5 MB) installed, character boxes within
1 pt; without a CJK font 6 characters were lost per report.
``benchmarks/make_fallback_font.py`` rebuilds the font with fontTools.
"""
from __future__ import annotations

import ctypes
import re
import threading
from importlib import resources

_CJK_CHARSETS = frozenset({128, 129, 130, 134, 136})  # SHIFTJIS HANGEUL JOHAB GB2312 BIG5
_CJK_FACE = re.compile(
    r"[^\x00-\x7f]|song|hei|kai|fang|ming|yuan|sun|gothic|mincho|batang|gulim|dotum"
    r"|heisei|hysm|hygo|msung|mhei|stsong|stheiti|stkaiti|stfangsong|adobesong|gb|big5"
    r"|cjk|chinese|wenquanyi|wqy|noto ?s[ae]n?s? ?cjk|source ?han", re.I)
_FACE_NAME = b"GklintCJKFallback"
_lock = threading.Lock()
_installed = None  # the FPDF_SYSFONTINFO kept alive while pdfium holds it


def fallback_font() -> bytes:
    return resources.files("gklint.readers").joinpath(
        "fonts/gklint-cjk-fallback.ttf").read_bytes()


def is_cjk_request(charset: int, face: bytes) -> bool:
    """Does pdfium ask for a CJK font?"""
    if charset in _CJK_CHARSETS:
        return True
    return bool(_CJK_FACE.search(face.decode("utf-8", "replace")))


def install() -> None:
    """Hand pdfium the fallback font (once per process, before any PDF is opened)."""
    global _installed
    if _installed is not None:
        return
    with _lock:
        if _installed is None:
            _installed = _FontInfo()


class _FontInfo:
    """pdfium's system fonts: the fallback for CJK requests, nothing else."""

    def __init__(self) -> None:
        import pypdfium2  # noqa: F401  (initialises the library)
        import pypdfium2.raw as raw

        self.data = fallback_font()
        self.buffer = ctypes.create_string_buffer(self.data, len(self.data))
        self.handle = ctypes.addressof(self.buffer)  # our one font's handle
        self.add_font = raw.FPDF_AddInstalledFont
        info = raw.FPDF_SYSFONTINFO()
        info.version = 1
        kinds = dict(raw.FPDF_SYSFONTINFO._fields_)
        # Kept on self: pdfium calls them for the life of the process.
        self.callbacks = {name: kinds[name](getattr(self, "_" + name)) for name in (
            "Release", "EnumFonts", "MapFont", "GetFont", "GetFontData", "GetFaceName",
            "GetFontCharset", "DeleteFont")}
        for name, callback in self.callbacks.items():
            setattr(info, name, callback)
        self.info = info
        raw.FPDF_SetSystemFontInfo(ctypes.byref(info))

    def _Release(self, this):
        return None

    def _EnumFonts(self, this, mapper):
        for charset in sorted(_CJK_CHARSETS):  # the only "installed" font
            self.add_font(mapper, _FACE_NAME, charset)

    def _MapFont(self, this, weight, italic, charset, pitch, face, exact):
        name = ctypes.string_at(face) if face else b""
        return self.handle if is_cjk_request(charset, name) else None

    def _GetFont(self, this, face):
        name = ctypes.string_at(face) if face else b""
        return self.handle if name == _FACE_NAME else None

    def _GetFontData(self, this, font, table, buffer, size):
        if font != self.handle or table != 0:
            return 0  # pdfium asks for the whole file (table 0)
        if buffer and size >= len(self.data):
            ctypes.memmove(buffer, self.buffer, len(self.data))
        return len(self.data)

    def _GetFaceName(self, this, font, buffer, size):
        name = _FACE_NAME + b"\0"
        if font != self.handle:
            return 0
        if buffer and size >= len(name):
            ctypes.memmove(buffer, name, len(name))
        return len(name)

    def _GetFontCharset(self, this, font):
        return 134  # GB2312

    def _DeleteFont(self, this, font):
        return None
