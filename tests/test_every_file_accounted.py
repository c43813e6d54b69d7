"""Every file in an audited folder is accounted for: each supported kind is
checked, a file of another kind is listed as 不支持的格式 (GK913), and a
run in which nothing could be read says so and fails."""
from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from conftest import SEEDS
from helpers import csv_rows
from makefiles import seed_to_docx, seed_to_html, seed_to_pdf

pytest.importorskip("docx", reason="python-docx (gklint[docx]) is not installed")
pytest.importorskip("selectolax", reason="selectolax (gklint[html]) is not installed")
pytest.importorskip("pypdfium2", reason="pypdfium2 (gklint[pdf]) is not installed")
pytest.importorskip("reportlab", reason="reportlab is needed to write the test PDFs")

from gklint.readers.office import find_soffice  # noqa: E402

SEED = next(p for p in SEEDS if p.name.startswith("004_"))


def _gklint(*args: str, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "gklint", *args], capture_output=True,
                          text=True, timeout=600, cwd=cwd)


def _folder(tmp_path):
    from makeofd import pdf_to_ofd

    folder = tmp_path / "submissions"
    folder.mkdir()
    text = SEED.read_text(encoding="utf-8")
    (folder / "a.txt").write_text(text, encoding="utf-8")
    (folder / "b.md").write_text(text, encoding="utf-8")
    seed_to_docx(str(folder / "c.docx"), text)
    seed_to_html(str(folder / "d.html"), text)
    shutil.copy(folder / "d.html", folder / "e.htm")
    seed_to_pdf(str(folder / "f.pdf"), text)
    pdf_to_ofd(str(folder / "f.pdf"), str(folder / "g.ofd"))
    soffice = find_soffice()
    if soffice:
        profile = (tmp_path / "lo-profile").as_uri()
        for ext in ("doc", "odt", "rtf"):
            subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless",
                            "--convert-to", ext, "--outdir", str(tmp_path), str(folder / "c.docx")],
                           check=True, capture_output=True, timeout=300)
            shutil.copy(tmp_path / f"c.{ext}", folder / f"h.{ext}")
        shutil.copy(folder / "h.doc", folder / "i.wps")
    else:  # still listed, each with GK910 naming what to install
        for name in ("h.doc", "h.odt", "h.rtf", "i.wps"):
            shutil.copy(folder / "c.docx", tmp_path / "x")
            (folder / name).write_bytes(b"{\\rtf1\\ansi \\u25253?\\u21578?}")
    (folder / "表格.xlsx").write_bytes(b"PK\x03\x04not really a workbook")
    return folder, soffice is not None


def test_an_audit_lists_every_file_once_with_its_status(tmp_path):
    folder, converted = _folder(tmp_path)
    out = tmp_path / "summary.csv"
    done = _gklint("audit", str(folder), "--jobs", "2", "--csv", str(out), "--fail-on", "error")
    with out.open(encoding="utf-8-sig") as fh:
        rows = {row["path"].replace("\\", "/").rsplit("/", 1)[-1]: row for row in csv_rows(fh)}
    names = sorted(p.name for p in folder.iterdir())
    assert sorted(rows) == names  # each file once, none skipped
    assert rows["表格.xlsx"]["status"] == "不支持的格式" and rows["表格.xlsx"]["top_rules"] == "GK913"
    office = {"h.doc", "h.odt", "h.rtf", "i.wps"}
    for name, row in rows.items():
        if name == "表格.xlsx":
            continue
        if name in office and not converted:
            assert row["status"] == "无法读取" and row["top_rules"] == "GK910", name
        else:
            assert row["status"] == "已检查" and row["year"] == "2021", (name, row)
    errors = {n: r["top_rules"] for n, r in rows.items() if int(r["errors"])}
    assert done.returncode == (1 if errors else 0), done.stderr


def test_a_folder_with_nothing_readable_says_so_and_fails(tmp_path):
    folder = tmp_path / "submissions"
    folder.mkdir()
    (folder / "报告.xlsx").write_bytes(b"PK\x03\x04")
    (folder / "扫描.jpg").write_bytes(b"\xff\xd8\xff\xe0")
    done = _gklint("audit", str(folder), "--fail-on", "error", "--no-progress")
    assert done.returncode == 1
    assert "没有一个能够读取" in done.stderr
    assert "不支持的格式" in done.stdout


def test_check_on_an_unsupported_file_says_so_with_exit_code_1(tmp_path):
    path = tmp_path / "报告.xlsx"
    path.write_bytes(b"PK\x03\x04")
    done = _gklint("check", str(path), "--fail-on", "error")
    assert done.returncode == 1
    assert "GK913" in done.stdout and "不支持的格式" in done.stdout and ".xlsx" in done.stdout


def test_an_empty_folder_is_not_a_failure(tmp_path):
    (tmp_path / "empty").mkdir()
    assert _gklint("check", str(tmp_path / "empty")).returncode == 0
