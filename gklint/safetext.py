"""Text from a submission made safe for outputs: file names and report text
reach terminals, CI logs, CSV files opened in Excel and UTF-8 files, and none
of them may be able to crash, inject into or rewrite what the inspector sees.
"""
from __future__ import annotations

import os

# C0 and C1 control characters (ESC starts terminal escape sequences; OSC 8
# makes links) except tab and newline, which the formats escape themselves.
_CONTROLS = str.maketrans({c: "\ufffd" for c in [*range(0x09), *range(0x0B, 0x20), 0x7F,
                                                 *range(0x80, 0xA0)]})
# Cells Excel or LibreOffice would run as a formula (CSV injection).
_FORMULA_HEADS = ("=", "+", "-", "@", "\t", "\r")


def display_path(path: str) -> str:
    """A file name as text that every output can encode.

    A name that is not valid UTF-8 (GBK bytes from an archive unzipped on
    Windows) comes from the file system with surrogate escapes, which no
    encoder accepts.  Its bytes are read as GB18030 when they are valid in
    it (the usual case), else with U+FFFD for the bytes that are not.
    """
    if path.isascii():
        return path
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        pass
    raw = os.fsencode(path)
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError:
        return raw.decode("utf-8", "replace")


def without_controls(text: str) -> str:
    """``text`` with control characters (ESC, BEL, C1) shown as U+FFFD."""
    return text.translate(_CONTROLS)


def csv_cell(value):
    """A CSV value that a spreadsheet shows as text, never runs as a formula
    (OWASP: prefix a quote to cells starting with = + - @ tab or CR)."""
    if isinstance(value, str) and value.startswith(_FORMULA_HEADS):
        return "'" + value
    return value
