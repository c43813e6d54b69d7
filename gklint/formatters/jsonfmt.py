"""JSON output: one object per file, findings in a stable order."""
from __future__ import annotations

import json


def render(results, stream, options) -> None:
    files = []
    for r in results:
        files.append({
            "path": r.path, "format": r.format, "unreadable": r.error,
            "meta": {k: v for k, v in r.meta.items() if v is not None},
            "counts": r.counts(),
            "findings": [f.to_dict() for f in r.findings],
        })
    totals = {"files": len(results), "findings": sum(len(r.findings) for r in results)}
    json.dump({"version": options.get("version", ""), "summary": totals, "files": files},
              stream, ensure_ascii=False, indent=2)
    stream.write("\n")
