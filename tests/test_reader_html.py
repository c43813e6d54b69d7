"""The .html reader on government web pages built from the seeds."""
from __future__ import annotations

import pytest

from conftest import SEEDS
from makefiles import _PAGE_HEAD, _PAGE_TAIL, parse_seed, seed_to_html

pytest.importorskip("selectolax", reason="selectolax (gklint[html]) is not installed")

from gklint.readers import ReadError, ReadOptions  # noqa: E402
from gklint.readers.html import HTML_READER, read_html  # noqa: E402

SEED_000 = next(p for p in SEEDS if p.name.startswith("000_"))
SEED_004 = next(p for p in SEEDS if p.name.startswith("004_"))
CHROME = ("首页", "当前位置", "栏目导航", "发布时间", "【字体", "分享到", "新浪微博", "打印本页",
          "关闭窗口", "相关文章", "2020年政府信息公开工作年度报告", "网站标识码", "ICP",
          "统计代码", "本站由", "样式里的中文")


def _read_bytes(data: bytes, name: str = "page.html"):
    return read_html(name, data, ReadOptions())


def _page(body: str, meta: str = '<meta charset="utf-8">') -> bytes:
    return (_PAGE_HEAD.format(meta=meta, title="年度报告") + body + _PAGE_TAIL.format()
            ).encode("utf-8")


def _tables(doc):
    return [[[c.text for c in row] for row in t.rows] for t in doc.raw_tables()]


def _written(tmp_path, seed, **options):
    path = tmp_path / "report.html"
    report = seed_to_html(str(path), seed.read_text(encoding="utf-8"), **options)
    data = path.read_bytes()
    return report, data, _read_bytes(data, str(path))


@pytest.mark.parametrize("seed,encoding", [(SEED_000, "gb2312"), (SEED_004, "utf-8")],
                         ids=["000-gb2312", "004-utf8"])
def test_seed_page_gives_back_the_report_without_chrome(tmp_path, seed, encoding):
    report, _, doc = _written(tmp_path, seed, encoding=encoding)
    assert doc.format == "html" and doc.has_lines is True
    assert doc.encoding == ("gb18030" if encoding == "gb2312" else "utf-8")
    assert [p.text for p in doc.paragraphs()] == report.expected_paragraphs()
    assert _tables(doc) == [g.expected_rows() for g in report.grids()]
    seed_text = seed.read_text(encoding="utf-8")
    for chrome in CHROME:
        assert chrome in seed_text or chrome not in doc.text, chrome


def test_rowspan_colspan_and_nbsp_cells(tmp_path):
    _, _, doc = _written(tmp_path, SEED_004)
    table2, table3, table4 = _tables(doc)
    assert table3[0][:4] == ["(本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和)",
                             "", "", "申请人情况"]
    assert table3[1][3] == "自然人" and table3[2][3] == ""  # rowspan=2
    assert table4[0] == ["行政复议"] + [""] * 4 + ["行政诉讼"] + [""] * 9
    # Seed 004 left the five 行政复议 cells blank: &nbsp; cells are "".
    assert table4[-1] == [""] * 5 + ["0"] * 10


def _source_lines(data: bytes, encoding: str) -> list[str]:
    return data.decode(encoding).split("\n")


@pytest.mark.parametrize("seed,encoding", [(SEED_000, "gbk"), (SEED_004, "utf-8")],
                         ids=["000", "004"])
def test_every_paragraph_and_cell_points_at_its_place_in_the_file(tmp_path, seed, encoding):
    report, data, doc = _written(tmp_path, seed, encoding=encoding)
    lines = _source_lines(data, encoding)
    for para in doc.paragraphs():
        where = doc.locate(para.span)
        assert lines[where.line - 1][where.column - 1:].startswith(para.text), para.text
    for table, grid in zip(doc.raw_tables(), report.grids()):
        layout = grid.layout()
        for r, row in enumerate(table.rows):
            for c, cell in enumerate(row):
                where = doc.locate(cell.span)
                at = lines[where.line - 1][where.column - 1:]
                origin, is_origin = layout[r][c]
                if origin.text:  # a text cell, or a cell covered by a span: its text
                    assert at.startswith(origin.text), (r, c, origin.text, at[:20])
                else:  # a blank cell: its own <td> tag
                    assert is_origin and at.startswith("<td"), (r, c, at[:20])


def test_a_garbled_character_is_located_to_the_column(tmp_path):
    _, data, doc = _written(tmp_path, SEED_000, encoding="gbk")
    offset = doc.text.index("冇")
    where = doc.locate(type(next(doc.paragraphs()).span)(offset, offset + 1))
    assert _source_lines(data, "gbk")[where.line - 1][where.column - 1] == "冇"


def test_title_outside_the_article_body_is_taken_from_the_page_heading(tmp_path):
    report, data, doc = _written(tmp_path, SEED_004, title_in_body=False)
    paragraphs = [p.text for p in doc.paragraphs()]
    title = "".join(p.text for p in report.paragraphs() if p.style == "title")
    assert paragraphs[0] == title
    assert paragraphs[1:] == [p.text for p in report.paragraphs() if p.style != "title"]
    where = doc.locate(next(doc.paragraphs()).span)
    assert "<h1" in _source_lines(data, "utf-8")[where.line - 1]


def test_entities_and_inline_tags_keep_exact_columns():
    body = ('<div class="TRS_Editor"><p>一、总体情况</p>\n'
            '<p>2021&nbsp;年共收到<b>申请</b>&amp;咨询\n  130件。</p>'
            '<p>二、主动公开政府信息情况</p></div>')
    data = _page(body)
    doc = _read_bytes(data)
    para = [p for p in doc.paragraphs()][1]
    assert para.text == "2021 年共收到申请&咨询 130件。"
    lines = data.decode("utf-8").split("\n")

    def char_at(ch: str) -> str:
        offset = doc.text.index(ch, para.span.start + 1)
        where = doc.locate(type(para.span)(offset, offset + 1))
        return lines[where.line - 1][where.column - 1:]

    assert char_at("申").startswith("申请</b>")
    assert char_at("&").startswith("&amp;")
    assert char_at("13").startswith("130件")  # on the next source line


def test_table_spans_headers_and_layout_frames():
    body = ('<table><tr><td>'  # a layout frame around the report
            '<p>三、收到和处理政府信息公开申请情况</p>'
            '<table><thead><tr><th rowspan="2">项目</th><th colspan="2">行政复议</th></tr>'
            '<tr><th>结果维持</th><th>总计</th></tr></thead>'
            '<tbody><tr><td>本年新收</td><td>&nbsp;</td><td> 3 </td></tr>'
            '<tr><td colspan="3">  </td></tr></tbody></table>'
            '<p>四、政府信息公开行政复议、行政诉讼情况</p>'
            '</td></tr></table>')
    doc = _read_bytes(_page(body))
    assert [p.text for p in doc.paragraphs()] == ["三、收到和处理政府信息公开申请情况",
                                                  "四、政府信息公开行政复议、行政诉讼情况"]
    assert _tables(doc) == [[["项目", "行政复议", ""], ["", "结果维持", "总计"],
                             ["本年新收", "", "3"], ["", "", ""]]]


def test_hidden_content_and_toc_links_are_not_the_report():
    body = ('<div class="TRS_Editor"><p>一、总体情况</p><p>正文内容。</p>'
            '<div style="display: none">隐藏的旧版本：二、主动公开政府信息情况</div>'
            '<p>五、存在的主要问题及改进情况</p></div>')
    doc = _read_bytes(_page(body))
    assert [p.text for p in doc.paragraphs()] == ["一、总体情况", "正文内容。",
                                                  "五、存在的主要问题及改进情况"]


@pytest.mark.parametrize("meta,codec", [
    ('<meta http-equiv="Content-Type" content="text/html; charset=GBK">', "gbk"),
    ("<meta charset='gb2312'>", "gbk"),  # declared GB2312, served GBK: 冇 is GBK only
    ('<meta charset="iso-8859-1">', "utf-8"),  # a wrong declaration
    ("", "gbk"),  # no declaration at all
])
def test_encodings(meta, codec):
    body = '<div><p>一、总体情况</p><p>现行冇效件数“三安全一稳定”</p></div>'
    page = _PAGE_HEAD.format(meta=meta, title="年度报告") + body + _PAGE_TAIL.format()
    doc = _read_bytes(page.encode(codec))
    assert "现行冇效件数“三安全一稳定”" in [p.text for p in doc.paragraphs()]


def test_a_page_without_a_report_is_gk909():
    page = _page('<ul class="list"><li><a href="/1.html">2021年政府信息公开工作年度报告</a></li>'
                 '<li><a href="/2.html">一、总体情况</a></li></ul>')
    with pytest.raises(ReadError) as info:
        _read_bytes(page)
    assert info.value.rule_id == "GK909"
    assert "页面中没有找到年度报告正文" in info.value.message


def test_reader_registration_and_light_import():
    import subprocess
    import sys

    assert HTML_READER.extensions == (".html", ".htm") and HTML_READER.extra == "html"
    assert HTML_READER.missing() is None
    code = "import sys, gklint.readers.html; print('selectolax' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_parse_seed_is_what_the_page_was_written_from():
    report = parse_seed(SEED_000.read_text(encoding="utf-8"))
    assert report.grid("table2").expected_rows()[1][3] == "现行冇效件数"
