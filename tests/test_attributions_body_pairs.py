"""Bodies compared as the reader would give them (entities built from names), and outlets as sources read
from sentences. The sentence-pair table of bodies (fixtures/attributions/body_pairs.yaml) runs in
test_attributions_unseen_pairs.py.
"""

from __future__ import annotations

import pytest

from consistency.compare.attributions import compare_attributions
from test_attributions_unseen_pairs import _value


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
