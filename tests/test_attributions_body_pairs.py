"""Bodies named in two languages, members of bodies and outlets as sources, read from sentences and compared
(tests/fixtures/attributions/body_pairs.yaml). Run as a script for the score:
python tests/test_attributions_body_pairs.py
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from consistency.compare.attributions import compare_attributions
from consistency.extract.attributions import extract_attributions
from consistency.model import Statement

PAIRS = yaml.safe_load((Path(__file__).parent / "fixtures" / "attributions" / "body_pairs.yaml")
                       .read_text("utf-8"))["pairs"]


def _value(text: str):
    found = extract_attributions([Statement("a", 0, text, 0, len(text))])[0]
    return found[0].value if found else None


def outcome(pair: dict) -> str:
    a, b = _value(pair["a"][1]), _value(pair["b"][1])
    if a is None or b is None:
        return "unread"
    return compare_attributions(a, b).outcome


@pytest.mark.parametrize("pair", PAIRS, ids=[f"{p['a'][0]}-{p['b'][0]}-{p['a'][1][:24]}" for p in PAIRS])
def test_pair(pair):
    """The two readings compare as FORMAT.md says (a known gap of the reader must still differ)."""
    got = outcome(pair)
    if pair.get("known_gap"):
        assert got != pair["expect"], f"known gap now passes, update the table: {pair['known_gap']}"
    else:
        assert got == pair["expect"]


if __name__ == "__main__":
    ok = 0
    for p in PAIRS:
        got = outcome(p)
        ok += got == p["expect"]
        if got != p["expect"]:
            print(f"want {p['expect']}, got {got}: {p['a'][1][:60]} | {p['b'][1][:60]}")
    print(f"{ok}/{len(PAIRS)}")


# Compared as the reader would give them (entities resolved from names), so that only the comparison
# is tested: written before the code ran on them.
def _said(speaker, *, role=None, org=None, unnamed=False):
    from consistency.model import AttributionValue
    return AttributionValue(cue="said", speaker=speaker, role=role, organisation=org, unnamed=unnamed)


def _rows():
    from consistency.entities import resolve
    from consistency.model import Entity

    org, person, country = (lambda n: resolve(n, "organisation")), (lambda n: resolve(n, "person")), \
        (lambda n: resolve(n, "country"))
    return [
        (_said(person("Laura Ortiz"), role="finance minister"), _said(org("Chilean government")), "agree"),
        (_said(person("Ana Soto"), role="President", org=country("Brazil")), _said(org("Brezilya Cumhurbaşkanlığı")),
         "agree"),
        (_said(person("Ana Soto"), role="President", org=country("Brazil")), _said(org("présidence mexicaine")),
         "conflict"),
        (_said(org("Министерство обороны Бразилии")), _said(org("وزارة الدفاع البرازيلية")), "agree"),
        (_said(org("Banque centrale du Chili")), _said(org("European Central Bank")), "conflict"),
        (_said(org("the central bank")), _said(org("Banque centrale européenne")), "agree"),
        (_said(Entity("unnamed:x", "an official", "unnamed"), org=org("Минобороны Бразилии"), unnamed=True),
         _said(org("Brazilian Defence Ministry")), "agree"),
        (_said(person("Li Wei"), role="spokesman", org=org("Brazilian Defence Ministry")),
         _said(org("le ministère brésilien de la Défense")), "agree"),
        (_said(person("Rui Costa"), role="Health Minister", org=country("Brazil")), _said(org("Brazilian government")),
         "agree"),
        (_said(person("Rui Costa"), role="Health Minister", org=country("Brazil")), _said(org("Mexican government")),
         "conflict"),
    ]


@pytest.mark.parametrize("i", range(10))
def test_compared(i):
    a, b, want = _rows()[i]
    assert compare_attributions(a, b).outcome == want
    assert compare_attributions(b, a).outcome == want


@pytest.mark.parametrize("text, other, want", [
    # unnamed sources with no body of their own: the outlet that reports them is their body
    ("According to the Washington Post, citing unnamed sources, the deal was signed.",
     "The Chilean Interior Ministry said the deal was signed.", "conflict"),
    # officials are a government's: the outlet they told is a channel, not their body
    ("Government officials told Reuters that the deal was signed.",
     "The Chilean Interior Ministry said the deal was signed.", "agree"),
    # a ministry is its own country's government's, not another's
    ("Chilean government officials said the deal was signed.",
     "The Chilean Interior Ministry said the deal was signed.", "agree"),
    ("Russian government officials told Reuters that the deal was signed.",
     "The Chilean Interior Ministry said the deal was signed.", "conflict"),
])
def test_unnamed_sources_and_outlets(text, other, want):
    assert compare_attributions(_value(text), _value(other)).outcome == want
