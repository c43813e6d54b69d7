"""Form definitions (sections and statistical tables) loaded from rule packs.

A form is data: rules/form-2021.yaml says which six sections a report has,
which tables, and the rows and columns of each, so that a province or a new
format version is a YAML file, not code.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from . import rx
from .textnorm import normalize

_NUMBERING = rx.compile(
    r"^(?:[一二三四五六七八九十]+[、.,]|\([一二三四五六七八九十\d]+\)|\d+[.,、]?)+")


def strip_numbering(key: str) -> str:
    """``(三)不予公开`` -> ``不予公开``; ``3.其他`` -> ``其他`` (on normalised keys)."""
    return _NUMBERING.sub("", key, count=1)


@dataclass
class SectionSpec:
    number: int
    title: str
    patterns: list  # compiled regex on normalised heading text


@dataclass
class ColumnSpec:
    key: str
    label: str
    decimal: bool = False


@dataclass
class RowSpec:
    key: str
    label: str
    match: str = ""  # normalised
    unlabeled: bool = False

    def matches(self, core: str) -> bool:
        """Does a cell name this row?  ``core`` is the cell's normalised text
        without its numbering (see :func:`strip_numbering`)."""
        return label_matches(self.match, core)


def label_matches(match: str, core: str) -> bool:
    """:meth:`RowSpec.matches` for a row whose normalised label is ``match``."""
    if not match or not core:
        return False
    if core == match:
        return True
    # Short labels (其他, 总计) must match exactly; longer ones may carry
    # a numbering prefix or a parenthetical note (部分公开（区分处理的…）).
    return len(match) >= 4 and core.startswith(match) or (len(match) >= 6 and match in core)


@dataclass
class TableSpec:
    key: str
    title: str
    section: int
    anchors: list[str]  # normalised
    columns: list[ColumnSpec]
    rows: list[RowSpec]
    _named: dict = field(default_factory=dict, repr=False, compare=False)

    def rows_named(self, core: str) -> frozenset[int]:
        """Indexes of the rows a cell's ``core`` names (:meth:`RowSpec.matches`).

        Remembered: reports of one template repeat the same labels, and
        matching each against every row was a tenth of reading the tables."""
        hits = self._named.get(core)
        if hits is None:
            if len(self._named) > 16384:
                self._named.clear()
            hits = self._named[core] = frozenset(
                r for r, row in enumerate(self.rows) if row.matches(core))
        return hits


@dataclass
class FormSpec:
    version: str
    years: tuple[int, int]
    sections: list[SectionSpec]
    tables: list[TableSpec]
    source: str = ""
    extra: dict = field(default_factory=dict)

    def table(self, key: str) -> Optional[TableSpec]:
        return next((t for t in self.tables if t.key == key), None)


def build_form(data: dict, source: str) -> FormSpec:
    """Build a FormSpec from a pack's ``form:`` mapping (already validated shape)."""
    sections = [SectionSpec(int(s["number"]), str(s["title"]),
                            [rx.compile(p) for p in s["patterns"]])
                for s in data.get("sections", [])]
    tables = []
    for t in data.get("tables", []):
        tables.append(TableSpec(
            key=str(t["key"]), title=str(t["title"]), section=int(t.get("section", 0)),
            anchors=[normalize(a) for a in t.get("anchors", [])],
            columns=[ColumnSpec(str(c["key"]), str(c["label"]), bool(c.get("decimal", False)))
                     for c in t["columns"]],
            rows=[RowSpec(str(r["key"]), str(r["label"]), normalize(str(r.get("match", ""))),
                          bool(r.get("unlabeled", False))) for r in t["rows"]],
        ))
    years = data.get("years", [0, 9999])
    return FormSpec(str(data["version"]), (int(years[0]), int(years[1])), sections, tables,
                    source=source)
