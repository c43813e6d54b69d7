"""JSON output: one object per file, findings in a stable order."""
from __future__ import annotations

import json


def file_entry(r) -> dict:
    """One file's results (also a line of an audit's partial journal)."""
    return {
        "path": r.path, "format": r.format, "unreadable": r.error,
        "meta": {k: v for k, v in r.meta.items() if v is not None},
        "counts": r.counts(),
        "findings": [f.to_dict() for f in r.findings],
    }


def render(results, stream, options) -> None:
    files = [file_entry(r) for r in results]
    totals = {"files": len(results), "findings": sum(len(r.findings) for r in results)}
    json.dump({"version": options.get("version", ""), "summary": totals, "files": files},
              stream, ensure_ascii=False, indent=2)
    stream.write("\n")
