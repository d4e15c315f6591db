"""Shared reading of the issue-21 class tables (tests/fixtures/classes/*.yaml).

Each table is a list of rows; a row with ``xfail: why`` is a known gap, run
as a strict xfail so that fixing it shows. The checks here read real
extraction and comparison on each row's text.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from consistency.compare import compare
from consistency.entities import resolve, same_entity, same_person
from consistency.extract.attributions import extract_attributions
from consistency.extract.dates import extract_dates
from consistency.extract.quantities import extract_ordinals, extract_quantities
from consistency.model import Statement
from consistency.normalize import normalize

TABLES = Path(__file__).resolve().parent / "fixtures" / "classes"


def rows(*names: str, kind: str | None = None):
    """pytest params of the rows of the named tables (of one ``kind`` when given)."""
    for name in names:
        for i, row in enumerate(yaml.safe_load((TABLES / name).read_text(encoding="utf-8"))):
            if kind and row.get("kind", kind) != kind:
                continue
            marks = [pytest.mark.xfail(strict=True, reason=row["xfail"])] if row.get("xfail") else []
            yield pytest.param(row, id=f"{name.split('.')[0]}-{i:02d}", marks=marks)


def dates_of(row: dict) -> list[list]:
    return [[m.value.start, m.value.end] for m in extract_dates(row["text"], published=row.get("published"))]


def check_dates(row: dict) -> None:
    want = [[_day(a), _day(b)] for a, b in row["dates"]]
    assert dates_of(row) == want


def _day(x):
    return x if x is None or isinstance(x, date) else date.fromisoformat(str(x))


def _q(m) -> dict:
    return {"low": m.value.low, "high": m.value.high, "unit": m.value.unit, "qualifier": m.value.qualifier}


def check_quantities(row: dict) -> None:
    got = [_q(m) for m in extract_quantities(row["text"])]
    want = row["quantities"]
    assert [(g["low"], g["high"], g["unit"]) for g in got] == [(w["low"], w["high"], w["unit"]) for w in want], got
    for g, w in zip(got, want):
        if "qualifier" in w:
            assert g["qualifier"] == w["qualifier"], got
    if "ordinals" in row:
        ords = [(m.value.low, m.value.unit) for m in extract_ordinals(row["text"])]
        assert ords == [(w["value"], w["unit"]) for w in row["ordinals"]]


def _first_quantity(text: str, published):
    got = extract_quantities(text, published=_day(published))
    assert got, f"no quantity in {text!r}"
    return got[0].value


def check_quantity_pair(row: dict) -> None:
    a, b = _first_quantity(row["a"], row.get("pa")), _first_quantity(row["b"], row.get("pb"))
    for x, y in ((a, b), (b, a)):
        c = compare(x, y)
        assert c.outcome == row["outcome"], c.reason
        if "reason" in row:
            assert row["reason"] in c.reason


def check_date_pair(row: dict) -> None:
    a = extract_dates(row["a"], published=_day(row.get("pa")))
    b = extract_dates(row["b"], published=_day(row.get("pb")))
    assert a and b, (a, b)
    for x, y in ((a[0].value, b[0].value), (b[0].value, a[0].value)):
        c = compare(x, y)
        assert c.outcome == row["outcome"], c.reason


def attributions_of(text: str):
    return list(extract_attributions([Statement("a", 0, text, 0, len(text))])[0])


def _named(entity, want: str, kind: str) -> bool:
    if entity is None:
        return False
    if normalize(want) in normalize(entity.name) or (entity.canonical and normalize(want) in normalize(entity.canonical)):
        return True
    return same_entity(entity, resolve(want, kind))


def check_attribution(row: dict) -> None:
    got = attributions_of(row["text"])
    values = [m.value for m in got]
    shown = [m.value.to_json() for m in got]
    if "speaker" in row:
        assert any(v.speaker is not None and same_person(v.speaker, resolve(row["speaker"], "person"))
                   for v in values), shown
    if "organisation" in row:
        assert any(_named(v.speaker, row["organisation"], "organisation")
                   or _named(v.organisation, row["organisation"], "organisation") for v in values), shown
    if "role" in row:
        assert any(v.role and normalize(row["role"]) in normalize(v.role) for v in values), shown
    for outlet in row.get("via", []):
        assert any(_named(e, outlet, "outlet") for v in values for e in v.via), shown
    for word in row.get("no_speaker_words", []):
        assert not any(v.speaker is not None and normalize(word) in normalize(v.speaker.name).split()
                       for v in values), shown
