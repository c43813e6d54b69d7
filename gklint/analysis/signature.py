"""The report's closing signature (落款: body and date) and the dates in it.

:func:`signature` finds the closing body and date once per document (cached
on it); the date rules (gklint.linting.checks.dates) judge them, and the cross-year
check groups reports of one body by it.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Optional

from .. import rx
from ..model import Document, Paragraph, Span
from ..stash import StashKey
from .years import find_title, halfwidth, parse_year, year_evidence

_CN_NUM = "〇○零一二三四五六七八九十"
_DATE = rx.compile(
    r"(?P<y>(?<!\d)20\d{2})[^\S\n]*年[^\S\n]*(?P<m>\d{1,2})[^\S\n]*月[^\S\n]*(?P<d>\d{1,2})[^\S\n]*[日号曰]"
    r"|(?P<y>二[〇○零][" + _CN_NUM + r"]{2})年(?P<m>[" + _CN_NUM + r"]{1,2})月(?P<d>[" + _CN_NUM
    + r"]{1,3})[日号曰]"
    r"|(?P<y>(?<!\d)20\d{2})[-./](?P<m>\d{1,2})[-./](?P<d>\d{1,2})(?!\d)")
_DATE_LABEL = rx.compile(r"(?:发布|成文|印发|公开|生成)?(?:日期|时间)[:：]?")
_ORG = rx.compile(
    r"(?:人民政府|政府|办公室|办公厅|委员会|管委会|办事处|局|厅|委|办|院|中心|所|站|队|处|署|会|"
    r"公司|集团|馆|台|社|部|室|镇|乡|街道|社区)$")
# A web page's or a scraper's own dates (发布日期：2024-01-25, 采集时间：…) at the end
# of the text: when the page was published or copied, not the report's 落款.
_PAGE_META = rx.compile(r"(?:发布|采集|抓取|更新|浏览|生成|来源|访问)(?:日期|时间)")
# What a web page prints after the 落款 and a crawler's text keeps on the same
# line (…2022年1月10日 附件下载; …2021年1月26日 （联系人：某某，联系方式：…） 附件下载):
# the page's links and a contact note, not a sentence the date sits inside.
_PAGE_TAIL = rx.compile(r"(?:[^\S\n]*(?:附件下载|相关附件|打印本页|【打印】|【关闭】|关闭窗口|返回顶部"
                        r"|[（(][^（）()\n]*联系[^（）()\n]*[）)]))+[^\S\n]*$")
_SENTENCE_END = rx.compile(r"[。！？!?；;]")
_SENTENCE_PUNCT = rx.compile(r"[。，,；;：:！？、“”]")
_NUMBERED = rx.compile(r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d+[、.．])")
_BRACKETS = "（）()[]【】 \u3000"


def _cn_number(text: str) -> Optional[int]:
    digits = {c: i for i, c in enumerate("〇一二三四五六七八九")}
    digits.update({"○": 0, "零": 0})
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (digits.get(tens, 1) if tens else 1) * 10 + (digits.get(ones, 0) if ones else 0)
    if len(text) == 1 and text in digits:
        return digits[text]
    return None


@dataclass
class DateMention:
    text: str
    span: Span
    year: int
    month: int
    day: int

    @property
    def date(self) -> Optional[datetime.date]:
        try:
            return datetime.date(self.year, self.month, self.day)
        except ValueError:
            return None


@dataclass
class Signature:
    body: Optional[str] = None
    body_span: Optional[Span] = None
    date: Optional[DateMention] = None
    closing_body: bool = False
    closing_date: bool = False


def parse_date(text: str, offset: int = 0, whole: bool = False) -> Optional[DateMention]:
    """The date in ``text`` (the only content when ``whole``)."""
    half = halfwidth(text)
    m = _DATE.search(half)
    if m is None:
        return None
    if whole and (half[:m.start()].strip(_BRACKETS) or half[m.end():].strip(_BRACKETS + "。")):
        return None
    year = parse_year(m.group("y"))
    month, day = _cn_number(m.group("m")), _cn_number(m.group("d"))
    if year is None or month is None or day is None:
        return None
    return DateMention(text[m.start():m.end()], Span(offset + m.start(), offset + m.end()),
                       year, month, day)


def _org_line(para: Paragraph) -> bool:
    text = para.text.strip()
    return (2 < len(text) <= 40 and not _SENTENCE_PUNCT.search(text)
            and not _NUMBERED.match(text) and bool(_ORG.search(text)))


SIGNATURE = StashKey[Signature]("signature")


def signature(doc: Document) -> Signature:
    cached = doc.stash.get(SIGNATURE, None)
    if cached is not None:
        return cached
    sig = Signature()
    paragraphs = list(doc.paragraphs())
    _closing(doc, paragraphs, sig)
    if sig.date is None or sig.body is None:
        _head(doc, paragraphs, sig)
    doc.stash[SIGNATURE] = sig
    return sig


def _closing_paragraphs(doc: Document, paragraphs: list[Paragraph]) -> list[Paragraph]:
    """The last few paragraphs, after the last table and the heading of 六."""
    floor = max((t.span.end for t in doc.raw_tables()), default=0)
    six = doc.section(6)
    if six is not None and six.heading is not None:
        floor = max(floor, six.heading.end)
    return [p for p in paragraphs[-6:] if p.span.start >= floor]


def _closing(doc: Document, paragraphs: list[Paragraph], sig: Signature) -> None:
    tail = _closing_paragraphs(doc, paragraphs)
    if not any(_DATE.search(halfwidth(p.text)) for p in tail):
        tail += _signature_table(doc)
    for i in range(len(tail) - 1, -1, -1):
        para = tail[i]
        date = parse_date(para.text, para.span.start)
        if date is None:
            continue
        before = para.text[:date.span.start - para.span.start].strip(_BRACKETS)
        after = _PAGE_TAIL.sub("", para.text[date.span.end - para.span.start:]).strip(_BRACKETS + "。")
        if after or _PAGE_META.search(before):
            continue  # a date inside a sentence, or the page's own date, is not the signature
        sentence = _SENTENCE_END.search(before)
        if sentence is not None:
            # The 落款 run on after the last sentence (…情况。安泽县人民政府 2022年2月15日).
            last = list(_SENTENCE_END.finditer(before))[-1].end()
            before = before[last:].strip(_BRACKETS)
            para = Paragraph(Span(para.span.start + last, para.span.end), para.text[last:])
            if before and not _org_line(Paragraph(para.span, before)):
                continue
        label = _DATE_LABEL.fullmatch(before)
        if before and not label:
            if not _org_line(Paragraph(para.span, before)):
                continue
            # 安泽县人民政府 2022年2月15日 on one line
            sig.body, sig.body_span = before, Span(para.span.start, para.span.start + len(before))
        sig.date, sig.closing_date = date, True
        tail = tail[:i]
        break
    for para in reversed(tail[-3:]):
        if sig.body is None and _org_line(para):
            sig.body, sig.body_span = para.text.strip(), para.span
    if sig.body is None and tail:
        _run_on_body(tail[-1], sig)
    sig.closing_body = sig.body is not None


def _run_on_body(para: Paragraph, sig: Signature) -> None:
    """The body alone run on after the last sentence (…暂无。 平潭综合实验区交通与建设局 附件下载)."""
    ends = list(_SENTENCE_END.finditer(para.text))
    if not ends:
        return
    rest = _PAGE_TAIL.sub("", para.text[ends[-1].end():])
    body = rest.strip(_BRACKETS)
    if body and _org_line(Paragraph(para.span, body)):
        start = para.span.start + ends[-1].end() + rest.index(body)
        sig.body, sig.body_span = body, Span(start, start + len(body))


def _signature_table(doc: Document) -> list[Paragraph]:
    """The cells of a small table closing the report, after 六's heading: a
    落款 laid out in a borderless table (body in one cell, date in another)."""
    six = doc.section(6)
    tables = list(doc.raw_tables())
    if six is None or not tables or tables[-1].span.start < six.heading.end:
        return []
    cells = [c for row in tables[-1].rows for c in row if c.text.strip()]
    if not 1 <= len(cells) <= 4:
        return []
    return [Paragraph(c.span, c.text) for c in cells]


def _head(doc: Document, paragraphs: list[Paragraph], sig: Signature) -> None:
    """A date or body stated under or before the title (web-page exports)."""
    title = find_title(doc)
    head = [p for p in paragraphs[:8] if not _NUMBERED.match(p.text)]
    for para in head:
        if sig.date is not None:
            break
        label = _DATE_LABEL.match(para.text.strip())
        whole = label is None or not label.group()
        date = parse_date(para.text[label.end():] if label and label.group() else para.text,
                          para.span.start + (label.end() if label and label.group() else 0),
                          whole=whole)
        if date is not None:
            sig.date = date
    if sig.body is not None:
        return
    if title is not None and _title_body(doc, title, sig):
        return
    for para in head:
        if title is not None and para.span.start >= title.span.start:
            break
        if _org_line(para):
            sig.body, sig.body_span = para.text.strip(), para.span
            return


# A crawler's label before the title (标题: 平潭综合实验区公安局2022年…).
_TITLE_LABEL = rx.compile(r"^(?:标题|题目|名称)[^\S\n]*[:：][^\S\n]*")
# The title names a region alone (平潭综合实验区2022年度…, 淮安市2024年…): the
# report is that region's government's own.  Not a 社区, 园区, 片区, 校区, …
REGION_NAME = rx.compile(r"\p{Han}{2,}(?<![社园片校景小街矿林营])(?:省|市|县|区|旗|州|盟)$")
# The body after the year (2025年上海市人民政府办公厅政府信息公开工作年度报告).
_AFTER_YEAR = rx.compile(r"[^\S\n]*年?度?[^\S\n]*(?P<body>\p{Han}{2,30}?)[^\S\n]*(?:政府信息公开|政务公开|信息公开)")


def _title_body(doc: Document, title: Paragraph, sig: Signature) -> bool:
    """The body the title names, before its year or right after it."""
    ev = year_evidence(doc)
    if ev.title is None:
        return False
    start = ev.title_span.start if ev.title_span is not None else title.span.start
    candidates = []
    if ev.title.span.start > start:
        prefix = doc.text[start:ev.title.span.start]
        label = _TITLE_LABEL.match(prefix.strip())
        candidates.append((prefix.strip()[label.end():] if label else prefix.strip(),
                           start + len(prefix) - len(prefix.lstrip()) + (label.end() if label else 0)))
    after = _AFTER_YEAR.match(doc.text, ev.title.span.end, ev.title_span.end if ev.title_span else title.span.end)
    if after is not None:
        candidates.append((after.group("body"), after.start("body")))
    for body, at in candidates:
        if body and (_org_line(Paragraph(title.span, body)) or REGION_NAME.search(body)):
            sig.body, sig.body_span = body, Span(at, at + len(body))
            return True
    return False
