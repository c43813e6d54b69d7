"""The .pdf reader on PDFs written with reportlab (STSong-Light, ruled tables)."""
from __future__ import annotations

import pytest

from conftest import SEEDS
from makefiles import PDF_HEADER_TEXT, seed_to_pdf

pytest.importorskip("pypdfium2", reason="pypdfium2 (gklint[pdf]) is not installed")
pytest.importorskip("reportlab", reason="reportlab is needed to write the test PDFs")

from gklint.model import RawTable, Span  # noqa: E402
from gklint.readers import ReadOptions  # noqa: E402
from gklint.readers.pdf import PDF_READER, read_pdf  # noqa: E402

SEED_000 = next(p for p in SEEDS if p.name.startswith("000_"))
SEED_004 = next(p for p in SEEDS if p.name.startswith("004_"))


def _compact(text: str) -> str:
    """Spaces at a line break of a wrapped PDF line cannot be recovered."""
    return "".join(text.split())


def _tables(doc):
    return [[[c.text for c in row] for row in t.rows] for t in doc.raw_tables()]


def _written(tmp_path, seed, **options):
    path = tmp_path / "report.pdf"
    report = seed_to_pdf(str(path), seed.read_text(encoding="utf-8"), **options)
    doc = read_pdf(str(path), path.read_bytes(), ReadOptions())
    return report, doc


@pytest.mark.parametrize("seed", [SEED_000, SEED_004], ids=lambda p: p.name[:3])
def test_seed_pdf_gives_back_paragraphs_and_tables(tmp_path, seed):
    report, doc = _written(tmp_path, seed)
    assert doc.format == "pdf" and doc.has_lines is False
    assert [_compact(p.text) for p in doc.paragraphs()] == [
        _compact(p) for p in report.expected_paragraphs()]
    got = [[[_compact(c) for c in row] for row in t] for t in _tables(doc)]
    want = [[[_compact(c) for c in row] for row in g.expected_rows()] for g in report.grids()]
    assert got == want


def test_exact_cells_garble_and_blanks(tmp_path):
    _, doc = _written(tmp_path, SEED_000)
    table2 = _tables(doc)[0]
    assert table2[1] == ["信息内容", "本年制发件数", "本年废止件数", "现行冇效件数"]
    assert table2[13] == ["行政事业性收费", "15996.59", "", ""]
    _, doc = _written(tmp_path, SEED_004)
    assert _tables(doc)[2][-1] == [""] * 5 + ["0"] * 10


def test_a_table_over_two_pages_is_one_table_with_pages_per_row(tmp_path):
    report, doc = _written(tmp_path, SEED_004, split_table="table3")
    table3 = list(doc.raw_tables())[1]
    assert len(table3.rows) == len(report.grid("table3").rows) == 28
    first = doc.locate(table3.rows[0][3].span).page
    last = doc.locate(table3.rows[-1][3].span).page
    assert last == first + 1
    # The label column merged over the break: text once, then "" on both pages.
    assert table3.rows[5][0].text == "三、本年度办理结果"
    assert all(row[0].text == "" for row in table3.rows[6:27])


def test_header_rows_repeated_on_the_next_page_are_dropped(tmp_path):
    report, doc = _written(tmp_path, SEED_004, split_table="table3", repeat_header=True)
    table3 = _tables(doc)[1]
    assert [[_compact(c) for c in row] for row in table3] == [
        [_compact(c) for c in row] for row in report.grid("table3").expected_rows()]


def test_two_tables_drawn_one_under_the_other_stay_two(tmp_path):
    # Seed 000 has no heading 四: table 4 is drawn right under table 3.
    report, doc = _written(tmp_path, SEED_000, split_table=None)
    assert [len(t) for t in _tables(doc)] == [len(g.rows) for g in report.grids()] == [14, 28, 4]


def test_running_header_and_page_numbers_are_dropped(tmp_path):
    _, doc = _written(tmp_path, SEED_004)
    assert doc.meta["pages"] >= 3
    assert PDF_HEADER_TEXT not in doc.text
    assert "—" not in doc.text


def test_a_paragraph_broken_by_a_page_is_one_paragraph_on_two_pages(tmp_path):
    report, doc = _written(tmp_path, SEED_000)
    crossing = [p for p in doc.paragraphs()
                if doc.locate(Span(p.span.start, p.span.start + 1)).page
                != doc.locate(Span(p.span.end - 1, p.span.end)).page]
    assert crossing, "the seed 000 PDF breaks a paragraph over pages 1 and 2"
    assert _compact(crossing[0].text) in [_compact(p) for p in report.expected_paragraphs()]


def test_locations_name_page_and_paragraph(tmp_path):
    _, doc = _written(tmp_path, SEED_000)
    offset = doc.text.index("冇")
    where = doc.locate(Span(offset, offset + 1))
    # Inside a table: page, table, row and column, not the table's paragraph number.
    assert (where.page, where.paragraph, where.line) == (2, None, None)
    assert where.table == "第1个表格" and where.row == "现行冇效件数"
    assert where.describe().startswith("第2页 第1个表格")
    title = next(doc.paragraphs())
    assert doc.locate(title.span).page == 1 and doc.locate(title.span).paragraph == 1
    # Paragraphs are numbered per page (issue 17): page 2 counts from 1 again
    # (a paragraph running on from page 1 is its 第1段).
    on_2 = [doc.locate(p.span).paragraph for p in doc.paragraphs()
            if doc.locate(p.span).page == 2]
    first_index = next(i for i, b in enumerate(doc.blocks, 1)
                       if not isinstance(b, RawTable) and doc.locate(b.span).page == 2)
    assert on_2[0] <= 2 < first_index and on_2 == sorted(set(on_2))


def test_long_pdf_reads_every_table(tmp_path):
    path = tmp_path / "long.pdf"
    seed_to_pdf(str(path), SEED_000.read_text(encoding="utf-8"), copies=5, split_table=None)
    doc = read_pdf(str(path), path.read_bytes(), ReadOptions())
    assert [len(t.rows) for t in doc.raw_tables()] == [14, 28, 4] * 5


def test_reader_registration_and_light_import():
    import subprocess
    import sys

    assert PDF_READER.extensions == (".pdf",) and PDF_READER.extra == "pdf"
    assert PDF_READER.missing() is None
    code = "import sys, gklint.readers.pdf; print('pypdfium2' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def _unruled_pdf(rows: list[list[str]], xs: list[float]) -> bytes:
    """A page with a table drawn without lines: text at column positions,
    numbers right-aligned, between a heading and a paragraph."""
    import io

    from reportlab.pdfgen import canvas

    from makefiles import _pdf_styles

    _pdf_styles()  # registers STSong-Light
    out = io.BytesIO()
    c = canvas.Canvas(out)
    c.setFont("STSong-Light", 10)
    y = 780
    c.drawString(72, y, "二、主动公开政府信息情况")
    y -= 30
    for row in rows:
        for x, text in zip(xs, row):
            if text.replace(".", "").isdigit():
                c.drawRightString(x + 60, y, text)
            else:
                c.drawString(x, y, text)
        y -= 16
    c.drawString(72, y - 20, "三、收到和处理政府信息公开申请情况")
    c.showPage()
    c.save()
    return out.getvalue()


def test_a_table_without_ruling_lines_is_rebuilt_from_column_positions():
    rows = [["第二十条第（一）项"],
            ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
            ["规章", "0", "0", "0"],
            ["行政规范性文件", "6", "0", "74"]]
    doc = read_pdf("unruled.pdf", _unruled_pdf(rows, [72, 200, 300, 400]), ReadOptions())
    assert [p.text for p in doc.paragraphs()] == ["二、主动公开政府信息情况",
                                                  "三、收到和处理政府信息公开申请情况"]
    assert _tables(doc) == [[["第二十条第（一）项", "", "", ""]] + rows[1:]]


def test_body_text_is_not_mistaken_for_an_unruled_table(tmp_path):
    _, doc = _written(tmp_path, SEED_004)
    assert len(list(doc.raw_tables())) == 3
