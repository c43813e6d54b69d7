"""GK520 over more than a pair: only the previous year is compared, a gap
compares nothing, copies with different figures are each compared, a
report without table 3 or with a blank carried-over cell still serves its
neighbours, and short body names group reports only within one folder."""
from __future__ import annotations

from compliance_builders import set_table3_row, with_year
from helpers import SEED_004, assert_read, linter, seed_text

from gklint.linting.checks.crossyear import batch_facts, same_body_groups


def report(year: int, carried: int | None, carried_on: int, body: str = "") -> str:
    """Seed 004 on ``year``: ``carried`` requests from the year before (None:
    the cell left blank) and ``carried_on`` to the next; the columns balance."""
    text = with_year(seed_text(SEED_004), year)
    if carried is None:
        lines = text.split("\n")
        i = next(i for i, line in enumerate(lines) if "二、上年结转" in line)
        lines[i] = lines[i].rsplit("\t", 2)[0] + "\t\t"  # 总计 blank
        text = "\n".join(lines)
        carried = 0
    else:
        text = set_table3_row(text, "二、上年结转", [carried, 0, 0, 0, 0, 0, carried])
    new = carried_on
    text = set_table3_row(text, "一、本年新收", [new, 0, 0, 0, 0, 0, new])
    text = set_table3_row(text, "(一) 予以公开", [carried, 0, 0, 0, 0, 0, carried])
    text = set_table3_row(text, "(七) 总计", [carried, 0, 0, 0, 0, 0, carried])
    text = set_table3_row(text, "四、结转下年度继续办理", [carried_on, 0, 0, 0, 0, 0, carried_on])
    if body:
        text = text.replace("临渭区阎村镇人民政府\n", "") + f"\n\n{body}\n{year + 1}年1月20日\n"
    return text


def run(folder, files: dict):
    paths = {}
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        paths[name] = str(path)
    lint = linter()
    # Every file read (not refused, GK9xx): no comparison between refused
    # files would make each "compares nothing" below pass.
    results = [assert_read(lint.check_file(p), whole=False) for p in paths.values()]
    return paths, lint.check_batch(results), results


def carry(findings):
    return [(f.path, f.message) for f in findings if f.rule_id == "GK520"]


def test_each_year_is_compared_with_the_year_before_only(tmp_path):
    paths, added, _ = run(tmp_path, {"b/2019.txt": report(2019, 0, 5),
                                     "b/2020.txt": report(2020, 5, 1),
                                     "b/2021.txt": report(2021, 3, 0)})
    # 2020 agrees with 2019 (5); 2021 (3) disagrees with 2020 (1), not with 2019.
    assert carry(added) == [(paths["b/2021.txt"],
                             f"表三“二、上年结转政府信息公开申请数量”总计为3，但上一年度（2020年）报告 "
                             f"{paths['b/2020.txt']} 表三“四、结转下年度继续办理”总计为1，两者应相等")]


def test_a_gap_year_compares_nothing(tmp_path):
    _, added, _ = run(tmp_path, {"b/2019.txt": report(2019, 0, 5),
                                 "b/2021.txt": report(2021, 3, 0)})
    assert carry(added) == []


def test_copies_with_different_figures_are_each_compared(tmp_path):
    paths, added, _ = run(tmp_path, {"b/2020.txt": report(2020, 0, 2),
                                     "b/2021.txt": report(2021, 1, 0),
                                     "b/2021_修订.txt": report(2021, 2, 0)})
    # The revised copy agrees (2); the first copy (1) does not.
    assert [path for path, _ in carry(added)] == [paths["b/2021.txt"]]


def test_blank_carried_cell_still_lets_the_next_year_be_compared(tmp_path):
    paths, added, _ = run(tmp_path, {"b/2020.txt": report(2020, 0, 2),
                                     "b/2021.txt": report(2021, None, 4),
                                     "b/2022.txt": report(2022, 1, 0)})
    # 2021's own 上年结转 is blank (nothing to compare with 2020); its
    # 结转下年度 (4) is still compared with 2022's 上年结转 (1).
    assert [path for path, _ in carry(added)] == [paths["b/2022.txt"]]
    assert "总计为4" in carry(added)[0][1]


def test_a_report_without_table3_is_left_out_quietly(tmp_path):
    last = report(2020, 0, 2)
    start = last.index("三、收到和处理政府信息公开申请情况")
    end = last.index("四、政府信息公开行政复议")
    no_table = last[:start] + last[end:]
    paths, added, results = run(tmp_path, {"b/2020.txt": no_table, "b/2021.txt": report(2021, 0, 0)})
    assert carry(added) == []
    assert "GK990" not in [f.rule_id for r in results for f in r.findings]
    assert "table3_next" not in results[0].meta and results[1].meta["table3_carried"]["value"] == "0"


def test_facts_of_a_report_name_the_cells(tmp_path):
    lint = linter()
    text = report(2021, 3, 0)
    facts = lint.check_bytes("r.txt", text.encode("utf-8")).meta
    line = text[:text.index("二、上年结转")].count("\n") + 1
    row = text.split("\n")[line - 1]
    column = row.rindex("\t3") + 2  # the row's last figure, its 总计
    assert facts["table3_carried"] == {"value": "3", "line": line, "column": column, "page": None,
                                       "paragraph": None, "row": "二、上年结转政府信息公开申请数量",
                                       "column_label": "总计", "table": "表三"}
    assert facts["table3_next"]["value"] == "0"


def test_six_character_names_group_across_folders_shorter_ones_do_not(tmp_path):
    six, five = "临渭区财政局", "渭南财政局"
    assert len(six) == 6 and len(five) == 5
    paths, added, _ = run(tmp_path, {"x/2020.txt": report(2020, 0, 2, six),
                                     "y/2021.txt": report(2021, 0, 0, six)})
    assert [path for path, _ in carry(added)] == [paths["y/2021.txt"]]
    _, added, results = run(tmp_path / "short", {"x/2020.txt": report(2020, 0, 2, five),
                                                 "y/2021.txt": report(2021, 0, 0, five)})
    assert carry(added) == [] and same_body_groups(results) == []
    paths, added, _ = run(tmp_path / "one", {"d/a.txt": report(2020, 0, 2, five),
                                             "d/b.txt": report(2021, 0, 0, five),
                                             "d/c.txt": report(2021, 0, 0, "临渭区官道镇人民政府")})
    assert [path for path, _ in carry(added)] == [paths["d/b.txt"]]


def test_batch_facts_without_tables(tmp_path):
    doc = linter().readers[".txt"].read("r.txt", "某某县人民政府\n2022年1月5日\n".encode("utf-8"),
                                         linter().read_options)
    assert set(batch_facts(doc)) == {"body"}


def test_file_names_never_join_two_named_bodies(tmp_path):
    # x_2020 and x_2021 differ only in the year, but are signed by two bodies.
    _, added, results = run(tmp_path, {"d/x_2020.txt": report(2020, 0, 2, "临渭区官道镇人民政府"),
                                       "d/x_2021.txt": report(2021, 0, 0, "临渭区故市镇人民政府")})
    assert same_body_groups(results) == [] and carry(added) == []


def test_same_name_in_two_formats_is_not_a_year_pair(tmp_path):
    # a.txt (2020) and a.md (2021) share a name but the name holds no year,
    # and the folder has two 2021 reports: nothing proves one body.
    last = report(2020, 0, 2).replace("临渭区阎村镇人民政府\n", "")
    this = report(2021, 0, 0).replace("临渭区阎村镇人民政府\n", "")
    _, added, results = run(tmp_path, {"d/a.txt": last, "d/a.md": this, "d/b.txt": this})
    assert same_body_groups(results) == [] and carry(added) == []


def test_finding_keeps_every_part_of_the_cells_place():
    # The facts of a .pdf report place its cell by line, column, page and paragraph.
    from gklint.linting.checks.crossyear import CARRY_OVER
    from gklint.engine import FileResult

    def cell(value, row):
        return {"value": value, "line": 12, "column": 31, "page": 3, "paragraph": 7,
                "row": row, "column_label": "总计", "table": "表三"}

    last = FileResult("d/2020.docx", meta={"year": 2020, "body": "临渭区阎村镇人民政府",
                                           "table3_next": cell("2", "四、结转下年度继续办理")})
    this = FileResult("d/2021.docx", meta={"year": 2021, "body": "临渭区阎村镇人民政府",
                                           "table3_carried": cell("1.50", "二、上年结转政府信息公开申请数量")})
    (finding,) = CARRY_OVER.check_batch([last, this])
    loc = finding.location
    assert (loc.line, loc.column, loc.page, loc.paragraph, loc.table, loc.row, loc.column_label) == (
        12, 31, 3, 7, "表三", "二、上年结转政府信息公开申请数量", "总计")
    assert "总计为1.5，但上一年度（2020年）报告 d/2020.docx 表三“四、结转下年度继续办理”总计为2" in finding.message
    assert finding.path == "d/2021.docx" and finding.snippet == "carry:2020"


def test_two_bodies_joined_through_an_unnamed_report_are_not_compared(tmp_path):
    # r_2019 (unnamed) shares the name pattern with 甲's r_2020 and 乙's r_2021,
    # so all three meet in one group; 乙 (2021) must not be held to 甲 (2020).
    unnamed = report(2019, 0, 0).replace("临渭区阎村镇人民政府\n", "")
    _, added, results = run(tmp_path, {"f/r_2019.txt": unnamed,
                                       "f/r_2020.txt": report(2020, 0, 2, "临渭区官道镇人民政府"),
                                       "f/r_2021.txt": report(2021, 0, 0, "临渭区故市镇人民政府")})
    assert [len(g) for g in same_body_groups(results)] == [3]
    assert carry(added) == []


def test_a_folder_with_one_named_body_is_that_bodys_folder(tmp_path):
    named = report(2020, 0, 2, "临渭区官道镇人民政府")
    unnamed = report(2021, 0, 0).replace("临渭区阎村镇人民政府\n", "")
    paths, added, _ = run(tmp_path, {"g/a.txt": named, "g/b.txt": unnamed})
    assert [path for path, _ in carry(added)] == [paths["g/b.txt"]]


def test_a_folder_with_two_named_bodies_is_nobodys_folder(tmp_path):
    _, added, results = run(tmp_path, {
        "g/a.txt": report(2020, 0, 2, "临渭区官道镇人民政府"),
        "g/b.txt": report(2021, 0, 0, "临渭区故市镇人民政府"),
        "g/c.txt": report(2022, 0, 0).replace("临渭区阎村镇人民政府\n", "")})
    assert same_body_groups(results) == [] and carry(added) == []
