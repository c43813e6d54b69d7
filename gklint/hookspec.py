"""Hook specifications: every extension point of gklint, in one module.

gklint's own readers, rule kinds, rules and formatters are plugins of these
same hooks (see ``gklint.builtin``).  A third-party plugin is a module or
object with functions named like the specs below, decorated with
``gklint.hookimpl``, published under the ``gklint`` entry-point group or
passed with ``--plugin module``.
"""
from __future__ import annotations

import pluggy

hookspec = pluggy.HookspecMarker("gklint")
hookimpl = pluggy.HookimplMarker("gklint")


@hookspec
def gklint_readers():
    """Return a list of :class:`gklint.readers.Reader` objects.

    Each reader names the file extensions it handles and turns bytes into a
    :class:`gklint.model.Document`.
    """


@hookspec
def gklint_rule_kinds():
    """Return ``{kind_name: factory}`` for YAML rule kinds.

    ``factory(spec, pack)`` builds a :class:`gklint.Rule` from one YAML
    mapping; it raises :class:`gklint.linting.packs.PackError` for a bad spec.
    """


@hookspec
def gklint_rule_packs():
    """Return paths of YAML rule packs (files or folders) to load."""


@hookspec
def gklint_rules(config):
    """Return a list of :class:`gklint.Rule` instances written in Python."""


@hookspec
def gklint_batch_facts(doc):
    """Return ``{key: value}``: what a cross-file check needs from one document.

    Called once per checked document, after its rules; the values must be
    plain (str, int, float, None, lists and dicts of them) because they
    travel from a worker process to the run in ``FileResult.meta`` and are
    written to JSON.  gklint's own cross-year check records the issuing body
    and table 3's carried-over totals (``body``, ``table3_carried``,
    ``table3_next``).  A later plugin's key replaces an earlier one's.
    """


@hookspec
def gklint_check_batch(results, config):
    """Return findings that need several files at once (e.g. across years).

    ``results`` are the :class:`gklint.engine.FileResult` objects of a run,
    whose ``meta`` holds what each file's check recorded (year, form version,
    and what ``gklint_batch_facts`` returned: issuing body, table totals).
    Each returned :class:`gklint.findings.Finding` carries the ``path`` of
    the result it belongs to.  Called by ``Linter.check_batch``.
    """


@hookspec
def gklint_formatters():
    """Return ``{name: formatter}``; a formatter is ``f(results, stream, options)``."""


@hookspec
def gklint_executors():
    """Return ``{name: factory}`` of batch executors for ``gklint audit --executor``.

    ``factory(config, jobs=, timeout=, on_start=)`` returns an object with
    ``submit(path)``, ``results()`` (yielding a :class:`gklint.engine.FileResult`
    per file as each completes) and ``close(cancel=False)``; see
    :mod:`gklint.batch.executors`.
    """


def first_wins(groups) -> dict:
    """One registry from the plugins' ``{name: entry}`` groups, in the order
    the engine calls them (third-party plugins before gklint's own): the
    first entry of a name wins, so a plugin's reader, formatter or executor
    named like a built-in one replaces it."""
    merged: dict = {}
    for group in groups:
        for name, entry in group.items():
            merged.setdefault(name, entry)
    return merged
