"""Section headings as real reports write them, before the form is known.

Readers use :func:`heading_pieces` to cut a line where one of the six section
headings starts or ends inside it, so that the heading becomes a paragraph of
its own and nothing of it leaks into the text or table cell around it:

* an archived web page runs every heading on inside the previous paragraph
  (``…止。 一、总体情况 2023年，…``), or after a table's last number
  (``5949.09 三、收到和处理政府信息公开申请情况 …``);
* a heading followed by its first sentence on the same line
  (``一、总体情况 2023年，本机关…``).

Only the six titles of the format (and their known variants) count, so a
table row label such as ``四、结转下年度继续办理`` or ``三、本年度办理结果`` is
never taken for a heading.  :func:`heading_key` strips the mark-up that
Markdown and HTML put around a heading (``## 一、…``, ``**一、…**``, ``<h2>``).
"""
from __future__ import annotations

from typing import Iterator

from . import rx

# The six titles and their real variants (both format versions), without
# their numbers; 行政法复议 (a stray character, a real typo) is still cut out,
# and gklint.structure then reports its wording (GK104).  Kept generous: this only decides where to cut a line;
# gklint.structure then matches the pieces against the form's own patterns.
_TITLES = (r"总体情况|主动公开政府信息(?:的)?情况|收到[和及、与]处理政府信息公开申请(?:的)?情况|"
           r"(?:政府信息公开)?行政\p{Han}?复议[、和及与](?:提起)?行政诉讼(?:的)?情况|"
           r"因政府信息公开(?:工作)?被申请行政复议[、和及与]提起行政诉讼(?:的)?情况|"
           r"(?:政府信息公开工作)?存在的主要问题[及和与](?:改进|整改)(?:情况|措施)|"
           r"其他需要报告的事项")
_NUMBER = r"[一二三四五六][、.．,，][^\S\n]*"
# A table of contents' entry (一、总体情况……1) is not the heading.
_NOT_TOC = r"(?![^\S\n]*(?:[…·.．_—-]{2,}|\d{1,3}[^\S\n]*$))"
# Where a heading may start inside a line: after the end of a sentence or
# clause, or of a bracketed note closing a paragraph (…传真:0591-00000000)一、总体情况),
# or after a number (a table's last cell: 5949.09 三、…, and run
# together with it in a web page's text: …0000000四、政府信息公开…).
_INLINE = rx.compile(r"(?:(?<=[。；;！!？?：:)）])[^\S\n]*|(?<=[\d%％元])[^\S\n]*|(?<=[^\S\n]{2}))"
                     r"(?P<h>" + _NUMBER + r"(?:" + _TITLES + r"))" + _NOT_TOC)
# A heading at the start of a line followed by more text on the same line.
_LEADING = rx.compile(r"^[^\S\n]*(?:#{1,6}[^\S\n]*|\*\*|__)?(?P<h>" + _NUMBER + r"(?:" + _TITLES
                      + r"))" + _NOT_TOC + r"(?:\*\*|__)?(?=[^\S\n]*[^\s:：。（(*_#])")
_MARKUP = rx.compile(r"^(?:#{1,6}[^\S\n]*|\*\*|__|<h[1-6][^>]*>)+|(?:\*\*|__|</h[1-6]>|[^\S\n]+#+)+$")


def heading_pieces(line: str) -> list[tuple[int, int, bool]]:
    """``line`` cut into ``(start, end, is_heading)`` pieces (offsets in
    ``line``; blanks between pieces dropped), or ``[]`` when no heading runs
    on inside it (the usual case: a line that is a heading alone, or holds
    none, is left to the caller as it is)."""
    # Every title ends in 情况, 事项 or 措施: a cheap test before the
    # regexes run on every line of a report.
    if "情况" not in line and "事项" not in line and "措施" not in line:
        return []
    cuts: list[tuple[int, int]] = []
    lead = _LEADING.match(line)
    if lead is not None:
        cuts.append(lead.span("h"))
    for m in _INLINE.finditer(line, lead.end() if lead is not None else 0):
        cuts.append(m.span("h"))
    if not cuts:
        return []
    pieces: list[tuple[int, int, bool]] = []
    pos = 0
    for start, end in cuts:
        _add(pieces, line, pos, start, False)
        _add(pieces, line, start, end, True)
        pos = end
    _add(pieces, line, pos, len(line), False)
    return pieces


def _add(pieces: list, line: str, start: int, end: int, heading: bool) -> None:
    """Blanks are trimmed only where the line was cut: a table row's leading
    tabs are structure."""
    text = line[start:end]
    if not text.strip():
        return
    if start:
        start += len(text) - len(text.lstrip())
    if end < len(line):
        end -= len(text) - len(text.rstrip())
    pieces.append((start, end, heading))


def split_line(line: str, start: int) -> Iterator[tuple[str, int, bool]]:
    """``(text, offset, is_heading)`` for each piece of ``line`` (which begins at
    ``start``): the whole line, unheaded, when no heading runs on inside it."""
    pieces = heading_pieces(line)
    if not pieces:
        yield line, start, False
        return
    for a, b, heading in pieces:
        yield line[a:b], start + a, heading


def heading_key(text: str) -> str:
    """A paragraph's text without Markdown or HTML heading mark-up."""
    if text[:1] in "#*_<" or text[-1:] in "#*_>":
        return _MARKUP.sub("", text)
    return text
