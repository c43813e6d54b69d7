"""Which format version a report follows (its year, its table headers).

Two versions of the annual report format are in use (../shared/DOMAIN.md):
the 2019 format (国办公开办函〔2019〕60号) for reports on 2019 and 2020 and
the 2021 format (国办公开办函〔2021〕30号) from 2021 on.  The year says which
one applies; the table headers say which one the author used.

``choose_form`` (called by the engine before the structure analysis) picks
the form of the report's year and, for a table group (表二 or 表三) whose
headers are plainly the other version's, uses that version's table
definitions instead, so the tables are still read correctly and the mix is
reported once by GK110 (gklint.linting.checks.formversion) instead of as a cascade
of missing rows and columns.
"""
from __future__ import annotations

import dataclasses
import functools
import re
from itertools import chain, compress
from operator import not_
from typing import Iterable, Optional

from ..forms import FormSpec
from ..model import Document, RawCell, Span, cell_texts
from ..stash import StashKey
from ..textnorm import normalize
from .years import detect_year

# Header and row labels only one version has (normalised, matched as substrings).
MARKERS = {
    "table2": {
        "2021": ["本年制发件数", "本年废止件数", "现行有效件数", "现行冇效件数",
                 "本年处理决定数量", "本年收费金额"],
        "2019": ["本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量",
                 "本年增/减", "本年增减", "第二十条第(九)项", "其他对外管理服务事项",
                 "政府集中采购", "采购项目数量", "采购总金额"],
    },
    # 2021 splits （六）其他处理 into three items; 2019 has the bare row.
    "table3": {
        "2021": ["无正当理由逾期不补正", "逾期未按收费通知要求缴纳费用"],
        "2019": [],  # detected as 其他处理 without those items, see _table3_2019
    },
}
GROUP_TITLES = {"table2": "表二", "table3": "表三"}


@dataclasses.dataclass
class Marker:
    label: str
    span: Span


VersionMarkers = dict[str, dict[str, list[Marker]]]  # {group: {version: [markers found]}}
TABLE_VERSIONS = StashKey[VersionMarkers]("table_versions")
# The version the report's year prescribes (None without a year), and the
# table groups read with the other version's definitions.
FORM_BY_YEAR = StashKey[Optional[str]]("form_by_year")
MIXED_TABLES = StashKey[VersionMarkers]("mixed_tables")
# Blocks and rows read from the other form version that the year's form lacks
# (by table key): there when the report has them, no defect when absent.
FOREIGN_TABLES = StashKey[set[str]]("foreign_tables")
FOREIGN_ROWS = StashKey[dict[str, set[str]]]("foreign_rows")


def table_versions(doc: Document) -> dict[str, dict[str, list[Marker]]]:
    """``{group: {version: [markers found]}}`` from the raw table cells."""
    cached = doc.stash.get(TABLE_VERSIONS, None)
    if cached is not None:
        return cached
    found: dict[str, dict[str, list[Marker]]] = {
        g: {"2019": [], "2021": []} for g in MARKERS}
    other_handling: Optional[RawCell] = None
    for cell in _text_cells(doc):
        markers, names_other_handling = _cell_markers(cell.text)
        for group, version, hit in markers:
            if all(m.label != hit for m in found[group][version]):
                found[group][version].append(Marker(hit, cell.span))
        if other_handling is None and names_other_handling:
            other_handling = cell
    bare_other = _run_together_markers(doc, found)
    if other_handling is not None and not found["table3"]["2021"]:
        found["table3"]["2019"].append(Marker("其他处理", other_handling.span))
    elif bare_other is not None and not found["table3"]["2021"]:
        found["table3"]["2019"].append(bare_other)
    doc.stash[TABLE_VERSIONS] = found
    return found


# The 2019 form's bare （六）其他处理 row, its seven cells' digits run on after it.
_BARE_OTHER = re.compile(r"(?:[（(]六[）)][ \t\u3000]*)?其他处理(?=[ \t\u3000]*(?:\d[ \t\u3000]*){7})")


def _run_together_markers(doc: Document, found: dict) -> Optional[Marker]:
    """Markers in tables whose cells were run together into one paragraph
    (the reader finds no table there; see gklint.runtogether): a header
    label of 表二 in a paragraph holding its blocks, and the bare （六）其他处理
    row (returned: counted when no 2021 item is found)."""
    bare = None
    for para in doc.paragraphs():
        text = para.text
        if len(text) < 80 or "第二十条第" not in text and "其他处理" not in text:
            continue
        for group, versions in MARKERS.items():
            if group == "table2" and "第二十条第" not in text:
                continue
            for version, labels in versions.items():
                for label in labels:
                    at = _find_raw(text, label)
                    if at >= 0 and all(m.label != label for m in found[group][version]):
                        start = para.span.start + at
                        found[group][version].append(Marker(label, Span(start, start + len(label))))
                        break
        m = _BARE_OTHER.search(text) if bare is None and "予以公开" in text else None
        if m:
            start = para.span.start + m.start()
            bare = Marker("其他处理", Span(start, start + len(m.group())))
    return bare


def _find_raw(text: str, label: str) -> int:
    """``label`` (normalised: ( ) for （ ）) in raw text."""
    at = text.find(label)
    if at < 0 and "(" in label:
        at = text.find(label.replace("(", "（").replace(")", "）"))
    return at


@functools.lru_cache(maxsize=65536)
def _cell_markers(text: str) -> tuple[tuple[tuple[str, str, str], ...], bool]:
    """The version markers in a cell's text, and whether it is the 2019
    form's short "其他处理" label.  Cached by the raw text: a batch repeats
    the same header cells, so most cells cost one lookup."""
    key = normalize(text)
    return _markers_in(key), key.endswith("其他处理") and len(key) <= 8


@functools.lru_cache(maxsize=65536)
def _markers_in(key: str) -> tuple[tuple[str, str, str], ...]:
    """``(group, version, label)`` of the first marker of each version that a
    cell's key holds.  Cached: a batch repeats the same header cells."""
    hits = []
    for group, versions in MARKERS.items():
        for version, labels in versions.items():
            hit = next((x for x in labels if x in key), None)
            if hit:
                hits.append((group, version, hit))
    return tuple(hits)


def _text_cells(doc: Document) -> Iterable[RawCell]:
    """The raw cells with more than ASCII in them (not numbers or blanks,
    which are most cells), picked out in C."""
    cells = list(chain.from_iterable(chain.from_iterable(t.rows for t in doc.raw_tables())))
    return compress(cells, map(not_, map(str.isascii, cell_texts(cells))))


def version_for_year(forms: list[FormSpec], year: Optional[int]) -> Optional[FormSpec]:
    """The form whose years include ``year``, else the nearest one."""
    if year is None or not forms:
        return None
    for form in forms:
        if form.years[0] <= year <= form.years[1]:
            return form
    return min(forms, key=lambda f: min(abs(year - f.years[0]), abs(year - f.years[1])))


def group_version(markers: dict[str, list[Marker]]) -> Optional[str]:
    """The version a table group plainly follows (markers of one version only)."""
    versions = [v for v, found in markers.items() if found]
    return versions[0] if len(versions) == 1 else None


def choose_form(doc: Document, forms: list[FormSpec]) -> FormSpec:
    """The form to read ``doc`` with (see the module docstring)."""
    year = detect_year(doc)
    doc.year = year
    by_version = {f.version: f for f in forms}
    found = table_versions(doc)
    base = version_for_year(forms, year)
    if base is None:  # no year: follow the tables, else the newest form
        voted = group_version(found["table2"]) or group_version(found["table3"])
        base = by_version.get(voted) or max(forms, key=lambda f: f.years[0])
    doc.stash[FORM_BY_YEAR] = base.version if year is not None else None
    tables = list(base.tables)
    swapped = []
    for group in MARKERS:
        version = group_version(found[group])
        other = by_version.get(version) if version else None
        if other is None or other is base:
            continue
        mine = [t for t in tables if _in_group(t.key, group)]
        theirs = [t for t in other.tables if _in_group(t.key, group)]
        if not mine or not theirs:
            continue
        at = tables.index(mine[0])
        tables = [t for t in tables if not _in_group(t.key, group)]
        tables[at:at] = theirs
        swapped.append(group)
        # Blocks only the other version has (表二 （九）项 in a 2021 report in
        # the 2019 form): read when there, but their absence is no defect.
        doc.stash.setdefault(FOREIGN_TABLES, set()).update(
            {t.key for t in theirs} - {t.key for t in mine})
        # Likewise their rows the year's form does not have (（五）项 其他对外管理服务事项).
        own = {t.key: {r.key for r in t.rows} for t in mine}
        for t in theirs:
            extra = {r.key for r in t.rows} - own.get(t.key, set())
            if t.key in own and extra:
                doc.stash.setdefault(FOREIGN_ROWS, {})[t.key] = extra
    if not swapped:
        return base
    doc.stash[MIXED_TABLES] = {g: found[g] for g in swapped}
    return dataclasses.replace(base, tables=tables)


def _in_group(table_key: str, group: str) -> bool:
    return table_key == group or table_key.startswith(group + ".")
