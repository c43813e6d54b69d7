"""Shared test set-up: hypothesis profiles and the seed reports.

Hypothesis profiles (choose with HYPOTHESIS_PROFILE):

* ``ci`` (default): a fixed number of examples per property, derandomized so
  every CI run explores the same inputs, and a generous per-example deadline
  that only a hang or a pathological slowdown can exceed.  All fuzz tests
  together stay well under 60 s on two cores.
* ``fuzz``: many more random examples, for a deliberate local bug hunt
  (``HYPOTHESIS_PROFILE=fuzz python -m pytest tests/test_fuzz_*.py``).
"""
from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parent.parent

# Parsed rule packs are cached per user (gklint.packcache); the tests, and the
# gklint processes they start, use a cache of their own.
if "GKLINT_CACHE_DIR" not in os.environ:
    import tempfile

    os.environ["GKLINT_CACHE_DIR"] = tempfile.mkdtemp(prefix="gklint-test-cache-")
SEEDS = sorted((ROOT / "fixtures" / "seeds").glob("*.txt"))

# Suites that start many processes, a browser, a Dask cluster or pre-commit.
# `python -m pytest -m "not slow"` leaves them out of the everyday loop; CI
# (and the README's test command) runs everything.
SLOW_SUITES = frozenset({
    "test_audit.py", "test_audit_batch.py", "test_dashboard.py", "test_dask.py",
    "test_fuzz_formats.py", "test_fuzz_text.py", "test_nothing_lost.py",
    "test_precommit.py", "test_security.py",
})


def pytest_collection_modifyitems(items):
    for item in items:
        if item.path.name in SLOW_SUITES:
            item.add_marker(pytest.mark.slow)


# Examples per property in CI; individual tests scale it with FUZZ_EXAMPLES.
FUZZ_EXAMPLES = 60

settings.register_profile(
    "ci",
    max_examples=FUZZ_EXAMPLES,
    deadline=timedelta(seconds=10),
    derandomize=True,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                           HealthCheck.large_base_example],
)
settings.register_profile(
    "fuzz",
    max_examples=2000,
    deadline=timedelta(seconds=10),
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                           HealthCheck.large_base_example],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(scope="session")
def seed_texts() -> dict[str, str]:
    """The two real seed reports, by file name."""
    return {p.name: p.read_text(encoding="utf-8") for p in SEEDS}


@pytest.fixture(scope="session")
def linter():
    """One Linter with the built-in packs (building it costs ~0.3 s)."""
    from gklint.engine import Linter

    return Linter()
