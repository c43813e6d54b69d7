"""The text reader: encodings, line endings and the three table layouts."""
from __future__ import annotations

import pytest

from gklint.readers import ReadError, ReadOptions
from gklint.readers.text import decode_bytes, read_text
from helpers import SEED_000, SEED_004, assert_read, check_text, compact, linter, seed_text


@pytest.mark.parametrize("encoding,prefix", [
    ("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("gb18030", b""), ("gbk", b""),
    ("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff"),
])
def test_encodings_give_the_same_findings(encoding, prefix):
    text = seed_text(SEED_000)
    expected = compact(assert_read(check_text(text)).findings)
    data = prefix + text.encode(encoding)
    result = linter().check_bytes("report.txt", data)
    assert compact(result.findings) == expected


def test_utf16_without_bom_is_detected():
    text = seed_text(SEED_004)
    decoded, encoding, lossy = decode_bytes(text.encode("utf-16-le"))
    assert decoded == text and not lossy, encoding


def test_crlf_keeps_lines_and_columns():
    text = seed_text(SEED_000)
    expected = compact(assert_read(check_text(text)).findings)
    result = linter().check_bytes("report.txt", text.replace("\n", "\r\n").encode())
    assert compact(result.findings) == expected


def test_undecodable_bytes_are_reported_not_hidden():
    """Bytes no encoding explains, inside a real report: one GK908 for the
    file, the lost characters located (GK311), and the rest still read and
    checked exactly as without them."""
    text = seed_text(SEED_004)
    cut = text.index("。") + 1
    data = text[:cut].encode() + bytes([0xff, 0xfe, 0x81]) * 3 + text[cut:].encode()
    result = linter().check_bytes("report.txt", data)
    clean = linter().check_bytes("report.txt", text.encode())
    assert result.error is False
    added = [f for f in result.findings if f.rule_id in ("GK908", "GK311")]
    assert [f.rule_id for f in added] == ["GK908", "GK311"]
    line, column = text.count("\n", 0, cut) + 1, cut - text.rfind("\n", 0, cut)
    assert (added[1].location.line, added[1].location.column) == (line, column)
    assert compact(f for f in result.findings if f not in added) == compact(clean.findings)


def test_empty_and_whitespace_files_are_one_clear_finding():
    for data in (b"", b"  \n\t\n", b"\xef\xbb\xbf"):
        result = linter().check_bytes("report.txt", data)
        assert result.error and [f.rule_id for f in result.findings] == ["GK902"]


def test_binary_in_txt_is_malformed():
    with pytest.raises(ReadError) as exc:
        read_text("x.txt", b"PK\x03\x04\x00\x00binary", ReadOptions())
    assert exc.value.rule_id == "GK903"


def _markdown_tables(text: str) -> str:
    """Seed 004 with its tab-separated tables rewritten as Markdown pipe tables."""
    out, in_table = [], False
    for line in text.split("\n"):
        if "\t" in line:
            cells = line.split("\t")
            out.append("| " + " | ".join(cells) + " |")
            if not in_table:
                out.append("|" + "---|" * len(cells))
            in_table = True
        else:
            in_table = False
            out.append(line)
    return "\n".join(out)


def test_markdown_pipe_tables_match_the_form():
    md = _markdown_tables(seed_text(SEED_004))
    result = assert_read(linter().check_bytes("report.md", md.encode()))
    doc_tables = result.meta["tables"]
    assert doc_tables == ["table2.1", "table2.5", "table2.6", "table2.8", "table3", "table4"]
    blanks = [f for f in result.findings if f.rule_id == "GK210"]
    assert len(blanks) == 1 and {loc.table for loc in blanks[0].related} == {"表四"}
    assert len(blanks[0].related) == 5
    assert not [f for f in result.findings if f.rule_id.startswith(("GK20", "GK22"))]


def test_both_seed_layouts_fill_every_table3_cell():
    for seed, mode in ((SEED_000, "stream"), (SEED_004, "rows")):
        doc = read_text(str(seed), seed.read_bytes(), ReadOptions())
        from gklint.analysis.structure import analyse

        analyse(doc, linter().forms[-1] if linter().forms[-1].version == "2021" else
                next(f for f in linter().forms if f.version == "2021"))
        table3 = doc.tables["table3"]
        assert not table3.missing_rows
        assert len(table3.rows) == 25
        assert all(c.status == "number" for c in table3.cells())
        assert {t.mode for t in doc.raw_tables()} >= {mode}
