"""Builds a Document from paragraphs and tables of a format without lines.

docx, html and pdf readers call :class:`DocumentBuilder` in reading order.
The text the rules see is synthesised: one paragraph per line, one table row
per line with cells separated by tabs (the same layout as a tab-separated
text export, so every rule works unchanged).  Each piece records a
:class:`Segment` saying where it came from (page, paragraph, or source line
and column for html).
"""
from __future__ import annotations

import re
from typing import Optional, Sequence

from ..headings import heading_pieces
from ..model import Document, Paragraph, RawCell, RawTable, Segment, Span

# Chinese characters and full-width punctuation: no space is put between them.
CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]")


class DocumentBuilder:
    def __init__(self) -> None:
        self._parts: list[str] = []
        self._pos = 0
        self.blocks: list = []
        self.segments: list[Segment] = []
        self.paragraph_count = 0
        self._per_page: dict[int, int] = {}

    def paragraph_number(self, page: Optional[int]) -> int:
        """The next paragraph's number: counted per page where there are
        pages (a PDF finding says 第3页 第2段, not 第3页 第41段), else
        through the document.  A paragraph that runs onto a new page also
        takes a number there."""
        if page is None:
            return self.paragraph_count
        self._per_page[page] = self._per_page.get(page, 0) + 1
        return self._per_page[page]

    def _append(self, text: str) -> Span:
        start = self._pos
        self._parts.append(text)
        self._pos += len(text)
        return Span(start, self._pos)

    def _newline(self) -> None:
        self._parts.append("\n")
        self._pos += 1

    def paragraph(self, text: str, *, page: Optional[int] = None, line: Optional[int] = None,
                  column: Optional[int] = None, exact: bool = False) -> Optional[Paragraph]:
        """Add one paragraph (newlines inside it become spaces)."""
        text = " ".join(text.split("\n")).strip()
        if not text:
            return None
        self.paragraph_count += 1
        self.segments.append(Segment(self._pos, line=line, column=column, page=page,
                                     paragraph=self.paragraph_number(page), exact=exact))
        span = self._append(text)
        self._newline()
        para = Paragraph(span, text)
        pieces = heading_pieces(text)
        if not pieces:
            self.blocks.append(para)
            return para
        # A section heading runs on inside the paragraph (an archived page's
        # text, a heading and its first sentence on one line): the heading is
        # a paragraph of its own, on the same line of the text.
        for a, b, _ in pieces:
            self.blocks.append(Paragraph(Span(span.start + a, span.start + b), text[a:b]))
        return para

    def table(self, rows: Sequence[Sequence[str]], *, page: Optional[int] = None,
              positions: Optional[Sequence[Sequence[tuple[int, int]]]] = None) -> Optional[RawTable]:
        """Add a table given as rows of cell texts; ``None`` marks a position
        covered by a merged cell (blank in the text, ``RawCell.covered``).

        ``positions`` optionally gives the source (line, column) of each cell.
        """
        if not rows:
            return None
        self.paragraph_count += 1
        number = self.paragraph_number(page)
        table_start = self._pos
        raw_rows: list[list[RawCell]] = []
        for r, row in enumerate(rows):
            cells = []
            for c, text in enumerate(row):
                covered = text is None
                text = "" if covered else " ".join(str(text).split())
                if c:
                    self._append("\t")
                line = column = None
                if positions is not None:
                    line, column = positions[r][c]
                self.segments.append(Segment(self._pos, line=line, column=column, page=page,
                                             paragraph=number, exact=positions is not None))
                cells.append(RawCell(text, self._append(text), covered))
            raw_rows.append(cells)
            self._newline()
        table = RawTable(raw_rows, Span(table_start, self._pos), "rows")
        self.blocks.append(table)
        return table

    def build(self, path: str, fmt: str, *, has_lines: bool, encoding: Optional[str] = None,
              meta: Optional[dict] = None) -> Document:
        return Document(path, fmt, "".join(self._parts), self.blocks, encoding=encoding,
                        segments=self.segments, has_lines=has_lines, meta=meta)


def smart_join(pieces: list[str]) -> str:
    """Join lines of one cell: no space between Chinese, one between other words."""
    out = ""
    for piece in pieces:
        piece = piece.strip()
        if not piece:
            continue
        if out and not (CJK.match(out[-1]) or CJK.match(piece[0])):
            out += " "
        out += piece
    return out
