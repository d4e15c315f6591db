"""Language knowledge lives in YAML under consistency/data/, validated on load.

Extractors call ``load(name, validate)``; a malformed file is a DataError that
names the file and what was expected, never a KeyError deep in a regex.
"""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files
from typing import Any, Callable

import yaml

# libyaml's parser when PyYAML has it (its wheels do): parsing the data files
# took 0.23 CPU-s at every start in pure Python, 0.03 with it (same values).
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class DataError(Exception):
    """A data file under consistency/data/ is missing or malformed."""


def _read(name: str) -> Any:
    path = files("consistency.data") / name
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise DataError(f"consistency/data/{name}: missing (reinstall the package)") from exc
    try:
        return yaml.load(text, Loader=_LOADER)
    except yaml.YAMLError as exc:
        raise DataError(f"consistency/data/{name}: not valid YAML: {exc}") from exc


@lru_cache(maxsize=None)
def load(name: str, validate: Callable[[Any], None] | None = None) -> Any:
    """Load and validate a data file once per process.

    ``validate`` raises ValueError (or DataError) with what was expected; the
    message is prefixed with the file name here.
    """
    data = _read(name)
    if validate is not None:
        try:
            validate(data)
        except (ValueError, TypeError) as exc:
            raise DataError(f"consistency/data/{name}: {exc}") from exc
    return data


def expect_mapping_of_lists(data: Any, *, keys: tuple[str, ...] = ()) -> None:
    """Common shape: {key: [str, ...]}; ``keys`` lists keys that must be present."""
    if not isinstance(data, dict):
        raise ValueError(f"expected a mapping at top level, got {type(data).__name__}")
    for k in keys:
        if k not in data:
            raise ValueError(f"expected key {k!r}")
    for k, v in data.items():
        if not isinstance(v, list) or not all(isinstance(x, str) and x for x in v):
            raise ValueError(f"{k}: expected a list of non-empty strings")
