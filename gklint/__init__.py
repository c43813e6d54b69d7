"""gklint: lint 政府信息公开工作年度报告 (government information disclosure annual reports)."""
import os
import sys

if sys.argv[:1] == ["-m"] and sys.path and sys.path[0] in ("", os.getcwd()):
    # `python -m gklint` puts the current folder first on sys.path: a regex.py
    # or rich.py among the reports there would be run as the library.  As with
    # the gklint command, code runs only from installed packages or --plugin.
    del sys.path[0]

from .hookspec import hookimpl  # noqa: E402

__version__ = "0.1.0"
__all__ = ["hookimpl", "__version__"]
