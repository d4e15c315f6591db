"""Quantity reading when the noun or unit is not right after the number (fixtures/quantities/reading.yaml).

Ordinals of a unit ("in the 57th minute", "في الدقيقة 71"), money per share, rates with the
period apart, "330m long", compound adjectives, fractions of a group, partitives; in
ar/en/fr/ru/tr, all rows written before the code ran on them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from test_quantities import _row_id, matches

TABLE = yaml.safe_load((Path(__file__).parent / "fixtures" / "quantities" / "reading.yaml").read_text("utf-8"))


@pytest.mark.parametrize("row", [r for r in TABLE if not r.get("known_gap")], ids=_row_id)
def test_reading_table(row):
    ok, why = matches(row)
    assert ok, why


@pytest.mark.parametrize("row", [r for r in TABLE if r.get("known_gap")], ids=_row_id)
def test_reading_known_gaps_still_fail(row):
    assert not matches(row)[0], "fixed: remove known_gap from this row"


def test_reading_table_covers_five_languages():
    assert len(TABLE) >= 30
    assert {r["lang"] for r in TABLE} == {"ar", "en", "fr", "ru", "tr"}
