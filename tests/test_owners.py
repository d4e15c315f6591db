"""Whose a quantity is and what it measures (consistency/match/owners.py, data/measures.yaml).

tests/fixtures/owners.yaml: sentences written for the table in five languages, unlike the corpora,
each with the owner (a label: one label, one owner, whatever the script) and the measure class a
reader would give its value. The first 31 were written before owners.py existed (the unchanged code
has neither field). First run of the reader: owners read 18/24 (a statement's first word was never a
name, so "Nokia's", "Portekiz'in", "Kenya'da" were lost), measures 22/26 ("a 30% stake" after its
amount, "chiffre d'affaires" split at its apostrophe, "borcu" for "borç", an Arabic clause an
attribution had taken), owner pairs 55 right and none wrong of those both read. Twelve rows came with
two later rules (an Arabic name only after a place noun or a measured noun; rate_of). Now: owners
27/30 (a bare sentence-initial name, and "في تشيلي" / "في كينيا", lost to the Arabic rule that keeps
"في بيان" out), measures 33/33, owner pairs all right but Portekiz / Portugal. The misses stay rows,
as strict expected failures.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
import yaml

from consistency.match.owners import validate_measures
from test_match_frames import frame_for

ROWS = yaml.safe_load((Path(__file__).parent / "fixtures" / "owners.yaml").read_text(encoding="utf-8"))
OWNED = [r for r in ROWS if "owner" in r]


def _missed(*rows, key="miss_same"):
    """A known miss as a strict expected failure: it must keep failing until the reader reads it."""
    why = [r[key] for r in rows if key in r]
    return [pytest.mark.xfail(strict=True, reason=why[0])] if why else []


@pytest.mark.parametrize("row", [pytest.param(r, marks=_missed(r, key="miss_read")) for r in OWNED],
                         ids=[f"{r['lang']}-{n}" for n, r in enumerate(OWNED, 1)])
def test_an_owner_is_read_where_the_clause_names_one(row):
    frame = frame_for(row)
    assert bool(frame.owner) == (row["owner"] is not None), f"{frame.owner} ({row['text']})"


# rows whose owner is a known miss (miss_read, an expected failure above) make no pairs: every pair asserts
PAIRS = [(a, b) for a, b in itertools.combinations([r for r in OWNED if r["owner"] and "miss_read" not in r], 2)]


@pytest.mark.parametrize("a, b", [pytest.param(a, b, marks=_missed(a, b) if a["owner"] == b["owner"] else [])
                                  for a, b in PAIRS], ids=[f"{a['owner']}-{a['lang']}~{b['owner']}-{b['lang']}" for a, b in PAIRS])
def test_one_owner_in_two_scripts_is_one_and_two_owners_are_two(a, b):
    fa, fb = frame_for(a), frame_for(b)
    assert fa.owner and fb.owner, (a["text"], b["text"])
    # one owner: their keys meet (as link.py's owner_clash asks, FrameSets.intersects)
    assert bool(fa.owner & fb.owner) == (a["owner"] == b["owner"]), (fa.owner, fb.owner)


MEASURED = [r for r in ROWS if "measure" in r]


@pytest.mark.parametrize("row", MEASURED, ids=[f"{r['lang']}-{n}" for n, r in enumerate(MEASURED, 1)])
def test_what_an_amount_measures(row):
    assert frame_for(row).measure == row["measure"], row["text"]


def test_a_count_has_no_measure():
    """Counts name what they count by counted_nouns.py: the measure is for money and percents."""
    frame = frame_for({"lang": "en", "text": "The bank had 40 branches and deposits everywhere.", "value": "40"})
    assert frame.measure is None


def _file(measures=None, owners=None, linkers=None):
    return {"measures": measures if measures is not None else {"debt": {"en": ["debt"]}},
            "owners": owners if owners is not None else {"en": {"cues": ["of"], "generic": ["city"]}},
            "linkers": linkers if linkers is not None else {"en": ["in"]},
            "rate_of": {"rate": "debt", "of": ["debt"], "is": "debt"}}


@pytest.mark.parametrize("bad", [{}, _file(measures={"debt": {"en": "debt"}}), _file(measures={"debt": {"de": ["Schulden"]}}),
                                 _file(measures={"a": {"en": ["debt"]}, "b": {"en": ["Debt"]}}),
                                 _file(owners={"en": {"cues": [1]}}), _file(owners={"en": {"cue": ["of"]}}),
                                 _file(linkers={"en": "in"}), {**_file(), "extra": {}},
                                 {**_file(), "rate_of": {"rate": "rate", "of": ["debt"], "is": "debt"}}])
def test_measures_are_validated(bad):
    validate_measures(_file())
    with pytest.raises(ValueError):
        validate_measures(bad)
