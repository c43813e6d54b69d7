"""Input readers: bytes of one file in, a :class:`gklint.model.Document` out.

Each reader is registered through the ``gklint_readers`` hook.  A reader
raises :class:`ReadError` with a GK9xx rule id and a Chinese message for a
file it cannot read; the engine turns it into one finding for that file.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Optional

from ..model import Document


class ReadError(Exception):
    """A file that cannot be read as a report.  ``rule_id`` is a GK9xx id."""

    def __init__(self, rule_id: str, message: str, detail: str = "") -> None:
        super().__init__(message)
        self.rule_id = rule_id
        self.message = message
        self.detail = detail


@dataclass
class ReadOptions:
    max_bytes: int = 200 * 1024 * 1024  # refuse larger input files
    max_unpacked_bytes: int = 300 * 1024 * 1024  # docx/zip decompression cap
    max_pages: int = 2000
    # The longest real reports are ~200 000 characters; text far beyond that
    # is not a report and would cost minutes and gigabytes (50 MB: 60 s, 2 GB).
    max_text_chars: int = 2_000_000


_MB = 1024 * 1024


def check_size(data: bytes, options: ReadOptions) -> None:
    """Refuse a file larger than ``max-file-mb`` (GK907) before reading it."""
    if len(data) > options.max_bytes:
        raise ReadError("GK907", f"文件过大（{len(data) // _MB} MB），超过上限 "
                        f"{options.max_bytes // _MB} MB，未检查")


def check_input(data: bytes, options: ReadOptions) -> None:
    """The one input check of the binary readers: an empty file (only
    whitespace: GK902), then one too large (GK907)."""
    if not data.strip():
        raise ReadError("GK902", "文件为空（0字节），没有可检查的报告内容")
    check_size(data, options)


def check_text_length(chars: int, options: ReadOptions) -> None:
    """Refuse text too long to be a report (GK907) before it is analysed."""
    if chars > options.max_text_chars:
        raise ReadError("GK907", f"文字过多（约 {chars // 10000} 万字），超过上限 "
                        f"{options.max_text_chars // 10000} 万字，不像是一份年度报告，未检查")


@dataclass
class Reader:
    name: str
    extensions: tuple[str, ...]
    read: Callable[[str, bytes, ReadOptions], Document]
    # The pip extra that provides this reader's libraries, if optional.
    extra: Optional[str] = None
    # Returns None when usable, or the missing module's name.
    missing: Callable[[], Optional[str]] = field(default=lambda: None)


def missing_module(module: str, shown: str) -> Optional[str]:
    """None when the optional library ``module`` imports, else ``shown``,
    the name a GK906/GK910 finding gives for what to install."""
    import importlib

    try:
        importlib.import_module(module)
    except ImportError:
        return shown
    return None
