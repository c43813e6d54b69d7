"""What runs once per document, after the reader and before any rule.

The order is fixed: the report year (:mod:`.years`) → the form it is read
with (:mod:`.formversion`: the year's format version, or the other one for
a table group whose headers plainly follow it) → the six sections and the
tables matched to the form (:mod:`.structure`, which cuts run-together
tables apart with :mod:`.runtogether`).  Table geometry (:mod:`.tablegeometry`)
and the closing signature (:mod:`.signature`) are computed on first use
and cached on the document.

Analysis never imports rules or the engine (pyproject.toml, import-linter).
"""
from __future__ import annotations

from ..forms import FormSpec
from ..model import Document
from .formversion import choose_form
from .structure import analyse


def analyse_document(doc: Document, forms: list[FormSpec]) -> Document:
    """Year, form, sections and tables of ``doc``, set on it (and returned)."""
    return analyse(doc, choose_form(doc, forms))
