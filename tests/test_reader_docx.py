"""The .docx reader on real Word files built from the seeds with python-docx."""
from __future__ import annotations

import zipfile

import pytest

from conftest import SEEDS
from makefiles import docx_with_body_xml, parse_seed, seed_to_docx

pytest.importorskip("docx", reason="python-docx (gklint[docx]) is not installed")

from gklint.model import RawTable  # noqa: E402
from gklint.readers import ReadOptions  # noqa: E402
from gklint.readers.docx import DOCX_READER, read_docx  # noqa: E402

SEED_000 = next(p for p in SEEDS if p.name.startswith("000_"))
SEED_004 = next(p for p in SEEDS if p.name.startswith("004_"))


def _read(path) -> "object":
    with open(path, "rb") as fh:
        return read_docx(str(path), fh.read(), ReadOptions())


def _tables(doc) -> list[list[list[str]]]:
    return [[[c.text for c in row] for row in t.rows] for t in doc.raw_tables()]


def _body(tmp_path, xml: str):
    path = tmp_path / "body.docx"
    docx_with_body_xml(str(path), xml)
    return _read(path)


def _p(text: str) -> str:
    return f"<w:p><w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>"


@pytest.mark.parametrize("seed", [SEED_000, SEED_004], ids=lambda p: p.name[:3])
def test_seed_paragraphs_and_tables_come_back_exactly(tmp_path, seed):
    path = tmp_path / "report.docx"
    report = seed_to_docx(str(path), seed.read_text(encoding="utf-8"))
    doc = _read(path)
    assert doc.format == "docx" and doc.has_lines is False
    assert [p.text for p in doc.paragraphs()] == report.expected_paragraphs()
    assert _tables(doc) == [g.expected_rows() for g in report.grids()]
    assert all(t.mode == "rows" for t in doc.raw_tables())


def test_word_debris_never_reaches_the_text(tmp_path):
    path = tmp_path / "report.docx"
    seed_to_docx(str(path), SEED_000.read_text(encoding="utf-8"), debris=True)
    text = _read(path).text
    for debris in ("bookmark", "_GoBack", "HYPERLINK", "MERGEFORMAT", "此处为修订删除",
                   "隐藏文字", "批注", "页眉", "页脚"):
        assert debris not in text, debris
    # The field result and the tracked insertion are visible text: kept.
    assert "按照《政府信息公开条例》要求，不断丰富公开内容" in text


def test_seed_000_keeps_the_garbled_header_and_the_missing_headings(tmp_path):
    path = tmp_path / "000.docx"
    seed_to_docx(str(path), SEED_000.read_text(encoding="utf-8"))
    doc = _read(path)
    table2, table3, table4 = _tables(doc)
    assert table2[1] == ["信息内容", "本年制发件数", "本年废止件数", "现行冇效件数"]
    assert table2[13] == ["行政事业性收费", "15996.59", "", ""]
    assert ["", "", "3,要求提供公开出版物"] + ["0"] * 7 in table3
    paragraphs = [p.text for p in doc.paragraphs()]
    assert not any(p.startswith(("三、", "四、")) for p in paragraphs)
    assert "安泽县人民政府" in paragraphs and paragraphs[-1] == "2022年2月15日"


def test_merged_header_cells_keep_their_labels(tmp_path):
    path = tmp_path / "004.docx"
    seed_to_docx(str(path), SEED_004.read_text(encoding="utf-8"))
    table2, table3, table4 = _tables(_read(path))
    # 申请人情况 spans seven columns; 自然人 and 总计 span two rows.
    assert table3[0][3:] == ["申请人情况", "", "", "", "", "", ""]
    assert table3[1][3] == "自然人" and table3[1][9] == "总计" and table3[2][3] == ""
    assert table3[2][4:9] == ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    # 三、本年度办理结果 spans the 22 outcome rows: text once, then "".
    assert table3[5][0] == "三、本年度办理结果"
    assert [row[0] for row in table3[6:27]] == [""] * 21
    assert table4[0] == ["行政复议"] + [""] * 4 + ["行政诉讼"] + [""] * 9
    assert table4[1][5] == "未经复议直接起诉" and table4[1][10] == "复议后起诉"


def test_seed_004_blank_review_cells_are_empty_cells(tmp_path):
    path = tmp_path / "004.docx"
    seed_to_docx(str(path), SEED_004.read_text(encoding="utf-8"))
    table4 = _tables(_read(path))[-1]
    assert table4[-1] == [""] * 5 + ["0"] * 10


def test_locations_name_the_paragraph(tmp_path):
    path = tmp_path / "004.docx"
    seed_to_docx(str(path), SEED_004.read_text(encoding="utf-8"))
    doc = _read(path)
    number = {id(b): n for n, b in enumerate(doc.blocks, 1)}
    heading = next(p for p in doc.paragraphs() if p.text.startswith("五、"))
    where = doc.locate(heading.span)
    assert (where.paragraph, where.line, where.page) == (number[id(heading)], None, None)
    assert where.describe() == f"第{number[id(heading)]}段"
    # Text in a table is placed by table, row and column, not as the
    # paragraph number of the whole table (issue 17).
    tables = list(doc.raw_tables())
    row = tables[-1].rows[-1]
    inside = doc.locate(row[1].span)
    assert inside.paragraph is None and inside.table == f"第{len(tables)}个表格"
    assert inside.column_label.startswith("行政复议") and "纠正" in inside.column_label


def test_soft_and_page_breaks_end_a_paragraph(tmp_path):
    doc = _body(tmp_path, '<w:p><w:r><w:t>五、存在的主要问题及改进情况</w:t><w:br/>'
                          '<w:t>一是公开渠道</w:t><w:br w:type="page"/><w:t>二是创新</w:t>'
                          '<w:tab/><w:t>不强</w:t></w:r></w:p>')
    assert [p.text for p in doc.paragraphs()] == [
        "五、存在的主要问题及改进情况", "一是公开渠道", "二是创新 不强"]


def test_a_text_box_is_read_once_not_twice(tmp_path):
    box = "<w:txbxContent>" + _p("文本框中的说明文字") + "</w:txbxContent>"
    doc = _body(tmp_path, (
        "<w:p><w:r><w:t>正文段落</w:t></w:r><w:r><mc:AlternateContent>"
        "<mc:Choice Requires=\"wps\"><w:drawing><wp:anchor><a:graphic><a:graphicData>"
        f"<wps:wsp><wps:txbx>{box}</wps:txbx></wps:wsp>"
        "</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"
        f"<mc:Fallback><w:pict><v:shape><v:textbox>{box}</v:textbox></v:shape></w:pict>"
        "</mc:Fallback></mc:AlternateContent></w:r></w:p>"))
    assert [p.text for p in doc.paragraphs()] == ["正文段落", "文本框中的说明文字"]


def test_content_controls_and_simple_fields_show_their_text(tmp_path):
    doc = _body(tmp_path, (
        "<w:sdt><w:sdtPr><w:alias w:val=\"标题\"/></w:sdtPr><w:sdtContent>"
        + _p("控件中的段落") + "</w:sdtContent></w:sdt>"
        "<w:p><w:fldSimple w:instr=\" DATE \\@ &quot;yyyy年M月d日&quot; \\* MERGEFORMAT \">"
        "<w:r><w:t>2022年2月15日</w:t></w:r></w:fldSimple></w:p>"))
    assert [p.text for p in doc.paragraphs()] == ["控件中的段落", "2022年2月15日"]


def _tc(text: str, props: str = "") -> str:
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{_p(text) if text else '<w:p/>'}</w:tc>"


def test_a_one_column_frame_table_is_read_as_body(tmp_path):
    inner = ("<w:tbl>" + "<w:tr>" + _tc("行政复议") + _tc("行政诉讼") + "</w:tr>"
             + "<w:tr>" + _tc("0") + _tc("1") + "</w:tr></w:tbl>")
    doc = _body(tmp_path, "<w:tbl><w:tr><w:tc>" + _p("四、行政复议、行政诉讼情况") + inner
                + "<w:p/></w:tc></w:tr></w:tbl>")
    kinds = [type(b).__name__ for b in doc.blocks]
    assert kinds == ["Paragraph", "RawTable"]
    assert _tables(doc) == [[["行政复议", "行政诉讼"], ["0", "1"]]]


def test_a_table_nested_in_a_data_cell_becomes_its_text(tmp_path):
    nested = "<w:tbl><w:tr>" + _tc("结果") + _tc("维持") + "</w:tr></w:tbl><w:p/>"
    doc = _body(tmp_path, "<w:tbl><w:tr>" + _tc("行政复议") + "<w:tc>" + nested + "</w:tc>"
                + "</w:tr></w:tbl>")
    assert _tables(doc) == [[["行政复议", "结果维持"]]]


def test_vmerge_gridspan_gridbefore_and_legacy_hmerge(tmp_path):
    span2 = "<w:gridSpan w:val=\"2\"/>"
    doc = _body(tmp_path, (
        "<w:tbl>"
        "<w:tr>" + _tc("信息内容", "<w:vMerge w:val=\"restart\"/>") + _tc("本年处理决定数量", span2)
        + "</w:tr>"
        "<w:tr>" + _tc("", "<w:vMerge/>") + _tc("件数") + _tc("金额") + "</w:tr>"
        "<w:tr><w:trPr><w:gridBefore w:val=\"1\"/></w:trPr>" + _tc("3") + _tc("4") + "</w:tr>"
        "<w:tr>" + _tc("合计", "<w:hMerge w:val=\"restart\"/>")
        + _tc("合计残留", "<w:hMerge/>") + _tc("7") + "</w:tr>"
        "</w:tbl>"))
    assert _tables(doc) == [[
        ["信息内容", "本年处理决定数量", ""],
        ["", "件数", "金额"],
        ["", "3", "4"],
        ["合计", "", "7"],
    ]]


def test_reader_is_registered_for_docx_and_imports_lightly():
    import subprocess
    import sys

    assert DOCX_READER.extensions == (".docx",) and DOCX_READER.extra == "docx"
    assert DOCX_READER.missing() is None
    code = ("import sys, gklint.readers.docx; "
            "print(any(m == 'docx' or m.startswith(('docx.', 'lxml')) for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_parse_seed_finds_three_form_tables_in_both_seeds():
    for seed in (SEED_000, SEED_004):
        report = parse_seed(seed.read_text(encoding="utf-8"))
        assert [g.kind for g in report.grids()] == ["table2", "table3", "table4"]
        assert len(report.grid("table3").rows) == 3 + 25
        assert isinstance(report.grid("table4").expected_rows()[-1][0], str)


def test_raw_tables_are_rows_mode(tmp_path):
    path = tmp_path / "004.docx"
    seed_to_docx(str(path), SEED_004.read_text(encoding="utf-8"))
    tables = list(_read(path).raw_tables())
    assert tables and all(isinstance(t, RawTable) and t.mode == "rows" for t in tables)
    widths = {len(row) for t in tables for row in t.rows}
    assert widths == {4, 10, 15}


@pytest.mark.parametrize("seed", [SEED_000, SEED_004], ids=lambda p: p.name[:3])
def test_automatically_numbered_headings_keep_their_numbers(tmp_path, seed):
    path = tmp_path / "numbered.docx"
    report = seed_to_docx(str(path), seed.read_text(encoding="utf-8"), numbered_headings=True)
    with zipfile.ZipFile(path) as archive:  # the numbers really are not text
        assert "<w:t>总体情况</w:t>" in archive.read("word/document.xml").decode("utf-8")
    assert [p.text for p in _read(path).paragraphs()] == report.expected_paragraphs()


def _multilevel_list(document) -> str:
    """numId of a three-level list: 一、 / （一） / 1. (and a bullet level)."""
    from docx.oxml.parser import parse_xml

    from makefiles import DOCX_NAMESPACES, qn_w

    levels = [("chineseCounting", "%1、"), ("chineseCounting", "（%2）"), ("decimal", "%3."),
              ("bullet", "●")]
    xml = "".join(f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
                  f'<w:lvlText w:val="{text}"/></w:lvl>' for i, (fmt, text) in enumerate(levels))
    numbering = document.part.numbering_part.element
    abstract = parse_xml(f'<w:abstractNum {DOCX_NAMESPACES} w:abstractNumId="90">{xml}'
                         "</w:abstractNum>")
    next(iter(numbering.iter(qn_w("num")))).addprevious(abstract)
    numbering.append(parse_xml(f'<w:num {DOCX_NAMESPACES} w:numId="90">'
                               '<w:abstractNumId w:val="90"/></w:num>'))
    return "90"


def test_multilevel_numbering_in_body_tables_and_styles(tmp_path):
    import docx

    from makefiles import _w, docx_number

    document = docx.Document()
    num = _multilevel_list(document)
    # 一、 comes from the Heading 1 style, the deeper levels from the paragraphs.
    style_props = document.styles["Heading 1"].element.get_or_add_pPr()
    style_num = _w("w:numPr")
    style_num.append(_w("w:ilvl", val="0"))
    style_num.append(_w("w:numId", val=num))
    style_props.append(style_num)
    document.add_paragraph("总体情况", style="Heading 1")
    for level, text in ((1, "主动公开"), (3, "要点"), (2, "属于国家秘密"), (2, "其他法律"),
                        (1, "依申请公开")):
        docx_number(document.add_paragraph(text), num, level)
    table = document.add_table(rows=1, cols=2)
    docx_number(table.cell(0, 0).paragraphs[0], num, 2)
    table.cell(0, 0).paragraphs[0].add_run("重复申请")
    table.cell(0, 1).text = "0"
    document.add_paragraph("收到和处理政府信息公开申请情况", style="Heading 1")
    path = tmp_path / "lists.docx"
    document.save(str(path))
    doc = _read(path)
    assert [p.text for p in doc.paragraphs()] == [
        "一、总体情况", "（一）主动公开", "要点", "1.属于国家秘密", "2.其他法律",
        "（二）依申请公开", "二、收到和处理政府信息公开申请情况"]
    assert _tables(doc) == [[["1.重复申请", "0"]]]


@pytest.mark.parametrize("n,fmt,shown", [
    (3, "chineseCounting", "三"), (11, "chineseCounting", "十一"), (25, "chineseCounting", "二十五"),
    (4, "chineseLegalSimplified", "肆"), (2, "ideographTraditional", "乙"),
    (3, "decimalEnclosedCircle", "③"), (12, "decimalFullWidth", "１２"), (4, "lowerRoman", "iv"),
    (28, "upperLetter", "BB"), (7, "decimal", "7")])
def test_list_number_formats(n, fmt, shown):
    from gklint.readers.docx import format_number

    assert format_number(n, fmt) == shown
