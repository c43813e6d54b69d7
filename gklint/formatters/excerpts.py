"""Source lines of the files checked, for the excerpts formatters print
beside a finding (terminal, dashboard, audit summary).

Formatters, the CLI and batch runs share this one reader, so an excerpt is
read the same way everywhere and no formatter imports the CLI.
"""
from __future__ import annotations

from typing import Optional


class SourceLines(dict):
    """Source lines of text files, read on demand for terminal snippets."""

    def get(self, path, default=None):
        if path not in self:
            self[path] = _read_lines(path)
        return dict.get(self, path, default)


def has_text_lines(path: str) -> bool:
    """Is ``path`` a format whose excerpts are its own source lines?"""
    return path.lower().endswith((".txt", ".md", ".markdown", ".text", ".html", ".htm"))


def _read_lines(path: str) -> Optional[list[str]]:
    if not has_text_lines(path):
        return None
    try:
        with open(path, "rb") as fh:
            data = fh.read(20 * 1024 * 1024)
    except OSError:
        return None
    return split_lines(data)


def split_lines(data: bytes) -> list[str]:
    """The lines of a text report's bytes, decoded as the text reader does."""
    from ..readers.text import decode_bytes

    text = decode_bytes(data)[0]
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
