"""Acronyms across languages: "BCE", "ECB", "ЕЦБ" and "Avrupa Merkez Bankası" are one body.

names.is_acronym_of reads an acronym against a name in its own language; here
the name is read through its language-neutral key (consistency/body_keys.py),
whose words carry their forms in the five languages, so that the initials of
the name in any of them can be tried.
"""

from __future__ import annotations

import re

from .body_keys import Item, _countries, _lexicon, _script, body_key, fold

__all__ = ["acronym_across"]

_ACRONYM = re.compile(r"^[A-ZА-ЯЁ]{2,6}$")


def _initials(item: Item, script: str) -> frozenset[str]:
    out: set[str] = set()
    for c in item.concepts:
        if c.startswith("country:"):
            out |= _countries()[1].get(c, {}).get(script, frozenset())
        else:
            out |= _lexicon().initials.get(c, {}).get(script, frozenset())
    if not item.concepts and _script(item.word) == script:
        out.add(fold(item.word)[0].upper())
    return frozenset(out)


def _assign(s: str, letters: list[frozenset[str]]) -> bool:
    """Each letter of ``s`` the initial of a different word (in any order)."""
    def place(k: int, free: frozenset[int]) -> bool:
        return k == len(s) or any(s[k] in letters[j] and place(k + 1, free - {j}) for j in free)
    return place(0, frozenset(range(len(letters))))


def acronym_across(short: str, long: str) -> bool:
    """``short`` is the initials of ``long`` read in any of the five languages: "ECB" and "la Banque centrale
    européenne", "ЕЦБ" and "البنك المركزي الأوروبي". Word order is the name's or its reverse (a head noun
    comes first in Arabic and French, last in English, Russian and Turkish); a country may move to either end
    ("CBE", "البنك المركزي المصري"); one leading or trailing word may be left out of a three-letter or longer
    acronym, as is_acronym_of allows."""
    s = short.strip().replace(".", "")
    if not _ACRONYM.match(s):
        return False
    items = body_key(long)
    if len(items) < 2 or len(items) > len(s) + 1:
        return False
    script = _script(s)
    letters = [_initials(it, script) for it in items]
    orders = []
    for seq in (letters, letters[::-1]):
        orders.append(seq)
        countries = [k for k, it in enumerate(items if seq is letters else items[::-1])
                     if any(c.startswith("country:") for c in it.concepts)]
        for k in countries:
            rest = seq[:k] + seq[k + 1:]
            orders += [[seq[k], *rest], [*rest, seq[k]]]
    if len(s) >= 4 and len(items) == len(s) and all(it.concepts for it in items) and _assign(s, letters):
        return True  # four letters or more seldom meet a name's words by chance, in any order
    for seq in orders:
        options = [seq] + ([seq[1:], seq[:-1]] if len(s) >= 3 and len(seq) == len(s) + 1 else [])
        for o in options:
            if len(o) == len(s) and all(ch in ok for ch, ok in zip(s, o)):
                return True
    return False
