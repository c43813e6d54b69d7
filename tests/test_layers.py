"""The layer contracts in pyproject.toml ([tool.importlinter]) hold: readers
know only the document model, analysis never imports rules or the engine,
rules never import the CLI, batch runs or formatters, and formatters never
import the CLI or batch runs (imports in functions and under TYPE_CHECKING
count)."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from helpers import ROOT


def test_import_contracts_are_kept():
    exe = Path(sys.executable).with_name("lint-imports")
    assert exe.is_file(), "import-linter is a test dependency: pip install -e '.[test]'"
    proc = subprocess.run([str(exe), "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    kept = re.search(r"Contracts: (\d+) kept, (\d+) broken", proc.stdout)
    assert kept and int(kept.group(1)) >= 4 and kept.group(2) == "0", proc.stdout
