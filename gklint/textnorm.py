"""Normalisation for matching labels and headings, keeping original offsets.

Reports differ in full-width/half-width forms, spaces left by extraction
(``自然 人``, ``本 年度办 理结果``) and bracket styles.  ``normalize`` folds
all of that into a compact key; ``normalize_with_map`` also returns, for
every character of the key, its index in the original string.
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache

# Characters that differ between reports but never change meaning.
_FOLD = str.maketrans({
    "（": "(", "）": ")", "【": "[", "】": "]", "，": ",", "．": ".", "：": ":",
    "；": ";", "“": '"', "”": '"', "‘": "'", "’": "'", "—": "-", "－": "-",
    "\u3000": " ", "\xa0": " ",
})
_DROP = frozenset(" \t\r\n\u200b\u200c\u200d\u2060\u00ad\ufeff")
# Characters that look like the right ones but are other code points, left by
# PDF extraction: Kangxi radicals (⼀ U+2F00 for 一, ⼆ for 二) and CJK
# compatibility ideographs.  Folded to what they look like, one for one, so
# headings and labels still match and offsets are kept.
LOOKALIKES = {code: unicodedata.normalize("NFKC", chr(code))
              for code in (*range(0x2F00, 0x2FD6), *range(0xF900, 0xFADA))
              if len(unicodedata.normalize("NFKC", chr(code))) == 1}


def _fold_char(ch: str) -> str:
    if "\uff01" <= ch <= "\uff5e":  # full-width ASCII block
        ch = chr(ord(ch) - 0xFEE0)
    ch = LOOKALIKES.get(ord(ch), ch)
    return ch.translate(_FOLD)


def _key_table() -> dict[int, "str | None"]:
    """One translation table doing what :func:`_fold_char` and the dropping
    of :data:`_DROP` do, character by character, in C."""
    table: dict[int, "str | None"] = {ord(ch): None for ch in _DROP}
    for code in [*range(0xFF01, 0xFF5F), *(ord(k) for k in ("\u3000", "\xa0")),
                 *_FOLD.keys(), *LOOKALIKES]:
        ch = chr(code)
        if ch in _DROP:
            continue
        folded = _fold_char(ch)
        table[code] = None if folded in _DROP else folded
    return table


_KEY_TABLE = _key_table()


@lru_cache(maxsize=65536)
def normalize(text: str) -> str:
    """Compact matching key: width folded, brackets unified, spaces removed.

    Cached: a corpus repeats the form's labels in every report."""
    return text.translate(_KEY_TABLE)


def normalize_with_map(text: str) -> tuple[str, list[int]]:
    """Like :func:`normalize`, plus the original index of each output char."""
    out: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        if ch in _DROP:
            continue
        f = _fold_char(ch)
        if f in _DROP:
            continue
        out.append(f)
        index.append(i)
    return "".join(out), index


def to_halfwidth_digits(text: str) -> str:
    """NFKC for digits and ASCII only, leaving Chinese punctuation alone."""
    return "".join(unicodedata.normalize("NFKC", c) if "\uff01" <= c <= "\uff5e" else c
                   for c in text)
