"""Property tests across formats: random bytes under every supported
extension, and mutated .docx zips, PDFs and HTML pages built from the seeds.

The property is the one of test_fuzz_text.py (see fuzz_support.assert_sound):
findings or one GK9xx finding, never an exception, same output every time.
Tests of a format whose reader is not installed are skipped with the reason
(pytest.importorskip), never silently passed.
"""
from __future__ import annotations

import io
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import FUZZ_EXAMPLES, SEEDS
from helpers import assert_read
from fuzz_support import (EXTENSIONS, assert_sound, mutated_bytes, mutated_seed_text,
                          nasty_text, rezip, seed_document)

SEED_TEXTS = {p.name: p.read_text(encoding="utf-8") for p in SEEDS}
FIRST_SEED = SEED_TEXTS[sorted(SEED_TEXTS)[0]]

MAGIC = {".docx": b"PK\x03\x04", ".pdf": b"%PDF-1.7\n", ".html": b"<!DOCTYPE html><html>",
         ".txt": b"\xef\xbb\xbf", ".md": b"# "}


def _reader(name: str):
    return pytest.importorskip(f"gklint.readers.{name}",
                               reason=f"gklint/readers/{name}.py is not written yet")


@pytest.fixture(scope="module")
def docx_reader():
    return _reader("docx")


@pytest.fixture(scope="module")
def pdf_reader():
    return _reader("pdf")


@pytest.fixture(scope="module")
def html_reader():
    return _reader("html")


@pytest.fixture(scope="module")
def seed_docx(docx_reader) -> bytes:
    return seed_document("docx", FIRST_SEED)


@pytest.fixture(scope="module")
def seed_pdf(pdf_reader) -> bytes:
    return seed_document("pdf", FIRST_SEED)


# -- the documents the mutations start from ----------------------------------------

@pytest.mark.parametrize("fmt", ["docx", "pdf", "html"])
def test_the_documents_the_mutations_start_from_are_read_as_their_text(linter, fmt):
    """"Never an exception" holds as well for a reader that refuses every
    file (one GK9xx): the unmutated document each mutation starts from must
    be read as the report it was made from, with the sections and tables of
    its text and no GK9xx."""
    _reader(fmt)
    text = assert_read(linter.check_bytes("report.txt", FIRST_SEED.encode("utf-8")))
    document = assert_read(linter.check_bytes(f"report.{fmt}", seed_document(fmt, FIRST_SEED)))
    assert document.meta["sections"] == text.meta["sections"]
    assert set(document.meta["tables"]) == set(text.meta["tables"])


# -- any bytes, any extension -------------------------------------------------

@given(data=st.binary(max_size=8192), ext=st.sampled_from(EXTENSIONS))
def test_random_bytes_under_every_extension(linter, data, ext):
    assert_sound(linter, "random" + ext, data)


@given(tail=st.binary(max_size=4096), ext=st.sampled_from(EXTENSIONS))
def test_random_bytes_behind_the_right_magic_number(linter, tail, ext):
    """Past the first sniff: the header says docx/pdf/html, the rest is noise."""
    assert_sound(linter, "random" + ext, MAGIC[ext] + tail)


@given(text=mutated_seed_text(SEED_TEXTS), ext=st.sampled_from([".docx", ".pdf"]))
@settings(max_examples=FUZZ_EXAMPLES // 2)
def test_text_renamed_to_a_binary_extension(linter, text, ext):
    """A plain-text report saved as .docx or .pdf must be refused or read, not crash."""
    result = assert_sound(linter, "report" + ext, text.encode("utf-8"))
    if ext in (".docx", ".pdf") and ext in _registered(linter):
        assert result.error and result.findings[0].rule_id == "GK903"


def _registered(linter) -> set[str]:
    return {ext for ext, reader in linter.readers.items() if reader.name != "text"}


# -- .docx ----------------------------------------------------------------------

@given(data=st.data())
@settings(max_examples=FUZZ_EXAMPLES)
def test_byte_mutated_docx(linter, seed_docx, data):
    assert_sound(linter, "report.docx", data.draw(mutated_bytes(seed_docx)))


@st.composite
def _xml_mutation(draw, xml: bytes) -> bytes:
    text = xml.decode("utf-8")
    op = draw(st.sampled_from(["drop_tags", "inject_text", "bytes", "deep", "truncate"]))
    if op == "drop_tags":
        for tag in draw(st.lists(st.sampled_from(["<w:tr>", "</w:tr>", "<w:tc>", "</w:tc>",
                                                  "</w:p>", "<w:tbl>", "</w:body>"]),
                                 min_size=1, max_size=4)):
            text = text.replace(tag, "", draw(st.integers(1, 5)))
    elif op == "inject_text":
        junk = draw(nasty_text).replace("\x00", "")
        from xml.sax.saxutils import escape
        text = text.replace("</w:t>", escape(junk) + "</w:t>", draw(st.integers(1, 50)))
    elif op == "deep":
        depth = draw(st.integers(100, 5000))
        nest = "<w:tbl><w:tr><w:tc>" * depth + "<w:p/>" + "</w:tc></w:tr></w:tbl>" * depth
        text = text.replace("<w:body>", "<w:body>" + nest, 1)
    elif op == "truncate":
        text = text[:draw(st.integers(0, len(text)))]
    else:
        return draw(mutated_bytes(xml))
    return text.encode("utf-8")


@given(data=st.data())
@settings(max_examples=FUZZ_EXAMPLES)
def test_zip_member_mutated_docx(linter, seed_docx, data):
    with zipfile.ZipFile(io.BytesIO(seed_docx)) as z:
        names = z.namelist()
        xml = z.read("word/document.xml")
    op = data.draw(st.sampled_from(["xml", "drop", "garbage", "xml", "duplicate"]))
    if op == "xml":
        mutated = rezip(seed_docx, replace={"word/document.xml": data.draw(_xml_mutation(xml))})
    elif op == "drop":
        mutated = rezip(seed_docx, drop=tuple(data.draw(st.lists(st.sampled_from(names),
                                                                  min_size=1, max_size=3))))
    elif op == "garbage":
        member = data.draw(st.sampled_from(names))
        mutated = rezip(seed_docx, replace={member: data.draw(st.binary(max_size=2048))})
    else:  # the same member name twice, the second one different
        import warnings
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # zipfile warns about the duplicate name
            mutated = rezip(seed_docx, add={"word/document.xml": data.draw(_xml_mutation(xml))})
    assert_sound(linter, "report.docx", mutated)


# -- .pdf -------------------------------------------------------------------------

@given(data=st.data())
@settings(max_examples=FUZZ_EXAMPLES)
def test_byte_mutated_pdf(linter, seed_pdf, data):
    assert_sound(linter, "report.pdf", data.draw(mutated_bytes(seed_pdf)))


@given(data=st.data())
@settings(max_examples=FUZZ_EXAMPLES // 2)
def test_pdf_with_damaged_structure(linter, seed_pdf, data):
    """Keywords the parser leans on (xref, trailer, stream lengths) damaged."""
    target = data.draw(st.sampled_from([b"xref", b"trailer", b"startxref", b"/Length",
                                        b"endstream", b"/Root", b"/Pages", b"obj"]))
    replacement = data.draw(st.sampled_from([b"", b"xxxx", b"/Length 999999999", b"0 0 R"]))
    count = data.draw(st.integers(1, 3))
    assert_sound(linter, "report.pdf", seed_pdf.replace(target, replacement, count))


# -- .html ------------------------------------------------------------------------

@given(text=mutated_seed_text(SEED_TEXTS),
       charset=st.sampled_from(["utf-8", "gbk", "gb2312", "big5", "latin-1", "x-unknown", ""]),
       encoding=st.sampled_from(["utf-8", "gb18030", "utf-16"]))
@settings(max_examples=FUZZ_EXAMPLES)
def test_mutated_html_pages(linter, html_reader, text, charset, encoding):
    from fuzz_support import make_html

    page = make_html(text, charset=charset or None)
    assert_sound(linter, "report.html", page.encode(encoding, "replace"))


@given(depth=st.integers(10, 20000), tag=st.sampled_from(["div", "table", "span", "td", "b"]),
       inner=nasty_text)
@settings(max_examples=FUZZ_EXAMPLES // 3)
def test_deeply_nested_html(linter, html_reader, depth, tag, inner):
    page = "<html><body>" + f"<{tag}>" * depth + inner + f"</{tag}>" * (depth // 2) + \
        "</body></html>"
    assert_sound(linter, "deep.html", page.encode("utf-8", "surrogatepass"))


@given(data=st.data())
@settings(max_examples=FUZZ_EXAMPLES // 2)
def test_byte_mutated_html(linter, html_reader, data):
    page = seed_document("html", FIRST_SEED)
    assert_sound(linter, "report.html", data.draw(mutated_bytes(page)))
