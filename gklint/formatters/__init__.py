"""Output formatters, looked up by name; each is imported only when used.

A formatter is ``f(results, stream, options)``: ``results`` are
:class:`gklint.engine.FileResult` objects, ``options`` a :class:`FormatOptions`
(a plain dict, so plugins' formatters read it with ``options.get(key)``).
Gklint's own formatters (:data:`FORMATTERS`) and the plugins' ones
(``gklint_formatters``) make one :func:`registry`, in which a plugin's
formatter named like a built-in one wins.
"""
from __future__ import annotations

import importlib
from typing import Any, Callable, Iterable, Optional, TypedDict

from ..hookspec import first_wins


class FormatOptions(TypedDict, total=False):
    """What ``check`` and ``audit`` tell a formatter; every key may be absent."""

    rules: list            # the enabled rules (gklint.rule.Rule)
    version: str           # gklint's version
    root: str              # the folder paths are shown relative to
    plugin_errors: list    # plugins that failed to load, as messages
    sources: Any           # gklint.formatters.excerpts.SourceLines: lines for excerpts
    color: Optional[bool]  # --color / --no-color; None: the formatter decides
    quiet: bool            # check --quiet: findings only
    summary_only: bool     # the terminal formatter prints its summary lines only
    interrupted: bool      # an audit stopped by Ctrl-C or SIGTERM
    generated: str         # when an audit's dashboard was made
    encoded: Callable      # audit: path -> the file's JSON already written, or None
    bom: bool              # csv: start with a UTF-8 byte-order mark
    title: str             # the dashboard's title


def _lazy(module: str, func: str = "render"):
    def render(results, stream, options):
        return getattr(importlib.import_module(module), func)(results, stream, options)

    render.__name__ = f"{module}.{func}"
    return render


FORMATTERS = {
    "terminal": _lazy("gklint.formatters.terminal"),
    "json": _lazy("gklint.formatters.jsonfmt"),
    "sarif": _lazy("gklint.formatters.sarif"),
    "github": _lazy("gklint.formatters.github"),
    "csv": _lazy("gklint.formatters.csvfmt"),
    "html": _lazy("gklint.formatters.dashboard"),
}


def registry(groups: Iterable[dict]) -> dict[str, Callable]:
    """One formatter registry from the ``gklint_formatters`` groups in call
    order (plugins first, gklint's own :data:`FORMATTERS` from gklint.builtin
    last): the first formatter of a name wins."""
    return first_wins({k: v for k, v in g.items() if callable(v)} for g in groups)
