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


def template_reported(doc: Document, section: Section, ctx) -> bool:
    """Does a placeholder rule that runs (GK404 on （文字描述）, GK401 on XX…)
    report template text in the section?  Then a section holding nothing
    else is that one finding, not also an empty-section one (one defect, one
    finding); with those rules off (--select GK540) the section rule speaks."""
    from ..kinds import Placeholder

    text = "".join(p.text for p in section_paragraphs(doc, section))
    return any(p.search(text) for rule in ctx.rules if isinstance(rule, Placeholder)
               for p, _, _ in rule.patterns)


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
    “五、存在的主要问题及改进情况”为空，只写了“无”，或者只有模板文字（（此处填写……）、
    XX、____）。模板文字就是占位符规则（GK401–GK404）所匹配的文字，两处用同一个定义；
    占位符规则已报告五中留下的模板文字时，只给那一条（一个缺陷，一条结果）。

    Why it matters:
    《中华人民共和国政府信息公开条例》第五十条要求年度报告写明政府信息公开工作存
    在的主要问题及改进情况；每个机关在这里都应有内容可写，检查中写“无”
    的按不合格处理。

    Example:
    五、存在的主要问题及改进情况 / 无

    Fix:
    写明本年度存在的主要问题，以及已经采取或计划采取的改进措施。
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
            if template_reported(doc, section, ctx):
                return  # the template text left in it is the finding
            message = "“五、存在的主要问题及改进情况”没有实际内容，应说明存在的主要问题和改进情况"
        else:
            return
        yield self.finding(doc, message, span=_at(section, paragraphs), snippet="五")


class ProblemsSectionIncomplete(Rule):
    """What it finds:
    第五部分只写了问题而没有改进情况，或者只写了改进而没有问题（按“问题、不足、
    薄弱”和“改进、下一步、加强”等词判断）。

    Why it matters:
    该部分的标题要求两者都写：存在的主要问题，及改进情况。

    Example:
    五、…… / 一是公开内容不够全面；二是更新不够及时。（没有写怎样改进）

    Fix:
    补上缺少的那一半。
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
    “六、其他需要报告的事项”标题下没有任何内容（落款不算）。写“无”是可以的。
    六中只留下模板文字（（文字描述，收取信息处理费情况在此处报告。））时，
    由占位符规则报告这一条，本规则不再重复。

    Why it matters:
    格式的每个部分都要填写；空着的部分看起来像是没有写完。

    Example:
    “六、其他需要报告的事项”后面直接就是落款。

    Fix:
    写明其他需要报告的事项（2021年版格式下包括收取信息处理费的情况），
    没有则写“无”。
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
        if (not content or (not _NONE.match(content) and not han)) \
                and not template_reported(doc, section, ctx):
            yield self.finding(doc, "“六、其他需要报告的事项”没有内容；没有需要报告的事项应写“无”",
                               span=_at(section, paragraphs), snippet="六")


class ProcessingFeeNotReported(Rule):
    """What it finds:
    2021年版格式的报告，表三显示发出过收费通知（“（六）其他处理
    2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请”
    大于0），而第六部分没有提到信息处理费（信息处理费、收费）。

    Why it matters:
    2021年版格式要求在第六部分报告依据《政府信息公开信息处理费管理办法》
    （国办函〔2020〕109号）收取信息处理费的情况；发出了收费通知、申请人未缴费，
    说明本机关适用过信息处理费。表二第二十条第（八）项“本年收费金额”
    不是这项费用（它是本机关的行政事业性收费），不触发本规则。

    Example:
    表三“（六）其他处理 2”总计1；六、其他需要报告的事项 / 无

    Fix:
    在第六部分写明发出收费通知的件数和收取的信息处理费金额（如“本年度发出收费通
    知1件，收取信息处理费0元”）。
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
