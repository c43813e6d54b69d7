"""The YAML rule kinds (Vale-style): existence, substitution, placeholder,
required_sections, table_sum, table_cells and table_shape.

Each kind is a Rule subclass built from one YAML mapping.  Patterns are data:
they are compiled with the ``regex`` module and run with a time limit, never
executed as code.
"""
from __future__ import annotations

import string
from decimal import Decimal
from typing import Iterable, Iterator, Optional

import regex

from .. import rx
from ..analysis.formversion import FOREIGN_ROWS, FOREIGN_TABLES
from ..analysis.structure import UNREAD_ABSENT_ROWS, UNREADABLE_TABLES
from ..findings import Edit, Finding, Severity
from ..findings import number_text as _fmt
from ..firstchars import first_chars
from ..model import Cell, Document, FormRow, FormTable, Span
from ..stash import StashKey
from .packs import Pack, PackError
from .rule import Rule

# What the table_sum rules leave for the rules after them (the core pack runs
# them first): that an identity failed (GK205 looks for a culprit only then),
# and the blank totals they reported with a value (GK210 leaves those alone).
SUM_FAILED = StashKey[bool]("sum_failed")
BLANK_TOTALS = StashKey[dict]("blank_totals")

_COMMON_KEYS = {"id", "kind", "name", "severity", "message", "summary", "doc"}
_DOC_PARTS = (("what", "What it finds"), ("why", "Why it matters"),
              ("example", "Example"), ("fix", "Fix"))
_ID = rx.compile(r"^[A-Z]{2,}\d{3,}$")


class _Format(dict):
    """str.format_map that leaves unknown fields visible instead of raising."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


class YamlRule(Rule):
    extra_keys: frozenset = frozenset()

    def __init__(self, spec: dict, pack: Pack) -> None:
        unknown = set(spec) - _COMMON_KEYS - self.extra_keys
        if unknown:
            raise PackError(f"rule {spec['id']}: unknown key {sorted(unknown)[0]!r} for kind "
                            f"{spec['kind']!r}")
        self.id = str(spec["id"])
        if not _ID.match(self.id):
            raise PackError(f"rule id {self.id!r} must look like GK123")
        self.name = str(spec.get("name", self.id))
        try:
            self.severity = Severity.parse(spec.get("severity", "warning"))
        except ValueError as exc:
            raise PackError(f"rule {self.id}: {exc}") from None
        self.message = str(spec.get("message", self.name))
        self.summary = str(spec.get("summary", self.message))
        self.doc = _doc_text(spec.get("doc"))
        self.spec = spec
        _check_templates(spec)
        super().__init__()

    def say(self, template: Optional[str] = None, **fields) -> str:
        return (template or self.message).format_map(_Format(fields))


def _check_templates(spec: dict) -> None:
    """Messages are data: only plain ``{name}`` fields.  Python's format
    language would also do ``{0}`` (an error on every match, at run time),
    ``{match.__class__}`` (attribute access) and ``{match!r:>9}``."""
    texts = [v for k, v in spec.items() if k == "message" or str(k).endswith("_message")]
    texts += [item.get("message") for item in spec.get("patterns") or [] if isinstance(item, dict)]
    for text in texts:
        try:
            fields = [(name, conversion, form) for _, name, form, conversion
                      in string.Formatter().parse(str(text)) if name is not None]
        except ValueError as exc:  # a lone { or }
            raise PackError(f"rule {spec['id']}: message {text!r}: {exc} (write {{{{ for a brace)") from None
        for name, conversion, form in fields:
            if not name.isidentifier() or conversion or form:
                field = name + (f"!{conversion}" if conversion else "") + (f":{form}" if form else "")
                raise PackError(f"rule {spec['id']}: message field {{{field}}} in {text!r}: only "
                                "plain fields such as {match} or {row} are allowed")


def _doc_text(doc) -> str:
    if isinstance(doc, dict):
        return "\n\n".join(f"{title}:\n{str(doc[key]).strip()}"
                           for key, title in _DOC_PARTS if doc.get(key))
    return str(doc or "").strip()


def _compile(rule_id: str, pattern: str, flags: int = 0):
    try:
        return rx.compile(pattern, flags | regex.VERSION0)
    except regex.error as exc:
        raise PackError(f"rule {rule_id}: bad regex {pattern!r}: {exc}") from None
    except (RecursionError, OverflowError, MemoryError):  # thousands of nested groups
        raise PackError(f"rule {rule_id}: regex nested too deeply or too large to compile "
                        f"({len(pattern)} characters)") from None


def _any_in(chars: frozenset[str], text: str) -> bool:
    """Is any of ``chars`` in ``text``?  (one C-level search each; see
    gklint.firstchars for why this is worth asking before a scan)"""
    for c in chars:
        if c in text:
            return True
    return False


class RegexTimeout(Exception):
    """A rule's pattern ran past the time limit on one document."""


def _finditer(pattern, text: str, timeout: float, firsts: Optional[frozenset[str]] = None):
    """Matches of ``pattern``, none at all when ``firsts`` (the characters
    a match must begin with, see gklint.firstchars) are all absent."""
    if firsts is not None and not _any_in(firsts, text):
        return
    try:
        yield from pattern.finditer(text, timeout=timeout)
    except TimeoutError:
        raise RegexTimeout(pattern.pattern) from None


class Existence(YamlRule):
    """Text that must not appear (a regex per token, each with an optional message)."""

    extra_keys = frozenset({"patterns", "pattern", "ignorecase"})

    def __init__(self, spec: dict, pack: Pack) -> None:
        super().__init__(spec, pack)
        flags = regex.IGNORECASE if spec.get("ignorecase") else 0
        items = spec.get("patterns") or ([spec["pattern"]] if "pattern" in spec else [])
        if not items:
            raise PackError(f"rule {self.id}: needs 'pattern' or 'patterns'")
        self.patterns = []
        for item in items:
            source = str(item["pattern"]) if isinstance(item, dict) else str(item)
            message = item.get("message") if isinstance(item, dict) else None
            self.patterns.append((_compile(self.id, source, flags), message,
                                  first_chars(source, bool(flags))))

    def check(self, doc: Document, ctx) -> Iterable[Finding]:
        for pattern, message, firsts in self.patterns:
            for m in _finditer(pattern, doc.text, ctx.regex_timeout, firsts):
                if m.end() == m.start():
                    continue
                yield self.finding(doc, self.say(message, match=m.group()),
                                   span=Span(m.start(), m.end()))


class Placeholder(Existence):
    """Template text left unfilled (XX县, ××, X年X月X日, 【请填写】, {{…}})."""


class Substitution(YamlRule):
    """A wrong form with its right one; every finding carries the fix."""

    extra_keys = frozenset({"swap", "ignorecase"})
    fixable = True

    def __init__(self, spec: dict, pack: Pack) -> None:
        super().__init__(spec, pack)
        swap = spec.get("swap")
        if not isinstance(swap, dict) or not swap:
            raise PackError(f"rule {self.id}: 'swap' must map wrong-pattern to replacement")
        flags = regex.IGNORECASE if spec.get("ignorecase") else 0
        self.swaps = []
        for k, v in swap.items():
            blanks_before = hidden_on_web_page = False
            if isinstance(v, dict):  # {replace: …, blanks_before: true, hidden_on_web_page: true}
                unknown = set(v) - {"replace", "blanks_before", "hidden_on_web_page"}
                if unknown or "replace" not in v:
                    raise PackError(f"rule {self.id}: a swap given as a mapping takes "
                                    "'replace' and optionally 'blanks_before', 'hidden_on_web_page'")
                blanks_before = bool(v.get("blanks_before"))
                hidden_on_web_page = bool(v.get("hidden_on_web_page"))
                v = v["replace"]
            # (first characters last: gklint.firstchars' shortcut, read from [-1])
            self.swaps.append((_compile(self.id, str(k), flags), str(v), blanks_before,
                               hidden_on_web_page, first_chars(str(k), bool(flags))))

    def check(self, doc: Document, ctx) -> Iterable[Finding]:
        text = doc.text
        web_page = doc.meta.get("web_page", False)
        for pattern, replacement, blanks_before, hidden_on_web_page, firsts in self.swaps:
            if hidden_on_web_page and web_page:
                # Mark-up a browser does not show (an HTML comment): in a web
                # page's text it was left by the copy, not published.
                continue
            for m in _finditer(pattern, text, ctx.regex_timeout, firsts):
                if m.end() == m.start():
                    continue
                right = m.expand(replacement)
                start = m.start()
                if blanks_before:
                    # The blank run before the match goes too.  Done here, not
                    # as a leading [^\S\n]* in the pattern: a pattern that may
                    # start with a blank is tried at every blank of the report
                    # (20x slower on tab-laid tables).
                    while start and text[start - 1] != "\n" and text[start - 1].isspace():
                        start -= 1  # [^\S\n]: any blank but a line break
                span = Span(start, m.end())
                yield self.finding(doc, self.say(match=m.group(), replacement=right),
                                   span=span, fix=[Edit(span, right)])


class RequiredSections(YamlRule):
    """The six mandatory sections, present and in order."""

    extra_keys = frozenset({"check", "unnumbered_message", "heading_message"})

    def __init__(self, spec: dict, pack: Pack) -> None:
        super().__init__(spec, pack)
        self.mode = spec.get("check", "missing")
        if self.mode not in _SECTION_CHECKS:
            raise PackError(f"rule {self.id}: 'check' must be one of {', '.join(_SECTION_CHECKS)}")

    def check(self, doc: Document, ctx) -> Iterable[Finding]:
        form = doc.form
        if form is None:
            return
        if self.mode in ("numbering", "wording", "inline"):
            yield from getattr(self, "_" + self.mode)(doc)
            return
        if self.mode == "order":
            for prev, cur in zip(doc.sections, doc.sections[1:]):
                if cur.number < prev.number:
                    yield self.finding(doc, self.say(title=cur.title, previous=prev.title),
                                       span=cur.heading, snippet=f"{prev.number}>{cur.number}")
            return
        present = {s.number for s in doc.sections}
        for spec in form.sections:
            if spec.number in present:
                continue
            span, note = _missing_section_place(doc, form, spec.number)
            template = self.spec.get("heading_message") if note else None
            yield self.finding(doc, self.say(template, title=spec.title, note=note),
                               span=span, snippet=spec.title)


    def _numbering(self, doc: Document) -> Iterable[Finding]:
        """Headings whose title is right but whose number is not."""
        for s in doc.sections:
            if s.written == s.key or s.variant:
                continue
            heading = doc.text[s.heading.start:s.heading.end].strip()
            template = self.spec.get("unnumbered_message") if not s.written else None
            yield self.finding(doc, self.say(template, heading=heading, written=s.written,
                                             expected=s.key, title=s.title),
                               span=s.heading, snippet=heading)

    def _wording(self, doc: Document) -> Iterable[Finding]:
        """Headings found by their number and place, worded otherwise."""
        for s in doc.sections:
            if s.variant:
                heading = doc.text[s.heading.start:s.heading.end].strip()
                yield self.finding(doc, self.say(heading=heading, title=s.title),
                                   span=s.heading, snippet=heading)

    def _inline(self, doc: Document) -> Iterable[Finding]:
        """Once per report: headings that share their line with other text."""
        inline = [s for s in doc.sections if not _alone_on_line(doc.text, s.heading)]
        if inline:
            first = inline[0]
            heading = doc.text[first.heading.start:first.heading.end].strip()
            yield self.finding(doc, self.say(count=len(inline), heading=heading),
                               span=first.heading, snippet=heading)


_SECTION_CHECKS = ("missing", "order", "numbering", "wording", "inline")


def _alone_on_line(text: str, span: Span) -> bool:
    line_start = text.rfind("\n", 0, span.start) + 1
    line_end = text.find("\n", span.end)
    after = text[span.end:line_end if line_end >= 0 else len(text)]
    return not text[line_start:span.start].strip() and not after.strip()


def _missing_section_place(doc: Document, form, number: int) -> tuple[Optional[Span], str]:
    """Where a missing section should start, and a note for the message."""
    for table_spec in form.tables:
        table = doc.tables.get(table_spec.key)
        if table_spec.section == number and table is not None:
            return Span(table.span.start, table.span.start), "（该部分的表格在此处，但缺少标题）"
    later = [s for s in doc.sections if s.number > number]
    if later:
        return Span(later[0].heading.start, later[0].heading.start), ""
    end = len(doc.text.rstrip())
    return Span(end, end), ""


# -- tables ---------------------------------------------------------------

def _expand(keys: list[str], table: FormTable, axis: str) -> list[str]:
    """Row or column keys, with ``r3.*`` wildcards expanded in form order.

    A wildcard covers the form's rows the table lacks too: an identity over
    ``r5.*`` without （五）2 cannot be checked (GK220 reports the row), and
    summing the rows that are there made one missing row a finding on every
    column."""
    if axis == "rows":
        pool = [*table.rows, *(key for key, _ in table.missing_rows)]
    else:
        pool = [k for k, _ in table.columns]
    out = []
    for key in keys:
        if key.endswith("*"):
            prefix = key[:-1]
            out.extend(k for k in pool if k.startswith(prefix))
        else:
            out.append(key)
    return out


class TableSum(YamlRule):
    """An identity of a statistical table: sum(left) = sum(right).

    ``along: columns`` checks it in every column over the listed rows;
    ``along: rows`` in every row over the listed columns.  The finding sits on
    the first cell of ``left`` (the total).
    """

    extra_keys = frozenset({"table", "along", "left", "right", "in", "identities"})

    def __init__(self, spec: dict, pack: Pack) -> None:
        super().__init__(spec, pack)
        for key in ("table", "along"):
            if key not in spec:
                raise PackError(f"rule {self.id}: table_sum needs {key!r}")
        if spec["along"] not in ("rows", "columns"):
            raise PackError(f"rule {self.id}: 'along' must be rows or columns")
        identities = spec.get("identities") or [{"left": spec.get("left"), "right": spec.get("right")}]
        self.identities = []
        for ident in identities:
            if not ident.get("left") or not ident.get("right"):
                raise PackError(f"rule {self.id}: each identity needs 'left' and 'right' lists")
            self.identities.append(([str(k) for k in ident["left"]], [str(k) for k in ident["right"]]))
        self.table_key = str(spec["table"])
        self.along = spec["along"]
        self.only = [str(k) for k in spec.get("in", [])]

    def check(self, doc: Document, ctx) -> Iterable[Finding]:
        table = doc.tables.get(self.table_key)
        if table is None:
            return
        for left, right in self._groups(table):
            yield from self._check_one(doc, left, right)

    def _groups(self, table: FormTable) -> Iterator[tuple[list, list]]:
        """The ``(left cells, right cells)`` of every identity on every row or
        column it covers; an identity naming a row or column the table lacks
        gives none (a missing row is GK220's)."""
        # Rows and column positions are looked up once per identity, not per
        # cell: this rule kind runs over every row or column of three tables.
        rows = table.rows
        position = {k: i for i, (k, _) in enumerate(table.columns)}
        for left_keys, right_keys in self.identities:
            if self.along == "columns":  # sum over rows, once per column
                left = [rows.get(k) for k in _expand(left_keys, table, "rows")]
                right = [rows.get(k) for k in _expand(right_keys, table, "rows")]
                if not left or any(r is None for r in left + right):
                    continue
                for col in self.only or list(position):
                    i = position.get(col)
                    if i is not None:
                        yield [_at(r, i) for r in left], [_at(r, i) for r in right]
            else:
                left_at = [position.get(k) for k in _expand(left_keys, table, "columns")]
                right_at = [position.get(k) for k in _expand(right_keys, table, "columns")]
                if not left_at or any(i is None for i in left_at + right_at):
                    continue
                for key in self.only or list(rows):
                    row = rows.get(key)
                    if row is not None:
                        yield [_at(row, i) for i in left_at], [_at(row, i) for i in right_at]

    def _check_one(self, doc: Document, left: list[Optional[Cell]], right: list[Optional[Cell]]):
        # A missing row or a blank/invalid cell is reported by its own rule;
        # the identity is checked only when every number is there -- except a
        # blank total whose parts are all filled: that is this identity's
        # finding, naming the value the total should hold (and GK210 leaves
        # the cell out of its list of blanks, see blank_totals).
        if left and left[0] is not None and left[0].status == "blank" \
                and all(c is not None and c.status == "number" for c in left[1:] + right) \
                and not _column_gap(doc, doc.tables[self.table_key], left[0]):
            yield from self._blank_total(doc, left, right)
            return
        lsum = rsum = 0
        for c in left:
            if c is None or c.status != "number":
                return
            lsum += c.value
        for c in right:
            if c is None or c.status != "number":
                return
            rsum += c.value
        if lsum == rsum:
            return
        doc.stash[SUM_FAILED] = True  # GK205 looks for a culprit only then
        target = left[0]
        expected = rsum - sum(c.value for c in left[1:])
        yield self.finding(
            doc,
            self.say(row=target.row_label, column=target.column_label, found=_fmt(target.value),
                     expected=_fmt(expected), left=_fmt(lsum), right=_fmt(rsum)),
            cell=target, snippet=f"{target.row_key}/{target.column_key}")


    def failures(self, table: FormTable, value) -> list[tuple[list[Cell], list[Cell], Decimal]]:
        """The identities that fail in ``table``, reading each cell through
        ``value(cell)`` (so a caller can try another value for one cell):
        ``(left cells, right cells, right sum - left sum)`` for each."""
        out = []
        for left, right in self._groups(table):
            if any(c is None or c.status != "number" for c in left + right):
                continue
            gap = sum(value(c) for c in right) - sum(value(c) for c in left)
            if gap:
                out.append((left, right, gap))
        return out

    def _blank_total(self, doc: Document, left: list[Cell], right: list[Cell]):
        target = left[0]
        key = (target.table, target.row_key, target.column_key)
        done = blank_totals(doc)
        if key in done:
            return  # another identity already named this cell's value
        done[key] = target
        expected = sum(c.value for c in right) - sum(c.value for c in left[1:])
        where = f"“{target.row_label}”行“{target.column_label}”列" if target.row_label else \
            f"“{target.column_label}”"
        yield self.finding(doc, f"{target.table}{where}为空，按本表的合计关系应为{_fmt(expected)}",
                           cell=target, snippet=f"{target.row_key}/{target.column_key}")


def blank_totals(doc: Document) -> dict:  # {(table, row key, column key): value}
    """Blank totals a table_sum rule has reported with their value (the
    table_sum rules run before GK210 in the core pack)."""
    return doc.stash.setdefault(BLANK_TOTALS, {})


def _at(row: FormRow, i: int) -> Optional[Cell]:
    return row.cells[i] if i < len(row.cells) else None


class TableCells(YamlRule):
    """Cells where the form wants a number but the report has something else."""

    extra_keys = frozenset({"status", "tables"})

    def __init__(self, spec: dict, pack: Pack) -> None:
        super().__init__(spec, pack)
        status = spec.get("status")
        if status not in ("blank", "dash", "invalid"):
            raise PackError(f"rule {self.id}: 'status' must be blank, dash or invalid")
        self.status = status
        self.tables = [str(t) for t in spec.get("tables", [])]

    def check(self, doc: Document, ctx) -> Iterable[Finding]:
        for key, table in doc.tables.items():
            if self.tables and not any(key == t or key.startswith(t + ".") for t in self.tables):
                continue
            if self.status == "blank":
                yield from self._blanks(doc, table)
                continue
            for cell in table.cells():
                if cell.status == self.status and not _column_gap(doc, table, cell):
                    message = self.say(row=cell.row_label, column=cell.column_label,
                                       table=cell.table, raw=cell.raw)
                    guess = _digits_guess(cell.raw) if self.status == "invalid" else None
                    if guess:
                        message += f"（疑为“{guess}”：字母O、l或“〇”误作数字）"
                    yield self.finding(doc, message, cell=cell,
                                       snippet=f"{cell.row_key}/{cell.column_key}")


    def _blanks(self, doc: Document, table: FormTable) -> Iterable[Finding]:
        """One finding per table listing its blank cells (each one a related
        location), not one per cell: reports that leave whole tables blank
        gave 125–200 blank-cell warnings, burying everything else."""
        cells = [c for c in table.cells() if c.status == "blank"]
        if not cells:
            return
        from ..analysis.tablegeometry import missing_columns

        if missing_columns(doc, table):
            return  # the row's numbers slid: GK221 names the missing column once
        named = blank_totals(doc)
        cells = [c for c in cells if (c.table, c.row_key, c.column_key) not in named]
        if not cells:
            return
        # Blank 总计 cells of rows that count something are the worst of the
        # blanks (a total left out, not a 0): the finding points at them.
        totals = _blank_totals_of_counted_rows(table, cells)
        by_row: dict[str, list[Cell]] = {}
        for c in cells:
            by_row.setdefault(c.row_key, []).append(c)
        parts = []
        for row_key, row_cells in by_row.items():
            row = table.rows[row_key]
            label = row.label or table.title
            if len(row_cells) == len(row.cells) and len(row_cells) > 1:
                parts.append(f"“{label}”行（全部{len(row_cells)}列）")
            else:
                parts.append(f"“{label}”行" + "、".join(f"“{c.column_label}”" for c in row_cells)
                             + "列")
        shown = "；".join(parts[:6]) + (f"等{len(parts)}行" if len(parts) > 6 else "")
        first = totals[0] if totals else cells[0]
        if len(cells) == 1:
            message = self.say(row=first.row_label, column=first.column_label, table=first.table,
                               raw=first.raw)
        else:
            message = (f"{table.title}有{len(cells)}个单元格为空：{shown}。"
                       "应填写数字（没有则填0）")
        if totals:
            message += _blank_totals_note(table, totals)
        finding = self.finding(doc, message, cell=first,
                               snippet=f"{first.row_key}/{first.column_key}" if len(cells) == 1
                               else f"blank/{table.key}")
        finding.related = tuple(doc.locate(c.span, c) for c in cells) if len(cells) > 1 else ()
        yield finding


def _blank_totals_note(table: FormTable, totals: list) -> str:
    """What the blank 总计 cells of rows with requests lack: each row's total
    is at least the sum of its filled cells."""
    first = totals[0]
    parts = sum((c.value for c in table.rows[first.row_key].cells
                 if c.status == "number" and c is not first), start=0)
    return (f"；其中“{first.column_label}”列有{len(totals)}个单元格所在行填有申请数，"
            f"不能为空（如“{first.row_label}”行已填各列之和为{_fmt(parts)}），应填写该行各列之和")


def _blank_totals_of_counted_rows(table: FormTable, cells: list) -> list:
    """The blank cells of the last (总计) column in rows where another cell
    holds a number above 0."""
    if not table.columns or table.columns[-1][0] != "total" or len(table.columns) < 3:
        return []
    out = []
    for c in cells:
        if c.column_key != "total":
            continue
        row = table.rows.get(c.row_key)
        if row is not None and any(o.status == "number" and o.value > 0 for o in row.cells):
            out.append(c)
    return out


_LOOKALIKE_DIGITS = str.maketrans({"O": "0", "o": "0", "〇": "0", "l": "1", "I": "1"})


def _digits_guess(raw: str) -> Optional[str]:
    """The number a cell such as 1O or l5 was meant to be (OCR and typing
    confuse O/〇 with 0 and l/I with 1), if that is all that is wrong."""
    text = raw.strip()
    guess = text.translate(_LOOKALIKE_DIGITS)
    return guess if guess != text and guess.isascii() and guess.isdigit() else None


def _column_gap(doc: Document, table: FormTable, cell: Cell) -> bool:
    """A blank that only exists because the header lacks a column (GK221 says so once)."""
    from ..analysis.tablegeometry import suppressed_blank

    return cell.status == "blank" and suppressed_blank(doc, table, cell)


# A table or row the matcher did not find in order may be there all the same.
_PLACE_MESSAGES = {
    "misplaced_table": "{table}的位置不对（不在格式规定的顺序上），未能核对",
    "misplaced_row": "{table}“{row}”行的位置不对（不在格式规定的顺序上），该行数据未能核对",
    "garbled_row": "{table}“{row}”行的名称写作“{found}”，与格式不符，该行数据未能核对",
}


class TableShape(YamlRule):
    """A form table, or a row of it, that the report does not have."""

    extra_keys = frozenset({"missing_table_message", "missing_row_message",
                            *(f"{k}_message" for k in _PLACE_MESSAGES)})

    def _place(self, doc: Document, what: str, place, snippet: str, **fields) -> Finding:
        template = self.spec.get(f"{place.kind}_{what}_message",
                                 _PLACE_MESSAGES[f"{place.kind}_{what}"])
        return self.finding(doc, self.say(template, found=place.text, **fields), span=place.span,
                            snippet=snippet)

    def check(self, doc: Document, ctx) -> Iterable[Finding]:
        from ..analysis.tablegeometry import locate_missing_row, locate_missing_table

        form = doc.form
        if form is None:
            return
        for spec in form.tables:
            table = doc.tables.get(spec.key)
            if table is None and spec.key in doc.stash.get(FOREIGN_TABLES, ()):
                continue  # a block the report's own form version does not have
            place = locate_missing_table(doc, spec) if table is None else None
            if place is not None:
                yield self._place(doc, "table", place, table=spec.title, snippet=spec.key)
                continue
            foreign = doc.stash.get(FOREIGN_ROWS, {}).get(spec.key, ())
            absent = [(k, label) for k, label in
                      doc.stash.get(UNREAD_ABSENT_ROWS, {}).get(spec.key, ())
                      if k not in foreign]
            if table is None and spec.key in doc.stash.get(UNREAD_ABSENT_ROWS, {}):
                # A block GK601 could not read (and says so) lacking a row.
                template = self.spec.get("missing_row_message", "{table}缺少“{row}”行")
                span = doc.stash[UNREADABLE_TABLES][spec.key][0]
                for key, label in absent:
                    found = self.finding(doc, self.say(template, table=spec.title, row=label),
                                         span=Span(span.start, span.start),
                                         snippet=f"{spec.key}/{key}")
                    found.location = found.location._replace(table=spec.title, row=label)
                    yield found
                continue
            if table is None:
                section = doc.section(spec.section)
                span = section.body if section else None
                template = self.spec.get("missing_table_message", "缺少{table}")
                yield self.finding(doc, self.say(template, table=spec.title),
                                   span=Span(span.start, span.start) if span else None,
                                   snippet=spec.key)
                continue
            if len(table.missing_rows) == len(spec.rows):
                yield self.finding(doc, self.say(template=None, table=spec.title),
                                   span=Span(table.span.start, table.span.start), snippet=spec.key)
                continue
            template = self.spec.get("missing_row_message", "{table}缺少“{row}”行")
            for key, label in table.missing_rows:
                if key in foreign:
                    continue  # GK110 says the block follows the other version
                place = locate_missing_row(doc, spec, table, key)
                if place is not None:
                    found = self._place(doc, "row", place, table=spec.title, row=label,
                                        snippet=f"{spec.key}/{key}")
                else:
                    found = self.finding(doc, self.say(template, table=spec.title, row=label),
                                         span=Span(table.span.start, table.span.start),
                                         snippet=f"{spec.key}/{key}")
                # The row is named as a place in the table (表二 第二十条第（一）项 / 规章).
                found.location = found.location._replace(table=found.location.table or spec.title,
                                                          row=found.location.row or label)
                yield found


KINDS = {
    "existence": Existence,
    "placeholder": Placeholder,
    "substitution": Substitution,
    "required_sections": RequiredSections,
    "table_sum": TableSum,
    "table_cells": TableCells,
    "table_shape": TableShape,
}
