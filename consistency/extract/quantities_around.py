"""What the words around a figure say: a range's second number, the noun counted before a bare figure.

Read by quantities._quantity once it holds a number: "between 2 and 2.5
billion" (read_range), "the death toll had passed 2,000" (counted_noun_before),
"الأشهر الـ6" (definite_noun_before), "the eight people killed"
(told_toll), "16.000" (dotted_thousands).
"""

from __future__ import annotations

from .numbers import Number, read_number
from .quantities_context import ARTICLED, phrase_at
from .quantities_lexicon import ARTICLE, PREFIXES, Lexicon, Unit
from .quantities_nouns import Found, noun_unit
from .quantities_text import Token


def told_toll(lx: Lexicon, toks: list[Token], i: int, end: int) -> bool:
    """"the eight people killed", "the three who died": the noun's toll verb makes a referring
    phrase a count of the dead (injured) all the same."""
    people = phrase_at(lx.unit_words, toks, i + 1)  # people killed, not "the two sides killed time"
    if people is None or getattr(people[1], "unit", None) != "person":
        return False
    return (any(toks[k].text in lx.toll_before for k in range(i + 1, min(len(toks), end + 1)))
            or phrase_at(lx.toll_after, toks, end) is not None)


def dotted_thousands(digits: str, n, is_range: bool) -> bool:
    """"16.000", "4.200": one dot, one to three digits before it and exactly three after, no scale word."""
    head, dot, tail = digits.partition(".")
    return (bool(dot) and not is_range and n.scale is None and n.end == n.start + 1 and head.isdigit()
            and 1 <= len(head) <= 3 and head[0] != "0" and len(tail) == 3 and tail.isdigit())


# How far back a bare figure looks for what it counts ("the number of people
# killed in the explosion has risen to 135": six words).
NOUN_REACH = 20
# What a figure may count when the noun went before it: the tolls of news
# (people, dead, injured, missing, displaced) and a quake's magnitude. Other
# nouns before a figure are too often something else ("home to 3.6 million").
_BACK_UNITS = frozenset(("person", "death", "injury", "missing", "refugee", "soldier", "magnitude"))


def counted_noun_before(lx: Lexicon, toks: list[Token], ids: list[int], f: Found) -> None:
    """A bare figure takes the nearest counted noun before it in its clause.

    "عدد القتلى ... إلى 29605", "the death toll had passed 2,000", "ölü
    sayısının 812'ye", "magnitude 7.8": the subject names what the figure
    counts. Another number in between owns that noun, and a unit of
    measure (kilometres, dollars) is not taken.
    """
    clause = ids[f.start]
    nxt = toks[f.end].text if f.end < len(toks) else ""
    if nxt in lx.connectors:
        return  # "من 40 إلى 61 دولة": a change or a range, its noun comes after
    for k in range(f.start - 1, max(-1, f.start - 1 - NOUN_REACH), -1):
        if ids[k] != clause or toks[k].is_digits:
            return
        for phrase, unit in lx.unit_words.get(toks[k].text, ()):
            n = len(phrase)
            # a magnitude names its figure right before it ("magnitude 7.8"), never across words
            near = unit.unit != "magnitude" or (k + n == f.start and toks[f.start].is_digits)
            if tuple(t.text for t in toks[k:k + n]) == phrase and k + n <= f.start and unit.unit in _BACK_UNITS and near:
                f.kind, f.unit, f.noun = unit.kind, unit.unit, (k, k + n)
                return


def definite_noun_before(lx: Lexicon, toks: list[Token], i: int) -> Unit | None:
    """The unit of a definite noun written before a definite number ("الأشهر الـ6")."""
    if i < 2 or toks[i - 1].text not in ARTICLED or toks[i - 1].end != toks[i].start:
        return None
    if not toks[i - 2].text.startswith(ARTICLE):
        return None
    unit = noun_unit(lx, toks[i - 2].text)[1]
    return unit if unit is not None and unit.kind != "percent" else None


def read_range(lx: Lexicon, toks: list[Token], n: Number, between: bool, currency: str | None, start: int):
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
