"""Shared test helpers: the seeds, a linter, and compact views of findings."""
from __future__ import annotations

import functools
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SEEDS = FIXTURES / "seeds"
SEED_000 = SEEDS / "000_7097c5c10f7e9ea9.txt"
SEED_004 = SEEDS / "004_c58f9d82b20742ce.txt"
SARIF_SCHEMA = FIXTURES / "schemas" / "sarif-schema-2.1.0.json"


@functools.lru_cache(maxsize=None)
def linter():
    from gklint.engine import Linter

    return Linter()


def seed_text(path: Path = SEED_000) -> str:
    return path.read_text(encoding="utf-8")


def check_text(text: str, name: str = "report.txt", encoding: str = "utf-8"):
    return linter().check_bytes(name, text.encode(encoding))


# Findings that say the file was not read as a report: refused or unreadable
# (GK9xx) or a reading problem (GK6xx).  A test that a report gives no finding,
# or the same findings as another, passes vacuously when the file was refused.
READING_PROBLEMS = ("GK9", "GK6")
SECTIONS = 6


def assert_read(result, *, whole: bool = True, allow: tuple = ()):
    """Assert ``result`` is of a file that was read as a report: not refused,
    no GK9xx/GK6xx finding (other than ``allow``).  With ``whole`` (a whole
    report) every one of the six sections is found or reported missing
    (GK101), and tables 3 and 4 are found (or one is reported missing,
    GK220).  ``result`` is a FileResult or a file of the JSON output.
    Returns ``result``: ``assert_read(check_text(text)).findings``."""
    if isinstance(result, dict):  # gklint check -f json: data["files"][i]
        error, meta = result["unreadable"], result.get("meta") or {}
        found = [(f["rule"], f["message"]) for f in result["findings"]]
    else:
        error, meta = result.error, result.meta
        found = [(f.rule_id, f.message) for f in result.findings]
    assert not error, found
    problems = [(rule, message) for rule, message in found
                if rule.startswith(READING_PROBLEMS) and rule not in allow]
    assert problems == [], problems
    if whole:
        ids = [rule for rule, _ in found]
        sections = meta.get("sections") or []
        assert len(set(sections)) + ids.count("GK101") == SECTIONS, (sections, ids)
        tables = set(meta.get("tables") or ())
        assert {"table3", "table4"} <= tables or "GK220" in ids, (tables, ids)
    return result


def compact(findings) -> list[tuple]:
    """(rule, line, column, table, row, column label) for each finding."""
    return [(f.rule_id, f.location.line, f.location.column, f.location.table,
             f.location.row, f.location.column_label) for f in findings]


def rule_ids(findings) -> list[str]:
    return [f.rule_id for f in findings]


def line_of(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    """1-based (line, column) of the nth occurrence of needle in text."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    line = text.count("\n", 0, start) + 1
    column = start - (text.rfind("\n", 0, start) + 1) + 1
    return line, column


def csv_rows(stream):
    """Rows of an audit CSV (Chinese headers) keyed by the machine column names."""
    import csv

    from gklint.formatters.csvfmt import HEADERS

    by_header = {v: k for k, v in HEADERS.items()}
    for row in csv.DictReader(stream):
        yield {by_header[k]: v for k, v in row.items()}


def importable_plugin(tmp_path: Path, monkeypatch, name: str, source: str):
    """Make ``source`` importable as the module ``name`` for ``Config(plugins=[name])``.

    A generator for fixtures (``yield from importable_plugin(...)``): yields ``name``,
    then forgets the module so the next test imports its own copy."""
    import sys

    (tmp_path / f"{name}.py").write_text(source, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    yield name
    sys.modules.pop(name, None)
