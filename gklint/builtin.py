"""gklint's own plugin: built-in readers, rule kinds, packs, rules and formatters.

Registered like any third-party plugin, through the hooks of gklint.hookspec.
Heavy modules (rich, sarif-om, python-docx, pdf libraries) are imported only
when a formatter or reader is used.
"""
from __future__ import annotations

import importlib
import os
from typing import Optional

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


def _optional_reader(module: str, attr: str) -> Optional[Reader]:
    try:
        return getattr(importlib.import_module(module), attr)
    except (ImportError, AttributeError):
        return None


@hookimpl
def gklint_readers():
    readers = [TEXT_READER]
    for module, attr in (("gklint.readers.docx", "DOCX_READER"),
                         ("gklint.readers.html", "HTML_READER"),
                         ("gklint.readers.pdf", "PDF_READER")):
        reader = _optional_reader(module, attr)
        if reader is not None:
            readers.append(reader)
    return readers


@hookimpl
def gklint_rule_kinds():
    from .kinds import KINDS

    return dict(KINDS)


@hookimpl
def gklint_rule_packs():
    return [packs_dir()]


@hookimpl
def gklint_rules(config):
    from .checks.compliance import compliance_rules
    from .checks.input import INPUT_RULES, LossyDecoding

    return [*INPUT_RULES, LossyDecoding(), *compliance_rules()]


@hookimpl
def gklint_check_batch(results, config):
    from .checks.crossyear import CARRY_OVER

    return CARRY_OVER.check_batch(results)


@hookimpl
def gklint_formatters():
    from .formatters import FORMATTERS

    return dict(FORMATTERS)
