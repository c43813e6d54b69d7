"""SARIF 2.1.0 output, built with sarif-om, for code scanning and CI.

Every rule that ran is described in tool.driver.rules (help text from the
rule's documentation, a help URI, default level); results carry the
physical region (line/column) where the source has lines, logical locations
for table cells and docx/pdf paragraphs, a partial fingerprint that does not
depend on line numbers, and fixes for substitutions.
"""
from __future__ import annotations

import os
from urllib.parse import quote

import attr
import sarif_om as om

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
# docs/rules.md is generated from the rule docs (gklint.ruledocs; a test keeps it current).
HELP_URI = "https://github.com/gklint/gklint/blob/main/docs/rules.md#{id}"
_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
FINGERPRINT_KEY = "gklint/v1"


def to_plain(obj):
    """sarif-om objects to JSON-ready dicts, dropping unset (None) fields."""
    if attr.has(type(obj)):
        out = {}
        for f in attr.fields(type(obj)):
            value = getattr(obj, f.name)
            if value is None or (value == -1 and f.default == -1):
                continue  # unset, or sarif-om's -1 placeholder (ruleIndex, length, …)
            out[f.metadata.get("schema_property_name", f.name)] = to_plain(value)
        return out
    if isinstance(obj, dict):
        return {k: to_plain(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [to_plain(v) for v in obj]
    return obj


def artifact_uri(path: str, root: str) -> str:
    """Relative to the repository root; a file outside it gets a file:// URI
    (code scanning accepts only these two kinds)."""
    absolute = os.path.abspath(path)
    try:
        rel = os.path.relpath(absolute, root)
    except ValueError:  # another drive on Windows
        rel = ".."
    if rel == ".." or rel.startswith(".." + os.sep):
        return "file://" + quote(absolute.replace(os.sep, "/"))
    return quote(rel.replace(os.sep, "/"))


def _artifact_location(uri: str, **extra) -> om.ArtifactLocation:
    base = None if uri.startswith("file://") else "%SRCROOT%"
    return om.ArtifactLocation(uri=uri, uri_base_id=base, **extra)


def _descriptor(rule) -> om.ReportingDescriptor:
    from ..ruledocs import doc_text

    help_text = doc_text(rule) or rule.summary
    family = rule.id[:3] + "xx"
    return om.ReportingDescriptor(
        id=rule.id, name=rule.name,
        short_description=om.MultiformatMessageString(text=rule.summary or rule.name),
        full_description=om.MultiformatMessageString(text=help_text.split("\n\n")[0] if help_text else rule.name),
        help=om.MultiformatMessageString(text=help_text or rule.summary, markdown=help_text or rule.summary),
        help_uri=HELP_URI.format(id=rule.id.lower()),
        default_configuration=om.ReportingConfiguration(level=_LEVEL[rule.severity.label]),
        properties={"tags": ["gklint", family], "problem.severity": rule.severity.label},
    )


def _region(loc, file_level: bool = False) -> om.Region | None:
    if loc.line is None:
        # Code scanning needs a startLine; a table cell of a docx/pdf or an
        # unreadable file is shown at the top of the file, its place in the message.
        return om.Region(start_line=1) if file_level else None
    region = om.Region(start_line=loc.line, start_column=loc.column or 1)
    if loc.end_line is not None and loc.end_column is not None:
        end_col = loc.end_column if (loc.end_line, loc.end_column) > (loc.line, region.start_column) \
            else region.start_column
        region.end_line, region.end_column = loc.end_line, end_col
    return region


def _logical(loc) -> list | None:
    out = []
    if loc.table:
        parts = [p for p in (loc.table, loc.row, loc.column_label) if p]
        out.append(om.LogicalLocation(name=loc.column_label or loc.row or loc.table,
                                      fully_qualified_name=" / ".join(parts), kind="element"))
    if loc.paragraph is not None and loc.line is None:
        where = (f"第{loc.page}页 " if loc.page else "") + f"第{loc.paragraph}段"
        out.append(om.LogicalLocation(name=where, fully_qualified_name=where, kind="element"))
    elif loc.page is not None and loc.line is None:
        out.append(om.LogicalLocation(name=f"第{loc.page}页", kind="element"))
    return out or None


def _fixes(finding, uri) -> list | None:
    """A substitution's fix: its one edit covers exactly the flagged span."""
    if len(finding.fix) != 1 or finding.fix[0].span != finding.span:
        return None
    region = _region(finding.location)
    if region is None:
        return None
    edit = finding.fix[0]
    replacements = [om.Replacement(deleted_region=region,
                                   inserted_content=om.ArtifactContent(text=edit.replacement))]
    change = om.ArtifactChange(artifact_location=_artifact_location(uri),
                               replacements=replacements)
    return [om.Fix(description=om.Message(text="；".join(
        f"改为“{e.replacement}”" if e.replacement else "删除" for e in finding.fix)),
        artifact_changes=[change])]


def build_log(results, options) -> om.SarifLog:
    rules = options.get("rules", [])
    index = {r.id: i for i, r in enumerate(rules)}
    root = os.path.abspath(options.get("root") or os.getcwd())
    sarif_results = []
    artifacts, artifact_index = [], {}
    for result in results:
        uri = artifact_uri(result.path, root)
        if uri not in artifact_index:
            artifact_index[uri] = len(artifacts)
            artifacts.append(om.Artifact(location=_artifact_location(uri),
                                         source_language=result.format or None))
        for f in result.findings:
            loc = f.location
            physical = om.PhysicalLocation(
                artifact_location=_artifact_location(uri, index=artifact_index[uri]),
                region=_region(loc, file_level=True))
            message = f.message
            if loc.line is None and (loc.table or loc.page or loc.paragraph):
                message = f"[{loc.describe()}] {message}"
            res = om.Result(
                message=om.Message(text=message), rule_id=f.rule_id,
                level=_LEVEL[f.severity.label],
                locations=[om.Location(physical_location=physical, logical_locations=_logical(loc))],
                partial_fingerprints={FINGERPRINT_KEY: f.fingerprint()},
                fixes=_fixes(f, uri),
            )
            if f.related:
                res.related_locations = [
                    om.Location(id=n, physical_location=om.PhysicalLocation(
                        artifact_location=_artifact_location(uri, index=artifact_index[uri]),
                        region=_region(rel, file_level=True)),
                        logical_locations=_logical(rel),
                        message=om.Message(text=rel.describe()))
                    for n, rel in enumerate(f.related)]
            if f.rule_id in index:
                res.rule_index = index[f.rule_id]
            sarif_results.append(res)
    notifications = [om.Notification(message=om.Message(text=e), level="error")
                     for e in options.get("plugin_errors", [])]
    invocation = om.Invocation(execution_successful=True,
                               tool_execution_notifications=notifications or None)
    driver = om.ToolComponent(name="gklint", version=options.get("version", ""),
                              information_uri="https://github.com/gklint/gklint",
                              rules=[_descriptor(r) for r in rules])
    run = om.Run(tool=om.Tool(driver=driver), results=sarif_results, artifacts=artifacts,
                 invocations=[invocation], column_kind="unicodeCodePoints", language="zh-CN",
                 original_uri_base_ids={"%SRCROOT%": om.ArtifactLocation(
                     uri="file://" + quote(root.replace(os.sep, "/").rstrip("/") + "/"))})
    return om.SarifLog(version="2.1.0", schema_uri=SCHEMA, runs=[run])


def render(results, stream, options) -> None:
    import json

    json.dump(to_plain(build_log(results, options)), stream, ensure_ascii=False, indent=2)
    stream.write("\n")
