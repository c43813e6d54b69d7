"""The .ofd reader (GB/T 33190) on OFD files written from the test PDFs
(tests/makeofd.py) and by hand: the same findings as the PDF, any namespace
prefix, ZIP and XML safety."""
from __future__ import annotations

import io
import time
import zipfile

import pytest

from conftest import SEEDS
from makefiles import seed_to_pdf
from makeofd import pdf_to_ofd

pytest.importorskip("lxml", reason="lxml (gklint[docx]) is not installed")
pytest.importorskip("pypdfium2", reason="pypdfium2 (gklint[pdf]) is not installed")
pytest.importorskip("reportlab", reason="reportlab is needed to write the test PDFs")

from gklint.readers import ReadError, ReadOptions  # noqa: E402
from gklint.readers.ofd import read_ofd  # noqa: E402
from gklint.readers.pdf import read_pdf  # noqa: E402

NS = 'xmlns:ofd="http://www.ofdspec.org/2016"'


def _located(result) -> list[tuple]:
    return sorted((f.rule_id, f.location.page, f.location.paragraph, f.location.table,
                   f.location.row, f.location.column_label, f.message) for f in result.findings)


@pytest.mark.parametrize("prefix", ["ofd", "", "o"], ids=["ofd-prefix", "default-ns", "other-prefix"])
@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:3])
def test_an_ofd_made_from_a_pdf_gives_the_pdfs_findings(tmp_path, linter, seed, prefix):
    pdf, ofd = tmp_path / "report.pdf", tmp_path / "report.ofd"
    seed_to_pdf(str(pdf), seed.read_text(encoding="utf-8"))
    pages = pdf_to_ofd(str(pdf), str(ofd), prefix=prefix)
    from_pdf, from_ofd = linter.check_file(str(pdf)), linter.check_file(str(ofd))
    assert from_ofd.format == "ofd" and not from_ofd.error
    assert _located(from_ofd) == _located(from_pdf) and from_pdf.findings
    doc = read_ofd(str(ofd), ofd.read_bytes(), ReadOptions())
    assert doc.meta["pages"] == pages
    # (a space where a cell's line wrapped depends on glyph widths, as in PDFs)
    assert "".join(doc.text.split()) == "".join(
        read_pdf(str(pdf), pdf.read_bytes(), ReadOptions()).text.split())


def _ofd(page_xml: str, extra: dict | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("OFD.xml", f'<ofd:OFD {NS}><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml'
                                    '</ofd:DocRoot></ofd:DocBody></ofd:OFD>')
        archive.writestr("Doc_0/Document.xml", (
            f'<ofd:Document {NS}><ofd:CommonData><ofd:PageArea><ofd:PhysicalBox>0 0 210 297'
            '</ofd:PhysicalBox></ofd:PageArea></ofd:CommonData><ofd:Pages>'
            '<ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/></ofd:Pages></ofd:Document>'))
        archive.writestr("Doc_0/Pages/Page_0/Content.xml", page_xml)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return out.getvalue()


def _text_page(*objects: str, doctype: str = "") -> str:
    return (f'{doctype}<ofd:Page {NS}><ofd:Content><ofd:Layer ID="2">{"".join(objects)}'
            '</ofd:Layer></ofd:Content></ofd:Page>')


def _text(x: float, y: float, text: str, deltas: str = "", size: float = 5) -> str:
    delta = f' DeltaX="{deltas}"' if deltas else ""
    return (f'<ofd:TextObject ID="3" Boundary="{x} {y} 150 {size * 1.5}" Font="1" Size="{size}">'
            f'<ofd:TextCode X="0" Y="{size}"{delta}>{text}</ofd:TextCode></ofd:TextObject>')


def test_deltax_with_repeats_places_each_character():
    # "g 5 5" is five advances of 5 mm; a 20 mm gap after 报告 splits two columns.
    page = _text_page(_text(25, 40, "年度报告一、总体情况", "g 3 5 25 g 5 5"),
                      _text(25, 50, "现行冇效件数"))
    doc = read_ofd("r.ofd", _ofd(page), ReadOptions())
    assert "年度报告 一、总体情况" in doc.text and "现行冇效件数" in doc.text


def test_a_zip_without_ofd_xml_or_a_page_is_gk903():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("content.txt", "x")
    with pytest.raises(ReadError) as caught:
        read_ofd("r.ofd", out.getvalue(), ReadOptions())
    assert caught.value.rule_id == "GK903"
    broken = _ofd("").replace(b"Doc_0/Pages/Page_0/Content.xml", b"Doc_0/Pages/Page_9/Content.xml")
    with pytest.raises(ReadError) as caught:
        read_ofd("r.ofd", broken, ReadOptions())
    assert caught.value.rule_id == "GK903"


def test_a_zip_bomb_is_refused_before_unpacking():
    bomb = _ofd(_text_page(_text(25, 40, "报告")), {"Doc_0/Res/big.bin": b"\0" * (40 << 20)})
    with pytest.raises(ReadError) as caught:
        read_ofd("r.ofd", bomb, ReadOptions(max_unpacked_bytes=30 << 20))
    assert caught.value.rule_id == "GK907"


def test_xml_entities_are_not_expanded():
    laughs = ('<!DOCTYPE p [<!ENTITY a "哈哈哈哈哈哈哈哈哈哈">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8)) + "]>")
    page = _text_page(_text(25, 40, "报告&i;正文"), doctype=laughs)
    started = time.perf_counter()
    try:
        doc = read_ofd("r.ofd", _ofd(page), ReadOptions())
    except ReadError as exc:
        assert exc.rule_id == "GK903"
    else:
        assert len(doc.text) < 1000
    assert time.perf_counter() - started < 10


def test_an_image_only_ofd_needs_ocr():
    page = _text_page('<ofd:ImageObject ID="5" Boundary="0 0 210 297" ResourceID="9"/>')
    with pytest.raises(ReadError) as caught:
        read_ofd("r.ofd", _ofd(page), ReadOptions())
    assert caught.value.rule_id == "GK905"


def test_an_ofd_named_pdf_is_read_as_ofd_with_a_note(tmp_path, linter):
    (tmp_path / "report.pdf").write_bytes(_ofd(_text_page(_text(25, 40, "现行冇效件数"))))
    result = linter.check_file(str(tmp_path / "report.pdf"))
    assert result.format == "ofd"
    assert {"GK912", "GK301"} <= {f.rule_id for f in result.findings}
