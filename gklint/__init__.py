"""gklint: lint 政府信息公开工作年度报告 (government information disclosure annual reports).

The public plugin API is importable from here::

    from gklint import hookimpl, Rule, Severity, Span, Document, Finding

Everything in ``__all__`` is stable for plugins; other modules may move.
Names other than ``hookimpl`` load on first use (PEP 562), so importing
gklint in a worker or the pre-commit hook costs no more than before.
"""
import os
import sys

if sys.argv[:1] == ["-m"] and sys.path and sys.path[0] in ("", os.getcwd()):
    # `python -m gklint` puts the current folder first on sys.path: a regex.py
    # or rich.py among the reports there would be run as the library.  As with
    # the gklint command, code runs only from installed packages or --plugin.
    del sys.path[0]

from .hookspec import hookimpl  # noqa: E402

__version__ = "0.1.0"

# public name -> module that defines it
_PUBLIC = {
    "Rule": "linting.rule",
    "Severity": "findings",
    "Finding": "findings",
    "Edit": "findings",
    "Location": "model",
    "Span": "model",
    "Cell": "model",
    "Document": "model",
    "FormTable": "model",
    "Section": "model",
    "RunContext": "linting.rule",
    "Reader": "readers",
}

__all__ = ["hookimpl", "__version__", *_PUBLIC]


def __getattr__(name: str):
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'gklint' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(__all__))
