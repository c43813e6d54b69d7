"""What a file really is, from its first bytes rather than its name.

Inspectors receive .pdf files that are Word documents, .doc files that are
.docx, RTF or a web page Word saved, .wps files that are .doc or .docx.
:func:`actual_extension` names the reader the content needs; the engine
reads the file with it and notes the mismatch (GK912, info).  Only clear
signatures count (a ZIP's part names, the OLE, PDF and RTF headers, an HTML
start); anything else is left to the reader of the file's extension, which
reports it as before.
"""
from __future__ import annotations

import io
import zipfile
from typing import Optional

from .container import OLE_MAGIC

_WORD_STREAM = "WordDocument".encode("utf-16-le")
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
# Extensions of one kind of content: no note when a file is named by another of them.
_SAME = {".htm": ".html", ".wps": ".doc", ".docm": ".docx"}
# Text files are sniffed for binary containers only: a .txt holding markup
# is read as the text it is.
_TEXT = (".txt", ".md")


ZIP_MAGIC = b"PK\x03\x04"
_LEADING = b"\xef\xbb\xbf \t\r\n"  # a BOM or blank lines before RTF or markup


def head_kind(data: bytes, strict: bool = True) -> Optional[str]:
    """What the first bytes of ``data`` say it is: "zip", "ole", "pdf",
    "rtf", "html" or None; the one place that reads these signatures.

    ``strict`` counts a page as HTML only when it starts as one: the engine
    reroutes by it, and a .txt quoting "<html" is still text.  Loose (for a
    reader's refusal message) also counts "<html" anywhere in the first
    kilobyte and the namespace of a page Word saved.
    """
    if data.startswith(ZIP_MAGIC):
        return "zip"
    if data.startswith(OLE_MAGIC):
        return "ole"
    if b"%PDF-" in data[:1024]:  # pdfium finds the header anywhere in the first KB
        return "pdf"
    start = data[:4096].lstrip(_LEADING)
    if start.startswith(b"{\\rtf"):
        return "rtf"
    lowered = start[:1024].lower()
    if strict:
        html = lowered.startswith((b"<!doctype html", b"<html")) or (
            lowered.startswith(b"<?xml") and b"<html" in lowered)
    else:
        html = any(mark in lowered for mark in (
            b"<html", b"<!doctype html", b"urn:schemas-microsoft-com"))
    return "html" if html else None


def content_kind(data: bytes) -> Optional[str]:
    """The extension the content of ``data`` calls for, or None when unclear."""
    kind = head_kind(data)
    if kind == "zip":
        return _zip_kind(data)
    if kind == "ole":
        if _ENCRYPTED_STREAM in data[:65536]:
            return None  # an encrypted .docx: the .docx reader says so (GK904)
        return ".doc" if _WORD_STREAM in data else None
    return "." + kind if kind else None


def _zip_kind(data: bytes) -> Optional[str]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = {n.lower(): n for n in archive.namelist()}
            if "word/document.xml" in names:
                return ".docx"
            if "ofd.xml" in names:
                return ".ofd"
            mimetype = names.get("mimetype")
            if mimetype and archive.getinfo(mimetype).file_size < 200:
                kind = archive.read(mimetype).strip()
                if kind == b"application/vnd.oasis.opendocument.text":
                    return ".odt"
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, NotImplementedError):
        return None  # damaged: the extension's reader reports it
    return None


def actual_extension(ext: str, data: bytes, readers: dict) -> Optional[str]:
    """The extension to read ``data`` as when its content is another kind
    than ``ext`` says and a reader exists for it; None to read it as named."""
    if ext in _TEXT and data[:5].lower().startswith((b"<!doc", b"<html", b"{\\rtf")):
        return None
    kind = content_kind(data)
    if kind is None or kind == _SAME.get(ext, ext) or kind not in readers:
        return None
    if ext == ".wps" and kind == ".doc":
        return None
    return kind
