"""GK540–GK543: what sections 五 and 六 must say.

五、存在的主要问题及改进情况 states the problems and how they were or will be
addressed; "无" or template text is not an answer.  六、其他需要报告的事项 may be
"无" but not empty.  Under the 2021 format, 六 also reports the information
processing fees charged under 《政府信息公开信息处理费管理办法》(国办函〔2020〕109号).

Information processing fees (信息处理费) are not 表二 第二十条第（八）项 本年收费金额:
that cell is the body's administrative fees (行政事业性收费) in its line of
work.  The tables show information processing fees only indirectly, by 表三
（六）其他处理 2.申请人逾期未按收费通知要求缴纳费用: a count above zero means the
body issued fee notices, so it charged (or tried to charge) the fee and 六
should say how.  GK543 fires only then.
"""
from __future__ import annotations

from itertools import islice

from ... import rx
from ...findings import Severity
from ...model import Document, Paragraph, Section, Span
from ...stash import StashKey
from ..rule import Rule
from ...analysis.signature import signature

_NONE = rx.compile(r"^[（(]?(?:无|暂无|没有|本年度无|本年无|无其他需要报告的事项|无需要报告的事项|"
                      r"无其他事项)[)）]?[。.]?$")
_HAN = rx.compile(r"\p{Han}")
_PROBLEMS = rx.compile(r"问题|不足|差距|薄弱|短板|欠缺|有待|不够|不强|不高|不到位|不完善|不规范|"
                          r"不及时|不全面|不平衡|滞后|困难|缺乏|偏少|较少|单一|仍需|尚需|需进一步")
_IMPROVEMENTS = rx.compile(r"改进|整改|下一步|今后|下阶段|明年|将(?:进一步|继续|持续|加强|着力|不断|切实|认真|"
                              r"全面|积极|重点|坚持|严格)|措施|计划|拟|加强|提升|完善|推进|强化|加大|提高|健全|规范")
# "有待提升", "机制不完善": improvement words inside a problem statement.
_PROBLEM_PHRASES = rx.compile(r"(?:有待|亟待|仍需|尚需|需要|需|不够|不)(?:进一步)?"
                                 r"(?:加强|提升|完善|提高|健全|规范|强化|加大|推进)")
_PROCESSING_FEE = rx.compile(r"信息处理费|收费|费用")
MIN_CONTENT_HAN = 8  # fewer Han characters than this, after template text, is no content


def section_paragraphs(doc: Document, section: Section) -> list[Paragraph]:
    """The section's paragraphs, without the closing signature."""
    sig = signature(doc)
    skip = [s for s in (sig.body_span, sig.date.span if sig.date else None) if s is not None]
    out = []
    for para in doc.paragraphs():
        if not (section.body.start <= para.span.start < section.body.end):
            continue
        overlap = [s for s in skip if s.start < para.span.end and para.span.start < s.end]
        if overlap:
            # The 落款 run on after the last sentence: keep the sentence.
            cut = min(s.start for s in overlap)
            if cut > para.span.start:
                out.append(Paragraph(Span(para.span.start, cut), para.text[:cut - para.span.start]))
            continue
        out.append(para)
    return out


TEMPLATE_PATTERNS = StashKey[list]("template_patterns")  # per run, in RunContext.stash


def template_patterns(ctx) -> list:
    """What counts as template text: the patterns of the placeholder rules
    (GK401–GK404 and any pack's ``placeholder`` rules), one definition for
    the rules that report it and the rules that look past it.  All loaded
    rules count, selected or not: --select does not change what content is."""
    patterns = ctx.stash.get(TEMPLATE_PATTERNS, None)
    if patterns is None:
        from ..kinds import Placeholder

        patterns = [p for rule in ctx.all_rules.values() if isinstance(rule, Placeholder)
                    for p, _, _ in rule.patterns]
        ctx.stash[TEMPLATE_PATTERNS] = patterns
    return patterns


def _content(paragraphs: list[Paragraph], patterns: list) -> str:
    text = "".join(p.text for p in paragraphs)
    for pattern in patterns:
        text = pattern.sub("", text)
    return text.strip()


# {section number: (paragraphs, content without template text, Han count)}
SECTION_TEXT = StashKey[dict[int, tuple[list[Paragraph], str, int]]]("section_text")


def _section_text(doc: Document, section: Section, ctx) -> tuple[list[Paragraph], str, int]:
    """The section's paragraphs, its content without template text, and how
    many Han characters that content has, counted up to MIN_CONTENT_HAN (all
    the rules need to know; cached: four rules ask)."""
    cache = doc.stash.setdefault(SECTION_TEXT, {})
    found = cache.get(section.number)
    if found is None:
        paragraphs = section_paragraphs(doc, section)
        content = _content(paragraphs, template_patterns(ctx))
        han = sum(1 for _ in islice(_HAN.finditer(content), MIN_CONTENT_HAN))
        found = cache[section.number] = (paragraphs, content, han)
    return found


def _at(section: Section, paragraphs: list[Paragraph]) -> Span:
    if paragraphs:
        return paragraphs[0].span
    return section.heading or Span(section.body.start, section.body.start)


class ProblemsSectionEmpty(Rule):
    """What it finds:
    Section 五、存在的主要问题及改进情况 that is empty, says only 无, or holds only
    template text (（此处填写…）, XX, ____).

    Why it matters:
    The 条例 (第五十条) requires the report to state the main problems and how
    they are being improved; every body has something to report here, and
    inspectors mark "无" as non-compliant.

    Example:
    五、存在的主要问题及改进情况 / 无

    Fix:
    State the main problems of the year and the improvements made or planned.
    """

    id = "GK540"
    name = "problems-section-empty"
    severity = Severity.ERROR
    summary = "“五、存在的主要问题及改进情况”没有实际内容"

    def check(self, doc: Document, ctx):
        section = doc.section(5)
        if section is None:
            return
        paragraphs, content, han = _section_text(doc, section, ctx)
        if _NONE.match(content):
            message = "“五、存在的主要问题及改进情况”只写了“无”，应说明存在的主要问题和改进情况"
        elif han < MIN_CONTENT_HAN:
            message = "“五、存在的主要问题及改进情况”没有实际内容，应说明存在的主要问题和改进情况"
        else:
            return
        yield self.finding(doc, message, span=_at(section, paragraphs), snippet="五")


class ProblemsSectionIncomplete(Rule):
    """What it finds:
    Section 五 that states problems but no improvement, or improvements but
    no problem (judged by words such as 问题/不足/薄弱 and 改进/下一步/加强).

    Why it matters:
    The section's title asks for both: 存在的主要问题 及 改进情况.

    Example:
    五、… / 一是公开内容不够全面；二是更新不够及时。(and nothing on what will change)

    Fix:
    Add the missing half.
    """

    id = "GK541"
    name = "problems-section-incomplete"
    severity = Severity.WARNING
    summary = "“五、存在的主要问题及改进情况”缺少问题或改进情况"

    def check(self, doc: Document, ctx):
        section = doc.section(5)
        if section is None:
            return
        paragraphs, content, han = _section_text(doc, section, ctx)
        if _NONE.match(content) or han < MIN_CONTENT_HAN:
            return  # GK540
        missing = []
        if not _PROBLEMS.search(content):
            missing.append("存在的主要问题")
        if not _IMPROVEMENTS.search(_PROBLEM_PHRASES.sub("", content)):
            missing.append("改进情况")
        if len(missing) == 1:
            yield self.finding(doc, f"“五、存在的主要问题及改进情况”没有写{missing[0]}",
                               span=_at(section, paragraphs), snippet=missing[0])


class OtherMattersEmpty(Rule):
    """What it finds:
    Section 六、其他需要报告的事项 with nothing under its heading (the closing
    signature does not count). "无" is an acceptable answer.

    Why it matters:
    Every section of the format is filled in; an empty one looks unfinished.

    Example:
    六、其他需要报告的事项 followed directly by the signature.

    Fix:
    Report the other matters (under the 2021 format including information
    processing fees charged), or write 无.
    """

    id = "GK542"
    name = "other-matters-empty"
    severity = Severity.WARNING
    summary = "“六、其他需要报告的事项”为空（没有事项应写“无”）"

    def check(self, doc: Document, ctx):
        section = doc.section(6)
        if section is None:
            return
        paragraphs, content, han = _section_text(doc, section, ctx)
        if not content or (not _NONE.match(content) and not han):
            yield self.finding(doc, "“六、其他需要报告的事项”没有内容；没有需要报告的事项应写“无”",
                               span=_at(section, paragraphs), snippet="六")


class ProcessingFeeNotReported(Rule):
    """What it finds:
    A 2021-format report whose table 3 shows fee notices (（六）其他处理
    2.申请人逾期未按收费通知要求缴纳费用 above 0) while section 六 says nothing
    about the information processing fee (信息处理费, 收费).

    Why it matters:
    The 2021 format asks section 六 to report the information processing
    fees charged under 《政府信息公开信息处理费管理办法》(国办函〔2020〕109号). A
    fee notice the applicant did not pay shows the body applied the fee.
    表二 第二十条第（八）项 本年收费金额 is not this fee (it is the body's
    administrative fees) and does not trigger the rule.

    Example:
    表三 （六）2 总计 1; 六、其他需要报告的事项 / 无

    Fix:
    State in 六 how many fee notices were issued and the fees collected
    (e.g. 本年度发出收费通知1件，收取信息处理费0元).
    """

    id = "GK543"
    name = "processing-fee-not-reported"
    severity = Severity.WARNING
    summary = "表三显示发出了信息处理费收费通知，但“六”未说明信息处理费收取情况"

    def check(self, doc: Document, ctx):
        table, section = doc.tables.get("table3"), doc.section(6)
        cell = table.cell("r6.2", "total") if table is not None else None
        if section is None or cell is None or cell.status != "number" or cell.value <= 0:
            return
        paragraphs, content, _ = _section_text(doc, section, ctx)
        if _PROCESSING_FEE.search(content):
            return
        yield self.finding(
            doc, f"表三“（六）其他处理 2.申请人逾期未按收费通知要求缴纳费用”为{cell.raw}件，说明发出了收费通知，"
                 "“六、其他需要报告的事项”应说明信息处理费的收取情况", span=_at(section, paragraphs),
            cell=cell, snippet="信息处理费")


SECTION_RULES = [ProblemsSectionEmpty, ProblemsSectionIncomplete, OtherMattersEmpty,
                 ProcessingFeeNotReported]
