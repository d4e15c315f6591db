"""Issue 21, classes 15-17: speakers as real reporting names them (tests/fixtures/classes/1[5-7]-*.yaml)."""

from __future__ import annotations

import pytest

from classes import attributions_of, check_attribution, rows
from consistency.compare.attributions import compare_attributions


@pytest.mark.parametrize("row", list(rows("15-nested.yaml", "16-name-check.yaml", "17-institutions.yaml")))
def test_attribution_row(row):
    """The sentence's attribution names the expected speaker, body and outlet, and no verb or common noun as a name."""
    check_attribution(row)


@pytest.mark.parametrize("row", list(rows("17-institutions-compare.yaml")))
def test_attribution_pair(row):
    """Two sentences' attributions compare as FORMAT.md says (both orders)."""
    a, b = attributions_of(row["a"]), attributions_of(row["b"])
    assert a and b, (a, b)
    for x, y in ((a[0].value, b[0].value), (b[0].value, a[0].value)):
        c = compare_attributions(x, y)
        assert c.outcome == row["outcome"], (c.reason, x.to_json(), y.to_json())
