"""Quantity extraction: the table in fixtures/quantities/extraction.yaml, spans, data files."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
import yaml

from consistency.datafiles import DataError, load
from consistency.extract.quantities import extract_ordinals, extract_quantities
from consistency.extract.quantities_lexicon import validate_numbers, validate_quantities

TABLE = yaml.safe_load((Path(__file__).parent / "fixtures" / "quantities" / "extraction.yaml").read_text("utf-8"))


def _row_id(row: dict) -> str:
    return f"{row['lang']}:{row['text'][:40]}"


def matches(row: dict) -> tuple[bool, str]:
    """Does extraction on the row's text give exactly the expected quantities?"""
    # ordinals are roles, read apart from quantities (issue 21, class 8)
    got = sorted(extract_quantities(row["text"]) + extract_ordinals(row["text"]), key=lambda m: m.start)
    want = row["expect"]
    if len(got) != len(want):
        return False, f"expected {len(want)} quantities, got {[(m.text, m.value) for m in got]}"
    for m, w in zip(got, want):
        lo, hi = (w["value"], w["value"]) if "value" in w else (w["low"], w["high"])
        v = m.value
        checks = {
            "low": math.isclose(v.low, float(lo), rel_tol=1e-9),
            "high": math.isclose(v.high, float(hi), rel_tol=1e-9),
            "unit": v.unit == w["unit"],
            "kind": v.kind == w["kind"],
            "qualifier": v.qualifier == w.get("qualifier"),
            "changes": v.changes == w.get("changes", False),
            "text": "text" not in w or m.text == w["text"],
        }
        bad = [k for k, ok in checks.items() if not ok]
        if bad:
            return False, f"{m.text!r}: {bad} wrong in {v}"
    return True, ""


@pytest.mark.parametrize("row", [r for r in TABLE if not r.get("known_gap")], ids=_row_id)
def test_extraction_table(row):
    """Each phrasing yields exactly its expected values, units, kinds and qualifiers."""
    ok, why = matches(row)
    assert ok, why


@pytest.mark.parametrize("row", [r for r in TABLE if r.get("known_gap")], ids=_row_id)
def test_known_gaps_still_fail(row):
    """A row marked as a known gap is still wrong: when fixed, drop its known_gap mark."""
    assert not matches(row)[0], "fixed: remove known_gap from this row"


def test_table_size_and_languages():
    """The table holds at least 50 rows, with Arabic and English (and, since issue 20 round 3, French,
    Russian and Turkish rows) and traps."""
    assert len(TABLE) >= 50
    assert {"ar", "en"} <= {r["lang"] for r in TABLE} <= {"ar", "en", "fr", "ru", "tr"}
    assert sum(1 for r in TABLE if not r["expect"]) >= 10


@pytest.mark.parametrize("row", TABLE, ids=_row_id)
def test_spans_point_into_the_text(row):
    """mention.text is the slice of the statement its offsets name, shifted by offset."""
    offset = 1000
    for m in extract_quantities(row["text"], offset=offset):
        assert row["text"][m.start - offset:m.end - offset] == m.text
        assert m.text == m.text.strip()


def test_diacritics_keep_offsets():
    """Tanween and tatweel are skipped for matching but kept in the span."""
    text = "مُنْذُ ثَمانيةَ عَشَرَ شَهْراً وبـ٣ ملـيارات دولارٍ"
    got = extract_quantities(text)
    assert [(m.text, m.value.low, m.value.unit) for m in got] == [
        ("ثَمانيةَ عَشَرَ شَهْراً", 18.0, "month"),
        ("٣ ملـيارات دولارٍ", 3e9, "USD"),
    ]


def test_precision_follows_writing():
    """2.5 billion is +/- 0.05 billion; 3 thousand +/- 500; about is a fixed band of 10% (issue 21)."""
    prec = {t: extract_quantities(t)[0].value.precision for t in
            ("2.5 billion dollars", "3 thousand people", "3000 people", "about 2.5 billion dollars", "8.60 مليار دولار")}
    assert prec["2.5 billion dollars"] == pytest.approx(0.05e9)
    assert prec["3 thousand people"] == pytest.approx(500)
    assert prec["3000 people"] == pytest.approx(0.5)
    assert prec["about 2.5 billion dollars"] == pytest.approx(0.25e9)
    assert prec["8.60 مليار دولار"] == pytest.approx(0.005e9)


def test_noun_as_written():
    """The counted noun or currency is kept as the text writes it."""
    got = extract_quantities("أرسلت 3 بطاريات و18 شهراً و61 countries")
    assert [m.noun for m in got] == ["بطاريات", "شهراً", "countries"]


def test_running_marker_stays_in_its_clause():
    """"so far" marks the figure of its own clause, not its neighbours."""
    got = extract_quantities("هذا العام التصدير سيكون إلى 61 دولة، وسجل الطلبات حتى الآن هو 52.1 مليار دولار، وقمنا بتصدير 5.2 مليار دولار")
    assert [m.value.changes for m in got] == [False, True, False]
    got = extract_quantities("So far, 300 people have been evacuated and 20 buses left.")
    assert [m.value.changes for m in got] == [True, True]


def test_data_files_load_and_validate():
    """Both data files pass their validators."""
    assert load("numbers.yaml", validate_numbers)["ar"]["cardinals"]
    assert load("quantities.yaml", validate_quantities)["currencies"]


@pytest.mark.parametrize("bad, message", [
    ({"ar": {"cardinals": {3: "ثلاثة"}}, "en": {}}, "ar.cardinals.3: expected a list"),
    ({"ar": {"scales": [{"value": 1000, "plurals": ["آلاف"]}]}, "en": {}}, "unknown key 'plurals'"),
    ({"ar": {"vague": [{"forms": ["عشرات"], "low": 99, "high": 20}]}, "en": {}}, "expected low <= high"),
])
def test_numbers_validation_names_the_problem(bad, message):
    """A malformed numbers.yaml is rejected with the section and what was expected."""
    with pytest.raises(ValueError, match=message):
        validate_numbers(bad)


def test_malformed_units_rejected():
    """A unit of an unknown kind is a DataError-worthy ValueError naming it."""
    good = load("quantities.yaml", validate_quantities)
    bad = dict(good, units=[{"unit": "x", "kind": "weight", "display": "xs", "en": ["x"]}])
    with pytest.raises(ValueError, match=r"units\[0\]\.kind"):
        validate_quantities(bad)
    assert issubclass(DataError, Exception)
