"""Each seed as .docx, .html and .pdf gives the findings of the text seed,
located the way each format can say where."""
from __future__ import annotations

from functools import partial

import pytest

from conftest import SEEDS
from helpers import assert_read
from makefiles import seed_to_docx, seed_to_html, seed_to_pdf

pytest.importorskip("docx", reason="python-docx (gklint[docx]) is not installed")
pytest.importorskip("selectolax", reason="selectolax (gklint[html]) is not installed")
pytest.importorskip("pypdfium2", reason="pypdfium2 (gklint[pdf]) is not installed")
pytest.importorskip("reportlab", reason="reportlab is needed to write the test PDFs")

MAKERS = {"docx": seed_to_docx, "html": seed_to_html, "pdf": seed_to_pdf,
          # the 一、二、 of the headings as Word's automatic numbering
          "docx-numbered": partial(seed_to_docx, numbered_headings=True),
          "html-gbk": partial(seed_to_html, encoding="gb2312"),
          "pdf-repeated-header": partial(seed_to_pdf, repeat_header=True)}
# "[bookmark: _GoBack]" in seed 000 is what a text export leaves of a Word
# bookmark; in the generated files it is a real bookmark (an <a name> anchor
# in the page, nothing in the PDF), which is not a defect there.
EXPORT_DEBRIS = {"GK310"}


def _ids(result) -> set[str]:
    return {f.rule_id for f in result.findings}


def _cells(result) -> set[tuple]:
    return {(f.rule_id, f.location.table, f.location.row, f.location.column_label)
            for f in result.findings if f.location.table}


@pytest.fixture(scope="module")
def text_results(linter):
    return {seed.name: linter.check_file(str(seed)) for seed in SEEDS}


@pytest.mark.parametrize("fmt", sorted(MAKERS))
@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:3])
def test_same_rule_ids_and_table_cells_as_the_text_seed(tmp_path, linter, text_results,
                                                        seed, fmt):
    ext = fmt.split("-")[0]
    path = tmp_path / f"{seed.stem}.{ext}"
    MAKERS[fmt](str(path), seed.read_text(encoding="utf-8"))
    result = assert_read(linter.check_file(str(path)))
    expected = text_results[seed.name]
    assert result.format == ext and not result.error
    assert _ids(result) == _ids(expected) - EXPORT_DEBRIS
    # Cell findings name the same cells.  (Where a format has no lines, text
    # findings inside a table name their table and row too: not compared.)
    cell_rules = {c[0] for c in _cells(expected)}
    assert {c for c in _cells(result) if c[0] in cell_rules} == _cells(expected)
    assert len(result.findings) == len([f for f in expected.findings
                                        if f.rule_id not in EXPORT_DEBRIS])


def test_seed_000_findings_in_a_word_file_name_the_paragraph_or_table(tmp_path, linter):
    seed = next(p for p in SEEDS if p.name.startswith("000_"))
    path = tmp_path / "000.docx"
    seed_to_docx(str(path), seed.read_text(encoding="utf-8"))
    by_rule = {f.rule_id: f for f in linter.check_file(str(path)).findings}
    assert set(by_rule) >= {"GK101", "GK301", "GK307"}  # missing 三/四, 冇, "3,"
    for finding in by_rule.values():
        where = finding.location
        assert where.line is None and where.page is None and finding.excerpt
        if where.table:  # inside a table: the table and row, not the table's paragraph number
            assert where.paragraph is None and where.describe().startswith(where.table)
        else:
            assert where.describe().startswith(f"第{where.paragraph}段")
    assert by_rule["GK301"].location.row == "现行冇效件数"
    assert by_rule["GK307"].location.table == "表三"


def test_seed_004_blank_cells_in_a_pdf_name_page_table_row_and_column(tmp_path, linter):
    seed = next(p for p in SEEDS if p.name.startswith("004_"))
    path = tmp_path / "004.pdf"
    seed_to_pdf(str(path), seed.read_text(encoding="utf-8"))
    grouped = [f for f in linter.check_file(str(path)).findings if f.rule_id == "GK210"]
    assert len(grouped) == 1  # one finding lists the five blank cells (issue 15)
    cells = grouped[0].related
    assert len(cells) == 5
    for where in cells:
        assert where.page is not None and where.paragraph is not None
        assert where.table == "表四" and where.column_label.startswith("行政复议")
    assert {where.column_label for where in cells} == {
        "行政复议 结果维持", "行政复议 结果纠正", "行政复议 其他结果", "行政复议 尚未审结",
        "行政复议 总计"}


def test_findings_in_a_web_page_point_at_the_file_line_and_column(tmp_path, linter):
    seed = next(p for p in SEEDS if p.name.startswith("000_"))
    path = tmp_path / "000.html"
    seed_to_html(str(path), seed.read_text(encoding="utf-8"), encoding="gbk")
    lines = path.read_bytes().decode("gbk").split("\n")
    by_rule = {f.rule_id: f for f in linter.check_file(str(path)).findings}
    garble = by_rule["GK301"].location
    assert lines[garble.line - 1][garble.column - 1] == "冇"
    comma = by_rule["GK307"].location
    assert lines[comma.line - 1][comma.column - 1:].startswith("3,")
