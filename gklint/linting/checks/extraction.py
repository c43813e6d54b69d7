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
    PDF文字提取时无法对应到字符、被写成 pdfminer 的“(cid:NNNN)”编码的文字：
    PDF所用的字体没有这些字形的Unicode映射。每份报告只在第一处报告一次，
    并给出处数。

    Why it matters:
    这些地方的句子对所有检查（以及搜索、读屏软件和复制粘贴）都丢失了；gklint
    无法知道原文写的是什么，也不猜测。这是文件或文字提取的问题，
    不是报告内容的问题。

    Example:
    行政诉讼案件7件。(cid:2446)(cid:2040)(cid:633)(cid:926)

    Fix:
    核对原始的Word文件，或导出带有字体Unicode映射（或带文字层）的PDF，发布该PDF。
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
    文字中有Unicode私用区字符（U+E000–U+F8FF）：
    PDF或Word字体中没有标准含义的字形。每份报告只在第一处报告一次。

    Why it matters:
    读者看到的是方框或错字，所有检查也读不到这些字；gklint
    不猜测它们原来是什么字。

    Example:
    共收到申请\ue0015件

    Fix:
    用标准字体（或带字体的Unicode映射）重新导出报告，再检查一次。
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
    外形与常用字相同、编码却不同的字符：康熙部首（⼀ U+2F00 代“一”，⼆ U+2F06
    代“二”）和CJK兼容汉字，由PDF字体和转换工具带入文本。gklint
    按其外形对应的字读取（标题和表格行名照常匹配）；每份报告只提示一次。

    Why it matters:
    搜索、复制粘贴和读屏软件看到的是另外的字符：搜索“二、主动公开”找不到“⼆、
    主动公开”。

    Example:
    ⼆、主动公开政府信息情况（其中的“⼆”是U+2F06）

    Fix:
    从原始文档重新导出文字，或把这些字符换成标准字符。
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
