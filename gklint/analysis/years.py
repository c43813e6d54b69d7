"""Which year a report is about, from three places that must agree.

* the title (``临渭区阎村镇人民政府2021年政府信息公开工作年度报告``);
* the statistics period (``本报告中所列数据的统计期限自2021年1月1日起至2021年12月31日止``);
* the body, where the report talks about its year (``2021年，我镇…``, ``2021年度，…``).

The title wins, then the period, then the body.  Evidence is cached on the
document (``doc.stash[YEAR_EVIDENCE]``) because the form choice and several
rules read it.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Optional


from .. import rx
from ..model import Document, Paragraph, Span
from ..stash import StashKey

# Years a report can be about: the 2019 revision of the 条例 onwards, and a
# margin before it (older reports still turn up in archives).
MIN_YEAR, MAX_YEAR = 2000, 2099

_CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "O": 0, "Ｏ": 0, "一": 1, "二": 2, "三": 3, "四": 4,
              "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_YEAR = r"(?P<year>(?<!\d)20\d{2}(?!\d)|二[〇○零][一二三四五六七八九〇○零]{2})"
_TITLE_WORDS = rx.compile(r"信息公开[^\n]{0,12}?年度?报告|年度报告")
_TITLE_YEAR = rx.compile(_YEAR + r"[^\S\n]*年")
_PERIOD = rx.compile(
    r"统计(?:期限|时限|周期|时间|区间|期间|范围|时段)[^。；\n]{0,12}?" + _YEAR
    + r"[^\S\n]*年[^\S\n]*1[^\S\n]*月[^\S\n]*1[^\S\n]*日[^。；\n]{0,8}?(?:至|到|—|－|-|~|～)"
    r"[^。；\n]{0,3}?(?:(?P<end>(?<!\d)20\d{2}(?!\d))[^\S\n]*年[^\S\n]*)?12[^\S\n]*月[^\S\n]*31")
# "2021年，" "2021年度，" "2021 年度以来，": the report speaking of its year.
_BODY = rx.compile(r"(?<![\d〔\[(（第号《“])" + _YEAR
                      + r"[^\S\n]*年度?(?:以来|全年|期间|上半年)?[^\S\n]*[，,]")


# (module-level regex.match/search look their pattern up in a cache on every
# call, which cost more than the match)
_SECTION_HEADING = rx.compile(r"^[一二三四五六][、.．]")
_TITLE_PHRASE = rx.compile(_YEAR + r"[^\S\n]*年度?[^\n《》]{0,30}?信息公开[^\n《》]{0,14}?年度?报告")

_HALFWIDTH = str.maketrans({chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)})
_FULLWIDTH_RUN = rx.compile("[\uff01-\uff5e]+")

# Computed once per document (Document.stash).
HALFWIDTH_TEXT = StashKey[str]("halfwidth_text")
YEAR_EVIDENCE = StashKey["YearEvidence"]("year_evidence")
TITLE = StashKey[Optional[Paragraph]]("title")

# Chinese punctuation that is full-width ASCII: nearly all of a report's
# full-width characters (about 80 a report, most of them ，).
_PUNCTUATION = [(c, chr(ord(c) - 0xFEE0)) for c in "，（）：；！？"]


def halfwidth(text: str) -> str:
    """Full-width ASCII (１２，) to half-width, one character for one, so
    offsets into the result are offsets into ``text``.

    The common punctuation goes by str.replace, the rest by runs: a call per
    run for every ，was 6x slower, and str.translate with a dict looks up
    every character of the report."""
    for full, half in _PUNCTUATION:
        if full in text:
            text = text.replace(full, half)
    return _FULLWIDTH_RUN.sub(lambda m: m.group().translate(_HALFWIDTH), text)


def halfwidth_text(doc: Document) -> str:
    """``halfwidth(doc.text)``, computed once per document."""
    cached = doc.stash.get(HALFWIDTH_TEXT, None)
    if cached is None:
        cached = doc.stash[HALFWIDTH_TEXT] = halfwidth(doc.text)
    return cached


def parse_year(text: str) -> Optional[int]:
    """``"2021"`` or ``"二〇二一"`` -> 2021; None when it is not a year."""
    if text.isdigit():
        year = int(text)
    else:
        try:
            year = int("".join(str(_CN_DIGITS[c]) for c in text))
        except KeyError:
            return None
    return year if MIN_YEAR <= year <= MAX_YEAR else None


@dataclass
class YearClaim:
    year: int
    span: Span
    source: str  # title | period | period_end | body


@dataclass
class YearEvidence:
    title: Optional[YearClaim] = None
    title_span: Optional[Span] = None  # the title paragraph, year or not
    period: Optional[YearClaim] = None
    period_end: Optional[YearClaim] = None
    body: list[YearClaim] = field(default_factory=list)

    @property
    def report_year(self) -> Optional[int]:
        for claim in (self.title, self.period):
            if claim is not None:
                return claim.year
        return self.body_year

    @property
    def body_year(self) -> Optional[int]:
        """The year the body speaks of most (at least twice), if any."""
        counts = Counter(c.year for c in self.body)
        if not counts:
            return None
        year, n = counts.most_common(1)[0]
        return year if n >= 2 or len(counts) == 1 else None

    def body_claims(self, year: int) -> list[YearClaim]:
        return [c for c in self.body if c.year == year]


def year_evidence(doc: Document) -> YearEvidence:
    cached = doc.stash.get(YEAR_EVIDENCE, None)
    if cached is not None:
        return cached
    text = halfwidth_text(doc)
    ev = YearEvidence()
    title = find_title(doc)
    if title is not None:
        ev.title_span = title.span
        m = _TITLE_YEAR.search(text, title.span.start, title.span.end)
        if m is None:  # a title over two lines: 安泽县人民政府 / 2021年政府信息公开…
            first = _title_first_line(doc, title)
            if first is not None:
                m = _TITLE_YEAR.search(text, first.span.start, first.span.end)
                if m is not None:
                    ev.title_span = Span(first.span.start, title.span.end)
        if m and parse_year(m.group("year")):
            ev.title = YearClaim(parse_year(m.group("year")), Span(*m.span("year")), "title")
    m = _PERIOD.search(text)
    if m and parse_year(m.group("year")):
        ev.period = YearClaim(parse_year(m.group("year")), Span(*m.span("year")), "period")
        if m.group("end"):
            ev.period_end = YearClaim(int(m.group("end")), Span(*m.span("end")), "period_end")
    skip = [s for s in (ev.title_span, Span(*m.span()) if m else None) if s is not None]
    for para in doc.paragraphs():
        if any(s.start <= para.span.start < s.end or para.span.start <= s.start < para.span.end
               for s in skip):
            continue
        for bm in _BODY.finditer(text, para.span.start, para.span.end):
            year = parse_year(bm.group("year"))
            if year:
                ev.body.append(YearClaim(year, Span(*bm.span("year")), "body"))
    if ev.title is None and title is None:
        ev.title = _fallback_title_year(text)
    doc.stash[YEAR_EVIDENCE] = ev
    return ev


def find_title(doc: Document) -> Optional[Paragraph]:
    """The report's title: an early short paragraph naming the annual report.

    Only paragraphs before the first section heading or table count, so a
    notice quoted in the body (《关于做好2021年…年度报告的通知》) is not taken
    for the title.  (Cached: the year and the signature rules ask.)
    """
    if TITLE not in doc.stash:
        doc.stash[TITLE] = _find_title(doc)
    return doc.stash[TITLE]


def _find_title(doc: Document) -> Optional[Paragraph]:
    first_table = next((b.span.start for b in doc.raw_tables()), len(doc.text))
    for n, para in enumerate(doc.paragraphs()):
        if n >= 12 or para.span.start >= first_table:
            break
        text = para.text
        if _SECTION_HEADING.match(text):
            break
        if len(text) <= 80 and _TITLE_WORDS.search(text) and "《" not in text:
            return para
    return None


def _title_first_line(doc: Document, title: Paragraph) -> Optional[Paragraph]:
    """The line just above the title when the title is broken over two lines:
    short, no sentence punctuation, nothing but blank lines between."""
    previous = None
    for para in doc.paragraphs():
        if para.span.start >= title.span.start:
            break
        previous = para
    if previous is None or len(previous.text) > 40 or _SENTENCE_MARKS.search(previous.text):
        return None
    if doc.text[previous.span.end:title.span.start].strip():
        return None
    return previous


_SENTENCE_MARKS = rx.compile(r"[。，,；;：:！？]")


def _fallback_title_year(text: str) -> Optional[YearClaim]:
    """No title paragraph: the first "N年…年度报告" phrase near the top."""
    m = _TITLE_PHRASE.search(text[:3000])
    if m and parse_year(m.group("year")):
        return YearClaim(parse_year(m.group("year")), Span(*m.span("year")), "title")
    return None


def detect_year(doc: Document) -> Optional[int]:
    """The year the report is about (title, else statistics period, else body)."""
    return year_evidence(doc).report_year
