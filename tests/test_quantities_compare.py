"""Quantity comparison and description: the table in fixtures/quantities/comparison.yaml."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from consistency.compare.quantities import compare_quantities, describe_quantity
from consistency.extract.quantities import extract_ordinals, extract_quantities
from consistency.model import QuantityValue

TABLE = yaml.safe_load((Path(__file__).parent / "fixtures" / "quantities" / "comparison.yaml").read_text("utf-8"))


def one(text: str) -> QuantityValue:
    got = extract_quantities(text) + extract_ordinals(text)  # ordinals are read apart (issue 21)
    assert len(got) == 1, f"{text!r} gave {got}"
    return got[0].value


@pytest.mark.parametrize("row", TABLE, ids=lambda r: f"{r['a']} ~ {r['b']}")
def test_comparison_table(row):
    """Each pair compares to its outcome, the same both ways round."""
    a, b, tol = one(row["a"]), one(row["b"]), row.get("tolerance", 0.0)
    ab, ba = compare_quantities(a, b, tolerance=tol), compare_quantities(b, a, tolerance=tol)
    assert ab.outcome == row["outcome"], ab.reason
    assert ba.outcome == ab.outcome
    assert ab.reason


def test_reason_names_both_values():
    """The reason says both amounts in words and why they differ."""
    r = compare_quantities(one("8.6 مليار دولار"), one("9.4 مليار دولار"))
    assert r.reason == "8.6 billion USD vs 9.4 billion USD: no overlap"
    r = compare_quantities(one("8.6 مليار دولار"), one("2.5 billion euros"))
    assert r.reason == "8.6 billion USD vs 2.5 billion EUR: different currencies"
    r = compare_quantities(one("18 شهراً"), one("18 countries"))
    assert "different kinds" in r.reason


@pytest.mark.parametrize("text, words", [
    ("8.6 مليار دولار", "8.6 billion USD"),
    ("و3 آخرين", "3 people"),
    ("about €2.5 billion", "about 2.5 billion EUR"),
    ("ما بين 2 و2.5 مليار دولار", "between 2 and 2.5 billion USD"),
    ("أكثر من 60 دولة", "more than 60 countries"),
    ("دولة واحدة", "1 country"),
    ("وسجل الطلبات حتى الآن هو 52.1 مليار دولار", "52.1 billion USD so far"),
    ("12.5%", "12.5%"),
    ("الدفعة الثانية", "2nd batch"),
    ("1,200 جندي", "1200 soldiers"),
    ("15000 جندي", "15,000 soldiers"),
])
def test_describe_quantity(text, words):
    """Values read back in plain English for messages."""
    assert describe_quantity(one(text)) == words


def test_unitless_values_compare_only_with_unitless():
    """Bare numbers compare with bare numbers; never with a counted noun."""
    bare = QuantityValue(5, 5, "other", None, 0.5)
    assert compare_quantities(bare, QuantityValue(6, 6, "other", None, 0.5)).outcome == "conflict"
    assert compare_quantities(bare, one("5 systems")).outcome == "incomparable"


def test_counts_of_people_compare_across_nouns():
    """Deaths and injured are counts of people (counts_as in quantities.yaml); deaths and injured stay apart."""
    assert compare_quantities(one("113 people"), one("137 قتيلا")).outcome == "conflict"
    assert compare_quantities(one("137 people"), one("137 قتيلا")).outcome == "agree"
    assert compare_quantities(one("137 قتيلا"), one("137 جريحا")).outcome == "incomparable"


def test_counts_as_must_name_a_unit(monkeypatch):
    """A counts_as that names no unit is a data error, said on load."""
    import consistency.compare.quantities as q
    import consistency.datafiles as datafiles
    from consistency.datafiles import DataError

    real = datafiles.load_merged

    def broken(name, validate=None):
        data = real(name, validate)
        units = [dict(u) for u in data["units"]]
        units[0]["counts_as"] = "no-such-unit"
        return dict(data, units=units)

    monkeypatch.setattr(datafiles, "load_merged", broken)
    q.counts_as.cache_clear()
    try:
        with pytest.raises(DataError, match="no-such-unit"):
            q.counts_as()
    finally:
        q.counts_as.cache_clear()
