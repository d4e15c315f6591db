"""Typed comparison of two values, dispatched by value type.

``compare(a, b, tolerance=..., links=...)`` calls the comparator of the values'
type (compare/dates.py, quantities.py, attributions.py); two values of
different types are ``incomparable``. ``describe(mention)`` renders a value for
a message, falling back to the mention's own text.

The type modules are their owners' work; if one is missing or lacks its
function, a minimal interval-overlap stand-in keeps the pipeline honest
rather than crashing (it never says "agree" for values it cannot read).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from ..model import AttributionValue, Comparison, DateValue, Mention, QuantityValue, Value


def compare(a: Value, b: Value, *, tolerance: float = 0.0, granularity: str | None = None, links=None) -> Comparison:
    """How ``a`` and ``b`` relate: agree, conflict or incomparable, with a reason.

    ``tolerance`` is in days for dates and a fraction of the amount for
    quantities; ``granularity`` (dates) compares at whole months or years.
    """
    if type(a) is not type(b):
        return Comparison("incomparable", f"a {_name(a)} and a {_name(b)}")
    if isinstance(a, DateValue):
        fn = _import("dates", "compare_dates")
        if fn:
            return fn(a, b, tolerance_days=int(tolerance), granularity=granularity)
        return _dates(at_granularity(a, granularity), at_granularity(b, granularity), int(tolerance))
    if isinstance(a, QuantityValue):
        fn = _import("quantities", "compare_quantities")
        return fn(a, b, tolerance=tolerance) if fn else _quantities(a, b, tolerance)
    if isinstance(a, AttributionValue):
        fn = _import("attributions", "compare_attributions")
        if fn:
            return fn(a, b, links=links)
        return _attributions(a, b)
    return Comparison("incomparable", f"unknown value type {_name(a)}")


def describe(mention: Mention) -> str:
    """A short human rendering of a mention's value ("mid-July 2019", "$8.6 billion")."""
    name = {DateValue: "describe_date", QuantityValue: "describe_quantity",
            AttributionValue: "describe_attribution"}.get(type(mention.value))
    module = {"describe_date": "dates", "describe_quantity": "quantities",
              "describe_attribution": "attributions"}.get(name or "")
    fn = _import(module, name) if module and name else None
    if fn:
        try:
            text = fn(mention.value)
            if text:
                return str(text)
        except Exception:  # a describer failing must not hide the finding
            pass
    return " ".join(mention.text.split())


def at_granularity(value: DateValue, granularity: str | None) -> DateValue:
    """Widen a date to the whole month or year that holds it ("compare at month level")."""
    if granularity is None or granularity == "day" or value.start is None or value.end is None:
        return value
    if granularity == "year":
        start, end = date(value.start.year, 1, 1), date(value.end.year, 12, 31)
    else:
        start = value.start.replace(day=1)
        nxt = date(value.end.year + value.end.month // 12, value.end.month % 12 + 1, 1)
        end = date.fromordinal(nxt.toordinal() - 1)
    return replace(value, start=start, end=end)


def _import(module: str, name: str):
    try:
        mod = __import__(f"{__name__}.{module}", fromlist=[name])
    except ModuleNotFoundError as exc:
        if exc.name != f"{__name__}.{module}":
            raise  # the module exists but is broken: say so, do not hide it
        return None
    return getattr(mod, name, None)


def _name(v: object) -> str:
    return {DateValue: "date", QuantityValue: "quantity", AttributionValue: "attribution"}.get(type(v), type(v).__name__)


def _dates(a: DateValue, b: DateValue, tolerance: int) -> Comparison:
    if a.start is None or b.start is None or a.end is None or b.end is None:
        return Comparison("incomparable", "a date could not be resolved")
    gap = max(a.start.toordinal() - b.end.toordinal(), b.start.toordinal() - a.end.toordinal())
    if gap <= tolerance:
        return Comparison("agree", f"{a.start}..{a.end} overlaps {b.start}..{b.end}")
    return Comparison("conflict", f"{a.start}..{a.end} and {b.start}..{b.end} are {gap} days apart")


def _quantities(a: QuantityValue, b: QuantityValue, tolerance: float) -> Comparison:
    if a.kind != b.kind or (a.unit or "") != (b.unit or ""):
        return Comparison("incomparable", f"{a.unit or a.kind} vs {b.unit or b.kind}")
    slack = tolerance * max(abs(a.high), abs(b.high))
    lo_a, hi_a = a.low - a.precision - slack, a.high + a.precision + slack
    lo_b, hi_b = b.low - b.precision, b.high + b.precision
    if lo_a <= hi_b and lo_b <= hi_a:
        return Comparison("agree", f"{a.low:g}..{a.high:g} overlaps {b.low:g}..{b.high:g}")
    return Comparison("conflict", f"{a.low:g}..{a.high:g} vs {b.low:g}..{b.high:g}")


def _attributions(a: AttributionValue, b: AttributionValue) -> Comparison:
    sa, sb = a.speaker.id if a.speaker else None, b.speaker.id if b.speaker else None
    if sa is None or sb is None:
        return Comparison("incomparable", "an unnamed speaker")
    if sa != sb:
        return Comparison("conflict", f"{sa} vs {sb}")
    va, vb = [e.id for e in a.via], [e.id for e in b.via]
    if va and vb and va[0] != vb[0]:
        return Comparison("conflict", f"same speaker, via {va[0]} vs {vb[0]}", minor=True)
    return Comparison("agree", f"both {sa}")
