"""A statistical table that a file keeps as two tables where a page broke.

Word users break a long 表三 by hand (an empty paragraph in the table, a
page break), converters from PDF to Word and web editors pasting a table page
by page do the same: the .docx (or .doc, .odt, web page) then holds the rows
of one form table in two tables, the second one without the header, or with
the header typed again.  gklint reads the second table as the rest of the
first, in every format, when it follows it directly and opens with rows of
the same form table; the findings are those of the table kept whole.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import SEEDS
from helpers import assert_read, linter
from makefiles import (Grid, GridCell, Para, SeedReport, docx_table, parse_seed,
                       seed_report_html, split_grid)

pytest.importorskip("docx", reason="python-docx (gklint[docx]) is not installed")

from gklint.readers import ReadOptions  # noqa: E402
from gklint.readers.docx import read_docx  # noqa: E402
from gklint.readers.html import read_html  # noqa: E402

SEED_000 = next(p for p in SEEDS if p.name.startswith("000_"))
SEED_004 = next(p for p in SEEDS if p.name.startswith("004_"))


def _with_table_split(report: SeedReport, kind: str, at: int,
                      repeat_header: bool = False) -> SeedReport:
    blocks = []
    for block in report.blocks:
        if isinstance(block, Grid) and block.kind == kind:
            blocks.extend(split_grid(block, at, repeat_header))
        else:
            blocks.append(block)
    return SeedReport(blocks)


def _write_docx(path, report: SeedReport) -> None:
    import docx

    document = docx.Document()
    previous_grid = False
    for block in report.blocks:
        if isinstance(block, Grid):
            if previous_grid:
                document.add_paragraph()  # Word keeps two tables apart by a paragraph
            docx_table(document, block)
        else:
            document.add_paragraph(block.text)
        previous_grid = isinstance(block, Grid)
    document.save(str(path))


def _write_html(path, report: SeedReport) -> None:
    path.write_text(seed_report_html(report), encoding="utf-8")


class _Checked:
    """The findings on a file and the document they were found on."""

    def __init__(self, path) -> None:
        self.findings = assert_read(linter().check_file(str(path))).findings
        read = read_docx if path.suffix == ".docx" else read_html
        self.document = read(str(path), path.read_bytes(), ReadOptions())
        linter().check_document(self.document)  # analyses it: doc.tables


def _check(path) -> _Checked:
    return _Checked(path)


def _findings(result) -> list[tuple]:
    return sorted((f.rule_id, f.location.table, f.location.row, f.location.column_label)
                  for f in result.findings)


def _table3(result) -> dict:
    table = result.document.tables["table3"]
    return {key: [c.value for c in row.cells] for key, row in table.rows.items()}


def _cuts(report: SeedReport) -> list[int]:
    grid = report.grid("table3")
    return [grid.header_rows + 3, len(grid.rows) // 2, len(grid.rows) - 3]


@pytest.mark.parametrize("seed", [SEED_000, SEED_004], ids=lambda p: p.name[:3])
@pytest.mark.parametrize("repeat_header", [False, True], ids=["bare", "header-again"])
@pytest.mark.parametrize("writer", [_write_docx, _write_html], ids=["docx", "html"])
def test_table3_split_in_two_reads_as_one(tmp_path, seed, repeat_header, writer):
    report = parse_seed(seed.read_text(encoding="utf-8"))
    whole = tmp_path / ("whole" + (".docx" if writer is _write_docx else ".html"))
    writer(whole, report)
    expected = _check(whole)
    assert not expected.document.tables["table3"].missing_rows
    for at in _cuts(report):
        split = tmp_path / f"split{at}{whole.suffix}"
        writer(split, _with_table_split(report, "table3", at, repeat_header))
        result = _check(split)
        assert sum(1 for _ in result.document.raw_tables()) == \
            sum(1 for _ in expected.document.raw_tables()) + 1
        assert _table3(result) == _table3(expected), at
        assert _findings(result) == _findings(expected), at


def test_a_wrong_number_in_the_second_part_is_found_on_its_row(tmp_path):
    """The continuation's rows are checked, not only read: a total made wrong
    on the second page is reported on its own row, once."""
    report = parse_seed(SEED_000.read_text(encoding="utf-8"))
    grid = report.grid("table3")
    at = len(grid.rows) - 3
    head, tail = split_grid(grid, at)
    total_row = next(r for r in tail.rows if any("总计" in c.text for c in r))
    label = next(i for i, c in enumerate(total_row) if "总计" in c.text)
    assert total_row[label + 1].text == "1"  # 自然人 of （七）总计 in seed 000
    total_row[label + 1] = GridCell("5")
    blocks = [b for b in report.blocks if b is not grid]
    where = report.blocks.index(grid)
    blocks[where:where] = [head, tail]
    path = tmp_path / "wrong.docx"
    _write_docx(path, SeedReport(blocks))
    result = _check(path)
    assert not result.document.tables["table3"].missing_rows
    on_total = [f for f in result.findings if f.location.table == "表三"
                and "总计" in (f.location.row or "") and f.location.column_label == "自然人"]
    assert on_total, _findings(result)
    assert not [f for f in result.findings if f.rule_id == "GK220"]


def test_a_table_after_table3_that_is_not_its_rest_stays_apart(tmp_path):
    """表四 written right after 表三, its heading left out: its own header
    comes before any row of 表三, so it is not taken for 表三's rest; 表四 is
    read as 表四 and 表三 keeps its rows."""
    report = parse_seed(SEED_000.read_text(encoding="utf-8"))
    blocks = [b for b in report.blocks
              if not (isinstance(b, Para) and b.text.startswith("四、"))]
    grids = [i for i, b in enumerate(blocks) if isinstance(b, Grid)]
    t3 = next(i for i in grids if blocks[i].kind == "table3")
    t4 = next(i for i in grids if blocks[i].kind == "table4")
    table4 = blocks.pop(t4)
    blocks.insert(t3 + 1, table4)
    path = tmp_path / "adjacent.docx"
    _write_docx(path, SeedReport(blocks))
    result = _check(path)
    tables = result.document.tables
    assert not tables["table3"].missing_rows
    assert "table4" in tables and not tables["table4"].missing_rows
    assert tables["table3"].span.end <= tables["table4"].span.start


def test_a_table_opening_with_numbers_is_not_a_continuation(tmp_path):
    """表三 without its last row, then right after it a table whose first
    row is numbers and whose second row carries that row's label: not the
    rest of 表三 (a continuation opens with rows of the table, or its header
    typed again), so the row stays missing and the other table's numbers are
    not read into 表三."""
    report = parse_seed(SEED_000.read_text(encoding="utf-8"))
    grid = report.grid("table3")
    head, _ = split_grid(grid, len(grid.rows) - 1)
    other = Grid("other", [[GridCell("7"), GridCell("8")],
                           [GridCell("四、结转下年度继续办理"), GridCell("9")]], 2)
    blocks = list(report.blocks)
    where = blocks.index(grid)
    blocks[where:where + 1] = [head, other]
    path = tmp_path / "other.docx"
    _write_docx(path, SeedReport(blocks))
    table3 = _check(path).document.tables["table3"]
    assert [key for key, _ in table3.missing_rows] == ["next"]
    assert "next" not in table3.rows


REAL_HTML = Path(__file__).resolve().parent.parent / "fixtures" / "real" / \
    "2019_shanghai-bangongting_department.html"


def _split_real_table3(page: str, after_row: int, header_rows: int = 0) -> str:
    """The real page with its 表三 cut into two ``<table>`` after row
    ``after_row``, the second repeating the first ``header_rows`` rows."""
    at = page.index("本列数据的勾稽关系")
    start, end = page.rfind("<table", 0, at), page.index("</table>", at)
    table = page[start:end]
    open_tag = table[:table.index("<tr")]
    rows = table[len(open_tag):].split("</tr>")
    head = "</tr>".join(rows[:after_row]) + "</tr></tbody></table>"
    tail = open_tag + "".join(row + "</tr>" for row in rows[:header_rows]) \
        + "</tr>".join(rows[after_row:])
    return page[:start] + open_tag + head + tail + page[end:]


@pytest.mark.parametrize("after_row", [6, 13, 22])
@pytest.mark.parametrize("header_rows", [0, 3], ids=["bare", "header-again"])
def test_real_report_with_table3_in_two_tables(tmp_path, after_row, header_rows):
    """The Shanghai 2019 report (a real page) with its 表三 kept as two
    tables: the same findings as the page as published."""
    page = REAL_HTML.read_text(encoding="utf-8")
    whole = tmp_path / "whole.html"
    whole.write_text(page, encoding="utf-8")
    split = tmp_path / "split.html"
    split.write_text(_split_real_table3(page, after_row, header_rows), encoding="utf-8")
    expected, result = _check(whole), _check(split)
    assert sum(1 for _ in result.document.raw_tables()) == 4
    assert _table3(result) == _table3(expected)
    assert _findings(result) == _findings(expected)
