"""Rows of a table continued on the next page of a PDF, as Word breaks them.

Two things a page break does to a ruled table that the column lines alone do
not undo (:func:`gklint.readers.pdf.join_split_tables` calls these once it
has laid both parts on the same column lines):

* the part on the new page is drawn without a column line the first part
  has, so two values share one cell (``4 3050`` under 其他 and 总计);
* a row itself is broken: its label's head and its numbers stay at the foot
  of the page, the rest of the label (``供公开出版物`` of
  ``3.要求提供公开出版物``) opens the next page as a row of its own.
"""
from __future__ import annotations

import re
from typing import Optional

_NUMBER = re.compile(r"^[-+]?\d+(?:\.\d+)?$")
# A row label opens with its numbering (1. （一） 一、); the tail of a broken
# label does not.
_NUMBERED = re.compile(r"^\s*(?:\d+\s*[.．、]|[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+、)")


_TITLE = re.compile(r"第[一二三四五六七八九十\d]+条")


def split_shared_cells(rows: list[list[Optional[str]]]) -> list[list[Optional[str]]]:
    """A cell holding ``k`` numbers apart (``4 3050``) followed by ``k - 1``
    cells it covers (``None``: no column line between them on this page):
    one number a column, as on the page before."""
    out = []
    for row in rows:
        row = list(row)
        for c, text in enumerate(row):
            if not text or " " not in text.strip():
                continue
            tokens = text.split()
            k = len(tokens)
            if k < 2 or c + k > len(row) or not all(_NUMBER.match(t) for t in tokens):
                continue
            if all(row[c + j] is None for j in range(1, k)):
                row[c:c + k] = tokens
        out.append(row)
    return out


def join_broken_row(previous: list[list[Optional[str]]], rows: list[list[Optional[str]]],
                    pages: list[int]) -> tuple[list, list]:
    """The first row of the continuation when it is only the rest of the
    previous page's last row label (one text, no number, no numbering of its
    own): that text is put back on the end of the label, and the row dropped.
    ``(rows, pages)`` of the continuation."""
    if not previous or not rows:
        return rows, pages
    first, last = rows[0], previous[-1]
    texts = [(c, t) for c, t in enumerate(first) if t]
    if len(texts) != 1 or len(first) != len(last):
        return rows, pages
    c, tail = texts[0]
    label = last[c]
    if not label or _NUMBER.match(tail.strip()) or _NUMBERED.match(tail) \
            or not any(t and _NUMBER.match(t.strip()) for t in last[c + 1:]):
        return rows, pages
    # The rest of a row keeps the row's value cells (empty); a title across
    # the table (第二十条第（六）项 over a 表二 block) covers them instead.
    if any(t is None for t in first[c + 1:]) or _TITLE.search(tail):
        return rows, pages
    last[c] = label.rstrip() + tail.strip()
    return rows[1:], pages[1:]
