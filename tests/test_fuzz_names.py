"""Property tests on file names (issue 18): any name a file system can hold,
valid UTF-8 or not (GBK bytes from an archive unzipped on Windows), with
rich markup, escape sequences or spreadsheet formulas in it, is checked and
written by every formatter, the audit journal and the audit summary without
an exception, and no control character reaches a terminal or CI log.
"""
from __future__ import annotations

import io
import json
import os
import shutil
import tempfile

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import FUZZ_EXAMPLES, SEEDS
from fuzz_support import render_all

SEED_BYTES = SEEDS[-1].read_bytes()
# Pieces that broke outputs: markup, escapes, formula heads, GBK and lone bytes.
_PIECES = [b"[/]", b"[bold]", b"\x1b[31m", b"\x1b]8;;http://x\x07", b"\x07", b"=", b"@", b"+",
           b"-", "报告".encode("gbk"), "报告".encode("utf-8"), b"\xff", b"\x80", b"%", b",", b":",
           b"\r", b"\n", b" "]
_name_bytes = st.lists(st.one_of(st.sampled_from(_PIECES),
                                 st.binary(min_size=1, max_size=4)), min_size=1, max_size=6).map(
    lambda parts: b"".join(parts).replace(b"/", b"_").replace(b"\0", b"_")[:120])


def _checked(linter, name: bytes):
    folder = tempfile.mkdtemp(prefix="gklint-names-")
    try:
        path = os.path.join(os.fsencode(folder), name + b".txt")
        with open(path, "wb") as fh:
            fh.write(SEED_BYTES)
        return linter.check_file(os.fsdecode(path))
    finally:
        shutil.rmtree(folder)


def _no_controls(text: str) -> bool:
    return not any(ord(c) < 0x20 and c not in "\t\n" or 0x7F <= ord(c) < 0xA0 for c in text)


@given(name=_name_bytes)
@settings(max_examples=FUZZ_EXAMPLES)
def test_any_file_name_is_checked_and_rendered_by_every_formatter(linter, name):
    result = _checked(linter, name)
    assert not result.error and result.findings  # the seed's findings, whatever its name
    result.path.encode("utf-8")  # a name every output can encode
    out = render_all(linter, [result])
    for fmt, text in out.items():
        text.encode("utf-8")
        if fmt in ("terminal", "github"):
            assert _no_controls(text), fmt
    json.loads(out["json"])


@given(name=_name_bytes)
@settings(max_examples=FUZZ_EXAMPLES // 2)
def test_any_file_name_goes_through_the_journal_and_the_audit_summary(linter, name):
    from gklint.batch.run import Batch, Journal
    from gklint.batch.summary import summary_table

    result = _checked(linter, name)
    batch = Batch([result.path])
    batch.add(result)
    folder = tempfile.mkdtemp(prefix="gklint-journal-")
    try:
        journal = Journal(os.path.join(folder, "x.partial.jsonl"))
        journal.add(result)
        journal.close(keep=True)
        with open(os.path.join(folder, "x.partial.jsonl"), encoding="utf-8") as fh:
            assert json.loads(fh.readline())["path"] == result.path
    finally:
        shutil.rmtree(folder)
    stream = io.StringIO()
    summary_table(batch, {r.id: r for r in linter.rules}, stream)
    assert _no_controls(stream.getvalue())
