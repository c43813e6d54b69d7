"""Configuration: ``[tool.gklint]`` in pyproject.toml or ``.gklint.yaml``.

Looked up from the current folder upwards; the command line overrides it.
Unknown keys are an error (a typo would otherwise silently do nothing).
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from typing import Optional

from .findings import Severity


class ConfigError(Exception):
    pass


@dataclass
class Config:
    select: list[str] = field(default_factory=list)  # ids or prefixes; empty = all
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
    extensions: list[str] = field(default_factory=list)  # restrict file types
    source: Optional[str] = None  # where this configuration came from
    # Set by the command line, not by configuration files: the folders being
    # checked, and whether a symlink may lead out of them (--follow-symlinks).
    roots: list[str] = field(default_factory=list)
    follow_symlinks: bool = False

    def fail_severity(self) -> Severity:
        return Severity.parse(self.fail_on)

    def selected(self, rule_id: str) -> bool:
        if self.select and not any(rule_id.startswith(s) for s in self.select):
            return False
        return not any(rule_id.startswith(s) for s in self.ignore)


_RUNTIME = {"source", "roots", "follow_symlinks"}
_KEYS = {f.name.replace("_", "-"): f.name for f in fields(Config) if f.name not in _RUNTIME}


def from_mapping(data: dict, source: str) -> Config:
    cfg = Config(source=source)
    for key, value in data.items():
        name = _KEYS.get(str(key)) or _KEYS.get(str(key).replace("_", "-"))
        if name is None:
            raise ConfigError(f"{source}: unknown configuration key {key!r} "
                              f"(known: {', '.join(sorted(_KEYS))})")
        expected = type(getattr(cfg, name))
        if expected is list:
            value = [value] if isinstance(value, str) else list(value or [])
            value = [str(v) for v in value]
        elif expected is float:
            value = float(value)
        elif expected is int:
            value = int(value)
        else:
            value = str(value)
        setattr(cfg, name, value)
    try:
        cfg.fail_severity()
    except ValueError as exc:
        raise ConfigError(f"{source}: fail-on: {exc}") from None
    return cfg


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
    from .packs import MAX_YAML_VALUES, expanded_size

    if expanded_size(data) > MAX_YAML_VALUES:
        raise ConfigError(f"{path}: YAML aliases expand to more than {MAX_YAML_VALUES} values")
    return from_mapping(data, path)


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
