"""The oracle: reports written from known numbers, with known defects planted.

A :class:`Figures` holds every number of tables 2–4, chosen so that every
identity of the form holds (表三 rows and columns, 一 + 二 = （七）总计 + 四,
表四 totals).  :func:`write_report` writes a complete, valid report of the
2021 or the 2019 format from it: title with the year, the six sections,
prose that restates figures of the tables (requests received, 予以公开,
行政复议), the three tables as tab-separated rows (the layout of seed 004, as
a text export of a Word report gives it) and a closing signature (落款) of
body and date.  Such a report must give no finding at all.

:data:`PLANTS` are the defects: each takes the valid text and returns the
text with one defect and the findings it must give, exactly — rule id,
table / row / column of a cell, or the line and column of a text defect
(:class:`Expected`).  ``tests/test_oracle*.py`` check them in every format.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Callable, Optional

# -- the figures ----------------------------------------------------------------

T3_APPLICANTS = ("natural", "business", "research", "welfare", "legal", "other")
T3_COLUMN_LABELS = {"natural": "自然人", "business": "商业企业", "research": "科研机构",
                    "welfare": "社会公益组织", "legal": "法律服务机构", "other": "其他",
                    "total": "总计"}
T3_OUTCOMES_2021 = ("r1", "r2", *(f"r3.{i}" for i in range(1, 9)),
                    *(f"r4.{i}" for i in range(1, 4)), *(f"r5.{i}" for i in range(1, 6)),
                    *(f"r6.{i}" for i in range(1, 4)))
T3_OUTCOMES_2019 = T3_OUTCOMES_2021[:-3] + ("r6",)
T4_GROUPS = ("review", "direct", "after")
T4_PARTS = ("upheld", "corrected", "other", "pending")


@dataclass
class Figures:
    """Every number of a report.  ``t3[row][column]`` for the six applicant
    columns (总计 and （七）总计 are computed), ``t4[group][part]`` for the four
    results (总计 computed), ``t2`` the numbers of table 2 in writing order."""

    version: str
    t3: dict[str, dict[str, int]]
    t4: dict[str, dict[str, int]]
    t2: list = field(default_factory=list)
    fee: Decimal = Decimal("0")

    @property
    def outcomes(self) -> tuple[str, ...]:
        return T3_OUTCOMES_2021 if self.version == "2021" else T3_OUTCOMES_2019

    def t3_cell(self, row: str, column: str) -> int:
        if row == "r7":
            return sum(self.t3_cell(r, column) for r in self.outcomes)
        if column == "total":
            return sum(self.t3_cell(row, c) for c in T3_APPLICANTS)
        return self.t3[row][column]

    def t4_cell(self, group: str, part: str) -> int:
        if part == "total":
            return sum(self.t4[group][p] for p in T4_PARTS)
        return self.t4[group][part]

    def received(self) -> int:
        return self.t3_cell("new", "total")


def make_figures(rng: random.Random, version: str = "2021", *, busy: float = 0.5,
                 high: int = 9) -> Figures:
    """Figures that satisfy every identity; ``busy`` is the share of outcome
    cells that are not 0 (reports are mostly zeros)."""
    outcomes = T3_OUTCOMES_2021 if version == "2021" else T3_OUTCOMES_2019

    def count() -> int:
        return rng.randint(1, high) if rng.random() < busy else 0

    t3: dict[str, dict[str, int]] = {r: {} for r in ("new", "carried", *outcomes, "next")}
    for column in T3_APPLICANTS:
        for row in outcomes:
            t3[row][column] = count()
        handled = sum(t3[r][column] for r in outcomes)
        t3["next"][column] = count()
        # 一 + 二 = （七） + 四: the carried-over share is at most what is accounted for.
        t3["carried"][column] = rng.randint(0, handled + t3["next"][column]) if busy else 0
        t3["new"][column] = handled + t3["next"][column] - t3["carried"][column]
    t4 = {g: {p: count() for p in T4_PARTS} for g in T4_GROUPS}
    size = (_T2_2021 if version == "2021" else _T2_2019).count("{}")
    t2 = [rng.randint(0, 3 * high) for _ in range(size)]
    fee = Decimal(rng.randint(0, 500)) / 10
    return Figures(version, t3, t4, t2, fee)


# -- the report text ----------------------------------------------------------------

BODY = "临渭区阎村镇人民政府"
SIGNED = "2022年1月20日"

_T3_HEAD = (
    "(本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和)\t\t申请人情况"
    "\t\t\t\t\t\t总计\t\n"
    "\t\t自然人\t法人或其他组织\t\t\t\t\t\t\n"
    "\t\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t\t")
# (row key, the label cells before its numbers), as seed 004 lays them out.
_T3_LABELS = {
    "new": ["一、本年新收政府信息公开申请数量", ""],
    "carried": ["二、上年结转政府信息公开申请数量", ""],
    "r1": ["三、本年度办理结果", "(一) 予以公开"],
    "r2": ["", "(二) 部分公开(区分处理的, 只计这一情形, 不计其他情形)"],
    "r3.1": ["", "(三) 不予公开", "1. 属于国家秘密"],
    "r3.2": ["", "", "2. 其他法律行政法规禁止公开"],
    "r3.3": ["", "", "3. 危及“三安全一稳定”"],
    "r3.4": ["", "", "4. 保护第三方合法权益"],
    "r3.5": ["", "", "5. 属于三类内部事务信息"],
    "r3.6": ["", "", "6. 属于四类过程性信息"],
    "r3.7": ["", "", "7. 属于行政执法案卷"],
    "r3.8": ["", "", "8. 属于行政查询事项"],
    "r4.1": ["", "(四) 无法提供", "1. 本机关不掌握相关政府信息"],
    "r4.2": ["", "", "2. 没有现成信息需要另行制作"],
    "r4.3": ["", "", "3. 补正后申请内容仍不明确"],
    "r5.1": ["", "(五) 不予处理", "1. 信访举报投诉类申请"],
    "r5.2": ["", "", "2. 重复申请"],
    "r5.3": ["", "", "3. 要求提供公开出版物"],
    "r5.4": ["", "", "4. 无正当理由大量反复申请"],
    "r5.5": ["", "", "5. 要求行政机关确认或重新出具已获取信息"],
    "r6.1": ["", "(六) 其他处理", "1. 申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"],
    "r6.2": ["", "", "2. 申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"],
    "r6.3": ["", "", "3. 其他"],
    "r6": ["", "(六) 其他处理"],
    "r7": ["", "(七) 总计"],
    "next": ["", "四、结转下年度继续办理", ""],
}
_T4_HEAD = (
    "行政复议\t\t\t\t\t行政诉讼\t\t\t\t\t\t\t\t\t\n"
    "结果 维持\t结果 纠正\t其他 结果\t尚未 审结\t总计\t未经复议直接起诉\t\t\t\t\t复议后起诉\t\t\t\t\n"
    "\t\t\t\t\t结果 维持\t结果 纠正\t其他 结果\t尚未 审结\t总计\t结果 维持\t结果 纠正\t其他 结果"
    "\t尚未 审结\t总计")
_T2_2021 = """第二十条第（一）项\t\t\t
信息内容\t本年制发件数\t本年废止件数\t现行有效件数
规章\t{}\t{}\t{}
行政规范性文件\t{}\t{}\t{}
第二十条第（五）项\t\t\t
信息内容\t本年处理决定数量\t\t
行政许可\t{}\t\t
第二十条第（六）项\t\t\t
信息内容\t本年处理决定数量\t\t
行政处罚\t{}\t\t
行政强制\t{}\t\t
第二十条第（八）项\t\t\t
信息内容\t本年收费金额（单位：万元）\t\t
行政事业性收费\t{fee}\t\t"""
_T2_2019 = """第二十条第（一）项\t\t\t
信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量
规章\t{}\t{}\t{}
规范性文件\t{}\t{}\t{}
第二十条第（五）项\t\t\t
信息内容\t上一年项目数量\t本年增/减\t处理决定数量
行政许可\t{}\t{}\t{}
其他对外管理服务事项\t{}\t{}\t{}
第二十条第（六）项\t\t\t
信息内容\t上一年项目数量\t本年增/减\t处理决定数量
行政处罚\t{}\t{}\t{}
行政强制\t{}\t{}\t{}
第二十条第（八）项\t\t\t
信息内容\t上一年项目数量\t本年增/减\t
行政事业性收费\t{}\t{}\t
第二十条第（九）项\t\t\t
信息内容\t采购项目数量\t采购总金额\t
政府集中采购\t{}\t{fee}\t"""

HEADINGS = {1: "一、总体情况", 2: "二、主动公开政府信息情况",
            3: "三、收到和处理政府信息公开申请情况", 4: "四、政府信息公开行政复议、行政诉讼情况",
            5: "五、存在的主要问题及改进情况", 6: "六、其他需要报告的事项"}

# Sentences that state a figure of table 3 or 4 (the prose claims GK510–GK513 read).
RECEIVED = "本年度共收到政府信息公开申请{}件，均已按期答复。"
REVIEW = "本年度因政府信息公开被申请行政复议{}件。"


def table3_text(fig: Figures) -> str:
    rows = [_T3_HEAD]
    for key in ("new", "carried", *fig.outcomes, "r7", "next"):
        numbers = [str(fig.t3_cell(key, c)) for c in (*T3_APPLICANTS, "total")]
        rows.append("\t".join(_T3_LABELS[key] + numbers))
    return "\n".join(rows)


def table4_text(fig: Figures) -> str:
    numbers = [str(fig.t4_cell(g, p)) for g in T4_GROUPS for p in (*T4_PARTS, "total")]
    return _T4_HEAD + "\n" + "\t".join(numbers)


def table2_text(fig: Figures) -> str:
    template = _T2_2021 if fig.version == "2021" else _T2_2019
    return template.format(*fig.t2, fee=fig.fee)


def write_report(fig: Figures, *, year: Optional[int] = None, body: str = BODY,
                 signed: Optional[str] = None, claims: bool = True) -> str:
    """A complete report that satisfies every check gklint makes.  Without
    ``claims`` the prose states no figure of the tables (for tests of the
    tables alone)."""
    year = year or (2021 if fig.version == "2021" else 2020)
    signed = signed or f"{year + 1}年1月20日"
    paragraphs = [
        body, f"{year}年政府信息公开工作年度报告",
        f"本报告由{body}根据《中华人民共和国政府信息公开条例》要求编制。本报告中所列数据的统计期限"
        f"自{year}年1月1日起至{year}年12月31日止。",
        HEADINGS[1],
        f"{year}年，我镇认真贯彻《中华人民共和国政府信息公开条例》，着力加强制度建设。"
        + (RECEIVED.format(fig.received()) + REVIEW.format(fig.t4_cell("review", "total"))
           if claims else ""),
        HEADINGS[2], table2_text(fig),
        HEADINGS[3], table3_text(fig),
        HEADINGS[4], table4_text(fig),
        HEADINGS[5],
        "（一）存在问题。公开的政府信息在内容更新及时性方面与群众的需求还有差距。",
        "（二）改进措施。进一步加强培训，提升工作人员的业务能力。",
        HEADINGS[6], "本年度未收取信息处理费。",
        body, signed,
    ]
    return "\n\n".join(paragraphs) + "\n"


def valid_report(seed: int = 0, version: str = "2021", **kwargs) -> tuple[Figures, str]:
    fig = make_figures(random.Random(seed), version)
    return fig, write_report(fig, **kwargs)


# -- planted defects ------------------------------------------------------------------

@dataclass(frozen=True)
class Expected:
    """One finding a planted defect must give: rule id, the cell (table, row,
    column labels) or the text it is about (``needle``: the finding's line
    and column are those of ``needle``'s first character; ``nth`` occurrence),
    and a piece its message must contain."""

    rule: str
    table: Optional[str] = None
    row: Optional[str] = None
    column: Optional[str] = None
    needle: Optional[str] = None
    nth: int = 0
    message: str = ""


Plant = Callable[[Figures, str], tuple[str, list[Expected]]]


def _replace_once(text: str, old: str, new: str, nth: int = 0) -> str:
    start = -1
    for _ in range(nth + 1):
        start = text.index(old, start + 1)
    return text[:start] + new + text[start + len(old):]


T3_ROW_LABELS = {
    "new": "一、本年新收政府信息公开申请数量", "carried": "二、上年结转政府信息公开申请数量",
    "r1": "（一）予以公开", "r2": "（二）部分公开", "r7": "（七）总计",
    "next": "四、结转下年度继续办理", "r6": "（六）其他处理",
}


def t3_row_label(key: str) -> str:
    """The row label gklint's form gives (rules/form-2021.yaml)."""
    if key in T3_ROW_LABELS:
        return T3_ROW_LABELS[key]
    group, item = key[1:].split(".")
    heads = {"3": "（三）不予公开", "4": "（四）无法提供", "5": "（五）不予处理", "6": "（六）其他处理"}
    item_label = _T3_LABELS[key][-1].replace(". ", ".")
    if key == "r6.1":
        item_label = "1.申请人无正当理由逾期不补正"
    elif key == "r6.2":
        item_label = "2.申请人逾期未按收费通知要求缴纳费用"
    return f"{heads[group]} {item_label}"


def t3_line_index(fig: Figures, row: str) -> int:
    """0-based position of ``row`` among table 3's data lines."""
    return ("new", "carried", *fig.outcomes, "r7", "next").index(row)


def set_t3_cell(text: str, fig: Figures, row: str, column: str, value: str) -> str:
    """``text`` with one cell of table 3 written as ``value``."""
    lines = text.split("\n")
    head = next(i for i, line in enumerate(lines) if line.startswith("(本列数据的勾稽关系"))
    i = head + 3 + t3_line_index(fig, row)
    cells = lines[i].split("\t")
    k = len(_T3_LABELS[row]) + (*T3_APPLICANTS, "total").index(column)
    cells[k] = value
    lines[i] = "\t".join(cells)
    return "\n".join(lines)


def set_t4_cell(text: str, group: str, part: str, value: str) -> str:
    lines = text.split("\n")
    i = next(i for i, line in enumerate(lines) if line.startswith("\t\t\t\t\t结果 维持")) + 1
    cells = lines[i].split("\t")
    cells[T4_GROUPS.index(group) * 5 + (*T4_PARTS, "total").index(part)] = value
    lines[i] = "\t".join(cells)
    return "\n".join(lines)


def plant_cell(row: str, column: str, delta: int = 1) -> Plant:
    """A changed cell of table 3 that is not a total: its row and its
    column no longer add up, and the one finding names the cell and the
    value it should hold (GK205)."""
    def plant(fig: Figures, text: str):
        old = fig.t3_cell(row, column)
        new = old + delta
        expected = Expected("GK205", "表三", t3_row_label(row), T3_COLUMN_LABELS[column],
                            message=f"应为{old}（现为{new}）")
        return set_t3_cell(text, fig, row, column, str(new)), [expected]
    plant.__name__ = f"cell_{row}_{column}"
    return plant


def plant_missing_section(number: int) -> Plant:
    """The heading of one section deleted (its body, or its table, stays)."""
    def plant(fig: Figures, text: str):
        return (_replace_once(text, HEADINGS[number] + "\n\n", ""),
                [Expected("GK101", message=HEADINGS[number][2:])])
    plant.__name__ = f"missing_section_{number}"
    return plant


def plant_placeholder(fig: Figures, text: str):
    """The author left the template's prompt in 六."""
    new = _replace_once(text, "未收取信息处理费。", "未收取信息处理费。【请填写其他需要报告的事项】")
    return new, [Expected("GK404", needle="【请填写其他需要报告的事项】")]


def plant_garble(fig: Figures, text: str):
    """OCR read 有 as 冇 in the prose of 五."""
    new = _replace_once(text, "还有差距", "还冇差距")
    return new, [Expected("GK301", needle="冇")]


def plant_wrong_prose_number(fig: Figures, text: str):
    """The prose states one request more than table 3 has."""
    claimed = RECEIVED.format(fig.received())
    wrong = RECEIVED.format(fig.received() + 1)
    new = _replace_once(text, claimed, wrong)
    number = str(fig.received() + 1)
    return new, [Expected("GK510", needle=number + "件，均已按期答复",
                          message=str(fig.received()))]


def plant_missing_signature(fig: Figures, text: str):
    """No 落款: the body and date at the end are gone."""
    end = text.rstrip("\n")
    cut = end.rfind("\n\n", 0, end.rfind("\n\n"))
    return end[:cut] + "\n", [Expected("GK530")]


PLANTS: dict[str, Plant] = {
    "cell": plant_cell("r1", "natural", 2),
    "missing_section_6": plant_missing_section(6),
    "placeholder": plant_placeholder,
    "garble": plant_garble,
    "wrong_prose_number": plant_wrong_prose_number,
    "missing_signature": plant_missing_signature,
}


# -- the same report in other formats ---------------------------------------------


def to_markdown(text: str) -> str:
    """The report as Markdown: headings as ``##``, tables as pipe tables (the
    first row of each table as its header row, then the separator)."""
    out: list[str] = []
    rows: list[list[str]] = []

    def flush() -> None:
        if not rows:
            return
        width = max(len(r) for r in rows)
        padded = [r + [""] * (width - len(r)) for r in rows]
        out.append("| " + " | ".join(padded[0]) + " |")
        out.append("|" + "---|" * width)
        out.extend("| " + " | ".join(r) + " |" for r in padded[1:])
        out.append("")
        rows.clear()

    for line in text.split("\n"):
        if "\t" in line:
            rows.append(line.split("\t"))
            continue
        flush()
        out.append(f"## {line}" if line in HEADINGS.values() else line)
    flush()
    return "\n".join(out)


def following_year(last: Figures, rng: random.Random, *, carried_on: Optional[int] = None) -> Figures:
    """Figures of the next year's report of the same body: its 二、上年结转 is
    ``last``'s 四、结转下年度继续办理, column by column (or, with ``carried_on``,
    that many requests in 自然人 and none elsewhere: a planted mismatch)."""
    fig = make_figures(rng, "2021")
    for column in T3_APPLICANTS:
        carried = last.t3_cell("next", column)
        if carried_on is not None:
            carried = carried_on if column == "natural" else 0
        handled = sum(fig.t3[r][column] for r in fig.outcomes)
        fig.t3["carried"][column] = carried
        fig.t3["next"][column] = max(fig.t3["next"][column], carried - handled)
        fig.t3["new"][column] = handled + fig.t3["next"][column] - carried
    return fig
