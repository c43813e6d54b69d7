""".doc, .wps, .odt and .rtf through LibreOffice, and files read as what
their content is rather than what their name says (gklint.readers.sniff).

The reports are the seeds written as .docx with python-docx, then saved by
LibreOffice itself as .doc, .odt and .rtf; the .doc renamed .wps is what
WPS Office writes.  Each must give the findings of its .docx.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import threading
from pathlib import Path

import pytest

from conftest import SEEDS
from makefiles import seed_to_docx, seed_to_pdf

pytest.importorskip("docx", reason="python-docx (gklint[docx]) is not installed")

from gklint.readers import ReadError, ReadOptions  # noqa: E402
from gklint.readers.office import convert_to_docx, find_soffice  # noqa: E402

SOFFICE = find_soffice()
needs_soffice = pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice (soffice) is not installed: apt-get install "
                            "libreoffice-writer (.ci/run installs it; a failed install skips these)")
SEED_000 = next(p for p in SEEDS if p.name.startswith("000_"))
SEED_004 = next(p for p in SEEDS if p.name.startswith("004_"))


def _save_as(folder: Path, sources: list[Path], ext: str) -> None:
    """Save with LibreOffice itself, as a user would, in a profile of the test's own."""
    profile = (folder / "lo-profile").as_uri()
    subprocess.run([SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                    "--convert-to", ext, "--outdir", str(folder), *map(str, sources)],
                   check=True, capture_output=True, timeout=300,
                   env=dict(os.environ, SAL_USE_VCLPLUGIN="svp"))


@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    """The two seeds as .docx, and saved by LibreOffice as .doc, .odt, .rtf, .wps."""
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    folder = tmp_path_factory.mktemp("office")
    docx = []
    for seed in (SEED_000, SEED_004):
        path = folder / f"{seed.name[:3]}.docx"
        # LibreOffice's RTF export writes a tracked deletion as plain text (its
        # \deleted mark lands on an empty group), so the .rtf is made from a
        # copy without tracked changes and compared with that copy.
        seed_to_docx(str(path), seed.read_text(encoding="utf-8"))
        plain = folder / "plain" / path.name
        plain.parent.mkdir(exist_ok=True)
        seed_to_docx(str(plain), seed.read_text(encoding="utf-8"), debris=False)
        docx.append(path)
    _save_as(folder, docx, "doc")
    _save_as(folder, docx[:1], "odt")
    _save_as(folder / "plain", [folder / "plain" / "000.docx"], "rtf")
    shutil.copy(folder / "000.doc", folder / "000.wps")
    return folder


def _summary(result) -> tuple:
    cells = sorted((f.rule_id, f.location.table, f.location.row, f.location.column_label)
                   for f in result.findings if f.location.table)
    return sorted(f.rule_id for f in result.findings), cells


@needs_soffice
@pytest.mark.parametrize("name, original", [
    ("000.doc", "000.docx"), ("004.doc", "004.docx"), ("000.odt", "000.docx"),
    ("000.wps", "000.docx"), ("plain/000.rtf", "plain/000.docx")])
def test_saved_by_libreoffice_gives_the_findings_of_the_docx(saved, linter, name, original):
    result = linter.check_file(str(saved / name))
    assert not result.error, result.findings
    assert result.format == Path(name).suffix.lstrip(".")
    assert _summary(result) == _summary(linter.check_file(str(saved / original)))
    assert result.findings, "the seeds have findings of their own"


@needs_soffice
def test_a_doc_named_docx_or_pdf_is_read_as_a_doc_with_a_note(saved, linter, tmp_path):
    for wrong in ("report.docx", "report.pdf"):
        shutil.copy(saved / "004.doc", tmp_path / wrong)
        result = linter.check_file(str(tmp_path / wrong))
        notes = [f for f in result.findings if f.rule_id == "GK912"]
        assert len(notes) == 1 and notes[0].severity.label == "info"
        assert ".doc" in notes[0].message and not result.error
        expected = linter.check_file(str(saved / "004.docx"))
        assert _summary(result)[1] == _summary(expected)[1]


def test_a_docx_named_pdf_doc_or_wps_is_read_as_a_docx_with_a_note(tmp_path, linter):
    docx = tmp_path / "report.docx"
    seed_to_docx(str(docx), SEED_004.read_text(encoding="utf-8"))
    expected = _summary(linter.check_file(str(docx)))
    for wrong in ("r.pdf", "r.doc", "r.wps", "r.html"):
        shutil.copy(docx, tmp_path / wrong)
        result = linter.check_file(str(tmp_path / wrong))
        ids, cells = _summary(result)
        assert ids.count("GK912") == 1, wrong
        assert ([i for i in ids if i != "GK912"], cells) == expected, wrong


def test_a_doc_that_is_a_web_page_word_saved_is_read_as_html(tmp_path, linter):
    page = ('<html xmlns:o="urn:schemas-microsoft-com:office:office" '
            'xmlns:w="urn:schemas-microsoft-com:office:word"><head><meta charset="utf-8">'
            '</head><body><p>2021年政府信息公开工作年度报告</p><p>一、总体情况</p>'
            '<p>现行冇效件数</p></body></html>')
    (tmp_path / "report.doc").write_text(page, encoding="utf-8")
    result = linter.check_file(str(tmp_path / "report.doc"))
    ids = [f.rule_id for f in result.findings]
    assert result.format == "html" and "GK912" in ids and "GK301" in ids


def test_a_pdf_named_docx_is_read_as_a_pdf(tmp_path, linter):
    pytest.importorskip("pypdfium2")
    pytest.importorskip("reportlab")
    seed_to_pdf(str(tmp_path / "report.docx"), SEED_004.read_text(encoding="utf-8"))
    result = linter.check_file(str(tmp_path / "report.docx"))
    assert result.format == "pdf" and "GK912" in {f.rule_id for f in result.findings}


def test_a_text_file_holding_markup_is_still_text(tmp_path, linter):
    (tmp_path / "notes.txt").write_text("<html> 是网页的开头标记\n一、总体情况\n", encoding="utf-8")
    result = linter.check_file(str(tmp_path / "notes.txt"))
    assert result.format == "txt" and "GK912" not in {f.rule_id for f in result.findings}


def test_without_libreoffice_a_doc_is_one_finding_naming_what_to_install(tmp_path, monkeypatch,
                                                                          linter):
    monkeypatch.setenv("GKLINT_SOFFICE", str(tmp_path / "no-such-soffice"))
    (tmp_path / "report.rtf").write_bytes(b"{\\rtf1\\ansi \\u20108?\\u12289?}")
    result = linter.check_file(str(tmp_path / "report.rtf"))
    assert result.error and [f.rule_id for f in result.findings] == ["GK910"]
    assert "LibreOffice" in result.findings[0].message
    assert "apt-get install libreoffice-writer" in result.findings[0].message


@needs_soffice
def test_a_conversion_past_its_time_limit_is_stopped_and_reported(saved):
    with pytest.raises(ReadError) as caught:
        convert_to_docx((saved / "000.doc").read_bytes(), ".doc", ReadOptions(), timeout=0.05)
    assert caught.value.rule_id == "GK911"
    # the profile the killed process may have left half-made is not reused
    assert convert_to_docx((saved / "004.doc").read_bytes(), ".doc", ReadOptions())[:2] == b"PK"


@needs_soffice
def test_parallel_conversions_in_one_process_each_get_their_own_result(saved):
    files = {name: (saved / name).read_bytes() for name in ("000.doc", "004.doc")}
    out: dict = {}

    def convert(name):
        out[name] = convert_to_docx(files[name], ".doc", ReadOptions())

    threads = [threading.Thread(target=convert, args=(n,)) for n in files]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(data[:2] == b"PK" for data in out.values())
    assert out["000.doc"] != out["004.doc"]


def test_profiles_of_ended_processes_are_removed_and_live_ones_kept(tmp_path, monkeypatch):
    import sys
    import tempfile

    from gklint.readers import office

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                           capture_output=True, text=True, check=True)
    dead = tmp_path / f"gklint-lo-profile-{ended.stdout.strip()}-abc"
    alive = tmp_path / f"gklint-lo-profile-{os.getpid()}-def"
    dead.mkdir()
    alive.mkdir()
    office._remove_orphan_profiles()
    assert not dead.exists() and alive.exists()
