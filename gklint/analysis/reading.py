"""Reading problems of a document as a whole: a fragment of a report (a page
range cut from a PDF, a text that opens inside a table) or no report at all.

Facts about the document, computed on first use and cached on it; the
reading rules (gklint.linting.checks.reading) report them, and their
``settle`` drops the findings they would cascade into.
"""
from __future__ import annotations

from typing import Optional

from ..model import Document, RawTable
from ..stash import StashKey
from .structure import UNREADABLE_TABLES

FRAGMENT = StashKey[Optional[str]]("fragment")  # why it is a fragment, or None
NOT_A_REPORT = StashKey[bool]("not_a_report")


def fragment(doc: Document) -> Optional[str]:
    """Why ``doc`` visibly holds only part of a report, or None.

    Two signs, either enough: the first page is printed with a number
    other than 1 (a page range cut from a PDF: "- 4 -"), or the text opens
    inside a table (its first block is a table and no report title or
    一、总体情况 comes before it).
    """
    cached = doc.stash.get(FRAGMENT, False)
    if cached is not False:
        return cached
    reason = None
    printed = doc.meta.get("printed_page_numbers") or {}
    if printed:
        first_page = min(printed)
        number = printed[first_page] - (first_page - 1)
        if number > 1:
            reason = f"第一页印的页码是{printed[first_page]}"
    if reason is None:
        first = next(iter(doc.blocks), None)
        if isinstance(first, RawTable) and doc.section(1) is None and first.rows \
                and not _titled(first):
            reason = "文件以表格的中间部分开头"
    doc.stash[FRAGMENT] = reason
    return reason


def _titled(table: RawTable) -> bool:
    """A report laid out in a table from its first line: the title is in it."""
    head = "".join(c.text for row in table.rows[:3] for c in row)
    return "报告" in head or "总体情况" in head


def not_a_report(doc: Document) -> bool:
    """No sign at all of an annual report: no section heading, no table of
    the form (readable or not), and no mention of 政府信息公开."""
    if doc.stash.get(NOT_A_REPORT, None) is None:
        doc.stash[NOT_A_REPORT] = (not doc.sections and not doc.tables
                                   and not doc.stash.get(UNREADABLE_TABLES, None)
                                   and "政府信息公开" not in doc.text.replace(" ", ""))
    return doc.stash[NOT_A_REPORT]
