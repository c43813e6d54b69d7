"""--fix, in-process and exact: adjacent edits both apply, overlapping ones
do not, edits land on the right bytes whatever the line endings, and the
written file keeps its permission bits."""
from __future__ import annotations

import errno
import io
import os
import stat
import tempfile

import pytest

from helpers import SEED_004, assert_read, linter, seed_text

from gklint import fixes
from gklint.findings import Edit, Finding, Severity
from gklint.model import Location, Span

GOBACK = "[bookmark: _GoBack]"
BOOKMARK16 = "[bookmark: bookmark16]"


def fix_bytes(tmp_path, text: str, newline: str = "\n", name: str = "report.txt"):
    """The plan for ``text`` saved with ``newline``; its findings come from the text."""
    path = tmp_path / name
    data = text.replace("\n", newline).encode("utf-8")
    path.write_bytes(data)
    result = linter().check_bytes(str(path), data)
    return fixes.plan(str(path), data, result.findings, linter().all_rules, str(tmp_path))


def test_adjacent_garbles_are_both_fixed(tmp_path):
    # 冇冇: two GK301 edits, the second starting where the first ends.
    text = "现行冇冇效件数\n" + seed_text()
    plan = fix_bytes(tmp_path, text)
    assert plan.skipped == []
    assert plan.fixed.decode("utf-8").startswith("现行有有效件数\n")
    assert plan.applied == 6  # the two here and the seed's four


def test_adjacent_debris_is_all_removed(tmp_path):
    text = seed_text().replace(BOOKMARK16, BOOKMARK16 + GOBACK, 1)
    plan = fix_bytes(tmp_path, text, "\r\n")
    fixed = plan.fixed.decode("utf-8")
    assert "bookmark" not in fixed and plan.skipped == []
    assert "\r\n（一）完善制度" in fixed


def _finding(rule_id: str, start: int, end: int, replacement: str, snippet: str) -> Finding:
    span = Span(start, end)
    return Finding(rule_id, Severity.WARNING, "m", "report.txt", Location(1, start + 1), span=span,
                   fix=[Edit(span, replacement)], snippet=snippet)


def test_overlapping_edits_keep_the_first_and_say_so(tmp_path):
    text = "甲冇乙丙\n"
    findings = [_finding("GK301", 1, 2, "有", "冇"), _finding("GK310", 1, 3, "", "冇乙"),
                _finding("GK301", 3, 4, "丁", "丙")]
    plan = fixes.plan(str(tmp_path / "r.txt"), text.encode("utf-8"), findings,
                      linter().all_rules, str(tmp_path))
    assert plan.fixed.decode("utf-8") == "甲有乙丁\n"
    assert plan.applied == 2
    assert plan.skipped == ["GK310 1:2：与另一处修复重叠"]


def test_edits_of_rules_that_are_not_fixable_are_ignored(tmp_path):
    text = "甲冇乙\n"
    findings = [_finding("GK101", 1, 2, "有", "冇"), _finding("GK999", 1, 2, "有", "冇")]
    plan = fixes.plan(str(tmp_path / "r.txt"), text.encode("utf-8"), findings,
                      linter().all_rules, str(tmp_path))
    assert not plan.changed and plan.applied == 0 and plan.skipped == []


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_edits_land_on_the_flagged_characters_for_every_line_ending(tmp_path, newline):
    text = seed_text()
    plan = fix_bytes(tmp_path, text, newline)
    expected = (text.replace("现行冇效件数", "现行有效件数").replace(GOBACK, "").replace(BOOKMARK16, "")
                .replace("3,要求提供公开出版物", "3.要求提供公开出版物"))
    assert plan.fixed == expected.replace("\n", newline).encode("utf-8")
    assert plan.applied == 4


def test_replacement_newlines_follow_the_file(tmp_path):
    text = "甲冇乙\r\n丙\r\n"
    findings = [_finding("GK301", 1, 2, "有\n", "冇")]
    plan = fixes.plan(str(tmp_path / "r.txt"), text.encode("utf-8"), findings,
                      linter().all_rules, str(tmp_path))
    assert plan.fixed.decode("utf-8") == "甲有\r\n乙\r\n丙\r\n"


def test_line_map_after_a_crlf_file():
    original = "ab\r\ncd\r\n\r\nef"
    linemap = fixes.LineMap(original)
    norm = fixes.normalise(original)
    assert linemap.newline == "\r\n"
    for i, ch in enumerate(norm):
        if ch != "\n":
            assert original[linemap.to_raw(i)] == ch, i
    assert linemap.to_raw(len(norm)) == len(original)


def _run_fix(path):
    out, err = io.StringIO(), io.StringIO()
    results, total = fixes.run(linter(), [str(path)], write_files=True, show_diff=False,
                               out=out, err=err, root=str(path.parent))
    return results, total, err.getvalue()


@pytest.mark.parametrize("mode", [0o640, 0o604, 0o755])
def test_fix_keeps_the_permission_bits(tmp_path, mode):
    report = tmp_path / "report.txt"
    report.write_text(seed_text(), encoding="utf-8")
    os.chmod(report, mode)
    results, total, err = _run_fix(report)
    assert total == 4 and "已修复 4 处" in err
    assert stat.S_IMODE(os.stat(report).st_mode) == mode
    assert "冇" not in report.read_text(encoding="utf-8")
    assert results[0].meta["fixed"] == 4
    assert "GK301" not in [f.rule_id for f in results[0].findings]


def test_fix_refuses_a_file_with_another_hard_link(tmp_path):
    report = tmp_path / "report.txt"
    report.write_text(seed_text(), encoding="utf-8")
    os.link(report, tmp_path / "copy.txt")
    results, total, err = _run_fix(report)
    assert total == 0 and "2 个硬链接" in err
    assert report.read_text(encoding="utf-8") == seed_text()


def test_a_clean_file_is_not_written(tmp_path):
    report = tmp_path / "report.txt"
    text = (seed_text().replace("冇", "有").replace(GOBACK, "").replace(BOOKMARK16, "")
            .replace("3,要求", "3.要求"))
    report.write_text(text, encoding="utf-8")
    before = os.stat(report).st_mtime_ns
    results, total, err = _run_fix(report)
    assert total == 0 and os.stat(report).st_mtime_ns == before
    assert "fixed" not in assert_read(results[0]).meta  # read, and clean: not refused


def test_diff_marks_a_last_line_without_newline(tmp_path):
    text = seed_text().rstrip("\n") + "\n现行冇效"
    plan = fix_bytes(tmp_path, text)
    diff = fixes.unified_diff(plan)
    name = str(tmp_path / "report.txt")
    assert diff.startswith(f"--- a/{name}\n+++ b/{name}\n@@ ")
    assert diff.endswith("-现行冇效\n\\ No newline at end of file\n+现行有效\n"
                         "\\ No newline at end of file\n")


def test_diff_mode_shows_and_counts_but_writes_nothing(tmp_path):
    report = tmp_path / "report.txt"
    report.write_text(seed_text(), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    results, total = fixes.run(linter(), [str(report)], write_files=False, show_diff=True,
                               out=out, err=err, root=str(tmp_path))
    assert total == 4 and report.read_text(encoding="utf-8") == seed_text()
    assert "-\t现行冇效件数\n+\t现行有效件数\n" in out.getvalue()
    assert err.getvalue().endswith("gklint: 可修复 4 处问题 / 4 fixes available\n")
    assert "GK301" in [f.rule_id for f in results[0].findings]  # nothing was fixed


def test_fix_mode_says_what_it_did(tmp_path):
    report = tmp_path / "report.txt"
    report.write_text(seed_text(), encoding="utf-8")
    _, total, err = _run_fix(report)
    assert err == f"gklint: {report}: 已修复 4 处\ngklint: 已修复 4 处问题 / 4 fixes applied\n"


@pytest.mark.parametrize("bom, codec", [(b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le")])
def test_plan_keeps_the_bom(tmp_path, bom, codec):
    data = bom + seed_text().encode(codec)
    result = linter().check_bytes(str(tmp_path / "r.txt"), data)
    plan = fixes.plan(str(tmp_path / "r.txt"), data, result.findings, linter().all_rules, str(tmp_path))
    assert plan.fixed.startswith(bom)
    assert plan.fixed[len(bom):].decode(codec).startswith(seed_text()[:20])
    assert "现行有效件数" in plan.fixed[len(bom):].decode(codec) and plan.applied == 4


def test_undecodable_file_is_refused(tmp_path):
    data = seed_text().encode("utf-8") + b"\xff\xfe\xfd\x80\x81"
    result = linter().check_bytes(str(tmp_path / "r.txt"), data)
    with pytest.raises(fixes.FixRefused) as exc:
        fixes.plan(str(tmp_path / "r.txt"), data, result.findings, linter().all_rules, str(tmp_path))
    assert str(exc.value) == "文件编码无法确定，不自动修改"


def test_formats_other_than_text_are_checked_not_fixed(tmp_path):
    page = tmp_path / "report.html"
    page.write_text("<html><body><p>现行冇效件数</p></body></html>", encoding="utf-8")
    before = page.read_bytes()
    results, total, err = _run_fix(page)
    assert total == 0 and page.read_bytes() == before
    assert results[0].path == str(page) and "fixed" not in results[0].meta


@pytest.mark.parametrize("suffix", [".txt", ".md", ".markdown", ".text", ".TXT"])
def test_every_text_suffix_is_fixed(tmp_path, suffix):
    report = tmp_path / ("report" + suffix)
    report.write_text(seed_text(), encoding="utf-8")
    _, total, _ = _run_fix(report)
    assert total == 4 and "现行有效件数" in report.read_text(encoding="utf-8")


def test_normalise_turns_every_line_ending_into_lf():
    assert fixes.normalise("甲\r乙\r\n丙\n丁\r") == "甲\n乙\n丙\n丁\n"


def test_replacement_newline_in_a_file_of_one_line(tmp_path):
    findings = [_finding("GK301", 1, 2, "有\n", "冇")]
    plan = fixes.plan(str(tmp_path / "r.txt"), "甲冇乙".encode("utf-8"), findings,
                      linter().all_rules, str(tmp_path))
    assert plan.fixed.decode("utf-8") == "甲有\n乙"


def test_an_edit_at_the_very_start_of_the_file(tmp_path):
    findings = [_finding("GK301", 0, 1, "有", "冇"), _finding("GK301", 2, 3, "有", "冇")]
    plan = fixes.plan(str(tmp_path / "r.txt"), "冇乙冇\n".encode("utf-8"), findings,
                      linter().all_rules, str(tmp_path))
    assert plan.fixed.decode("utf-8") == "有乙有\n" and plan.skipped == []


def test_a_plain_path_outside_the_root_is_its_own_target(tmp_path):
    report = tmp_path / "report.txt"
    report.write_text("甲冇乙\n", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    plan = fixes.plan(str(report), report.read_bytes(), [_finding("GK301", 1, 2, "有", "冇")],
                      linter().all_rules, str(tmp_path / "sub"))
    assert plan.target == str(report) and plan.fixed.decode("utf-8") == "甲有乙\n"


def _planned(tmp_path):
    report = tmp_path / "report.txt"
    data = seed_text().encode("utf-8")
    report.write_bytes(data)
    result = linter().check_bytes(str(report), data)
    plan = fixes.plan(str(report), data, result.findings, linter().all_rules, str(tmp_path))
    plan.stat = os.stat(report)
    return report, plan


CHANGED = "文件在检查之后被修改过，未写入修复；请重新运行"


def test_a_file_saved_again_unchanged_is_not_overwritten(tmp_path):
    report, plan = _planned(tmp_path)
    st = os.stat(report)
    os.utime(report, ns=(st.st_atime_ns, st.st_mtime_ns + 5_000_000_000))  # saved again, same text
    with pytest.raises(fixes.FixRefused) as exc:
        fixes.write(plan)
    assert str(exc.value) == CHANGED and "冇" in report.read_text(encoding="utf-8")


def test_a_file_changed_behind_an_unchanged_date_is_not_overwritten(tmp_path):
    report, plan = _planned(tmp_path)
    st = os.stat(report)
    report.write_bytes(plan.original.replace("安泽县".encode("utf-8"), "安择县".encode("utf-8"), 1))
    os.utime(report, ns=(st.st_atime_ns, st.st_mtime_ns))  # same size, same date
    with pytest.raises(fixes.FixRefused) as exc:
        fixes.write(plan)
    assert str(exc.value) == CHANGED


def test_a_file_gone_before_writing_is_refused_with_the_reason(tmp_path):
    report, plan = _planned(tmp_path)
    report.unlink()
    with pytest.raises(fixes.FixRefused) as exc:
        fixes.write(plan)
    assert str(exc.value) == "无法重新读取文件：No such file or directory"
    assert not report.exists()


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="only root can give a file away")
def test_fix_by_root_keeps_the_files_owner(tmp_path):
    report = tmp_path / "report.txt"
    report.write_text(seed_text(), encoding="utf-8")
    os.chown(report, 1234, 2345)
    _, total, _ = _run_fix(report)
    st = os.stat(report)
    assert total == 4 and (st.st_uid, st.st_gid) == (1234, 2345)
    assert "现行有效件数" in report.read_text(encoding="utf-8")


def test_diff_of_a_cr_file_has_no_missing_newline_marks(tmp_path):
    plan = fix_bytes(tmp_path, seed_text(), "\r")
    diff = fixes.unified_diff(plan)
    assert "-\t现行冇效件数\r+\t现行有效件数\r" in diff and "No newline" not in diff


def test_fixes_of_several_files_add_up(tmp_path):
    paths = []
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(seed_text(), encoding="utf-8")
        paths.append(str(tmp_path / name))
    out, err = io.StringIO(), io.StringIO()
    results, total = fixes.run(linter(), paths, write_files=True, show_diff=False,
                               out=out, err=err, root=str(tmp_path))
    assert total == 8 and [r.meta["fixed"] for r in results] == [4, 4]
    assert err.getvalue().endswith("gklint: 已修复 8 处问题 / 8 fixes applied\n")


# -- edits of one finding among another's; refusals the kernel gives ---------

def _finding_with(rule_id: str, start: int, end: int, text: str, edits) -> Finding:
    """A finding flagging text[start:end] whose fix is several edits (a plugin
    rule may fix two places of one sentence)."""
    span = Span(start, end)
    return Finding(rule_id, Severity.WARNING, "m", "report.txt", Location(1, start + 1), span=span,
                   fix=[Edit(Span(a, b), new) for a, b, new in edits], snippet=text[start:end])


def test_edits_are_ordered_by_their_own_place_not_their_findings(tmp_path):
    # One finding over the whole sentence fixes its two ends; another, inside
    # it, fixes the middle.  The three edits do not overlap: all apply.
    text = "冇甲丙乙冇\n"
    findings = [_finding_with("GK301", 0, 5, text, [(0, 1, "有"), (4, 5, "有")]),
                _finding_with("GK301", 2, 3, text, [(2, 3, "丁")])]
    plan = fixes.plan(str(tmp_path / "r.txt"), text.encode("utf-8"), findings,
                      linter().all_rules, str(tmp_path))
    assert plan.fixed.decode("utf-8") == "有甲丁乙有\n"
    assert plan.skipped == [] and plan.applied == 3


def test_an_insertion_where_a_replacement_starts_is_not_an_overlap(tmp_path):
    # Inserting "，" before 乙 and replacing 乙 touch, they do not overlap;
    # the insertion's finding reaches further than the replacement's.
    text = "甲乙丙\n"
    findings = [_finding_with("GK301", 1, 3, text, [(1, 1, "，")]),
                _finding_with("GK301", 1, 2, text, [(1, 2, "已")])]
    plan = fixes.plan(str(tmp_path / "r.txt"), text.encode("utf-8"), findings,
                      linter().all_rules, str(tmp_path))
    assert plan.fixed.decode("utf-8") == "甲，已丙\n" and plan.skipped == []


def test_plan_and_run_resolve_links_against_the_current_folder_by_default(tmp_path, monkeypatch):
    real = tmp_path / "real.txt"
    real.write_text(seed_text(), encoding="utf-8")
    (tmp_path / "link.txt").symlink_to(real)
    monkeypatch.chdir(tmp_path)
    result = linter().check_bytes("link.txt", real.read_bytes())
    plan = fixes.plan("link.txt", real.read_bytes(), result.findings, linter().all_rules)
    assert plan.target == str(real) and plan.applied == 4
    out, err = io.StringIO(), io.StringIO()
    _, total = fixes.run(linter(), ["link.txt"], write_files=True, show_diff=False, out=out, err=err)
    assert total == 4 and "现行有效件数" in real.read_text(encoding="utf-8")
    assert (tmp_path / "link.txt").is_symlink()


SLOW_RULE = (
    "import time\n"
    "import gklint\n"
    "from gklint import Rule\n"
    "class Slow(Rule):\n"
    "    id, name, summary, doc = 'GKX01', 'slow', 'slow', 'x'\n"
    "    def check(self, doc, ctx):\n"
    "        while '安泽县' in doc.text:\n"
    "            time.sleep(0.01)\n"
    "        return ()\n"
    "@gklint.hookimpl\n"
    "def gklint_rules(config):\n"
    "    return [Slow()]\n")


def test_a_file_over_the_time_limit_is_reported_and_left_as_it_is(tmp_path, monkeypatch):
    from gklint.config import Config
    from gklint.engine import Linter

    (tmp_path / "gk_fix_slow_rule.py").write_text(SLOW_RULE, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    slow, good = tmp_path / "a.txt", tmp_path / "b.txt"
    slow.write_text(seed_text(), encoding="utf-8")  # seed 000 is signed by 安泽县人民政府
    good.write_text(seed_text().replace("安泽县", "某县"), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    results, total = fixes.run(Linter(Config(plugins=["gk_fix_slow_rule"], file_timeout=1)),
                               [str(slow), str(good)], write_files=True, show_diff=False,
                               out=out, err=err, root=str(tmp_path))
    assert [f.rule_id for f in results[0].findings] == ["GK991"]
    assert "检查超过 1 秒仍未完成" in results[0].findings[0].message
    assert total == 4 and results[1].meta["fixed"] == 4  # only the second file's fixes
    assert slow.read_text(encoding="utf-8") == seed_text()


def test_a_file_that_cannot_be_read_adds_no_fix_to_the_count(tmp_path):
    report = tmp_path / "report.txt"
    report.write_text(seed_text(), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    results, total = fixes.run(linter(), [str(tmp_path / "gone.txt"), str(report)], write_files=True,
                               show_diff=False, out=out, err=err, root=str(tmp_path))
    assert [f.rule_id for f in results[0].findings] == ["GK901"]
    assert total == 4 and err.getvalue().endswith("gklint: 已修复 4 处问题 / 4 fixes applied\n")


SUGGESTING_RULE = (
    "import gklint\n"
    "from gklint import Rule\n"
    "from gklint.findings import Edit\n"
    "from gklint.model import Span\n"
    "class Suggests(Rule):\n"
    "    id, name, summary, doc = 'GKX02', 'suggests', 'suggests', 'x'\n"
    "    def check(self, doc, ctx):\n"
    "        at = doc.text.find('公开')\n"
    "        if at >= 0:\n"
    "            span = Span(at, at + 2)\n"
    "            yield self.finding(doc, '可改为“发布”', span=span, fix=[Edit(span, '发布')])\n"
    "@gklint.hookimpl\n"
    "def gklint_rules(config):\n"
    "    return [Suggests()]\n")


def test_a_suggestion_of_a_rule_not_marked_fixable_is_not_applied_or_counted(tmp_path, monkeypatch):
    from gklint.config import Config
    from gklint.engine import Linter

    (tmp_path / "gk_fix_suggesting_rule.py").write_text(SUGGESTING_RULE, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    report = tmp_path / "report.txt"
    clean = seed_text(SEED_004)  # no fixable finding of its own
    report.write_text(clean, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    results, total = fixes.run(Linter(Config(plugins=["gk_fix_suggesting_rule"])), [str(report)],
                               write_files=True, show_diff=True, out=out, err=err, root=str(tmp_path))
    assert "GKX02" in [f.rule_id for f in results[0].findings]
    assert total == 0 and out.getvalue() == "" and report.read_text(encoding="utf-8") == clean
    assert err.getvalue() == "gklint: 已修复 0 处问题 / 0 fixes applied\n"


def _refused_write(tmp_path, monkeypatch, name, error):
    """--fix of the seed while ``name`` (an os or tempfile function) fails as the kernel would."""
    report = tmp_path / "report.txt"
    report.write_text(seed_text(), encoding="utf-8")
    module = tempfile if name == "mkstemp" else os

    def fail(*args, **kwargs):
        raise error

    monkeypatch.setattr(module, name, fail)
    results, total, err = _run_fix(report)
    monkeypatch.undo()
    assert total == 0 and report.read_text(encoding="utf-8") == seed_text()
    assert os.listdir(tmp_path) == ["report.txt"]  # no temporary file left behind
    assert "GK301" in [f.rule_id for f in results[0].findings]
    return err


def test_a_read_only_folder_is_refused_with_the_kernels_reason(tmp_path, monkeypatch):
    err = _refused_write(tmp_path, monkeypatch, "mkstemp",
                         OSError(errno.EROFS, os.strerror(errno.EROFS), str(tmp_path)))
    assert f"gklint: {tmp_path / 'report.txt'}: 无法写入（{os.strerror(errno.EROFS)}），文件保持原样\n" in err


def test_a_full_disk_is_refused_with_the_kernels_reason(tmp_path, monkeypatch):
    err = _refused_write(tmp_path, monkeypatch, "fsync", OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)))
    assert f"gklint: {tmp_path / 'report.txt'}: 写入失败（{os.strerror(errno.ENOSPC)}），文件保持原样\n" in err


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="only root can give a file away")
def test_a_file_whose_owner_cannot_be_kept_is_refused(tmp_path, monkeypatch):
    # root on a file system that does not let it give files away (NFS with
    # root squashing): chown fails with EPERM and the file is left alone.
    report = tmp_path / "report.txt"
    report.write_text(seed_text(), encoding="utf-8")
    os.chown(report, 1234, 2345)
    err = _refused_write(tmp_path, monkeypatch, "chown", PermissionError(errno.EPERM, os.strerror(errno.EPERM)))
    assert f"gklint: {report}: 文件属于其他用户或用户组，自动修改会改变其所有者，未写入\n" in err
    assert (os.stat(report).st_uid, os.stat(report).st_gid) == (1234, 2345)


def test_the_temporary_file_is_hidden_beside_the_report(tmp_path, monkeypatch):
    # Same folder: os.replace is atomic only within one file system.  Hidden:
    # a copy left by a killed run is not taken for a report by the next check.
    from gklint.batch.files import iter_files

    report = tmp_path / "report.txt"
    report.write_text(seed_text(), encoding="utf-8")
    real_replace, seen = os.replace, []

    def replace(src, dst):
        seen.append((os.path.dirname(src), list(iter_files([str(tmp_path)], None))))
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    _, total, _ = _run_fix(report)
    assert total == 4 and seen == [(str(tmp_path), [str(report)])]
