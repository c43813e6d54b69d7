"""gklint's own plugin: built-in readers, rule kinds, packs, rules and formatters.

Registered like any third-party plugin, through the hooks of gklint.hookspec.
Heavy modules (rich, sarif-om, python-docx, pdf libraries) are imported only
when a formatter or reader is used.
"""
from __future__ import annotations

import importlib
import os

from .hookspec import hookimpl
from .readers import Reader
from .readers.text import TEXT_READER


def packs_dir() -> str:
    """The built-in rule packs: top-level rules/ (shipped as gklint.rulepacks)."""
    here = os.path.dirname(os.path.abspath(__file__))
    repo_rules = os.path.join(os.path.dirname(here), "rules")
    if os.path.isfile(os.path.join(repo_rules, "core.yaml")):
        return repo_rules
    return os.path.join(here, "rulepacks")  # installed wheel: rules/ is packaged there


class _LazyReader(Reader):
    """A reader whose module is imported on its first file, not at start-up:
    the docx, html and pdf modules (and their regexes) cost a pre-commit run
    on text reports about 30 ms for nothing."""

    def __init__(self, name: str, extensions: tuple, module: str, attr: str, extra: str) -> None:
        def real() -> Reader:
            return getattr(importlib.import_module(module), attr)

        super().__init__(name, extensions, lambda path, data, options: real().read(path, data, options),
                         extra=extra, missing=lambda: real().missing())


_BINARY_READERS = (
    ("docx", (".docx",), "gklint.readers.docx", "DOCX_READER", "docx"),
    ("html", (".html", ".htm"), "gklint.readers.html", "HTML_READER", "html"),
    ("pdf", (".pdf",), "gklint.readers.pdf", "PDF_READER", "pdf"),
    ("office", (".doc", ".wps", ".odt", ".rtf"), "gklint.readers.office", "OFFICE_READER", "docx"),
    ("ofd", (".ofd",), "gklint.readers.ofd", "OFD_READER", "ofd"),
)


@hookimpl
def gklint_readers():
    return [TEXT_READER, *(_LazyReader(*spec) for spec in _BINARY_READERS)]


@hookimpl
def gklint_rule_kinds():
    from .linting.kinds import KINDS

    return dict(KINDS)


@hookimpl
def gklint_rule_packs():
    return [packs_dir()]


@hookimpl
def gklint_rules(config):
    from .linting.checks.compliance import compliance_rules
    from .linting.checks.formats import FORMAT_RULES, ReadAsContent
    from .linting.checks.input import INPUT_RULES, LossyDecoding
    from .linting.checks.suppression import DIRECTIVE_RULES

    return [*INPUT_RULES, LossyDecoding(), *FORMAT_RULES, ReadAsContent(), *compliance_rules(),
            *DIRECTIVE_RULES]


@hookimpl
def gklint_batch_facts(doc):
    from .linting.checks.crossyear import batch_facts

    return batch_facts(doc)


@hookimpl
def gklint_check_batch(results, config):
    from .linting.checks.crossyear import CARRY_OVER

    return CARRY_OVER.check_batch(results)


@hookimpl
def gklint_formatters():
    from .formatters import FORMATTERS

    return dict(FORMATTERS)
