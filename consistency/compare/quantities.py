"""Compare two quantities: agree, conflict, or incomparable; and say them in words.

Each value becomes an interval: its stated range [low, high], opened on one
side by a bound ("more than 3" reaches up without end, "up to 5" down),
then widened by its precision (already widened for "about" at extraction).
Two values agree when their intervals overlap with room to spare, or when
their stated ranges touch; intervals that only meet at a widened edge ("8.6
billion" and "8.7 billion" meet at 8.65) conflict, unless the gap is within
the rule's relative ``tolerance`` (0.05: 5% of the larger amount). Different kinds, currencies or units
are incomparable, never a conflict. The comparison is symmetric; whether a
larger later running figure is an update is the verdict's call.
"""

from __future__ import annotations

import math

from ..model import Comparison, QuantityValue

__all__ = ["compare_quantities", "describe_quantity"]

_LOWER_BOUNDS = {"more-than", "at-least"}
_UPPER_BOUNDS = {"less-than", "up-to", "at-most"}
_NEARLY_REACH = 0.1  # "nearly 3 billion" reaches down 10% below 3 billion
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
        hi = math.inf
    elif v.qualifier in _UPPER_BOUNDS:
        lo = -math.inf if lo < 0 else min(0.0, lo)
    elif v.qualifier == "nearly":
        lo = lo - abs(lo) * _NEARLY_REACH
    return lo, hi


def _widened(v: QuantityValue) -> tuple[float, float]:
    lo, hi = _core(v)
    pad = abs(v.precision)
    # "nearly 3 billion" is written at or under 3 billion: no room above it
    return lo - pad, hi + (0.0 if v.qualifier == "nearly" else pad)


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

    differs = _what_differs(a, b)
    if differs is not None:
        return Comparison("incomparable", pair(differs.split(": ", 1)[1]))
    (alo, ahi), (blo, bhi) = _core(a), _core(b)
    (walo, wahi), (wblo, wbhi) = _widened(a), _widened(b)
    if max(alo, blo) <= min(ahi, bhi):
        return Comparison("agree", pair("same amount" if (alo, ahi) == (blo, bhi) else "ranges overlap"))
    if max(walo, wblo) < min(wahi, wbhi):
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
