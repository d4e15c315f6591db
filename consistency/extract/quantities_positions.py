"""Quantities whose number is not followed by its unit: positions and money per item.

A position is the ordinal of a unit read as a value of that unit: "in the 36th
minute", "a 23rd-minute penalty", "à la 36e minute", "на 36-й минуте",
"36. dakikada", "في الدقيقة 36" all say minute 36 of a match, and compare as
36 minutes. Ordinals joined before the noun share it ("the 12th and 64th
minutes", "12. ve 77. dakikalarda", "80, 81 ve 118. dakikalarda"); Arabic puts
the definite noun first and the figures after it ("في الدقيقتين 12 و64"). Which
units take positions, and the Russian endings after a hyphen, are data
(quantities.yaml ``positions``).

Units written apart from the figure: "400m long" is metres, not millions (a glued
"m" before a dimension word); "300-метровый", "45-летний" write the unit as an
adjective after a hyphen (``dimensions``).

One unit of time with no number: "مهلة شهر", "for a week", "на неделю" (``one_unit``).

Money per item: "$54.20 per share", "54,20 dollars par action", "للسهم الواحد",
"hisse başına 54.20 $" price one share, unit "USD per share" (``per_item``).
"""

from __future__ import annotations

from decimal import Decimal

from .numbers import HALF
from .quantities_context import phrase_at, phrase_before
from .quantities_lexicon import ARTICLE, Lexicon
from .quantities_nouns import Found, fraction_after, noun_unit
from .quantities_text import Token

__all__ = ["dimensions", "money_per_item", "one_unit", "positions"]


# positions() asks about every word of every statement with a figure, and the answer depends on the
# word and the lexicon alone: each word is looked up once per lexicon (bounded, like extract.TEXT_MEMO).
_MEMO: tuple[Lexicon | None, dict[str, str | None]] = (None, {})


def _position_noun(lx: Lexicon, word: str) -> str | None:
    """The position unit a noun names ("minute", "минуте", "dakikasında", "الدقيقه", "الدقيقتين")."""
    global _MEMO
    memo_lx, memo = _MEMO
    if memo_lx is not lx or len(memo) >= 1 << 16:
        memo = {}
        _MEMO = (lx, memo)
    try:
        return memo[word]
    except KeyError:
        memo[word] = unit = _read_position_noun(lx, word)
        return unit


def _read_position_noun(lx: Lexicon, word: str) -> str | None:
    unit = noun_unit(lx, word)[1]
    if unit is None and word.startswith(ARTICLE):
        unit = lx.unit_duals.get(word[len(ARTICLE):])
    if unit is None:
        unit = lx.unit_duals.get(word)
    return unit.unit if unit is not None and unit.unit in lx.position_units else None


def _ordinal_before(lx: Lexicon, toks: list[Token], k: int, *, bare: bool) -> tuple[int, int] | None:
    """The ordinal figure ending at token ``k`` (inclusive) as (first token, value), or None.

    "57 th", "74 e", "67 - й", "54 ." (the dot then a space: Turkish); ``bare`` also takes
    plain digits (a figure listed before an ordinal: "80, 81 ve 118.")."""
    t = toks[k]
    if t.is_digits and bare:
        return k, int(t.text)
    if k < 1:
        return None
    d = toks[k - 1]
    if t.text in lx.ordinal_suffixes and d.is_digits and d.end == t.start:
        return k - 1, int(d.text)
    if t.text == "." and d.is_digits and d.end == t.start and (k + 1 >= len(toks) or toks[k + 1].start > t.end):
        return k - 1, int(d.text)
    if t.text in lx.position_marks and k >= 2 and toks[k - 1].text == "-" and toks[k - 2].is_digits \
            and toks[k - 2].end == toks[k - 1].start and toks[k - 1].end == t.start:
        return k - 2, int(toks[k - 2].text)
    return None


def _found(s: int, e: int, value: int, unit: str, noun: tuple[int, int]) -> Found:
    v = Decimal(value)
    return Found(s, 0, e, v, v, HALF, "duration", unit, noun)


def _ordinals_then_noun(lx: Lexicon, toks: list[Token], j: int, unit: str) -> list[Found]:
    """The ordinals before the position noun at ``j``, last first, each sharing the noun."""
    k = j - 1
    if k >= 0 and toks[k].text == "-":  # "a 23rd-minute penalty"
        k -= 1
    if k < 0:
        return []
    first = _ordinal_before(lx, toks, k, bare=False)
    if first is None:
        return []
    out = [_found(first[0], j + 1, first[1], unit, (j, j + 1))]
    k = first[0] - 1
    while k >= 1 and (toks[k].text in lx.joiners or toks[k].text == ","):
        prev = _ordinal_before(lx, toks, k - 1, bare=True)
        if prev is None or not 0 < prev[1] < 1000:
            break
        out.append(_found(prev[0], k, prev[1], unit, (j, j + 1)))
        k = prev[0] - 1
    return out


def _noun_then_figures(lx: Lexicon, toks: list[Token], j: int, unit: str) -> list[Found]:
    """"في الدقيقة 23", "عند الدقيقة 34", "في الدقيقتين 12 و64": the definite noun, then its figures."""
    w = toks[j].text
    if not ("\u0600" <= w[:1] <= "\u06ff") or ARTICLE not in w[:4]:
        return []
    out: list[Found] = []
    k = j + 1
    while k < len(toks) and toks[k].is_digits:
        if not 0 < int(toks[k].text) < 1000:
            break
        out.append(_found(j if not out else k, k + 1, int(toks[k].text), unit, (j, j + 1)))
        if k + 2 < len(toks) and toks[k + 1].text in lx.joiners and toks[k + 2].is_digits:
            k += 2
        else:
            break
    return out


def _bracketed(lx: Lexicon, toks: list[Token]) -> list[Found]:
    """"(36e)", "(80e et 81e)": ordinals alone in brackets, in a statement that speaks of a match."""
    if lx.position_bare is None or lx.position_cues.isdisjoint(t.text for t in toks):
        return []
    out: list[Found] = []
    for j, t in enumerate(toks):
        if t.text != "(":
            continue
        k, mine = j + 1, []
        while k + 1 < len(toks) and toks[k].is_digits and toks[k + 1].text in lx.ordinal_suffixes \
                and toks[k].end == toks[k + 1].start and 0 < int(toks[k].text) < 200:
            mine.append(_found(k, k + 2, int(toks[k].text), lx.position_bare, (k, k + 2)))
            k += 2
            if k < len(toks) and (toks[k].text in lx.joiners or toks[k].text == ","):
                k += 1
        if mine and k < len(toks) and toks[k].text == ")":
            out += mine
    return out


def positions(lx: Lexicon, toks: list[Token], found: list[Found]) -> list[Found]:
    """``found`` with the positions of its statement read in (what they overlap replaced)."""
    if not lx.position_units:
        return found
    pos: list[Found] = []
    for j, t in enumerate(toks):
        if not t.text[0].isalpha():
            continue
        unit = _position_noun(lx, t.text)
        if unit is None:
            continue
        pos += _ordinals_then_noun(lx, toks, j, unit) or _noun_then_figures(lx, toks, j, unit)
    pos += _bracketed(lx, toks)
    if not pos:
        return found
    taken = {k for p in pos for k in range(p.start, p.end)}
    kept = [f for f in found if taken.isdisjoint(range(f.start, f.end))]
    return sorted(kept + pos, key=lambda f: f.start)


def money_per_item(lx: Lexicon, toks: list[Token], f: Found) -> None:
    """"$54.20 per share", "hisse başına 54,2 dolar": money per item, unit "<currency> per <item>"."""
    if f.kind != "money" or " per " in (f.unit or ""):
        return
    hit = phrase_at(lx.per_item, toks, f.end) if f.end < len(toks) and toks[f.end].text in lx.per_item else None
    if hit is not None:
        f.unit, f.end = f"{f.unit} per {hit[1]}", hit[2]
        return
    before = phrase_before(lx, lx.per_item_before, toks, f.start) if f.start else None
    if before is not None:
        f.unit = f"{f.unit} per {before[2]}"


def dimensions(lx: Lexicon, toks: list[Token], f: Found) -> None:
    """"400m long", "59m wide": metres; "300-метровый", "45-летний": the unit of the adjective."""
    if f.unit is not None or f.kind != "other":
        return
    e = f.end
    mark = toks[e - 1].text if e >= 2 else ""
    if mark in lx.dimension_marks and toks[e - 2].is_digits and toks[e - 2].end == toks[e - 1].start \
            and phrase_at(lx.dimension_words, toks, e) is not None:
        sc = lx.scales.get(mark)
        if sc is not None and f.low >= sc.value:  # read as millions: undo the scale
            f.low, f.high, f.precision = f.low / sc.value, f.high / sc.value, f.precision / sc.value
        f.unit = lx.dimension_marks[mark]
        f.kind, f.noun = lx.units[f.unit].kind, (e - 1, e)
        return
    if e + 1 < len(toks) and toks[e].text == "-" and toks[e + 1].text in lx.unit_adjectives \
            and toks[e - 1].end == toks[e].start and toks[e].end == toks[e + 1].start:
        f.unit = lx.unit_adjectives[toks[e + 1].text]
        f.kind, f.noun, f.end = lx.units[f.unit].kind, (e + 1, e + 2), e + 2


def one_unit(lx: Lexicon, toks: list[Token], found: list[Found]) -> list[Found]:
    """``found`` with lone singular nouns of time after a length word read as one unit ("مهلة شهر")."""
    if not lx.one_nouns:
        return found
    taken = {k for f in found for k in range(f.start, f.end)}
    new = []
    for j, t in enumerate(toks):
        unit = lx.one_nouns.get(t.text)
        if unit is None or j in taken or j == 0:
            continue
        if j + 1 < len(toks) and (toks[j + 1].is_digits or toks[j + 1].text in lx.months
                                  or toks[j + 1].text.startswith(ARTICLE) or toks[j + 1].text in lx.cardinals):
            continue  # "منذ عام 2010", "خلال شهر رمضان", "يوم الأحد", "عام واحد" (read already)
        before = phrase_before(lx, lx.one_before, toks, j)
        half = fraction_after(lx, toks, j + 1)  # "عام ونصف": one and a half, a length with or without a cue
        if (before is None or before[1]) and half is None:
            continue
        one, end = (Decimal(1), j + 1) if half is None else (1 + half[0], half[1])
        new.append(Found(j, 0, end, one, one, HALF * (half[0] if half else 1), lx.units[unit].kind, unit, (j, j + 1)))
    return sorted(found + new, key=lambda f: f.start) if new else found
