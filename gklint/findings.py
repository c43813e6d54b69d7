"""Findings: what a rule reports, with a stable id, severity and location."""
from __future__ import annotations

import enum
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Optional

from .model import Location, Span


class Severity(enum.IntEnum):
    INFO = 1
    WARNING = 2
    ERROR = 3

    @classmethod
    def parse(cls, value: "str | Severity") -> "Severity":
        if isinstance(value, Severity):
            return value
        names = {"info": cls.INFO, "note": cls.INFO, "notice": cls.INFO,
                 "warning": cls.WARNING, "warn": cls.WARNING, "error": cls.ERROR}
        try:
            return names[str(value).strip().lower()]
        except KeyError:
            raise ValueError(f"unknown severity {value!r} (use error, warning or info)") from None

    @property
    def label(self) -> str:
        return _LABELS[self]  # (Enum.name is a slow descriptor; this is called per finding)


_LABELS = {Severity.INFO: "info", Severity.WARNING: "warning", Severity.ERROR: "error"}
_BY_VALUE = {int(s): s for s in Severity}


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``span`` of the document text with ``replacement``."""

    span: Span
    replacement: str


@dataclass(slots=True)
class Finding:
    rule_id: str
    severity: Severity
    message: str
    path: str
    location: Location
    span: Optional[Span] = None
    fix: list[Edit] = field(default_factory=list)
    rule_name: str = ""
    # The text the finding is about, used for stable fingerprints.
    snippet: str = ""
    # Index among findings with the same rule, cell and snippet in one file,
    # so two identical garbles get different, still line-independent, prints.
    occurrence: int = 0
    # The text around the finding, for sources without lines to quote
    # (.docx, .pdf): set by the engine, shown by the formatters.
    excerpt: str = ""
    # Further places the one finding covers (each blank cell of a table):
    # SARIF relatedLocations, JSON "related".
    related: tuple = ()

    def __reduce__(self):
        # Plain values and one call to unpickle: workers send every finding
        # to the parent, and the default for slotted dataclasses (a Python
        # __setstate__ per object, an Enum call per severity) cost the parent
        # more than encoding the result as JSON.
        return (_restore, (self.rule_id, int(self.severity), self.message, self.path,
                           tuple(self.location), self.span, self.fix, self.rule_name,
                           self.snippet, self.occurrence, self.excerpt,
                           tuple(tuple(loc) for loc in self.related)))

    def sort_key(self) -> tuple:
        loc = self.location
        return (self.path, loc.page or 0, loc.line or 0, loc.paragraph or 0,
                loc.column or 0, loc.table or "", loc.row or "", loc.column_label or "",
                self.rule_id, self.message)

    def fingerprint(self) -> str:
        """A hash that survives unrelated edits elsewhere in the file.

        It uses what the finding is about (rule, table cell or the flagged
        text and its occurrence number), never the line number.
        """
        loc = self.location
        where = "|".join(x or "" for x in (loc.table, loc.row, loc.column_label))
        basis = "\x1f".join((self.rule_id, where, self.snippet or self.message,
                              str(self.occurrence)))
        import hashlib  # here: most runs never fingerprint (SARIF and baselines do)

        return hashlib.sha256(basis.encode("utf-8")).hexdigest()[:32]

    def to_dict(self) -> dict:
        loc = self.location
        d = {
            "rule": self.rule_id,
            "name": self.rule_name,
            "severity": self.severity.label,
            "message": self.message,
            "path": self.path,
            "location": {k: v for k, v in zip(Location._fields, loc) if v is not None},
            "fingerprint": self.fingerprint(),
        }
        if self.excerpt:
            d["excerpt"] = self.excerpt
        if self.fix:
            d["fix"] = [{"start": e.span.start, "end": e.span.end, "replacement": e.replacement}
                        for e in self.fix]
        if self.related:
            d["related"] = [{k: v for k, v in zip(Location._fields, loc) if v is not None}
                            for loc in self.related]
        return d


def _restore(rule_id, severity, message, path, location, span, fix, rule_name, snippet,
             occurrence, excerpt="", related=()) -> Finding:
    return Finding(rule_id, _BY_VALUE[severity], message, path, Location._make(location),
                   span, fix, rule_name, snippet, occurrence, excerpt,
                   tuple(Location._make(loc) for loc in related))


def number_text(value: Decimal) -> str:
    """A number as a message shows it: 12, 3.5, 0 (no exponent, no trailing zeros)."""
    return format(value.normalize(), "f") if value != 0 else "0"
