"""Readings that take a figure past its number and noun (issue 21, FORMAT.md).

A rate is read per day ("120 litres per hour" = "2,880 litres a day"); "an
hour and a half" is 1.5 hours; a one-decimal figure by a quake word is a
magnitude; "the driver and two others" are three people; "2 hours 45
minutes" is one duration; the parts after "dont" count what their whole counts;
a bare scaled figure takes the unit of the one before it ("5,6 milliards
d'euros ... 4,2 milliards"); "1 lira 29 kuruş" is one amount; "Raisi, 63," an age.
The words are data (quantities*.yaml: rates, rate_stop, magnitude_cues,
companions, hour_marks, joiners, of_which); the calls are in quantities.py.
"""

from __future__ import annotations

from decimal import Decimal

from .numbers import HALF
from .quantities_context import phrase_at, phrase_before
from .quantities_lexicon import Lexicon
from .quantities_nouns import Found, finish, fraction_after, unit_after
from .quantities_text import Prepared, Token


# Days in each period of a rate (quantities.yaml, rates).
_DAYS = {"hour": Decimal(1) / 24, "day": Decimal(1), "week": Decimal(7), "month": Decimal("30.4375"),
         "year": Decimal("365.25")}


def per_day(lx: Lexicon, toks: list[Token], f: Found) -> None:
    """"120 litres per hour", "50 tonnes a day": a rate, read per day (FORMAT.md: per the same period).

    Money per period stays as written, its period in its unit ("USD per year"): a budget is
    not re-cut into days, and an amount per year never compares with a plain amount.
    """
    hit = phrase_at(lx.rates, toks, f.end) if f.end < len(toks) and toks[f.end].text in lx.rates else None
    if hit is not None and hit[2] < len(toks) and toks[hit[2]].text in lx.rate_stop \
            and toks[f.end].text not in lx.rate_each:
        return
    if hit is None:
        # "günlük 2 milyon varil": Turkish writes the period first, as an adjective
        before = phrase_before(lx, lx.rates_before, toks, f.start) if f.start > 0 else None
        for gap in (1, 2) if before is None and f.kind == "money" else ():
            # "ежедневно терял 12 млн долларов": money with its period a word or two before (a verb)
            if f.start - gap > 0 and all(toks[k].text.isalpha() for k in range(f.start - gap, f.start)):
                before = phrase_before(lx, lx.rates_before, toks, f.start - gap)
                if before is not None:
                    break
        if before is None:
            return
        hit = ((), before[2], f.end)
    if f.kind == "money":
        f.unit, f.end = f"{f.unit} per {hit[1]}", hit[2]
        return
    k = 1 / _DAYS[hit[1]]
    f.low, f.high, f.precision = f.low * k, f.high * k, f.precision * k
    f.unit, f.end = f"{f.unit} per day", hit[2]


# Fractions of these kinds of unit are amounts ("half an hour", "a quarter of a percentage
# point"); of a count they are shares of a group ("half the homes"), not read here.
_FRACTIONAL = ("duration", "percent", "other")


def unit_and_a_half(lx: Lexicon, pr: Prepared, text: str, toks: list[Token], i: int) -> Found | None:
    """"an hour and a half", "a percentage point and a quarter" (at the fraction): one of the
    unit and the fraction, 1.5 hours, 1.25 percentage points."""
    for s in range(i - 3, max(-1, i - 7), -1):  # "an hour and half" ... "a percentage point and a quarter"
        if toks[s].text not in lx.indefinite:
            continue
        after = unit_after(lx, pr, text, toks, s + 1)
        if after is None or after.noun[0] != s + 1 or after.kind not in _FRACTIONAL:
            continue
        half = fraction_after(lx, toks, after.end)
        if half is None or half[1] != i + 1:
            continue
        v = 1 + half[0]
        return finish(lx, toks, Found(s, 0, i + 1, v, v, HALF * half[0], after.kind, after.unit, after.noun))
    return None


def fraction_of_unit(lx: Lexicon, pr: Prepared, text: str, toks: list[Token], i: int) -> Found | None:
    """"half a percentage point", "a quarter of an hour", "نصف نقطة مئوية", "ربع ساعة" (at the
    fraction): the fraction of one unit. Not "half the homes" nor "نصف السكان" (a share of a group)."""
    t = toks[i].text
    v = lx.fractions[t] if t in lx.fractions else 1 / Decimal(lx.fraction_shares[t])  # "quarters": one of them
    s, j = i, i + 1
    if i > 0 and toks[i - 1].text in lx.indefinite:
        s = i - 1  # "a quarter"
    if j < len(toks) and toks[j].text in ("of", "de", "d"):
        j += 1  # "a quarter of"
    if j < len(toks) and toks[j].text in lx.indefinite:
        j += 1  # "half a", "of an"
    elif toks[i].text.isascii():
        return None  # English needs the article: "half percentage" is no phrase
    if j >= len(toks) or toks[j].text.startswith("ال"):
        return None
    after = unit_after(lx, pr, text, toks, j)
    if after is None or after.noun[0] != j or after.kind not in _FRACTIONAL:
        return None
    return finish(lx, toks, Found(s, 0, after.end, v, v, HALF * v, after.kind, after.unit, after.noun))


def is_magnitude(lx: Lexicon, toks: list[Token], f: Found) -> bool:
    """"a strong 7.7 quake", "measuring 6.4", "put its magnitude at 7.4": a
    bare figure of one decimal between 1 and 10 by a quake word is its magnitude."""
    if f.low != f.high or f.low.as_tuple().exponent != -1 or not 1 <= f.low < 10 or f.end - f.start != 1:
        return False
    if f.end < len(toks) and toks[f.end].text in lx.magnitude_after:
        return True
    return phrase_before(lx, lx.magnitude_before, toks, f.start) is not None


# People a count of companions may count, by unit: "and three others", "et quatre autres ont été blessés"
_PEOPLE = frozenset(("person", "death", "injury", "missing", "soldier"))
# Words of one named conjunct in a list of names: "Dışişleri Bakanı Abdüllahiyan" where capitals
# mark names; "عبد اللهيان" where nothing does (so a third word is the clause's, "وعلى متنها رئيسي")
_CONJUNCT = {True: 3, False: 2}


def with_companion(lx: Lexicon, pr: Prepared, text: str, toks: list[Token], f: Found) -> int:
    """How many named people a count of companions leaves out, 0 when it is none (FORMAT.md: "X and
    three others" is 4 people): "the minister and three others", "Ismail Demir and three other
    employees", "السائق و4 آخرون" (1); "Ahmed Saleh, Mona Farouk and three others", "رئيسي وعبد اللهيان
    وستة آخرون" (2); "Reisi ile 8 kişi daha", "sürücü ve beraberindeki 2 kişi" (1).

    Not "30 killed and 3,000 others injured" or "وأصيب 40 آخرون": the word before "and" must be a
    word, with no figure in the four tokens before it.
    """
    if f.qualifier is not None or f.low != f.high or f.start < 2 or f.unit not in _PEOPLE:
        return 0
    first = toks[f.start].text[:f.cut] if f.cut else None
    if first in lx.companion_and or (not f.cut and toks[f.start - 1].text in lx.companion_and):
        # "and three others", or "and three other employees" (people of another noun)
        after = toks[f.start + 1].text if f.start + 1 < len(toks) else None
        if after not in lx.companion_others and (f.noun is None or toks[f.noun[0]].text not in lx.companion_others):
            return 0
        named = f.start - 1 if f.cut else f.start - 2
    else:
        hit = phrase_before(lx, lx.companion_with, toks, f.start)
        if hit is None or hit[0] < 1:
            return 0
        if hit[2] and not (f.end < len(toks) and toks[f.end].text in lx.companion_more):
            return 0  # "ile 8 kişi" is who went with them; "ile 8 kişi daha" is 8 more
        named = hit[0] - 1
        while named > 0 and (toks[named].text in lx.companion_and or toks[named - 1].text == "'"):
            named -= 1 if toks[named].text in lx.companion_and else 2  # "ve beraberindeki", "Demir'in"
    if named < 0 or not toks[named].text.isalpha() or toks[named].text in lx.noun_gap_stop \
            or toks[named].text in lx.cardinals:
        return 0
    if any(t.is_digits or t.text in lx.cardinals for t in toks[max(0, named - 4):named]):
        return 0
    return 1 + _more_named(lx, pr, text, toks, named)


def _more_named(lx: Lexicon, pr: Prepared, text: str, toks: list[Token], last: int) -> int:
    """Names listed before the one named last ("Ahmed Saleh, Mona Farouk and ..."): each a few words
    before a comma or "and"; in a cased script each word capitalised, as names are. A list that
    runs into other words ("arrested Saleh, Farouk") ends there."""
    n, words, pending = 0, 0, False
    cased = any(c.isalpha() and c.lower() != c.upper() for c in toks[last].text)
    for k in range(last, -1, -1):
        tok = toks[k].text
        if tok in lx.companion_and or tok == ",":
            if pending or words == 0:
                break  # two joiners in a row: no list
            pending, words = True, 0
            continue
        if not tok.isalpha() or tok in lx.noun_gap_stop or (cased and not text[pr.original(toks[k].start)].isupper()):
            break
        if pending:
            n, pending = n + 1, False
        words += 1
        if words > _CONJUNCT[cased]:
            break
        if not cased and len(tok) > 2 and tok[0] in lx.companion_and:
            pending, words = True, 0  # "وعبد اللهيان": the "and" on a name's first word
    return n


def parts_of_whole(lx: Lexicon, toks: list[Token], found: list[Found]) -> None:
    """"60 blessés, dont 8 grièvement", "900 sinistrés, dont 350 au centre et 120 au port": a bare
    figure after "dont" (and the bare figures joined to it by "et") counts what the whole counts."""
    whole, in_parts = None, False
    for f in found:
        if f.unit is not None and f.kind == "count":
            whole, in_parts = f, False
            continue
        if whole is None or f.unit is not None or f.kind != "other" or f.start == 0:
            continue
        before = toks[f.start - 1].text
        if before in lx.of_which or (before in lx.joiners and in_parts):
            f.kind, f.unit = whole.kind, whole.unit
            in_parts = True  # "et 120" after a part is another part


def composite(lx: Lexicon, toks: list[Token], found: list[Found]) -> list[Found]:
    """"2 hours 45 minutes", "ساعتين و45 دقيقة": one duration in the smaller unit.

    Two durations join when only a joiner ("and", "و", a comma) or nothing
    stands between them, the first in the larger unit of the same base.
    """
    out: list[Found] = []
    for f in found:
        prev = out[-1] if out else None
        if prev is not None and prev.unit is None and prev.kind == "other" and f.unit == "minute" \
                and f.qualifier is None and f.start == prev.end + 1 and toks[prev.end].text in lx.hour_marks \
                and prev.low == prev.high and prev.low == prev.low.to_integral_value():
            # "2 h 45 min": "h" is an hour only before minutes (alone it is also a time, "16 h")
            total = prev.low * 60 + f.low
            out[-1] = Found(prev.start, prev.cut, f.end, total, total, f.precision, "duration", "minute", f.noun,
                            noun_cut=f.noun_cut)
            continue
        if prev is not None and prev.kind == f.kind == "duration" and prev.qualifier is None \
                and f.qualifier is None and prev.low == prev.high and f.low == f.high:
            a, b = lx.units.get(prev.unit or ""), lx.units.get(f.unit or "")
            between = [t.text for t in toks[prev.end:f.start]]
            joined = len(between) <= 1 and all(t in lx.joiners for t in between)
            if a and b and a.base and a.base == b.base and a.factor > b.factor and joined:
                k = Decimal(str(a.factor / b.factor))
                total = prev.low * k + f.low
                out[-1] = Found(prev.start, prev.cut, f.end, total, total, f.precision, "duration", f.unit, f.noun,
                                noun_cut=f.noun_cut)
                continue
        out.append(f)
    return out


def apposed_age(pr: Prepared, text: str, toks: list[Token], f: Found) -> bool:
    """"Raisi, 63, died", "Ahmed, 35, a teacher": a whole number set off by commas right
    after a name is the person's age."""
    if f.end - f.start != 1 or f.start < 2 or f.end >= len(toks) or f.low != f.high or not 1 <= f.low <= 120:
        return False
    if toks[f.start - 1].text not in (",", "،") or toks[f.end].text not in (",", "،"):
        return False
    name = toks[f.start - 2]
    return name.text.isalpha() and text[pr.original(name.start)].isupper() and toks[f.start].text.isdigit()


def _scaled(lx: Lexicon, toks: list[Token], f: Found) -> bool:
    return any(toks[k].text in lx.scales for k in range(f.start, f.end))


def _group(v: Decimal) -> Decimal:
    """The largest power of a thousand that divides a whole figure (27 000 000: a million)."""
    g = Decimal(1)
    while v and v % (g * 1000) == 0:
        g *= 1000
    return g


def scaled_sum(lx: Lexicon, toks: list[Token], found: list[Found]) -> list[Found]:
    """"27 млн 834 тыс. 589 бюллетеней", "2 million 300 thousand": figures written group by group,
    each with its scale word, are one figure when each group is smaller than the scale before it.
    Only the abbreviation's dot may stand between them ("тыс."); a comma or a word parts them."""
    out: list[Found] = []
    for f in found:
        a = out[-1] if out else None
        gap = f.start - a.end if a is not None else -1
        if (a is not None and a.unit is None and a.kind == "other" and a.qualifier is None and f.qualifier is None
                and a.low == a.high and f.low == f.high and f.low == f.low.to_integral_value() and _scaled(lx, toks, a)
                and toks[a.end - 1].text in lx.scales and a.low == a.low.to_integral_value()
                and 0 < f.low < _group(a.low) and _group(a.low) >= 1000
                and (gap == 0 or (gap == 1 and toks[a.end].text == "."))):
            a.low = a.high = a.low + f.low
            a.precision, a.end, a.kind, a.unit, a.noun = f.precision, f.end, f.kind, f.unit, f.noun
            a.noun_cut = f.noun_cut
            continue
        out.append(f)
    return out


def elliptic(lx: Lexicon, toks: list[Token], found: list[Found]) -> None:
    """"5,6 milliards d'euros ... et 4,2 milliards de dépenses", "5.5 ملايين ناخب من إجمالي 25.5
    مليونا": a bare figure with a scale word leaves out the unit of the scaled figure before it;
    so does one right after "from" behind a figure ("fell to 90 dollars from 120")."""
    last = None
    for a, f in zip([None, *found], found):
        if f.unit is not None and _scaled(lx, toks, f):
            last = f
        elif f.unit is None and f.kind == "other" and last is not None and f.qualifier != "vague" \
                and _scaled(lx, toks, f):
            f.kind, f.unit = last.kind, last.unit
        elif f.unit is None and f.kind == "other" and a is not None and a.unit is not None and a.end + 1 == f.start \
                and toks[a.end].text in lx.from_words and a.kind != "duration":
            f.kind, f.unit = a.kind, a.unit  # "fell to about 90 dollars from 120", "إلى 16% من 17"


def major_minor(lx: Lexicon, toks: list[Token], found: list[Found]) -> list[Found]:
    """"1 lira 29 kuruş", "2 dollars 50 cents": an amount in a currency and, right after it, its
    hundredths are one amount."""
    out: list[Found] = []
    for f in found:
        a = out[-1] if out else None
        if (a is not None and a.kind == f.kind == "money" and a.unit == f.unit and f.start == a.end
                and a.low == a.high and f.low == f.high and f.noun is not None
                and toks[f.noun[0]].text in lx.currency_minor and f.low < 1):
            a.low = a.high = a.low + f.low
            a.precision, a.end = f.precision, f.end
            continue
        out.append(f)
    return out


# How many unknown words (the counted noun and an adjective) may stand between a
# figure and the verb of its toll after it ("717 hacı hayatını kaybetti").
_TOLL_GAP = 2


def toll_verb(lx: Lexicon, toks: list[Token], f: Found) -> str | None:
    """"قتل 12", "مقتل 5 وإصابة 7", "12 climbers died", "17 madenci hayatını kaybetti": a bare
    whole count next to the verb of a toll counts its dead (injured, missing)."""
    if f.low != f.high or f.low != f.low.to_integral_value() or f.low <= 0:
        return None
    hit = phrase_before(lx, lx.toll_before, toks, f.start) if not f.cut else None
    if hit is not None and hit[0] >= f.start - 2:
        return hit[2]
    for k in range(f.end, min(len(toks), f.end + _TOLL_GAP + 1)):
        hit = phrase_at(lx.toll_after, toks, k)
        if hit is not None:
            return hit[1]
        if not toks[k].text.isalpha():
            return None
    return None


def one_then_smaller(lx: Lexicon, toks: list[Token], found: list[Found]) -> None:
    """"an hour and 45 minutes", "ساعة و45 دقيقة", "час и 45 минут", "a year and six months": a lone
    singular noun of time (one of it, with or without "a"), a joiner, then a duration in a smaller
    unit of the same base is one duration in the smaller unit (105 minutes), not the smaller part."""
    if not lx.one_nouns:
        return
    for f in found:
        s = f.start
        if f.kind != "duration" or f.qualifier is not None or f.low != f.high or s < 2 \
                or toks[s - 1].text not in lx.joiners or toks[s - 2].text not in lx.one_nouns:
            continue
        a, b = lx.units.get(lx.one_nouns[toks[s - 2].text]), lx.units.get(f.unit or "")
        if not (a and b and a.base and a.base == b.base and a.factor > b.factor):
            continue
        total = Decimal(str(a.factor / b.factor)) + f.low
        f.start = s - 3 if s >= 3 and toks[s - 3].text in lx.indefinite else s - 2
        f.cut, f.low, f.high = 0, total, total
        finish(lx, toks, f)  # "about an hour and 45 minutes": the qualifier stands before the whole
