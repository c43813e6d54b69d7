"""Sections, headings and prose as real reports write them (issue 14).

tests/data/realworld holds the prose and section cases of the real-world
set (copies of ../shared/realworld/cases): each is the clean base report,
taken from a real zone-level body's 2023 report, with one real layout.
Every test also checks what the same rule must leave alone.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from helpers import assert_read, check_text, line_of, linter, seed_text
from gklint.headings import heading_pieces

CASES = Path(__file__).resolve().parent / "data" / "realworld"
BASE = (CASES / "00_clean_base.txt").read_text(encoding="utf-8")
SERIOUS = ("error", "warning")


def _check(name: str, **read):
    return assert_read(linter().check_file(str(CASES / name)), **read)


def _serious(result) -> list[str]:
    return sorted(f.rule_id for f in result.findings if f.severity.label in SERIOUS)


def _ids(text: str, name: str = "report.txt") -> list[str]:
    return sorted(f.rule_id for f in assert_read(check_text(text, name)).findings)


def test_the_clean_base_gives_nothing():
    assert _ids(BASE) == []


# -- headings ------------------------------------------------------------------

def test_headings_run_on_inside_paragraphs_are_found_once_noted():
    result = _check("02_text_headings_inline_in_paragraph.txt")
    assert _serious(result) == []  # no GK101, and no heading text in 表二's last cell (GK212)
    notes = [f for f in result.findings if f.rule_id == "GK105"]
    assert len(notes) == 1 and "6个部分标题" in notes[0].message
    from gklint.readers.text import split_blocks

    text = (CASES / "02_text_headings_inline_in_paragraph.txt").read_text(encoding="utf-8")
    cells = [c.text for b in split_blocks(text) if hasattr(b, "rows") for row in b.rows for c in row]
    assert "5949.09" in cells and not any("三、收到" in c for c in cells)


@pytest.mark.parametrize("name", ["10_md_atx_headings.md", "11_md_bold_headings.md"])
def test_markdown_headings_are_headings(name):
    assert [f.rule_id for f in _check(name).findings] == []


def _html(blocks: list[str]) -> str:
    out = []
    for block in blocks:
        if "\t" in block:
            rows = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in line.split("\t")) + "</tr>"
                           for line in block.split("\n"))
            out.append(f"<table>{rows}</table>")
        else:
            out.append(block if block.startswith("<") else f"<p>{block}</p>")
    return f"<html><body><article>{''.join(out)}</article></body></html>"


def test_html_h2_and_headings_inside_a_paragraph(tmp_path):
    pytest.importorskip("selectolax")
    blocks = BASE.strip().split("\n\n")
    one = blocks.index("一、总体情况")
    blocks[one] = "<h2>一、总体情况</h2>"
    two = blocks.index("二、主动公开政府信息情况")
    blocks[two - 1] += " 二、主动公开政府信息情况"  # run on after the first paragraph
    del blocks[two]
    page = tmp_path / "r.html"
    page.write_text(_html(blocks), encoding="utf-8")
    found = sorted(f.rule_id for f in linter().check_file(str(page)).findings)
    assert found == ["GK105"]


def test_wording_variant_is_one_warning_not_a_missing_section():
    result = _check("12_heading_variant_zhenggai_cuoshi.txt")
    assert [(f.rule_id, f.message) for f in result.findings] == [
        ("GK104", "标题“五、存在的主要问题及整改措施”与格式规定的“五、存在的主要问题及改进情况”不一致")]


def test_a_typo_in_a_heading_is_a_wording_finding():
    text = BASE.replace("四、政府信息公开行政复议、行政诉讼情况", "四、政府信息公开行政法复议、行政诉讼情况")
    assert _ids(text) == ["GK104"]


def test_unrelated_numbered_line_is_not_taken_for_a_missing_heading():
    text = BASE.replace("五、存在的主要问题及改进情况\n", "五、下一步工作安排\n")
    assert "GK101" in _ids(text) and "GK104" not in _ids(text)


def test_misnumbered_headings_one_finding_each():
    result = _check("13_headings_misnumbered.txt")
    text = (CASES / "13_headings_misnumbered.txt").read_text(encoding="utf-8")
    found = [(f.rule_id, f.location.line) for f in result.findings]
    assert found == [("GK103", line_of(text, "一、主动公开")[0]),
                     ("GK103", line_of(text, "二、收到和处理")[0]),
                     ("GK103", line_of(text, "三、政府信息公开行政复议")[0]),
                     ("GK103", line_of(text, "四、存在的主要问题")[0]),
                     ("GK103", line_of(text, "五、其他需要报告")[0])]
    assert "的序号是“一”，按格式应为“二”" in result.findings[0].message


def test_missing_misplaced_and_misnumbered_headings_are_three_findings():
    missing = BASE.replace("三、收到和处理政府信息公开申请情况\n", "")
    assert _ids(missing) == ["GK101"]
    moved = BASE.replace("五、存在的主要问题及改进情况\n\n一是", "一是").replace(
        "四、政府信息公开行政复议、行政诉讼情况\n", "五、存在的主要问题及改进情况\n\n四、政府信息公开行政复议、行政诉讼情况\n")
    assert "GK102" in _ids(moved) and "GK101" not in _ids(moved)
    renumbered = BASE.replace("六、其他需要报告的事项", "七、其他需要报告的事项")
    assert _ids(renumbered) == ["GK103"]


def test_seeds_headings_unchanged():
    assert [f.rule_id for f in check_text(seed_text()).findings if f.rule_id.startswith("GK1")] == [
        "GK101", "GK101"]


def test_table_row_labels_and_mentions_are_not_cut_as_headings():
    assert heading_pieces("四、结转下年度继续办理\t0\t0\t0") == []
    assert heading_pieces("三、本年度办理结果\t（一）予以公开\t\t22") == []
    assert heading_pieces("按要求在“五、存在的主要问题及改进情况”中说明整改情况") == []
    line = "…止。 一、总体情况 2023年，全区…"
    assert [line[a:b] for a, b, _ in heading_pieces(line)] == ["…止。", "一、总体情况", "2023年，全区…"]


def test_heading_with_its_first_sentence_on_one_line():
    text = BASE.replace("一、总体情况\n\n2023年", "一、总体情况 2023年")
    assert _ids(text) == ["GK105"]


# -- debris, extraction, placeholders --------------------------------------------

def test_word_conditional_comment_is_debris():
    result = _check("15_word_conditional_comment_debris.txt")
    assert [f.rule_id for f in result.findings] == ["GK310"]
    assert result.findings[0].snippet == "<!--[if !supportMisalignedColumns]--><!--[endif]-->"


def test_cid_codes_are_one_reading_finding_on_the_first_place():
    result = _check("20_pdfminer_cid_codes_not_flagged.txt", allow=("GK630",))
    text = (CASES / "20_pdfminer_cid_codes_not_flagged.txt").read_text(encoding="utf-8")
    assert [(f.rule_id, f.location.line, f.location.column) for f in result.findings] == [
        ("GK630", *line_of(text, "(cid:2446)"))]
    twice = text.replace("其他需要报告的事项\n", "其他需要报告的事项\n(cid:12)(cid:13)\n")
    found = [f for f in check_text(twice).findings if f.rule_id == "GK630"]
    assert len(found) == 1 and "有2处" in found[0].message


def test_private_use_characters_are_reported_once():
    text = BASE.replace("共计81件", "共计\ue0018\ue002件").replace("无收取", "无\ue010收取")
    found = [f for f in check_text(text).findings if f.rule_id == "GK631"]
    assert len(found) == 1 and "U+E001" in found[0].message
    assert "GK631" not in _ids(BASE.replace("共计", "共计（注）"))


def test_template_prompts_are_placeholders():
    result = _check("18_template_prompt_wenzimiaoshu.txt")
    prompts = [f.snippet for f in result.findings if f.rule_id == "GK404"]
    assert prompts == ["（文字描述）", "（文字描述）", "（文字描述，收取信息处理费情况在此处报告。）"]
    # Ordinary brackets are left alone.
    assert _ids(BASE.replace("2023年，无收取", "2023年（文字说明见附件），无收取")) == []


def test_sections_see_template_text_as_the_placeholder_rules_do():
    # The prompt is template text for GK404 and so no content for GK540; the
    # one defect is one finding, GK404's on the prompt (not also GK540).
    text = BASE.replace("一是部分单位信息发布属性界定还不够精确；二是政策解读的质量有待提高。"
                        "2024年，我区将加大政务公开检查力度，提升政务公开内容质量。", "（文字描述）")
    assert _ids(text) == ["GK404"]
    # With the placeholder rules off, the section rule says it instead.
    from gklint.config import Config
    from gklint.engine import Linter

    only = Linter(Config(select=["GK54"])).check_bytes("r.txt", text.encode("utf-8")).findings
    assert [f.rule_id for f in only] == ["GK540"]
    # 六 holding only the template's prompt: one GK404 too, no GK542.
    six = BASE.replace("2023年，无收取", "（文字描述，收取信息处理费情况在此处报告。）\n\n2023年，无收取")
    assert "（文字描述，收取" in six
    six = six[:six.index("（文字描述，收取")] + "（文字描述，收取信息处理费情况在此处报告。）\n" + six[six.index("\n\n平潭综合实验区管委会办公室"):]
    assert _ids(six) == ["GK404"]
    assert [f.rule_id for f in Linter(Config(select=["GK54"])).check_bytes(
        "r.txt", six.encode("utf-8")).findings] == ["GK542"]


# -- prose against tables --------------------------------------------------------

def test_combined_outcome_is_compared_with_one_plus_two():
    assert [f.rule_id for f in _check("16_text_yuyi_ji_bufen_gongkai_combined.txt").findings] == []
    text = (CASES / "16_text_yuyi_ji_bufen_gongkai_combined.txt").read_text(encoding="utf-8")
    wrong = [f for f in check_text(text.replace("部分公开42件", "部分公开43件")).findings]
    assert [f.rule_id for f in wrong] == ["GK511"]
    assert "（一）予以公开”与“（二）部分公开”总计之和（42）" in wrong[0].message


def test_items_after_qizhong_split_by_semicolons():
    result = _check("17a_text_items_after_fullwidth_semicolon_not_compared.txt")
    assert [(f.rule_id, f.snippet) for f in result.findings] == [("GK511", "不予公开6件")]
    text = (CASES / "17a_text_items_after_fullwidth_semicolon_not_compared.txt").read_text(encoding="utf-8")
    assert _ids(text.replace("不予公开6件", "不予公开5件")) == []


def test_quanshi_figure_is_not_compared():
    assert [f.rule_id for f in _check("17b_text_quanshi_quanqu_sentence_not_compared.txt").findings] == []


def test_a_count_compared_with_last_year_still_states_this_year():
    line = "2023年，全区接收政府信息公开申请共计81件，"
    text = BASE.replace(line, "2023年，本机关共收到政府信息公开申请82件，较上年的60件增长36.7%，")
    found = [f for f in check_text(text).findings]
    assert [(f.rule_id, f.snippet) for f in found] == [("GK510", "收到政府信息公开申请82件")]
    same = BASE.replace(line, "2023年，本机关共收到政府信息公开申请81件，较上年的60件增长35%，")
    assert _ids(same) == []
    # A comparison before the count: the sentence is about last year, not compared.
    before = BASE.replace(line, "2023年，较上年增加21件，本机关共收到政府信息公开申请82件，")
    assert _ids(before) == []


# -- the signature (落款) --------------------------------------------------------

SIGNED = "\n\n平潭综合实验区管委会办公室\n2024年3月8日"


def _gk530(text: str) -> list[str]:
    return [f.message for f in assert_read(check_text(text)).findings if f.rule_id.startswith(("GK530", "GK54"))]


@pytest.mark.parametrize("closing", [
    "平潭综合实验区管委会办公室 2024年3月8日",  # on the line of the last sentence
    "\n\n                        平潭综合实验区管委会办公室\n                        2024年3月8日",  # right-aligned
    "\n\n平潭综合实验区管委会办公室\t2024年3月8日",  # a borderless table row
    "\n\n平潭综合实验区管委会办公室\n2024年3月8日\n采集时间：2024-05-01 10:00",  # scraper footer after it
])
def test_signature_layouts(closing):
    assert BASE.count(SIGNED) == 1
    assert _gk530(BASE.replace(SIGNED, closing)) == []


def test_signature_messages_say_what_is_missing():
    assert _gk530(BASE.replace(SIGNED, "\n\n2024年3月8日")) == ["落款缺少发布机关名称"]
    assert _gk530(BASE.replace(SIGNED, "\n\n平潭综合实验区管委会办公室")) == ["落款缺少成文日期"]
    both = ["报告末尾缺少落款（发布机关名称和成文日期）"]
    assert _gk530(BASE.replace(SIGNED, "")) == both
    # The page's own dates are not the report's date.
    assert _gk530(BASE.replace(SIGNED, "\n\n发布日期：2024-03-08")) == both
    assert _gk530(BASE.replace(SIGNED, "\n\n平潭综合实验区管委会办公室\n\n发布日期：2024-03-08")) == [
        "落款缺少成文日期"]
    # A date under the title with no body anywhere: the 落款 is missing, not only its body.
    head = BASE.replace(SIGNED, "").replace("年度报告\n", "年度报告\n\n发布日期：2024-03-08\n", 1)
    assert _gk530(head) == both


def test_a_date_inside_the_last_sentence_is_still_not_a_signature():
    text = BASE.replace(SIGNED, "").rstrip() + "本报告于2024年3月8日经管委会审议通过。\n"
    assert _gk530(text) == ["报告末尾缺少落款（发布机关名称和成文日期）"]


# -- titles and look-alike characters ------------------------------------------------

@pytest.mark.parametrize("title", ["平潭综合实验区\n2023年度政府信息公开工作年度报告",
                                   "平潭综合实验区2023年度政府信息公开\n工作年度报告"])
def test_title_over_two_lines_keeps_its_year(title):
    assert _ids(BASE.replace("平潭综合实验区2023年度政府信息公开工作年度报告", title)) == []


def test_title_without_year_is_still_reported():
    text = BASE.replace("平潭综合实验区2023年度政府信息公开工作年度报告", "平潭综合实验区\n政府信息公开工作年度报告")
    assert _ids(text) == ["GK502"]


def test_lookalike_characters_are_read_and_noted_once():
    text = BASE.replace("一、总体情况", "\u2f00、总体情况").replace("第二十条第（一）项", "第⼆⼗条第（⼀）项")
    found = check_text(text).findings
    assert [f.rule_id for f in found] == ["GK632"]
    assert "U+2F00" in found[0].message and found[0].location.line == line_of(text, "\u2f00")[0]


def test_zero_width_characters_do_not_hide_a_heading():
    assert _ids(BASE.replace("二、主动公开", "二、主\u200b动公开")) == []


def test_whole_region_figure_is_compared_only_as_the_bodys_own_total():
    # The base's 落款 is the zone's own office: its 全区 figures are its totals.
    wrong = BASE.replace("共计81件，其中", "共计80件，其中")
    assert _ids(wrong) == ["GK510"]
    # Another total of the body's own given: the 全区 figure is left out.
    assert _ids(wrong.replace("行政诉讼案件7件。", "行政诉讼案件7件。本机关收到政府信息公开申请81件。")) == []
    # A department's report (its 落款 is not the region's government): 全区 is others' figure.
    assert _ids(wrong.replace("平潭综合实验区管委会办公室\n", "平潭综合实验区教育局\n")) == []
    text = (CASES / "17b_text_quanshi_quanqu_sentence_not_compared.txt").read_text(encoding="utf-8")
    assert _ids(text.replace("全市", "全区")) == ["GK510"]  # a zone's report: 全区 is its own


def test_total_over_all_channels_is_not_a_breakdown():
    text = (CASES / "16_text_yuyi_ji_bufen_gongkai_combined.txt").read_text(encoding="utf-8")
    found = check_text(text.replace("共计81件", "共计82件")).findings
    assert [(f.rule_id, f.snippet[:6]) for f in found] == [("GK510", "接收通过邮寄")]
    pct = check_text(text.replace("占51.85%", "占52.85%")).findings
    assert [f.rule_id for f in pct] == ["GK511"]
    # A channel alone is still a breakdown.
    channel = BASE.replace("行政诉讼案件7件。", "行政诉讼案件7件。其中网上收到政府信息公开申请60件。")
    assert _ids(channel) == []


def test_chinese_numerals_in_prose():
    assert _ids(BASE.replace("行政复议案件2件", "行政复议案件两件")) == []
    assert _ids(BASE.replace("行政复议案件2件", "行政复议案件三件")) == ["GK512"]


def test_a_table_of_contents_is_not_taken_for_the_headings():
    assert heading_pieces("一、总体情况……1 二、主动公开政府信息情况……2") == []
    toc = "目录\n\n一、总体情况……………1\n二、主动公开政府信息情况………2\n\n"
    text = BASE.replace("本报告根据", toc + "本报告根据", 1)
    assert _ids(text) == []


def test_headings_run_together_with_a_tables_last_number():
    # A web page's text with no blank at all between table cells and headings.
    line = "行政事业性收费5949.088667三、收到和处理政府信息公开申请情况（本列数据"
    assert [line[a:b] for a, b, _ in heading_pieces(line)] == [
        "行政事业性收费5949.088667", "三、收到和处理政府信息公开申请情况", "（本列数据"]
    typo = "0000000 四、政府信息公开行政法复议、行政诉讼情况行政复议"
    assert [typo[a:b] for a, b, h in heading_pieces(typo) if h] == ["四、政府信息公开行政法复议、行政诉讼情况"]
    assert heading_pieces("共2件四、结转下年度继续办理0") == []


def test_outcomes_compared_with_the_applicant_cells_when_the_total_is_blank():
    row = "（一）予以公开\t\t22\t0\t0\t0\t0\t0\t22"
    assert row in BASE
    blank = BASE.replace(row, "（一）予以公开\t\t22\t0\t\t\t\t0\t")
    # the blanks themselves, as one finding naming the four cells; 22 + 20 = 42 still holds
    [grouped] = check_text(blank).findings
    assert grouped.rule_id == "GK210" and len(grouped.related) == 4
    assert sorted(_ids(blank.replace("部分公开42件", "部分公开41件"))) == ["GK210", "GK511"]


def test_outcomes_in_the_sentence_after_the_requests():
    sentence = "2023年，全区接收政府信息公开申请共计81件，其中予以公开及部分公开42件，不予公开5件，"
    text = BASE.replace(sentence, "2023年，全区接收政府信息公开申请共计81件。予以公开及部分公开42件；不予公开6件，")
    found = [f for f in check_text(text).findings]
    assert [(f.rule_id, f.snippet) for f in found] == [("GK511", "不予公开6件")]
