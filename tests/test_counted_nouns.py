"""The counted-noun reader (consistency/match/counted_nouns.py) on sentences written for it.

Each row of tests/fixtures/counted_nouns.yaml is a sentence unlike any corpus
sentence; the quantity extractor reads its number, the reader the noun the
number counts, by grammar alone (most of these nouns are in no lexicon).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from consistency.datafiles import DataError
from consistency.match.counted_nouns import counted_noun, validate_counted_nouns
from consistency.extract.quantities import extract_quantities

ROWS = yaml.safe_load((Path(__file__).parent / "fixtures" / "counted_nouns.yaml").read_text(encoding="utf-8"))


def _read(row: dict) -> str | None:
    text = row["text"]
    at = text.index(str(row["number"]))
    found = [m for m in extract_quantities(text) if m.start <= at < m.end]
    assert found, f"the extractor read no quantity at {row['number']!r}"
    m = found[0]
    return counted_noun(text, m.start, m.end, row["lang"], m.noun)


@pytest.mark.parametrize("row", ROWS, ids=[f"{r['lang']}-{n}" for n, r in enumerate(ROWS, 1)])
def test_counted_noun(row, request):
    if row.get("known_miss"):
        request.applymarker(pytest.mark.xfail(reason=row["known_miss"], strict=True))
    assert _read(row) == row["noun"]


def test_a_noun_from_the_lexicon_is_kept_as_written():
    assert counted_noun("x", 0, 1, "en", noun="Batteries") == "batteries"


def test_no_grammar_for_a_language_reads_nothing():
    assert counted_noun("12 drones", 0, 2, "xx") is None


def test_a_clause_mark_ends_the_phrase():
    text = "They counted 12, drones aside."
    assert counted_noun(text, 13, 15, "en") is None


@pytest.mark.parametrize("bad", [{}, {"en": {"order": "sideways"}}, {"en": {"order": "head_last", "stop": "a"}},
                                 {"en": {"order": "head_last", "nouns": []}}])
def test_grammar_is_validated(bad):
    with pytest.raises(ValueError):
        validate_counted_nouns(bad)
