"""The named bad-input suite: every way a submission, a rule pack, a plugin
or a configuration can be broken, each with its own test.

Files are checked through the command line in a batch next to a good report
(seed 004), and the good report must still be checked: one bad file never
costs the others.  Format-level details of docx/pdf/html refusals are in
tests/test_reader_badfiles.py (the reader engineer's); here the same kinds
of file go through the whole engine and CLI.

Tests run as root in CI, where ``chmod 000`` does not stop a read, so an
unreadable file is simulated (a failing ``open``, a directory named .txt);
the real chmod test runs only for other users.
"""
from __future__ import annotations

import io
import json
import os
import resource
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT, SEEDS
from gklint.cli import main

SEED_004 = next(p for p in SEEDS if p.name.startswith("004_"))
SEED_000 = next(p for p in SEEDS if p.name.startswith("000_"))
GOOD_TEXT = SEED_004.read_text(encoding="utf-8")
GOOD_RULES = {"GK210"}  # seed 004 leaves table 4's 行政复议 cells blank


# -- helpers -------------------------------------------------------------------------

def run_cli(*argv: str) -> tuple[int, dict]:
    """``gklint check ... -f json``: exit code and findings by file name."""
    out = Path(argv[-1]).parent / "report.json" if argv else None
    code = main(["check", *argv, "-f", "json", "-o", str(out)])
    if not out.exists():
        return code, {}
    data = json.loads(out.read_text(encoding="utf-8"))
    out.unlink()
    return code, {Path(f["path"]).name: f for f in data["files"]}


def batch(tmp_path: Path, name: str, data: bytes, *extra: str) -> tuple[int, dict, dict]:
    """Check a folder holding the bad file and a good report; assert the good
    one was checked; return (exit code, the bad file's entry, all entries)."""
    folder = tmp_path / "in"
    folder.mkdir(exist_ok=True)
    (folder / name).write_bytes(data)
    (folder / "good.txt").write_text(GOOD_TEXT, encoding="utf-8")
    code, files = run_cli(*extra, str(folder))
    assert_good_checked(files)
    return code, files.get(name), files


def assert_good_checked(files: dict) -> None:
    good = files["good.txt"]
    rules = {f["rule"] for f in good["findings"]}
    assert GOOD_RULES <= rules and not good["unreadable"], good
    assert not any(r.startswith("GK9") for r in rules), rules


def only_rule(entry: dict) -> dict:
    """The single GK9xx finding of an unreadable file."""
    assert entry["unreadable"], entry
    assert len(entry["findings"]) == 1, entry["findings"]
    return entry["findings"][0]


def memory_capped_check(path: Path, limit_mb: int = 1024, *extra: str):
    """``gklint check`` in a subprocess whose address space is capped: a run
    that needs more memory fails instead of passing on a big machine."""
    def cap():
        resource.setrlimit(resource.RLIMIT_AS, (limit_mb << 20, limit_mb << 20))

    return subprocess.run([sys.executable, "-m", "gklint", "check", str(path), "-f", "json", *extra],
                          preexec_fn=cap, capture_output=True, cwd=ROOT, timeout=300)


def _reader(name: str):
    return pytest.importorskip(f"gklint.readers.{name}",
                               reason=f"gklint/readers/{name}.py is not installed")


# -- empty and blank ------------------------------------------------------------------

def test_empty_file(tmp_path):
    _, bad, _ = batch(tmp_path, "empty.txt", b"")
    finding = only_rule(bad)
    assert finding["rule"] == "GK902" and "空" in finding["message"]


def test_only_whitespace(tmp_path):
    _, bad, _ = batch(tmp_path, "blank.txt", " \t\r\n\u3000\n  \xa0\n".encode("utf-8"))
    assert only_rule(bad)["rule"] == "GK902"


@pytest.mark.parametrize("bom", [b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xff\xfe\0\0"])
def test_bom_only(tmp_path, bom):
    _, bad, _ = batch(tmp_path, "bom.txt", bom)
    assert only_rule(bad)["rule"] == "GK902"


# -- encodings ------------------------------------------------------------------------

def test_wrong_encoding_declared_in_html(tmp_path):
    """The page says UTF-8 but the bytes are GBK: read right, not as mojibake."""
    _reader("html")
    from makefiles import seed_to_html

    page = tmp_path / "page.html"
    seed_to_html(str(page), GOOD_TEXT, encoding="utf-8")
    source = page.read_text(encoding="utf-8")
    assert '<meta charset="utf-8">' in source
    _, bad, _ = batch(tmp_path, "gbk.html", source.encode("gbk"))
    assert not bad["unreadable"]
    assert bad["meta"]["sections"] == [1, 2, 3, 4, 5, 6]
    assert bad["meta"]["encoding"] in ("gb18030", "gbk")
    rules = {f["rule"] for f in bad["findings"]}
    assert GOOD_RULES <= rules and not rules & {"GK908", "GK311"}, rules


def test_gbk_text_file_is_read_as_gbk(tmp_path):
    _, bad, _ = batch(tmp_path, "gbk.txt", GOOD_TEXT.encode("gbk"))
    assert bad["meta"]["encoding"] == "gb18030"
    assert bad["meta"]["sections"] == [1, 2, 3, 4, 5, 6]


def test_mixed_encodings_are_reported_not_hidden(tmp_path):
    """First half UTF-8, second half GBK: the file is still checked, and the
    lost characters are reported (GK908 for the file, GK311 where they were)."""
    half = len(GOOD_TEXT) // 2
    data = GOOD_TEXT[:half].encode("utf-8") + GOOD_TEXT[half:].encode("gbk")
    _, bad, _ = batch(tmp_path, "mixed.txt", data)
    rules = [f["rule"] for f in bad["findings"]]
    assert "GK908" in rules and "GK311" in rules
    assert bad["meta"]["sections"][:2] == [1, 2]  # the readable half was checked


def test_utf16_without_bom_is_read(tmp_path):
    _, bad, _ = batch(tmp_path, "utf16.txt", GOOD_TEXT.encode("utf-16-le"))
    assert not bad["unreadable"] and bad["meta"]["sections"] == [1, 2, 3, 4, 5, 6]


def test_nul_bytes_in_a_text_file(tmp_path):
    data = GOOD_TEXT.encode("utf-8")
    data = data[:500] + b"\0\0\0\0" + data[500:]
    _, bad, _ = batch(tmp_path, "nul.txt", data)
    finding = only_rule(bad)
    assert finding["rule"] == "GK903" and "NUL" in finding["message"]


def test_binary_file_renamed_txt(tmp_path):
    png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + bytes(range(256)) * 8
    _, bad, _ = batch(tmp_path, "image.txt", png)
    assert only_rule(bad)["rule"] == "GK903"


def test_crlf_and_cr_line_endings_give_the_same_findings(tmp_path):
    def findings(name: str, newline: str) -> list:
        data = GOOD_TEXT.replace("\n", newline).encode("utf-8")
        entry = batch(tmp_path, name, data)[1]
        return [{k: v for k, v in f.items() if k != "path"} for f in entry["findings"]]

    lf = findings("lf.txt", "\n")
    assert lf
    assert findings("crlf.txt", "\r\n") == lf
    assert findings("cr.txt", "\r") == lf


# -- size -----------------------------------------------------------------------------

def test_50_mb_text_is_refused_quickly_within_memory(tmp_path):
    """50 MB of report text: one GK907 finding, in a process capped at 1 GB."""
    big = tmp_path / "big.txt"
    unit = GOOD_TEXT.encode("utf-8")
    with open(big, "wb") as fh:
        for _ in range(50 * 1024 * 1024 // len(unit) + 1):
            fh.write(unit)
    assert big.stat().st_size >= 50 * 1024 * 1024
    run = memory_capped_check(big)
    assert run.returncode == 1, run.stderr.decode()
    entry = json.loads(run.stdout)["files"][0]
    finding = only_rule(entry)
    assert finding["rule"] == "GK907" and "上限" in finding["message"]


def test_file_over_the_size_cap_is_not_read(tmp_path, monkeypatch):
    """max-file-mb: the size is checked before the file is read at all."""
    big = tmp_path / "in" / "big.txt"
    big.parent.mkdir()
    big.write_bytes(GOOD_TEXT.encode("utf-8") * (2 * 1024 * 1024 // len(GOOD_TEXT.encode()) + 1))
    config = tmp_path / "cfg.yaml"
    config.write_text("max-file-mb: 1\n", encoding="utf-8")
    opened = []
    real_open = open

    def spy(file, *args, **kwargs):
        opened.append(str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr("builtins.open", spy)
    code, files = run_cli("--config", str(config), str(big))
    assert only_rule(files["big.txt"])["rule"] == "GK907"
    assert str(big) not in opened


def test_a_million_character_line(tmp_path):
    """One line of a million characters is checked, and a garble at its end
    is located at its exact column."""
    body = ("本机关依法主动公开政府信息。" * 80000)[:1_000_000 - 1] + "冇"
    text = GOOD_TEXT.replace("一、总体情况\n", "一、总体情况\n" + body + "\n", 1)
    _, bad, _ = batch(tmp_path, "long.txt", text.encode("utf-8"))
    line = text.split("\n").index(body) + 1
    garbles = [f for f in bad["findings"] if f["rule"] == "GK301"]
    assert [(f["location"]["line"], f["location"]["column"]) for f in garbles] == [(line, 1_000_000)]
    assert bad["meta"]["sections"] == [1, 2, 3, 4, 5, 6]


def test_a_huge_number_in_a_table_cell(tmp_path):
    """A 5 000-digit number in a table cell: arithmetic still works, no crash."""
    huge = "9" * 5000
    lines = GOOD_TEXT.split("\n")
    row = next(i for i, l in enumerate(lines) if l.startswith("一、本年新收政府信息公开申请数量"))
    cells = lines[row].split("\t")
    cells[2] = huge
    lines[row] = "\t".join(cells)
    _, bad, _ = batch(tmp_path, "huge.txt", "\n".join(lines).encode("utf-8"))
    rules = {f["rule"] for f in bad["findings"]}
    assert not bad["unreadable"] and not any(r.startswith("GK9") for r in rules)
    assert any(r.startswith("GK20") for r in rules), rules  # the sums no longer hold


# -- other formats --------------------------------------------------------------------

def test_a_docx_that_is_a_doc(tmp_path):
    _reader("docx")
    from makefiles import ole_file

    doc = ole_file({"WordDocument": b"\xec\xa5\xc1\x00" + b"\0" * 512, "1Table": b"\0" * 64})
    _, bad, _ = batch(tmp_path, "old.docx", doc)
    finding = only_rule(bad)
    from gklint.readers.office import find_soffice

    # Read as the .doc it is, through LibreOffice (GK910 without it): a damaged one.
    assert finding["rule"] == ("GK903" if find_soffice() else "GK910")
    assert ".doc" in finding["message"]


def _good_docx(tmp_path: Path) -> bytes:
    from makefiles import seed_to_docx

    path = tmp_path / "seed.docx"
    seed_to_docx(str(path), GOOD_TEXT)
    return path.read_bytes()


def _with_bomb(docx: bytes, member: str, megabytes: int) -> bytes:
    """The docx with ``member`` replaced by ``megabytes`` MB of blanks, streamed
    so that the test itself never holds them."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as dst:
        for info in src.infolist():
            if info.filename != member:
                dst.writestr(info.filename, src.read(info.filename))
        with dst.open(member, "w", force_zip64=True) as fh:
            chunk = b" " * (1 << 20)
            for _ in range(megabytes):
                fh.write(chunk)
    return out.getvalue()


def test_a_zip_bomb_in_a_docx(tmp_path):
    _reader("docx")
    bomb = _with_bomb(_good_docx(tmp_path), "word/media/image1.png", 64)
    assert len(bomb) < 1024 * 1024
    _, bad, _ = batch(tmp_path, "bomb.docx", bomb)
    finding = only_rule(bad)
    assert finding["rule"] == "GK907" and "压缩炸弹" in finding["message"]


@pytest.mark.parametrize("member", ["word/document.xml", "_rels/.rels"])
def test_a_zip_bomb_that_lies_about_its_size(tmp_path, member):
    """The zip's directory claims a 300 MB part is 2 KB: the size check passes,
    but unpacking stops at the claimed size (GK903, the CRC fails), in a
    process capped at 400 MB (zipfile's read() used to inflate it all)."""
    _reader("docx")
    bomb = bytearray(_with_bomb(_good_docx(tmp_path), member, 300))
    with zipfile.ZipFile(io.BytesIO(bytes(bomb))) as archive:
        info = archive.getinfo(member)
    _patch_sizes(bomb, info, claimed=2048)
    with zipfile.ZipFile(io.BytesIO(bytes(bomb))) as archive:
        assert archive.getinfo(member).file_size == 2048
    path = tmp_path / "liar.docx"
    path.write_bytes(bytes(bomb))
    run = memory_capped_check(path, limit_mb=400)
    entry = json.loads(run.stdout)["files"][0]
    assert only_rule(entry)["rule"] == "GK903", entry


def _patch_sizes(data: bytearray, info: zipfile.ZipInfo, claimed: int) -> None:
    """Make the central directory claim ``claimed`` bytes for one member (the
    size readers trust; the local header's zip64 field is left as it is)."""
    import struct

    end = data.rindex(b"PK\x05\x06")
    at = struct.unpack_from("<I", data, end + 16)[0]  # offset of the central directory
    name = info.filename.encode()
    while data[at:at + 4] == b"PK\x01\x02":
        name_len, extra_len, comment_len = struct.unpack_from("<HHH", data, at + 28)
        if data[at + 46:at + 46 + name_len] == name:
            struct.pack_into("<I", data, at + 24, claimed)
            return
        at += 46 + name_len + extra_len + comment_len
    raise AssertionError(f"{info.filename} not in the central directory")


def _canvas_pdf(draw, **kwargs) -> bytes:
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    pdf = canvas.Canvas(out, **kwargs)
    draw(pdf)
    pdf.save()
    return out.getvalue()


def test_an_encrypted_pdf(tmp_path):
    _reader("pdf")
    from reportlab.lib import pdfencrypt

    def draw(c):
        c.drawString(100, 700, "2021 report")
        c.showPage()

    data = _canvas_pdf(draw, encrypt=pdfencrypt.StandardEncryption("secret", canPrint=1))
    _, bad, _ = batch(tmp_path, "locked.pdf", data)
    finding = only_rule(bad)
    assert finding["rule"] == "GK904" and "加密" in finding["message"]


def test_a_pdf_with_no_text_layer(tmp_path):
    _reader("pdf")

    def draw(c):
        for page in range(3):  # vector "scans": filled shapes, no text objects
            for y in range(60, 760, 20):
                c.rect(60, y, 480, 8, fill=1, stroke=0)
            c.showPage()

    _, bad, _ = batch(tmp_path, "scan.pdf", _canvas_pdf(draw))
    finding = only_rule(bad)
    assert finding["rule"] == "GK905" and "OCR" in finding["message"]


@pytest.mark.parametrize("keep", [8, 0.3, 0.6])
def test_a_truncated_pdf(tmp_path, keep):
    """Cut anywhere: a GK903 refusal, or what pdfium recovers is checked."""
    _reader("pdf")
    from makefiles import seed_to_pdf

    path = tmp_path / "seed.pdf"
    seed_to_pdf(str(path), GOOD_TEXT)
    data = path.read_bytes()
    cut = data[:keep if isinstance(keep, int) else int(len(data) * keep)]
    _, bad, _ = batch(tmp_path, "cut.pdf", cut)
    if bad["unreadable"]:
        finding = only_rule(bad)
        assert finding["rule"] == "GK903" and "损坏" in finding["message"]
    else:  # recovered pages: checked like any report, the lost part reported missing
        assert bad["meta"]["sections"] and any(f["rule"].startswith("GK") for f in bad["findings"])


def test_an_html_page_with_no_report(tmp_path):
    _reader("html")
    page = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>政务公开</title></head>
    <body><nav><a href="/">首页</a><a href="/gk">政府信息公开</a></nav>
    <ul><li><a href="/2021.html">2021年政府信息公开工作年度报告</a></li>
        <li><a href="/2020.html">2020年政府信息公开工作年度报告</a></li></ul>
    <footer>主办单位：某县人民政府办公室</footer></body></html>"""
    _, bad, _ = batch(tmp_path, "index.html", page.encode("utf-8"))
    finding = only_rule(bad)
    assert finding["rule"] == "GK909" and "没有找到" in finding["message"]


def test_an_absurdly_nested_html_page(tmp_path):
    """20 000 nested elements: refused at once (parsing it took minutes)."""
    _reader("html")
    page = "<html><body>" + "<div>" * 20000 + "一、总体情况" + "</div>" * 20000 + "</body></html>"
    _, bad, _ = batch(tmp_path, "deep.html", page.encode("utf-8"))
    finding = only_rule(bad)
    assert finding["rule"] == "GK903" and "嵌套" in finding["message"]


# -- the file system ------------------------------------------------------------------

def test_a_symlink_loop_in_a_folder(tmp_path):
    """Loops of folder links are not followed; a file link to itself is one
    GK901 finding; every real file is checked exactly once."""
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "good.txt").write_text(GOOD_TEXT, encoding="utf-8")
    (folder / "sub" / "other.txt").write_text(GOOD_TEXT, encoding="utf-8")
    os.symlink("..", folder / "sub" / "up")
    os.symlink(".", folder / "here")
    os.symlink("self.txt", folder / "self.txt")
    code, files = run_cli(str(folder))
    assert_good_checked(files)
    assert sorted(files) == ["good.txt", "other.txt", "self.txt"]
    finding = only_rule(files["self.txt"])
    assert finding["rule"] == "GK901" and "无法读取" in finding["message"]
    assert code == 1


def test_an_unreadable_file(tmp_path, monkeypatch):
    """Simulated (tests run as root): opening one file fails with EACCES."""
    real_open = open

    def deny(file, *args, **kwargs):
        if str(file).endswith("locked.txt"):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    real_os_open = os.open

    def deny_fd(file, *args, **kwargs):  # the engine opens files with os.open
        if str(file).endswith("locked.txt"):
            raise PermissionError(13, "Permission denied", str(file))
        return real_os_open(file, *args, **kwargs)

    monkeypatch.setattr("builtins.open", deny)
    monkeypatch.setattr("os.open", deny_fd)
    _, bad, _ = batch(tmp_path, "locked.txt", GOOD_TEXT.encode("utf-8"))
    finding = only_rule(bad)
    assert finding["rule"] == "GK901" and "Permission denied" in finding["message"]


def test_a_directory_named_like_a_report(tmp_path, linter):
    folder = tmp_path / "report.txt"
    folder.mkdir()
    result = linter.check_file(str(folder))
    assert result.error and [f.rule_id for f in result.findings] == ["GK901"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_an_unreadable_file_by_permissions(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    locked = folder / "locked.txt"
    locked.write_text(GOOD_TEXT, encoding="utf-8")
    locked.chmod(0)
    (folder / "good.txt").write_text(GOOD_TEXT, encoding="utf-8")
    _, files = run_cli(str(folder))
    assert only_rule(files["locked.txt"])["rule"] == "GK901"
    assert_good_checked(files)


def test_a_file_deleted_during_a_run(tmp_path, monkeypatch):
    """gklint check: the second file vanishes while the first is checked."""
    from gklint.engine import Linter

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a_good.txt").write_text(GOOD_TEXT, encoding="utf-8")
    (folder / "b_gone.txt").write_text(GOOD_TEXT, encoding="utf-8")
    real = Linter.check_file

    def check_and_delete_next(self, path, *args, **kwargs):
        if path.endswith("a_good.txt"):
            os.unlink(folder / "b_gone.txt")
        return real(self, path, *args, **kwargs)

    monkeypatch.setattr(Linter, "check_file", check_and_delete_next)
    _, files = run_cli(str(folder))
    assert GOOD_RULES <= {f["rule"] for f in files["a_good.txt"]["findings"]}
    finding = only_rule(files["b_gone.txt"])
    assert finding["rule"] == "GK901"


def test_a_file_deleted_during_an_audit(tmp_path):
    """gklint audit with worker processes: the file is deleted after it was
    listed and before a worker reads it; the worker reports GK901."""
    from gklint.batch.process import ProcessExecutor
    from gklint.batch.run import run
    from gklint.config import Config

    folder = tmp_path / "in"
    folder.mkdir()
    paths = []
    for name in ("a.txt", "b_gone.txt", "c.txt"):
        (folder / name).write_text(GOOD_TEXT, encoding="utf-8")
        paths.append(str(folder / name))

    def delete_before_start(path):
        if path.endswith("b_gone.txt"):
            os.unlink(path)

    executor = ProcessExecutor(Config(), jobs=1, timeout=120, on_start=delete_before_start)
    results = {Path(r.path).name: r for r in run(paths, executor).done()}
    assert sorted(results) == ["a.txt", "b_gone.txt", "c.txt"]
    assert [f.rule_id for f in results["b_gone.txt"].findings] == ["GK901"]
    for name in ("a.txt", "c.txt"):
        assert GOOD_RULES <= {f.rule_id for f in results[name].findings}


def test_a_path_that_does_not_exist(tmp_path, capsys):
    assert main(["check", str(tmp_path / "missing.txt")]) == 2
    assert "missing.txt" in capsys.readouterr().err


# -- rule packs -----------------------------------------------------------------------

def _pack(tmp_path: Path, text: str, name: str = "pack.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


def test_a_rule_pack_with_a_yaml_syntax_error(tmp_path, capsys):
    pack = _pack(tmp_path, """
        rules:
          - id: GK801
            kind: existence
            pattern: [unclosed
            message: 坏
        """)
    assert main(["check", "--pack", str(pack), str(SEED_004)]) == 2
    err = capsys.readouterr().err
    assert f"{pack}:5:" in err and "YAML" in err, err  # file:line:column of the problem


def test_a_rule_pack_with_an_unknown_rule_kind(tmp_path, capsys):
    pack = _pack(tmp_path, """
        rules:
          - id: GK801
            name: fine
            kind: no-such-kind
            pattern: 冇
        """)
    assert main(["check", "--pack", str(pack), str(SEED_004)]) == 2
    err = capsys.readouterr().err
    assert f"{pack}:4:5" in err and "no-such-kind" in err and "existence" in err, err


def test_a_rule_pack_with_a_bad_regex(tmp_path, capsys):
    pack = _pack(tmp_path, """
        rules:
          - id: GK801
            kind: existence
            pattern: '(unbalanced'
        """)
    assert main(["check", "--pack", str(pack), str(SEED_004)]) == 2
    err = capsys.readouterr().err
    assert f"{pack}:2:" in err and "GK801" in err and "regex" in err, err


def test_a_catastrophic_regex_is_stopped_and_the_run_goes_on(tmp_path):
    """'(a+)+$' on 'aaaa…b' backtracks for ever: the time limit stops it on
    that file (GK990), the other rules still report, the other files too."""
    pack = _pack(tmp_path, """
        rules:
          - id: GK801
            kind: existence
            name: catastrophic
            pattern: '(a+)+$'
            message: 不会匹配
        """)
    config = _pack(tmp_path, "regex-timeout: 0.3\n", "cfg.yaml")
    text = SEED_000.read_text(encoding="utf-8") + "\n" + "a" * 5000 + "b\n"
    code, bad, files = batch(tmp_path, "evil.txt", text.encode("utf-8"),
                             "--pack", str(pack), "--config", str(config))
    stopped = [f for f in bad["findings"] if f["rule"] == "GK990"]
    assert len(stopped) == 1 and "GK801" in stopped[0]["message"] and "0.3" in stopped[0]["message"]
    assert "GK301" in {f["rule"] for f in bad["findings"]}  # seed 000's 冇 still found
    assert code == 1


# -- plugins --------------------------------------------------------------------------

@pytest.fixture
def plugin_dir(tmp_path, monkeypatch):
    """A folder on sys.path for plugin modules; they are forgotten afterwards."""
    folder = tmp_path / "plugins"
    folder.mkdir()
    monkeypatch.syspath_prepend(str(folder))
    before = set(sys.modules)
    yield folder
    for name in set(sys.modules) - before:
        if name.startswith("gk_test_"):
            del sys.modules[name]


def test_a_plugin_that_raises_on_import(tmp_path, plugin_dir, capsys):
    (plugin_dir / "gk_test_broken.py").write_text("raise RuntimeError('boom at import')\n")
    (tmp_path / "seed000.txt").write_bytes(SEED_000.read_bytes())
    code, files = run_cli("--plugin", "gk_test_broken", str(tmp_path / "seed000.txt"))
    err = capsys.readouterr().err
    assert "gk_test_broken" in err and "boom at import" in err and "Traceback" not in err
    # Its rules would silently not run: a configuration error, nothing checked (issue 17).
    assert code == 2 and files == {}


def test_a_plugin_that_calls_sys_exit_on_import(tmp_path, plugin_dir, capsys):
    """A module that parses its own command line at import (SystemExit)."""
    (plugin_dir / "gk_test_exits.py").write_text("import sys\nsys.exit(3)\n")
    (tmp_path / "seed000.txt").write_bytes(SEED_000.read_bytes())
    code, files = run_cli("--plugin", "gk_test_exits", str(tmp_path / "seed000.txt"))
    assert code == 2 and files == {} and "gk_test_exits" in capsys.readouterr().err


_RAISING_RULE = """
from gklint import hookimpl
from gklint.findings import Severity
from gklint import Rule


class Fragile(Rule):
    \"\"\"What it finds: nothing; it fails on one kind of file.\"\"\"
    id, name, severity, summary = "GK801", "fragile", Severity.WARNING, "测试规则"

    def check(self, doc, ctx):
        if "安泽县" in doc.text:
            {failure}
        return []


@hookimpl
def gklint_rules(config):
    return [Fragile()]
"""


@pytest.mark.parametrize("failure", ["raise ValueError('bad cell')", "raise SystemExit(4)"])
def test_a_plugin_rule_that_raises_on_one_file(tmp_path, plugin_dir, failure):
    """GK990 for that file only; the other rules still ran on it, and the good
    file was checked by every rule, the plugin's included."""
    module = "gk_test_fragile_" + failure.split("(")[0].split()[-1].lower()
    (plugin_dir / f"{module}.py").write_text(_RAISING_RULE.replace("{failure}", failure))
    assert "安泽县" in SEED_000.read_text(encoding="utf-8") and "安泽县" not in GOOD_TEXT
    code, bad, files = batch(tmp_path, "seed000.txt", SEED_000.read_bytes(), "--plugin", module)
    failed = [f for f in bad["findings"] if f["rule"] == "GK990"]
    assert len(failed) == 1 and "GK801" in failed[0]["message"], bad["findings"]
    assert "GK301" in {f["rule"] for f in bad["findings"]}
    assert not bad["unreadable"] and code == 1


# -- configuration --------------------------------------------------------------------

@pytest.mark.parametrize("name,text", [
    (".gklint.yaml", "select: [GK2]\nfial-on: error\n"),
    ("pyproject.toml", "[tool.gklint]\nselect = ['GK2']\nfial-on = 'error'\n"),
])
def test_a_config_file_with_an_unknown_key(tmp_path, monkeypatch, capsys, name, text):
    (tmp_path / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["check", str(SEED_004)]) == 2
    err = capsys.readouterr().err
    assert "fial-on" in err and name in err and "fail-on" in err, err


def test_two_rules_with_the_same_id(tmp_path, capsys):
    pack = _pack(tmp_path, """
        rules:
          - id: GK301
            kind: existence
            pattern: 冇
        """)
    assert main(["check", "--pack", str(pack), str(SEED_004)]) == 2
    err = capsys.readouterr().err
    assert "GK301" in err and str(pack) in err and "core.yaml" in err, err
