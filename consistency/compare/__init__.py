"""Typed comparison of two values, dispatched by value type.

``compare(a, b, tolerance=..., granularity=..., links=...)`` calls the
comparator of the values' type (compare/dates.py, quantities.py,
attributions.py); two values of different types are ``incomparable``, never a
conflict. ``describe(mention)`` renders a value for a message.
"""

from __future__ import annotations

from ..model import AttributionValue, Comparison, DateValue, Mention, QuantityValue, Value
from .attributions import compare_attributions, describe_attribution
from .dates import compare_dates, describe_date
from .quantities import compare_quantities, describe_quantity


def compare(a: Value, b: Value, *, tolerance: float = 0.0, granularity: str | None = None, links=None) -> Comparison:
    """How ``a`` and ``b`` relate: agree, conflict or incomparable, with a reason.

    ``tolerance`` is in days for dates and a fraction of the amount for
    quantities; ``granularity`` (dates) compares at whole months or years;
    ``links`` are the corpus's title-name links for attributions.
    """
    if type(a) is not type(b):
        return Comparison("incomparable", f"a {_name(a)} and a {_name(b)}")
    if isinstance(a, DateValue):
        return compare_dates(a, b, tolerance_days=int(tolerance), granularity=granularity)
    if isinstance(a, QuantityValue):
        return compare_quantities(a, b, tolerance=tolerance)
    if isinstance(a, AttributionValue):
        return compare_attributions(a, b, links=links)
    return Comparison("incomparable", f"unknown value type {_name(a)}")


_DESCRIBE = {DateValue: describe_date, QuantityValue: describe_quantity, AttributionValue: describe_attribution}


def describe(mention: Mention) -> str:
    """A short human rendering of a mention's value ("mid-July 2019", "8.6 billion USD").

    Falls back to the words as written when the value has nothing to say
    (an unresolved relative date reads better as its own text).
    """
    text = _DESCRIBE[type(mention.value)](mention.value)
    return str(text) if text else " ".join(mention.text.split())


def _name(v: object) -> str:
    return {DateValue: "date", QuantityValue: "quantity", AttributionValue: "attribution"}.get(type(v), type(v).__name__)
