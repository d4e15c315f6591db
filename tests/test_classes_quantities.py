"""Issue 21, classes 8-14: figures as real reporting writes them (tests/fixtures/classes/0[8-9]-*, 1[0-4]-*)."""

from __future__ import annotations

import pytest

from classes import check_quantities, check_quantity_pair, rows


@pytest.mark.parametrize("row", list(rows("08-ordinals.yaml", "09-foreign-day-numbers.yaml", "10-counted-nouns.yaml",
                                             "10-dimensions.yaml")))
def test_quantity_row(row):
    """The sentence yields exactly the expected quantities (and ordinals, as roles)."""
    check_quantities(row)


@pytest.mark.parametrize("row", list(rows("11-bounds.yaml", "12-about.yaml", "13-currencies.yaml", "13-per-period.yaml",
                                             "14-composite.yaml")))
def test_quantity_pair(row):
    """Two figures compare to the expected outcome, both ways round, saying a conversion when one was made."""
    check_quantity_pair(row)
