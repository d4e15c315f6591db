"""The article's memory of bodies (attributions_memory.py) and whose statement a Turkish impersonal
passive reports (attributions_issuer.py). Every sentence was written for this file (speakers5) and none
comes from bench/corpora: a generic noun stands only for a body of a known, compatible kind, an acronym
is the body it abbreviates, and with no such body the noun stays unresolved."""

from __future__ import annotations

import re

import pytest

from consistency.extract.attributions import extract_attributions
from consistency.extract.attributions_memory import BodyMemory, kinds_fit
from consistency.model import Statement


def _last(text: str):
    sts = [Statement("a", i, m.group(), m.start(), m.end()) for i, m in enumerate(re.finditer(r"[^\n]+", text))]
    found = extract_attributions(sts)[-1]
    return found[0].value if found else None


def test_a_regulator_may_be_a_department_never_a_bank():
    assert kinds_fit(frozenset({"regulator"}), frozenset({"ministry"}))
    assert not kinds_fit(frozenset({"regulator"}), frozenset({"bank"}))
    assert not kinds_fit(frozenset({"company"}), frozenset({"bank"}))


def test_an_acronym_is_the_body_it_abbreviates_and_of_its_kind():
    m = BodyMemory()
    m.read(0, "Harwick Savings Bank (HSB) closed its branches on Monday.")
    m.read(1, "HSB had lost a quarter of its deposits.")
    found = m.find("the bank", 2)
    assert found is not None and found.name == "HSB" and found.canonical == "Harwick Savings Bank"


def test_a_body_of_no_known_kind_only_when_it_is_the_one_body_in_reach():
    alone = BodyMemory()
    alone.read(0, "ORVK announced a recall of its kettles.")
    found = alone.find("the company", 1)
    assert found is not None and found.name == "ORVK"
    crowded = BodyMemory()
    crowded.read(0, "Talbot Ventures and the SVX exchange moved their cash.")
    assert crowded.find("the regulator", 1) is None


@pytest.mark.parametrize("text, body", [
    # the nearest named body is a bank; "the regulator" is the department named before it
    ("The Vermont Department of Banking closed Ashgrove Bank (AGB) on Friday.\nAGB had run out of cash.\n"
     "The regulator said deposits were insured.", "Vermont Department of Banking"),
    # "the company" skips the ministry and the bank, to the company named before them
    ("Delmont Logistics halted its trucks.\nThe Ministry of Transport and Norvik Bank opened inquiries.\n"
     "The company said the trucks would run again on Monday.", "Delmont Logistics"),
])
def test_generic_noun_reaches_the_body_of_its_kind(text, body):
    v = _last(text)
    assert v is not None and v.speaker is not None and (v.speaker.name == body or v.speaker.canonical == body)


def test_generic_noun_with_only_bodies_of_another_kind_is_left_unresolved():
    v = _last("Greyhill Capital and Pinecrest Partners pulled their money.\nThe regulator said no rules were broken.")
    assert v is None or (v.speaker is None and v.organisation is None)


@pytest.mark.parametrize("text, body", [
    # the genitive before the statement noun names its issuer
    ("Doğu Enerji Şirketi'nin açıklamasında, kesintinin iki gün süreceği belirtildi.", "Doğu Enerji Şirketi"),
    # a bare "Açıklamada" continues the statement just named, not the body named last
    ("Ova Tarım Birliği'nin açıklamasına göre, Toprak Kooperatifi üyelerine ödeme yapılacak.\n"
     "Açıklamada, ödemelerin ay sonunda yapılacağı kaydedildi.", "Ova Tarım Birliği"),
])
def test_turkish_impersonal_statement_is_its_issuers(text, body):
    v = _last(text)
    assert v is not None and v.speaker is not None and v.speaker.name == body


def test_a_place_and_a_generic_noun_is_the_body_of_that_place_named_before():
    """"the Ohio regulator": the Ohio department named before, not a new body called "Ohio regulator"."""
    v = _last("The Ohio Department of Commerce closed Ridgeview Bank on Friday.\n"
              "Ridgeview Bank had lost half its deposits.\nThe Ohio regulator said depositors would be paid.")
    assert v is not None and v.speaker is not None and v.speaker.name == "Ohio Department of Commerce"
