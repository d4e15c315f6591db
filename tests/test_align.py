"""Alignment: which statements state a rule's fact, and which mention carries it.

Mentions are made by hand here (the value is given, the span is found in the
text), so these tests check the rules and the selection logic alone; the
end-to-end tests with the real extractors live in test_rules_cases.py.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from consistency.align import align
from consistency.model import (
    Article, AttributionMention, AttributionValue, Cluster, Corpus, DateMention, DateValue,
    Entity, Mentions, QuantityMention, QuantityValue,
)
from consistency.normalize import normalize
from consistency.rules import load_rules

RULES = {r.id: r for r in load_rules(Path(__file__).parent.parent / "rules")}


def dv(start: str, end: str, granularity: str, **kw) -> DateValue:
    return DateValue(date.fromisoformat(start), date.fromisoformat(end), granularity, **kw)


def qv(value: float, kind: str = "money", unit: str | None = "USD") -> QuantityValue:
    return QuantityValue(value, value, kind, unit)


def make_corpus(articles, clusters=(), languages=None):
    """articles: [(id, [(sentence, [(substring, value), ...]), ...])]; one statement per sentence.

    ``languages`` maps article ids to language codes (default "ar")."""
    arts, statements, mentions = [], [], {}
    from consistency.model import Statement

    for aid, sentences in articles:
        text = "\n".join(s for s, _ in sentences)
        lang = (languages or {}).get(aid, "ar")
        arts.append(Article(aid, f"{aid}.txt", None, text, None, None, lang, "", ((0, len(text)),)))
        pos = 0
        for index, (sentence, values) in enumerate(sentences):
            st = Statement(aid, index, sentence, pos, pos + len(sentence), normalize(sentence))
            statements.append(st)
            found = {"date": [], "quantity": [], "attribution": []}
            for sub, value in values:
                at = sentence.index(sub) + pos
                if isinstance(value, DateValue):
                    found["date"].append(DateMention(at, at + len(sub), sub, value))
                elif isinstance(value, QuantityValue):
                    found["quantity"].append(QuantityMention(at, at + len(sub), sub, value))
                else:
                    found["attribution"].append(AttributionMention(at, at + len(sub), sub, value))
            mentions[st.key] = Mentions(tuple(found["date"]), tuple(found["quantity"]), tuple(found["attribution"]))
            pos += len(sentence) + 1
    return Corpus(tuple(arts), tuple(statements), mentions, tuple(clusters))


SIGNED_AND_DELIVERED = (
    "ووقعت روسيا وتركيا اتفاق شراء المنظومة في كانون الأول/ ديسمبر عام 2017، في العاصمة التركية أنقرة، "
    "وبدأت جهود التسليم التي تسببت في أزمة لأنقرة مع واشنطن، في منتصف تموز/ يوليو 2019."
)
DEC_2017 = dv("2017-12-01", "2017-12-31", "month")
MID_JULY_2019 = dv("2019-07-10", "2019-07-20", "part-of-month", qualifier="mid")
Y2019 = dv("2019-01-01", "2019-12-31", "year")
DEC_2020 = dv("2020-12-01", "2020-12-31", "month")
Y2017 = dv("2017-01-01", "2017-12-31", "year")

# (rule, sentence, [(substring, value)], expected substring of the chosen mention or None)
CASES = [
    ("s400.first-delivery", SIGNED_AND_DELIVERED,
     [("كانون الأول/ ديسمبر عام 2017", DEC_2017), ("منتصف تموز/ يوليو 2019", MID_JULY_2019)], "منتصف تموز/ يوليو 2019"),
    ("s400.agreement-signing", SIGNED_AND_DELIVERED,
     [("كانون الأول/ ديسمبر عام 2017", DEC_2017), ("منتصف تموز/ يوليو 2019", MID_JULY_2019)], "كانون الأول/ ديسمبر عام 2017"),
    ("s400.first-delivery",
     "وتنفيذ المشاريع المشتركة، وفي المقام الأول توريد الفوج الأول من \"إس 400\" إلى أنقرة في عام 2019، يظهر تصميم البلدين",
     [("عام 2019", Y2019)], "عام 2019"),
    ("s400.first-delivery", "تسلمت تركيا أول دفعة من منظومة إس-400 الروسية في 12 تموز/يوليو 2019 في قاعدة مرتد الجوية.",
     [("12 تموز/يوليو 2019", dv("2019-07-12", "2019-07-12", "day"))], "12 تموز/يوليو 2019"),
    ("s400.first-delivery", "The first components of the S-400 system arrived at Murted air base near Ankara on 12 July 2019.",
     [("12 July 2019", dv("2019-07-12", "2019-07-12", "day"))], "12 July 2019"),
    ("s400.first-delivery", "Deliveries of the S-400 began in July 2019, after Turkey signed the deal in 2017.",
     [("July 2019", dv("2019-07-01", "2019-07-31", "month")), ("2017", Y2017)], "July 2019"),
    # the delivery is only the backdrop of the sanctions: no delivery claim
    ("s400.first-delivery",
     "وفرضت الولايات المتحدة عقوبات على هيئة الصناعات الدفاعية التركية ورئيسها إسماعيل دمير و3 آخرين من العاملين بها "
     "في كانون الأول/ ديسمبر 2020، في أعقاب حصول تركيا على الدفعة الأولى من الصواريخ \"إس-400\".",
     [("كانون الأول/ ديسمبر 2020", DEC_2020)], None),
    ("s400.first-delivery", "The US imposed sanctions in December 2020 following Turkey's receipt of the first S-400 batch.",
     [("December 2020", DEC_2020)], None),
    # a supply agreement is not a delivery
    ("s400.first-delivery", "كان قد تم توقيع اتفاقية توريد إس400- لتركيا ديسمبر 2017 في أنقرة.", [("ديسمبر 2017", DEC_2017)], None),
    ("s400.agreement-signing", "كان قد تم توقيع اتفاقية توريد إس400- لتركيا ديسمبر 2017 في أنقرة.", [("ديسمبر 2017", DEC_2017)], "ديسمبر 2017"),
    ("s400.agreement-signing", "Turkey and Russia signed the $2.5 billion S-400 deal in December 2017; the first batch arrived in July 2019.",
     [("December 2017", DEC_2017), ("July 2019", dv("2019-07-01", "2019-07-31", "month"))], "December 2017"),
    # a new deal still being negotiated is not the 2017 signing
    ("s400.agreement-signing", "Russia and Turkey are close to signing a new S-400 contract, possibly in 2022.",
     [("2022", dv("2022-01-01", "2022-12-31", "year"))], None),
    ("s400.ssb-sanctions-date",
     "نقول لتركيا إن أي مشتريات أسلحة روسية كبيرة تهدد بفرض عقوبات، بموجب قانون كاتسا، بخلاف تلك التي فُرضت في ديسمبر عام 2020، "
     "وذلك في إشارة إلى قانون مواجهة أعداء أميركا بالعقوبات المعلن في عام 2017.",
     [("ديسمبر عام 2020", DEC_2020), ("عام 2017", Y2017)], "ديسمبر عام 2020"),
    ("s400.ssb-sanctions-date",
     "وفرضت الولايات المتحدة عقوبات على هيئة الصناعات الدفاعية التركية ورئيسها إسماعيل دمير و3 آخرين من العاملين بها "
     "في كانون الأول/ ديسمبر 2020، في أعقاب حصول تركيا على الدفعة الأولى من الصواريخ \"إس-400\".",
     [("كانون الأول/ ديسمبر 2020", DEC_2020)], "كانون الأول/ ديسمبر 2020"),
    # the purchase year is not the sanctions date
    ("s400.ssb-sanctions-date",
     "وكانت تركيا قد اشترت بطاريات الدفاع الصاروخي الروسية \"إس-400\" في عام 2019، وهو ما أدى إلى فرض عقوبات أميركية على صناعاتها الدفاعية.",
     [("عام 2019", Y2019)], None),
    ("s400.ssb-sanctions-date",
     "Washington sanctioned the SSB, its president Ismail Demir and three other officials in December 2020 under CAATSA, a law enacted in 2017.",
     [("December 2020", DEC_2020), ("2017", Y2017)], "December 2020"),
    ("s400.ssb-officials-sanctioned",
     "Washington sanctioned the SSB, its president Ismail Demir and three other officials in December 2020.",
     [("three", qv(3, "count", None))], "three"),
    ("s400.rosoboronexport-2021-contracts",
     "وأضاف ميخيف، أن روسيا وقعت في عام 2021 عقوداً لتصدير أسلحة بقيمة 8.6 مليار دولار، قائلاً، \"هذا العام التصدير سيكون إلى 61 دولة، "
     "وسجل الطلبات حتى الآن هو 52.1 مليار دولار، وقمنا بتصدير 5.2 مليار دولار\".",
     [("8.6 مليار دولار", qv(8.6e9)), ("61 دولة", qv(61, "count", "country")), ("52.1 مليار دولار", qv(52.1e9)),
      ("5.2 مليار دولار", qv(5.2e9))], "8.6 مليار دولار"),
    ("s400.rosoboronexport-2021-contracts",
     "Rosoboronexport signed arms export contracts worth $8.6 billion in 2021, while its order book stands at $52.1 billion.",
     [("$8.6 billion", qv(8.6e9)), ("$52.1 billion", qv(52.1e9))], "$8.6 billion"),
]


@pytest.mark.parametrize("rule_id,sentence,values,expected", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_selects_the_mention_that_carries_the_fact(rule_id, sentence, values, expected):
    """Each rule takes the right mention from the statement, or none when the fact is not stated."""
    corpus = make_corpus([("a", [(sentence, values)])])
    claims = align([RULES[rule_id]], corpus)[rule_id]
    assert [c.mention.text for c in claims] == ([expected] if expected else [])


def test_attribution_rule_takes_the_speaker_of_the_quote():
    """The attribution whose reported words hold "final stage" is the claim."""
    sentence = ("وقال المدير العام للشركة ألكسندر ميخيف، \"بالنسبة لمنظومة (إس 400) فإن المشاورات مستمرة، "
                "وأعتقد أنها في المرحلة النهائية\".")
    q = sentence.index("\"بالنسبة")
    mikheev = AttributionValue("قال", Entity("person:mikheev", "ألكسندر ميخيف", "person"), content_start=q, content_end=len(sentence))
    corpus = make_corpus([("a", [(sentence, [("وقال المدير العام للشركة ألكسندر ميخيف", mikheev)])])])
    claims = align([RULES["s400.final-stage-attribution"]], corpus)["s400.final-stage-attribution"]
    assert [c.value.speaker.id for c in claims] == ["person:mikheev"]


def linked(corpus, *ends, probability=0.9):
    """A matching of ``corpus`` whose only links join the named dates ((article, text) pairs, two at a time)."""
    from consistency.match import Matching, build_frames
    from consistency.match.candidates import Pairs
    from consistency.match.link import load_model

    frames = build_frames(corpus)
    dates = frames["date"]
    at = [next(i for i, f in enumerate(dates) if f.article == a and f.mention.text == t) for a, t in ends]
    a, b = np.array(at[0::2]), np.array(at[1::2])
    pairs = {k: Pairs(np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float32)) for k in frames}
    probs = {k: np.empty(0) for k in frames}
    pairs["date"] = Pairs(np.minimum(a, b), np.maximum(a, b), np.full(len(a), 0.5, dtype=np.float32))
    probs["date"] = np.full(len(a), probability)
    return Matching(frames, pairs, probs, (), load_model())


def test_linked_value_in_another_language_is_a_candidate():
    """A date linked to a pattern match's date joins the fact, with that very date as its value."""
    fr = "Les premiers éléments du système russe sont arrivés à la base de Mürted le 12 juillet 2019."
    corpus = make_corpus(
        [("a", [(SIGNED_AND_DELIVERED, [("كانون الأول/ ديسمبر عام 2017", DEC_2017), ("منتصف تموز/ يوليو 2019", MID_JULY_2019)])]),
         ("b", [(fr, [("12 juillet 2019", dv("2019-07-12", "2019-07-12", "day"))])])],
        languages={"b": "fr"},
    )
    matching = linked(corpus, ("a", "منتصف تموز/ يوليو 2019"), ("b", "12 juillet 2019"))
    claims = align([RULES["s400.first-delivery"]], corpus, matching=matching)["s400.first-delivery"]
    assert [(c.article_id, c.mention.text) for c in claims] == [("a", "منتصف تموز/ يوليو 2019"), ("b", "12 juillet 2019")]
    # a link to the other date of the matched statement (the signing) brings nothing in
    other = linked(corpus, ("a", "كانون الأول/ ديسمبر عام 2017"), ("b", "12 juillet 2019"))
    assert [c.article_id for c in align([RULES["s400.first-delivery"]], corpus, matching=other)["s400.first-delivery"]] == ["a"]
    # a weak link brings nothing in
    weak = linked(corpus, ("a", "منتصف تموز/ يوليو 2019"), ("b", "12 juillet 2019"), probability=0.01)
    assert [c.article_id for c in align([RULES["s400.first-delivery"]], corpus, matching=weak)["s400.first-delivery"]] == ["a"]
    # the same neighbour in a language the rule has patterns for is trusted to the patterns
    english = replace(corpus, articles=(corpus.articles[0], replace(corpus.articles[1], language="en")))
    assert [c.article_id for c in align([RULES["s400.first-delivery"]], english, matching=matching)["s400.first-delivery"]] == ["a"]


class _FakeEmbedder:
    """Embeds by keyword: enough to test the example path without a model."""

    default_threshold = 0.9
    model_id = "fake"

    def embed(self, texts):
        return np.array([[1.0, 0.0] if ("first" in t.lower() or "الأولى" in t) else [0.0, 1.0] for t in texts], dtype=np.float32)


def test_example_sentence_links_a_statement_no_pattern_matches():
    """A date the link model ties to a rule example's date is a candidate even when no pattern matches it."""
    from consistency.match import Matching, build_frames
    from consistency.match.link import load_model

    sentence = "Turkiye'ye ilk S-400 teslimatı 12 Temmuz 2019'da yapıldı."
    corpus = make_corpus([("a", [(sentence, [("12 Temmuz 2019", dv("2019-07-12", "2019-07-12", "day"))])])], languages={"a": "tr"})
    frames = build_frames(corpus)
    matching = Matching(frames, {}, {}, (), load_model())
    near = align([RULES["s400.first-delivery"]], corpus, vectors=np.array([[1.0, 0.0]], dtype=np.float32),
                 embedder=_FakeEmbedder(), matching=matching)
    assert [c.mention.text for c in near["s400.first-delivery"]] == ["12 Temmuz 2019"]
    far = align([RULES["s400.first-delivery"]], corpus, vectors=np.array([[0.0, 1.0]], dtype=np.float32),
                embedder=_FakeEmbedder(), matching=matching)
    assert far["s400.first-delivery"] == []


def test_date_of_the_saying_is_not_the_event_date():
    """A date right after an attribution ("X said on Wednesday") is not taken as the signing date."""
    sentence = "The full text of the S-400 agreement signed in Ankara was never published, Sarah Haddad said on Wednesday."
    said = AttributionValue("said", Entity("name:sarah haddad", "Sarah Haddad", "person"))
    wednesday = dv("2021-09-29", "2021-09-29", "day", relative=True)
    corpus = make_corpus([("a", [(sentence, [("Wednesday", wednesday), ("Sarah Haddad said", said)])])])
    assert align([RULES["s400.agreement-signing"]], corpus)["s400.agreement-signing"] == []
    signed_then = "The S-400 agreement, signed in Ankara on 3 March 2018, was never published, Sarah Haddad said on Wednesday."
    march = dv("2018-03-03", "2018-03-03", "day")
    corpus = make_corpus([("a", [(signed_then, [("3 March 2018", march), ("Wednesday", wednesday), ("Sarah Haddad said", said)])])])
    claims = align([RULES["s400.agreement-signing"]], corpus)["s400.agreement-signing"]
    assert [c.mention.text for c in claims] == ["3 March 2018"]


def test_weekday_far_from_the_event_word_is_the_reporting_date():
    """'Wednesday' dates the signing only next to the signing word."""
    wednesday = dv("2021-09-29", "2021-09-29", "day", relative=True)
    far = "ولم تنشر تركيا النص الكامل لاتفاق إس-400 الموقع في أنقرة، بحسب ما قال مسؤول يوم الأربعاء."
    near = "ووقعت تركيا وروسيا يوم الأربعاء اتفاق شراء منظومة إس-400 في أنقرة."
    corpus = make_corpus([("a", [(far, [("يوم الأربعاء", wednesday)]), (near, [("يوم الأربعاء", wednesday)])])])
    claims = align([RULES["s400.agreement-signing"]], corpus)["s400.agreement-signing"]
    assert [c.statement for c in claims] == [1]


def test_attribution_after_the_date_does_not_take_it():
    """'... on 12 July 2019, the ministry said': the date is the arrival's; only a date after the cue is the saying's."""
    sentence = ("The first components of the S-400 system arrived at the Murted air base near the Turkish capital "
                "Ankara on 12 July 2019, the Turkish Defence Ministry said.")
    ministry = AttributionValue("said", Entity("name:turkish defence ministry", "the Turkish Defence Ministry", "organisation"))
    corpus = make_corpus([("a", [(sentence, [("12 July 2019", dv("2019-07-12", "2019-07-12", "day")),
                                             ("the Turkish Defence Ministry said", ministry)])])])
    claims = align([RULES["s400.first-delivery"]], corpus)["s400.first-delivery"]
    assert [c.mention.text for c in claims] == ["12 July 2019"]
