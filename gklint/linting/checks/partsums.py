"""GK514: a total stated in the prose whose listed parts do not add up to it.

Reports break a count down in the same sentence (全年政府信息主动公开64条，其中
政策及规范性文件类2条，…，其他类9条; 在主动公开的90条政府信息中，…1条；…25条。).
When the list is exhaustive it must add up to the total.  Read conservatively,
because most such lists are not exhaustive or mix other figures in:

* the list must name a catch-all part (其他…), else it may be a selection
  (其中减税降费22条，…: only some kinds);
* a list ending in 等, or holding a percentage, a comparison (同比, 较上年) or a
  breakdown inside a part (其中, 含), is left alone;
* it must run to the end of its sentence (。, a closing bracket) or to a
  ；-clause of another unit (…其他类9条；办理依申请公开30件);
* a part equal to the total restates it (全文电子化的主动公开信息数共90条), and
  is not a part.
"""
from __future__ import annotations

from typing import Iterable, Optional

from ... import rx
from ...findings import Severity
from ...model import Document, Span
from ..rule import Rule
from ...analysis.years import halfwidth_text

_UNITS = "条件项个份"
# A number, read through zero-width characters a converter left in it (see GK510).
_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_N = r"\d(?:[" + _ZERO_WIDTH + r"]*\d)*"
_INTRO = rx.compile(r"其中|主要(?:涉及|包括)|包括|分别为|分别是")
# The total right before the intro (…主动公开64条，其中 / …141条，公开类别主要涉及 / 2599条，(其中).
_TOTAL_BEFORE = rx.compile(r"(?<![\d.])(?P<num>" + _N + r")[^\S\n]*(?P<unit>[" + _UNITS + r"])"
                           r"[^\S\n]*[，,]?[^\S\n]*[（(]?[^\S\n]*[^，,。；;\d（()）]{0,8}$")
# 在主动公开的90条政府信息中，…
_TOTAL_FRAME = rx.compile(r"在[^，,。；;\d]{0,20}?的[^\S\n]*(?P<num>" + _N + r")[^\S\n]*(?P<unit>[" + _UNITS
                          + r"])[^，,。；;\d]{0,12}?中[^\S\n]*[，,:：]")
_ITEM = rx.compile(r"[^\S\n]*[:：]?[^\S\n]*(?P<label>[^\d。；;，,！？!?()（）]{1,40}?)(?:共|为|计)?[^\S\n]*"
                   r"(?<![\d.])(?P<num>" + _N + r")(?![\d.])[^\S\n]*(?P<unit>[" + _UNITS + r"])(?P<etc>等)?")
_SEPARATOR = rx.compile(r"[^\S\n]*(?P<sep>[，,；;、])")
_END = rx.compile(r"[^\S\n]*(?:[。！？!?)）]|$)")
_NOT_A_PART = rx.compile(r"其中|含|包括|占|同比|环比|较|比上年|增长|下降|增加|减少|累计|%|％")
_CATCH_ALL = rx.compile(r"其他|其它")
# How requests were answered: they need not add up to the requests received
# (some were carried over from last year or to the next; GK511 compares them
# with 表三), so such a list is not summed.
_OUTCOMES = rx.compile(r"予以公开|部分公开|同意公开|不予公开|无法提供|不予处理|其他处理|办结|答复|结转")
_NEW_TOTAL = rx.compile(r"共|合计|总计|累计|全年|本年")


def _int(digits: str) -> int:
    return int(digits if digits.isascii() else "".join(c for c in digits if c not in _ZERO_WIDTH))


class _Part:
    __slots__ = ("label", "value", "span")

    def __init__(self, label: str, value: int, span: Span) -> None:
        self.label, self.value, self.span = label, value, span


def _parts(text: str, pos: int, end: int, unit: str, total: int) -> Optional[list[_Part]]:
    """The items of the list starting at ``pos``, or None when it is not a
    plain exhaustive-looking list (see the module's rules)."""
    parts: list[_Part] = []
    while True:
        m = _ITEM.match(text, pos, end)
        if m is None or m.group("unit") != unit or _NOT_A_PART.search(m.group("label")) \
                or _OUTCOMES.search(m.group("label")):
            return None
        parts.append(_Part(m.group("label").strip(), _int(m.group("num")), Span(*m.span("num"))))
        if m.group("etc"):
            return None  # …其他文件共54条等: not every part is named
        pos = m.end()
        if _END.match(text, pos, end):
            return parts
        sep = _SEPARATOR.match(text, pos, end)
        if sep is None:
            return None
        if sep.group("sep") in "；;" and _next_figure(text, sep.end(), end, unit, parts, total):
            return parts
        pos = sep.end()


def _next_figure(text: str, pos: int, end: int, unit: str, parts: list[_Part], total: int) -> bool:
    """Does another figure begin after a ；?  One of another unit (…其他类9条；办理
    依申请公开30件), a new total (…法人或其他组织申请8件；共办理718件), or any
    clause once the parts already make the total."""
    nxt = _ITEM.match(text, pos, end)
    return (nxt is None or nxt.group("unit") != unit or bool(_NEW_TOTAL.search(nxt.group("label")))
            or sum(p.value for p in parts) == total)


def _totals(text: str, start: int, end: int) -> Iterable[tuple[int, Span, int]]:
    """(total, span of its number, where the list starts) in ``text[start:end]``."""
    for m in _TOTAL_FRAME.finditer(text, start, end):
        yield _int(m.group("num")), Span(*m.span("num")), m.end(), m.group("unit")
    for intro in _INTRO.finditer(text, start, end):
        m = _TOTAL_BEFORE.search(text, max(start, intro.start() - 40), intro.start())
        if m is not None:
            yield _int(m.group("num")), Span(*m.span("num")), intro.end(), m.group("unit")


class PartsDoNotAddUp(Rule):
    """What it finds:
    正文写了一个总数，同一句中随后列出各组成部分，而各部分之和与总数不等：
    全年政府信息主动公开64条，其中政策及规范性文件类2条，……，其他类9条（各项之和为54）。
    只有列出兜底项（其他……）的列举才求和，因此只列出部分类别的“其中”列举不比较；
    以“等”结尾的列举、含百分比或与上年比较的列举、某一项又再分列的列举也不比较。
    与总数相等的一项是重述总数（全文电子化的主动公开信息数共90条），不计入。
    申请的办理结果（予以公开N件，……，其他处理N件）不与收到的申请数相加比较：
    上年结转和结转下年度的申请使两者本来就可能不同（由GK511对照表三）。

    Why it matters:
    读者从正文同时读取总数和分项；两者不一致，说明漏了一项或有数字写错。

    Example:
    在主动公开的90条政府信息中，……类信息共1条；……10条；……52条；……5条；其他……25条。
    （1+10+52+5+25 = 93）

    Fix:
    改正总数或分项，使各分项之和等于总数。
    """

    id = "GK514"
    name = "text-parts-sum"
    severity = Severity.WARNING
    summary = "正文所列各项之和与所述总数不一致"

    def check(self, doc: Document, ctx):
        text = halfwidth_text(doc)
        if "其他" not in text and "其它" not in text:
            return  # no catch-all part anywhere: no list this rule sums
        seen: set[int] = set()
        for para in doc.paragraphs():
            if not _CATCH_ALL.search(text, para.span.start, para.span.end):
                continue
            for total, span, pos, unit in _totals(text, para.span.start, para.span.end):
                if span.start in seen:
                    continue
                seen.add(span.start)
                finding = self._compare(doc, text, total, span, pos, para.span.end, unit)
                if finding is not None:
                    yield finding

    def _compare(self, doc: Document, text: str, total: int, span: Span, pos: int, end: int,
                 unit: str):
        parts = _parts(text, pos, end, unit, total)
        if not parts:
            return None
        parts = [p for p in parts if p.value != total] if len(parts) > 2 else parts
        if len(parts) < 2 or not any(_CATCH_ALL.search(p.label) for p in parts):
            return None
        found = sum(p.value for p in parts)
        if found == total:
            return None
        terms = "+".join(str(p.value) for p in parts)
        return self.finding(
            doc, f"正文所述总数为{total}{unit}，但其后所列各项之和为{found}{unit}（{terms}），两者不一致",
            span=span, snippet=doc.text[span.start:span.end])


PART_SUM_RULES = [PartsDoNotAddUp]
