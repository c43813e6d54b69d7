"""Rebuild gklint-cjk-fallback.ttf (needs fontTools; not run by gklint).

    python gklint/readers/fonts/make_fallback_font.py gklint/readers/fonts/gklint-cjk-fallback.ttf

One full-width square glyph for every code point, a half-width one for
Latin and half-width forms, mapped by a format-13 ("last resort") cmap, so
the file stays under 1 KB.  pdfium only needs each character's box from it
(see gklint/readers/pdffont.py); half-width Latin keeps digits in a CJK
font's table cells as narrow as real fonts draw them, so a digit's centre
stays inside its cell.
"""
import sys

from fontTools.fontBuilder import FontBuilder
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib.tables._c_m_a_p import CmapSubtable

ASCENT, DESCENT = 880, -120  # SimSun's proportions
HALF = [(0x21, 0x24F), (0xFF61, 0xFFDC)]  # Latin; half-width forms
ALL = [(0x21, 0xD7FF), (0xE000, 0xFFFD), (0x10000, 0x3FFFD)]
SPACES = {0xA0, 0x1680, 0x3000, 0x200B, 0xFEFF, *range(0x2000, 0x200B)}


def box(width: int):
    pen = TTGlyphPen(None)
    pen.moveTo((0, DESCENT))
    pen.lineTo((0, ASCENT))
    pen.lineTo((width, ASCENT))
    pen.lineTo((width, DESCENT))
    pen.closePath()
    return pen.glyph()


def build(path: str) -> None:
    codes = {c: "full" for lo, hi in ALL for c in range(lo, hi + 1) if c not in SPACES}
    codes.update({c: "half" for lo, hi in HALF for c in range(lo, hi + 1)})
    fb = FontBuilder(1000, isTTF=True)
    fb.setupGlyphOrder([".notdef", "full", "half"])
    fb.setupCharacterMap({})
    table = CmapSubtable.newSubtable(13)
    table.platformID, table.platEncID, table.language, table.cmap = 3, 10, 0, codes
    fb.font["cmap"].tables = [table]
    fb.setupGlyf({".notdef": TTGlyphPen(None).glyph(), "full": box(1000), "half": box(500)})
    fb.setupHorizontalMetrics({".notdef": (1000, 0), "full": (1000, 0), "half": (500, 0)})
    fb.setupHorizontalHeader(ascent=ASCENT, descent=DESCENT)
    fb.setupNameTable({"familyName": "GklintCJKFallback", "styleName": "Regular"})
    fb.setupOS2(sTypoAscender=ASCENT, sTypoDescender=DESCENT, usWinAscent=ASCENT,
                usWinDescent=-DESCENT, ulCodePageRange1=1 << 18)  # bit 18: GB2312
    fb.setupPost()
    fb.save(path)


if __name__ == "__main__":
    build(sys.argv[1])
