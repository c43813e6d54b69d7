"""CSV summary: one row per submission (status, format, year, format version,
errors, warnings, top problems).

Written as UTF-8 with a BOM so that Excel, which inspectors open it with,
shows the Chinese file names and labels correctly.
"""
from __future__ import annotations

import csv

from ..safetext import csv_cell
from ..summary import STATUS_LABEL, row

COLUMNS = ["path", "status", "format", "year", "form_version", "errors", "warnings", "infos",
           "findings", "top_rules", "seconds"]
# The people who open the CSV read Chinese; machine keys stay in the JSON output.
HEADERS = {"path": "文件", "status": "状态", "format": "格式", "year": "年度",
           "form_version": "格式版本", "errors": "错误", "warnings": "警告", "infos": "提示",
           "findings": "问题总数", "top_rules": "主要问题", "seconds": "用时（秒）"}


def render(results, stream, options) -> None:
    if options.get("bom", True) and _at_start(stream):
        stream.write("\ufeff")
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow([HEADERS[c] for c in COLUMNS])
    for result in results:
        values = row(result)
        values["status"] = STATUS_LABEL.get(values["status"], values["status"])
        writer.writerow([csv_cell(values[c]) for c in COLUMNS])


def _at_start(stream) -> bool:
    try:
        return stream.tell() == 0
    except (OSError, ValueError, AttributeError):
        return False
