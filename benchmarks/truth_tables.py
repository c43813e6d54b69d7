"""Check the form's identities on table numbers transcribed by hand.

    python benchmarks/truth_tables.py fixtures/real/TABLES.yaml

Used to judge the truth of fixtures/real (never gklint's output): a person
reads each report and writes its 表三 and 表四 numbers to a YAML (or JSON)
file, one entry per report:

    "2023_pingtan_city.txt":
      form: 2021                 # 2019: （六）其他处理 is one row
      table3:                    # 7 numbers a row: 自然人, 商业企业, 科研机构,
        一: [80, 1, 0, 0, 0, 0, 81]   # 社会公益组织, 法律服务机构, 其他, 总计
        二: 0
        三: [22, [19, 1, 0, 0, 0, 0, 20], 0, ...]   # （一）…（六） item rows in form order
        七: [80, 1, 0, 0, 0, 0, 81]
        四: 0
      table4: [1, 1, 0, 0, 2, 4, 0, 0, 1, 5, 1, 0, 1, 0, 2]

A row written as one integer n is a row whose only applicants are natural
persons, [n, 0, 0, 0, 0, 0, n] (0 is a row of zeros); ``null`` is a blank
cell (it counts as 0 in the sums and is listed).  The script prints every
identity that does not hold and exits 1 if any:

* 表三 every row: 总计 = the six applicant columns;
* 表三 every column: （七）总计 = the item rows of 三 (21 rows, 2019: 19);
* 表三 every column: 一 + 二 = （七）总计 + 四 (本列数据的勾稽关系);
* 表四 each of the three groups: 总计 = 维持 + 纠正 + 其他 + 尚未审结.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from ruamel.yaml import YAML

COLUMNS = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")
ITEM_ROWS = {"2021": 21, "2019": 19}
GROUPS = ("行政复议", "未经复议直接起诉", "复议后起诉")


def row(value) -> list:
    """Seven cells from the transcription's shorthand."""
    if isinstance(value, int):
        return [value, 0, 0, 0, 0, 0, value]
    if not isinstance(value, list) or len(value) != 7:
        raise ValueError(f"a 表三 row needs 7 numbers: {value!r}")
    return value


def _n(cell) -> int | float:
    return 0 if cell is None else cell


def check_table3(form: str, t3: dict) -> list[str]:
    problems = []
    one, two, total, carry = (row(t3[k]) for k in ("一", "二", "七", "四"))
    items = [row(v) for v in t3["三"]]
    if len(items) != ITEM_ROWS[form]:
        problems.append(f"表三 三 has {len(items)} item rows, the {form} form has {ITEM_ROWS[form]}")
    named = [("一", one), ("二", two), ("七", total), ("四", carry)]
    named += [(f"三 item {i + 1}", r) for i, r in enumerate(items)]
    for name, cells in named:
        if sum(_n(c) for c in cells[:6]) != _n(cells[6]):
            problems.append(f"表三 {name}: row total {cells[6]} != sum {sum(_n(c) for c in cells[:6])}")
        problems += [f"表三 {name} / {COLUMNS[i]}: blank" for i, c in enumerate(cells) if c is None]
    for col, label in enumerate(COLUMNS):
        items_sum = sum(_n(r[col]) for r in items)
        if items_sum != _n(total[col]):
            problems.append(f"表三 （七）总计 / {label}: {total[col]} != items sum {items_sum}")
        if _n(one[col]) + _n(two[col]) != _n(total[col]) + _n(carry[col]):
            problems.append(f"表三 勾稽 / {label}: 一+二 = {_n(one[col]) + _n(two[col])}, "
                            f"七+四 = {_n(total[col]) + _n(carry[col])}")
    return problems


def check_table4(cells: list) -> list[str]:
    if len(cells) != 15:
        return [f"表四 needs 15 numbers, has {len(cells)}"]
    problems = [f"表四 cell {i + 1}: blank" for i, c in enumerate(cells) if c is None]
    for g, name in enumerate(GROUPS):
        part = cells[5 * g:5 * g + 5]
        if sum(_n(c) for c in part[:4]) != _n(part[4]):
            problems.append(f"表四 {name}: 总计 {part[4]} != sum {sum(_n(c) for c in part[:4])}")
    return problems


def check(entry: dict) -> list[str]:
    form = str(entry.get("form", "2021"))
    problems = check_table3(form, entry["table3"]) if "table3" in entry else []
    return problems + (check_table4(entry["table4"]) if "table4" in entry else [])


def load(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    return json.loads(text) if path.suffix == ".json" else YAML(typ="safe").load(text)


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__.split("\n\n")[1])
        return 2
    bad = 0
    for name, entry in load(Path(argv[0])).items():
        problems = check(entry)
        bad += bool(problems)
        print(f"{name}: {'ok' if not problems else ''}")
        for p in problems:
            print(f"  {p}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
