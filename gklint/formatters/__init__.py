"""Output formatters, looked up by name; each is imported only when used."""
from __future__ import annotations

import importlib


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
