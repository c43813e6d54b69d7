"""GK660: pages of a PDF or OFD that gave no text.

A reading problem, not a defect of the report: the reader found pages with
no text layer (a scanned page, or a blank one) or pages it could not read at
all (damaged), and read the rest.  gklint says so once per file, naming the
pages, and does not guess what they held.
"""
from __future__ import annotations

from typing import Iterable

from ..findings import Finding, Severity
from ..model import Document, Location
from ..rule import Rule


def page_list(pages: list[int], shown: int = 10) -> str:
    """第3、5、8页 (past ``shown`` pages: the first ones and how many more)."""
    text = "、".join(str(p) for p in pages[:shown])
    more = f"等{len(pages)}页" if len(pages) > shown else "页"
    return f"第{text}{more}"


class PagesNotRead(Rule):
    """What it finds:
    Pages of a PDF or OFD report that gave no text: pages with no text layer
    (a scanned image pasted into an otherwise text PDF, or a blank page) and
    pages too damaged to read. One finding per file lists them, located on
    the first; the other pages are read and checked as usual.

    Why it matters:
    Whatever those pages say (often a table scanned from paper, or the
    signature page) is invisible to every check: a missing section or a
    wrong total there cannot be found. gklint does not guess what they held.

    Example:
    A 9-page PDF whose page 5 (表三, scanned from the printed form) is an
    image: 第5页没有可提取的文字.

    Fix:
    Export the PDF from the original document instead of scanning pages into
    it, or run OCR on those pages; repair or re-download a damaged file. A
    page left blank on purpose can be ignored.
    """

    id = "GK660"
    name = "pages-not-read"
    severity = Severity.WARNING
    summary = "部分页面没有可提取的文字（扫描页、空白页）或无法读取，其内容未检查"

    def check(self, doc: Document, ctx) -> Iterable[Finding]:
        empty = doc.meta.get("pages_without_text") or []
        broken = doc.meta.get("unreadable_pages") or []
        if not empty and not broken:
            return
        parts = []
        if empty:
            parts.append(f"{page_list(empty)}没有可提取的文字（可能是扫描图像或空白页）")
        if broken:
            parts.append(f"{page_list(broken)}已损坏，无法读取")
        message = "；".join(parts) + "；这些页的内容未检查，请提供带文字层的完整文件或对扫描页做文字识别（OCR）"
        finding = self.finding(doc, message, snippet=",".join(map(str, sorted({*empty, *broken}))))
        finding.location = Location(page=min([*empty, *broken]))
        yield finding


PAGE_RULES = [PagesNotRead]
