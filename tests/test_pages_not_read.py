"""GK660: a PDF page that gives no text (a scanned image, a blank page) is
one reading finding per file naming the pages; a PDF whose every page has
text gets none, and the other findings are the same either way."""
from __future__ import annotations

import pytest

from helpers import SEED_004, seed_text

pytest.importorskip("pypdfium2", reason="pypdfium2 (gklint[pdf]) is not installed")
pytest.importorskip("reportlab", reason="reportlab is needed to write the test PDFs")

from gklint.engine import Linter  # noqa: E402

_LINES_PER_PAGE = 45


def _write_pdf(path, lines: list[str], image_pages: tuple = (), blank_pages: tuple = ()) -> int:
    """The report's lines on A4 pages (STSong-Light, 10 pt), with a page that
    is only a drawn picture before each page number in ``image_pages`` and an
    empty page before each in ``blank_pages``.  Returns the page count."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path), pagesize=A4)
    width, height = A4
    chunks = [lines[i:i + _LINES_PER_PAGE] for i in range(0, len(lines), _LINES_PER_PAGE)]
    page = 0
    for chunk in chunks:
        while page + 1 in image_pages or page + 1 in blank_pages:
            page += 1
            if page in image_pages:  # a "scan": filled shapes, no text objects
                c.setFillGray(0.6)
                c.rect(60, 120, width - 120, height - 240, fill=1, stroke=0)
                c.setFillGray(0.2)
                for y in range(160, int(height) - 160, 24):
                    c.rect(80, y, width - 160, 9, fill=1, stroke=0)
            c.showPage()
        page += 1
        c.setFont("STSong-Light", 10)
        y = height - 60
        for line in chunk:
            c.drawString(56, y, line[:48])
            y -= 16
        c.showPage()
    c.save()
    return page


def _report_lines() -> list[str]:
    return [line.replace("\t", "  ") for line in seed_text(SEED_004).splitlines() if line.strip()]


def _findings(path):
    return Linter().check_file(str(path)).findings


def test_a_scanned_page_is_one_finding_naming_the_page(tmp_path):
    path = tmp_path / "scanned.pdf"
    pages = _write_pdf(path, _report_lines(), image_pages=(2,))
    found = [f for f in _findings(path) if f.rule_id == "GK660"]
    assert len(found) == 1 and pages >= 3
    assert found[0].location.page == 2
    assert "第2页没有可提取的文字" in found[0].message
    assert found[0].location.describe() == "第2页"


def test_several_empty_pages_are_still_one_finding(tmp_path):
    path = tmp_path / "gaps.pdf"
    _write_pdf(path, _report_lines(), image_pages=(2,), blank_pages=(3,))
    found = [f for f in _findings(path) if f.rule_id == "GK660"]
    assert len(found) == 1
    assert found[0].location.page == 2 and "第2、3页" in found[0].message


def test_a_pdf_with_text_on_every_page_has_no_finding_and_the_rest_is_unchanged(tmp_path):
    plain, scanned = tmp_path / "plain.pdf", tmp_path / "scanned.pdf"
    _write_pdf(plain, _report_lines())
    _write_pdf(scanned, _report_lines(), image_pages=(2,))
    clean = _findings(plain)
    assert not [f for f in clean if f.rule_id == "GK660"]
    assert sorted(f.rule_id for f in clean) == sorted(
        f.rule_id for f in _findings(scanned) if f.rule_id != "GK660")


def test_the_rule_has_a_four_part_doc_and_a_chinese_summary():
    rule = Linter().all_rules["GK660"]
    for part in ("What it finds:", "Why it matters:", "Example:", "Fix:"):
        assert part in rule.doc
    assert "页" in rule.summary
