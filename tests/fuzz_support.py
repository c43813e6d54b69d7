"""Helpers for the robustness suites: the soundness property, text mutations,
and small builders for .docx / .html / .pdf inputs.

The property every input must satisfy (``assert_sound``):

* ``Linter.check_bytes`` returns a FileResult, never raises;
* every finding names a known rule, a severity, a Chinese message, the file;
* an unreadable file gets exactly one GK9xx finding and ``error=True``;
* no rule and no analysis raises (GK990, which the engine makes of an
  exception so that a run goes on, is a bug here, not an accepted outcome;
  only the time budget of a regular expression may end in one);
* locations point inside the text the rules saw;
* the same bytes give the same findings, in the same order, every time.
"""
from __future__ import annotations

import io
import zipfile
from typing import Optional

from hypothesis import strategies as st

from gklint.engine import FileResult, Linter
from gklint.findings import Finding, Severity

EXTENSIONS = (".txt", ".md", ".docx", ".html", ".pdf")


# -- the property ------------------------------------------------------------

def result_signature(result: FileResult) -> tuple:
    """Everything observable about a result except its timing."""
    return (result.path, result.format, result.error, repr(sorted(result.meta.items())),
            tuple(_finding_signature(f) for f in result.findings))


def _finding_signature(f: Finding) -> tuple:
    fix = tuple((e.span.start, e.span.end, e.replacement) for e in f.fix)
    return (repr(f.to_dict()), f.span and (f.span.start, f.span.end), fix, f.occurrence)


def assert_sound(linter: Linter, name: str, data: bytes) -> FileResult:
    """Check ``data`` as file ``name`` twice and assert the robustness property."""
    first = linter.check_bytes(name, data)
    assert isinstance(first, FileResult)
    for f in first.findings:
        _assert_finding_sound(linter, name, f)
    crashed = [f.message for f in first.findings if f.rule_id == "GK990" and "运行过久" not in f.message]
    assert crashed == [], crashed
    if first.error:
        assert len(first.findings) == 1, first.findings
        assert first.findings[0].rule_id.startswith("GK9"), first.findings[0]
    again = linter.check_bytes(name, data)
    assert result_signature(again) == result_signature(first), "same input, different output"
    _assert_locations_inside(linter, name, data, first)
    return first


def _assert_finding_sound(linter: Linter, name: str, f: Finding) -> None:
    assert f.rule_id in linter.all_rules, f.rule_id
    assert isinstance(f.severity, Severity)
    assert isinstance(f.message, str) and f.message.strip(), f
    assert f.path == name
    if f.span is not None:
        assert 0 <= f.span.start <= f.span.end, f
    for edit in f.fix:
        assert 0 <= edit.span.start <= edit.span.end, f
    loc = f.location
    for value in (loc.line, loc.column, loc.page, loc.paragraph):
        assert value is None or value >= 1, f


def _assert_locations_inside(linter: Linter, name: str, data: bytes, result: FileResult) -> None:
    """Spans and lines of a readable text file lie inside the text the rules saw."""
    if result.error or result.format not in ("txt", "md"):
        return
    doc = linter.readers[".txt"].read(name, data, linter.read_options)
    nlines = doc.text.count("\n") + 1
    for f in result.findings:
        if f.span is not None:
            assert f.span.end <= len(doc.text), f
        for edit in f.fix:
            assert edit.span.end <= len(doc.text), f
        if f.location.line is not None:
            assert f.location.line <= nlines, f


def render_all(linter: Linter, results: list[FileResult]) -> dict[str, str]:
    """Run every built-in formatter over ``results``; return their output."""
    from gklint.formatters import FORMATTERS

    out = {}
    for name, formatter in FORMATTERS.items():
        stream = io.StringIO()
        formatter(results, stream, {"rules": linter.rules, "version": "test", "color": False,
                                    "plugin_errors": [], "root": "/", "sources": {}})
        out[name] = stream.getvalue()
    return out


# -- text mutations around the seeds ----------------------------------------

# Characters that break naive text handling: controls, bidi and zero-width
# marks, combining marks, private use, non-BMP, odd line separators, digits
# of other scripts, full-width forms, the replacement character.
NASTY_CHARS = (
    "\x00\x01\x07\x08\x0b\x0c\x1b\x1c\x1d\x1e\x1f\x7f\x85\xa0\xad"
    "\u0300\u0301\u0336\u034f\u20dd\u200b\u200c\u200d\u200e\u200f\u202a\u202e\u2028\u2029"
    "\u2060\u2066\u3000\ufeff\ufffc\ufffd\ue000\uf8ff\U000f0000\U0010fffd"
    "\U0001f600\U0001d7ce\u0663\u0966\uff10\uff19\u3007\u4e00\u5341\u7a7a"
    "\t\n\r|/／—－、（）()【】XX××□_{}"
)

nasty_text = st.text(
    alphabet=st.one_of(st.sampled_from(NASTY_CHARS),
                       st.characters(codec="utf-8"),
                       st.characters(categories=["Mn", "Me", "Co", "Cc", "Cf", "Zl", "Zp", "Nd"])),
    max_size=40,
)

numbers = st.one_of(
    st.integers(-10**6, 10**30).map(str),
    st.decimals(allow_nan=False, allow_infinity=False, places=3).map(str),
    st.sampled_from(["", " ", "/", "—", "无", "0", "00", "1,000", "1，000", "１２", "٣", "𝟘",
                     "1e5", "NaN", "Infinity", "-0", "1.", ".5", "1" * 400, "9" * 5000]),
)


def _mutate_line(line: str, op: str, arg: str, pick: int) -> list[str]:
    if op == "delete":
        return []
    if op == "duplicate":
        return [line, line]
    if op == "replace":
        return [arg]
    if op == "insert":
        cut = pick % (len(line) + 1)
        return [line[:cut] + arg + line[cut:]]
    if op == "cells" and "\t" in line:
        cells = line.split("\t")
        i = pick % len(cells)
        j = (pick // 7) % len(cells)
        cells[i], cells[j] = cells[j], cells[i]
        if pick % 3 == 0:
            cells[i] = arg
        elif pick % 3 == 1:
            del cells[j]
        return ["\t".join(cells)]
    if op == "long":
        return [line + (arg[:4] or "很") * (1000 + pick % 8000)]
    return [line]


line_ops = st.lists(
    st.tuples(st.integers(0, 10**6),
              st.sampled_from(["delete", "duplicate", "replace", "insert", "cells", "long"]),
              st.one_of(nasty_text, numbers),
              st.integers(0, 10**6)),
    max_size=12,
)


@st.composite
def mutated_seed_text(draw, seeds: dict[str, str]) -> str:
    """A seed report with lines deleted, duplicated, replaced, garbled, table
    cells shuffled, dropped or replaced, and very long lines."""
    text = seeds[draw(st.sampled_from(sorted(seeds)))]
    lines = text.split("\n")
    for index, op, arg, pick in draw(line_ops):
        if not lines:
            lines = [arg]
            continue
        i = index % len(lines)
        lines[i:i + 1] = _mutate_line(lines[i], op, arg, pick)
    if draw(st.booleans()):  # shuffle whole lines in one region
        i = draw(st.integers(0, max(0, len(lines) - 1)))
        region = lines[i:i + 8]
        lines[i:i + 8] = draw(st.permutations(region))
    return "\n".join(lines)


ENCODINGS = ("utf-8", "utf-8-sig", "gb18030", "gbk", "big5", "utf-16", "utf-16-le", "utf-16-be",
             "utf-32", "shift_jis", "latin-1", "cp1252", "koi8-r", "euc-kr")


@st.composite
def encoded(draw, text_strategy) -> bytes:
    """Text encoded in one of many encodings (lossy where it cannot be encoded),
    sometimes as UTF-8 carrying lone surrogates, sometimes with bytes flipped,
    or two encodings mixed in one file."""
    text = draw(text_strategy)
    how = draw(st.sampled_from(["plain", "plain", "surrogates", "mixed", "flip", "crlf"]))
    enc = draw(st.sampled_from(ENCODINGS))
    if how == "surrogates":
        cut = draw(st.integers(0, len(text)))
        lone = draw(st.sampled_from(["\ud800", "\udfff", "\udc80\udcff", "\ud83d"]))
        return (text[:cut] + lone + text[cut:]).encode("utf-8", "surrogatepass")
    if how == "mixed":
        cut = draw(st.integers(0, len(text)))
        other = draw(st.sampled_from(ENCODINGS))
        return text[:cut].encode(enc, "replace") + text[cut:].encode(other, "replace")
    data = text.encode(enc, "replace")
    if how == "crlf":
        data = data.replace(b"\n", draw(st.sampled_from([b"\r\n", b"\r", b"\n\r"])))
    if how == "flip" and data:
        buf = bytearray(data)
        for pos, value in draw(st.lists(st.tuples(st.integers(0, len(buf) - 1),
                                                  st.integers(0, 255)), max_size=20)):
            buf[pos] = value
        data = bytes(buf)
    return data


# -- byte-level mutations of binary formats ---------------------------------

@st.composite
def mutated_bytes(draw, original: bytes) -> bytes:
    """Truncated, bit-flipped, spliced or chunk-duplicated copies of ``original``."""
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["truncate", "flip", "splice", "duplicate", "zero"]))
        if not data:
            break
        pos = draw(st.integers(0, len(data) - 1))
        if op == "truncate":
            del data[pos:]
        elif op == "flip":
            data[pos] ^= 1 << draw(st.integers(0, 7))
        elif op == "splice":
            data[pos:pos] = draw(st.binary(min_size=1, max_size=64))
        elif op == "duplicate":
            length = draw(st.integers(1, 512))
            data[pos:pos] = data[pos:pos + length]
        else:
            data[pos:pos + draw(st.integers(1, 256))] = b""
    return bytes(data)


# -- builders for other formats ---------------------------------------------

def split_report(text: str) -> list:
    """Seed text as blocks: ``("p", line)`` or ``("t", rows)`` (tab rows)."""
    blocks: list = []
    for line in text.split("\n"):
        if "\t" in line:
            row = line.strip("\n").split("\t")
            if blocks and blocks[-1][0] == "t":
                blocks[-1][1].append(row)
            else:
                blocks.append(("t", [row]))
        elif line.strip():
            blocks.append(("p", line.strip()))
    return blocks


def make_docx(text: str) -> bytes:
    """A .docx of the report: paragraphs and real Word tables (python-docx)."""
    import docx

    document = docx.Document()
    for kind, body in split_report(text):
        if kind == "p":
            document.add_paragraph(body)
            continue
        width = max(len(r) for r in body)
        table = document.add_table(rows=len(body), cols=width)
        for r, row in enumerate(body):
            for c, cell in enumerate(row):
                table.cell(r, c).text = cell
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def make_html(text: str, charset: Optional[str] = "utf-8") -> str:
    from html import escape

    parts = ["<!DOCTYPE html><html><head>"]
    if charset:
        parts.append(f'<meta charset="{charset}">')
    parts.append("<title>年度报告</title></head><body>")
    for kind, body in split_report(text):
        if kind == "p":
            parts.append(f"<p>{escape(body)}</p>")
        else:
            rows = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>"
                           for row in body)
            parts.append(f"<table>{rows}</table>")
    parts.append("</body></html>")
    return "\n".join(parts)


def make_pdf(text: str, max_lines: int = 400) -> bytes:
    """A text PDF of the report's lines (reportlab, built-in CJK font)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=A4, invariant=1)
    y = 800
    for line in text.split("\n")[:max_lines]:
        pdf.setFont("STSong-Light", 9)
        pdf.drawString(30, y, line.replace("\t", "    ")[:90])
        y -= 12
        if y < 40:
            pdf.showPage()
            y = 800
    pdf.save()
    return buf.getvalue()


def rezip(original: bytes, replace: dict[str, bytes] = (), drop: tuple[str, ...] = (),
          add: dict[str, bytes] = ()) -> bytes:
    """A copy of a zip with members replaced, dropped or added."""
    replace, add = dict(replace), dict(add)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(original)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename in drop:
                continue
            dst.writestr(info.filename, replace.get(info.filename, src.read(info.filename)))
        for name, data in add.items():
            dst.writestr(name, data)
    return out.getvalue()


def seed_document(fmt: str, text: str) -> bytes:
    """The seed as a .docx/.html/.pdf file: the richer generators of
    tests/makefiles.py when they are there and work, else the simple ones here."""
    import os
    import tempfile

    try:
        import makefiles

        make = getattr(makefiles, f"seed_to_{fmt}")
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, f"seed.{fmt}")
            make(path, text)
            with open(path, "rb") as fh:
                return fh.read()
    except Exception:  # generator missing or still in progress: use ours
        pass
    if fmt == "docx":
        return make_docx(text)
    if fmt == "pdf":
        return make_pdf(text)
    return make_html(text).encode("utf-8")
