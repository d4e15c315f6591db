"""From the parts of a written date to an interval on the calendar.

Rules of the arithmetic (documented here, tested in tests/test_dates_extract.py):

- Nothing is filled in: "July 2019" is the whole month, "2019" the whole
  year. A day (or month) with no year takes its year from the publication
  date: the year that puts it on or before publication, or, in a clause
  about the future ("will be held on 12 July") or when the next one is at
  most 60 days away (a month alone: the next month), on or after it; the
  value is marked ``inferred``. With no publication date it stays ``unresolved``.
- Qualifiers narrow the interval. Of a month: early/beginning = days 1-10,
  mid = 10-20, late/end = 21-last (FORMAT.md: "end of MONTH is day 21 to the
  month's end"). Early and mid share their edge day on purpose: these words
  are loose, and "10 July" should not conflict with "mid-July".
  Of a year: early/beginning = January-April, mid = May-August,
  late/end = September-December. Of a decade: early 0-3, mid 4-6, late 7-9.
- Halves and quarters are calendar ones; seasons are northern-hemisphere
  meteorological ones (spring = March-May ... winter Y = December Y-1 to
  February Y).
- Relative dates use the publication date: "العام الماضي" is the year
  before; "يوليو الماضي" is the most recent July strictly before the month
  of publication, "ابريل المقبل" the next April strictly after it, "الحالي"
  the month in the year of publication; "last week" is the week before the
  week of publication, Monday to Sunday, widened back to Saturday when written
  in Arabic because Arab weeks start on Saturday or Sunday; "a week ago" is the seven days centred on a week
  before; a weekday alone ("قال الاثنين") is the latest such day on or
  before publication, as agency copy writes it; "next Tuesday" the first
  one after it, "this Friday" the nearest one. "Over the weekend" or "last
  weekend" is the latest Saturday-Sunday begun on or before publication;
  "last night" is the night into the day of publication (two dates).
- With no publication date, a relative date keeps its granularity and
  gets ``unresolved`` instead of an interval.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from ..model import DateValue
from .dates_grammar import Parts

NO_PUBLICATION = "relative date with no publication date"
NO_YEAR = "no year written"

_PERIODS = {
    "half-1": (1, 6), "half-2": (7, 12),
    "quarter-1": (1, 3), "quarter-2": (4, 6), "quarter-3": (7, 9), "quarter-4": (10, 12),
    "season-spring": (3, 5), "season-summer": (6, 8), "season-autumn": (9, 11), "season-winter": (12, 2),
}
_MONTH_PART = {"early": (1, 10), "beginning": (1, 10), "mid": (10, 20), "late": (21, 31), "end": (21, 31)}
_YEAR_PART = {"early": (1, 4), "beginning": (1, 4), "mid": (5, 8), "late": (9, 12), "end": (9, 12)}
_DECADE_PART = {"early": (0, 3), "beginning": (0, 3), "mid": (4, 6), "late": (7, 9), "end": (7, 9)}


def last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def month_span(year: int, m1: int, m2: int | None = None) -> tuple[date, date]:
    m2 = m2 or m1
    return date(year, m1, 1), date(year, m2, last_day(year, m2))


def shift_month(year: int, month: int, shift: int) -> tuple[int, int]:
    k = year * 12 + (month - 1) + shift
    return k // 12, k % 12 + 1


def resolve(p: Parts, published: date | None) -> DateValue:
    """The DateValue of one date expression (never raises on odd input)."""
    try:
        value = _resolve(p, published)
    except (ValueError, OverflowError, KeyError) as exc:
        value = DateValue(None, None, "day", p.qual, p.bound, unresolved=f"not a calendar date ({exc})")
    return value


def _relative(gran: str, p: Parts, published: date | None, fn) -> DateValue:
    if published is None:
        return DateValue(None, None, gran, p.qual, p.bound, relative=True, unresolved=NO_PUBLICATION)
    start, end = fn(published)
    return DateValue(start, end, gran, p.qual, p.bound, relative=True, anchor=published)


def _qualified_month(year: int, month: int, qual: str | None, month2: int | None = None) -> tuple[tuple[date, date], str]:
    if qual not in _MONTH_PART:  # none, or earlier/later: see _clip
        return month_span(year, month, month2), "month"
    lo, hi = _MONTH_PART[qual]
    return (date(year, month, lo), date(year, month, min(hi, last_day(year, month)))), "part-of-month"


def _qualified_year(year: int, qual: str | None) -> tuple[tuple[date, date], str]:
    if qual not in _YEAR_PART:
        return (date(year, 1, 1), date(year, 12, 31)), "year"
    lo, hi = _YEAR_PART[qual]
    return month_span(year, lo, hi), "part-of-year"


def _clip(span: tuple[date, date], qual: str | None, pub: date) -> tuple[date, date]:
    """"earlier this month" ends at publication, "later this year" starts there."""
    start, end = span
    if not start <= pub <= end:  # "later last year": no publication inside to cut at
        return span
    if qual == "earlier":
        return start, min(end, pub)
    if qual == "later":
        return max(start, pub), end
    return span


def _weekend(published: date, shift: int) -> tuple[date, date]:
    """Saturday and Sunday: shift 0 or -1 the latest begun on or before publication ("over the weekend")."""
    saturday = published - timedelta(days=(published.weekday() - 5) % 7)
    if shift > 0:
        saturday += timedelta(weeks=shift)
    return saturday, saturday + timedelta(days=1)


def _week(published: date, shift: int, iso: bool = False) -> tuple[date, date]:
    """Monday to Sunday; widened back to Saturday unless written in a script whose weeks start on Monday."""
    monday = published - timedelta(days=published.weekday()) + timedelta(weeks=shift)
    return monday - timedelta(days=0 if iso else 2), monday + timedelta(days=6)


def _resolve(p: Parts, pub: date | None) -> DateValue:
    q, b = p.qual, p.bound
    if p.ago is not None:
        n, unit = p.ago
        if unit == "day":
            return _relative("day", p, pub, lambda d: (d - timedelta(days=n),) * 2)
        if unit == "week":
            return _relative("week", p, pub, lambda d: (d - timedelta(days=7 * n + 3), d - timedelta(days=7 * n - 3)))
        if unit == "month":
            return _relative("month", p, pub, lambda d: month_span(*shift_month(d.year, d.month, -n)))
        return _relative("year", p, pub, lambda d: (date(d.year - n, 1, 1), date(d.year - n, 12, 31)))
    if p.weekday is not None and p.month is None and p.hijri_month is None:
        # A weekday alone is relative; one written with its date is not.
        return _relative("day", p, pub, lambda d: _back_to(p.weekday_from, _weekday(d, p)))
    if p.rel is not None:
        unit, shift = p.rel
        if unit == "night":  # "last night" straddles two dates: the evening before and the small hours of today
            return _relative("day", p, pub, lambda d: (d + timedelta(days=shift), d + timedelta(days=shift + 1)))
        if unit == "weekend":
            return _relative("day", p, pub, lambda d: _weekend(d, shift))
        if unit == "day":
            return _relative("day", p, pub, lambda d: (d + timedelta(days=shift),) * 2)
        if unit == "week":
            return _relative("week", p, pub, lambda d: _week(d, shift, p.iso_week))
        if unit == "month" and p.day is not None:  # "the 11th of this month", "الخامس من الشهر الماضي"
            return _relative("day", p, pub, lambda d: (date(*shift_month(d.year, d.month, shift), p.day),) * 2)
        if unit == "month":
            gran = "part-of-month" if q else "month"
            return _relative(gran, p, pub, lambda d: _clip(_qualified_month(*shift_month(d.year, d.month, shift), q)[0], q, d))
        gran = "part-of-year" if q else "year"
        return _relative(gran, p, pub, lambda d: _clip(_qualified_year(d.year + shift, q)[0], q, d))
    if p.year_noun_only:
        return _relative("part-of-year" if q else "year", p, pub, lambda d: _clip(_qualified_year(d.year, q)[0], q, d))
    if p.numeric is not None:
        a, m, y = p.numeric
        day, month = (a, m) if p.iso or m <= 12 else (m, a)
        d = date(y, month, day)
        return DateValue(d, d, "day", q, b)
    if p.year_range is not None:
        y1, y2 = p.year_range
        if y2 < y1:
            raise ValueError(f"year range {y1}-{y2} runs backwards")
        return DateValue(date(y1, 1, 1), date(y2, 12, 31), "year", q, b)
    if p.decade is not None:
        lo, hi = _DECADE_PART.get(q, (0, 9))  # earlier/later in a decade: the whole decade
        return DateValue(date(p.decade + lo, 1, 1), date(p.decade + hi, 12, 31), "decade", q, b)
    if p.hijri_month is not None or p.era == "hijri":
        return _hijri(p)
    if p.month is not None:
        return _month_date(p, pub)
    if p.period is not None:
        return _period(p, pub)
    if p.year is not None:
        (start, end), gran = _qualified_year(p.year, q)
        return DateValue(start, end, gran, q, b)
    raise ValueError("nothing to resolve")


def _back_to(weekday: int | None, end: date) -> tuple[date, date]:
    """From the latest ``weekday`` before ``end`` to ``end`` ("dimanche à lundi"); ``end`` alone without one."""
    if weekday is None:
        return end, end
    return end - timedelta(days=(end.weekday() - weekday) % 7 or 7), end


# "اليوم الجمعة" in a report dated Saturday: the weekday written wins over "today" when
# publication is this many days or fewer off it (time zones, a report dated the morning after).
_SHIFT_SLACK = 2


def _weekday(pub: date, p: Parts) -> date:
    if p.day_shift is not None:
        d = pub + timedelta(days=p.day_shift)
        off = (d.weekday() - p.weekday) % 7
        if off and min(off, 7 - off) <= _SHIFT_SLACK:
            return d - timedelta(days=off) if off <= 7 - off else d + timedelta(days=7 - off)
        return d
    if p.future and p.month_rel is None:
        return pub + timedelta(days=(p.weekday - pub.weekday()) % 7)  # "will travel on Thursday"
    back = (pub.weekday() - p.weekday) % 7
    if p.month_rel == "next":
        return pub + timedelta(days=(p.weekday - pub.weekday()) % 7 or 7)
    if p.month_rel == "past" and back == 0:
        back = 7
    if p.month_rel == "current" and back > 3:  # "this Friday": the nearest one
        return pub + timedelta(days=7 - back)
    return pub - timedelta(days=back)


def _month_year(p: Parts, pub: date) -> int:
    """The year of a month written relative to publication (or with no year at all)."""
    if p.year_rel is not None:
        return pub.year + p.year_rel
    # With a day, "12 July last" is the latest 12 July on or before
    # publication (even in July); a month alone, the latest July before
    # the month of publication.
    when, now = ((p.month, p.day), (pub.month, pub.day)) if p.day else (p.month, pub.month)
    if p.month_rel == "past":
        return pub.year if (when <= now if p.day else when < now) else pub.year - 1
    if p.month_rel == "next":
        return pub.year if when > now else pub.year + 1
    if p.month_rel is None:  # no year written: inferred (see the module doc)
        if p.future or _just_ahead(p, pub):
            year = pub.year if when >= now else pub.year + 1
        else:
            year = pub.year if when <= now else pub.year - 1
        return _weekday_year(p, year, pub)
    return pub.year


def _weekday_year(p: Parts, year: int, pub: date) -> int:
    """"vendredi 26 juillet" with no year, in a report dated weeks later in a future-tense clause: of
    the inferred year and the two beside it, the one in which 26 July is a Friday, when that day is
    nearer publication (a weekday written in error, "mardi 3 août" for Tuesday 4 August, moves nothing
    a year away)."""
    if p.weekday is None or not p.day or p.day2 or p.weekday_from is not None:
        return year
    try:
        if date(year, p.month, p.day).weekday() == p.weekday:
            return year
        far = abs((date(year, p.month, p.day) - pub).days)
    except ValueError:  # 29 February of a common year
        return year
    for y in (year - 1, year + 1):
        try:
            d = date(y, p.month, p.day)
        except ValueError:
            continue
        if d.weekday() == p.weekday and abs((d - pub).days) < far:
            return y
    return year


# A year-less date this close after publication is the coming one, whatever the
# verb: a report never dates a past event 2 days, or 11 months, ahead ("the
# funeral on May 23" published on 21 May; "the cut from November" in October).
_AHEAD_DAYS = 60


def _just_ahead(p: Parts, pub: date) -> bool:
    if p.day:
        y = pub.year if (p.month, p.day) > (pub.month, pub.day) else pub.year + 1
        try:
            return (date(y, p.month, p.day) - pub).days <= _AHEAD_DAYS
        except ValueError:  # 29 February of a common year
            return False
    return p.month == pub.month % 12 + 1  # the next month ("June or July" in May: the span starts with it)


def _month_date(p: Parts, pub: date | None) -> DateValue:
    q, b = p.qual, p.bound
    relative = p.year is None and (p.year_rel is not None or p.month_rel is not None)
    if p.year is None and not relative:
        gran = "day" if p.day else ("part-of-month" if q else "month")
        if pub is None:
            return DateValue(None, None, gran, q, b, unresolved=NO_YEAR)
        start, end = _clip(span_of(p, _month_year(p, pub)), q, pub)
        return DateValue(start, end, gran, q, b, relative=True, anchor=pub, inferred=True)

    def span(d: date | None) -> tuple[date, date]:
        return span_of(p, p.year if p.year is not None else _month_year(p, d))

    gran = "day" if p.day else ("part-of-month" if q else "month")
    if relative:
        return _relative(gran, p, pub, span)
    start, end = span(None)
    return DateValue(start, end, gran, q, b)


def span_of(p: Parts, year: int) -> tuple[date, date]:
    """The interval of a month date in ``year``."""
    if p.day and p.weekday_from is not None and not p.day2:
        return _back_to(p.weekday_from, date(year, p.month, p.day))
    if p.day:
        return date(year, p.month, p.day), date(year, p.month, p.day2 or p.day)
    return _qualified_month(year, p.month, p.qual, p.month2)[0]


def _period(p: Parts, pub: date | None) -> DateValue:
    lo, hi = _PERIODS[p.period]
    gran = p.period.split("-")[0]

    def in_year(year: int) -> tuple[date, date]:
        if lo > hi:  # winter runs over the new year
            return date(year - 1, lo, 1), date(year, hi, last_day(year, hi))
        return month_span(year, lo, hi)

    def span(d: date | None) -> tuple[date, date]:
        if p.year is not None:
            return in_year(p.year)
        if p.year_rel is None and p.month_rel in ("past", "next"):
            # "last summer": the latest one over before publication;
            # "next spring": the first one not yet begun.
            spans = [in_year(y) for y in range(d.year - 1, d.year + 3)]
            if p.month_rel == "past":
                return max(s for s in spans if s[1] < d)
            return min(s for s in spans if s[0] > d)
        return in_year(d.year + (p.year_rel or 0))

    if p.year is None:
        return _relative(gran, p, pub, span)
    start, end = span(None)
    return DateValue(start, end, gran, p.qual, p.bound)


def _hijri(p: Parts) -> DateValue:
    from hijridate import Hijri  # imported here: only Hijri dates pay for it

    y, m = p.year, p.hijri_month
    try:
        if m is None:
            first, last = Hijri(y, 1, 1), Hijri(y, 12, Hijri(y, 12, 1).month_length())
            gran = "year"
        elif p.day:
            first = last = Hijri(y, m, p.day)
            gran = "day"
        else:
            first, last = Hijri(y, m, 1), Hijri(y, m, Hijri(y, m, 1).month_length())
            gran = "month"
        start, end = first.to_gregorian(), last.to_gregorian()
    except (ValueError, OverflowError, KeyError) as exc:
        return DateValue(None, None, "day" if p.day else "month", p.qual, p.bound, calendar="hijri",
                         unresolved=f"Hijri date not convertible ({exc})")
    return DateValue(date(start.year, start.month, start.day), date(end.year, end.month, end.day),
                     gran, p.qual, p.bound, calendar="hijri")
