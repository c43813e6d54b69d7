"""CSV summary: one row per submission (status, format, year, format version,
errors, warnings, top problems).

Written as UTF-8 with a BOM so that Excel, which inspectors open it with,
shows the Chinese file names and labels correctly.
"""
from __future__ import annotations

import csv

from ..safetext import csv_cell
from ..summary import row

COLUMNS = ["path", "status", "format", "year", "form_version", "errors", "warnings", "infos",
           "findings", "top_rules", "seconds"]


def render(results, stream, options) -> None:
    if options.get("bom", True) and _at_start(stream):
        stream.write("\ufeff")
    writer = csv.DictWriter(stream, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for result in results:
        writer.writerow({k: csv_cell(v) for k, v in row(result).items()})


def _at_start(stream) -> bool:
    try:
        return stream.tell() == 0
    except (OSError, ValueError, AttributeError):
        return False
