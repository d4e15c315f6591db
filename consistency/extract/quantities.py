"""Quantities in one statement: amounts of money, counts, durations, percentages.

``extract_quantities(text, offset=0)`` reads digits (Western and
Arabic-Indic), number words in Arabic and English, scales, ranges,
currencies, units and counted nouns, and the words that bound or soften a
number; it leaves out model names, identifiers, dates and times. Ordinals
("الدفعة الثانية", "the first batch") are roles, not amounts: they are not
quantities, and ``extract_ordinals`` gives them (kind "ordinal", with their
noun) for the linker to tell "the first batch" from "the second".

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

import math
from dataclasses import replace
from datetime import date
from decimal import Decimal
from functools import lru_cache

from ..model import QuantityMention, QuantityValue
from . import TEXT_MEMO
from .numbers import HALF, Number, read_number
from .quantities_context import (
    clause_ids,
    date_evidence,
    is_identifier,
    is_name,
    is_time,
    names_and_conversions,
    phrase_at,
    phrase_before,
    running_clauses,
)
from .quantities_around import counted_noun_before, definite_noun_before, dotted_thousands, read_range, told_toll
from .quantities_lexicon import Lexicon, lexicon
from .quantities_positions import dimensions, money_per_item, one_unit, positions
from .quantities_shares import partitives, shares
from .quantities_nouns import (
    Found,
    definite_after_noun,
    dual,
    finish,
    fraction_after,
    one_after_noun,
    ordinal_after,
    ordinal_before,
    points,
    symbol_ok,
    unit_after,
)
from .quantities_rates import exchange_rates, from_to, rate_moves, resolve_generic
from .quantities_readings import (
    apposed_age,
    composite,
    elliptic,
    fraction_of_unit,
    is_magnitude,
    major_minor,
    one_then_smaller,
    parts_of_whole,
    per_day,
    scaled_sum,
    toll_verb,
    unit_and_a_half,
    with_companion,
)
from .quantities_text import DIGIT, SEPARATED, WORD, Prepared, Token, decimal_comma, written_in

__all__ = ["extract_ordinals", "extract_quantities"]


def extract_quantities(text: str, *, offset: int = 0, published: date | None = None) -> list[QuantityMention]:
    """Every quantity in ``text`` (one statement), spans shifted by ``offset``; no ordinals.

    ``published``: the article's date; money is stamped with its month, whose
    exchange rate converts it when compared with another currency.
    """
    found = [m for m in _read(text) if m.value.kind != "ordinal" and _finite(m.value)]
    if published is not None and any(m.value.kind == "money" for m in found):
        month = f"{published.year:04d}-{published.month:02d}"
        found = [replace(m, value=replace(m.value, as_of=month)) if m.value.kind == "money" else m for m in found]
    return _shifted(found, offset)


def extract_ordinals(text: str, *, offset: int = 0) -> list[QuantityMention]:
    """The ordinals of ``text`` ("the second batch", "الفوج الأول"): roles, kind "ordinal"."""
    return _shifted([m for m in _read(text) if m.value.kind == "ordinal" and _finite(m.value)], offset)


def _shifted(found: list[QuantityMention], offset: int) -> list[QuantityMention]:
    if not offset:
        return found
    return [QuantityMention(offset + m.start, offset + m.end, m.text, m.value, m.noun) for m in found]


@lru_cache(maxsize=TEXT_MEMO)
def _read(text: str) -> tuple[QuantityMention, ...]:
    """The quantities of ``text`` in its own offsets (remembered: see extract.TEXT_MEMO)."""
    return tuple(_quantities(text))


def _quantities(text: str) -> list[QuantityMention]:
    lx = lexicon()
    pr = Prepared(text)
    if not DIGIT.search(pr.norm):
        words = set(WORD.findall(pr.norm))
        if lx.triggers.isdisjoint(words) and lx.share_words.isdisjoint(words) and lx.one_nouns.keys().isdisjoint(words):
            return []  # no figure, number word, fraction of a group or lone noun of time
    if SEPARATED.search(pr.norm) and not lx.decimal_comma_letters.isdisjoint(pr.norm) \
            and written_in(lx.decimal_comma_letters, pr.norm):
        pr.norm = decimal_comma(pr.norm)
    toks = pr.tokens
    triggers = lx.triggers
    found: list[Found] = []
    nxt = 0  # tokens before it belong to a quantity already read
    for i in [i for i, tok in enumerate(toks) if tok.text[0].isdigit() or tok.text in triggers]:
        if i < nxt or _case_ending(toks, i):
            continue
        f, nxt = _at(lx, pr, text, toks, i)
        if f is not None:
            found.append(f)
    if not found:  # "in the 57th minute", "half of its staff": no quantity of _at's
        return [_mention(pr, text, toks, f, False) for f in one_unit(lx, toks, shares(lx, toks, positions(lx, toks, found)))]
    if len(found) > 1:
        found = scaled_sum(lx, toks, found)
    if len(found) > 1 and (sum(f.kind == "duration" for f in found) > 1
                           or (lx.hour_marks and any(f.unit == "minute" for f in found))):
        found = composite(lx, toks, found)
    for a, b in zip(found, found[1:]):
        # "7,7 ve 7,6 büyüklüğündeki", "the 7.7 and 7.6 quakes": a figure joined to the next shares its noun
        if a.unit is None and a.kind == "other" and b.unit is not None and b.start == a.end + 1 \
                and toks[a.end].text in lx.joiners and b.qualifier != "vague":
            a.kind, a.unit = b.kind, b.unit
    if lx.of_which and len(found) > 1:
        parts_of_whole(lx, toks, found)
    if any(f.unit is None and f.kind == "other" for f in found):
        ids = clause_ids(toks)
        for f in found:
            if f.unit is None and f.kind == "other":
                counted_noun_before(lx, toks, ids, f)
        for a, b in zip(found, found[1:]):
            # "magnitude 7.7 and 7.6": the noun before the first figure is the second's too
            if b.unit is None and b.kind == "other" and a.unit is not None and a.noun and a.noun[0] < a.start \
                    and b.start == a.end + 1 and toks[a.end].text in lx.joiners:
                b.kind, b.unit = a.kind, a.unit
    partitives(lx, toks, found)
    if len(found) > 1:
        elliptic(lx, toks, found)
        found = major_minor(lx, toks, found)
        from_to(lx, toks, found)
    found = exchange_rates(lx, toks, found)
    resolve_generic(lx, toks, found)
    rate_moves(lx, toks, found)
    for f in found:
        if f.unit is not None and f.kind != "duration" and (
                (f.end < len(toks) and toks[f.end].text in lx.rates)
                or any(toks[k].text in lx.rates_before for k in range(max(0, f.start - 3), f.start))):
            per_day(lx, toks, f)
        if f.unit is None and f.kind == "other" and is_magnitude(lx, toks, f):
            f.kind, f.unit = lx.units["magnitude"].kind, "magnitude"
        if f.unit is None and f.kind == "other" and apposed_age(pr, text, toks, f):
            f.kind, f.unit = "duration", "year"
        if f.unit is None and f.kind == "other" and (lx.toll_before or lx.toll_after):
            toll = toll_verb(lx, toks, f)
            if toll is not None:
                f.kind, f.unit = "count", toll
        money_per_item(lx, toks, f)
        dimensions(lx, toks, f)
        named = with_companion(lx, pr, text, toks, f)
        if named:
            f.low, f.high = f.low + named, f.high + named
    one_then_smaller(lx, toks, found)
    found = one_unit(lx, toks, shares(lx, toks, positions(lx, toks, names_and_conversions(lx, pr, text, toks, found))))
    if lx.running.keys().isdisjoint([tok.text for tok in toks]):
        # No running-figure marker ("so far", "حتى الآن") starts at any token.
        return [_mention(pr, text, toks, f, False) for f in found]
    ids = clause_ids(toks)
    running = running_clauses(lx, toks, ids)
    return [_mention(pr, text, toks, f, ids[f.start] in running) for f in found]


def _case_ending(toks: list[Token], i: int) -> bool:
    """"17,5'ten", "2024'te": a Turkish ending glued to a number by an apostrophe is no word of its own
    (not the English "ten")."""
    return (i >= 2 and toks[i - 1].text == "'" and toks[i - 2].is_digits and not toks[i].is_digits
            and toks[i - 2].end == toks[i - 1].start and toks[i - 1].end == toks[i].start)


def _at(lx: Lexicon, pr: Prepared, text: str, toks: list[Token], i: int) -> tuple[Found | None, int]:
    """The quantity starting at token ``i`` (or None) and where to go on."""
    t = toks[i].text
    if t in lx.fractions and i >= 4:
        f = unit_and_a_half(lx, pr, text, toks, i)
        if f is not None:
            return f, i + 1
    if t in lx.fractions:
        f = fraction_of_unit(lx, pr, text, toks, i)
        if f is not None:
            return f, f.end
    if t in lx.ordinals_after:
        return ordinal_after(lx, toks, i), i + 1
    if t in lx.ordinals_before:
        return ordinal_before(lx, pr, text, toks, i, lx.ordinals_before[t]), i + 1
    two = dual(lx, toks, i)
    if two is not None:
        return finish(lx, toks, two), two.end
    n = read_number(lx, toks, i)
    if n is None:
        return definite_after_noun(lx, toks, i), i + 1
    if n.ordinal is not None:
        return ordinal_before(lx, pr, text, toks, n.end - 1, n.ordinal, start=i), n.end
    if is_name(lx, pr, text, toks, i):
        return None, n.end
    if n.needs_unit:
        f, nxt = _quantity(lx, pr, text, toks, n)
        if f is not None and f.unit is not None and not (f.noun and toks[f.noun[0]].text in lx.totals) \
                and not (f.noun and toks[f.noun[0] - 1].text in lx.partitive):
            return f, nxt  # "one battery"; not "un bilan" (a report, not one death), nor "one of the officials" 
        return one_after_noun(lx, toks, i, n), n.end
    return _quantity(lx, pr, text, toks, n)


def _quantity(lx: Lexicon, pr: Prepared, text: str, toks: list[Token], n: Number) -> tuple[Found | None, int]:
    i = n.start
    start, cut = i, n.cut
    currency = None
    sym = phrase_before(lx, lx.currency_symbols, toks, i)
    if sym is not None and not n.cut and symbol_ok(pr, text, toks, sym[0], i):
        start, cut, currency = sym[0], sym[1], sym[2]
    between = phrase_before(lx, lx.between, toks, start) if not cut else None
    low, high, prec, end = n.low, n.high, n.precision, n.end
    is_range = False
    date = date_evidence(lx, toks, i, n)  # is_date, read once: None is "a date unless it has a unit"
    if date is not True:
        r = read_range(lx, toks, n, between is not None, currency, start)
        if r is not None:
            low, high, prec, end = r
            is_range = True
    k = end + 1 if end < len(toks) and toks[end].text == "-" else end
    if k < len(toks) and toks[k].text in lx.fraction_words:
        den = lx.fraction_shares.get(toks[k].text)
        if den is None or is_range or n.scale is not None or not 0 < low == high < den:
            return None, k + 1  # "ثلاثة أرباع": a fraction's numerator, not an amount
        of_one = fraction_of_unit(lx, pr, text, toks, k)  # "three-quarters of a percentage point"
        if of_one is not None:
            part = low * of_one.low
            of_one.start, of_one.cut, of_one.low, of_one.high, of_one.precision = start, cut, part, part, HALF * part
            return of_one, of_one.end
        share = low * 100 / den  # "two-thirds" of a whole: a share, 66.67 percent
        f = Found(start, cut, k + 1, share, share, HALF, "percent", "percent", (k, k + 1))
        return finish(lx, toks, f), k + 1
    after = unit_after(lx, pr, text, toks, end)
    if after is None and n.scale is not None and end + 1 < len(toks) and toks[end].text == "." \
            and toks[end - 1].end == toks[end].start and len(toks[end - 1].text) <= 4:
        after = unit_after(lx, pr, text, toks, end + 1)  # "20 тыс. контейнеров", "3 млн. человек": an abbreviated scale
    post = None
    if after is None and end < len(toks) and toks[end].text in lx.qualifiers_after:
        # "100'den fazla bina", "50 bini aşkın kişi": Turkish bounds the
        # number before its noun
        post = phrase_at(lx.qualifiers_after, toks, end)
        after = unit_after(lx, pr, text, toks, post[2]) if post is not None else None
        if after is None:
            post = None
    if after is None and currency is None and end < len(toks) and toks[end].text in lx.point_words:
        after = points(lx, toks, end, low, high)
    if after is not None and currency is not None and (after.kind != "money" or currency != after.unit):
        after = None  # "$250m an hour": after a currency sign no other unit ("an" is French for a year)
    if after is not None and after.factor != 1:
        low, high, prec = low * after.factor, high * after.factor, prec * after.factor  # "45 cents"
    digits = toks[i].text[n.cut:]
    if after is not None and (after.kind == "count" or (after.kind == "other" and digits.endswith(".000"))) \
            and dotted_thousands(digits, n, is_range):
        # "16.000 personnes", "4.200 kişi": a count is whole, so a dot before three digits groups
        # thousands; so it does before three zeros in a measure ("100.000 bpj": no one writes that for 100)
        low = high = low * 1000
        prec = HALF
    if after is not None and n.scale is None and not n.vague and low == high:
        half = fraction_after(lx, toks, after.end)
        if half is not None:  # "ثلاث ساعات ونصف": the half follows the noun
            low = high = low + half[0]
            prec = min(prec, HALF * Decimal(1).scaleb(low.as_tuple().exponent))
            after.end = half[1]
    has_unit = after is not None or currency is not None or n.scale is not None
    # a year takes no adjectives: "2021 arms deals" is a year, "2021 soldiers" a count
    has_unit_here = has_unit and (after is None or after.noun[0] == end)
    if not has_unit and is_identifier(lx, toks, i):
        return None, n.end
    if not is_range and ((not has_unit_here if date is None else date) or is_time(lx, toks, i, end, has_unit)):
        return None, n.end
    if between is not None and is_range:
        start, cut = between[0], between[1]
    noun_before = None if has_unit or is_range else definite_noun_before(lx, toks, i)
    if noun_before is not None:  # "السنوات الـ24 المقبلة": the noun went first
        start, cut = i - 2, 0
    percent_first = (i > 0 and toks[i - 1].text in lx.percent_before and not cut and not is_range
                     and (toks[i - 1].text.isalpha() or toks[i - 1].end == toks[i].start))
    if currency is not None:
        kind, unit = "money", currency
    elif percent_first and after is not None and after.kind == "count":
        # "yüzde 47,82 oy aldı", "%52 oy": the percent sign says what the figure is; the count
        # noun after it says only what it is a share of
        kind, unit, start, after = "percent", "percent", i - 1, None
    elif after is not None:
        kind, unit = after.kind, after.unit
    elif noun_before is not None:
        kind, unit = noun_before.kind, noun_before.unit
    elif percent_first:
        kind, unit, start = "percent", "percent", i - 1  # "yüzde 68'i", "%45'ten" (the sign glued on)
    else:
        kind, unit = "other", None
    noun = after.noun if after else (i - 2, i - 1) if noun_before else None
    f = Found(start, cut, after.end if after else end, low, high, prec, kind, unit, noun)
    if post is not None:
        f.qualifier = post[1]
    if n.vague:
        f.qualifier = "vague"
    elif (kind == "count" and n.words and n.low <= 10 and start == i and i > 0
          and toks[i - 1].text in lx.referential_before
          and not told_toll(lx, toks, i, f.end)
          and not (i >= 3 and toks[i - 2].text in lx.share_links and toks[i - 3].text[0].isalnum())):
        return None, f.end  # "the two countries": a reference, not a count ("the eight people killed" is one)
    return finish(lx, toks, f), f.end


def _finite(v: QuantityValue) -> bool:
    """A written figure too large for a float (400 digits) is no value: inf would reach comparisons and JSON."""
    return (math.isfinite(v.precision) and v.low != math.inf and v.high != -math.inf
            and not (math.isnan(v.low) or math.isnan(v.high)))


def _num(d: Decimal) -> float:
    return float(d)


def _mention(pr: Prepared, text: str, toks: list[Token], f: Found, changes: bool) -> QuantityMention:
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
    return QuantityMention(start=a, end=b, text=text[a:b], value=value, noun=noun)
