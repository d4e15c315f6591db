"""YAML from outside (front matter, baselines), read as data and never as a bomb.

PyYAML's safe loader builds no objects, but two of its ways still lose a
run: an alias graph ("billion laughs": 450 bytes that expand past gigabytes
once printed or walked) and a date the calendar lacks (``2019-02-30`` raises
ValueError inside the constructor, which is not a YAMLError). This loader
refuses aliases and keeps timestamps as strings, for the caller to parse and
to name the field it ignored.
"""

from __future__ import annotations

from typing import Any

import yaml

# libyaml's parser when PyYAML was built with it: the pure-Python one was a
# third of reading a corpus. Same safe constructor, so the same values.
_BASE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class DataLoader(_BASE):  # type: ignore[misc, valid-type]
    """Safe YAML with timestamps as strings (aliases are refused by ``load`` before it runs)."""


DataLoader.yaml_constructors = dict(_BASE.yaml_constructors)
DataLoader.yaml_constructors["tag:yaml.org,2002:timestamp"] = _BASE.yaml_constructors["tag:yaml.org,2002:str"]

# What loading outside YAML can raise besides YAMLError: a bad value in a
# constructor, or nesting deeper than the parser's recursion.
ERRORS = (yaml.YAMLError, ValueError, TypeError, RecursionError)


def load(text: str) -> Any:
    """The data of ``text``; raises one of ``ERRORS`` for anything that is not plain YAML data."""
    refuse_aliases(text)
    return yaml.load(text, Loader=DataLoader)


def refuse_aliases(text: str) -> None:
    """Raise a MarkedYAMLError at the first alias (``*name``) in ``text``.

    libyaml composes in C, where a Python override cannot see aliases: its
    scanner (C too, so cheap) finds them first.
    """
    for token in yaml.scan(text, Loader=_BASE):
        if isinstance(token, yaml.AliasToken):
            raise yaml.MarkedYAMLError(problem="aliases (*name) are not allowed here", problem_mark=token.start_mark)
