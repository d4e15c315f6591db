"""The shipped rules on wordings of our own: which sentences state each fact.

A table of (rule, language, sentence, states the fact?) rows, written for
phrasings that do not occur in the seeds: other outlets' Arabic, English wire
copy, passive and active, and look-alike sentences about other events.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from consistency.normalize import normalize
from consistency.rules import load_rules

RULES = {r.id: r for r in load_rules(Path(__file__).parent.parent / "rules")}

FIRST, SIGNING, SANCTIONS = "s400.first-delivery", "s400.agreement-signing", "s400.ssb-sanctions-date"
OFFICIALS, CONTRACTS, FINAL = "s400.ssb-officials-sanctioned", "s400.rosoboronexport-2021-contracts", "s400.final-stage-attribution"

ROWS = [
    # first delivery: statements
    (FIRST, "ar", "وصلت الدفعة الأولى من منظومة إس-400 إلى قاعدة مرتد الجوية في أنقرة يوم 12 تموز/يوليو 2019.", True),
    (FIRST, "ar", "تسلمت تركيا أولى شحنات منظومة الدفاع الجوي الروسية إس 400 في يوليو 2019.", True),
    (FIRST, "ar", "بدأت روسيا تسليم مكونات منظومة إس-400 لتركيا في منتصف يوليو 2019.", True),
    (FIRST, "ar", "واستلمت أنقرة أول بطارية من صواريخ إس-400 الروسية في عام 2019.", True),
    (FIRST, "ar", "وكانت أولى طائرات الشحن الروسية المحملة بأجزاء المنظومة قد وصلت إلى قاعدة مرتد في 12 يوليو 2019.", True),
    (FIRST, "en", "Turkey received the first S-400 batch in July 2019.", True),
    (FIRST, "en", "The first Russian S-400 components were delivered to Turkey on July 12, 2019.", True),
    (FIRST, "en", "Russia began delivering the S-400 to Turkey in mid-July 2019.", True),
    (FIRST, "en", "A Russian cargo plane carrying the first parts of the S-400 system landed at Murted air base.", True),
    (FIRST, "en", "Deliveries of the S-400 to Turkey started in July 2019.", True),
    # first delivery: look-alikes
    (FIRST, "ar", "وفرضت واشنطن عقوبات على أنقرة في كانون الأول/ديسمبر 2020 في أعقاب حصول تركيا على الدفعة الأولى من إس-400.", False),
    (FIRST, "ar", "تأمل موسكو في تسليم الدفعة الثانية من منظومة إس-400 إلى تركيا العام المقبل.", False),
    (FIRST, "ar", "وقعت تركيا اتفاق شراء منظومة إس-400 في كانون الأول 2017.", False),
    (FIRST, "ar", "قال أردوغان إن أول منظومة إس-400 ستدخل الخدمة في نيسان المقبل.", False),
    (FIRST, "en", "The US imposed sanctions in December 2020 following the delivery of the first S-400 batch.", False),
    (FIRST, "en", "Turkey expects the second S-400 batch to be delivered in 2022.", False),
    (FIRST, "en", "Turkey signed the S-400 deal in 2017, the first NATO member to buy the system.", False),
    # signing
    (SIGNING, "ar", "وقعت أنقرة وموسكو صفقة منظومة إس-400 في أواخر 2017.", True),
    (SIGNING, "ar", "أبرمت تركيا مع روسيا عقد شراء صواريخ إس-400 في ديسمبر/كانون الأول 2017.", True),
    (SIGNING, "ar", "وكانت تركيا قد وقّعت عام 2017 اتفاقاً بقيمة 2.5 مليار دولار لشراء المنظومة الروسية.", True),
    (SIGNING, "en", "Turkey signed a $2.5 billion deal for the S-400 in 2017.", True),
    (SIGNING, "en", "The S-400 contract was signed in December 2017.", True),
    (SIGNING, "en", "Ankara inked the agreement to buy the Russian air defence system in late 2017.", True),
    (SIGNING, "en", "Russia and Turkey are close to signing a new S-400 contract.", False),
    (SIGNING, "en", "Turkey will sign a deal for a second batch of S-400 next year.", False),
    (SIGNING, "ar", "قال دمير إن توقيع اتفاق الإنتاج المشترك لصواريخ إس-400 أصبح قاب قوسين أو أدنى.", False),
    # sanctions date
    (SANCTIONS, "ar", "فرضت واشنطن في 14 كانون الأول/ديسمبر 2020 عقوبات على رئاسة الصناعات الدفاعية التركية.", True),
    (SANCTIONS, "en", "The US sanctioned Turkey's SSB in December 2020 under CAATSA.", True),
    (SANCTIONS, "en", "Washington imposed CAATSA sanctions on the Turkish defence industry agency in December 2020.", True),
    (SANCTIONS, "en", "Washington threatened to impose sanctions on the SSB if Ankara bought more Russian arms.", False),
    (SANCTIONS, "ar", "وتهدد واشنطن بفرض عقوبات على هيئة الصناعات الدفاعية التركية إذا اشترت أنقرة دفعة ثانية.", False),
    # officials sanctioned besides the head
    (OFFICIALS, "ar", "وشملت العقوبات رئيس هيئة الصناعات الدفاعية إسماعيل دمير وثلاثة مسؤولين آخرين.", True),
    (OFFICIALS, "en", "The sanctions hit SSB chief Ismail Demir and three other senior officials.", True),
    (OFFICIALS, "en", "The US sanctioned the SSB and its head Ismail Demir.", False),
    # 2021 export contracts
    (CONTRACTS, "ar", "وقال ميخيف إن قيمة عقود التصدير التي أبرمتها روسوبورون إكسبورت في 2021 بلغت 8.6 مليار دولار.", True),
    (CONTRACTS, "en", "Russia signed $8.6 billion in arms export contracts in 2021, Mikheev said.", True),
    (CONTRACTS, "en", "Rosoboronexport signed arms export contracts worth $7.2 billion in 2020.", False),
    # final-stage attribution
    (FINAL, "ar", "وأكد ميخيف أن المفاوضات بشأن الدفعة الثانية من إس-400 بلغت مراحلها النهائية.", True),
    (FINAL, "ar", "وقال شوغاييف إن المحادثات مع أنقرة حول إس-400 وصلت إلى اللمسات الأخيرة.", True),
    (FINAL, "en", "Talks on a second S-400 batch are at the final stage, Mikheev told Interfax.", True),
    (FINAL, "en", "Turkey reached the final stage of the World Cup qualifiers, the coach said.", False),
]


def states(rule_id: str, sentence: str) -> bool:
    rule = RULES[rule_id]
    norm = normalize(sentence)
    hit = any(ps.matches(norm) is not None for ps in rule.patterns)
    return hit and not any(p.search(norm) for p in rule.exceptions)


@pytest.mark.parametrize("rule_id,language,sentence,expected", ROWS,
                         ids=[f"{r[0].split('.')[1]}-{r[1]}-{i}" for i, r in enumerate(ROWS)])
def test_rule_reads_the_fact(rule_id, language, sentence, expected):
    """The rule's patterns and exceptions say whether the sentence states the fact."""
    assert states(rule_id, sentence) is expected
