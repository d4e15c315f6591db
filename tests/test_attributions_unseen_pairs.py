"""Attributions read from two sentences and compared, table by table (tests/fixtures/attributions/):

- unseen_pairs.yaml: one speaker across scripts and forms ("Peskov" = "بيسكوف" =
  "Песков"); a minister and his ministry agree; two different people conflict;
- body_pairs.yaml: one body named in two languages, members of bodies, outlets
  as sources or channels.

Run as a script for the scores: python tests/test_attributions_unseen_pairs.py
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from consistency.compare.attributions import compare_attributions
from consistency.extract.attributions import extract_attributions
from consistency.model import Statement

TABLES = ("unseen_pairs", "body_pairs")
PAIRS = [(table, pair) for table in TABLES
         for pair in yaml.safe_load((Path(__file__).parent / "fixtures" / "attributions" / f"{table}.yaml")
                                    .read_text("utf-8"))["pairs"]]


def _value(text: str):
    found = extract_attributions([Statement("a", 0, text, 0, len(text))])[0]
    return found[0].value if found else None


def outcome(pair: dict) -> str:
    a, b = _value(pair["a"][1]), _value(pair["b"][1])
    if a is None or b is None:
        return "unread"
    return compare_attributions(a, b).outcome


@pytest.mark.parametrize("table, pair", PAIRS,
                         ids=[f"{t}-{p['a'][0]}-{p['b'][0]}-{p['a'][1][:24]}" for t, p in PAIRS])
def test_pair(table, pair):
    """The two readings agree or conflict as FORMAT.md says (known gaps must still differ)."""
    got = outcome(pair)
    if pair.get("known_gap"):
        assert got != pair["expect"], f"known gap now passes, update the table: {pair['known_gap']}"
    else:
        assert got == pair["expect"]


if __name__ == "__main__":
    for table in TABLES:
        rows = [p for t, p in PAIRS if t == table]
        ok = 0
        for p in rows:
            got = outcome(p)
            ok += got == p["expect"]
            if got != p["expect"]:
                print(f"want {p['expect']}, got {got}: {p['a'][1][:60]} | {p['b'][1][:60]}")
        print(f"{table}: {ok}/{len(rows)}")
