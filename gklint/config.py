"""Configuration: ``[tool.gklint]`` in pyproject.toml or ``.gklint.yaml``.

Looked up from the current folder upwards; the command line overrides it.
Unknown keys are an error (a typo would otherwise silently do nothing).
"""
from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass, field, fields
from typing import Any, Optional

from .findings import Severity


class ConfigError(Exception):
    pass


@dataclass
class Config:
    select: list[str] = field(default_factory=list)  # ids or prefixes; empty = all
    extend_select: list[str] = field(default_factory=list)  # added to select (or to all)
    ignore: list[str] = field(default_factory=list)
    fail_on: str = "warning"  # lowest severity that makes the exit code 1
    packs: list[str] = field(default_factory=list)  # extra YAML packs or folders
    plugins: list[str] = field(default_factory=list)  # extra plugin modules
    regex_timeout: float = 2.0  # seconds per pattern per file (3x that for all of a file's)
    file_timeout: float = 60.0  # seconds per file (audit and check)
    # Memory one file may take beyond what gklint itself uses.  The largest
    # real reports (200-page PDFs) need well under 300 MB.
    file_memory_mb: float = 1024.0
    max_file_mb: int = 200
    baseline: str = ""  # the --baseline file when the command line names none
    source: Optional[str] = None  # where this configuration came from
    # Set by the command line, not by configuration files: the folders being
    # checked, and whether a symlink may lead out of them (--follow-symlinks).
    roots: list[str] = field(default_factory=list)
    follow_symlinks: bool = False
    # Folder of the configuration file: its plugins are imported from there
    # (its packs are made absolute when it is read).
    base_dir: Optional[str] = None

    def fail_severity(self) -> Severity:
        return Severity.parse(self.fail_on)

    def selected(self, rule_id: str) -> bool:
        if any(rule_id.startswith(s) for s in self.ignore):
            return False
        if any(rule_id.startswith(s) for s in self.extend_select):
            return True
        return not self.select or any(rule_id.startswith(s) for s in self.select)

    def named(self, rule_id: str) -> bool:
        """Is the rule asked for by its full id (opt-in rules such as GK942)?"""
        return rule_id in self.select or rule_id in self.extend_select

    def check_selectors(self, rule_ids) -> None:
        """A selector that names no rule is an error, not a silent no-op:
        ``GK9999`` or ``GK3O1`` would otherwise check nothing or everything."""
        for key in ("select", "extend_select", "ignore"):
            for value in getattr(self, key):
                if not _SELECTOR.fullmatch(value) or not any(r.startswith(value) for r in rule_ids):
                    raise ConfigError(
                        f"{key.replace('_', '-')}: {value!r} 不是已知的规则编号或前缀 / "
                        "is not a known rule id or prefix (gklint rules lists them)")


_SELECTOR = re.compile(r"GK\d{0,3}")
_RUNTIME = {"source", "roots", "follow_symlinks", "base_dir"}
_KEYS = {f.name.replace("_", "-"): f.name for f in fields(Config) if f.name not in _RUNTIME}


def from_mapping(data: dict, source: str) -> Config:
    cfg = Config(source=source, base_dir=os.path.dirname(os.path.abspath(source)))
    for key, value in data.items():
        name = _KEYS.get(str(key)) or _KEYS.get(str(key).replace("_", "-"))
        if name is None:
            raise ConfigError(f"{source}: unknown configuration key {key!r} "
                              f"(known: {', '.join(sorted(_KEYS))})")
        label = name.replace("_", "-")
        setattr(cfg, name, _typed(getattr(cfg, name), value, f"{source}: {label}"))
    cfg.select = normalise_ids(cfg.select)
    cfg.extend_select = normalise_ids(cfg.extend_select)
    cfg.ignore = normalise_ids(cfg.ignore)
    # Packs are named relative to the configuration file, wherever gklint runs.
    cfg.packs = [os.path.join(cfg.base_dir, os.path.expanduser(p)) for p in cfg.packs]
    if cfg.baseline:
        cfg.baseline = os.path.join(cfg.base_dir, os.path.expanduser(cfg.baseline))
    try:
        cfg.fail_severity()
    except ValueError as exc:
        raise ConfigError(f"{source}: fail-on: {exc}") from None
    return cfg


def normalise_ids(values: list[str]) -> list[str]:
    return [v.strip().upper() for v in values if v.strip()]


def _typed(default, value, where: str):
    """``value`` checked against the type of the setting's default: a wrong
    type or an impossible number is a configuration error (exit 2), never a
    traceback or a limit that never fires."""
    if isinstance(default, list):
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(v, str) for v in items):
            raise ConfigError(f"{where}: 应为字符串或字符串列表 / must be a string or a list of "
                              f"strings, not {value!r}")
        return list(items)
    if isinstance(default, bool) or isinstance(default, str):
        if not isinstance(value, str):
            raise ConfigError(f"{where}: 应为字符串 / must be a string, not {value!r}")
        return value
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ConfigError(f"{where}: 应为数字 / must be a number, not {value!r}")
    if isinstance(default, int) and not isinstance(value, int):
        raise ConfigError(f"{where}: 应为整数 / must be a whole number, not {value!r}")
    if not math.isfinite(value) or value <= 0:
        raise ConfigError(f"{where}: 应为大于0的有限数 / must be a finite number above 0, "
                          f"not {value!r}")
    return float(value) if isinstance(default, float) else value


def load_file(path: str) -> Config:
    """The configuration in ``path`` (--config): a pyproject.toml-style file
    (its [tool.gklint] table) when it ends in .toml, else YAML."""
    if path.endswith(".toml"):
        return from_mapping(_load_toml(path) or {}, path)
    return _load_yaml(path)


def find_config(start: str = ".") -> Config:
    folder = os.path.abspath(start)
    while True:
        yaml_path = os.path.join(folder, ".gklint.yaml")
        if os.path.isfile(yaml_path):
            return _load_yaml(yaml_path)
        toml_path = os.path.join(folder, "pyproject.toml")
        if os.path.isfile(toml_path):
            data = _load_toml(toml_path)
            if data is not None:
                return from_mapping(data, toml_path)
        parent = os.path.dirname(folder)
        if parent == folder:
            return Config()
        folder = parent


def _load_yaml(path: str) -> Config:
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    try:
        with open(path, encoding="utf-8") as fh:
            data = YAML(typ="safe", pure=True).load(fh) or {}
    except (OSError, YAMLError) as exc:
        raise ConfigError(f"{path}: {exc}") from None
    except RecursionError:  # the YAML library composes nested nodes recursively
        raise ConfigError(f"{path}: YAML nested too deeply (thousands of levels)") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: must be a mapping of settings")
    if expanded_size(data) > MAX_YAML_VALUES:
        raise ConfigError(f"{path}: YAML aliases expand to more than {MAX_YAML_VALUES} values")
    return from_mapping(data, path)


# The built-in packs hold under 1 000 values each.  Aliases let a few lines stand for
# billions of copies ("billion laughs"): ten lines took 37 s and 1 GB to load.
MAX_YAML_VALUES = 200_000


def expanded_size(data: Any) -> int:
    """How many values ``data`` holds when every alias counts as a copy.

    Computed over the shared structure (each container once, iteratively),
    so the answer costs nothing even when the expansion is astronomic;
    recursive aliases count once.
    """
    sizes: dict[int, int] = {}
    entered: set[int] = set()
    stack = [(data, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        children = [*node.keys(), *node.values()] if isinstance(node, dict) else node
        if done:
            sizes[key] = 1 + sum(sizes.get(id(c), 1) for c in children)
        elif key not in entered:
            entered.add(key)
            stack.append((node, True))
            stack.extend((c, False) for c in children if isinstance(c, (dict, list)))
    return sizes.get(id(data), 1)


def _load_toml(path: str) -> Optional[dict]:
    # Most projects' pyproject.toml has no gklint section: a text search
    # spares those runs the TOML parser's import and parse.  A gklint table
    # is written [tool.gklint], tool.gklint.x = …, [tool."gklint"], or as a
    # gklint = {…} key inside a bare [tool] table.
    try:
        with open(path, "rb") as fh:
            data = fh.read()
        if not (b"tool.gklint" in data or b'tool."gklint"' in data
                or (b"[tool]" in data and b"gklint" in data)):
            return None
    except OSError as exc:
        raise ConfigError(f"{path}: {exc}") from None
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib  # type: ignore[no-redef]
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: {exc}") from None
    section = data.get("tool", {}).get("gklint")
    return section if isinstance(section, dict) else None
