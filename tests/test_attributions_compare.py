"""Attributions on the seed articles, spans and offsets, and the comparison of two attributions."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_attributions_table import statements

from consistency.compare.attributions import compare_attributions, describe_attribution
from consistency.entities import link_roles, resolve, same_person
from consistency.extract.attributions import extract_attributions
from consistency.model import AttributionValue, Entity

SEEDS = Path(__file__).parent.parent / "seeds"


def seed(prefix: str) -> str:
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_text("utf-8")


def attributions(text: str, article: str = "a"):
    sts = statements(text, article)
    return sts, extract_attributions(sts)


def value_at(text: str, needle: str) -> AttributionValue:
    sts, found = attributions(text)
    for st, ms in zip(sts, found):
        if needle in st.text:
            assert ms, f"no attribution in {st.text[:60]!r}"
            return ms[0].value
    raise AssertionError(f"{needle!r} not in the text")


def all_values(text: str) -> list:
    return [m for ms in attributions(text)[1] for m in ms]


def is_person(v: AttributionValue, name: str) -> bool:
    return v.speaker is not None and same_person(v.speaker, resolve(name, "person"))


# ------------------------------------------------------------------ seeds
def test_seed_final_stage_is_mikheev_head_of_rosoboronexport_via_interfax():
    """seeds/001: the "final stage" quote is Mikheev's, head of Rosoboronexport, carried by Interfax."""
    v = value_at(seed("001"), "المرحلة النهائية")
    assert is_person(v, "Alexander Mikheev")
    assert v.organisation is not None and v.organisation.id == "org:rosoboronexport"
    assert [e.id for e in v.via] == ["outlet:interfax"]
    assert describe_attribution(v) == "Alexander Mikheev (head of Rosoboronexport) via Interfax"


def test_seed_demir_statements_and_continuations():
    """seeds/000: Demir's three statements and both "وأضاف" continuations are Ismail Demir (SSB) via Bloomberg."""
    text = seed("000")
    for needle, inherited in [("سوف نوقع اتفاقا", False), ("وأضاف أن المحادثات", True), ("وقال دمير", False),
                              ("روسيا اقترحت بيع", True)]:
        v = value_at(text, needle)
        assert is_person(v, "Ismail Demir"), needle
        assert v.organisation is not None and v.organisation.id == "org:ssb", needle
        assert [e.id for e in v.via] == ["outlet:bloomberg"], needle
        assert v.inherited is inherited, needle


def test_seed_s500_joint_production_is_erdogan():
    """seeds/002: the S-500 joint-production discussion is attributed to Erdogan."""
    v = value_at(seed("002"), "الإنتاج المشترك")
    assert is_person(v, "Erdogan") and not v.inherited


def test_seed_unnamed_sources_are_unnamed():
    """seeds/000 and 002: unnamed officials stay unnamed, with their country or body."""
    v = value_at(seed("000"), "مسؤول كبير بوكالة التعاون")
    assert v.unnamed and v.speaker.id == "unnamed:org:fsvts" and [e.id for e in v.via] == ["outlet:interfax"]
    v = value_at(seed("002"), "لم تذكر أسمائهم")
    assert v.unnamed and v.speaker.id == "unnamed:country:turkey" and [e.id for e in v.via] == ["outlet:defense-news"]


# ------------------------------------------------------------------ spans
def test_spans_point_into_the_article():
    """Mention text is the article slice; content spans fall inside the statement, after the cue."""
    text = seed("001")
    sts, found = attributions(text)
    n = 0
    for st, ms in zip(sts, found):
        for m in ms:
            n += 1
            assert m.text == text[m.start:m.end] == st.text[m.start - st.start:m.end - st.start]
            v = m.value
            if v.content_start is not None:
                assert st.start <= v.content_start < v.content_end <= st.end
                assert not (m.start < v.content_start < m.end)
    assert n >= 8


def test_quote_content_excludes_the_marks():
    """A direct quote's content is the words inside “ ” without the marks."""
    text = "وقال دمير: “سوف نوقع اتفاقا قريبا مع الجانب الروسي”."
    v = value_at(text, "دمير")
    assert text[v.content_start:v.content_end] == "سوف نوقع اتفاقا قريبا مع الجانب الروسي"


def test_mention_covers_cue_speaker_and_outlet():
    """The mention spans the cue, the outlet and the speaker phrase, not the reported words."""
    text = "ونقلت وكالة إنترفاكس عن مسؤول روسي قوله إن العقد جاهز."
    (m,), = [ms for ms in attributions(text)[1] if ms]
    assert m.text == "ونقلت وكالة إنترفاكس عن مسؤول روسي"


def test_statement_without_cue_has_no_attribution():
    """Sentences with no attribution cue give an empty tuple, one per statement."""
    text = "ارتفعت أسعار النفط.\nThe weather was fine."
    sts, found = attributions(text)
    assert found == [(), ()]


def test_extraction_is_deterministic():
    """The same article gives identical attributions on every run."""
    text = seed("004")
    assert attributions(text)[1] == attributions(text)[1]


def test_passive_report_inherits_nobody():
    """"It was reported that ..." does not hand the words to the last speaker."""
    text = "Demir said the deal was close.\nIt was reported that the deal had been signed."
    assert attributions(text)[1][-1] == ()


def test_bad_cue_file_names_the_entry():
    """A malformed cue file fails with a message naming the entry and what was expected."""
    from consistency.extract.attributions_lexicon import _validate_cues

    bad = {"cues": {"en": [{"cue": "said", "kind": "shouted", "forms": ["said"]}]}}
    with pytest.raises(ValueError, match=r"cues\.en\[0\]: kind must be one of"):
        _validate_cues(bad)


def test_continuation_does_not_reach_far_back():
    """A bare "وأضاف" many sentences after the last speaker inherits nobody."""
    text = "وقال دمير إن الصفقة قريبة.\n" + "ارتفعت الأسعار.\n" * 5 + "وأضاف أن العمل مستمر."
    sts, found = attributions(text)
    assert found[-1] == ()


# ------------------------------------------------------------------ comparison
FAKE_TASS = ("نقلت وكالة تاس الروسية للأنباء عن رئيس شركة روسوبورون إكسبورت قوله إن روسيا وتركيا تقتربان من توقيع عقد جديد.\n"
             "وقال المدير العام للشركة ألكسندر ميخيف إن المشاورات مستمرة وإنها في المرحلة النهائية.")
FAKE_SHUGAEV = ("وقال مدير الوكالة الفيدرالية للتعاون العسكري والفني ديمتري شوغاييف لوكالة إنترفاكس "
                "إن المشاورات بشأن إس 400 في المرحلة النهائية.")
FAKE_EN = "Alexander Mikheev, the head of Rosoboronexport, told Interfax that consultations were in the final stage."
FAKE_ROLE_TASS = "Rosoboronexport's director general told TASS that the S-400 talks were in the final stage."


@pytest.mark.parametrize(
    "other,needle,outcome,minor",
    [
        (FAKE_SHUGAEV, "المرحلة النهائية", "conflict", False),
        (FAKE_TASS, "المرحلة النهائية", "agree", False),
        (FAKE_EN, "final stage", "agree", False),
        (FAKE_ROLE_TASS, "final stage", "agree", False),
    ],
    ids=["other-speaker", "other-agency", "english-same", "role-other-agency"],
)
def test_made_up_articles_against_the_seed(other, needle, outcome, minor):
    """Mikheev's "final stage" given to Shugaev conflicts; carried by TASS instead of Interfax still agrees (FORMAT.md)."""
    seed_text = seed("001")
    a = value_at(seed_text, "المرحلة النهائية")
    b = value_at(other, needle)
    links = link_roles(all_values(seed_text) + all_values(other))
    c = compare_attributions(a, b, links=links)
    assert (c.outcome, c.minor) == (outcome, minor), c.reason
    assert c.reason


def _v(speaker: Entity | None, *, org: Entity | None = None, role: str | None = None, via=(), unnamed=False):
    return AttributionValue(cue="said", speaker=speaker, role=role, organisation=org,
                            via=tuple(resolve(o, "outlet") for o in via), unnamed=unnamed)


TURKEY = resolve("تركيا", "country")
RUSSIA = resolve("Russia", "country")
SSB = resolve("SSB", "organisation")
FSVTS = resolve("FSVTS", "organisation")
ROE = resolve("Rosoboronexport", "organisation")


@pytest.mark.parametrize(
    "a,b,outcome,reason_part",
    [
        (_v(resolve("مخييف", "person")), _v(resolve("Mikheev", "person")), "agree", "same speaker"),
        (_v(resolve("Peskov", "person")), _v(resolve("Lavrov", "person")), "conflict", "different speakers"),
        (_v(Entity("unnamed:country:turkey", "مسؤول تركي", "unnamed"), org=TURKEY, unnamed=True),
         _v(resolve("Ismail Demir", "person"), org=SSB, role="head of SSB"), "agree", "weak"),
        (_v(Entity("unnamed:country:russia", "a Russian official", "unnamed"), org=RUSSIA, unnamed=True),
         _v(resolve("Ismail Demir", "person"), org=SSB, role="head of SSB"), "conflict", "different sources"),
        (_v(Entity("unnamed:org:fsvts", "مسؤول كبير بوكالة التعاون العسكري", "unnamed"), org=FSVTS, unnamed=True),
         _v(Entity("role:head@org:rosoboronexport", "head of Rosoboronexport", "role"), org=ROE,
            role="head of Rosoboronexport"), "conflict", "different sources"),
        (_v(Entity("unnamed:country:russia", "a Russian official", "unnamed"), org=RUSSIA, unnamed=True),
         _v(Entity("unnamed:org:fsvts", "an FSVTS official", "unnamed"), org=FSVTS, unnamed=True), "agree", "weak"),
        (_v(resolve("Kremlin", "organisation")), _v(resolve("White House", "organisation")), "conflict",
         "different sources"),
        # an outlet reporting on its own authority is the source (FORMAT.md, and the dev truth files' practice)
        (_v(None, via=["Reuters"]), _v(resolve("Erdogan", "person")), "conflict", "different sources"),
        (_v(None, via=["بلومبرغ"]), _v(None, via=["Bloomberg"]), "agree", "same source"),
        (_v(None, via=["Reuters"]), _v(None, via=["AFP"]), "conflict", "different sources"),
        # ... but an outlet that carried the other side's named source may be relaying it
        (_v(None, via=["Reuters"]), _v(resolve("Erdogan", "person"), via=["Reuters"]), "incomparable", "relaying"),
    ],
    ids=["spelling", "two-people", "unnamed-same-country", "unnamed-other-country", "unnamed-other-body",
         "unnamed-country-vs-body", "two-bodies", "outlet-only",
         "outlet-only-both", "two-outlets-alone", "outlet-alone-vs-its-relay"],
)
def test_compare_table(a, b, outcome, reason_part):
    """Speakers compared as entities: spelling variants agree, unnamed sources agree only weakly."""
    c = compare_attributions(a, b)
    assert c.outcome == outcome and reason_part in c.reason, c
    assert compare_attributions(b, a).outcome == outcome


def test_role_and_name_linked_only_through_the_corpus():
    """A title and a name (neither in the data) agree once some article names the holder, not before."""
    rostec = resolve("Rostec", "organisation")
    role_only = _v(Entity("role:head@org:rostec", "رئيس روستيخ", "role"), org=rostec, role="رئيس روستيخ")
    named = _v(resolve("سيرغي تشيميزوف", "person"))
    assert compare_attributions(role_only, named).outcome == "incomparable"
    linking = _v(resolve("Sergei Chemezov", "person"), org=rostec, role="head of Rostec")
    c = compare_attributions(role_only, named, links=link_roles([linking]))
    assert c.outcome == "agree" and ("Chemezov" in c.reason or "تشيميزوف" in c.reason)


def test_outlet_chain_compares_the_agency_nearest_the_speaker():
    """Reuters citing Interfax and Interfax alone heard the same words: no outlet finding."""
    m = resolve("Mikheev", "person")
    a = _v(m, via=["Reuters", "Interfax"])
    b = _v(m, via=["إنترفاكس"])
    assert compare_attributions(a, b).outcome == "agree"
    c = compare_attributions(a, _v(m, via=["TASS"]))
    # FORMAT.md: the relaying agency alone is not a conflict; the reason still names both
    assert c.outcome == "agree" and not c.minor and "Interfax" in c.reason and "TASS" in c.reason


def test_describe_attribution():
    """Messages name the speaker, title and outlet chain in plain words."""
    v = value_at("Reuters reported, citing Interfax, that the contract was ready.", "Reuters")
    assert describe_attribution(v) == "reported by Reuters, citing Interfax"
    v = value_at("وقال مسؤولون أتراك إن الاجتماع إيجابي.", "مسؤولون")
    assert describe_attribution(v) == "an unnamed source (Turkey)"


YILMAZ = resolve("Hakan Yilmaz", "person")  # a name no data file knows


@pytest.mark.parametrize(
    "person,body,outcome",
    [
        (_v(YILMAZ), _v(ROE), "incomparable"),  # whose body he speaks for is unknown
        (_v(YILMAZ, org=SSB, role="head of SSB"), _v(ROE), "conflict"),  # his body is known, and another
        (_v(YILMAZ, org=SSB, role="head of SSB"), _v(SSB), "agree"),  # a head speaks for his body
        (_v(YILMAZ, org=TURKEY), _v(SSB), "incomparable"),  # a Turk and a Turkish body: maybe his
        (_v(YILMAZ, org=RUSSIA), _v(SSB), "conflict"),  # a Russian cannot speak for a Turkish body
        (_v(YILMAZ, org=TURKEY, role="Turkish health minister"), _v(SSB), "conflict"),  # his ministry, not SSB
        (_v(Entity("role:spokesperson", "a spokeswoman", "role"), role="spokeswoman"), _v(FSVTS), "incomparable"),
    ],
    ids=["unknown-body", "other-body", "own-body", "same-country", "other-country", "minister", "bare-title"],
)
def test_person_against_a_body(person, body, outcome):
    """FORMAT.md: a person and a body are compatible iff the person speaks for that body; when nothing
    says which body the person speaks for, the pair cannot be told (no conflict on a guess)."""
    c = compare_attributions(person, body)
    assert c.outcome == outcome, c.reason
    assert compare_attributions(body, person).outcome == outcome
