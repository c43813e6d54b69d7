"""Property tests for text input: whatever the bytes, the engine answers with
findings or one GK9xx finding, never an exception, and the same input always
gives the same output, in the same order.

Inputs are mutations of the two real seed reports (lines deleted, duplicated,
replaced or shuffled; table cells shuffled, dropped or replaced with odd
numbers; control characters, combining marks, private-use and non-BMP
characters inserted; very long lines), encoded in many encodings, with lone
surrogates, flipped bytes and mixed encodings.  Budgets are set by the
hypothesis profile in conftest.py.
"""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import FUZZ_EXAMPLES, SEEDS
from fuzz_support import assert_sound, encoded, mutated_seed_text, nasty_text, render_all

SEED_TEXTS = {p.name: p.read_text(encoding="utf-8") for p in SEEDS}


@given(text=mutated_seed_text(SEED_TEXTS), ext=st.sampled_from([".txt", ".md"]))
@settings(max_examples=FUZZ_EXAMPLES * 3)
def test_mutated_seed_text_is_checked_soundly(linter, text, ext):
    result = assert_sound(linter, "report" + ext, text.encode("utf-8"))
    if text.strip() and "\x00" not in text:
        # Readable UTF-8 text is always checked, never refused.
        assert not result.error, result.findings


@given(data=encoded(mutated_seed_text(SEED_TEXTS)))
@settings(max_examples=FUZZ_EXAMPLES * 2)
def test_mutated_seeds_in_any_encoding_are_checked_soundly(linter, data):
    assert_sound(linter, "report.txt", data)


@given(text=st.lists(st.one_of(nasty_text, st.text(max_size=200)), max_size=30).map("\n".join))
def test_random_unicode_text_is_checked_soundly(linter, text):
    assert_sound(linter, "random.txt", text.encode("utf-8", "surrogatepass"))


@given(data=st.binary(max_size=4096))
def test_random_bytes_as_text_are_checked_soundly(linter, data):
    assert_sound(linter, "random.txt", data)


@given(text=mutated_seed_text(SEED_TEXTS))
@settings(max_examples=FUZZ_EXAMPLES // 2)
def test_every_formatter_renders_findings_of_mutated_reports(linter, text):
    results = [linter.check_bytes("a.txt", text.encode("utf-8")),
               linter.check_bytes("b.md", text.encode("utf-8"))]
    first = render_all(linter, results)
    assert all(first.values())
    # Output is a function of the input: rendering again gives the same bytes.
    assert render_all(linter, results) == first


def test_seeds_are_stable_across_linters(seed_texts):
    """Two independently built linters agree on every seed (no hidden state)."""
    from gklint.engine import Linter
    from fuzz_support import result_signature

    one, two = Linter(), Linter()
    for name, text in seed_texts.items():
        data = text.encode("utf-8")
        assert result_signature(one.check_bytes(name, data)) == \
            result_signature(two.check_bytes(name, data))
