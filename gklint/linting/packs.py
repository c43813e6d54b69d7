"""YAML rule packs: loading (ruamel.yaml, safe mode) and validation.

A pack is a YAML mapping with optional ``form:`` (see gklint.forms) and
``rules:`` (a list of rule mappings, each with ``id``, ``kind`` and the
fields of its kind).  Every error names the file, line and column.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Optional

from .. import packcache
from ..config import MAX_YAML_VALUES, expanded_size
from ..forms import FormSpec, build_form
from .rule import Rule


class PackError(Exception):
    """A rule pack that cannot be used; ``str()`` names file:line:column."""

    def __init__(self, message: str, path: str = "", line: Optional[int] = None,
                 column: Optional[int] = None) -> None:
        self.message, self.path, self.line, self.column = message, path, line, column
        where = path
        if line is not None:
            where += f":{line}:{column or 1}"
        super().__init__(f"{where}: {message}" if where else message)


@dataclass
class Pack:
    path: str
    text: str
    data: dict
    rules: list[Rule] = field(default_factory=list)
    form: Optional[FormSpec] = None

    def locate(self, *keys: Any) -> tuple[Optional[int], Optional[int]]:
        """Line and column (1-based) of the node at ``keys``, for error messages."""
        try:
            from ruamel.yaml import YAML

            node = YAML(typ="rt").load(self.text)  # builds only plain containers
            line = col = None
            for key in keys:
                lc = node.lc
                if isinstance(key, int):
                    line, col = lc.item(key)
                else:
                    line, col = lc.key(key)
                node = node[key]
            return (line + 1, col + 1) if line is not None else (None, None)
        except Exception:  # locating is best effort; the message still names the rule
            return None, None

    def error(self, message: str, *keys: Any) -> PackError:
        line, col = self.locate(*keys)
        return PackError(message, self.path, line, col)


def read_pack(path: str) -> Pack:
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise PackError(f"cannot read rule pack: {exc}", path) from None
    data = packcache.get(text)
    if data is None:
        data = _parse(text, path)
        packcache.put(text, data)
    return Pack(path, text, data)


def _parse(text: str, path: str) -> dict:
    """The pack's YAML as plain data, checked for shape and alias bombs."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    yaml = YAML(typ="safe", pure=True)
    try:
        data = yaml.load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = f"{exc.context or ''} {exc.problem or ''}".strip() or "YAML error"
        raise PackError(f"YAML syntax error: {problem}", path,
                        mark.line + 1 if mark else None,
                        mark.column + 1 if mark else None) from None
    except YAMLError as exc:
        raise PackError(f"YAML error: {exc}", path) from None
    except RecursionError:  # the YAML library composes nested nodes recursively
        raise PackError("YAML nested too deeply (thousands of levels)", path) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise PackError("a rule pack must be a mapping with 'rules:' and/or 'form:'", path, 1, 1)
    if expanded_size(data) > MAX_YAML_VALUES:
        raise PackError(f"YAML aliases expand to more than {MAX_YAML_VALUES} values "
                        "(an alias bomb?)", path)
    return data


def pack_files(location: str) -> list[str]:
    """A pack path, or every ``*.yaml``/``*.yml`` in a folder (sorted)."""
    if os.path.isdir(location):
        return sorted(os.path.join(location, n) for n in os.listdir(location)
                      if n.endswith((".yaml", ".yml")) and not n.startswith("."))
    return [location]


KindFactory = Callable[[dict, Pack], Rule]
_KNOWN_PACK_KEYS = {"pack", "description", "rules", "form"}


def load_pack(path: str, kinds: dict[str, KindFactory]) -> Pack:
    pack = read_pack(path)
    unknown = set(pack.data) - _KNOWN_PACK_KEYS
    if unknown:
        key = sorted(unknown)[0]
        raise pack.error(f"unknown top-level key {key!r} (expected: pack, description, rules, form)", key)
    if "form" in pack.data:
        try:
            pack.form = build_form(pack.data["form"], path)
        except (KeyError, TypeError, ValueError) as exc:
            raise pack.error(f"malformed form definition: {exc!r}", "form") from None
        except Exception as exc:  # regex.error in a section pattern
            raise pack.error(f"malformed form definition: {exc}", "form") from None
    rules = pack.data.get("rules") or []
    if not isinstance(rules, list):
        raise pack.error("'rules' must be a list", "rules")
    for i, spec in enumerate(rules):
        if not isinstance(spec, dict):
            raise pack.error("each rule must be a mapping", "rules", i)
        for required in ("id", "kind"):
            if required not in spec:
                raise pack.error(f"rule #{i + 1} has no {required!r}", "rules", i)
        kind = spec["kind"]
        if kind not in kinds:
            raise pack.error(f"rule {spec['id']}: unknown kind {kind!r} "
                             f"(known kinds: {', '.join(sorted(kinds))})", "rules", i, "kind")
        try:
            rule = kinds[kind](spec, pack)
        except PackError as exc:
            if exc.line is None:
                line, col = pack.locate("rules", i)
                raise PackError(exc.message, path, line, col) from None
            raise
        rule.source = path
        pack.rules.append(rule)
    return pack
