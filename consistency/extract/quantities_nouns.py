"""What a number counts, and the quantities written around a noun.

The currency, unit or counted noun after a number ("8.6 مليار دولار", "four
new S-400 batteries", "45 cents"); the qualifiers that bound or soften it;
and the quantities a noun carries itself: Arabic duals ("ساعتين"), numbers
that follow their noun ("دولة واحدة", "الأشهر الستة"), and ordinals
("الدفعة الثانية", "the second batch", "أول نظام"), kept as kind "ordinal".
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .numbers import HALF, Number, strip_article
from .quantities_context import interest_rate_in, phrase_at, phrase_before
from .quantities_lexicon import PREFIXES, Lexicon, Unit
from .quantities_text import Prepared, Token


@dataclass
class Found:
    start: int  # token index
    cut: int  # characters of an attached prefix left out of the first token
    end: int  # token index after the last one
    low: Decimal
    high: Decimal
    precision: Decimal
    kind: str
    unit: str | None
    noun: tuple[int, int] | None = None  # token range of the noun or currency
    qualifier: str | None = None
    noun_cut: int = 0  # attached prefix on the noun's first token ("وبطاريتين")


@dataclass
class After:
    kind: str
    unit: str
    noun: tuple[int, int]
    end: int
    factor: Decimal = Decimal(1)  # a minor currency unit: "45 cents" is 0.45 USD


def fraction_after(lx: Lexicon, toks: list[Token], j: int) -> tuple[Decimal, int] | None:
    """"ونصف", "and a half" right after a noun: (fraction, next token)."""
    if j >= len(toks):
        return None
    t = toks[j].text
    if t in lx.joiners:
        k = j + 1
        while k < len(toks) and toks[k].text in lx.indefinite:
            k += 1
        if k < len(toks) and toks[k].text in lx.fractions:
            return lx.fractions[toks[k].text], k + 1
        return None
    if t[:1] in lx.joiners and t[1:] in lx.fractions:
        return lx.fractions[t[1:]], j + 1
    return None


def symbol_ok(pr: Prepared, text: str, toks: list[Token], s: int, i: int) -> bool:
    """A code written in letters ("USD", "TL") counts only in upper case."""
    for k in range(s, i):
        if toks[k].text.isalpha():
            a, b = pr.original(toks[k].start), pr.original(toks[k].end)
            if not text[a:b].isupper():
                return False
    return True


_LINKS = frozenset(("of", "من", "de", "d"))


def unit_after(lx: Lexicon, pr: Prepared, text: str, toks: list[Token], j: int) -> After | None:
    """The currency, unit or counted noun right after a number."""
    if j >= len(toks):
        return None
    hit = unit_here(lx, pr, text, toks, j)
    if hit is not None:
        return hit
    t = toks[j].text
    m = phrase_at(lx.number_of, toks, j)
    if m is not None:  # "à 900 le nombre de sinistrés": the count's noun after "the number of"
        hit = unit_after(lx, pr, text, toks, m[2])
        if hit is not None and hit.kind == "count":
            return hit
    if t in _LINKS and j + 1 < len(toks):
        k = j + 2 if t == "d" and toks[j + 1].text == "'" and j + 2 < len(toks) else j + 1
        # "billions of dollars", "عشرات من الأشخاص", "2 milliards d'euros", "5 000 tonnes de blé"
        hit = unit_here(lx, pr, text, toks, k)
        if hit is not None and (t != "من" or toks[k].text.startswith("ال")):
            return hit
        if k + 1 < len(toks) and toks[k].text in lx.partitive:
            hit = unit_here(lx, pr, text, toks, k + 1)  # "five of its residents"
            e = hit.end if hit is not None else k + 2
            if e + 2 < len(toks) and toks[e].text == "'" and toks[e + 1].text == "s":
                hit = unit_here(lx, pr, text, toks, e + 2)  # "three of the village's residents"
            if hit is not None and hit.kind == "count":
                return hit
        return None
    k = gap(lx, pr, text, toks, j)
    if k > j and k < len(toks):
        hit = unit_here(lx, pr, text, toks, k)
        if hit is not None and hit.kind != "money":
            return hit
    return None


def gap(lx: Lexicon, pr: Prepared, text: str, toks: list[Token], j: int) -> int:
    """Past the English words that may stand between a number and its noun.

    "four new S-400 batteries", "four SSB employees", "four tanker aircraft":
    listed adjectives, model names (letters-hyphen-digits), acronyms in
    capitals, and up to two other lower-case words that are not function
    words (``noun_gap_stop``). Stops at the first known noun.
    """
    k, free = j, 2
    while k < len(toks) and k - j < 6 and toks[k].text.isascii():
        if phrase_at(lx.unit_words, toks, k) is not None:
            break
        tk = toks[k].text
        if tk in lx.noun_gap or tk == "-" or (tk[0].isdigit() and k > j and toks[k - 1].text == "-"):
            k += 1
        elif free and tk.isalpha() and tk not in lx.noun_gap_stop and tk not in lx.months and len(tk) >= 3 \
                and text[pr.original(toks[k].start)].isupper():
            k, free = k + 1, free - 1  # a proper adjective: "20 Indian soldiers", "43 Chinese troops"
        elif tk.isalpha() and k + 1 < len(toks) and toks[k + 1].text == "-" and toks[k + 1].start == toks[k].end:
            k += 1
        elif tk.isalpha() and len(tk) >= 2 and text[pr.original(toks[k].start):pr.original(toks[k].end)].isupper():
            k += 1
        elif free and tk.isalpha() and tk not in lx.noun_gap_stop and tk not in lx.triggers and \
                text[pr.original(toks[k].start)].islower():
            k, free = k + 1, free - 1
        else:
            break
    if k == j and lx.adjective_endings:
        # "семь украинских беспилотников": adjectives agree with the noun, known by their endings
        while k < len(toks) and k - j < 2 and toks[k].text.isalpha() and not toks[k].text.isascii() \
                and phrase_at(lx.unit_words, toks, k) is None and toks[k].text.endswith(lx.adjective_endings) \
                and toks[k].text not in lx.noun_gap_stop:
            k += 1
    return k


def unit_here(lx: Lexicon, pr: Prepared, text: str, toks: list[Token], j: int) -> After | None:
    if toks[j].text not in lx.unit_starts:
        return None  # every look-up below is keyed by this token
    m = phrase_at(lx.currency_words, toks, j)
    if m is not None:
        return After("money", m[1], (j, m[2]), m[2])
    t = toks[j].text
    if not t[0].isalnum():  # "2.5 مليار $": a symbol written after the amount
        for phrase, code in lx.currency_symbols.get(t, ()):
            if phrase == (t,):
                return After("money", code, (j, j + 1), j + 1)
    m = phrase_at(lx.currency_minor, toks, j)
    if m is not None:
        return After("money", m[1][0], (j, m[2]), m[2], m[1][1])
    t = toks[j].text
    if t in lx.iso_codes and symbol_ok(pr, text, toks, j, j + 1):
        return After("money", lx.iso_codes[t], (j, j + 1), j + 1)
    m = phrase_at(lx.unit_words, toks, j)
    if m is None:
        return None
    unit: Unit = m[1]
    end = m[2]
    # English compounds: the head noun is the last one ("missile batteries")
    while unit.kind == "count" and end < len(toks) and toks[end].text.isascii() and toks[end].text not in lx.inflected:
        m2 = phrase_at(lx.unit_words, toks, end)
        if m2 is None or m2[1].kind != "count":
            break
        unit, end = m2[1], m2[2]
    return After(unit.kind, unit.unit, (j, end), end)


def finish(lx: Lexicon, toks: list[Token], f: Found) -> Found:
    """Qualifiers before and after, and the precision they imply."""
    if f.qualifier is None:
        q = phrase_before(lx, lx.qualifiers_before, toks, f.start) if not f.cut else None
        if q is None and not f.cut and f.start > 1 and toks[f.start - 1].text in lx.indefinite \
                and (toks[f.start].text in lx.scales or toks[f.start].text in lx.hundred):
            q = phrase_before(lx, lx.qualifiers_before, toks, f.start - 1)  # "more than a hundred boats"
        if q is not None and f.kind == "duration" and toks[q[0]].text in lx.not_before_durations:
            q = None  # "over ten years" is "during", not "more than"
        if q is not None and q[2] == "up-to" and toks[q[0]].text in lx.target_words and _changed(lx, toks, q[0]):
            q = None  # "повысил ставку до 19%", "с 8,5% до 12%": the level reached, not a ceiling
        if q is not None:
            f.start, f.cut, f.qualifier = q[0], q[1], q[2]
    q2 = phrase_at(lx.qualifiers_after, toks, f.end)
    if q2 is not None and f.qualifier is None:
        f.qualifier, f.end = q2[1], q2[2]
    if f.qualifier is None and lx.qualifiers_gapped and not f.cut:
        f.qualifier = _gapped(lx, toks, f.start)
    if f.qualifier == "about":
        w = lx.widen
        f.precision = max(f.precision * Decimal(str(w["about_precision_factor"])),
                          abs(f.high) * Decimal(str(w["about_relative"])))
    return f


def _changed(lx: Lexicon, toks: list[Token], j: int) -> bool:
    """A verb or noun of change (by its stem) earlier in the sentence part, or "from X" / "by X"
    ("с 8,5%", "на 1 процентный пункт") before it."""
    for k in range(j - 1, max(-1, j - 13), -1):
        t = toks[k].text
        if t in _PART_BREAKS:
            return False
        if t.startswith(lx.change_stems) or (t in lx.change_amounts and k + 1 < j and toks[k + 1].is_digits):
            return True
    return False


_PART_BREAKS = frozenset((".", ";", ":", "!", "?", "؛", "؟", "\n"))


def _gapped(lx: Lexicon, toks: list[Token], i: int) -> str | None:
    """"تجاوز عدد المصابين 5 آلاف", "تتخطى كلفتها ثلاثة مليارات": the verb
    that bounds the figure, one or two words (its subject) before it."""
    for k in (i - 2, i - 3):
        if k < 0 or not all(t.text.isalpha() for t in toks[k + 1:i]):
            return None
        word = toks[k].text
        for w in (word, word[1:] if word[:1] in "وف" else None):
            if w and w in lx.qualifiers_gapped:
                return lx.qualifiers_gapped[w]
    return None


def dual(lx: Lexicon, toks: list[Token], i: int) -> Found | None:
    """"ساعتين", "بطاريتين": an Arabic dual noun on its own is two of it."""
    t = toks[i].text
    for cut in (0, 1, 2):
        if cut and t[:cut] not in PREFIXES:
            continue
        u = lx.unit_duals.get(t[cut:])
        if u is not None:
            two = Decimal(2)
            return Found(i, cut, i + 1, two, two, HALF, u.kind, u.unit, (i, i + 1), noun_cut=cut)
    return None


def definite_after_noun(lx: Lexicon, toks: list[Token], i: int) -> Found | None:
    """"الأشهر الستة", "السنوات العشر": a definite cardinal follows its definite noun."""
    t = toks[i].text
    v = lx.cardinals.get(t[2:]) if t.startswith("ال") else None
    if v is None or v < 3 or t[2:] in lx.compound_only or i == 0 or not toks[i - 1].text.startswith("ال"):
        return None
    cut, unit = noun_unit(lx, toks[i - 1].text)
    if unit is None or unit.kind == "percent":
        return None
    return found_after_noun(lx, toks, i, v, unit)


def found_after_noun(lx: Lexicon, toks: list[Token], i: int, v: Decimal, unit: Unit) -> Found:
    return finish(lx, toks, Found(i - 1, 0, i + 1, v, v, HALF, unit.kind, unit.unit, (i - 1, i)))


def one_after_noun(lx: Lexicon, toks: list[Token], i: int, n: Number) -> Found | None:
    """"دولة واحدة": Arabic "one" follows its noun; alone it is a pronoun."""
    if i == 0 or n.end != i + 1 or not "\u0600" <= toks[i].text[:1] <= "\u06ff":
        return None  # Turkish "büyüklüğünde bir deprem": "bir" is "a"
    cut, unit = noun_unit(lx, toks[i - 1].text)
    if unit is None or unit.kind == "percent":
        return None
    return Found(i - 1, cut, i + 1, n.low, n.high, n.precision, unit.kind, unit.unit, (i - 1, i), noun_cut=cut)


def noun_unit(lx: Lexicon, word: str) -> tuple[int, Unit | None]:
    """The unit a single Arabic or English noun names, past an attached prefix."""
    for cut in (0, 1, 2):
        if cut and (word[:cut] not in PREFIXES or len(word) <= cut + 1):
            continue
        for phrase, unit in lx.unit_words.get(word[cut:], ()):
            if len(phrase) == 1:
                return cut, unit
    return 0, None


def ordinal_after(lx: Lexicon, toks: list[Token], i: int) -> Found | None:
    """"الدفعة الثانية", "الفوج الأول", "دفعة ثانية": the ordinal follows its noun."""
    if i == 0 or not toks[i - 1].text[0].isalpha():
        return None
    noun = toks[i - 1].text
    cut, _ = noun_unit(lx, noun)
    for c in (2, 1):
        if not cut and noun[:c] in PREFIXES and noun[c:].startswith("ال"):
            cut = c  # "والنصف"
            break
    base = strip_article(noun[cut:])
    if base in lx.ordinal_nouns or base in lx.months or noun in lx.months or noun in lx.triggers:
        return None
    at = i - 1
    if noun_unit(lx, noun)[1] is None:
        if i >= 2 and noun_unit(lx, toks[i - 2].text)[1] is not None:
            at = i - 2  # an adjective in between: "الدفعة الروسية الثانية"
            cut = noun_unit(lx, toks[at].text)[0]
        elif base.endswith(("يه", "ي")):
            return None  # after an adjective ("الإدارة الأوروبية الرابعة"): its noun is out of reach
    f = ordinal(lx, toks, at, i + 1, at, lx.ordinals_after[toks[i].text])
    f.cut = f.noun_cut = cut
    return f


def ordinal_before(lx: Lexicon, pr: Prepared, text: str, toks: list[Token], i: int, value: int,
                    *, start: int | None = None) -> Found | None:
    """"the second batch", "أول نظام", "2nd delivery": the ordinal precedes its noun."""
    j = i + 1
    if j < len(toks) and toks[j].is_digits and toks[j].start > toks[i].end and toks[i].text.isalpha():
        # "the first 40 trucks": a role of the figure after it, whatever that counts
        return ordinal(lx, toks, i if start is None else start, j, j, value)
    if j >= len(toks) or not toks[j].text[0].isalpha() or toks[j].start == toks[i].end:
        return None
    noun = strip_article(toks[j].text)
    if noun in lx.ordinal_nouns or noun in lx.months or toks[j].text in lx.from_words:
        return None
    if toks[j].text.isascii():
        # English ordinals are everywhere ("the first time"): only before a known noun
        k = gap(lx, pr, text, toks, j)
        m = phrase_at(lx.unit_words, toks, k) if k < len(toks) else None
        if m is None:
            return None
        return ordinal(lx, toks, i if start is None else start, m[2], k, value, m[1])
    return ordinal(lx, toks, i if start is None else start, j + 1, j, value)


def ordinal(lx: Lexicon, toks: list[Token], s: int, e: int, noun: int, value: int, unit: Unit | None = None) -> Found:
    if unit is None:
        unit = noun_unit(lx, toks[noun].text)[1]
    v = Decimal(value)
    return Found(s, 0, e, v, v, Decimal(0), "ordinal", unit.unit if unit else None, (noun, noun + 1))


# A move of a rate by more than this many percentage points is unheard of; points
# that many are basis points ("رفع الفائدة 200 نقطة (2%)", "50 points").
_MOST_PERCENTAGE_POINTS = 25


def points(lx: Lexicon, toks: list[Token], j: int, low: Decimal, high: Decimal) -> After | None:
    """"0,25 point", "7,5 puan", "0,25 пункта", "200 نقطة": points alone are points of a rate
    when the figure has decimals or the statement speaks of percent (else a score: "3 puan")."""
    whole = low == high and low == low.to_integral_value()
    if whole and lx.percent_words.isdisjoint(t.text for t in toks) and interest_rate_in(lx, toks) is None:
        return None  # "3 puan": a score, unless the statement speaks of an interest rate ("by six points")
    unit = "basis point" if whole and low >= _MOST_PERCENTAGE_POINTS else "percentage point"
    return After("percent", unit, (j, j + 1), j + 1)
