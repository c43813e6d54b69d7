"""PDF text does not depend on the machine's fonts (gklint.readers.pdffont).

A CID font that is named but not embedded (reportlab's STSong-Light) is
drawn by pdfium with a substitute.  With pdfium's own font lookup and no CJK
font on the machine, a text object holding only CJK characters had no box
and pdfium's text page dropped it: the character a table cell or paragraph
wrapped onto a line of its own was lost.  These tests run in a process whose
fontconfig sees no font at all, and gklint's handler never asks the system.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from conftest import ROOT, SEEDS

pytest.importorskip("pypdfium2", reason="pypdfium2 (gklint[pdf]) is not installed")
pytest.importorskip("reportlab", reason="reportlab is needed to write the test PDFs")

from gklint.readers.pdffont import fallback_font, is_cjk_request  # noqa: E402

# Each string is drawn as its own text object, as reportlab draws the lines
# of a wrapped cell: the one-character ones are what pdfium used to drop.
LINES = ["2.其他法律行政法规禁止公", "开", "1.本机关不掌握相关政府信", "息", "〇", "0"]


def _no_fonts_env(tmp_path) -> dict:
    config = tmp_path / "fonts.conf"
    config.write_text('<?xml version="1.0"?><fontconfig><dir>/nonexistent</dir></fontconfig>',
                      encoding="utf-8")
    env = dict(os.environ, FONTCONFIG_FILE=str(config), FONTCONFIG_PATH=str(tmp_path),
               HOME=str(tmp_path), XDG_DATA_HOME=str(tmp_path / "share"),
               PYTHONPATH=os.pathsep.join([str(ROOT), str(ROOT / "tests")]))
    return env


def _write_lines_pdf(path) -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    page = canvas.Canvas(str(path))
    page.setFont("STSong-Light", 12)
    for k, text in enumerate(LINES):
        page.drawString(72, 760 - 20 * k, text)
    page.save()


def test_characters_alone_on_their_line_are_read_without_any_system_font(tmp_path):
    pdf = tmp_path / "lines.pdf"
    _write_lines_pdf(pdf)
    code = ("import sys, json; from gklint.readers import ReadOptions; "
            "from gklint.readers.pdf import read_pdf; "
            "doc = read_pdf('x.pdf', open(sys.argv[1], 'rb').read(), ReadOptions()); "
            "print(json.dumps(doc.text))")
    out = subprocess.run([sys.executable, "-c", code, str(pdf)], env=_no_fonts_env(tmp_path),
                         capture_output=True, text=True, timeout=120, check=True)
    lines = [ln.strip() for ln in json.loads(out.stdout).splitlines() if ln.strip()]
    assert "".join(lines).replace(" ", "") == "".join(LINES)


def test_seed_pdf_has_the_text_seed_findings_without_any_system_font(tmp_path):
    from makefiles import seed_to_pdf

    seed = next(p for p in SEEDS if p.name.startswith("000_"))
    pdf = tmp_path / "report.pdf"
    seed_to_pdf(str(pdf), seed.read_text(encoding="utf-8"))
    rule_ids = {}
    for path in (pdf, seed):
        out = subprocess.run([sys.executable, "-m", "gklint", "check", str(path), "-f", "json"],
                             env=_no_fonts_env(tmp_path), capture_output=True, text=True,
                             timeout=300, cwd=tmp_path)
        results = json.loads(out.stdout)
        rule_ids[path.suffix] = sorted({f["rule"] for r in results["files"]
                                        for f in r["findings"]})
    # [bookmark: _GoBack] is text-export debris that a PDF does not carry.
    assert rule_ids[".pdf"] == [r for r in rule_ids[".txt"] if r != "GK310"]


def test_only_cjk_font_requests_get_the_fallback():
    assert is_cjk_request(134, b"")  # GB2312 charset
    assert is_cjk_request(0, b"STSong-Light")
    assert is_cjk_request(0, "宋体".encode("gbk"))
    assert is_cjk_request(0, b"SimHei")
    assert not is_cjk_request(0, b"Helvetica")
    assert not is_cjk_request(0, b"TimesNewRomanPSMT")
    assert not is_cjk_request(0, b"Arial,Bold")


def test_the_fallback_font_is_a_small_truetype_file():
    data = fallback_font()
    assert data[:4] == b"\x00\x01\x00\x00" and len(data) < 4096
