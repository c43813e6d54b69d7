"""Variants of the seed reports for the issue-5 rules (format versions,
text against tables, years, dates).  Each builder changes the real seed text
in one documented way, so a test states exactly what it changed."""
from __future__ import annotations

import re

from helpers import SEED_000, SEED_004, seed_text

# Table 2 of the 2019 format (国办公开办函〔2019〕60号) as published in real
# 2019 and 2020 reports (../shared/DOMAIN.md), tab-separated like seed 004.
TABLE2_2019 = """第二十条第（一）项\t\t\t
信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量
规章\t0\t0\t0
规范性文件\t2\t2\t15
第二十条第（五）项\t\t\t
信息内容\t上一年项目数量\t本年增/减\t处理决定数量
行政许可\t12\t-2\t340
其他对外管理服务事项\t3\t+1\t25
第二十条第（六）项\t\t\t
信息内容\t上一年项目数量\t本年增/减\t处理决定数量
行政处罚\t30\t0\t41
行政强制\t2\t0\t0
第二十条第（八）项\t\t\t
信息内容\t上一年项目数量\t本年增/减\t
行政事业性收费\t4\t-1\t
第二十条第（九）项\t\t\t
信息内容\t采购项目数量\t采购总金额\t
政府集中采购\t6\t52.3\t"""

TABLE3_OTHER_2019 = "\t(六) 其他处理\t0\t0\t0\t0\t0\t0\t0"


def seed000() -> str:
    return seed_text(SEED_000)


def seed004() -> str:
    return seed_text(SEED_004)


def _table2_span(text: str) -> tuple[int, int]:
    start = text.index("第二十条第（一）项")
    start = text.rfind("\n", 0, start) + 1
    fee = text.index("行政事业性收费", start)
    return start, text.index("\n", fee)


def with_2019_table2(text: str) -> str:
    """Seed 004 with its table 2 replaced by the 2019 format's table 2."""
    start, end = _table2_span(text)
    return text[:start] + TABLE2_2019 + text[end:]


def with_2019_table3(text: str) -> str:
    """Seed 004 with （六）其他处理 as the 2019 format's single row."""
    lines = text.split("\n")
    first = next(i for i, line in enumerate(lines) if "(六) 其他处理" in line)
    assert lines[first + 2].startswith("\t\t3. 其他")
    lines[first:first + 3] = [TABLE3_OTHER_2019]
    return "\n".join(lines)


def with_year(text: str, year: int) -> str:
    """Every mention of 2021 (the report year) becomes ``year``; the notice
    number 〔2022〕 of the year after becomes 〔year+1〕."""
    text = text.replace("〔2022〕", f"〔{year + 1}〕")
    return re.sub(r"2021(?=\s*年)", str(year), text)


def report_2019(year: int = 2020) -> str:
    """A 2019-format report on ``year``: seed 004 with 2019 tables 2 and 3."""
    return with_year(with_2019_table3(with_2019_table2(seed004())), year)


def set_table3_row(text: str, label: str, values: list[int]) -> str:
    """Seed 004 (tab rows) with the seven numbers of a table 3 row replaced."""
    lines = text.split("\n")
    i = next(i for i, line in enumerate(lines) if label in line)
    cells = lines[i].split("\t")
    numeric = [k for k, c in enumerate(cells) if c.strip().isdigit()]
    assert len(numeric) == 7, lines[i]
    for k, v in zip(numeric, values):
        cells[k] = str(v)
    lines[i] = "\t".join(cells)
    return "\n".join(lines)


def sign(text: str, body: str, date: str) -> str:
    """The report with a closing signature (body and date lines) appended."""
    return text.rstrip("\n") + f"\n\n{body}\n{date}\n"


# The rules of issue 5 (what the tests below assert exact sets of).
ISSUE5_RULES = frozenset({
    "GK110", "GK213", "GK214", "GK215", "GK221", "GK222", "GK223", "GK224",
    "GK501", "GK502", "GK510", "GK511", "GK512", "GK513", "GK520",
    "GK530", "GK531", "GK532", "GK533", "GK540", "GK541", "GK542", "GK543"})


def issue5(findings) -> list:
    """The findings of the issue-5 rules."""
    return [f for f in findings if f.rule_id in ISSUE5_RULES]


def ids_lines(findings) -> set:
    return {(f.rule_id, f.location.line) for f in issue5(findings)}


def line_with(text: str, needle: str) -> int:
    """1-based number of the first line containing ``needle``."""
    return text[:text.index(needle)].count("\n") + 1


def analysed(text: str, name: str = "report.txt"):
    """The Document of ``text`` after the engine chose its form and matched its tables."""
    from helpers import linter

    from gklint.analysis.structure import analyse

    lint = linter()
    doc = lint.readers[".txt"].read(name, text.encode("utf-8"), lint.read_options)
    return analyse(doc, lint.choose_form(doc))
