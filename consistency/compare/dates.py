"""Compare two dates as intervals: agree when they overlap, within a tolerance.

A bound compares as the half-line it allows: "by April 2020" is anything up
to 30 April 2020, "since 2018" anything from 1 January 2018, "before 2019"
anything up to 31 December 2018, "after 2019" anything from 1 January 2020.
So "by April 2020" agrees with "July 2019", and "since 2018" conflicts with
"2017". An interval with one open end ([null, D]: "announced on D that X
had happened") compares as the half-line it allows. An unresolved date
cannot be compared and says why.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from ..extract.dates_resolve import NO_PUBLICATION, NO_YEAR
from ..model import Comparison, DateValue

__all__ = ["compare_dates", "describe_date", "coarsen"]

_MONTHS = ("January", "February", "March", "April", "May", "June", "July",
           "August", "September", "October", "November", "December")
_SEASONS = {(3, 5): "spring", (6, 8): "summer", (9, 11): "autumn", (12, 2): "winter"}
_PART = {"early": "early", "beginning": "the beginning of", "mid": "mid", "late": "late", "end": "the end of",
         "earlier": "earlier in", "later": "later in"}
_BOUND = {"by": "by", "before": "before", "after": "after", "since": "since", "until": "until"}


def _month(d: date) -> str:
    return f"{_MONTHS[d.month - 1]} {d.year}"


def _core(v: DateValue) -> str:
    """The written interval, in words, without its bound."""
    s, e, g, q = v.start, v.end, v.granularity, v.qualifier
    if (s is None) != (e is None):  # [null, D] or [D, null]: the written end, its bound says which way
        return _core(replace(v, start=s or e, end=e or s))
    if s is None or e is None:
        what = {"part-of-month": "part of a month", "part-of-year": "part of a year"}.get(g, g)
        return f"{'an' if what[0] in 'aeiou' else 'a'} {what}"
    if g == "day":
        if s == e:
            return f"{s.day} {_MONTHS[s.month - 1]} {s.year}"
        if (s.year, s.month) == (e.year, e.month):
            return f"{s.day}-{e.day} {_MONTHS[s.month - 1]} {s.year}"
        return f"{s.isoformat()} to {e.isoformat()}"
    if g == "week":
        return f"the week of {s.isoformat()} to {e.isoformat()}"
    if g == "part-of-month" and q:
        part = _PART.get(q, q)
        return f"mid-{_month(s)}" if q == "mid" else f"{part} {_month(s)}"
    if g == "month":
        return _month(s) if (s.year, s.month) == (e.year, e.month) else f"{_MONTHS[s.month - 1]}-{_month(e)}"
    if g == "part-of-year" and q:
        return f"mid-{s.year}" if q == "mid" else f"{_PART.get(q, q)} {s.year}"
    if g == "half":
        return f"the {'first' if s.month == 1 else 'second'} half of {s.year}"
    if g == "quarter":
        return f"Q{(s.month - 1) // 3 + 1} {s.year}"
    if g == "season":
        return f"{_SEASONS.get((s.month, e.month), 'season')} {e.year}"
    if g == "decade":
        base = f"{s.year - s.year % 10}s"
        if q == "mid":
            return f"the mid-{base}"
        return f"{_PART.get(q, q)} the {base}" if q else f"the {base}"
    if g == "year":
        return str(s.year) if s.year == e.year else f"{s.year}-{e.year}"
    return f"{s.isoformat()} to {e.isoformat()}"


def describe_date(value: DateValue) -> str:
    """A short human phrase for a date: "mid-July 2019", "by April 2020", "2019"."""
    text = _core(value)
    if value.bound:
        text = f"{_BOUND.get(value.bound, value.bound)} {text}"
    if value.unresolved:
        # "a month relative to an unknown publication date", "a day with no year written"
        why = {NO_PUBLICATION: "relative to an unknown publication date", NO_YEAR: "with no year written"}
        text = f"{text} {why.get(value.unresolved, f'({value.unresolved})')}"
    return text


def _allowed(v: DateValue) -> tuple[date | None, date | None]:
    """The interval of dates the statement allows; None is open-ended.

    An open end stays open: "announced on D that X had happened" is
    [None, D] with bound "until" (FORMAT.md), anything on or before D.
    """
    s, e = v.start, v.end
    if s is None or e is None:
        return s, e
    if v.bound in ("by", "until"):
        return None, e
    if v.bound == "before":
        return None, s - timedelta(days=1)
    if v.bound == "after":
        return e + timedelta(days=1), None
    if v.bound == "since":
        return s, None
    return s, e


def coarsen(value: DateValue, granularity: str | None) -> DateValue:
    """Widen a date to whole months or years, for rules that compare at that granularity."""
    if granularity not in ("month", "year") or (value.start is None and value.end is None):
        return value
    s, e = value.start, value.end  # an open end stays open
    if granularity == "year":
        s = date(s.year, 1, 1) if s else None
        e = date(e.year, 12, 31) if e else None
    else:
        if e is not None:
            e = date(e.year + (e.month == 12), e.month % 12 + 1, 1) - timedelta(days=1)
        s = date(s.year, s.month, 1) if s else None
    return DateValue(s, e, value.granularity, value.qualifier, value.bound, value.relative,
                     value.anchor, value.calendar, value.unresolved)


def compare_dates(a: DateValue, b: DateValue, *, tolerance_days: int = 0,
                  granularity: str | None = None) -> Comparison:
    """agree / conflict / incomparable, with the reason in words.

    ``tolerance_days`` lets two intervals that miss each other by that many
    days still agree; ``granularity`` ("month" or "year") widens both dates
    first, as a rule may ask.
    """
    for v in (a, b):
        if v.unresolved or (v.start is None and v.end is None):
            return Comparison("incomparable", f"{describe_date(v)} cannot be compared")
    as_written = a, b
    by = f" (compared by {granularity})" if granularity in ("month", "year") else ""

    def said(template: str, **more):  # worded only when asked (see Comparison)
        return lambda: template.format(a=describe_date(as_written[0]), b=describe_date(as_written[1]) + by, **more)

    a, b = coarsen(a, granularity), coarsen(b, granularity)
    if a.bound == b.bound == "by" and None not in (a.start, a.end, b.start, b.end):
        # two announced deadlines are targets: "by April 2020" and "by June 2020" differ
        (a_lo, a_hi), (b_lo, b_hi) = (a.start, a.end), (b.start, b.end)
    else:
        a_lo, a_hi = _allowed(a)
        b_lo, b_hi = _allowed(b)
    tol = max(0, tolerance_days)
    # Overlap test on possibly open intervals: a gap exists only where both
    # sides are closed. gap = days from the end of one to the start of the
    # other; 0 or less means they overlap.
    gap_ab = (b_lo - a_hi).days if (a_hi is not None and b_lo is not None) else None
    gap_ba = (a_lo - b_hi).days if (b_hi is not None and a_lo is not None) else None
    gap = max((g for g in (gap_ab, gap_ba) if g is not None), default=0)
    bounded = bool(a.bound or b.bound)
    if gap <= 0:
        return Comparison("agree", said("{a} {verb} {b}", verb="allows" if bounded else "overlaps"))
    if gap <= tol:
        return Comparison("agree", said("{a} and {b} are {gap} day(s) apart, within the tolerance of {tol}", gap=gap, tol=tol))
    verb = "excludes" if bounded else "does not overlap"
    return Comparison("conflict", said("{a} {verb} {b} ({gap} day(s) apart)", verb=verb, gap=gap))
