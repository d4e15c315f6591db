"""Caches as data, never code: the model's frozen dataclasses to JSON bytes and back.

The caches (reports, extracted mentions) used to be pickles, and a pickle
runs whatever code it names when it is loaded: a file dropped into the cache
folder ran on the next check. This codec writes plain JSON and, on reading,
builds only the dataclasses of ``consistency.model`` (an allow-list built from
that module), dates, tuples and dicts. Anything else (an unknown tag, a field
the class does not have, a type that is not allowed) raises ``CodecError``,
which every cache treats as a miss.

A tag is a one-key object whose key starts with "~" ("~C" class, "~t" tuple,
"~d" date, "~m" dict with non-string keys, "~f" a non-finite float); plain
JSON objects keep string keys that never start with "~" (those are escaped as
a "~m" dict).
"""

from __future__ import annotations

import dataclasses
import json
import math
import re
import secrets
from datetime import date
from typing import Any, Mapping

from . import model


class CodecError(ValueError):
    """The bytes are not a value this codec wrote (or not one this build can read)."""


def _allowed() -> dict[str, tuple[type, tuple[str, ...]]]:
    classes = {}
    for name, obj in vars(model).items():
        if isinstance(obj, type) and dataclasses.is_dataclass(obj) and obj.__module__ == model.__name__:
            fields = dataclasses.fields(obj)
            # _dec builds classes positionally, from their init fields in order: a keyword-only field would not fit
            assert not any(f.kw_only for f in fields if f.init), f"{name}: keyword-only fields are not stored"
            classes[name] = (obj, tuple(f.name for f in fields if f.init))
    return classes


_CLASSES = _allowed()


def _enc(x: Any) -> Any:
    if x is None or isinstance(x, (str, bool, int)):
        return x
    if isinstance(x, float):
        return x if math.isfinite(x) else {"~f": repr(x)}
    if isinstance(x, (list,)):
        return [_enc(v) for v in x]
    if isinstance(x, tuple):
        return {"~t": [_enc(v) for v in x]}
    if isinstance(x, date):
        return {"~d": x.isoformat()}
    if dataclasses.is_dataclass(x) and not isinstance(x, type):
        name = type(x).__name__
        if _CLASSES.get(name, (None,))[0] is not type(x):
            raise CodecError(f"{name} is not a model class")
        return {"~C": name, "f": [_enc(getattr(x, f)) for f in _CLASSES[name][1]]}
    if isinstance(x, dict):
        if all(isinstance(k, str) and not k.startswith("~") for k in x):
            return {k: _enc(v) for k, v in x.items()}
        return {"~m": [[_enc(k), _enc(v)] for k, v in x.items()]}
    if hasattr(x, "__fspath__"):  # a Path in the settings: kept as its text
        return str(x)
    raise CodecError(f"cannot store a {type(x).__name__}")


def _dec(o: dict) -> Any:
    # Called for every JSON object of a cache (a million at 1,600 articles): the common tags are tried
    # first, with one lookup each, and a class is built from its fields in order (they are its init
    # fields, positional, so no dict per object).
    n = len(o)
    if n == 2:
        name = o.get("~C")
        if name is not None:
            cls, names = _CLASSES.get(name, (None, ()))
            values = o.get("f")
            if cls is None or not isinstance(values, list) or len(values) != len(names):
                raise CodecError(f"unknown class or fields: {name!r}")
            return cls(*values)
    elif n == 1:
        if "~t" in o:
            return tuple(o["~t"])
        if "~d" in o:
            return date.fromisoformat(o["~d"])
        if "~f" in o:
            if o["~f"] not in ("inf", "-inf", "nan"):
                raise CodecError(f"bad float {o['~f']!r}")
            return float(o["~f"])
        if "~m" in o:
            return {_hashable(k): v for k, v in o["~m"]}
        if "~C" in o:
            raise CodecError(f"unknown class or fields: {o.get('~C')!r}")
    if any(k.startswith("~") for k in o):
        raise CodecError(f"unknown tag in {sorted(o)[:3]}")
    return o


def _hashable(k: Any) -> Any:
    return tuple(_hashable(v) for v in k) if isinstance(k, list) else k


def dumps(value: Any) -> bytes:
    """The value as compact UTF-8 JSON; raises CodecError for anything outside the model."""
    return json.dumps(_enc(value), ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")


def dumps_with(value: Any, fragments: Mapping[int, bytes]) -> bytes:
    """``dumps(value)``, with each object whose ``id`` is in ``fragments`` written as those bytes (its own
    ``dumps``, made earlier): a report rebuilt from cached findings is not encoded again."""
    if not fragments:
        return dumps(value)
    mark = f"\0frag-{secrets.token_hex(8)}:"

    def enc(x: Any) -> Any:
        if id(x) in fragments:
            return f"{mark}{id(x)}\0"
        if isinstance(x, tuple):
            return {"~t": [enc(v) for v in x]}
        if dataclasses.is_dataclass(x) and type(x).__name__ == "Report":
            return {"~C": "Report", "f": [enc(getattr(x, f)) for f in _CLASSES["Report"][1]]}
        return _enc(x)
    text = json.dumps(enc(value), ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")
    quoted = json.dumps(mark, ensure_ascii=False).encode("utf-8")[:-1]  # the mark as JSON writes it, opening quote on
    return re.sub(re.escape(quoted) + rb"(\d+)\\u0000\"", lambda m: fragments[int(m.group(1))], text)


def loads(blob: bytes) -> Any:
    """The value back; raises CodecError (never runs code) for anything this codec did not write."""
    try:
        return json.loads(blob.decode("utf-8"), object_hook=_dec)
    except CodecError:
        raise
    except (ValueError, TypeError, RecursionError, UnicodeDecodeError) as exc:
        raise CodecError(str(exc)) from exc
