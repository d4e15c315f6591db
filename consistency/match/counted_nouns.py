"""The noun a number counts, whatever it is: read by grammar, not from a lexicon.

The quantity lexicon (data/quantities*.yaml) knows a few hundred units and
counted nouns; news counts anything ("four leaks", "12 İHA", "٣ انفجارات").
Where the lexicon found the noun (``QuantityMention.noun``) that is the noun;
elsewhere the words the language puts where a counted noun stands are read
(data/counted_nouns.yaml):

- head_last (English, Russian, Turkish): modifiers, then the head: the phrase
  runs from the number up to a word that reads as a head ("30 cruise
  missiles", "12 крылатых ракет"), listed adjectives passed over;
- head_first (Arabic, French): the head right after the number, with one
  modifier or complement after it ("١٢ طائرة مسيرة", "12 drones de combat");
- with nothing after the number, "a magnitude of 7.8" / "un bilan de 135":
  the noun before the linker.

The phrase is kept as written (casefolded); two phrases are compared by the
embedder's cosine (match/nouns.py), so one noun in five languages needs no
entry anywhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..datafiles import load

# a word: letters and digits, inner hyphens or apostrophes kept ("S-400", "İHA'yı" is cut at the apostrophe)
_WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*", re.UNICODE)
_BREAK = frozenset(".,;:!?؟،؛()[]\"«»“”")
_REACH = 3  # words read after the number at most
_APOSTROPHES = "'’"
# Quantity kinds whose noun is read: a count names what it counts in any words; money, percent and
# durations are told by their lexicon unit ("%", "yüzde" and "في المئة" are one unit, not three nouns).
COUNTED_KINDS = frozenset(("count", "other"))


def _fold(word: str) -> str:
    """Lower case, the Turkish dotted capital I folded to a plain i ("İHA" -> "iha", not "i̇ha")."""
    return word.casefold().replace("\u0307", "")


@dataclass(frozen=True)
class Grammar:
    order: str  # head_first | head_last
    stop: frozenset[str]
    skip: frozenset[str]
    of_before: frozenset[str]
    head_endings: tuple[str, ...]
    modifier_endings: tuple[str, ...]
    complement: frozenset[str]
    clause_prefixes: tuple[str, ...]
    not_modifier_prefixes: tuple[str, ...] = ()
    not_modifier_endings: tuple[str, ...] = ()


_LISTS = ("stop", "skip", "of_before", "head_endings", "modifier_endings", "complement", "clause_prefixes",
          "not_modifier_prefixes", "not_modifier_endings")


def validate_counted_nouns(data) -> None:
    if not isinstance(data, dict) or not data:
        raise ValueError("expected a mapping of language -> grammar")
    for lang, g in data.items():
        if not isinstance(g, dict):
            raise ValueError(f"{lang}: expected a mapping")
        if g.get("order") not in ("head_first", "head_last"):
            raise ValueError(f"{lang}.order: expected head_first or head_last, got {g.get('order')!r}")
        for key in _LISTS:
            forms = g.get(key, [])
            if not isinstance(forms, list) or not all(isinstance(x, str) and x for x in forms):
                raise ValueError(f"{lang}.{key}: expected a list of words")
        unknown = set(g) - {"order", *_LISTS}
        if unknown:
            raise ValueError(f"{lang}: unknown keys {sorted(unknown)}")


@lru_cache(maxsize=1)
def grammars() -> dict[str, Grammar]:
    data = load("counted_nouns.yaml", validate_counted_nouns)

    def words(g, key):
        return frozenset(_fold(x) for x in g.get(key, []))

    return {lang: Grammar(g["order"], words(g, "stop"), words(g, "skip"), words(g, "of_before"),
                          tuple(g.get("head_endings", [])), tuple(g.get("modifier_endings", [])),
                          words(g, "complement"), tuple(g.get("clause_prefixes", [])),
                          tuple(g.get("not_modifier_prefixes", [])), tuple(g.get("not_modifier_endings", [])))
            for lang, g in data.items()}


def _words(text: str) -> list[tuple[str, bool]]:
    """(word, breaks before it) for each word of ``text``: a punctuation mark before a word ends a phrase.
    A suffix glued to the number by an apostrophe ("50'den") is the number's, not a word."""
    out, last = [], 0
    if text[:1] in _APOSTROPHES:
        glued = _WORD.match(text, 1)
        if glued is not None:
            last = glued.end()
            text = " " * last + text[last:]
    for m in _WORD.finditer(text):
        gap = text[last:m.start()]
        word = m.group()
        out.append((word, any(ch in _BREAK for ch in gap)))
        last = m.end()
        # "İHA'yı": a case suffix after an apostrophe is not a word; "d'engrais", "l'armée": an elided
        # article (two letters at most) keeps the word after it
        if m.end() < len(text) and text[m.end()] in _APOSTROPHES and len(word) > 2:
            nxt = _WORD.match(text, m.end() + 1)
            if nxt is not None:
                last = nxt.end()
    return out


def _after(g: Grammar, words: list[tuple[str, bool]]) -> list[str]:
    phrase: list[str] = []
    for n, (w, brk) in enumerate(words):
        f = _fold(w)
        if brk:
            break
        if f in g.stop or any(ch.isdigit() for ch in f):
            break
        if g.clause_prefixes and f[:1] in g.clause_prefixes and len(f) > 3 and phrase:
            break  # "وأصيب": the next clause
        if f in g.skip and not phrase:
            continue
        if g.order == "head_first":
            return [f, *_modifier(g, words[n + 1:])]
        # head_last: modifiers until a head
        phrase.append(f)
        if g.modifier_endings:
            if not f.endswith(g.modifier_endings):
                break
        elif g.head_endings:
            if f.endswith(g.head_endings) and not f.endswith("ss"):
                break
            if len(phrase) == _REACH:
                del phrase[1:]  # no head found in reach: the first word alone
                break
        else:
            break
    return phrase


def _before(g: Grammar, words: list[tuple[str, bool]]) -> list[str]:
    """"a magnitude of 7.8": the words before a linker right before the number."""
    if len(words) < 2 or _fold(words[-1][0]) not in g.of_before:
        return []
    w, _ = words[-2]
    f = _fold(w)
    if f in g.stop or any(ch.isdigit() for ch in f):
        return []
    return [f]


def counted_noun(text: str, start: int, end: int, language: str, noun: str | None = None,
                 base: int = 0) -> str | None:
    """The noun phrase the quantity at [start, end) of ``text`` counts (``base``: offset of ``text``).

    ``noun``: the noun the lexicon found (QuantityMention.noun). Within the
    mention it is the noun ("12 drones"), followed by its complement in a
    head-first language ("12 drones de reconnaissance"); outside it (the
    lexicon's noun before the number: "Engineers found four leaks" read as
    four people) the words after the number come first.
    None when no word stands where the language puts a counted noun.
    """
    g = grammars().get(language)
    inside = bool(noun) and noun in text[start - base:end - base]
    if g is None or (inside and g.order == "head_last"):
        return _fold(noun) if noun else None
    after = _words(text[end - base:end - base + 80])
    if inside:  # head first: the lexicon's noun, and what follows it ("drones de reconnaissance")
        return " ".join([_fold(noun), *([] if " " in noun.strip() else _modifier(g, after))])
    phrase = _after(g, after)
    if not phrase and g.of_before:
        phrase = _before(g, _words(text[max(0, start - base - 40):start - base]))
    if not phrase and noun:
        return _fold(noun)
    return " ".join(phrase) or None


def _modifier(g: Grammar, words: list[tuple[str, bool]]) -> list[str]:
    """The modifier right after a head noun: an adjective ("طائرة مسيرة"), or a linker and its noun
    ("drones de combat"); none past a clause mark or a function word."""
    if not words or words[0][1]:
        return []
    first = _fold(words[0][0])
    if first in g.complement:
        if len(words) > 1 and not words[1][1] and _fold(words[1][0]) not in g.stop:
            return [first, _fold(words[1][0])]
        return []
    if first in g.stop or any(ch.isdigit() for ch in first):
        return []
    if g.clause_prefixes and first[:1] in g.clause_prefixes and len(first) > 3:
        return []
    if (g.not_modifier_prefixes and first.startswith(g.not_modifier_prefixes)) or \
            (g.not_modifier_endings and first.endswith(g.not_modifier_endings)):
        return []
    return [first]
