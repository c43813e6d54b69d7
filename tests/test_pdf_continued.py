"""Tables continued on the next page of a PDF (issue 15), and a header cell
spanning two header rows, in files written in the test: PDFs with reportlab
(ruled grids, STSong-Light, page furniture, as tests/makefiles.py writes
them), .docx and .html from the same seed.  Each continued layout must read
as the seed's own text does: the same findings, and the same cells."""
from __future__ import annotations

import pytest

from conftest import SEEDS
from helpers import check_text, linter
from makefiles import (BreakableTable, Grid, GridCell, Para, _flowable_base, _pdf_escape,
                       _pdf_page_furniture, _pdf_styles, parse_seed, seed_to_docx, seed_to_html,
                       seed_to_pdf, split_grid)

pytest.importorskip("pypdfium2", reason="pypdfium2 (gklint[pdf]) is not installed")
pytest.importorskip("reportlab", reason="reportlab is needed to write the test PDFs")

from gklint.model import RawTable  # noqa: E402
from gklint.readers import ReadOptions  # noqa: E402
from gklint.readers.continuation import join_broken_row, split_shared_cells  # noqa: E402
from gklint.readers.pdf import read_pdf  # noqa: E402

SEED = next(p for p in SEEDS if p.name.startswith("004_")).read_text(encoding="utf-8")
ROW = "一、本年新收政府信息公开申请数量\t\t0\t0\t0\t0\t0\t0\t0"


class _Fill(_flowable_base()):
    """Takes up the page so that ``table`` ends at its foot."""

    def __init__(self, table) -> None:
        super().__init__()
        self.table = table

    def wrap(self, available_width, available_height):
        return available_width, max(0, available_height - self.table.wrap(
            available_width, 10_000)[1] - 2)

    def draw(self):
        pass


def _pdf_with_table3_parts(path, seed: str, parts) -> None:
    """The seed as a PDF whose 表三 is ``parts(grid)``: its first part at the
    foot of a page, its second at the head of the next."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import cm
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

    styles = _pdf_styles()
    story: list = []
    for block in parse_seed(seed).blocks:
        if isinstance(block, Para):
            story.append(Paragraph(_pdf_escape(block.text), styles[block.style]))
        elif block.kind == "table3":
            first, second = parts(block)
            table = BreakableTable(first, styles)
            story += [_Fill(table), table, PageBreak(), BreakableTable(second, styles)]
        else:
            story.append(BreakableTable(block, styles))
    SimpleDocTemplate(str(path), pagesize=A4, leftMargin=2.5 * cm, rightMargin=2.5 * cm,
                      topMargin=2.5 * cm, bottomMargin=2.5 * cm).build(
        story, onFirstPage=_pdf_page_furniture, onLaterPages=_pdf_page_furniture)


def _broken_label(grid: Grid) -> tuple[Grid, Grid]:
    """表三 broken inside the row 3.要求提供公开出版物: its numbers and
    "3. 要求提" at the foot of the page, "供公开出版物" at the head of the next."""
    at = next(i for i, row in enumerate(grid.rows) if any("要求提供公开出版物" in c.text for c in row))
    first, second = split_grid(grid, at + 1)
    for cell in first.rows[at]:
        cell.text = cell.text.replace("供公开出版物", "")
    rest = [GridCell(""), GridCell(""), GridCell("供公开出版物")] + [GridCell("") for _ in range(7)]
    return first, Grid(grid.kind, [rest] + second.rows, grid.ncols)


def _last_columns_shared(grid: Grid) -> tuple[Grid, Grid]:
    """表三's last four rows on the next page, drawn without the column line
    between 其他 and 总计: each row's two values in one cell."""
    first, second = split_grid(grid, len(grid.rows) - 4)
    rows = []
    for row in second.rows:
        a, b = row[-2], row[-1]
        rows.append(row[:-2] + [GridCell(f"{a.text} {b.text}", colspan=2)])
    return first, Grid(grid.kind, rows, grid.ncols)


def _findings(result) -> list[tuple]:
    return sorted((f.rule_id, f.location.row or "", f.location.column_label or "")
                  for f in result.findings)


def _read(path):
    return read_pdf(str(path), path.read_bytes(), ReadOptions())


def _table3_rows(doc) -> list[list[str]]:
    tables = [t for t in doc.raw_tables() if any("本年新收" in c.text for r in t.rows for c in r)]
    return [[c.text for c in row] for row in tables[0].rows]


@pytest.mark.parametrize("parts", [_broken_label, _last_columns_shared],
                         ids=["row label broken at the page", "last two columns shared"])
def test_a_continued_table3_reads_as_the_text_does(tmp_path, parts):
    path = tmp_path / "report.pdf"
    _pdf_with_table3_parts(path, SEED, parts)
    rows = _table3_rows(_read(path))
    assert any(r[2:4] == ["3. 要求提供公开出版物", "0"] for r in rows)
    assert not any(r[2] == "供公开出版物" or "0 0" in r for r in rows), rows
    assert _findings(linter().check_bytes(path.name, path.read_bytes())) == \
        _findings(check_text(SEED))


def test_a_wrong_value_in_a_shared_cell_is_found_in_its_column(tmp_path):
    seed = SEED.replace("(七) 总计\t0\t0\t0\t0\t0\t0\t0", "(七) 总计\t0\t0\t0\t0\t0\t1\t0", 1)
    assert seed != SEED
    path = tmp_path / "report.pdf"
    _pdf_with_table3_parts(path, seed, _last_columns_shared)
    found = _findings(linter().check_bytes(path.name, path.read_bytes()))
    assert found == _findings(check_text(seed))
    assert any(column == "其他" for _, _, column in found), found


def test_a_table2_block_over_two_pages_reads_as_the_text_does(tmp_path):
    path = tmp_path / "report.pdf"
    seed_to_pdf(str(path), SEED, split_table="table2")
    doc = _read(path)
    pages = {doc.locate(c.span).page for t in doc.raw_tables() for r in t.rows for c in r[:1]
             if "第二十条" in c.text or "行政" in c.text}
    assert len(pages) >= 2  # the blocks do run over a page break
    assert _findings(linter().check_bytes(path.name, path.read_bytes())) == \
        _findings(check_text(SEED))


# -- the rules of a continuation, on rows as the PDF reader lays them ---------------

def test_a_shared_cell_is_split_only_into_the_cells_it_covers():
    assert split_shared_cells([["3.其他", "0", "4 3050", None]]) == [["3.其他", "0", "4", "3050"]]
    # no covered cell beside it, a count that does not fit, or words: left as they are
    for row in (["合计", "4 3050", "7"], ["合计", "4 30 50", None], ["说明", "共 3 件", None]):
        assert split_shared_cells([row]) == [row]


def test_a_row_opening_the_page_with_its_own_numbering_is_not_joined():
    previous = [["", "2. 重复申请", "0", "0"]]
    rows, pages = join_broken_row(previous, [["", "3. 要求提供公开出版物", "", ""]], [2])
    assert rows == [["", "3. 要求提供公开出版物", "", ""]] and pages == [2]
    assert previous[-1][1] == "2. 重复申请"
    # nor a block title across the table (its cell covers the value cells)
    title = [["第二十条第（六）项", None, None, None]]
    assert join_broken_row([["行政许可", "9487", "", ""]], title, [2]) == (title, [2])
    rows, pages = join_broken_row(previous, [["", "申请", "", ""], ["", "4. x", "0", "0"]], [2, 2])
    assert previous[-1][1] == "2. 重复申请申请" and rows == [["", "4. x", "0", "0"]]
    assert pages == [2]


# -- a header cell spanning two header rows keeps its column ------------------------

@pytest.mark.parametrize("kind", ["txt", "html", "docx", "pdf"])
def test_total_spanning_two_header_rows_keeps_its_column(tmp_path, kind):
    """表三's 总计 spans the two header rows under 申请人情况 (rowspan 2 in
    HTML/Word, one tall ruled cell in the PDF); a wrong 总计 is named in the
    总计 column whatever the format."""
    assert ROW in SEED
    seed = SEED.replace(ROW, ROW[:-1] + "5", 1)
    if kind == "txt":
        result = check_text(seed)
    else:
        path = tmp_path / f"report.{kind}"
        {"html": seed_to_html, "docx": seed_to_docx, "pdf": seed_to_pdf}[kind](str(path), seed)
        result = linter().check_bytes(path.name, path.read_bytes())
    cells = [(f.location.row, f.location.column_label) for f in result.findings
             if f.rule_id.startswith("GK20")]
    assert cells and all(column == "总计" for _, column in cells), cells
    assert ("一、本年新收政府信息公开申请数量", "总计") in cells
