"""gklint check --fix / --diff: safe substitutions applied atomically to text
files, keeping encoding, BOM and line endings; nothing changes otherwise."""
from __future__ import annotations

import codecs
import os
import subprocess
import sys

import pytest

from helpers import ROOT, SEED_000, check_text, linter, rule_ids, seed_text

from gklint import fixes

GOBACK = "[bookmark: _GoBack]"
BOOKMARK16 = "[bookmark: bookmark16]"


def gklint(*args, cwd):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "gklint", *map(str, args)],
                          capture_output=True, text=True, cwd=cwd, env=env)


def expected_fixed(text: str) -> str:
    """What the seed's safe fixes should give: 冇→有, the debris removed and
    the list number 3, written 3."""
    return (text.replace("现行冇效件数", "现行有效件数").replace(GOBACK, "").replace(BOOKMARK16, "")
            .replace("3,要求提供公开出版物", "3.要求提供公开出版物"))


def write_report(path, text: str, *, encoding="utf-8", newline="\n", bom=False) -> bytes:
    data = text.replace("\n", newline).encode(encoding)
    if bom:
        data = codecs.BOM_UTF8 + data
    path.write_bytes(data)
    return data


def test_diff_shows_the_fixes_and_writes_nothing(tmp_path):
    report = tmp_path / "report.txt"
    original = write_report(report, seed_text())
    before = os.stat(report).st_mtime_ns
    proc = gklint("check", "--diff", "report.txt", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert "--- a/report.txt" in proc.stdout and "+++ b/report.txt" in proc.stdout
    assert "-\t现行冇效件数" in proc.stdout and "+\t现行有效件数" in proc.stdout
    assert f"-{GOBACK}一是落实" in proc.stdout and "+一是落实领导责任制" in proc.stdout
    assert report.read_bytes() == original and os.stat(report).st_mtime_ns == before
    assert not [p for p in tmp_path.iterdir() if p.name != "report.txt"]


def test_check_without_fix_never_writes(tmp_path):
    report = tmp_path / "report.txt"
    original = write_report(report, seed_text())
    proc = gklint("check", "report.txt", cwd=tmp_path)
    assert proc.returncode == 1
    assert report.read_bytes() == original


@pytest.mark.parametrize("encoding, newline, bom", [
    ("utf-8", "\n", False),
    ("utf-8", "\r\n", True),
    ("gb18030", "\r\n", False),
    ("utf-16-le", "\r\n", False),
])
def test_fix_keeps_encoding_bom_and_line_endings(tmp_path, encoding, newline, bom):
    report = tmp_path / "report.txt"
    text = seed_text()
    if encoding == "utf-16-le":  # decode_bytes recognises UTF-16 by its BOM
        report.write_bytes(codecs.BOM_UTF16_LE + text.replace("\n", newline).encode(encoding))
        expected = codecs.BOM_UTF16_LE + expected_fixed(text).replace("\n", newline).encode(encoding)
    else:
        write_report(report, text, encoding=encoding, newline=newline, bom=bom)
        expected = (codecs.BOM_UTF8 if bom else b"") + \
            expected_fixed(text).replace("\n", newline).encode(encoding)
    proc = gklint("check", "--fix", "report.txt", cwd=tmp_path)
    assert "已修复 4 处" in proc.stderr, proc.stderr
    assert report.read_bytes() == expected
    # What is left is reported, at the right lines of the fixed file.
    assert "GK301" not in proc.stdout and "GK310" not in proc.stdout
    assert "GK307" not in proc.stdout and "GK101" in proc.stdout
    assert proc.returncode == 1
    assert [p.name for p in tmp_path.iterdir()] == ["report.txt"]  # no temp file left


def test_fixed_file_is_clean_of_the_fixed_rules(tmp_path):
    report = tmp_path / "report.txt"
    write_report(report, seed_text(), newline="\r\n")
    gklint("check", "--fix", "report.txt", cwd=tmp_path)
    result = linter().check_file(str(report))
    ids = rule_ids(result.findings)
    assert "GK301" not in ids and "GK310" not in ids
    assert ids.count("GK101") == 2  # unfixable findings stay


def test_fix_respects_ignore_and_inline_suppressions(tmp_path):
    report = tmp_path / "report.md"
    text = "<!-- gklint: disable=GK301 -->\n" + seed_text()
    write_report(report, text)
    gklint("check", "--fix", "--ignore", "GK310,GK307", "report.md", cwd=tmp_path)
    assert report.read_text(encoding="utf-8") == text  # 冇 suppressed, debris ignored
    gklint("check", "--fix", "report.md", cwd=tmp_path)
    fixed = report.read_text(encoding="utf-8")
    assert "冇" in fixed and GOBACK not in fixed and BOOKMARK16 not in fixed


def test_fix_changes_nothing_in_a_clean_file(tmp_path):
    report = tmp_path / "report.txt"
    text = expected_fixed(seed_text())
    original = write_report(report, text)
    proc = gklint("check", "--fix", "report.txt", cwd=tmp_path)
    assert report.read_bytes() == original
    assert "已修复 0 处" in proc.stderr


def test_fix_never_touches_non_text_formats(tmp_path):
    if ".html" not in linter().readers:
        pytest.skip("no .html reader installed")
    from makefiles import seed_to_html

    page = tmp_path / "report.html"
    seed_to_html(str(page), seed_text(SEED_000))
    original = page.read_bytes()
    assert "GK301" in rule_ids(linter().check_file(str(page)).findings)
    gklint("check", "--fix", "report.html", cwd=tmp_path)
    assert page.read_bytes() == original


def test_symlink_outside_the_folder_is_refused(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    target = outside / "report.txt"
    original = write_report(target, seed_text())
    work = tmp_path / "work"
    work.mkdir()
    os.symlink(target, work / "link.txt")
    proc = gklint("check", "--fix", "link.txt", cwd=work)
    assert "符号链接" in proc.stderr
    assert target.read_bytes() == original


def test_symlink_inside_the_folder_fixes_its_target_and_stays_a_link(tmp_path):
    target = tmp_path / "real.txt"
    write_report(target, seed_text())
    os.symlink("real.txt", tmp_path / "link.txt")
    gklint("check", "--fix", "link.txt", cwd=tmp_path)
    assert os.path.islink(tmp_path / "link.txt")
    assert target.read_text(encoding="utf-8") == expected_fixed(seed_text())


def test_a_file_changed_after_it_was_read_is_not_overwritten(tmp_path):
    report = tmp_path / "report.txt"
    data = write_report(report, seed_text())
    result = check_text(seed_text(), str(report))
    plan = fixes.plan(str(report), data, result.findings, linter().all_rules, str(tmp_path))
    plan.stat = os.stat(report)
    assert plan.changed and plan.applied == 4
    edited = data + "新增一行。\n".encode("utf-8")
    report.write_bytes(edited)  # the author saved meanwhile
    with pytest.raises(fixes.FixRefused, match="被修改过"):
        fixes.write(plan)
    assert report.read_bytes() == edited


def test_line_map_handles_mixed_line_endings():
    original = "ab\r\ncd\ref\ngh"
    norm = fixes.normalise(original)
    linemap = fixes.LineMap(original)
    for offset, ch in enumerate(norm):
        if ch != "\n":
            assert original[linemap.to_raw(offset)] == ch
    assert linemap.newline == "\r\n"


def test_edits_that_disagree_with_the_text_are_skipped(tmp_path):
    """A finding whose span no longer holds its snippet is not applied."""
    report = tmp_path / "report.txt"
    data = write_report(report, seed_text())
    result = check_text(seed_text(), str(report))
    garble = next(f for f in result.findings if f.rule_id == "GK301")
    garble.snippet = "有"  # as if the text moved under the finding
    plan = fixes.plan(str(report), data, result.findings, linter().all_rules, str(tmp_path))
    assert plan.applied == 3 and any("GK301" in s for s in plan.skipped)
    assert "冇".encode() in plan.fixed
