"""The rule machinery: everything that turns an analysed document into findings.

- :mod:`.rule`: the :class:`Rule` base class and :class:`RunContext` (what a
  rule may use besides the document).
- :mod:`.kinds`: the YAML rule kinds (existence, placeholder, table_sum, …).
- :mod:`.packs`: loading and validating YAML rule packs (the packs themselves
  live in the top-level ``rules/`` folder; parsed packs are cached by
  :mod:`gklint.packcache`).
- :mod:`.checks`: the rules written in Python, one module per family.

Named ``linting`` rather than ``rules`` so that it is never confused with the
top-level ``rules/`` folder of YAML packs.  Rules never import the engine,
the CLI, batch runs or formatters (pyproject.toml, import-linter).
"""
