"""Project settings for ``consistency check``, found upward from the current folder.

A newsroom keeps its choices beside its articles, as linters do: in
``.consistency.yaml``, or in ``pyproject.toml`` under ``[tool.consistency]``.
The nearest folder (the current one, then each parent) that has either wins;
in one folder ``.consistency.yaml`` comes first. Flags on the command line win
over the file. Keys are the long options' names::

    rules: rules/            # --rules (relative to the file's folder); false for --no-rules
    fail-on: warning         # --fail-on
    format: html             # --format
    embedder: use            # --embedder
    baseline: reviewed.yaml  # --baseline (relative to the file's folder)
    show: conflict,update    # --show
    fields: {text: body.html, published: meta.date}   # --field NAME=PATH

An unknown key or a value of the wrong type is a UserError naming the file
and the key, before any work.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import yaml

from .errors import UserError

YAML_NAME = ".consistency.yaml"
TOML_NAME = "pyproject.toml"


def _choice(*allowed: str) -> Callable[[Any], Any]:
    def check(value: Any) -> Any:
        if value not in allowed:
            raise ValueError(f"expected one of {', '.join(allowed)}, got {value!r}")
        return value

    return check


def _string(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"expected a non-empty string, got {value!r}")
    return value


def _number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"expected a number, got {value!r}")
    return float(value)


def _positive(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"expected a whole number of 1 or more, got {value!r}")
    return value


def _verdicts(value: Any) -> str:
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return ",".join(value)
    return _string(value)


def _fields(value: Any) -> tuple[str, ...]:
    if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        raise ValueError(f"expected a mapping of field name to path (text: body.html), got {value!r}")
    return tuple(f"{k}={v}" for k, v in value.items())


# key -> (click parameter name, check and convert, relative path?)
KEYS: dict[str, tuple[str, Callable[[Any], Any], bool]] = {
    "rules": ("rules_dir", _string, True),
    "fail-on": ("fail_on", _choice("error", "warning", "suggestion", "never"), False),
    "format": ("fmt", _choice("text", "html", "json", "sarif", "csv", "github"), False),
    "embedder": ("embedder", _choice("use", "sentence-transformers", "tfidf"), False),
    "model": ("model", _string, False),
    "baseline": ("baseline", _string, True),
    "threshold": ("threshold", _number, False),
    "jobs": ("jobs", _positive, False),
    "cache-dir": ("cache_dir", _string, True),
    "show": ("show", _verdicts, False),
    "min-level": ("min_level", _choice("error", "warning", "suggestion"), False),
    "color": ("color", _choice("auto", "always", "never"), False),
    "fields": ("fields", _fields, False),
}


@dataclass(frozen=True)
class Config:
    path: Path | None  # the file the settings came from; None: no file found
    defaults: dict[str, Any]  # click parameter name -> value, for ``check``'s default_map


NO_CONFIG = Config(None, {})


def find_config(start: Path | None = None) -> Config:
    """The settings of the nearest ``.consistency.yaml`` or ``[tool.consistency]`` at or above ``start``."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / YAML_NAME
        if candidate.is_file():
            return Config(candidate, _settings(candidate, _read_yaml(candidate)))
        candidate = folder / TOML_NAME
        if candidate.is_file():
            table = _read_toml(candidate)
            if table is not None:
                return Config(candidate, _settings(candidate, table))
    return NO_CONFIG


def _read_yaml(path: Path) -> dict:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"{path}: cannot read the configuration: {exc}") from exc
    except yaml.YAMLError as exc:
        raise UserError(f"{path}: not valid YAML: {exc}") from exc
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise UserError(f"{path}: expected a mapping of settings (fail-on: warning), got {type(data).__name__}")
    return data


def _read_toml(path: Path) -> dict | None:
    """The [tool.consistency] table, or None when the file has none (then the search goes on upward)."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"{path}: cannot read: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        if "[tool.consistency]" in path.read_text(encoding="utf-8", errors="replace"):
            raise UserError(f"{path}: not valid TOML: {exc}") from exc
        return None  # someone else's broken file: not ours to judge
    table = data.get("tool", {}).get("consistency")
    if table is None:
        return None
    if not isinstance(table, dict):
        raise UserError(f"{path}: [tool.consistency] must be a table of settings")
    return table


def _settings(path: Path, data: dict) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in data.items():
        if key not in KEYS:
            raise UserError(f"{path}: unknown setting {key!r} (expected one of {', '.join(KEYS)})")
        if key == "rules" and value is False:
            out["no_rules"] = True
            continue
        name, check, relative = KEYS[key]
        try:
            value = check(value)
        except ValueError as exc:
            raise UserError(f"{path}: {key}: {exc}") from None
        if relative:
            value = str(path.parent / Path(value).expanduser())
        out[name] = value
    return out
