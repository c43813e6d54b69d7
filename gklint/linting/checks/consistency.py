"""GK510–GK513: numbers the prose states, against the tables.

The prose of a report restates figures of its tables: requests received
(共收到政府信息公开申请5件, 受理依申请公开 0 件), carried over, outcomes (予以公开3件，
占60%), administrative reconsideration and litigation (行政复议1件) and the
administrative fees of 表二 (行政事业性收费12.5万元).  A figure that disagrees with
its table is reported on the prose number, naming the table cell.

Conservative by design: only phrasings tied to one table cell are read, and
a sentence is skipped when it may be about something else — another year (a
year other than the report's, 同比, 较上年, 累计, 以来), another body or a
sub-unit (全县, 各部门, 下属, 本级, 其中XX局…), a channel or kind of applicant
(网上申请3件, 自然人申请2件).  A number the table cannot confirm (blank cell,
missing row) is not compared.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Iterable, Optional


from ... import rx
from ...findings import Severity
from ...findings import number_text as _fmt
from ...model import Cell, Document, Paragraph, Span
from ...stash import StashKey
from ..rule import Rule
from ...analysis.years import halfwidth_text
from ...analysis.signature import REGION_NAME

# Digits: ASCII or full-width, not every Unicode digit (\d also takes ٣ and 𝟑,
# which no report means as numbers and Decimal would silently read).
# Zero-width characters left inside a number by a converter (8\u200b2件) are
# read through: the number's span keeps the original characters.
_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_NO_ZERO_WIDTH = str.maketrans("", "", _ZERO_WIDTH)
_NUM = (r"[^\S\n]*(?P<num>[0-9０-９](?:[" + _ZERO_WIDTH + r"]*[0-9０-９])*(?:\.[0-9０-９]+)?"
        r"|[零〇两一二三四五六七八九十]{1,3})[^\S\n]*")
_UNIT = r"(?:件|个|份|起|宗|例|次)"
_SENTENCE = rx.compile(r"[^。；;！!？?\n]+")
# Every claim ends in a count unit, a percent sign or 元: a sentence with none
# of them states nothing to compare, and most sentences of a report are such.
_ANY_UNIT = rx.compile(r"[件个份起宗例次%元]")
_CLAUSE_BREAK = rx.compile(r"[，,：:、（(]")
_OTHER_OUTCOME = rx.compile(r"结转|予以|部分|不予|无法|处理")

_RECEIVED = [
    rx.compile(r"(?P<verb>新收|收到|接到|受理|接收)(?P<mid>[^，。；,\d]{0,20}?)"
                  r"(?:共计|总计|合计|累计|共|计)?(?:为)?" + _NUM + _UNIT),
    rx.compile(r"(?P<verb>新收|收到|接到|受理|接收)了?(?:共计|共|计)?" + _NUM + _UNIT
                  + r"(?P<mid>[^，。；,\d]{0,10}?)申请"),
]
_CARRIED = rx.compile(r"上一?年度?结转(?:过来)?(?:的)?(?:政府信息公开)?(?:申请)?(?:共|为)?"
                         + _NUM + _UNIT)
_NEXT = rx.compile(r"结转(?:至|到)?下一?年度?(?:继续)?(?:办理)?(?:的)?(?:申请)?(?:共|为)?"
                      + _NUM + _UNIT)
# 予以公开及部分公开42件 states （一）+（二） together: tried before 部分公开 alone.
_OUTCOME_WORDS = (r"(?<![不分])(?:予以|全部)公开(?:[及和与或、]|以及)部分公开|(?<![不分])予以公开|同意公开|"
                  r"全部公开|部分公开|不予公开|无法提供|不予处理|其他处理")
_OUTCOME = [
    rx.compile(r"(?P<kw>" + _OUTCOME_WORDS + r")(?:的)?(?:申请)?(?:共|为)?" + _NUM + _UNIT),
    rx.compile(_NUM + _UNIT + r"(?:申请)?(?:为|已|被)?(?P<kw>" + _OUTCOME_WORDS + r")"),
]
_PERCENT = rx.compile(r"[^，。；\d%％]{0,3}?[，,（(]?[^\S\n]*(?:占[^，。；\d%％]{0,12}?|"
                         r"(?:比例|比率|占比)(?:为|达)?)[^\S\n]*(?P<pct>\d+(?:\.\d+)?)[^\S\n]*[%％]")
_COURT = {"review": "行政复议", "litigation": "行政诉讼"}
_COURT_CLAIM = {
    kind: [rx.compile(word + r"(?:案件|申请)?(?:共|为)?" + _NUM + _UNIT),
           rx.compile(_NUM + _UNIT + r"[^，。；\d]{0,4}?" + word)]
    for kind, word in _COURT.items()}
_COURT_BOTH = rx.compile(r"行政复议(?:和|及|、|与|或)(?:提起)?行政诉讼(?:案件)?(?:均|各|都)?(?:为)?"
                            + _NUM + _UNIT)
_NEGATION = rx.compile(r"(?:未|没有|无)(?:发生|出现|收到|接到|有|被|产生|涉及)?")
_NEGATION_NOT_COUNT = rx.compile(r"纠错|纠正|败诉|撤销|确认违法|被改变|维持")
_FEE = rx.compile(r"行政事业性收费[^，。；\d]{0,10}?(?:共|为|合计|总额|金额)?[^\S\n]*"
                     r"(?P<num>[0-9０-９]+(?:\.[0-9０-９]+)?)[^\S\n]*(?P<unit>万元|元)")

_OTHER_TIME = rx.compile(r"同比|环比|较上年|比上年|较去年|比去年|去年|上一年度|上年度|上年|前年|历年|"
                            r"以来|累计|增长|下降|增加|减少|分别")
_COMPARISON = rx.compile(r"(?:较|比|相比)(?:上一?年度?|去年|上年同期)|同比|环比")
_COUNT = rx.compile(r"\d[^\S\n]*(?:件|个|份|起|宗|例|次)")
_CLAUSE_END = rx.compile(r"[，,]")
# The government of a region, or its general office, and the region's level.
_REGION_GOVERNMENT = rx.compile(r"(?P<level>[区市县旗])(?:人民政府|政府|管委会|管理委员会)(?:办公室|办公厅)?$")
_CARRY_WORDS = rx.compile(r"上一?年度?结转")
# A count of requests said to include those carried over (共收到申请5件（含上年结转2件）).
_WITH_CARRIED = rx.compile(r"(?:含|包括|包含|加上|连同)[^，。；,]{0,6}结转")
_SUB_UNIT = rx.compile(r"全县|全市|全区|全省|全州|全盟|全旗|各级|各乡|各镇|各街道|各部门|各单位|各科室|"
                          r"各县|各区|各市|各地|所属|下属|直属|本级|系统内|县直|市直|区直|二级单位|派出机构")
_BREAKDOWN = rx.compile(r"当面|网络|网上|信函|邮寄|传真|邮件|电话|在线|现场|窗口|平台|自然人|法人|"
                           r"企业|组织|转办|转来|其中")
_ALL_KINDS = rx.compile(r"各类|各种|所有|全部|共计|总计|合计")
_DISCLOSURE_REQUESTS = rx.compile(r"依申请公开|信息公开申请|公开申请")
_YEAR = rx.compile(r"(?<!\d)(20\d{2})[^\S\n]*年")
# A named body as the subject (县教育局收到…, 其中城关镇予以公开…): not this
# report's body for sure.  The body speaking of itself (我局, 本委, 我中心) is
# no name, also after other words (2023年度我局共收到…, 全年本局…).
_OTHER_BODY = rx.compile(r"\p{Han}{2,}(?<![我本])(?:局|委|委员会|办公室|中心|街道|办事处|公司|管委会|"
                            r"医院|学校|法院|检察院|分局|支队|大队)")
_CN = {"零": 0, "〇": 0, "两": 2, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
       "八": 8, "九": 9}

# Outcome words -> table 3 rows (prefixes) whose 总计 they state.
OUTCOME_ROWS = {"both": ["r1+r2"], "予以公开": ["r1"], "同意公开": ["r1"], "全部公开": ["r1"], "部分公开": ["r2"],
                "不予公开": ["r3."], "无法提供": ["r4."], "不予处理": ["r5."], "其他处理": ["r6."]}
OUTCOME_LABELS = {"r1+r2": "（一）予以公开”与“（二）部分公开", "r1": "（一）予以公开", "r2": "（二）部分公开", "r3.": "（三）不予公开",
                  "r4.": "（四）无法提供", "r5.": "（五）不予处理", "r6.": "（六）其他处理"}


def parse_count(text: str) -> Optional[Decimal]:
    if text[0].isdigit():
        if not text.isascii():
            text = "".join(c for c in text if c not in _ZERO_WIDTH)
        return Decimal(text)
    if text == "十":
        return Decimal(10)
    if "十" in text:
        tens, _, ones = text.partition("十")
        return Decimal((_CN.get(tens, 1) if tens else 1) * 10 + (_CN.get(ones, 0) if ones else 0))
    if len(text) == 1 and text in _CN:
        return Decimal(_CN[text])
    return None


@dataclass
class Claim:
    kind: str  # received | carried | next | outcome | percent | review | litigation | fee
    value: Decimal
    span: Span  # the number in doc.text
    phrase_span: Span  # the words the number belongs to, quoted in messages
    key: str = ""  # outcome rows prefix (r1, r3.) for outcome / percent
    decimals: int = 0
    phrase: str = ""
    parent: Optional["Claim"] = None  # the count a percentage belongs to
    whole_region: bool = False  # stated of 全区/全市/全县, the body's own region
    with_carried: bool = False  # received, said to include last year's (含上年结转2件)


# -- reading the prose -----------------------------------------------------------

PROSE_CLAIMS = StashKey[list[Claim]]("prose_claims")  # read by four rules
# The (start, end) spans a sentence run leaves out between its lines, for quoting.
PROSE_JOINS = StashKey[list[tuple[int, int]]]("prose_joins")


def prose_claims(doc: Document) -> list[Claim]:
    cached = doc.stash.get(PROSE_CLAIMS, None)
    if cached is not None:
        return cached
    year = doc.year
    own = _own_region(doc)
    text = halfwidth_text(doc)  # offsets unchanged: one char for one
    claims: list[Claim] = []
    for segments in _prose_blocks(doc, text):
        if len(segments) == 1:
            found = _block_claims(doc, text, Span(*segments[0]), year, own)
        else:  # a sentence over several lines: read joined, pointed at where it is
            joined = "".join(text[a:b] for a, b in segments)
            found = [_moved(c, segments) for c in
                     _block_claims(doc, joined, Span(0, len(joined)), year, own, segments[0][0])]
        for claim in found:
            # Quote the author's own characters (full-width commas and all).
            claim.phrase = _quoted(doc, claim.phrase_span)
            if not claim.phrase.isascii():  # quoted without the invisible characters
                claim.phrase = claim.phrase.translate(_NO_ZERO_WIDTH)
            claims.append(claim)
    # A 全区 figure is the report's own only when no other figure of the kind is given.
    stated = {c.kind for c in claims if not c.whole_region}
    claims = [c for c in claims if not (c.whole_region and c.kind in stated)]
    doc.stash[PROSE_CLAIMS] = claims
    return claims


def _block_claims(doc: Document, text: str, span: Span, year: Optional[int], own: Optional[str],
                  at: Optional[int] = None) -> list[Claim]:
    """The claims of the prose ``text[span]`` (``at``: where it starts in the report)."""
    if not _ANY_UNIT.search(text, span.start, span.end):
        return []  # no sentence of it can hold a claim
    where = _section_of(doc, span.start if at is None else at)
    claims = []
    for m in _SENTENCE.finditer(text, span.start, span.end):
        sentence = _this_year_part(m.group())
        if not _ANY_UNIT.search(sentence):
            continue
        region = own is not None and "全" + own in sentence \
            and not _SUB_UNIT.search(sentence.replace("全" + own, ""))
        if _skip_sentence(sentence.replace("全" + own, "") if region else sentence, year):
            continue
        # Items after 其中： split by ； (予以公开22件；不予公开6件) are about
        # the requests the whole sentence names.
        about_requests = "申请" in _whole_sentence(text, m.start(), m.end(), span)
        for claim in _sentence_claims(sentence, m.start(), where == 3 or about_requests,
                                      where == 4):
            claim.whole_region = region
            claims.append(claim)
    return claims


def _moved(claim: Claim, segments: list[tuple[int, int]]) -> Claim:
    """``claim`` read in the joined text of ``segments``, pointed at the report."""
    def place(offset: int, end: bool = False) -> int:
        for a, b in segments:
            if offset < b - a or (end and offset == b - a):
                return a + offset
            offset -= b - a
        return segments[-1][1]

    claim.span = Span(place(claim.span.start), place(claim.span.end, True))
    claim.phrase_span = Span(place(claim.phrase_span.start), place(claim.phrase_span.end, True))
    return claim


# A line that cannot end a sentence, and one that starts a heading or an item.
_SENTENCE_CLOSED = rx.compile(r"[。！？!?；;：:…]\s*$")
_STARTS_ITEM = rx.compile(r"^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]{1,2}[）)]|\d{1,2}[、.．]"
                          r"(?!\d)|[#*>|-]|第[一二三四五六七八九十]+[条章节])")
# Page furniture between two lines of one sentence: a page number (- 3 -, 第3页
# 共9页, 3/9, a bare 3), a form feed.  A running head is the title repeated.
_PAGE_FURNITURE = rx.compile(r"[-—–－]?[^\S\n]*\d{1,4}[^\S\n]*[-—–－]?|第[^\S\n]*\d{1,4}[^\S\n]*页"
                             r"(?:[^\S\n]*[,，/]?[^\S\n]*共[^\S\n]*\d{1,4}[^\S\n]*页)?|\d{1,4}[^\S\n]*/[^\S\n]*\d{1,4}")


def _prose_blocks(doc: Document, text: str) -> list[list[tuple[int, int]]]:
    """The report's prose, a list of (start, end) line spans per sentence run:
    a sentence a converter wrapped over several lines (pdftotext, Markdown
    from a PDF), or broken by a page's number or running head, is one run,
    read without the line breaks and furniture between its parts
    (``doc.stash[PROSE_JOINS]`` keeps what was left out, for quoting)."""
    from ...analysis.years import find_title

    title = find_title(doc)
    head = title.text.strip() if title is not None else None
    blocks: list[list[tuple[int, int]]] = []
    last: Optional[Paragraph] = None  # the last line of the last run
    joins: list[tuple[int, int]] = []
    for para in doc.paragraphs():
        if last is not None and _is_furniture(para.text, head) \
                and (title is None or para.span.start > title.span.start):
            continue  # no sentence in it; the next line may go on with the last one
        if last is not None and _continues(last, para, text, head):
            joins.append((blocks[-1][-1][1], para.span.start))
            blocks[-1].append((para.span.start, para.span.end))
        else:
            blocks.append([(para.span.start, para.span.end)])
        last = para
    doc.stash[PROSE_JOINS] = joins
    return blocks


def _continues(prev: Paragraph, para: Paragraph, text: str, head: Optional[str]) -> bool:
    """Does the line ``para`` go on with the sentence the line ``prev`` left open?"""
    if _SENTENCE_CLOSED.search(prev.text) or _STARTS_ITEM.match(para.text):
        return False
    if _STARTS_ITEM.match(prev.text) and len(prev.text.strip()) <= 30:
        return False  # a heading: its line is closed
    if prev.text.strip() == head:
        return False
    return all(_is_furniture(line, head) for line in text[prev.span.end:para.span.start].split("\n"))


def _is_furniture(line: str, head: Optional[str]) -> bool:
    line = line.strip().strip("\f").strip()
    return not line or line == head or bool(_PAGE_FURNITURE.fullmatch(line))


def _quoted(doc: Document, span: Span) -> str:
    """The author's words at ``span``, without the line breaks and page
    furniture between the lines of a sentence."""
    out, at = [], span.start
    for start, end in doc.stash.get(PROSE_JOINS, ()):
        if end <= at or start >= span.end:
            continue
        out.append(doc.text[at:start])
        at = end
    out.append(doc.text[at:span.end])
    return "".join(out).strip()


def _own_region(doc: Document) -> Optional[str]:
    """区, 市 or 县 when the report is that region's government's own (its
    body 平潭综合实验区管委会办公室, 安泽县人民政府, …市人民政府办公室), else None."""
    from ...analysis.signature import signature

    body = signature(doc).body
    m = _REGION_GOVERNMENT.search(body) if body else None
    if m is None and body and REGION_NAME.search(body):
        return body[-1]  # the title names the region alone: 平潭综合实验区2022年度…报告
    return m.group("level") if m else None


def _whole_sentence(text: str, start: int, end: int, para: Span) -> str:
    """The sentence (up to 。！？) around the clause ``text[start:end]``, and
    the sentence before it in the paragraph (…共受理政府信息公开申请859件。予以公开
    及部分公开258件，…: the outcomes are of the requests just named)."""
    lo = max(text.rfind(c, para.start, start) for c in "。！？!?")
    if lo > para.start:
        lo = max(text.rfind(c, para.start, lo) for c in "。！？!?")
    lo += 1
    ends = [i for i in (text.find(c, end, para.end) for c in "。！？!?") if i >= 0]
    return text[max(lo, para.start):min(ends, default=para.end)]


def _this_year_part(sentence: str) -> str:
    """A count compared with last year (共收到申请81件，较上年的60件增长35%)
    still states this year's count: the comparison, from the clause where it
    starts, is cut off.  A comparison before any count leaves the sentence
    whole (it is then skipped as being about another time)."""
    m = _COMPARISON.search(sentence)
    if m is None or not _COUNT.search(sentence, 0, m.start()):
        return sentence
    breaks = [b.start() for b in _CLAUSE_END.finditer(sentence, 0, m.start())]
    return sentence[:breaks[-1] if breaks else m.start()]


def _section_of(doc: Document, offset: int) -> Optional[int]:
    for section in doc.sections:
        if section.body.start <= offset < section.body.end:
            return section.number
    return None


def _skip_sentence(sentence: str, year: Optional[int]) -> bool:
    """About another time, body or unit: not comparable with this report's tables."""
    if _SUB_UNIT.search(sentence):
        return True
    if _OTHER_TIME.search(_CARRY_WORDS.sub("", sentence)):
        return True
    return year is not None and any(int(y) != year for y in _YEAR.findall(sentence))


def _about_disclosure(mid: str, sentence: str, numbered_first: bool) -> bool:
    """Requests for disclosure, not 政务服务事项申请 or other applications.

    ``mid`` is the text between the verb and the number (收到政府信息公开申请5件)
    or between the unit and 申请 (收到5件政府信息公开申请).
    """
    if not numbered_first and "申请" not in mid:
        return False
    if "公开" in mid:
        return True
    # 共收到申请5件: bare 申请, in a sentence that says which requests.
    return len(mid.replace("申请", "")) <= 3 and bool(_DISCLOSURE_REQUESTS.search(sentence))


def _clause_before(sentence: str, pos: int) -> str:
    starts = [m.end() for m in _CLAUSE_BREAK.finditer(sentence, 0, pos)]
    return sentence[starts[-1] if starts else 0:pos]


def _claim(kind: str, sentence: str, offset: int, m, key: str = "") -> Optional[Claim]:
    value = parse_count(m.group("num"))
    if value is None or _OTHER_BODY.search(_clause_before(sentence, m.start())):
        return None
    start, end = m.span("num")
    return Claim(kind, value, Span(offset + start, offset + end),
                 Span(offset + m.start(), offset + m.end()), key)


def _sentence_claims(sentence: str, offset: int, in_section3: bool,
                     in_section4: bool) -> Iterable[Claim]:
    taken: list[tuple[int, int]] = []

    def free(m) -> bool:
        return not any(a < m.end() and m.start() < b for a, b in taken)

    for kind, pattern in (("carried", _CARRIED), ("next", _NEXT)):
        for m in pattern.finditer(sentence):
            claim = _claim(kind, sentence, offset, m)
            if claim:
                taken.append(m.span())
                yield claim
    if "申请" in sentence or in_section3:
        yield from _outcome_claims(sentence, offset, taken, free)
    if "公开" in sentence:
        for n, pattern in enumerate(_RECEIVED):
            for m in pattern.finditer(sentence):
                if not free(m):
                    continue
                mid = m.group("mid")
                if _OTHER_OUTCOME.search(mid) or not _about_disclosure(
                        mid, sentence, numbered_first=n == 1):
                    continue
                clause = _clause_before(sentence, m.start("num"))
                if _BREAKDOWN.search(clause) and not _ALL_KINDS.search(clause):
                    continue  # 网上申请3件; but 通过邮寄、网络提交的各类申请共计81件 is the total
                claim = _claim("received", sentence, offset, m)
                if claim:
                    claim.with_carried = bool(_WITH_CARRIED.search(sentence))
                    taken.append(m.span())
                    yield claim
    if in_section4 or "信息公开" in sentence:
        yield from _court_claims(sentence, offset)
    for m in _FEE.finditer(sentence):
        value = Decimal(m.group("num"))
        decimals = len(m.group("num").partition(".")[2])
        if m.group("unit") == "元":
            value, decimals = value / 10000, decimals + 4
        start, end = m.span("num")
        yield Claim("fee", value, Span(offset + start, offset + end),
                    Span(offset + m.start(), offset + m.end()), decimals=decimals)


def _outcome_claims(sentence: str, offset: int, taken: list, free) -> Iterable[Claim]:
    for pattern in _OUTCOME:
        for m in pattern.finditer(sentence):
            if not free(m):
                continue
            word = m.group("kw")
            key = OUTCOME_ROWS["both" if word.endswith("部分公开") and len(word) > 4 else word][0]
            claim = _claim("outcome", sentence, offset, m, key)
            if claim is None:
                continue
            taken.append(m.span())
            yield claim
            pm = _PERCENT.match(sentence, m.end())
            if pm:
                start, end = pm.span("pct")
                yield Claim("percent", Decimal(pm.group("pct")), Span(offset + start, offset + end),
                            Span(offset + m.start(), offset + pm.end()), key,
                            len(pm.group("pct").partition(".")[2]), parent=claim)


def _court_claims(sentence: str, offset: int) -> Iterable[Claim]:
    both = _COURT_BOTH.search(sentence)
    if both:
        for kind in _COURT:
            claim = _claim(kind, sentence, offset, both)
            if claim:
                yield claim
        return
    for kind, word in _COURT.items():
        m = next((m for p in _COURT_CLAIM[kind] for m in p.finditer(sentence)), None)
        if m is not None:
            claim = _claim(kind, sentence, offset, m)
            if claim:
                yield claim
            continue
        at = sentence.find(word)
        if at < 0:
            continue
        clause = _clause_before(sentence, at)
        tail = sentence[at:at + 20]
        neg = _NEGATION.search(clause) if clause else None
        if neg and not _NEGATION_NOT_COUNT.search(tail):
            start = sentence.find(neg.group(), at - len(clause))
            yield Claim(kind, Decimal(0), Span(offset + at, offset + at + len(word)),
                        Span(offset + start, offset + at + len(word)))


# -- the tables' side -------------------------------------------------------------

def _number(cell: Optional[Cell]) -> Optional[Decimal]:
    return cell.value if cell is not None and cell.status == "number" else None


def _table3_total(doc: Document, prefix: str) -> tuple[Optional[Decimal], Optional[Cell]]:
    """Sum of 总计 over table 3 rows with this key (r1) or prefix (r3.), or
    over several keys joined by + (r1+r2)."""
    table = doc.tables.get("table3")
    if table is None:
        return None, None
    if "+" in prefix:
        parts = [_table3_total(doc, p) for p in prefix.split("+")]
        if any(v is None for v, _ in parts):
            return None, None
        return sum(v for v, _ in parts), parts[0][1]
    keys = [k for k in table.rows if k == prefix or (prefix.endswith(".") and k.startswith(prefix))]
    cells = [table.cell(k, "total") for k in keys]
    values = [_row_total(table, k, c) for k, c in zip(keys, cells)]
    if not cells or any(v is None for v in values):
        return None, None
    if prefix.endswith(".") and len(keys) != _group_size(doc, prefix):
        return None, None  # a row of the group is missing: the sum is not the group's
    return sum(values), cells[0]


_APPLICANTS = ("natural", "business", "research", "welfare", "legal", "other")


def _row_total(table, key: str, total: Optional[Cell]) -> Optional[Decimal]:
    """A row's 总计, or, when that cell is left blank, the sum of its applicant
    cells (a report that leaves the 总计 column empty still states the count
    in them; their own blanks, reported by GK210, count as none)."""
    if _number(total) is not None:
        return total.value
    if total is None or total.status != "blank":
        return None
    cells = [table.cell(key, c) for c in _APPLICANTS]
    if any(c is None or c.status not in ("number", "blank") for c in cells):
        return None
    return sum((c.value for c in cells if c.status == "number"), Decimal(0))


def _group_size(doc: Document, prefix: str) -> int:
    form = doc.form
    spec = form.table("table3") if form is not None else None
    return len([r for r in spec.rows if r.key.startswith(prefix)]) if spec else 0


class _TextTableRule(Rule):
    kinds: tuple[str, ...] = ()

    def check(self, doc: Document, ctx):
        wrong: set[int] = set()
        for claim in prose_claims(doc):
            if claim.kind not in self.kinds or (claim.parent and id(claim.parent) in wrong):
                continue  # a percentage of a count already reported
            for finding in self.compare(doc, claim):
                wrong.add(id(claim))
                yield finding

    def compare(self, doc: Document, claim: Claim):  # pragma: no cover - abstract
        raise NotImplementedError

    def mismatch(self, doc: Document, claim: Claim, cell: Cell, where: str, table_value: str,
                 note: str = ""):
        return self.finding(
            doc, f"正文“{claim.phrase}”与{where}（{table_value}）不一致{note}",
            span=claim.span, cell=cell, snippet=claim.phrase)


class RequestCountsText(_TextTableRule):
    """What it finds:
    正文所述申请件数与表三不一致：收到的申请（共收到政府信息公开申请5件、
    本年新收……申请N件、受理依申请公开N件）对照“一、本年新收政府信息公开申请数量”
    的总计（只有句子写明含上年结转时，如“含上年结转2件”，才认可一加二之和：
    上年结转的申请是上一年收到的），
    上年结转的件数（上年结转N件）对照“二、上年结转政府信息公开申请数量”，
    结转下年度的件数（结转下年度继续办理N件）对照“四、结转下年度继续办理”。
    所对照的单元格已由 GK205 指出应填的数、而正文写的正是该数的，是表中一处错误，
    由 GK205 报告，本规则不再重复。

    Why it matters:
    读者从正文读取数据，检查人员核对正文与表格是否一致；两处不一致，
    必有一处是错的。

    Example:
    正文“本年度共收到政府信息公开申请5件”；表三“一、本年新收政府信息公开申请数量”
    总计为3。

    Fix:
    改正正文或表格，使两处写的都是实际件数。

    比较范围：说的是另一年度、另一机关或下属单位（各部门、下属、本级）的句子，
    以及按渠道或按申请人分列的数字，都不比较。“全区、全市、全县”的数字，
    只有当它就是本报告自身的总数时才比较：报告的落款是该地区的政府或其办公室（……
    区管委会办公室、……县人民政府），或者没有落款而标题只写该地区名称（平潭综合实验区
    2022年度……报告），且正文没有给出同类的其他数字。否则不比较：市、
    县政府的报告常写全区域的申请数（包括所有部门和下级政府），
    而表三只统计本级政府，两者本来就不同；部门报告引用的全市数字说的则是别的机关。
    件数后面接着与上年比较的（共收到申请81件，较上年的60件增长35%），
    去掉比较部分照常比较；先写比较、后写件数的句子不比较。
    """

    id = "GK510"
    name = "text-table-requests"
    severity = Severity.WARNING
    summary = "正文所述申请数量与表三不一致"
    kinds = ("received", "carried", "next")

    def compare(self, doc: Document, claim: Claim):
        table = doc.tables.get("table3")
        if table is None:
            return
        new, carried, nxt = (table.cell(k, "total") for k in ("new", "carried", "next"))
        if claim.kind == "received":
            if _number(new) is None:
                return
            allowed = {new.value}
            if _number(carried) is not None and claim.with_carried:
                allowed.add(new.value + carried.value)
            if claim.value not in allowed:
                note = (f"；加上年结转为{_fmt(new.value + carried.value)}"
                        if _number(carried) and carried.value else "")
                yield self.mismatch(doc, claim, new, f"表三“{new.row_label}”总计",
                                    _fmt(new.value), note)
            return
        cell = carried if claim.kind == "carried" else nxt
        if _number(cell) is not None and claim.value != cell.value:
            yield self.mismatch(doc, claim, cell, f"表三“{cell.row_label}”总计", _fmt(cell.value))


class OutcomeCountsText(_TextTableRule):
    """What it finds:
    正文所述办理结果的件数或比例与表三不一致：“予以公开N件”对照“（一）予以公开”
    的总计，“部分公开”对照“（二）部分公开”，“不予公开”“无法提供”“不予处理”
    “其他处理”对照其各小项之和，“占X%”对照表中件数除以“（七）总计”
    （或除以收到的申请数）。

    Why it matters:
    多数读者记住的是正文的概述，它必须与表格一致。

    Example:
    正文“予以公开3件，占60%”；表三“（一）予以公开”总计2，“（七）总计”5。

    Fix:
    改正正文或表格。
    """

    id = "GK511"
    name = "text-table-outcomes"
    severity = Severity.WARNING
    summary = "正文所述办理结果件数或比例与表三不一致"
    kinds = ("outcome", "percent")

    def compare(self, doc: Document, claim: Claim):
        count, cell = _table3_total(doc, claim.key)
        if count is None:
            return
        where = f"表三“{OUTCOME_LABELS[claim.key]}”" + ("各项总计之和" if claim.key.endswith(".")
                                                       else "总计之和" if "+" in claim.key
                                                       else "总计")
        if claim.kind == "outcome":
            if claim.value != count:
                yield self.mismatch(doc, claim, cell, where, _fmt(count))
            return
        bases = [b for b in self._bases(doc) if b]
        if not bases:
            return
        tolerance = Decimal(1).scaleb(-claim.decimals)
        shares = [count * 100 / b for b in bases]
        if all(abs(s - claim.value) > tolerance for s in shares):
            share = shares[0].quantize(Decimal("0.1"))
            yield self.mismatch(doc, claim, cell, where + "占（七）总计的比例",
                                f"{_fmt(count)}件，约{_fmt(share)}%")

    @staticmethod
    def _bases(doc: Document) -> list[Decimal]:
        table = doc.tables["table3"]
        r7, new, carried = (_number(table.cell(k, "total")) for k in ("r7", "new", "carried"))
        out = [b for b in (r7, new) if b is not None]
        if new is not None and carried is not None:
            out.append(new + carried)
        return out


class ReviewLitigationText(_TextTableRule):
    """What it finds:
    正文所述政府信息公开行政复议、行政诉讼的件数（行政复议1件、行政诉讼0件、
    未发生行政复议和行政诉讼）与表四不一致：对照“行政复议”的总计，以及“行政诉讼”
    中“未经复议直接起诉”的总计加“复议后起诉”的总计。
    只读第四部分中的句子或说到信息公开的句子，
    因为政府的报告也可能提到本机关作为复议机关办理的复议案件。

    Why it matters:
    表四和正文说的应是同一批案件。

    Example:
    正文“本年度被申请行政复议1件”；表四“行政复议”总计为0。

    Fix:
    改正正文或表四。
    """

    id = "GK512"
    name = "text-table-review-litigation"
    severity = Severity.WARNING
    summary = "正文所述行政复议、行政诉讼件数与表四不一致"
    kinds = ("review", "litigation")

    def compare(self, doc: Document, claim: Claim):
        table = doc.tables.get("table4")
        if table is None:
            return
        if claim.kind == "review":
            cells = [table.cell("data", "review.total")]
            where = "表四“行政复议 总计”"
        else:
            cells = [table.cell("data", "direct.total"), table.cell("data", "after.total")]
            where = "表四“行政诉讼”（未经复议直接起诉与复议后起诉的总计之和）"
        if any(_number(c) is None for c in cells):
            return
        total = sum(c.value for c in cells)
        if claim.value != total:
            yield self.mismatch(doc, claim, cells[0], where, _fmt(total))


class FeeText(_TextTableRule):
    """What it finds:
    正文所述行政事业性收费金额（行政事业性收费N万元 / N元）与表二第二十条第（八）
    项“本年收费金额（单位：万元）”不一致。以元计的金额换算为万元；
    按正文所写的精度四舍五入后相同的不报告。信息处理费不在任何表中，不比较。

    Why it matters:
    收费金额在报告中公布了两次，两处必须相同。

    Example:
    正文“全年行政事业性收费12.5万元”；表二“本年收费金额”为15。

    Fix:
    改正正文或表格。
    """

    id = "GK513"
    name = "text-table-fee"
    severity = Severity.WARNING
    summary = "正文所述行政事业性收费金额与表二不一致"
    kinds = ("fee",)

    def compare(self, doc: Document, claim: Claim):
        table = doc.tables.get("table2.8")
        cell = table.cell("fees", "fee") if table is not None else None
        if _number(cell) is None:
            return
        table_decimals = len(cell.raw.partition(".")[2]) if "." in cell.raw else 0
        tolerance = Decimal(5).scaleb(-(min(claim.decimals, table_decimals) + 1))
        if abs(cell.value - claim.value) > tolerance:
            yield self.mismatch(doc, claim, cell, "表二“行政事业性收费”本年收费金额",
                                f"{cell.raw}万元")


CONSISTENCY_RULES = [RequestCountsText, OutcomeCountsText, ReviewLitigationText, FeeText]
