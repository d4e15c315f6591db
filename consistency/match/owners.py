"""Whose a quantity is (its owner) and what a money or percent amount measures.

Two statements may give one unit for two things: a bank's liabilities against
its assets, two interest rates, the EU's share against France's, the deaths in
Thailand against those in Myanmar. The counted noun (counted_nouns.py) says
what a count counts; money and percents have no counted noun, and no noun
says whose the number is. This module reads both from the value's clause:

- **owner**: the name the number belongs to: a known country (its name,
  adjective or declined form, entity_data via body_keys, one id across
  scripts), else a name: a run of capitalised words in a cased script
  ("Nokia's revenue", "Безработица в Чили"), or in Arabic the word after an
  owner cue ("في كينيا") or right after the measured noun ("إيرادات نوكيا").
  A name introduced by a cue or a possessive beats a nearer bare one ("X said
  50 died in Y": Y). Kept as keys (a country id, or the name's voiceless
  skeleton, names.py), so "Chile" and "تشيلي" compare equal;
- **measure**: for money and percents, the class (data/measures.yaml) of the
  nearest measured noun before the value in its clause ("deposits of $90
  billion"), or right after a linker ("$90 billion in deposits"); a specific
  class beats a generic one ("the unemployment rate").

link.py turns them into owner_clash (two known countries) and measure_clash; the values never enter. A
name nearer the value than a country still is its owner ("in the city of Derna, Libya": Derna), so the
country of a city's figure is not read as its owner.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..body_keys import country_at, fold
from ..datafiles import load
from ..names import skeleton, voiceless
from .nouns import LANGUAGES, CountClasses, class_at, fold_words, stem_table, validate_count_classes

MEASURED_KINDS = frozenset(("money", "percent"))
REACH = 60  # characters of the value's clause read either side of it
_MARKS = ",،;؛:()\"«»“”"
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
_APOSTROPHES = "'’"
_POSSESSIVE = re.compile(r"['’]\w{0,4}$")  # "Nokia's", "Portekiz'in", "Kenya'da": a case or possessive ending
_AR_CLITICS = "وفلب"
_SKELETON = 2  # consonants a name's skeleton needs to be one ("Etat" is "t")


@dataclass(frozen=True)
class Cues:
    measures: CountClasses
    owner_cues: dict[str, frozenset[str]]  # language -> words before an owner
    generic: dict[str, tuple[str, ...]]  # language -> nouns (stems) passed over before a name
    linkers: dict[str, frozenset[str]]  # language -> words joining a measure written after its amount
    rate_words: frozenset[str]  # the classes of rate words (rate_of.rate, rate_of.is)
    rated: frozenset[str]  # measures that beside a rate word are ``rate_is`` ("deposit rate": an interest rate)
    rate_is: str


def validate_measures(data) -> None:
    if not isinstance(data, dict) or set(data) != {"measures", "owners", "linkers", "rate_of"}:
        raise ValueError("expected the keys measures, owners, linkers and rate_of")
    validate_count_classes(data["measures"])
    rate_of = data["rate_of"]
    if not isinstance(rate_of, dict) or set(rate_of) != {"rate", "of", "is"} or not isinstance(rate_of["of"], list) \
            or not {*rate_of["of"], rate_of["rate"], rate_of["is"]} <= set(data["measures"]):
        raise ValueError("rate_of: expected rate: a class, of: [classes], is: a class, all measure classes")
    for section, keys in (("owners", {"cues", "generic"}), ("linkers", None)):
        by = data[section]
        if not isinstance(by, dict) or set(by) - set(LANGUAGES):
            raise ValueError(f"{section}: expected a mapping of language ({', '.join(LANGUAGES)}) -> words")
        for lang, entry in by.items():
            lists = entry.items() if keys else [("", entry)]
            if keys and (not isinstance(entry, dict) or set(entry) - keys):
                raise ValueError(f"{section}.{lang}: expected the keys {sorted(keys)}")
            for key, words in lists:
                if not isinstance(words, list) or not all(isinstance(w, str) and w.strip() for w in words):
                    raise ValueError(f"{section}.{lang}{'.' + key if key else ''}: expected a list of words")


@lru_cache(maxsize=1)
def cues() -> Cues:
    data = load("measures.yaml", validate_measures)
    owners = data["owners"]
    return Cues(stem_table(data["measures"]),
                {lang: frozenset(fold(w) for w in e.get("cues", [])) for lang, e in owners.items()},
                {lang: tuple(fold(w) for w in e.get("generic", [])) for lang, e in owners.items()},
                {lang: frozenset(fold(w) for w in words) for lang, words in data["linkers"].items()},
                frozenset((data["rate_of"]["rate"], data["rate_of"]["is"])), frozenset(data["rate_of"]["of"]),
                data["rate_of"]["is"])


def measures_generic() -> frozenset[str]:
    """The measure classes that never clash ("rate", "amount")."""
    return cues().measures.generic


def is_country(keys: frozenset[str]) -> bool:
    """A known country's id, not a name's skeleton. owner_clash weighs two countries only: a city against
    its country is one owner at two sizes, and two other names were as often one fact's as two facts'."""
    return any(k.startswith("country:") for k in keys)


@dataclass
class _Word:
    text: str  # as written, an elided article or a case ending cut ("l'inflation" -> "inflation")
    folded: str
    start: int  # offset in the statement text
    cased: bool  # written with a capital, not the statement's first word
    possessive: bool  # "Nokia's", "Portekiz'in"


def _words(text: str, lo: int, hi: int) -> list[_Word]:
    out = []
    opening = len(text) - len(text.lstrip())  # where the statement's first word starts
    for m in _WORD.finditer(text, lo, hi):
        w, start = m.group(), m.start()
        possessive = False
        cut = next((i for i, ch in enumerate(w) if ch in _APOSTROPHES), None)
        if cut is not None:
            if cut <= 2:  # "l'", "d'", "qu'": an elided word of its own, then the word ("chiffre d'affaires")
                out.append(_Word(w[:cut], fold(w[:cut]), start, False, False))
                w, start = w[cut + 1:], start + cut + 1
            else:
                possessive = bool(_POSSESSIVE.search(w))
                w = w[:cut]
        first = start <= opening
        # the statement's first word is capitalised anyway: a name only with a possessive ending ("Nokia's")
        out.append(_Word(w, fold(w), start, w[:1].isupper() and (possessive or not first), possessive))
    return out


def owner_and_measure(text: str, base: int, span: tuple[int, int], language: str, kind: str,
                      limits: tuple[int, int] | None = None,
                      skip: list[tuple[int, int]] = ()) -> tuple[frozenset[str], str | None]:
    """(owner keys, measure class) of the value at ``span`` (absolute offsets; ``text`` starts at ``base``)
    read in its clause; ``skip``: spans of values (dates, other amounts), whose words are no names (the value's
    own words never are, so ``skip`` may hold its span too)."""
    start, end = span[0] - base, span[1] - base
    lo, hi = max(0, start - REACH), min(len(text), end + REACH)
    if limits is not None:
        lo, hi = max(lo, min(limits[0] - base, start)), min(hi, max(limits[1] - base, end))
    lo = max([lo] + [i + 1 for i in range(lo, start) if text[i] in _MARKS])
    hi = min([hi] + [i for i in range(end, hi) if text[i] in _MARKS])
    gaps = [(a - base, b - base) for a, b in skip]
    words = [w for w in _words(text, lo, hi)
             if not any(a <= w.start < b for a, b in gaps) and not (start <= w.start < end)]
    before = [w for w in words if w.start < start][::-1]  # nearest first
    after = [w for w in words if w.start >= end]
    measure = _measure(before, after, language) if kind in MEASURED_KINDS else None
    return _owner(before, after, language), measure


def _measure(before: list[_Word], after: list[_Word], language: str) -> str | None:
    c = cues()
    # after the amount: its noun ("a 30% stake", "a $5 billion loan"), or a linker and a noun ("in deposits")
    for n in (0, 1):
        if len(after) > n and (n == 0 or after[0].folded in c.linkers.get(language, ())):
            found = _class(after[n:], language)
            if found is not None and found not in c.measures.generic:
                return found
    classes = [_class(before[n::-1], language) for n in range(len(before))]
    generic = next((x for x in classes if x in c.measures.generic), None)
    for n, found in enumerate(classes):
        if found is None or found in c.measures.generic:
            continue
        if found in c.rated and c.rate_words & set(classes[max(0, n - 3):n + 4]):
            return c.rate_is  # "taux de dépôt", "ставка по кредитам": an interest rate
        return found
    return generic


def _class(words: list[_Word], language: str) -> str | None:
    """The measure class of the stem at the first of ``words`` (text order from there)."""
    return _class_of(tuple(w.text for w in words[:3]), language) if words else None


@lru_cache(maxsize=1 << 16)
def _class_of(texts: tuple[str, ...], language: str) -> str | None:
    # a stem lookup scans the language's stems: the same few words recur in every clause of a corpus
    folded = [x for t in texts for x in fold_words(t)]
    return class_at(folded, 0, language, cues().measures) if folded else None


def _owner(before: list[_Word], after: list[_Word], language: str) -> frozenset[str]:
    """The keys of the nearest name a cue or a possessive introduces ("in Kenya", "Nokia's", "доля Франции"):
    a bare name is as often the speaker ("the UN said 40 died") or an outlet as the number's owner."""
    c = cues()
    owner_cues, generic = c.owner_cues.get(language, frozenset()), c.generic.get(language, ())
    text_order = before[::-1] + after
    folded = [w.folded for w in text_order]
    k = len(before)  # text_order[k - 1 - n] is the n-th word before the value, text_order[k + n] the n-th after
    nearest = (i for n in range(max(len(before), len(after))) for i in (k - 1 - n, k + n) if 0 <= i < len(text_order))
    for at in nearest:
        name = _name_at(at, text_order, folded, language)
        if name is None:
            continue
        keys, i = name
        j = i - 1
        while j >= 0 and _generic(text_order[j].folded, generic) and text_order[j].folded not in owner_cues:
            j -= 1  # "in the city of X": the nouns before a name
        cue = j >= 0 and text_order[j].folded in owner_cues
        if language == "ar" and not is_country(keys):
            # "في بيان", "في مناطق": after a bare cue an Arabic word without the article is as often a common
            # noun; a name only after a place or body noun ("مدينة درنة", "شركة نوكيا") or a measured noun
            cue = j < i - 1
        if text_order[i].possessive or cue or _after_measure(text_order, i, language):
            return keys
    return frozenset()


def _generic(word: str, generic: tuple[str, ...]) -> bool:
    """A noun passed over before a name: a short form whole ("la"), a longer one as a stem ("провинци")."""
    return any(word == g or (len(g) >= 3 and word.startswith(g)) for g in generic)


def _after_measure(words: list[_Word], i: int, language: str) -> bool:
    """"إيرادات نوكيا", "Выручка Nokia": the name right after the measured noun (a genitive)."""
    return i > 0 and _class(words[i - 1:], language) is not None


def _name_at(i: int, text_order: list[_Word], folded: list[str], language: str) -> tuple[frozenset[str], int] | None:
    """(keys, where the name starts) of a name at ``text_order[i]``, None when the word is none."""
    w = text_order[i]
    country = country_at(folded, i)
    if country is not None:
        return frozenset((country[0],)), i
    if language == "ar":
        bare = w.folded[1:] if len(w.folded) > 4 and w.folded[0] in _AR_CLITICS else w.folded
        if bare.startswith("ال") or len(bare) < 3 or class_at([bare], 0, language, cues().measures) is not None \
                or _generic(bare, cues().generic.get(language, ())):
            return None
        return frozenset((voiceless(skeleton(w.text)),)), i
    if not w.cased or len(w.text) < 2 or w.text.isdigit() or _generic(w.folded, cues().generic.get(language, ())):
        return None  # "la télévision d'État": a capitalised common noun is no name
    # a run of capitalised words is one name ("Silicon Valley Bank"): its skeleton whole
    lo = i
    while lo > 0 and text_order[lo - 1].cased:
        lo -= 1
    hi = i + 1
    while hi < len(text_order) and text_order[hi].cased:
        hi += 1
    for k in range(lo, hi):
        country = country_at(folded, k)
        if country is not None:  # "the United States": the country's id, as "US" and "أمريكا" read
            return frozenset((country[0],)), i
    run = " ".join(x.text for x in text_order[lo:hi])
    key = voiceless(skeleton(run))
    return (frozenset((key,)), lo) if len(key) >= _SKELETON else None
