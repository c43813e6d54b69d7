"""OFD files (GB/T 33190) written in the tests, from a PDF's page content.

:func:`pdf_to_ofd` re-lays each page of a PDF (read with pypdfium2) as an
OFD: one TextObject per run of characters on a baseline (TextCode with X, Y
and DeltaX advances, compressed with ``g N d`` where equal), one PathObject
per ruling segment (AbbreviatedData ``M 0 0 L …``), coordinates in
millimetres from the top-left corner, as OFD writers produce.  ``prefix``
chooses the namespace prefix ("ofd", another, or "" for a default namespace)
so the reader's namespace tolerance is exercised.
"""
from __future__ import annotations

import ctypes
import zipfile
from xml.sax.saxutils import escape, quoteattr

MM = 72 / 25.4
NS = "http://www.ofdspec.org/2016"


def _tag(prefix: str, name: str) -> str:
    return f"{prefix}:{name}" if prefix else name


def _xmlns(prefix: str) -> str:
    return f'xmlns:{prefix}="{NS}"' if prefix else f'xmlns="{NS}"'


def _fmt(v: float) -> str:
    return f"{v:.3f}".rstrip("0").rstrip(".") or "0"


def _deltas(values: list[float]) -> str:
    out, i = [], 0
    while i < len(values):
        j = i
        while j + 1 < len(values) and abs(values[j + 1] - values[i]) < 1e-3:
            j += 1
        if j - i >= 2:
            out.append(f"g {j - i + 1} {_fmt(values[i])}")
        else:
            out.extend(_fmt(v) for v in values[i:j + 1])
        i = j + 1
    return " ".join(out)


def _page_runs(page):
    """Runs of characters: (size_mm, baseline_mm, [(char, x_mm)])."""
    import pypdfium2.raw as raw

    top = page.get_cropbox()[3]
    textpage = page.get_textpage()
    handle = textpage.raw
    runs: list = []
    x, y = ctypes.c_double(), ctypes.c_double()
    for i in range(raw.FPDFText_CountChars(handle)):
        code = raw.FPDFText_GetUnicode(handle, i)
        if code in (0, 10, 13) or raw.FPDFText_IsGenerated(handle, i) == 1:
            continue
        raw.FPDFText_GetCharOrigin(handle, i, ctypes.byref(x), ctypes.byref(y))
        size = raw.FPDFText_GetFontSize(handle, i) / MM
        base = (top - y.value) / MM
        left = x.value / MM
        if runs and abs(runs[-1][1] - base) < 0.2 and abs(runs[-1][0] - size) < 0.05 \
                and 0 < left - runs[-1][2][-1][1] < 3 * size:
            runs[-1][2].append((chr(code), left))
        else:
            runs.append((size, base, [(chr(code), left)]))
    textpage.close()
    return runs


def _page_xml(page, prefix: str, ids) -> str:
    from gklint.readers.pdf import _rulings

    t = lambda name: _tag(prefix, name)  # noqa: E731
    width, height = page.get_size()
    objects = []
    for size, base, chars in _page_runs(page):
        x0 = chars[0][1]
        top = base - size
        text = "".join(c for c, _ in chars)
        deltas = [b[1] - a[1] for a, b in zip(chars, chars[1:])]
        right = chars[-1][1] + size
        objects.append(
            f'<{t("TextObject")} ID="{next(ids)}" Boundary="{_fmt(x0)} {_fmt(top)} '
            f'{_fmt(right - x0)} {_fmt(size * 1.2)}" Font="2" Size="{_fmt(size)}">'
            f'<{t("TextCode")} X="0" Y="{_fmt(size)}"'
            + (f' DeltaX="{_deltas(deltas)}"' if deltas else "")
            + f">{escape(text)}</{t('TextCode')}></{t('TextObject')}>")
    horizontal, vertical = _rulings(page, page.get_cropbox()[3])
    for y, a, b in horizontal:
        objects.append(_line(t, next(ids), a / MM, y / MM, (b - a) / MM, 0))
    for x, a, b in vertical:
        objects.append(_line(t, next(ids), x / MM, a / MM, 0, (b - a) / MM))
    return (f'<?xml version="1.0" encoding="UTF-8"?><{t("Page")} {_xmlns(prefix)}>'
            f'<{t("Area")}><{t("PhysicalBox")}>0 0 {_fmt(width / MM)} {_fmt(height / MM)}'
            f'</{t("PhysicalBox")}></{t("Area")}><{t("Content")}><{t("Layer")} ID="{next(ids)}">'
            + "".join(objects) + f'</{t("Layer")}></{t("Content")}></{t("Page")}>')


def _line(t, ident: int, x: float, y: float, dx: float, dy: float) -> str:
    # A stroked line inside a Boundary box padded by 1 mm, as OFD writers draw rules.
    return (f'<{t("PathObject")} ID="{ident}" Boundary="{_fmt(x - 1)} {_fmt(y - 1)} '
            f'{_fmt(dx + 2)} {_fmt(dy + 2)}" LineWidth="0.25">'
            f'<{t("AbbreviatedData")}>M 1 1 L {_fmt(1 + dx)} {_fmt(1 + dy)}'
            f'</{t("AbbreviatedData")}></{t("PathObject")}>')


def pdf_to_ofd(pdf_path: str, ofd_path: str, prefix: str = "ofd") -> int:
    """Write the PDF's pages as an OFD; returns the number of pages."""
    import itertools

    import pypdfium2 as pdfium

    from gklint.readers.pdffont import install

    install()
    t = lambda name: _tag(prefix, name)  # noqa: E731
    pdf = pdfium.PdfDocument(pdf_path)
    ids = itertools.count(10)
    pages = [_page_xml(pdf[i], prefix, ids) for i in range(len(pdf))]
    width, height = pdf[0].get_size()
    pdf.close()
    with zipfile.ZipFile(ofd_path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("OFD.xml", (
            f'<?xml version="1.0" encoding="UTF-8"?><{t("OFD")} {_xmlns(prefix)} Version="1.0" '
            f'DocType="OFD"><{t("DocBody")}><{t("DocInfo")}><{t("DocID")}>gklint-test'
            f'</{t("DocID")}></{t("DocInfo")}><{t("DocRoot")}>Doc_0/Document.xml'
            f'</{t("DocRoot")}></{t("DocBody")}></{t("OFD")}>'))
        refs = "".join(f'<{t("Page")} ID="{i + 1}" BaseLoc={quoteattr(f"Pages/Page_{i}/Content.xml")}/>'
                       for i in range(len(pages)))
        archive.writestr("Doc_0/Document.xml", (
            f'<?xml version="1.0" encoding="UTF-8"?><{t("Document")} {_xmlns(prefix)}>'
            f'<{t("CommonData")}><{t("MaxUnitID")}>{next(ids)}</{t("MaxUnitID")}>'
            f'<{t("PageArea")}><{t("PhysicalBox")}>0 0 {_fmt(width / MM)} {_fmt(height / MM)}'
            f'</{t("PhysicalBox")}></{t("PageArea")}></{t("CommonData")}>'
            f'<{t("Pages")}>{refs}</{t("Pages")}></{t("Document")}>'))
        for i, xml in enumerate(pages):
            archive.writestr(f"Doc_0/Pages/Page_{i}/Content.xml", xml)
    return len(pages)
