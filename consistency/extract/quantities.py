"""Quantities in one statement: amounts of money, counts, durations, percentages.

``extract_quantities(text, offset=0)`` reads digits (Western and
Arabic-Indic), number words in Arabic and English, scales, ranges,
currencies, units and counted nouns, and the words that bound or soften a
number; it leaves out model names, identifiers, dates and times, and records
ordinals ("الدفعة الثانية") as kind "ordinal", never as a count.

Precision is half a unit of the last written component ("2.5 billion" is
+/- 0.05e9). "about X" (نحو، حوالي، قرابة، around ...) widens it to
max(2 x precision, 5% of X) (factors in data/quantities.yaml, ``widen``);
bounds ("more than", "أكثر من", "up to") are kept as the stated number plus a
qualifier, which compare_quantities reads as an open side.

All language knowledge is in data/numbers.yaml and data/quantities.yaml,
indexed once (quantities_lexicon); per statement the work is one translate,
one tokenizing regex and dict look-ups at the few tokens that can start a
quantity.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..model import QuantityMention, QuantityValue
from .numbers import HALF, Number, read_number, strip_article
from .quantities_context import (
    clause_ids,
    is_date,
    is_identifier,
    is_name,
    is_time,
    phrase_at,
    phrase_before,
    running_clauses,
)
from .quantities_lexicon import PREFIXES, Lexicon, Unit, lexicon
from .quantities_text import DIGIT, WORD, Prepared, Token

__all__ = ["extract_quantities"]


@dataclass
class _Found:
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
class _After:
    kind: str
    unit: str
    noun: tuple[int, int]
    end: int
    factor: Decimal = Decimal(1)  # a minor currency unit: "45 cents" is 0.45 USD


def extract_quantities(text: str, *, offset: int = 0) -> list[QuantityMention]:
    """Every quantity in ``text`` (one statement), spans shifted by ``offset``."""
    lx = lexicon()
    pr = Prepared(text)
    if not DIGIT.search(pr.norm) and lx.triggers.isdisjoint(WORD.findall(pr.norm)):
        return []
    toks = pr.tokens
    found: list[_Found] = []
    i = 0
    while i < len(toks):
        t = toks[i].text
        if not (t[0].isdigit() or t in lx.triggers):
            i += 1
            continue
        f, nxt = _at(lx, pr, text, toks, i)
        if f is not None:
            found.append(f)
        i = max(nxt, i + 1)
    if not found:
        return []
    ids = clause_ids(toks)
    running = running_clauses(lx, toks, ids)
    return [_mention(pr, text, toks, f, ids[f.start] in running, offset) for f in found]


def _at(lx: Lexicon, pr: Prepared, text: str, toks: list[Token], i: int) -> tuple[_Found | None, int]:
    """The quantity starting at token ``i`` (or None) and where to go on."""
    t = toks[i].text
    if t in lx.ordinals_after:
        return _ordinal_after(lx, toks, i), i + 1
    if t in lx.ordinals_before:
        return _ordinal_before(lx, pr, text, toks, i, lx.ordinals_before[t]), i + 1
    dual = _dual(lx, toks, i)
    if dual is not None:
        return _finish(lx, toks, dual), dual.end
    n = read_number(lx, toks, i)
    if n is None:
        return _definite_after_noun(lx, toks, i), i + 1
    if n.ordinal is not None:
        return _ordinal_before(lx, pr, text, toks, n.end - 1, n.ordinal, start=i), n.end
    if is_name(lx, pr, text, toks, i):
        return None, n.end
    if n.needs_unit:
        f, nxt = _quantity(lx, pr, text, toks, n)
        if f is not None and f.unit is not None:
            return f, nxt  # "one battery"
        return _one_after_noun(lx, toks, i, n), n.end
    return _quantity(lx, pr, text, toks, n)


def _quantity(lx: Lexicon, pr: Prepared, text: str, toks: list[Token], n: Number) -> tuple[_Found | None, int]:
    i = n.start
    start, cut = i, n.cut
    currency = None
    sym = phrase_before(lx, lx.currency_symbols, toks, i)
    if sym is not None and not n.cut and _symbol_ok(pr, text, toks, sym[0], i):
        start, cut, currency = sym[0], sym[1], sym[2]
    between = phrase_before(lx, lx.between, toks, start) if not cut else None
    low, high, prec, end = n.low, n.high, n.precision, n.end
    is_range = False
    if not (n.plain_digits and is_date(lx, toks, i, n, True)):
        r = _range(lx, toks, n, between is not None, currency, start)
        if r is not None:
            low, high, prec, end = r
            is_range = True
    k = end + 1 if end < len(toks) and toks[end].text == "-" else end
    if k < len(toks) and toks[k].text in lx.fraction_words:
        return None, k + 1  # "two-thirds", "ثلاثة أرباع"
    after = _unit_after(lx, pr, text, toks, end)
    if after is not None and after.kind == "money" and currency not in (None, after.unit):
        after = None
    if after is not None and after.factor != 1:
        low, high, prec = low * after.factor, high * after.factor, prec * after.factor  # "45 cents"
    if after is not None and n.scale is None and not n.vague and low == high:
        half = _fraction_after(lx, toks, after.end)
        if half is not None:  # "ثلاث ساعات ونصف": the half follows the noun
            low = high = low + half[0]
            prec = min(prec, HALF * Decimal(1).scaleb(low.as_tuple().exponent))
            after.end = half[1]
    has_unit = after is not None or currency is not None or n.scale is not None
    if not has_unit and is_identifier(lx, toks, i):
        return None, n.end
    if not is_range and (is_date(lx, toks, i, n, has_unit) or is_time(lx, toks, i, end, has_unit)):
        return None, n.end
    if between is not None and is_range:
        start, cut = between[0], between[1]
    if currency is not None:
        kind, unit = "money", currency
    elif after is not None:
        kind, unit = after.kind, after.unit
    else:
        kind, unit = "other", None
    f = _Found(start, cut, after.end if after else end, low, high, prec, kind, unit, after.noun if after else None)
    if n.vague:
        f.qualifier = "vague"
    elif (kind == "count" and n.words and n.low <= 10 and start == i and i > 0
          and toks[i - 1].text in lx.referential_before):
        return None, f.end  # "the two countries": a reference, not a count
    return _finish(lx, toks, f), f.end


def _fraction_after(lx: Lexicon, toks: list[Token], j: int) -> tuple[Decimal, int] | None:
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


def _symbol_ok(pr: Prepared, text: str, toks: list[Token], s: int, i: int) -> bool:
    """A code written in letters ("USD", "TL") counts only in upper case."""
    for k in range(s, i):
        if toks[k].text.isalpha():
            a, b = pr.original(toks[k].start), pr.original(toks[k].end)
            if not text[a:b].isupper():
                return False
    return True


def _range(lx: Lexicon, toks: list[Token], n: Number, between: bool, currency: str | None, start: int):
    """"between 2 and 2.5 billion", "2-3", "ما بين 2 و2.5 مليار": (low, high, precision, end).

    ``start`` is the phrase's first token (a currency symbol, or the number):
    after "from" two numbers are a change ("rose from $2bn to $3bn"), not a range.
    """
    j = n.end
    if n.vague or j >= len(toks):
        return None
    t = toks[j].text
    if between and t in lx.between_and:
        k = j + 1
    elif not between and t in lx.connectors and not (start > 0 and toks[start - 1].text in lx.from_words):
        k = j + 1
    elif between and t[:1] in lx.between_and and t[0] in PREFIXES:
        k = j  # "وثلاثة": the conjunction is glued to the second number
    else:
        return None
    if currency is not None and k < len(toks):
        if any(ph == (toks[k].text,) and code == currency for ph, code in lx.currency_symbols.get(toks[k].text, ())):
            k += 1  # "$2-$3 billion"
    if k >= len(toks):
        return None
    n2 = read_number(lx, toks, k)
    if n2 is None or n2.vague or n2.ordinal is not None or n2.needs_unit:
        return None
    if k == j and n2.cut == 0:
        return None
    lo, p1 = n.low, n.precision
    if n.scale is None and n2.scale is not None:
        lo, p1 = lo * n2.scale, p1 * n2.scale  # "between 2 and 2.5 billion"
    if not (lo < n2.low or (between and lo <= n2.low)):
        return None
    return lo, n2.high, min(p1, n2.precision), n2.end


def _unit_after(lx: Lexicon, pr: Prepared, text: str, toks: list[Token], j: int) -> _After | None:
    """The currency, unit or counted noun right after a number."""
    if j >= len(toks):
        return None
    hit = _unit_here(lx, pr, text, toks, j)
    if hit is not None:
        return hit
    t = toks[j].text
    if t in ("of", "من") and j + 1 < len(toks):
        hit = _unit_here(lx, pr, text, toks, j + 1)  # "billions of dollars", "عشرات من الأشخاص"
        if hit is not None and (t == "of" or toks[j + 1].text.startswith("ال")):
            return hit
        return None
    k = _gap(lx, pr, text, toks, j)
    if k > j and k < len(toks):
        hit = _unit_here(lx, pr, text, toks, k)
        if hit is not None and hit.kind != "money":
            return hit
    return None


def _gap(lx: Lexicon, pr: Prepared, text: str, toks: list[Token], j: int) -> int:
    """Past the English words that may stand between a number and its noun.

    "four new S-400 batteries", "four SSB employees": listed adjectives,
    model names (letters-hyphen-digits) and acronyms written in capitals.
    """
    k = j
    while k < len(toks) and k - j < 6 and toks[k].text.isascii():
        tk = toks[k].text
        if tk in lx.noun_gap or tk == "-" or (tk[0].isdigit() and k > j and toks[k - 1].text == "-"):
            k += 1
        elif tk.isalpha() and k + 1 < len(toks) and toks[k + 1].text == "-" and toks[k + 1].start == toks[k].end:
            k += 1
        elif tk.isalpha() and len(tk) >= 2 and text[pr.original(toks[k].start):pr.original(toks[k].end)].isupper():
            k += 1
        else:
            break
    return k


def _unit_here(lx: Lexicon, pr: Prepared, text: str, toks: list[Token], j: int) -> _After | None:
    m = phrase_at(lx.currency_words, toks, j)
    if m is not None:
        return _After("money", m[1], (j, m[2]), m[2])
    t = toks[j].text
    if not t[0].isalnum():  # "2.5 مليار $": a symbol written after the amount
        for phrase, code in lx.currency_symbols.get(t, ()):
            if phrase == (t,):
                return _After("money", code, (j, j + 1), j + 1)
    m = phrase_at(lx.currency_minor, toks, j)
    if m is not None:
        return _After("money", m[1][0], (j, m[2]), m[2], m[1][1])
    t = toks[j].text
    if t in lx.iso_codes and _symbol_ok(pr, text, toks, j, j + 1):
        return _After("money", lx.iso_codes[t], (j, j + 1), j + 1)
    m = phrase_at(lx.unit_words, toks, j)
    if m is None:
        return None
    unit: Unit = m[1]
    end = m[2]
    # English compounds: the head noun is the last one ("missile batteries")
    while end < len(toks) and toks[end].text.isascii():
        m2 = phrase_at(lx.unit_words, toks, end)
        if m2 is None or m2[1].kind == "percent":
            break
        unit, end = m2[1], m2[2]
    return _After(unit.kind, unit.unit, (j, end), end)


def _finish(lx: Lexicon, toks: list[Token], f: _Found) -> _Found:
    """Qualifiers before and after, and the precision they imply."""
    if f.qualifier is None:
        q = phrase_before(lx, lx.qualifiers_before, toks, f.start) if not f.cut else None
        if q is not None and f.kind == "duration" and toks[q[0]].text in lx.not_before_durations:
            q = None  # "over ten years" is "during", not "more than"
        if q is not None:
            f.start, f.cut, f.qualifier = q[0], q[1], q[2]
    q2 = phrase_at(lx.qualifiers_after, toks, f.end)
    if q2 is not None and f.qualifier is None:
        f.qualifier, f.end = q2[1], q2[2]
    if f.qualifier == "about":
        w = lx.widen
        f.precision = max(f.precision * Decimal(str(w["about_precision_factor"])),
                          abs(f.high) * Decimal(str(w["about_relative"])))
    return f


def _dual(lx: Lexicon, toks: list[Token], i: int) -> _Found | None:
    """"ساعتين", "بطاريتين": an Arabic dual noun on its own is two of it."""
    t = toks[i].text
    for cut in (0, 1, 2):
        if cut and t[:cut] not in PREFIXES:
            continue
        u = lx.unit_duals.get(t[cut:])
        if u is not None:
            two = Decimal(2)
            return _Found(i, cut, i + 1, two, two, HALF, u.kind, u.unit, (i, i + 1), noun_cut=cut)
    return None


def _definite_after_noun(lx: Lexicon, toks: list[Token], i: int) -> _Found | None:
    """"الأشهر الستة", "السنوات العشر": a definite cardinal follows its definite noun."""
    t = toks[i].text
    v = lx.cardinals.get(t[2:]) if t.startswith("ال") else None
    if v is None or v < 3 or t[2:] in lx.compound_only or i == 0 or not toks[i - 1].text.startswith("ال"):
        return None
    cut, unit = _noun_unit(lx, toks[i - 1].text)
    if unit is None or unit.kind == "percent":
        return None
    return _found_after_noun(lx, toks, i, v, unit)


def _found_after_noun(lx: Lexicon, toks: list[Token], i: int, v: Decimal, unit: Unit) -> _Found:
    return _finish(lx, toks, _Found(i - 1, 0, i + 1, v, v, HALF, unit.kind, unit.unit, (i - 1, i)))


def _one_after_noun(lx: Lexicon, toks: list[Token], i: int, n: Number) -> _Found | None:
    """"دولة واحدة": Arabic "one" follows its noun; alone it is a pronoun."""
    if i == 0 or n.end != i + 1:
        return None
    cut, unit = _noun_unit(lx, toks[i - 1].text)
    if unit is None or unit.kind == "percent":
        return None
    return _Found(i - 1, cut, i + 1, n.low, n.high, n.precision, unit.kind, unit.unit, (i - 1, i), noun_cut=cut)


def _noun_unit(lx: Lexicon, word: str) -> tuple[int, Unit | None]:
    """The unit a single Arabic or English noun names, past an attached prefix."""
    for cut in (0, 1, 2):
        if cut and (word[:cut] not in PREFIXES or len(word) <= cut + 1):
            continue
        for phrase, unit in lx.unit_words.get(word[cut:], ()):
            if len(phrase) == 1:
                return cut, unit
    return 0, None


def _ordinal_after(lx: Lexicon, toks: list[Token], i: int) -> _Found | None:
    """"الدفعة الثانية", "الفوج الأول", "دفعة ثانية": the ordinal follows its noun."""
    if i == 0 or not toks[i - 1].text[0].isalpha():
        return None
    noun = toks[i - 1].text
    cut, _ = _noun_unit(lx, noun)
    for c in (2, 1):
        if not cut and noun[:c] in PREFIXES and noun[c:].startswith("ال"):
            cut = c  # "والنصف"
            break
    base = strip_article(noun[cut:])
    if base in lx.ordinal_nouns or base in lx.months or noun in lx.months or noun in lx.triggers:
        return None
    at = i - 1
    if _noun_unit(lx, noun)[1] is None:
        if i >= 2 and _noun_unit(lx, toks[i - 2].text)[1] is not None:
            at = i - 2  # an adjective in between: "الدفعة الروسية الثانية"
            cut = _noun_unit(lx, toks[at].text)[0]
        elif base.endswith(("يه", "ي")):
            return None  # after an adjective ("الإدارة الأوروبية الرابعة"): its noun is out of reach
    f = _ordinal(lx, toks, at, i + 1, at, lx.ordinals_after[toks[i].text])
    f.cut = f.noun_cut = cut
    return f


def _ordinal_before(lx: Lexicon, pr: Prepared, text: str, toks: list[Token], i: int, value: int,
                    *, start: int | None = None) -> _Found | None:
    """"the second batch", "أول نظام", "2nd delivery": the ordinal precedes its noun."""
    j = i + 1
    if j >= len(toks) or not toks[j].text[0].isalpha() or toks[j].start == toks[i].end:
        return None
    noun = strip_article(toks[j].text)
    if noun in lx.ordinal_nouns or noun in lx.months or toks[j].text in lx.from_words:
        return None
    if toks[j].text.isascii():
        # English ordinals are everywhere ("the first time"): only before a known noun
        k = _gap(lx, pr, text, toks, j)
        m = phrase_at(lx.unit_words, toks, k) if k < len(toks) else None
        if m is None:
            return None
        return _ordinal(lx, toks, i if start is None else start, m[2], k, value, m[1])
    return _ordinal(lx, toks, i if start is None else start, j + 1, j, value)


def _ordinal(lx: Lexicon, toks: list[Token], s: int, e: int, noun: int, value: int, unit: Unit | None = None) -> _Found:
    if unit is None:
        unit = _noun_unit(lx, toks[noun].text)[1]
    v = Decimal(value)
    return _Found(s, 0, e, v, v, Decimal(0), "ordinal", unit.unit if unit else None, (noun, noun + 1))


def _num(d: Decimal) -> float:
    return float(d)


def _mention(pr: Prepared, text: str, toks: list[Token], f: _Found, changes: bool, offset: int) -> QuantityMention:
    a = pr.original(toks[f.start].start + f.cut)
    b = pr.original(toks[f.end - 1].end)
    noun = None
    if f.noun is not None:
        noun = text[pr.original(toks[f.noun[0]].start + f.noun_cut):pr.original(toks[f.noun[1] - 1].end)]
    value = QuantityValue(
        low=_num(f.low), high=_num(f.high), kind=f.kind, unit=f.unit,
        precision=_num(f.precision), qualifier=f.qualifier,
        changes=changes and f.kind != "ordinal",
    )
    return QuantityMention(start=offset + a, end=offset + b, text=text[a:b], value=value, noun=noun)
