"""Issue 21, classes 15-17: speakers as real reporting names them (tests/fixtures/classes/1[5-7]-*.yaml)."""

from __future__ import annotations

import pytest

from classes import check_attribution, rows


@pytest.mark.parametrize("row", list(rows("15-nested.yaml", "16-name-check.yaml", "17-institutions.yaml")))
def test_attribution_row(row):
    """The sentence's attribution names the expected speaker, body and outlet, and no verb or common noun as a name."""
    check_attribution(row)
