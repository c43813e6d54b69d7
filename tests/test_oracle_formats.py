"""The oracle (tests/oracle.py) in every format: a report written from known
numbers gives no finding at all; each planted defect gives exactly the
findings planted — rule ids and locations — as text, Markdown, .docx, .html
and .pdf (and .odt / .doc where LibreOffice is installed); and a .docx,
.html or .pdf reads as the same document (sections, table cells) as the text
it was made from."""
from __future__ import annotations

import os
import random
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import oracle
from helpers import assert_read, line_of, linter
from makefiles import seed_to_docx, seed_to_html, seed_to_pdf

pytest.importorskip("docx", reason="python-docx (gklint[docx]) is not installed")
pytest.importorskip("selectolax", reason="selectolax (gklint[html]) is not installed")
pytest.importorskip("pypdfium2", reason="pypdfium2 (gklint[pdf]) is not installed")
pytest.importorskip("reportlab", reason="reportlab is needed to write the test PDFs")

VERSIONS = ("2021", "2019")
FORMATS = ("txt", "md", "docx", "html", "pdf")
MAKERS = {"docx": seed_to_docx, "html": seed_to_html, "pdf": seed_to_pdf}


def write(folder: Path, name: str, text: str, fmt: str) -> Path:
    path = folder / f"{name}.{fmt}"
    if fmt == "txt":
        path.write_text(text, encoding="utf-8")
    elif fmt == "md":
        path.write_text(oracle.to_markdown(text), encoding="utf-8")
    else:
        MAKERS[fmt](str(path), text)
    return path


def check(path: Path):
    return linter().check_file(str(path))


def source_text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def assert_exactly(result, expected: list, path: Path) -> None:
    """The findings are the expected ones, one each, located as each format can say."""
    assert_read(result)
    found = sorted(result.findings, key=lambda f: f.rule_id)
    assert [f.rule_id for f in found] == sorted(e.rule for e in expected), \
        [(f.rule_id, f.message) for f in found]
    for want in expected:
        got = next(f for f in found if f.rule_id == want.rule)
        assert want.message in got.message, (got.message, want.message)
        if want.table:
            where = got.location
            assert (where.table, where.row, where.column_label) == (
                want.table, want.row, want.column), got.location
        if want.needle:
            assert_points_at(got, want, path)


def assert_points_at(finding, want, path: Path) -> None:
    fmt = path.suffix[1:]
    where = finding.location
    if fmt in ("txt", "md"):
        text = source_text(path)
        assert (where.line, where.column) == line_of(text, want.needle, want.nth), finding
    elif fmt == "html":  # the line and column of the page's source
        lines = source_text(path).split("\n")
        assert lines[where.line - 1][where.column - 1:].startswith(want.needle[:1]), finding
        assert want.needle[:6] in lines[where.line - 1], finding
    else:  # no lines: the paragraph or cell, quoted
        assert where.line is None and (where.paragraph or where.table), finding
        assert want.needle[:6] in finding.excerpt or want.needle[:1] in finding.excerpt, finding
        if fmt == "pdf":
            assert where.page is not None, finding


@pytest.fixture(scope="module")
def reports():
    return {v: oracle.valid_report(3, v) for v in VERSIONS}


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("version", VERSIONS)
def test_a_valid_generated_report_gives_no_finding_in_any_format(tmp_path, reports, version, fmt):
    _, text = reports[version]
    result = check(write(tmp_path, "valid", text, fmt))
    assert_read(result)
    assert result.meta["form_version"] == version
    assert [(f.rule_id, f.message) for f in result.findings] == []


# Every plant in every format of the 2021 form; the 2019 form's rich formats
# (the same readers, another table 2) in the slow run.
PLANTED_CASES = [pytest.param(v, f, marks=[pytest.mark.slow] if v == "2019" and f not in ("txt", "md")
                              else []) for v in VERSIONS for f in FORMATS]


@pytest.mark.parametrize("plant", sorted(oracle.PLANTS))
@pytest.mark.parametrize("version, fmt", PLANTED_CASES)
def test_a_planted_defect_gives_exactly_the_planted_findings(tmp_path, reports, version, plant, fmt):
    fig, text = reports[version]
    planted, expected = oracle.PLANTS[plant](fig, text)
    assert planted != text
    path = write(tmp_path, plant, planted, fmt)
    assert_exactly(check(path), expected, path)


@settings(max_examples=5, deadline=None)
@given(seed=st.integers(0, 10**6), version=st.sampled_from(VERSIONS),
       plant=st.sampled_from(sorted(oracle.PLANTS)), busy=st.sampled_from([0.0, 0.3, 1.0]))
def test_any_generated_report_with_any_plant_gives_exactly_its_findings(
        tmp_path_factory, seed, version, plant, busy):
    fig = oracle.make_figures(random.Random(seed), version, busy=busy)
    text = oracle.write_report(fig)
    folder = tmp_path_factory.mktemp("oracle")
    path = write(folder, "valid", text, "txt")
    result = check(path)
    assert_read(result)
    assert result.findings == []
    planted, expected = oracle.PLANTS[plant](fig, text)
    path = write(folder, "planted", planted, "txt")
    assert_exactly(check(path), expected, path)


# -- the same document model from every format ------------------------------


def model(path: Path):
    """Sections (number, heading found) and every table cell (value, status)."""
    from gklint.analysis.structure import analyse

    lint = linter()
    data = path.read_bytes()
    doc = lint.readers[path.suffix].read(str(path), data, lint.read_options)
    analyse(doc, lint.choose_form(doc))
    sections = [(s.number, s.heading is not None) for s in doc.sections]
    cells = {key: {(c.row_key, c.column_key): (c.value, c.status) for c in table.cells()}
             for key, table in doc.tables.items()}
    return doc.form_version, sections, cells


@pytest.mark.parametrize("fmt", ["md", "docx", "html", "pdf"])
@pytest.mark.parametrize("version", VERSIONS)
def test_every_format_reads_as_the_same_document_as_its_text(tmp_path, reports, version, fmt):
    fig, text = reports[version]
    expected = model(write(tmp_path, "r", text, "txt"))
    assert expected[1] == [(n, True) for n in range(1, 7)]
    assert expected[2]["table3"][("new", "total")][0] == fig.received()
    assert model(write(tmp_path, "r", text, fmt)) == expected


@pytest.mark.parametrize("fmt", ["docx", "html", "pdf"])
def test_a_changed_cell_reads_as_the_changed_value_in_every_format(tmp_path, reports, fmt):
    fig, text = reports["2021"]
    changed = oracle.set_t3_cell(text, fig, "r5.2", "legal", "17")
    _, _, cells = model(write(tmp_path, "r", changed, fmt))
    assert cells["table3"][("r5.2", "legal")][0] == 17


# -- LibreOffice formats (.odt, .doc), where installed --------------------------


@pytest.mark.slow
@pytest.mark.parametrize("ext", ["odt", "doc"])
def test_planted_defects_in_files_saved_by_libreoffice(tmp_path, reports, ext):
    from gklint.readers.office import find_soffice

    soffice = find_soffice()
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    fig, text = reports["2021"]
    cases = {"valid": (text, [])}
    for name in ("cell", "garble", "missing_section_6"):
        cases[name] = oracle.PLANTS[name](fig, text)
    sources = [write(tmp_path, name, body, "docx") for name, (body, _) in cases.items()]
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                    "--convert-to", ext, "--outdir", str(tmp_path / ext), *map(str, sources)],
                   check=True, capture_output=True, timeout=300,
                   env=dict(os.environ, SAL_USE_VCLPLUGIN="svp"))
    for name, (_, expected) in cases.items():
        path = tmp_path / ext / f"{name}.{ext}"
        result = check(path)
        got = sorted((f.rule_id, f.location.table, f.location.row, f.location.column_label)
                     for f in result.findings)
        want = sorted((e.rule, e.table, e.row, e.column) for e in expected)
        if name == "garble":  # a header cell: located by its table in a file without lines
            got = [g[:1] + (None, None, None) for g in got]
        assert_read(result)
        assert got == want, name


@pytest.mark.slow
@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 10**6), version=st.sampled_from(VERSIONS),
       plant=st.sampled_from(sorted(oracle.PLANTS)), fmt=st.sampled_from(FORMATS),
       busy=st.sampled_from([0.0, 0.3, 1.0]))
def test_any_report_with_any_plant_in_any_format_gives_exactly_its_findings(
        tmp_path_factory, seed, version, plant, fmt, busy):
    fig = oracle.make_figures(random.Random(seed), version, busy=busy)
    text = oracle.write_report(fig)
    planted, expected = oracle.PLANTS[plant](fig, text)
    path = write(tmp_path_factory.mktemp("oracle"), "planted", planted, fmt)
    assert_exactly(check(path), expected, path)
