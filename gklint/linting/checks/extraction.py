"""GK630–GK631: text lost when the report was extracted from its file.

A reading problem, not a defect of the report: the characters are in the
published file but the extraction (pdfminer, a PDF-to-text converter) could
not turn them into text.  gklint says so once per report, on the first place,
and does not guess what the lost characters were.
"""
from __future__ import annotations

from ... import rx
from ...findings import Severity
from ...model import Document, Span
from ..rule import Rule

_CID = rx.compile(r"(?:\(cid:\d{1,6}\)[^\S\n]*)+")
# Private-use code points: a PDF font's glyphs with no Unicode meaning.
_PRIVATE = rx.compile(r"[\uE000-\uF8FF]+")


class _LostText(Rule):
    pattern = _CID
    marker = ""

    def check(self, doc: Document, ctx):
        if self.marker and self.marker not in doc.text:
            return  # most reports: one substring test, no regex
        runs = list(self.pattern.finditer(doc.text))
        if not runs:
            return
        first = runs[0]
        span = Span(first.start(), first.start() + len(first.group().rstrip()))
        yield self.finding(doc, self.message(len(runs), doc.text[span.start:span.end]), span=span)

    def message(self, count: int, sample: str) -> str:  # pragma: no cover - abstract
        raise NotImplementedError


class CidCodes(_LostText):
    """What it finds:
    Text that PDF extraction could not map to characters and wrote as
    pdfminer's ``(cid:NNNN)`` codes: the PDF's font has no Unicode mapping
    for those glyphs. Reported once per report, on the first place, with
    the number of places.

    Why it matters:
    The sentences there are lost to every check (and to search, screen
    readers and copy-paste); gklint cannot tell what they said and does not
    guess. It is a problem of the file or its extraction, not of the
    report's content.

    Example:
    行政诉讼案件7件。(cid:2446)(cid:2040)(cid:633)(cid:926)

    Fix:
    Check the original Word file, or a PDF exported with its fonts' Unicode
    mapping (or with a text layer); publish that PDF.
    """

    id = "GK630"
    name = "text-lost-cid"
    severity = Severity.WARNING
    summary = "PDF文字提取失败：字体没有Unicode映射，部分文字无法读取"
    marker = "(cid:"

    def message(self, count: int, sample: str) -> str:
        shown = sample if len(sample) <= 40 else sample[:40] + "…"
        return (f"有{count}处文字在提取时丢失（PDF字体没有Unicode映射，提取为“{shown}”），"
                "这些内容无法检查；请用原始文件或能正确提取文字的PDF复查")


class PrivateUseCharacters(_LostText):
    """What it finds:
    Characters of the Unicode private-use area (U+E000–U+F8FF) in the text:
    glyphs of a PDF or Word font that have no standard meaning. Reported
    once per report, on the first place.

    Why it matters:
    They show as boxes or wrong characters to readers and are lost to every
    check; gklint does not guess what they stood for.

    Example:
    共收到申请\ue0015件

    Fix:
    Re-export the report with standard fonts (or with the fonts' Unicode
    mapping) and check it again.
    """

    id = "GK631"
    name = "text-lost-private-use"
    severity = Severity.WARNING
    summary = "文字中有私用区字符（字体字形没有标准编码），内容无法读取"
    pattern = _PRIVATE

    def message(self, count: int, sample: str) -> str:
        codes = " ".join(f"U+{ord(c):04X}" for c in sample[:4])
        return (f"有{count}处私用区字符（{codes}），是字体的特殊字形，没有标准编码，这些文字无法读取和检查；"
                "请用标准字体重新导出后复查")


class LookalikeCharacters(_LostText):
    """What it finds:
    Characters that look like common ones but are other code points: Kangxi
    radicals (⼀ U+2F00 for 一, ⼆ U+2F06 for 二) and CJK compatibility
    ideographs, which PDF fonts and converters put in the text. gklint reads
    them as the characters they look like (headings and table labels still
    match); this note is given once per report.

    Why it matters:
    Search, copy-paste and screen readers see other characters: a search for
    二、主动公开 does not find ⼆、主动公开.

    Example:
    ⼆、主动公开政府信息情况 (⼆ is U+2F06)

    Fix:
    Re-export the text from the original document, or replace the characters
    with the standard ones.
    """

    id = "GK632"
    name = "lookalike-characters"
    severity = Severity.INFO
    summary = "文字中有形似而编码不同的字符（康熙部首、兼容汉字）"
    pattern = rx.compile(r"[\u2F00-\u2FD5\uF900-\uFAD9]+")

    def message(self, count: int, sample: str) -> str:
        from ...textnorm import LOOKALIKES

        ch = sample[0]
        right = LOOKALIKES.get(ord(ch), ch)
        return (f"有{count}处字符形似而编码不同（如“{ch}”U+{ord(ch):04X}，应为“{right}”U+{ord(right):04X}），"
                "已按形似字符识别；检索和复制时会出错，建议替换为标准字符")


EXTRACTION_RULES = [CidCodes, PrivateUseCharacters, LookalikeCharacters]
