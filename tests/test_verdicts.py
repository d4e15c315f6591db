"""Verdicts from claims: agree, conflict (every pair), single-source, unresolved, update; stable ids."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from consistency.align import align
from consistency.model import AttributionValue, Cluster, Comparison, Entity
from consistency.rules import load_rules
from consistency.verdicts import judge, judge_all, lower

from test_align import DEC_2017, MID_JULY_2019, SIGNED_AND_DELIVERED, Y2019, dv, make_corpus, qv

RULES = {r.id: r for r in load_rules(Path(__file__).parent.parent / "rules")}
FIRST = RULES["s400.first-delivery"]

DELIVERED_2019 = "وتنفيذ المشاريع المشتركة، وفي المقام الأول توريد الفوج الأول من \"إس 400\" إلى أنقرة في عام 2019، يظهر تصميم البلدين"
AUGUST_2020 = "وصلت الدفعة الأولى من منظومة إس-400 الروسية إلى تركيا في آب/ أغسطس 2020."
AUG_2020 = dv("2020-08-01", "2020-08-31", "month")
MURTED = "The first components of the S-400 system arrived at Murted air base near Ankara on 12 July 2019."


def seedlike(*extra):
    return make_corpus([
        ("001", [(DELIVERED_2019, [("عام 2019", Y2019)])]),
        ("003", [(SIGNED_AND_DELIVERED, [("كانون الأول/ ديسمبر عام 2017", DEC_2017), ("منتصف تموز/ يوليو 2019", MID_JULY_2019)])]),
        *extra,
    ])


def verdict_of(corpus, rule=FIRST):
    (finding,) = judge_all([rule], align([rule], corpus), corpus)
    return finding


def test_year_and_mid_july_agree():
    """'2019' and 'mid-July 2019' from two articles agree."""
    f = verdict_of(seedlike())
    assert (f.verdict, f.level, f.conflicts) == ("agree", "suggestion", ())
    assert [c.article_id for c in f.claims] == ["001", "003"]


def test_august_2020_conflicts_with_every_incompatible_claim():
    """A third article saying August 2020 conflicts with both, each pair listed and named."""
    f = verdict_of(seedlike(("new", [(AUGUST_2020, [("آب/ أغسطس 2020", AUG_2020)])])))
    assert (f.verdict, f.level) == ("conflict", "error")
    ids = [c.article_id for c in f.claims]
    assert sorted((ids[i], ids[j]) for i, j in f.conflicts) == [("001", "new"), ("003", "new")]
    assert "new.txt" in f.message and "001.txt" in f.message and len(f.reasons) == 2


def test_english_day_keeps_agreement():
    """An English '12 July 2019' adds a claim and keeps the fact agreed."""
    f = verdict_of(seedlike(("en", [(MURTED, [("12 July 2019", dv("2019-07-12", "2019-07-12", "day"))])])))
    assert f.verdict == "agree" and len(f.claims) == 3


def test_single_source_and_unresolved():
    """One article is single-source; only an unreadable relative date is unresolved, with why."""
    one = make_corpus([("001", [(DELIVERED_2019, [("عام 2019", Y2019)])])])
    assert verdict_of(one).verdict == "single-source"
    rel = replace(Y2019, start=None, end=None, relative=True, unresolved="relative date and no publication date")
    unread = make_corpus([("001", [(DELIVERED_2019, [("عام 2019", rel)])]), ("002", [(DELIVERED_2019, [("عام 2019", rel)])])])
    f = verdict_of(unread)
    assert f.verdict == "unresolved" and "no publication date" in f.reasons[0]


def test_update_when_a_later_article_states_more():
    """With changes_over_time, a later article's larger value is an update, a smaller one a conflict."""
    rule = replace(RULES["s400.rosoboronexport-2021-contracts"],
                   compare=replace(RULES["s400.rosoboronexport-2021-contracts"].compare, changes_over_time=True))
    text = "Rosoboronexport signed arms export contracts worth {} in 2021."
    corpus = make_corpus([("a", [(text.format("$8.6 billion"), [("$8.6 billion", qv(8.6e9))])]),
                          ("b", [(text.format("$9.4 billion"), [("$9.4 billion", qv(9.4e9))])])])
    dated = replace(corpus, articles=(replace(corpus.articles[0], published=date(2021, 9, 1)),
                                      replace(corpus.articles[1], published=date(2021, 12, 1))))
    f = verdict_of(dated, rule)
    assert (f.verdict, f.level) == ("update", "warning")
    reversed_ = replace(corpus, articles=(replace(corpus.articles[0], published=date(2021, 12, 1)),
                                          replace(corpus.articles[1], published=date(2021, 9, 1))))
    assert verdict_of(reversed_, rule).verdict == "conflict"


def test_minor_attribution_difference_lowers_the_level(monkeypatch):
    """A conflict whose pairs are all minor (same speaker, another agency) is one level lower."""
    import consistency.verdicts as v

    monkeypatch.setattr(v, "compare", lambda a, b, **k: Comparison("conflict", "via TASS vs Interfax", minor=True))
    rule = RULES["s400.final-stage-attribution"]
    s = "وقال ميخيف إن المشاورات بشأن إس 400 في المرحلة النهائية."
    who = AttributionValue("قال", Entity("person:mikheev", "ميخيف", "person"))
    corpus = make_corpus([("a", [(s, [("وقال ميخيف", who)])]),
                          ("b", [(s, [("وقال ميخيف", replace(who, cue="said"))])])])
    f = judge(rule, [c for cs in align([rule], corpus).values() for c in cs], corpus)
    assert (f.verdict, f.level) == ("conflict", "warning")
    assert lower("suggestion") == "suggestion"


def test_ids_are_stable_and_follow_the_evidence():
    """The same evidence gives the same id; other evidence another id; offsets do not matter."""
    a = verdict_of(seedlike())
    assert verdict_of(seedlike()).id == a.id
    b = verdict_of(seedlike(("new", [(AUGUST_2020, [("آب/ أغسطس 2020", AUG_2020)])])))
    assert b.id != a.id and len(a.id) == 16
    moved = make_corpus([
        ("003", [("عنوان.", []), (SIGNED_AND_DELIVERED, [("كانون الأول/ ديسمبر عام 2017", DEC_2017), ("منتصف تموز/ يوليو 2019", MID_JULY_2019)])]),
        ("001", [(DELIVERED_2019, [("عام 2019", Y2019)])]),
    ])
    assert verdict_of(moved).id == a.id
