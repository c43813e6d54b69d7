"""Files that cannot be read as reports: one clear GK9xx finding each, and the
other files of the same run are still checked."""
from __future__ import annotations

import io
import json
import zipfile

import pytest

from conftest import SEEDS
from makefiles import ole_file, seed_to_docx, seed_to_html, seed_to_pdf

pytest.importorskip("docx", reason="python-docx (gklint[docx]) is not installed")
pytest.importorskip("selectolax", reason="selectolax (gklint[html]) is not installed")
pytest.importorskip("pypdfium2", reason="pypdfium2 (gklint[pdf]) is not installed")
pytest.importorskip("reportlab", reason="reportlab is needed to write the test PDFs")

from gklint.readers import ReadError, ReadOptions  # noqa: E402
from gklint.readers.docx import read_docx  # noqa: E402
from gklint.readers.html import read_html  # noqa: E402
from gklint.readers.pdf import read_pdf  # noqa: E402

SEED = next(p for p in SEEDS if p.name.startswith("004_")).read_text(encoding="utf-8")
READERS = {".docx": read_docx, ".html": read_html, ".pdf": read_pdf}


@pytest.fixture(scope="module")
def good(tmp_path_factory) -> dict[str, bytes]:
    """The seed as a good file of each format."""
    folder = tmp_path_factory.mktemp("good")
    out = {}
    for ext, make in ((".docx", seed_to_docx), (".html", seed_to_html), (".pdf", seed_to_pdf)):
        path = folder / f"good{ext}"
        make(str(path), SEED)
        out[ext] = path.read_bytes()
    return out


def _refused(ext: str, data: bytes, options: ReadOptions = None) -> ReadError:
    with pytest.raises(ReadError) as info:
        READERS[ext](f"bad{ext}", data, options or ReadOptions())
    return info.value


def _rezip(data: bytes, replace: dict[str, bytes] = None, add: dict[str, bytes] = None,
           compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as target:
        for info in source.infolist():
            body = (replace or {}).get(info.filename, source.read(info.filename))
            target.writestr(info.filename, body)
        for name, body in (add or {}).items():
            target.writestr(name, body)
    return out.getvalue()


# -- every format --------------------------------------------------------------------

@pytest.mark.parametrize("ext", [".docx", ".html", ".pdf"])
def test_zero_bytes_is_gk902(ext):
    error = _refused(ext, b"")
    assert error.rule_id == "GK902" and "空" in error.message


@pytest.mark.parametrize("ext,other", [(".docx", ".pdf"), (".pdf", ".docx"), (".html", ".pdf"),
                                       (".docx", ".html")])
def test_a_file_of_another_kind_under_the_extension_is_gk903(good, ext, other):
    error = _refused(ext, good[other])
    assert error.rule_id == "GK903"
    assert ("扩展名" in error.message) or ("不是" in error.message)


# -- docx ------------------------------------------------------------------------------

def test_an_old_doc_renamed_docx_says_so():
    doc = ole_file({"WordDocument": b"\xec\xa5\xc1\x00" + b"\0" * 512, "1Table": b"\0" * 64})
    error = _refused(".docx", doc)
    assert error.rule_id == "GK903" and ".doc" in error.message and "另存为" in error.message


def test_a_password_protected_docx_is_gk904():
    encrypted = ole_file({"EncryptionInfo": b"\x04\x00\x04\x00\x40\x00\x00\x00" + b"<encryption/>",
                          "EncryptedPackage": b"\x10\x27\x00\x00\x00\x00\x00\x00" + b"\x9a" * 900})
    error = _refused(".docx", encrypted)
    assert error.rule_id == "GK904" and "文件已加密" in error.message


def test_a_truncated_docx_is_gk903(good):
    data = good[".docx"]
    error = _refused(".docx", data[: len(data) // 2])
    assert error.rule_id == "GK903" and "截断" in error.message


def test_a_docx_with_a_damaged_part_is_gk903(good):
    data = _rezip(good[".docx"], replace={"word/document.xml": b"<w:document><w:body><w:p>"})
    assert _refused(".docx", data).rule_id == "GK903"
    # A stored part whose bytes no longer match its CRC.
    stored = bytearray(_rezip(good[".docx"], compression=zipfile.ZIP_STORED))
    at = bytes(stored).index(b"<w:body>")
    stored[at + 1:at + 6] = b"XXXXX"
    error = _refused(".docx", bytes(stored))
    assert error.rule_id == "GK903" and "损坏" in error.message


@pytest.mark.parametrize("names,says", [({"hello.txt": b"hi"}, "word/document.xml"),
                                        ({"xl/workbook.xml": b"<x/>"}, "Excel")])
def test_a_zip_that_is_not_a_word_document_is_gk903(names, says):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, body in names.items():
            archive.writestr(name, body)
    error = _refused(".docx", out.getvalue())
    assert error.rule_id == "GK903" and says in error.message


def test_a_zip_bomb_is_refused_before_unpacking(good):
    bomb = _rezip(good[".docx"], add={"word/media/image1.bin": b"\0" * (40 * 1024 * 1024)})
    assert len(bomb) < 1024 * 1024  # 40 MB of zeros packs into a few dozen KB
    error = _refused(".docx", bomb)
    assert error.rule_id == "GK907" and "压缩炸弹" in error.message
    error = _refused(".docx", good[".docx"], ReadOptions(max_unpacked_bytes=64 * 1024))
    assert error.rule_id == "GK907" and "超过上限" in error.message


# -- pdf -------------------------------------------------------------------------------

def _canvas_pdf(draw, **kwargs) -> bytes:
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    c = canvas.Canvas(out, **kwargs)
    draw(c)
    c.save()
    return out.getvalue()


def test_a_password_protected_pdf_is_gk904():
    from reportlab.lib import pdfencrypt

    def draw(c):
        c.drawString(100, 700, "report")
        c.showPage()

    data = _canvas_pdf(draw, encrypt=pdfencrypt.StandardEncryption("secret", canPrint=1))
    error = _refused(".pdf", data)
    assert error.rule_id == "GK904" and "文件已加密" in error.message


def test_a_scanned_pdf_without_text_is_gk905():
    from PIL import Image, ImageDraw
    from reportlab.lib.utils import ImageReader

    scan = Image.new("L", (600, 800), 255)
    pen = ImageDraw.Draw(scan)
    for y in range(60, 760, 24):  # lines of "text", as pixels
        pen.rectangle([60, y, 540, y + 10], fill=40)

    def draw(c):
        for _ in range(2):
            c.drawImage(ImageReader(scan), 0, 0, width=595, height=842)
            c.showPage()

    error = _refused(".pdf", _canvas_pdf(draw))
    assert error.rule_id == "GK905"
    assert error.message == "PDF没有文字层（可能是扫描件），需要先做OCR"


def test_a_truncated_pdf_is_gk903(good):
    data = good[".pdf"]
    error = _refused(".pdf", data[: len(data) // 2])
    assert error.rule_id == "GK903" and "损坏" in error.message


def test_a_broken_xref_is_repaired_and_read(good):
    data = good[".pdf"]
    at = data.rindex(b"startxref")
    broken = data[:at] + b"startxref\n987654\n%%EOF\n"
    doc = read_pdf("broken.pdf", broken, ReadOptions())
    whole = read_pdf("good.pdf", data, ReadOptions())
    assert doc.text == whole.text and len(list(doc.raw_tables())) == 3


def test_more_pages_than_the_cap_is_gk907(good):
    error = _refused(".pdf", good[".pdf"], ReadOptions(max_pages=2))
    assert error.rule_id == "GK907" and "超过上限 2 页" in error.message


# -- html ------------------------------------------------------------------------------

def test_a_binary_file_named_html_is_gk903():
    error = _refused(".html", bytes(range(256)) * 64)
    assert error.rule_id == "GK903"


# -- a whole run -----------------------------------------------------------------------

def test_each_bad_file_is_one_finding_and_the_good_files_are_checked(tmp_path, good):
    from gklint.cli import main

    bad = {
        "empty.docx": b"",
        "old.docx": ole_file({"WordDocument": b"\xec\xa5" + b"\0" * 100}),
        "locked.docx": ole_file({"EncryptionInfo": b"\x04\0\x04\0", "EncryptedPackage": b"x"}),
        "cut.docx": good[".docx"][:3000],
        "bomb.docx": _rezip(good[".docx"], add={"word/media/x.bin": b"\0" * (40 << 20)}),
        "cut.pdf": good[".pdf"][:4000],
        "scan.pdf": _canvas_pdf(lambda c: (c.rect(50, 50, 400, 600, fill=1), c.showPage())),
        "list.html": ('<html><body><ul><li><a href="/1">2021年政府信息公开工作年度报告</a>'
                      "</li></ul></body></html>").encode("utf-8"),
    }
    # A .doc named .docx is read as the .doc it is (through LibreOffice, GK910
    # when it is missing); this one is damaged.
    from gklint.readers.office import find_soffice

    expected = {"empty.docx": "GK902", "old.docx": "GK903" if find_soffice() else "GK910",
                "locked.docx": "GK904",
                "cut.docx": "GK903", "bomb.docx": "GK907", "cut.pdf": "GK903",
                "scan.pdf": "GK905", "list.html": "GK909"}
    for name, data in bad.items():
        (tmp_path / name).write_bytes(data)
    for ext, data in good.items():
        (tmp_path / f"good{ext}").write_bytes(data)
    report = tmp_path / "report.json"
    main(["check", str(tmp_path), "--format", "json", "--output", str(report)])
    results = json.loads(report.read_text(encoding="utf-8"))
    by_file = _findings_by_file(results)
    for name, rule_id in expected.items():
        assert [f["rule"] for f in by_file[name]] == [rule_id], name
    for ext in good:
        ids = {f["rule"] for f in by_file[f"good{ext}"]}
        assert ids == {"GK210", "GK530"}, ext  # the seed's own findings


def _findings_by_file(results) -> dict[str, list]:
    files = results.get("files", results) if isinstance(results, dict) else results
    out: dict[str, list] = {}
    for entry in files:
        name = entry["path"].replace("\\", "/").rsplit("/", 1)[-1]
        out[name] = entry["findings"]
    return out
