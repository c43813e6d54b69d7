"""GK660: pages of a PDF or OFD that gave no text.

A reading problem, not a defect of the report: the reader found pages with
no text layer (a scanned page, or a blank one) or pages it could not read at
all (damaged), and read the rest.  gklint says so once per file, naming the
pages, and does not guess what they held.
"""
from __future__ import annotations

from typing import Iterable

from ...findings import Finding, Severity
from ...model import Document, Location
from ..rule import Rule


def page_list(pages: list[int], shown: int = 10) -> str:
    """第3、5、8页 (past ``shown`` pages: the first ones and how many more)."""
    text = "、".join(str(p) for p in pages[:shown])
    more = f"等{len(pages)}页" if len(pages) > shown else "页"
    return f"第{text}{more}"


class PagesNotRead(Rule):
    """What it finds:
    PDF 或 OFD 报告中没有读出文字的页面：没有文字层的页面（在文字版 PDF 中夹入的
    扫描图片页，或空白页），以及损坏到无法读取的页面。每个文件报告一次，列出这些
    页码，位置在第一个这样的页面；其余页面照常读取和核对。

    Why it matters:
    这些页面上的内容（常常是从纸质件扫描的统计表，或落款页）所有检查都看不到：
    其中缺少的部分、不平衡的合计都无法发现。gklint 不猜测这些页面写了什么。

    Example:
    一份9页的 PDF，第5页（表三，从打印件扫描）是图片：第5页没有可提取的文字。

    Fix:
    从原文档直接导出 PDF，不要把扫描页插入其中；或对这些页面做文字识别（OCR）；
    文件损坏的，修复或重新下载。有意留白的页面可以不理会。
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
