"""Rates between two things a statement names: rates of exchange, moves of an interest rate, "from A to B unit".

A rate of exchange is an amount of one currency paid for one unit of
another; its unit is "A per B" (A counted, B priced), so it compares with
the same rate and never with a plain amount (compare.quantities: the parts
after " per " must match). It is written four ways:

- the priced currency after the amount: "49 pounds to the dollar", "46.45
  pounds per US dollar", "49 جنيها للدولار", "41 livres turques pour un euro";
  a bare figure takes its counted currency from a bare currency noun earlier
  in its clause ("the pound fell to 43.9 against the US dollar");
- the priced currency first, as a bare noun of the clause: "the dollar at 47
  pounds", "سعر صرف الدولار نحو 15 ألف ليرة", "Курс евро превысил 100 рублей";
- a pair: "Dolar/TL kuru 34,9", "USD/TRY 34.9" prices the first in the second;
- "from" right after a rate: "49 pounds to the dollar, from about 30.85 pounds".

An interest rate moves in points: "raised interest rates by 6%" is 6
percentage points (600 basis points); a percent that is the level reached
("to 27.25%") stays a percent. "from 2.80 to 3.20 pounds", "с 62 до 70
рублей", "34,2'den 34,9'a": the first figure is in the second's unit.

The words are data (quantities*.yaml: exchange_per, interest_rates, change_by,
ranges.to_words, ranges.from_endings).
"""

from __future__ import annotations

from decimal import Decimal

from .quantities_context import CLAUSE_BREAKS, clause_ids, interest_rate_in, phrase_at
from .quantities_lexicon import Lexicon
from .quantities_nouns import Found
from .quantities_text import Token

# A rate of exchange is written with its figure, never a scale of millions:
# "35 billion dollars ... 8 billion pounds" are amounts, whatever the clause names.
_RATE_MOST = Decimal(1_000_000)
# How far back in its clause a figure looks for the currency it prices ("the
# dollar was trading on Wednesday at more than 47 pounds").
_PRICED_REACH = 12
# A move of an interest rate of more than this many points is unheard of (as quantities_nouns.points).
_MOST_POINTS = Decimal(25)


def currency_named(lx: Lexicon, toks: list[Token], j: int) -> tuple[str, int] | None:
    """The currency a word names at token ``j`` (a word, not a symbol): (code, end token)."""
    m = phrase_at(lx.currency_words, toks, j) if j < len(toks) else None
    if m is not None and not toks[j].text[0].isdigit():
        return m[1], m[2]
    return None


def _glued(lx: Lexicon, toks: list[Token], j: int) -> tuple[str, int] | None:
    """"للدولار": a one-letter Arabic "for" glued to the currency (the article's alef dropped)."""
    t = toks[j].text
    for g in lx.exchange_glued:
        if t.startswith(g) and len(t) > len(g) + 2:
            rest = t[len(g):]
            for form in (("ا" + rest, rest) if rest.startswith("ل") else (rest,)):
                for phrase, code in lx.currency_words.get(form, ()):
                    if len(phrase) == 1:
                        return code, j + 1
    return None


def _priced_after(lx: Lexicon, toks: list[Token], j: int) -> tuple[str, int] | None:
    """The currency bought after an amount ending at token ``j`` ("to the dollar", "pour un euro"): (code, end)."""
    if j >= len(toks):
        return None
    m = phrase_at(lx.exchange_per, toks, j)
    if m is not None:
        c = currency_named(lx, toks, m[2])
        if c is not None:
            return c
        if m[2] < len(toks) and toks[m[2]].text in ("1", "one", "un", "une"):
            return currency_named(lx, toks, m[2] + 1)  # "per one dollar" when "per one" is not listed
    return _glued(lx, toks, j)


def _covered(found: list[Found]) -> dict[int, Found]:
    return {k: f for f in found for k in range(f.start, f.end)}


def _bare_currency_before(lx: Lexicon, toks: list[Token], ids: list[int], covered: dict[int, Found], f: Found,
                          not_code: str | None) -> str | None:
    """The nearest currency named as a bare noun (not an amount's unit) before ``f`` in its clause,
    with no other amount of money between ("with the dollar at 30 liras bread costs 10 liras")."""
    for k in range(f.start - 1, max(-1, f.start - 1 - _PRICED_REACH), -1):
        if ids[k] != ids[f.start]:
            return None
        if k in covered:
            other = covered[k]
            if other.kind == "money" and other is not f:
                return None
            continue
        c = currency_named(lx, toks, k)
        if c is None and toks[k].text in lx.rate_only:  # "the pound traded at 30.9 per dollar"
            m = phrase_at(lx.rate_only, toks, k)
            c = (m[1], m[2]) if m is not None else None
        if c is not None and c[1] <= f.start and not (k and toks[k - 1].is_digits):
            return c[0] if c[0] != not_code else None
    return None


def _pair(lx: Lexicon, toks: list[Token], ids: list[int], f: Found) -> tuple[str, str] | None:
    """"Dolar/TL kuru ... 34,9": (priced, counted) of a currency pair earlier in the figure's clause."""
    for k in range(f.start - 1, max(-1, f.start - 1 - _PRICED_REACH), -1):
        if ids[k] != ids[f.start]:
            return None
        if toks[k].text != "/":
            continue
        b = currency_named(lx, toks, k + 1) or _iso(lx, toks, k + 1)
        for s in range(k - 1, max(-1, k - 4), -1):
            a = currency_named(lx, toks, s) or _iso(lx, toks, s)
            if a is not None and a[1] == k:
                return (a[0], b[0]) if b is not None and a[0] != b[0] else None
    return None


def _iso(lx: Lexicon, toks: list[Token], j: int) -> tuple[str, int] | None:
    if j < len(toks) and toks[j].text in lx.iso_codes:
        return lx.iso_codes[toks[j].text], j + 1
    return None


def _rate(f: Found, counted: str, priced: str, end: int | None = None) -> None:
    f.kind, f.unit = "money", f"{counted} per {priced}"
    if end is not None:
        f.end = end


def exchange_rates(lx: Lexicon, toks: list[Token], found: list[Found]) -> list[Found]:
    """Read the rates of exchange among ``found`` (see the module doc); drops the "un euro" a rate swallowed."""
    money = any(f.kind == "money" for f in found)
    if not money and not any(f.kind == "other" and f.unit is None for f in found):
        return found
    ids: list[int] = []  # clause numbers and covered tokens: built on first need (most statements never do)
    covered: dict[int, Found] = {}

    def context() -> tuple[list[int], dict[int, Found]]:
        if not ids:
            ids.extend(clause_ids(toks))
            covered.update(_covered(found))
        return ids, covered

    slash = None
    last_rate: Found | None = None
    for f in found:
        if f.high >= _RATE_MOST or f.kind not in ("money", "other") or f.qualifier == "vague" \
                or " per " in (f.unit or "") or (f.kind == "other" and f.unit is not None):
            continue
        counted = f.unit if f.kind == "money" else None
        end = f.end
        weak = phrase_at(lx.rate_only, toks, f.end) if counted is None else None
        if weak is not None:  # "47 pounds per dollar", "the dollar at 47 pounds"
            counted, end = weak[1], weak[2]
        after = _priced_after(lx, toks, end)
        if after is not None:
            if counted is None:
                counted = _bare_currency_before(lx, toks, *context(), f, after[0])
            if counted is not None and counted != after[0]:
                _rate(f, counted, after[0], after[1])
                last_rate = f
            continue
        if counted is None:
            if slash is None:
                slash = any(t.text == "/" for t in toks)
            pair = _pair(lx, toks, context()[0], f) if slash else None
            if pair is not None:
                _rate(f, pair[1], pair[0])
                last_rate = f
            continue
        if (f.start and toks[f.start - 1].text in lx.change_by) or (f.cut and toks[f.start].text in lx.change_by):
            continue  # "صعد الدولار بنحو 15 جنيهًا": the size of a move, not a rate
        if last_rate is not None and _again(lx, toks, last_rate, f, counted):
            _rate(f, counted, last_rate.unit.partition(" per ")[2], end)
            continue
        priced = _bare_currency_before(lx, toks, *context(), f, counted)
        if priced is not None:
            _rate(f, counted, priced, end)
            last_rate = f
    spans = [(f.start, f.end) for f in found if " per " in (f.unit or "") and f.kind == "money"]
    return [f for f in found if not any(s <= f.start < e and (s, e) != (f.start, f.end) for s, e in spans)]


def _again(lx: Lexicon, toks: list[Token], rate: Found, f: Found, counted: str) -> bool:
    """"49 pounds to the dollar, from about 30.85 pounds", "46 جنيها مقابل 32 جنيها": a later amount
    of the rate's currency, of its order, right after a word that compares it, is the same rate."""
    if not rate.unit.startswith(counted + " per ") or f.start == 0 or toks[f.start - 1].text not in lx.exchange_again:
        return False
    lo, hi = sorted((rate.high, f.high))
    return lo > 0 and hi / lo <= 5


def resolve_generic(lx: Lexicon, toks: list[Token], found: list[Found]) -> None:
    """A bare "pound" (lira, riyal ...) of a statement that names the Egyptian pound is the Egyptian pound:
    the one currency of its ``stands_for`` that the statement names (an amount's or a bare noun)."""
    generic = [f for f in found if f.kind == "money" and (f.unit or "").partition(" per ")[0] in lx.stands_for]
    if not generic:
        return
    named = set()
    for k, t in enumerate(toks):
        if t.text in lx.currency_words:
            c = currency_named(lx, toks, k)
            if c is not None:
                named.add(c[0])
    for f in generic:
        code, per, priced = f.unit.partition(" per ")
        one = lx.stands_for[code] & named
        if len(one) == 1:
            f.unit = next(iter(one)) + per + priced


def from_to(lx: Lexicon, toks: list[Token], found: list[Found]) -> None:
    """"from 2.80 to 3.20 pounds", "من 3 مليارات إلى 8 مليارات دولار", "с 62 до 70 рублей",
    "34,2'den 34,9'a": a bare first figure of a change takes the second's unit.

    Not when only the second has a scale word ("from 3 to 8 billion dollars": 3 or 3 billion?).
    """
    for a, b in zip(found, found[1:]):
        if a.unit is not None or a.kind != "other" or b.unit is None or b.kind in ("ordinal", "duration"):
            continue
        if a.start == 0 or a.end >= len(toks):
            continue
        if b.start == a.end + 1 and toks[a.end].text in lx.to_words and toks[a.start - 1].text in lx.from_words:
            pass
        elif b.start == a.end + 2 and toks[a.end].text == "'" and toks[a.end + 1].text in lx.from_endings:
            pass
        else:
            continue
        if _scaled(lx, toks, b) and not _scaled(lx, toks, a):
            continue
        a.kind, a.unit = b.kind, b.unit


def _scaled(lx: Lexicon, toks: list[Token], f: Found) -> bool:
    return any(toks[k].text in lx.scales for k in range(f.start, f.end))


def rate_moves(lx: Lexicon, toks: list[Token], found: list[Found]) -> None:
    """"raised interest rates by 6%", "رفع الفائدة 6%", "زيادة سعر الفائدة بنسبة 6%": a percent that
    is the size of an interest rate's move is percentage points (FORMAT.md: the same move as
    "600 basis points"); "to 27.25%", the level reached, is not preceded by a word of size."""
    if not any(f.unit == "percent" for f in found) or lx.interest_rates.keys().isdisjoint(t.text for t in toks):
        return
    ids = clause_ids(toks)
    for f in found:
        if f.unit != "percent" or f.low != f.high or f.high > _MOST_POINTS or f.start == 0 or f.qualifier:
            continue
        before = toks[f.start - 1].text
        lo = f.start
        while lo > 0 and ids[lo - 1] == ids[f.start]:
            lo -= 1
        hi = f.end
        while hi < len(toks) and ids[hi] == ids[f.start] and toks[hi].text not in CLAUSE_BREAKS:
            hi += 1
        if before in lx.change_by and interest_rate_in(lx, toks, lo, hi) is not None:
            f.unit = "percentage point"
        elif interest_rate_in(lx, toks, f.start - 1, f.start) == f.start and "\u0600" <= before[:1] <= "\u06ff":
            f.unit = "percentage point"  # "رفع الفائدة 6%": Arabic writes the size right after the rate
