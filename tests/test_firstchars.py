"""The first-character shortcut before a pattern scan (gklint.firstchars).

A wrong answer would silently drop findings, so the reader of pattern heads
is tested on what it must read and on every head it must refuse, and every
shipped pattern it gives a shortcut for is shown never to match a text that
lacks those characters.
"""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gklint.engine import Linter
from gklint.firstchars import first_chars

READ = {
    r"[□■]+": "□■",
    r"_{3,}|＿{2,}": "_＿",
    r"(?<![A-Za-z])(?:[XxＸｘ]{2,}|×{2,})(?![A-Za-z])": "XxＸｘ×",
    "冇": "冇",
    r"[（(](?:此处|请在此|在此)[^）)\n]{0,40}[）)]": "（(",
    r"(?<=(?<![A-Za-z\d])\d+[Oo〇]{0,8})[Oo〇](?=[Oo〇]{0,8}\d)": "Oo〇",
    r"(?:烫烫烫|屯屯屯)+": "烫屯",
    r'\b(?:MERGEFORMAT|HYPERLINK[^\S\n]+"[^"\n]*")[^\S\n]*': "MH",
    r"\uFFFD+": "\ufffd",
    r"\[(?:bookmark|image)(?::[^\]\n]*)?\]": "[",
    r"(?P<n>ab)c": "a",
    r"[0-3]x": "0123",
    r"(?m)^第": "第",
    r"[]a]": "]a",
}

REFUSED = [
    r"(?m)(?<=(?:^|\t)[^\S\n]*)(\d{1,2}),(?=\p{Han})",  # \d
    r"a?b", r"a*", r"a{0,2}b", r"a{,2}", r"(?:a|)b", r"(?:a|b?)c",  # may be absent
    r"[^x]y", r".x", r"x|\d", r"[a-z]",  # negated, any, class escape, wide range
    r"(?i)x", r"(?s:a)", r"(?>a)", r"(?<name>a)", r"\1", r"\Ka",  # flags, group kinds
    r"", r"(a", r"a)",  # empty and malformed
]


@pytest.mark.parametrize("pattern", sorted(READ))
def test_reads_simple_heads(pattern):
    assert first_chars(pattern) == frozenset(READ[pattern])


@pytest.mark.parametrize("pattern", REFUSED)
def test_refuses_heads_it_cannot_be_sure_of(pattern):
    assert first_chars(pattern) is None


def test_ignorecase_gets_no_shortcut():
    assert first_chars("冇") and first_chars("冇", ignorecase=True) is None


def _shipped_patterns():
    linter = Linter()
    found = []
    for rule in linter.rules:
        for item in tuple(getattr(rule, "patterns", ())) + tuple(getattr(rule, "swaps", ())):
            compiled, firsts = item[0], item[-1]
            if firsts is not None:
                found.append((rule.id, compiled, firsts))
    return found


SHIPPED = _shipped_patterns()


def test_most_shipped_patterns_get_a_shortcut():
    # The shortcut is the point: losing it (a pack rewrite) would cost 10 %.
    assert len(SHIPPED) >= 15


@pytest.mark.parametrize("rule_id,compiled,firsts", SHIPPED,
                         ids=[f"{r}-{i}" for i, (r, _, _) in enumerate(SHIPPED)])
def test_shipped_pattern_never_matches_without_its_first_chars(rule_id, compiled, firsts, seed_texts):
    # Texts that match, with the first characters taken out, must not match.
    samples = list(seed_texts.values()) + [_example(rule_id)]
    for text in samples:
        stripped = "".join(c for c in text if c not in firsts)
        assert compiled.search(stripped) is None, (rule_id, compiled.pattern)


def _example(rule_id: str) -> str:
    rule = next(r for r in Linter().rules if r.id == rule_id)
    return str(getattr(rule, "doc", "") or "") + "\n" + rule.__class__.__doc__


_ALPHABET = "0123456789年月日件条个项份次XxＸ×○〇Oo〇lI（()）_＿□■【】{}此处请在填写已己末曰冇 \t\n,，.。"


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.text(alphabet=_ALPHABET, max_size=60))
def test_no_shipped_pattern_matches_random_text_without_its_first_chars(text):
    for rule_id, compiled, firsts in SHIPPED:
        stripped = "".join(c for c in text if c not in firsts)
        assert compiled.search(stripped) is None, (rule_id, compiled.pattern, stripped)


def test_findings_unchanged_by_the_shortcut(seed_texts):
    """Each pattern rule finds on every text exactly the matches of a full
    scan: the seeds, a copy with defects planted, and one with none of the
    rare characters at all (where the shortcut skips nearly every scan)."""
    linter = Linter()
    planted = "\n".join(seed_texts.values()) + ("\n冇效 XX县 2021年X月X日 □□ ____ 【请填写】 "
                                           "烫烫烫 \ufffd 1O件 3,要求 HYPERLINK \"x\" [bookmark: a]\n")
    rare = set("".join(f for _, _, f in SHIPPED for f in f))
    bare = "".join(c for c in planted if c not in rare)
    rules = [r for r in linter.rules if getattr(r, "patterns", None) or getattr(r, "swaps", None)]
    skipped = 0
    for text in list(seed_texts.values()) + [planted, bare]:
        doc = linter.readers[".txt"].read("r.txt", text.encode("utf-8"), linter.read_options)
        for rule in rules:
            compiled = [item[0] for item in getattr(rule, "patterns", ()) or rule.swaps]
            full_scan = sum(1 for p in compiled for m in p.finditer(doc.text) if m.end() > m.start())
            assert len(list(rule.check(doc, linter.ctx))) == full_scan, rule.id
            skipped += sum(1 for item in getattr(rule, "patterns", ()) or rule.swaps
                           if item[-1] is not None and not any(c in doc.text for c in item[-1]))
    assert skipped > 20  # the comparison did exercise the shortcut
