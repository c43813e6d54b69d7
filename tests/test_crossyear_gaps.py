"""GK520 across years with the oracle: reports of one body written from
known numbers, this year's 二、上年结转 equal (or not) to last year's
四、结转下年度继续办理.  Only the previous year is compared: over a gap
(2021 and 2023 only) nothing is; the same report twice (.txt and .docx) is
one year, compared once."""
from __future__ import annotations

import random

import pytest

import oracle
from helpers import assert_read, linter
from makefiles import seed_to_docx

RNG = random.Random(5)
Y2021 = oracle.make_figures(RNG, "2021")
Y2022 = oracle.following_year(Y2021, RNG)
Y2023 = oracle.following_year(Y2022, RNG)
WRONG = Y2021.t3_cell("next", "total") + 1
Y2022_WRONG = oracle.following_year(Y2021, RNG, carried_on=WRONG)


def _run(folder, files: dict) -> list[tuple]:
    """Check ``files`` (name: (figures, year)) in one run; each alone is clean.
    Returns the cross-year findings: (file, rule, message)."""
    paths = []
    for name, (fig, year) in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        text = oracle.write_report(fig, year=year)
        if path.suffix == ".docx":
            seed_to_docx(str(path), text)
        else:
            path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    lint = linter()
    results = [assert_read(lint.check_file(p)) for p in paths]
    assert [f.rule_id for r in results for f in r.findings] == []
    return [(str(f.path).removeprefix(str(folder) + "/"), f.rule_id, f.message)
            for f in lint.check_batch(results)]


def test_consecutive_years_that_carry_over_agree_are_clean(tmp_path):
    assert _run(tmp_path, {"a/2021.txt": (Y2021, 2021), "a/2022.txt": (Y2022, 2022),
                           "a/2023.txt": (Y2023, 2023)}) == []


def test_a_carry_over_that_disagrees_is_one_finding_on_the_later_year(tmp_path):
    found = _run(tmp_path, {"a/2021.txt": (Y2021, 2021), "a/2022.txt": (Y2022_WRONG, 2022)})
    assert [(name, rule) for name, rule, _ in found] == [("a/2022.txt", "GK520")]
    message = found[0][2]
    assert f"总计为{WRONG}" in message and f"总计为{WRONG - 1}" in message
    assert "（2021年）" in message and "a/2021.txt" in message


def test_over_a_gap_the_years_are_not_compared(tmp_path):
    """2021 and 2023 only: 2023's 上年结转 is 2022's, which is not there."""
    assert _run(tmp_path, {"a/2021.txt": (Y2021, 2021), "a/2023.txt": (Y2022_WRONG, 2023)}) == []


def test_over_a_gap_the_previous_year_present_is_still_compared(tmp_path):
    found = _run(tmp_path, {"a/2021.txt": (Y2021, 2021), "a/2022.txt": (Y2022_WRONG, 2022),
                            "a/2024.txt": (Y2023, 2024)})
    assert [(name, rule) for name, rule, _ in found] == [("a/2022.txt", "GK520")]


@pytest.mark.parametrize("carry", ["agree", "disagree"])
def test_the_same_report_as_txt_and_docx_is_one_year(tmp_path, carry):
    pytest.importorskip("docx")
    later = Y2022 if carry == "agree" else Y2022_WRONG
    found = _run(tmp_path, {"a/2021.txt": (Y2021, 2021), "a/2021.docx": (Y2021, 2021),
                            "a/2022.txt": (later, 2022)})
    if carry == "agree":
        assert found == []
    else:  # one finding on the later year, naming one copy of the earlier one
        assert [(name, rule) for name, rule, _ in found] == [("a/2022.txt", "GK520")]
