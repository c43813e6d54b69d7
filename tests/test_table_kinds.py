"""The two rule kinds of table arithmetic, beyond the core pack's use of them:
``table_sum`` (an identity, checked on every row or column it covers, with
``in``, ``identities`` and ``*`` wildcards) and ``table_cells`` (blank, dash
and invalid cells, one finding per table for the blanks).

Inputs are the oracle's reports (tests/oracle.py: every number known, every
identity holding) with one cell changed, and packs written into tmp_path."""
from __future__ import annotations

import random
import textwrap

import pytest

import oracle
from helpers import assert_read, check_text

from gklint.config import Config
from gklint.engine import Linter
from gklint.linting.packs import PackError

FIG = oracle.make_figures(random.Random(11), "2021", busy=0.6)
TEXT = oracle.write_report(FIG, claims=False)
LABELS = oracle.T3_COLUMN_LABELS


def _linter(tmp_path, rules: str, select=("GK8",)) -> Linter:
    pack = tmp_path / "sums.yaml"
    pack.write_text("pack: sums\nrules:\n" + textwrap.indent(textwrap.dedent(rules), "  "),
                    encoding="utf-8")
    return Linter(Config(packs=[str(pack)], select=list(select)))


def _found(linter: Linter, text: str) -> list[tuple]:
    result = assert_read(linter.check_bytes("report.txt", text.encode("utf-8")), whole=False)
    return [(f.rule_id, f.location.row, f.location.column_label, f.message) for f in result.findings]


def _rule(rule_id: str, body: str, message: str = "{row}/{column}: {left} != {right}") -> str:
    return textwrap.dedent(f"""\
        - id: {rule_id}
          kind: table_sum
          name: sum-{rule_id.lower()}
          severity: error
          message: "{message}"
          summary: test sum
          doc: {{what: w, why: y, example: e, fix: f}}
        """) + textwrap.indent(textwrap.dedent(body), "  ")


def _plus(row: str, column: str, delta: int = 2) -> str:
    return oracle.set_t3_cell(TEXT, FIG, row, column, str(FIG.t3_cell(row, column) + delta))


# -- table_sum: which rows and columns an identity covers --------------------------

OUTCOME_SUM = """\
    table: table3
    along: columns
    left: [r7]
    right: [r1, r2, "r3.*", "r4.*", "r5.*", "r6.*"]
    """


def test_in_limits_a_column_identity_to_the_columns_it_names(tmp_path):
    linter = _linter(tmp_path, _rule("GK801", OUTCOME_SUM + "in: [natural, no-such-column]\n"))
    assert _found(linter, TEXT) == []
    r7 = FIG.t3_cell("r7", "natural")
    assert _found(linter, _plus("r1", "natural")) == [
        ("GK801", "（七）总计", "自然人", f"（七）总计/自然人: {r7} != {r7 + 2}")]
    assert _found(linter, _plus("r1", "business")) == []


def test_without_in_a_column_identity_covers_every_column(tmp_path):
    linter = _linter(tmp_path, _rule("GK801", OUTCOME_SUM))
    for column in (*oracle.T3_APPLICANTS, "total"):
        found = _found(linter, _plus("r3.4", column))
        assert [f[2] for f in found] == [LABELS[column]], column


ROW_SUM = """\
    table: table3
    along: rows
    left: [total]
    right: [natural, business, research, welfare, legal, other]
    """


def test_in_limits_a_row_identity_to_the_rows_it_names(tmp_path):
    linter = _linter(tmp_path, _rule("GK801", ROW_SUM + "in: [r2, no-such-row]\n"))
    assert _found(linter, TEXT) == []
    total = FIG.t3_cell("r2", "total")
    assert _found(linter, _plus("r2", "legal")) == [
        ("GK801", "（二）部分公开", "总计", f"（二）部分公开/总计: {total} != {total + 2}")]
    assert _found(linter, _plus("r1", "legal")) == []


def test_an_identity_naming_what_the_table_lacks_is_skipped_and_the_next_still_checked(tmp_path):
    """A row or column the table does not have (a typo in a pack, another
    form's key, a wildcard that matches nothing) makes that identity
    uncheckable -- it gives no finding and no error -- and the identities
    after it are still checked."""
    columns = _rule("GK801", """\
        table: table3
        along: columns
        identities:
          - {left: [r7], right: [r1, no-such-row]}
          - {left: ["zz.*"], right: [r1]}
          - {left: [r7], right: [r1, r2, "r3.*", "r4.*", "r5.*", "r6.*"]}
        """)
    rows = _rule("GK802", """\
        table: table3
        along: rows
        identities:
          - {left: [total], right: [natural, no-such-column]}
          - {left: [no-such-column], right: [natural]}
          - {left: [total], right: [natural, business, research, welfare, legal, other]}
        """)
    linter = _linter(tmp_path, columns + rows)
    assert _found(linter, TEXT) == []
    found = _found(linter, _plus("r3.4", "welfare"))
    assert sorted(f[:3] for f in found) == [
        ("GK801", "（七）总计", "社会公益组织"), ("GK802", "（三）不予公开 4.保护第三方合法权益", "总计")]


def test_the_message_states_the_value_the_first_cell_should_hold(tmp_path):
    """``{expected}`` is what the first cell of ``left`` must hold for the
    identity to hold: the right side less the other cells of the left."""
    linter = _linter(tmp_path, _rule("GK801", """\
        table: table3
        along: columns
        left: [r7, next]
        right: [new, carried]
        in: [research]
        """, message="{found} -> {expected} ({left} = {right})"))
    r7, nxt = FIG.t3_cell("r7", "research"), FIG.t3_cell("next", "research")
    found = _found(linter, _plus("r7", "research", 3))
    assert [f[3] for f in found] == [f"{r7 + 3} -> {r7} ({r7 + 3 + nxt} = {r7 + nxt})"]


# -- table_sum: a pack that cannot work is refused with its reason --------------------

@pytest.mark.parametrize("body, reason", [
    ("along: rows\nleft: [total]\nright: [natural]\n", "table_sum needs 'table'"),
    ("table: table3\nleft: [total]\nright: [natural]\n", "table_sum needs 'along'"),
    ("table: table3\nalong: diagonal\nleft: [total]\nright: [natural]\n",
     "'along' must be rows or columns"),
    ("table: table3\nalong: rows\nleft: [total]\n", "each identity needs 'left' and 'right' lists"),
    ("table: table3\nalong: rows\nidentities:\n  - {left: [total], right: [natural]}\n"
     "  - {left: [], right: [natural]}\n", "each identity needs 'left' and 'right' lists"),
])
def test_a_table_sum_rule_that_cannot_work_is_refused(tmp_path, body, reason):
    with pytest.raises(PackError, match=f"rule GK801: {reason}"):
        _linter(tmp_path, _rule("GK801", body))
