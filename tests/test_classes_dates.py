"""Issue 21, classes 1-7: dates as real reporting writes them (tests/fixtures/classes/0[1-7]-*.yaml)."""

from __future__ import annotations

import pytest

from classes import check_date_pair, check_dates, rows

DATE_TABLES = ("01-year-less-day.yaml", "02-day-month-last.yaml", "03-announced-on.yaml", "04-ranges.yaml",
               "05-anaphoric-month.yaml", "06-deadlines.yaml", "07-event-labels.yaml")


@pytest.mark.parametrize("row", list(rows(*DATE_TABLES)))
def test_date_row(row):
    """The sentence yields exactly the expected date intervals, in order."""
    check_dates(row)


@pytest.mark.parametrize("row", list(rows("06-deadlines-compare.yaml", "03-announced-on-compare.yaml")))
def test_deadline_pair(row):
    """Two announced targets compare as targets (different ones conflict); "announced on D that X had
    happened" compares as [null, D]; both ways round."""
    check_date_pair(row)
