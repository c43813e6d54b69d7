"""The characters a regex match can begin with, when that is plain to see.

Most rule patterns look for rare characters (冇, ××, □, 【…】).  The ``regex``
engine tries a pattern that starts with a character set at every position
of the report, testing the set each time; on a 10,000-character report the
pack's two dozen patterns spent 10 % of checking a report that way, nearly
always to find nothing.  When every match must begin with one of a few
known characters and none of them is in the text (``str.__contains__``, in
C), the scan can be skipped.

:func:`first_chars` reads only simple pattern heads and answers ``None``
(no shortcut, scan as before) for anything else: a head that may be empty
(``a?``, ``x*``, ``(?:a|)``), classes such as ``\\d``, ``\\p{Han}``, ``.``
or ``[^…]``, case-insensitive matching, backreferences, or syntax it does
not know.  Lookarounds and anchors before the head are skipped: they
consume nothing, so the match still begins with the head.
"""
from __future__ import annotations

from typing import Optional

# More distinct first characters than this and the shortcut costs more
# (one ``in`` scan each) than it can save.
MAX_CHARS = 12
_SPECIAL = set(".^$*+?{}[]\\|()")
_ZERO_WIDTH_ESCAPES = set("bBAZ")


class _Unknown(Exception):
    """A pattern head this reader does not handle: no shortcut."""


def first_chars(pattern: str, ignorecase: bool = False) -> Optional[frozenset[str]]:
    """The characters every match of ``pattern`` begins with, or ``None``."""
    if ignorecase or "(?i" in pattern or "(?x" in pattern or "(?r" in pattern:
        return None
    try:
        chars, end = _alternatives(pattern, 0)
    except (_Unknown, IndexError):
        return None
    if end != len(pattern) or not chars or len(chars) > MAX_CHARS:
        return None
    return frozenset(chars)


def _alternatives(p: str, i: int) -> tuple[set[str], int]:
    """First characters of ``alt|alt|…`` from ``i`` to the closing ``)`` or
    the end; returns them and the index of that ``)`` (or ``len(p)``)."""
    chars: set[str] = set()
    while True:
        head, i = _sequence_head(p, i)
        chars |= head
        i = _skip_to_alternative_end(p, i)
        if i < len(p) and p[i] == "|":
            i += 1
            continue
        return chars, i


def _sequence_head(p: str, i: int) -> tuple[set[str], int]:
    """First characters of one alternative: zero-width items are skipped,
    then one atom that must occur at least once."""
    while True:
        if i >= len(p) or p[i] in "|)":
            raise _Unknown("an alternative that can match nothing")
        c = p[i]
        if c == "^" or c == "$":
            i += 1
        elif c == "\\" and p[i + 1] in _ZERO_WIDTH_ESCAPES:
            i += 2
        elif p.startswith(("(?=", "(?!", "(?<=", "(?<!"), i):
            i = _group_end(p, i)
        elif p.startswith("(?", i) and _is_flag_group(p, i):
            i = p.index(")", i) + 1
        else:
            break
    head, i = _atom(p, i)
    if _optional_quantifier(p, i):
        raise _Unknown("the first item may be absent")
    return head, i


def _atom(p: str, i: int) -> tuple[set[str], int]:
    c = p[i]
    if c == "[":
        return _char_class(p, i)
    if c == "(":
        if p.startswith("(?:", i):
            start = i + 3
        elif p.startswith("(?P<", i):
            start = p.index(">", i) + 1
        elif p.startswith("(?", i):
            raise _Unknown("group kind")
        else:
            start = i + 1
        chars, close = _alternatives(p, start)
        if close >= len(p) or p[close] != ")":
            raise _Unknown("unbalanced group")
        return chars, close + 1
    if c == "\\":
        return {_escaped(p, i)}, i + (6 if p[i + 1] == "u" else 2)
    if c in _SPECIAL:
        raise _Unknown(f"special character {c!r}")
    return {c}, i + 1


def _escaped(p: str, i: int) -> str:
    """The literal character of ``\\X`` at ``i`` (punctuation or ``\\uXXXX``)."""
    nxt = p[i + 1]
    if nxt == "u":
        digits = p[i + 2:i + 6]
        if len(digits) != 4 or not all(d in "0123456789abcdefABCDEF" for d in digits):
            raise _Unknown("bad \\u escape")
        return chr(int(digits, 16))
    if nxt.isalnum() or nxt == "_":
        raise _Unknown(f"class escape \\{nxt}")  # \d \w \s \p{…} \n \t …
    return nxt


def _char_class(p: str, i: int) -> tuple[set[str], int]:
    """Members of ``[…]`` at ``i``: literals, escaped punctuation, small ranges."""
    i += 1
    if p[i] == "^":
        raise _Unknown("negated class")
    members: set[str] = set()
    first = True
    while p[i] != "]" or first:
        first = False
        if p[i] == "[":
            raise _Unknown("nested set")
        if p[i] == "\\":
            lo, i = _escaped(p, i), i + (6 if p[i + 1] == "u" else 2)
        else:
            lo, i = p[i], i + 1
        if p[i] == "-" and p[i + 1] != "]":
            if p[i + 1] == "\\":
                hi, i = _escaped(p, i + 1), i + 1 + (6 if p[i + 2] == "u" else 2)
            else:
                hi, i = p[i + 1], i + 2
            if ord(hi) - ord(lo) > MAX_CHARS:
                raise _Unknown("wide range")
            members.update(chr(o) for o in range(ord(lo), ord(hi) + 1))
        else:
            members.add(lo)
    return members, i + 1


def _optional_quantifier(p: str, i: int) -> bool:
    """Does the quantifier at ``i`` (if any) allow zero repetitions?"""
    if i >= len(p):
        return False
    if p[i] in "?*":
        return True
    if p[i] == "{":
        close = p.find("}", i)
        if close < 0:
            raise _Unknown("unclosed {")
        low = p[i + 1:close].split(",")[0].strip()
        return low in ("", "0") or (low.isdigit() and int(low) == 0)
    return False


def _is_flag_group(p: str, i: int) -> bool:
    """``(?m)``, ``(?s)``…: inline flags with no body."""
    close = p.find(")", i)
    return close > i + 2 and all(ch in "msuVaLbfewp0123456789" for ch in p[i + 2:close])


def _group_end(p: str, i: int) -> int:
    """Index after the group opening at ``i`` (classes and escapes skipped)."""
    depth = 0
    while i < len(p):
        c = p[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            i = _class_end(p, i)
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    raise _Unknown("unbalanced group")


def _class_end(p: str, i: int) -> int:
    """Index after the character class opening at ``i``."""
    i += 1
    if i < len(p) and p[i] == "^":
        i += 1
    if i < len(p) and p[i] == "]":
        i += 1
    while i < len(p) and p[i] != "]":
        if p[i] == "[":
            raise _Unknown("nested set")
        i += 2 if p[i] == "\\" else 1
    return i + 1


def _skip_to_alternative_end(p: str, i: int) -> int:
    """From inside an alternative, the index of the ``|`` or ``)`` that ends
    it at this nesting level (or ``len(p)``)."""
    while i < len(p):
        c = p[i]
        if c == "\\":
            i += 2
        elif c == "[":
            i = _class_end(p, i)
        elif c == "(":
            i = _group_end(p, i)
        elif c in "|)":
            return i
        else:
            i += 1
    return i
