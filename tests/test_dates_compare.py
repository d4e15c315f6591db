"""Date comparison and description: tables of (date a, date b, tolerance, outcome, reason)."""

from __future__ import annotations

from datetime import date

import pytest

from consistency.compare.dates import compare_dates, describe_date
from consistency.extract.dates import extract_dates
from consistency.model import DateValue


def _value(text: str, published: date | None = None) -> DateValue:
    mentions = extract_dates(text, published=published)
    assert len(mentions) == 1, [m.text for m in mentions]
    return mentions[0].value


P21 = date(2021, 9, 29)
P19 = date(2019, 11, 15)

# (a, published a, b, published b, tolerance days, outcome, words the reason must hold)
CASES = [
    # the done-when rows
    ("في عام 2019", None, "في منتصف تموز/ يوليو 2019", None, 0, "agree", "2019 overlaps mid-July 2019"),
    ("in 2019", None, "on July 12, 2019", None, 0, "agree", "2019 overlaps 12 July 2019"),
    ("in 2019", None, "in August 2020", None, 0, "conflict", "2019 does not overlap August 2020"),
    # granularities nest
    ("in July 2019", None, "on 12 July 2019", None, 0, "agree", "July 2019 overlaps 12 July 2019"),
    ("in July 2019", None, "in 2020", None, 0, "conflict", "does not overlap"),
    ("في كانون الأول/ ديسمبر عام 2017", None, "in December 2017", None, 0, "agree", "December 2017 overlaps December 2017"),
    ("في أوائل تموز 2019", None, "في منتصف تموز 2019", None, 0, "agree", "early July 2019 overlaps mid-July 2019"),
    ("in early July 2019", None, "in late July 2019", None, 0, "conflict", "early July 2019 does not overlap late July 2019"),
    ("in December 2019", None, "in January 2020", None, 0, "conflict", "1 day(s) apart"),
    ("in December 2019", None, "in January 2020", None, 1, "agree", "within the tolerance of 1"),
    ("on 10 July 2019", None, "on 14 July 2019", None, 4, "agree", "within the tolerance of 4"),
    ("on 10 July 2019", None, "on 14 July 2019", None, 3, "conflict", "4 day(s) apart"),
    # relative dates resolved against their own articles
    ("في ديسمبر من العام الماضي", P21, "in December 2020", None, 0, "agree", "December 2020 overlaps December 2020"),
    ("بحلول ابريل المقبل", P19, "in April 2020", None, 0, "agree", "by April 2020 allows April 2020"),
    ("last year", P21, "هذا العام", date(2020, 5, 1), 0, "agree", "2020 overlaps 2020"),
    ("last year", P21, "this year", P21, 0, "conflict", "2020 does not overlap 2021"),
    # bounds compare as bounds
    ("by April 2020", None, "in July 2019", None, 0, "agree", "by April 2020 allows July 2019"),
    ("by April 2020", None, "in May 2020", None, 0, "conflict", "by April 2020 excludes May 2020"),
    ("since 2018", None, "in July 2019", None, 0, "agree", "since 2018 allows July 2019"),
    ("since 2018", None, "in 2017", None, 0, "conflict", "since 2018 excludes 2017"),
    ("before 2019", None, "in 2018", None, 0, "agree", "before 2019 allows 2018"),
    ("before 2019", None, "in 2019", None, 0, "conflict", "before 2019 excludes 2019"),
    ("after 2019", None, "in March 2020", None, 0, "agree", "after 2019 allows March 2020"),
    ("after 2019", None, "in mid-July 2019", None, 0, "conflict", "excludes"),
    ("until 2020", None, "since 2021", None, 0, "conflict", "until 2020 excludes since 2021"),
    # issue 21, class 6: two announced deadlines are targets, and different targets conflict
    ("by 2020", None, "by 2019", None, 0, "conflict", "excludes"),
    # unresolved values cannot be compared
    ("in July", None, "in July 2019", None, 0, "incomparable", "a month with no year written cannot be compared"),
    ("العام الماضي", None, "in 2020", None, 0, "incomparable", "a year relative to an unknown publication date"),
    ("in 2020", None, "last month", None, 0, "incomparable", "publication"),
    # Hijri dates compare on their Gregorian interval
    ("في 15 رمضان 1441 هـ", None, "in May 2020", None, 0, "agree", "8 May 2020 overlaps May 2020"),
]


@pytest.mark.parametrize("a,pa,b,pb,tol,outcome,reason", CASES, ids=[f"{c[0]}|{c[2]}" for c in CASES])
def test_compare_table(a, pa, b, pb, tol, outcome, reason):
    """Two extracted dates compare to the expected outcome, with a reason in words."""
    got = compare_dates(_value(a, pa), _value(b, pb), tolerance_days=tol)
    assert got.outcome == outcome
    assert reason in got.reason


@pytest.mark.parametrize("a,pa,b,pb,tol,outcome,reason", CASES[:12], ids=[f"{c[0]}|{c[2]}" for c in CASES[:12]])
def test_compare_is_symmetric(a, pa, b, pb, tol, outcome, reason):
    """Swapping the two dates never changes the outcome."""
    assert compare_dates(_value(b, pb), _value(a, pa), tolerance_days=tol).outcome == outcome


def test_granularity_widens_before_comparing():
    """A rule comparing by year treats 12 July 2019 and December 2019 as the same year."""
    a, b = _value("on 12 July 2019"), _value("in December 2019")
    assert compare_dates(a, b).outcome == "conflict"
    got = compare_dates(a, b, granularity="year")
    assert got.outcome == "agree" and "compared by year" in got.reason
    assert compare_dates(_value("in December 2019"), _value("in January 2020"), granularity="year").outcome == "conflict"


DESCRIBE = [
    ("في منتصف تموز/ يوليو 2019", None, "mid-July 2019"),
    ("في كانون الأول/ ديسمبر عام 2017", None, "December 2017"),
    ("في عام 2019", None, "2019"),
    ("on July 12, 2019", None, "12 July 2019"),
    ("by April 2020", None, "by April 2020"),
    ("since 2018", None, "since 2018"),
    ("in late 2019", None, "late 2019"),
    ("في نهاية الشهر الماضي", date(2021, 11, 16), "the end of October 2021"),
    ("in the first half of 2020", None, "the first half of 2020"),
    ("في الربع الأخير من 2020", None, "Q4 2020"),
    ("في صيف 2019", None, "summer 2019"),
    ("in the 1990s", None, "the 1990s"),
    ("في يوليو الماضي", None, "a month relative to an unknown publication date"),
    ("في 5 أيار", None, "a day with no year written"),
    ("in mid-2019", None, "mid-2019"),
    ("on 12-15 July 2019", None, "12-15 July 2019"),
]


@pytest.mark.parametrize("text,published,expected", DESCRIBE, ids=[d[2] for d in DESCRIBE])
def test_describe_date(text, published, expected):
    """describe_date renders the interval the way an editor would write it."""
    assert describe_date(_value(text, published)) == expected
