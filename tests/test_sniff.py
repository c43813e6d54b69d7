"""What a file really is from its first bytes (gklint.readers.sniff.head_kind),
and the readers' refusals that ask it."""
from __future__ import annotations

import pytest

from gklint.readers import ReadError, ReadOptions
from gklint.readers.container import OLE_MAGIC
from gklint.readers.sniff import content_kind, head_kind

WORD_PAGE = (b'<html xmlns:o="urn:schemas-microsoft-com:office:office">'
             b"<body><p>2023\xe5\xb9\xb4</p></body></html>")


@pytest.mark.parametrize("data,strict,loose", [
    (b"PK\x03\x04rest", "zip", "zip"),
    (OLE_MAGIC + b"\0" * 64, "ole", "ole"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "pdf", "pdf"),
    (b"junk before the header %PDF-1.4\n", "pdf", "pdf"),  # pdfium looks in the first KB
    (b"\xef\xbb\xbf{\\rtf1\\ansi", "rtf", "rtf"),
    (b"\r\n<!DOCTYPE html><html>", "html", "html"),
    (b'<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml">', "html", "html"),
    (WORD_PAGE, "html", "html"),
    # A text quoting markup is not rerouted, but names it in a refusal.
    (b"\xe6\x8a\xa5\xe5\x91\x8a: <html> tag", None, "html"),
    (b"MIME-Version: 1.0\nxmlns:w=\"urn:schemas-microsoft-com:office:word\"", None, "html"),
    (b"\xe4\xb8\x80\xe3\x80\x81\xe6\x80\xbb\xe4\xbd\x93\xe6\x83\x85\xe5\x86\xb5", None, None),
    (b"", None, None),
    (b"PK", None, None),  # too short for a ZIP record
    (b"%PDF", None, None),  # a header needs its version dash
])
def test_head_kind(data, strict, loose):
    assert head_kind(data) == strict
    assert head_kind(data, strict=False) == loose


def test_content_kind_builds_on_head_kind():
    assert content_kind(b"%PDF-1.4\n") == ".pdf"
    assert content_kind(b"{\\rtf1") == ".rtf"
    assert content_kind(WORD_PAGE) == ".html"
    assert content_kind(OLE_MAGIC + b"\0" * 64) is None  # no WordDocument stream
    assert content_kind(b"PK\x03\x04not a zip") is None  # damaged: left to the reader


def _message(reader: str, data: bytes) -> str:
    if reader == "docx":
        from gklint.readers.docx import check_package as check
    elif reader == "pdf":
        from gklint.readers.pdf import _check_bytes as check
    else:
        from gklint.readers.html import _check_bytes as check
    with pytest.raises(ReadError) as caught:
        check(data, ReadOptions())
    assert caught.value.rule_id == "GK903"
    return caught.value.message


@pytest.mark.parametrize("reader,data,message", [
    ("docx", b"%PDF-1.4\n", "这是PDF文件，扩展名却是.docx；请把扩展名改为.pdf"),
    ("docx", b"{\\rtf1", "这是RTF文件，扩展名却是.docx；请在Word中“另存为”.docx后再检查"),
    ("docx", WORD_PAGE,
     "这是网页（HTML）文件，扩展名却是.docx，可能是“另存为网页”的Word文档；请另存为.docx"),
    ("docx", b"plain text",
     "不是有效的.docx文件（不是ZIP格式的Word文档），文件可能已损坏或并非Word文档"),
    ("pdf", b"PK\x03\x04" + b"\0" * 30, "这是ZIP压缩包（可能是.docx），扩展名却是.pdf"),
    ("pdf", OLE_MAGIC + b"\0" * 64, "这是旧版Office文件（如.doc），扩展名却是.pdf"),
    ("pdf", b"<!doctype html><p>x</p>", "这是网页（HTML）文件，扩展名却是.pdf"),
    ("pdf", b"plain text", "不是有效的PDF文件（缺少%PDF文件头），文件可能已损坏或并非PDF"),
    ("html", b"%PDF-1.4\n", "这是PDF文件，扩展名却是网页（.html）；请把扩展名改为.pdf"),
    ("html", b"PK\x03\x04" + b"\0" * 30, "这是ZIP压缩包（可能是.docx），扩展名却是网页（.html）"),
    ("html", OLE_MAGIC + b"\0" * 64, "这是旧版Office文件（如.doc），扩展名却是网页（.html）"),
])
def test_readers_refuse_another_kind_in_their_own_words(reader, data, message):
    assert _message(reader, data) == message
