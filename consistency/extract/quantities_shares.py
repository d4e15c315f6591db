"""Parts of a group: fractions read as shares, and partitives that count the group's noun.

A fraction of a group is a share of it, in percent: "half of its staff", "a
third of its value", "la moitié des postes", "نصف العاملين", "половину
сотрудников" (the group after the fraction), "çalışanlarının yarısı" (the
group before it, in the genitive). A fraction of a span of time ("half of the
year", "yılın yarısı"), of a scale word ("half a million") or after an
ordinal ("the second half", "la première moitié") is no share. The words are
data (quantities.yaml ``shares``).

Partitives: "two of the nine climbers", "أربعة من كبار المديرين", "9 dağcıdan
2'si": the part counts what the whole counts (``partitives``).
"""

from __future__ import annotations

from decimal import Decimal

from .numbers import HALF
from .quantities_context import phrase_at, phrase_before
from .quantities_lexicon import ARTICLE, Lexicon
from .quantities_nouns import Found, finish, noun_unit
from .quantities_text import Token

__all__ = ["partitives", "shares"]

# A group is counted; a fraction of these kinds of unit is an amount, not a share
_AMOUNTS = ("duration", "money", "other")


def _ordinal(lx: Lexicon, word: str) -> bool:
    return word in lx.ordinals_before or word in lx.ordinals_after


def _group(lx: Lexicon, toks: list[Token], k: int) -> bool:
    """Whether token ``k`` can name a group (a noun that is no span of time, amount or scale)."""
    if k < 0 or k >= len(toks):
        return False
    w = toks[k].text
    if not w[0].isalpha() or w in lx.scales or w in lx.share_stop or w in lx.months or w in lx.cardinals:
        return False
    unit = noun_unit(lx, w)[1]
    return unit is None or unit.kind not in _AMOUNTS


def _share(start: int, end: int, den: int, noun: int) -> Found:
    v = Decimal(100) / Decimal(den)
    return Found(start, 0, end, v, v, HALF, "percent", "percent", (noun, noun + 1))


def _before_group(lx: Lexicon, toks: list[Token], i: int, den: int) -> Found | None:
    """"half of its staff", "a third of", "la moitié des postes", "نصف العاملين", "половину сотрудников"."""
    start = i
    if i > 0 and toks[i - 1].text in lx.share_articles:
        start = i - 1  # "a third", "la moitié": the article goes with the fraction
    elif lx.share_needs_article.intersection((toks[i].text,)):
        return None  # "the third of the ...": an ordinal, no share
    if start > 0 and (_ordinal(lx, toks[start - 1].text) or toks[start - 1].is_digits):
        return None  # "the second half of", "la première moitié", "2 1/2"
    k = i + 1
    link = phrase_at(lx.share_links, toks, k)
    if link is not None:
        k = link[2]
    if not _group(lx, toks, k):
        return None
    return _share(start, i + 1, den, k)


def _after_group(lx: Lexicon, toks: list[Token], i: int, den: int) -> Found | None:
    """"çalışanlarının yarısı": the group in the genitive before the fraction (a qualifier may stand between)."""
    k = i - 1
    if k > 0 and toks[k].text in lx.share_between:
        k -= 1
    if k < 0 or not toks[k].text.endswith(lx.genitive_endings) or not _group(lx, toks, k):
        return None
    if k > 0 and _ordinal(lx, toks[k - 1].text):
        return None
    return _share(i, i + 1, den, k)


def _definite(lx: Lexicon, toks: list[Token], i: int, den: int) -> Found | None:
    """"بأكثر من الثلث", "بنحو النصف": a definite fraction right after a bound or "about" is a share
    of what was named before (a value, a group); elsewhere it is a part ("النصف الأول")."""
    if phrase_before(lx, lx.qualifiers_before, toks, i) is None:
        return None
    if i + 1 < len(toks) and _ordinal(lx, toks[i + 1].text):
        return None
    return _share(i, i + 1, den, i)


def shares(lx: Lexicon, toks: list[Token], found: list[Found]) -> list[Found]:
    """``found`` with the shares of a group read in (where nothing was read)."""
    if not lx.shares_before and not lx.shares_after:
        return found
    taken = {k for f in found for k in range(f.start, f.end)}
    new = []
    for i, t in enumerate(toks):
        if i in taken:
            continue
        f = None
        if t.text.startswith(ARTICLE) and t.text[len(ARTICLE):] in lx.shares_before:
            f = _definite(lx, toks, i, lx.shares_before[t.text[len(ARTICLE):]])
        elif t.text in lx.shares_before:
            f = _before_group(lx, toks, i, lx.shares_before[t.text])
        elif t.text in lx.shares_after:
            f = _after_group(lx, toks, i, lx.shares_after[t.text])
        if f is not None and taken.isdisjoint(range(f.start, f.end)):
            new.append(finish(lx, toks, f))
    return sorted(found + new, key=lambda f: f.start) if new else found


def partitives(lx: Lexicon, toks: list[Token], found: list[Found]) -> None:
    """"two of the nine climbers", "أربعة من كبار المديرين": a bare part before "of" a counted whole
    counts the same; "9 dağcıdan 2'si": so does a bare part after a whole in the ablative."""
    for f in found:
        if f.unit is None and f.kind == "other" and f.low == f.high:
            _of_group(lx, toks, f)
    for a, b in zip(found, found[1:]):
        if a.unit is None and a.kind == "other" and b.kind == "count" and b.unit is not None \
                and b.noun is not None and b.start > a.end \
                and phrase_at(lx.share_links, toks, a.end) is not None \
                and phrase_at(lx.share_links, toks, a.end)[2] == b.start:
            a.kind, a.unit = b.kind, b.unit
        elif b.unit is None and b.kind == "other" and a.kind == "count" and a.unit is not None \
                and a.noun is not None and b.start == a.end and a.noun[1] == a.end \
                and toks[a.noun[1] - 1].text.endswith(lx.ablative_endings) \
                and b.end < len(toks) and toks[b.end].text == "'":
            b.kind, b.unit = a.kind, a.unit


def _of_group(lx: Lexicon, toks: list[Token], f: Found) -> None:
    """"أربعة من كبار المديرين", "three of its senior staff": a count of the noun after the link
    (past up to two words of ``partitive``, "كبار", "its")."""
    link = phrase_at(lx.share_links, toks, f.end)
    if link is None:
        return
    k = link[2]
    for _ in range(2):
        if k < len(toks) and toks[k].text in lx.partitive:
            k += 1
    if k >= len(toks) or not toks[k].text[0].isalpha():
        return
    unit = noun_unit(lx, toks[k].text)[1]
    if unit is not None and unit.kind == "count":
        f.kind, f.unit = unit.kind, unit.unit
