"""Compare two quantities: agree, conflict, or incomparable; and say them in words.

Each value becomes an interval: its stated range [low, high], opened on one
side by a bound, then widened by its precision (already widened for "about"
at extraction: N +/- 10%). The hedges (docs/FORMAT conventions):

- "more than N" is (N, 10 N): it excludes N, and a hedge stays of its
  number's order, so "more than 22 million" and "more than 500 million"
  conflict; "at least N" is [N, 10 N].
- "less than N" is [0, N) and "up to N" / "at most N" [0, N].
- "nearly N" is [0.85 N, N].

A bound's own side is exact: precision never widens "more than 3" down to 3.
A duration's rounding room is at most 10% of it ("2 hours" is not 90 minutes).
Two values agree when their intervals overlap with room to spare, or when
their stated ranges touch; intervals that only meet at a widened edge ("8.6
billion" and "8.7 billion" meet at 8.65) conflict, unless the gap is within
the rule's relative ``tolerance`` (0.05: 5% of the larger amount). Different kinds, currencies or units
are incomparable, never a conflict; a count of people and a count of deaths
(or injured, missing, displaced: ``counts_as`` in data/quantities.yaml) are one unit. The comparison is symmetric; whether a
larger later running figure is an update is the verdict's call.
"""

from __future__ import annotations

import math
from functools import lru_cache

from ..model import Comparison, QuantityValue

__all__ = ["compare_quantities", "describe_quantity"]

_LOWER_BOUNDS = {"more-than", "at-least"}
_UPPER_BOUNDS = {"less-than", "up-to", "at-most"}
_DURATION_ROOM = 0.10  # a duration's rounding room: at most this share of it (see _widened)
_ORDER = 10.0  # "more than N" stays below ten times N: a hedge keeps its number's order
_SCALES = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))
_WORDS = {
    "about": "about", "nearly": "nearly", "more-than": "more than", "at-least": "at least",
    "less-than": "less than", "up-to": "up to", "at-most": "at most",
}
def _plural(unit: str) -> str:
    """The unit's plural from data/quantities.yaml (``display``); else an "s"."""
    from ..extract.quantities_lexicon import lexicon

    known = lexicon().units.get(unit)
    return known.display if known else unit + "s"


def _core(v: QuantityValue) -> tuple[float, float]:
    lo, hi = min(v.low, v.high), max(v.low, v.high)
    if v.qualifier in _LOWER_BOUNDS:
        hi = hi * _ORDER if hi > 0 else math.inf
    elif v.qualifier in _UPPER_BOUNDS:
        lo = -math.inf if lo < 0 else min(0.0, lo)
    elif v.qualifier == "nearly":
        lo = lo - abs(lo) * _nearly_reach()
    elif v.qualifier == "about":
        lo, hi = lo - abs(v.precision), hi + abs(v.precision)  # the band set at extraction
    return lo, hi


@lru_cache(maxsize=1)
def _nearly_reach() -> float:
    """How far below N "nearly N" reaches (data/quantities.yaml, widen.nearly_relative: 0.15)."""
    from ..extract.quantities_lexicon import lexicon

    return lexicon().widen["nearly_relative"]


def open_ends(v: QuantityValue) -> tuple[bool, bool]:
    """Whether the interval of ``_core`` excludes its low and its high end."""
    return v.qualifier == "more-than", v.qualifier in ("less-than", "more-than", "at-least")


def _meets(a: QuantityValue, b: QuantityValue) -> bool:
    """The core intervals share a point, their open ends honoured."""
    (alo, ahi), (blo, bhi) = _core(a), _core(b)
    (alo_open, ahi_open), (blo_open, bhi_open) = open_ends(a), open_ends(b)
    lo, hi = max(alo, blo), min(ahi, bhi)
    lo_open = (alo == lo and alo_open) or (blo == lo and blo_open)
    hi_open = (ahi == hi and ahi_open) or (bhi == hi and bhi_open)
    return lo < hi or (lo == hi and not lo_open and not hi_open)


def _widened(v: QuantityValue) -> tuple[float, float]:
    lo, hi = _core(v)
    pad = abs(v.precision)
    if v.kind == "duration":
        # Durations are counted in whole units: "2 hours" is not 90 to 150 minutes. Once in a
        # smaller unit its rounding room is at most a tenth of it (the "about" band), so
        # "1 h 30 min" and "2 hours" conflict while "3 days" and "70 hours" still meet.
        pad = min(pad, _DURATION_ROOM * max(abs(lo), abs(hi)))
    # A bound's own side is exact ("more than 3" never reaches 3), and
    # "nearly 3 billion" is written at or under 3 billion: no room above it.
    if v.qualifier == "about":
        return lo, hi  # the band is the whole room: not widened twice
    lo_pad = 0.0 if v.qualifier in _LOWER_BOUNDS else pad
    hi_pad = 0.0 if v.qualifier in _UPPER_BOUNDS or v.qualifier in ("nearly", "more-than", "at-least") else pad
    return lo - lo_pad, hi + hi_pad


def in_unit(v: QuantityValue, unit: str | None) -> QuantityValue | None:
    """``v`` converted into ``unit`` ("two weeks" into 14 days), or None when they do not convert."""
    if v.unit == unit:
        return v
    from dataclasses import replace

    from ..extract.quantities_lexicon import lexicon

    units = lexicon().units
    a, b = units.get(v.unit or ""), units.get(unit or "")
    if a is None or b is None or a.base is None or a.base != b.base:
        return None
    # multiply, then divide: 18e6 cubic metres are exactly 0.018 cubic kilometres, not 0.018000000000000002
    return replace(v, low=v.low * a.factor / b.factor, high=v.high * a.factor / b.factor,
                   precision=v.precision * a.factor / b.factor, unit=unit)


def _exchanged(a: QuantityValue, b: QuantityValue) -> QuantityValue | None:
    """``b`` in ``a``'s currency: to euros at the rate of b's month, then at a's (consistency/compare/currency.py)."""
    from dataclasses import replace

    from .currency import rate

    (code_a, _, per_a), (code_b, _, per_b) = (a.unit or "").partition(" per "), (b.unit or "").partition(" per ")
    if per_a != per_b:
        return None  # "$20bn a year" and "20 billion euros": an amount per period is never a plain one
    ra, rb = rate(code_a, a.as_of), rate(code_b, b.as_of)
    if ra is None or rb is None:
        return None
    k = ra / rb
    return replace(b, low=b.low * k, high=b.high * k, precision=b.precision * k, unit=a.unit, as_of=a.as_of)


@lru_cache(maxsize=1)
def counts_as() -> dict[str, str]:
    """Narrow count units and the broader unit they are counts of (data/quantities.yaml, ``counts_as``):
    deaths, injured, missing are counts of people."""
    from ..datafiles import DataError, load_merged
    from ..extract.quantities_lexicon import validate_quantities

    units = load_merged("quantities.yaml", validate_quantities).get("units") or []
    names = {u["unit"] for u in units}
    out = {}
    for u in units:
        broader = u.get("counts_as")
        if broader is not None:
            if broader not in names:
                raise DataError(f"consistency/data/quantities.yaml: units {u['unit']!r}: counts_as {broader!r} is no unit")
            out[u["unit"]] = broader
    return out


def _narrowed(a: QuantityValue, b: QuantityValue) -> tuple[QuantityValue, QuantityValue]:
    """A plain count of people and a count of deaths (or injured...) of one fact are one unit: the narrower.

    In news "113 people were killed" and "137 deaths" count the same thing;
    two narrow units ("deaths" and "injured") stay apart.
    """
    from dataclasses import replace

    broader = counts_as()
    if broader.get(a.unit or "") == b.unit:
        return a, replace(b, unit=a.unit)
    if broader.get(b.unit or "") == a.unit:
        return replace(a, unit=b.unit), b
    return a, b


def _common(a: QuantityValue, b: QuantityValue) -> tuple[QuantityValue, QuantityValue]:
    """The two values in one unit when they convert (the smaller unit: days, not weeks)."""
    if a.unit == b.unit or a.kind != b.kind:
        return a, b
    if a.kind == "count":
        a, b = _narrowed(a, b)
        if a.unit == b.unit:
            return a, b
    if a.kind == "money":
        b2 = _exchanged(a, b)
        return (a, b2) if b2 is not None else (a, b)
    b2 = in_unit(b, a.unit)
    if b2 is None:
        return a, b
    a2 = in_unit(a, b.unit)
    return (a, b2) if abs(b2.low) >= abs(b.low) else (a2, b)


def _what_differs(a: QuantityValue, b: QuantityValue) -> str | None:
    if a.kind != b.kind:
        return f"{a.kind} vs {b.kind}: different kinds"
    if a.unit != b.unit:
        what = "currencies" if a.kind == "money" else "units"
        return f"{a.unit or 'no unit'} vs {b.unit or 'no unit'}: different {what}"
    return None


def compare_quantities(a: QuantityValue, b: QuantityValue, *, tolerance: float = 0.0) -> Comparison:
    """Agree when the widened intervals overlap and the units match (see module doc)."""
    def pair(why: str):  # worded only when asked (see Comparison)
        return lambda: f"{describe_quantity(a)} vs {describe_quantity(b)}: {why}"

    original_b = b
    a, b = _common(a, b)
    differs = _what_differs(a, b)
    if differs is not None:
        return Comparison("incomparable", pair(differs.split(": ", 1)[1]))
    if a.kind == "money" and original_b.unit != b.unit:
        # say that a conversion was made, and at which rate
        note = (f" (converted: {describe_quantity(original_b)} is {describe_quantity(b)} at the ECB rate of "
                f"{original_b.as_of}" + (f" and {a.as_of}" if a.as_of != original_b.as_of else "") + ")")
        inner = compare_quantities(a, b, tolerance=tolerance)
        return Comparison(inner.outcome, lambda: inner.reason + note, inner.minor)
    (alo, ahi), (blo, bhi) = _core(a), _core(b)
    (walo, wahi), (wblo, wbhi) = _widened(a), _widened(b)
    if _meets(a, b):
        return Comparison("agree", pair("same amount" if (alo, ahi) == (blo, bhi) else "ranges overlap"))
    # Rounding room is for two plain figures: a bound is exact on its own
    # side, and "about" already holds its band.
    plain = not ({a.qualifier, b.qualifier} & (_LOWER_BOUNDS | _UPPER_BOUNDS))
    if plain and max(walo, wblo) < min(wahi, wbhi):
        return Comparison("agree", pair("overlap within precision"))
    # The tolerance is a share of the larger amount that the gap may span.
    gap = max(walo, wblo) - min(wahi, wbhi)
    allowed = abs(tolerance) * max(abs(a.low), abs(a.high), abs(b.low), abs(b.high))
    if tolerance and gap <= allowed:
        return Comparison("agree", pair(f"within {tolerance:.0%} tolerance"))
    return Comparison("conflict", pair("no overlap"))


def _number(x: float) -> str:
    if x == int(x) and abs(x) < 1e15:
        return f"{int(x):,}" if abs(x) >= 10000 else str(int(x))
    return f"{round(x, 6):g}"


def _amount(x: float, scale: tuple[float, str] | None) -> str:
    if scale is None:
        return _number(x)
    return _number(round(x / scale[0], 9))


def _scale_for(x: float) -> tuple[float, str] | None:
    for value, name in _SCALES:
        if abs(x) >= value:
            return value, name
    return None


def describe_quantity(value: QuantityValue) -> str:
    """'8.6 billion USD', '3 people', 'about 2.5 billion EUR', 'between 2 and 3 systems'."""
    lo, hi = value.low, value.high
    if value.kind == "ordinal":
        n = int(lo)
        suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
        return f"{n}{suffix}" + (f" {value.unit}" if value.unit else "")
    scale = _scale_for(max(abs(lo), abs(hi)))
    if lo == hi:
        amount = _amount(lo, scale)
    else:
        amount = f"between {_amount(lo, scale)} and {_amount(hi, scale)}"
    if scale is not None:
        amount += f" {scale[1]}"
    if value.unit is None:
        unit = ""
    elif value.kind == "money":
        unit = value.unit
    elif value.unit == "percent":
        unit = "%"
    elif lo == hi == 1:
        unit = value.unit
    else:
        unit = _plural(value.unit)
    text = amount + ("" if not unit else unit if unit == "%" else f" {unit}")
    if value.qualifier in _WORDS:
        text = f"{_WORDS[value.qualifier]} {text}"
    if value.changes:
        text += " so far"
    return text
