"""The rule base class shared by YAML rule kinds and Python rules."""
from __future__ import annotations

import inspect
import time
from typing import TYPE_CHECKING, Iterable, Optional

from ..findings import Edit, Finding, Severity
from ..model import Cell, Document, Span
from ..stash import Stash

if TYPE_CHECKING:  # pragma: no cover
    from ..config import Config


class RunContext:
    """What a rule may use besides the document: the configuration, the
    rules of the run, timeouts, and a stash for facts computed once per run.

    It lives beside :class:`Rule`, not in the engine, so rules never import
    the engine (the layer contracts in pyproject.toml) and never reach into
    it: ``rules`` are the rules this run runs, in order, and ``all_rules``
    every loaded rule by id, selected or not (e.g. the placeholder patterns
    that define template text, whatever --select says).
    """

    # Slow patterns share one budget per file, this many times regex-timeout:
    # with a limit per pattern only, 30 slow patterns held a file 60 s.  Past
    # it each pattern still gets a moment (ordinary ones take microseconds).
    FILE_BUDGET = 3
    AFTER_BUDGET = 0.05

    def __init__(self, config: "Config", rules: Iterable["Rule"] = (),
                 all_rules: Optional[dict[str, "Rule"]] = None) -> None:
        self.config = config
        self.rules: list[Rule] = list(rules)
        self.all_rules: dict[str, Rule] = dict(all_rules or {})
        self.stash = Stash()  # per-run facts (e.g. sections.TEMPLATE_PATTERNS)
        self.deadline = None

    def start_file(self) -> None:
        self.deadline = time.perf_counter() + self.FILE_BUDGET * self.config.regex_timeout

    @property
    def regex_timeout(self) -> float:
        """Seconds the next pattern may run on this file."""
        limit = self.config.regex_timeout
        if self.deadline is None:
            return limit
        return min(limit, max(self.AFTER_BUDGET, self.deadline - time.perf_counter()))


class Rule:
    """A check with a stable id.

    Subclasses set ``id``, ``name``, ``severity`` and ``summary`` (one line, in
    Chinese, shown to report authors) and write a docstring in four parts,
    *What it finds*, *Why it matters*, *Example*, *Fix*: ``gklint explain``
    prints it.
    """

    id: str = ""
    name: str = ""
    severity: Severity = Severity.WARNING
    summary: str = ""
    doc: str = ""
    fixable: bool = False
    source: str = "gklint"

    def __init__(self) -> None:
        if not self.doc:
            self.doc = inspect.cleandoc(type(self).__doc__ or "")

    def check(self, doc: Document, ctx: "RunContext") -> Iterable[Finding]:
        raise NotImplementedError

    def finding(
        self,
        doc: Document,
        message: str,
        *,
        span: Optional[Span] = None,
        cell: Optional[Cell] = None,
        fix: Optional[list[Edit]] = None,
        severity: Optional[Severity] = None,
        snippet: str = "",
    ) -> Finding:
        if cell is not None and span is None:
            span = cell.span
        if not snippet:
            if cell is not None:
                snippet = f"{cell.raw}"
            elif span is not None:
                snippet = doc.text[span.start:span.end]
        return Finding(
            rule_id=self.id,
            severity=severity or self.severity,
            message=message,
            path=doc.path,
            location=doc.locate(span, cell),
            span=span,
            fix=list(fix or []),
            rule_name=self.name,
            snippet=snippet,
        )

    def __repr__(self) -> str:
        return f"<Rule {self.id} {self.name}>"
