"""Safe automatic fixes: ``gklint check --fix`` and ``--diff``.

Only rules marked ``fixable`` (the substitution kind: 冇→有, debris removal
and the like) contribute edits, and only text files (.txt, .md) are changed.
The file keeps its encoding, BOM and line endings: the rules' text has its
newlines normalised to ``\\n``, so every edit is mapped back, line and
column, onto the decoded original, and the result must re-encode to exactly
the original bytes outside the edits.  Writing is atomic (a temporary file
in the same folder, fsync, ``os.replace``), keeps the file's owner, group
and mode, and is refused when the file changed since it was read, is a
symlink pointing outside the current folder, has other hard links (a
replaced file would split them; writing in place is not atomic) or belongs
to an owner gklint cannot give the new file.
Nothing is ever written without ``--fix``.
"""
from __future__ import annotations

import bisect
import difflib
import os
import re
import stat
import tempfile
from dataclasses import dataclass, field
from typing import Optional

from .readers.text import BOMS, decode_bytes

TEXT_EXTENSIONS = (".txt", ".md", ".markdown", ".text")
_NEWLINE = re.compile(r"\r\n|\r|\n")


class FixRefused(Exception):
    """The file is left as it is; the message says why (in Chinese)."""


@dataclass
class FixPlan:
    path: str  # as given (may be a symlink)
    target: str  # the real file written
    original: bytes
    fixed: bytes
    encoding: str
    applied: int = 0
    skipped: list[str] = field(default_factory=list)
    stat: Optional[os.stat_result] = None

    @property
    def changed(self) -> bool:
        return self.fixed != self.original


class LineMap:
    """Offsets in normalised text (``\\n`` only) → offsets in the original."""

    def __init__(self, original: str) -> None:
        self.raw_starts = [0]
        self.norm_starts = [0]
        self.newline = "\n"
        shrink = 0
        for m in _NEWLINE.finditer(original):
            if len(self.raw_starts) == 1:
                self.newline = m.group()
            self.raw_starts.append(m.end())
            shrink += len(m.group()) - 1
            self.norm_starts.append(m.end() - shrink)

    def to_raw(self, offset: int) -> int:
        line = bisect.bisect_right(self.norm_starts, offset) - 1
        return self.raw_starts[line] + (offset - self.norm_starts[line])


def normalise(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _split_encoding(data: bytes, encoding: str) -> tuple[bytes, str]:
    """(BOM bytes, codec) for the label decode_bytes gave."""
    if encoding.endswith(" (BOM)"):
        codec = encoding[:-len(" (BOM)")]
        bom = next(b for b, enc in BOMS if enc == codec and data.startswith(b))
        return bom, codec
    return b"", encoding


def _fixable_edits(findings, rules, text: str) -> tuple[list, list[str]]:
    """Non-overlapping edits of fixable rules whose spans still hold the
    flagged text; the rest is reported as skipped."""
    edits, skipped = [], []
    for f in findings:
        rule = rules.get(f.rule_id)
        if not f.fix or rule is None or not getattr(rule, "fixable", False):
            continue
        if f.span is not None and f.snippet and text[f.span.start:f.span.end] != f.snippet:
            skipped.append(f"{f.rule_id} {f.location.describe()}：位置与原文不符")
            continue
        edits.extend((e, f) for e in f.fix)
    edits.sort(key=lambda pair: (pair[0].span.start, pair[0].span.end))
    chosen, end = [], -1
    for edit, f in edits:
        if edit.span.start < end:
            skipped.append(f"{f.rule_id} {f.location.describe()}：与另一处修复重叠")
            continue
        chosen.append(edit)
        end = max(end, edit.span.end)
    return chosen, skipped


def plan(path: str, data: bytes, findings, rules, root: str = ".") -> FixPlan:
    """The fixed bytes of one text file, or FixRefused."""
    target = _target(path, root)
    text, encoding, lossy = decode_bytes(data)
    if lossy:
        raise FixRefused("文件编码无法确定，不自动修改")
    bom, codec = _split_encoding(data, encoding)
    try:
        if bom + text.encode(codec) != data:
            raise FixRefused(f"按 {encoding} 重新编码与原文件不一致，不自动修改")
    except (LookupError, UnicodeEncodeError):
        raise FixRefused(f"无法按 {encoding} 重新编码，不自动修改") from None
    norm = normalise(text)
    edits, skipped = _fixable_edits(findings, rules, norm)
    linemap = LineMap(text)
    out, pos = [], 0
    for edit in edits:
        start, end = linemap.to_raw(edit.span.start), linemap.to_raw(edit.span.end)
        out.append(text[pos:start])
        out.append(edit.replacement.replace("\n", linemap.newline))
        pos = end
    out.append(text[pos:])
    fixed_text = "".join(out)
    try:
        fixed = bom + fixed_text.encode(codec)
    except UnicodeEncodeError:
        raise FixRefused(f"修复后的文字无法按 {encoding} 保存，不自动修改") from None
    return FixPlan(path, target, data, fixed, encoding, applied=len(edits), skipped=skipped)


def _target(path: str, root: str) -> str:
    """The real file to write.  A path that goes through a symlink (the file
    itself or a folder on the way) must end inside ``root``."""
    real = os.path.realpath(path)
    if real == os.path.abspath(path):
        return path  # no link on the way: the file that was named
    base = os.path.realpath(root)
    if os.path.commonpath([real, base]) != base:
        raise FixRefused(f"经由符号链接指向当前目录之外（{real}），不自动修改")
    return real


def write(fix: FixPlan) -> None:
    """Replace the file atomically, unless it changed since it was read."""
    try:
        with open(fix.target, "rb") as fh:
            current = fh.read()
        st = os.stat(fix.target)
    except OSError as exc:
        raise FixRefused(f"无法重新读取文件：{exc.strerror or exc}") from None
    if current != fix.original or (
            fix.stat is not None and (st.st_mtime_ns, st.st_size) != (fix.stat.st_mtime_ns, fix.stat.st_size)):
        raise FixRefused("文件在检查之后被修改过，未写入修复；请重新运行")
    if st.st_nlink > 1:
        # Replacing the file would leave the other names on the old text
        # (the link split silently); writing in place is not atomic.
        raise FixRefused(f"文件有 {st.st_nlink} 个硬链接，自动修改会断开链接，未写入；"
                         "请用 --diff 查看并手工修改")
    folder = os.path.dirname(os.path.abspath(fix.target))
    try:
        fd, tmp = tempfile.mkstemp(prefix=".gklint-fix-", dir=folder)
    except OSError as exc:  # a read-only folder: refuse this file, go on with the others
        raise FixRefused(f"无法写入（{exc.strerror or exc}），文件保持原样") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(fix.fixed)
            fh.flush()
            os.fsync(fh.fileno())
        _keep_owner(tmp, st)
        os.chmod(tmp, stat.S_IMODE(st.st_mode))
        os.replace(tmp, fix.target)
    except BaseException as exc:
        if os.path.exists(tmp):
            os.unlink(tmp)
        if isinstance(exc, OSError):  # a full disk: the original is untouched
            raise FixRefused(f"写入失败（{exc.strerror or exc}），文件保持原样") from None
        raise
    _fsync_dir(folder)


def _keep_owner(tmp: str, st: os.stat_result) -> None:
    """Give the new file the original's owner and group (root fixing another
    user's file made it root's); when that is not allowed, refuse rather
    than hand the file to whoever runs gklint."""
    if not hasattr(os, "chown"):
        return
    mine = os.stat(tmp)
    if (mine.st_uid, mine.st_gid) == (st.st_uid, st.st_gid):
        return
    try:
        os.chown(tmp, st.st_uid, st.st_gid)
    except OSError:
        raise FixRefused("文件属于其他用户或用户组，自动修改会改变其所有者，未写入") from None


def _fsync_dir(folder: str) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def unified_diff(fix: FixPlan) -> str:
    """The change as a unified diff of the decoded text (line endings kept)."""
    old = decode_bytes(fix.original)[0].splitlines(keepends=True)
    new = decode_bytes(fix.fixed)[0].splitlines(keepends=True)
    name = fix.path.replace(os.sep, "/")
    lines = difflib.unified_diff(old, new, f"a/{name}", f"b/{name}")
    return "".join(line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n"
                   for line in lines)


def run(linter, files: list[str], *, write_files: bool, show_diff: bool, out, err,
        root: str = ".") -> tuple[list, int]:
    """Check ``files``, fix the text ones: (FileResults after fixing, fixes made
    or, without ``write_files``, available).

    ``out`` receives the diffs, ``err`` one line per fixed or refused file.
    """
    from .limits import FileTimeout, memory_ceiling, time_limit

    config = linter.config
    results, total = [], 0
    with memory_ceiling(config.file_memory_mb):  # as in check (gklint.batch.local.check_files)
        for path in files:
            try:
                with time_limit(config.file_timeout):
                    result, fixed = _fix_one(linter, path, write_files, show_diff, out, err, root)
            except FileTimeout:
                from .batch.executors import failure
                from .summary import TIMEOUT

                result, fixed = failure(path, "GK991", f"检查超过 {config.file_timeout:g} 秒仍未完成，"
                                        "已中止，未修改；其他文件照常检查", TIMEOUT, config), 0
            results.append(result)
            total += fixed
    verb = "已修复" if write_files else "可修复"
    print(f"gklint: {verb} {total} 处问题 / {total} fixes {'applied' if write_files else 'available'}",
          file=err)
    return results, total


def _fix_one(linter, path, write_files, show_diff, out, err, root):
    if not path.lower().endswith(TEXT_EXTENSIONS):
        return linter.check_file(path), 0
    from .readers import ReadError

    try:
        linter._confined(path)
        st = os.stat(path)
        data = linter._read_bytes(path)  # no FIFO, device or oversized file
    except (OSError, ReadError):
        return linter.check_file(path), 0  # the engine reports it (GK901, GK907, GK92x)
    result = linter.check_bytes(path, data)
    if not any(f.fix for f in result.findings):
        return result, 0
    try:
        fix = plan(path, data, result.findings, linter.all_rules, root)
        fix.stat = st
        for reason in fix.skipped:
            print(f"gklint: {path}: 跳过 {reason}", file=err)
        if not fix.changed:
            return result, 0
        if show_diff:
            out.write(unified_diff(fix))
        if not write_files:
            return result, fix.applied
        write(fix)
    except FixRefused as exc:
        print(f"gklint: {path}: {exc}", file=err)
        return result, 0
    print(f"gklint: {path}: 已修复 {fix.applied} 处", file=err)
    after = linter.check_bytes(path, fix.fixed)
    after.meta["fixed"] = fix.applied
    return after, fix.applied
