"""One body, many names: a language-neutral key for the name of a body.

"هيئة قناة بنما", "Panama Canal Authority", "l'Autorité du canal de Panama",
"Panama Kanalı İdaresi" and "Управление Панамского канала" name one body. A
name's key is the bag of what its words say, in any order: concepts for the
nouns and modifiers bodies are named with (consistency/data/body_concepts.yaml,
with their inflected forms), countries for country names and adjectives
(organisations.yaml), and the consonant skeleton (consistency/names.py) of any
other word, a proper name read across scripts.

``body_relation`` compares two keys: "same" when every word of each matches a
word of the other (and the key says more than a bare head noun), "compatible"
when one key's words are all in the other ("the ministry" and "the Russian
defence ministry": no conflict, no proof of identity), else "different".
consistency/body_acronyms.py reads an acronym against a name in another
language ("BCE" and "European Central Bank") through the key.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from .datafiles import load, validate_body_concepts
from .names import skeleton, voiceless
from .normalize import normalize

__all__ = ["body_key", "body_relation", "names_relation", "names_a_body", "head_concepts", "bare_head", "key_country",
           "bodiless_source", "short_form_of", "Item"]

_LATIN_LANGS = ("en", "fr", "tr")
_FOLD = str.maketrans({"ı": "i", "ş": "s", "ç": "c", "ğ": "g", "ö": "o", "ü": "u", "â": "a", "î": "i", "ё": "е",
                       ".": ""})


def fold(text: str) -> str:
    """Lower case without accents or dots; Turkish letters as their Latin base (the data's forms are so)."""
    t = normalize(text).translate(_FOLD)
    t = "".join(ch for ch in unicodedata.normalize("NFD", t) if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", t)


@dataclass(frozen=True)
class Item:
    """One word (or phrase) of a name: the concepts it may mean, or the skeletons of a proper name."""

    concepts: frozenset[str]  # concept ids, "country:<id>"; empty for a proper name
    skeletons: frozenset[str]  # voiceless consonant skeletons (a proper name's, or a country's names)
    word: str  # as written, for initials
    head: bool = False


# ------------------------------------------------------------------ the data
@dataclass(frozen=True)
class _Lexicon:
    exact: dict[tuple[str, ...], frozenset[str]]  # folded word(s) -> concepts
    stems: dict[str, frozenset[str]]  # folded stem -> concepts
    compounds: dict[str, tuple[str, ...]]  # folded word (a stem ends in "*") -> its concepts, one word each
    heads: frozenset[str]
    stop: frozenset[str]
    sources: tuple[str, ...]  # folded nouns of an unnamed source ("*": a stem)
    initials: dict[str, dict[str, frozenset[str]]]  # concept -> script -> first letters
    longest: int


def _script(text: str) -> str:
    for ch in text:
        if "\u0600" <= ch <= "\u06ff":
            return "arabic"
        if "\u0400" <= ch <= "\u04ff":
            return "cyrillic"
        if ch.isalpha():
            return "latin"
    return "latin"


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    data = load("body_concepts.yaml", validate_body_concepts)
    exact: dict[tuple[str, ...], set[str]] = {}
    stems: dict[str, set[str]] = {}
    initials: dict[str, dict[str, set[str]]] = {}

    def add(form: str, concepts: list[str]) -> None:
        f = fold(form)
        if f.endswith("*"):
            for c in concepts:
                stems.setdefault(f[:-1], set()).add(c)
        else:
            exact.setdefault(tuple(f.split()), set()).update(concepts)

    for section in ("heads", "modifiers"):
        for concept, by_lang in data[section].items():
            for lang, forms in by_lang.items():
                for form in forms:
                    add(form, [concept])
                    if lang != "ar":
                        initials.setdefault(concept, {}).setdefault(_script(form), set()).add(fold(form)[0].upper())
    compounds = {fold(form): tuple(concepts) for form, concepts in data["compounds"].items()}
    stop = frozenset(fold(w) for words in data["stopwords"].values() for w in words)
    return _Lexicon({k: frozenset(v) for k, v in exact.items()}, {k: frozenset(v) for k, v in stems.items()},
                    compounds, frozenset(data["heads"]), stop,
                    tuple(fold(w) for words in data["source_nouns"].values() for w in words),
                    {c: {s: frozenset(v) for s, v in by.items()} for c, by in initials.items()},
                    max(len(k) for k in exact))


@lru_cache(maxsize=1)
def _countries() -> tuple[dict[tuple[str, ...], str], dict[str, dict[str, frozenset[str]]]]:
    """(folded form -> country id, country -> script -> initials of its names)."""
    from .entity_data import known

    forms: dict[tuple[str, ...], str] = {}
    initials: dict[str, dict[str, set[str]]] = {}
    for k in known():
        if k.kind != "country":
            continue
        for alias in (k.name, *k.aliases, *k.adjectives):
            words = tuple(_WORD.findall(fold(alias)))
            if words:
                forms.setdefault(words, k.id)
            if alias[:1].isalpha() and _script(alias) != "arabic":
                initials.setdefault(k.id, {}).setdefault(_script(alias), set()).add(fold(alias)[0].upper())
    return forms, {k: {s: frozenset(v) for s, v in by.items()} for k, by in initials.items()}


@lru_cache(maxsize=None)
def _country_skeletons(cid: str) -> frozenset[str]:
    """The skeletons of a country's names, for a name the data does not list ("Kazakh" and Kazakhstan)."""
    from .entity_data import _by_id

    k = _by_id()[cid]
    out = (voiceless(skeleton(a).replace("-", "")) for a in (k.name, *k.aliases, *k.adjectives))
    return frozenset(s for s in out if len(s) >= 2)


# ------------------------------------------------------------------ reading a name
_WORD = re.compile(r"[^\W_]+")
_ELISION = re.compile(r"\b([ldLD]|qu)['’]")
_APOSTROPHE_SUFFIX = re.compile(r"['’]\w{1,4}\b")  # "Panama'nın", "Brazil's": the suffix is no word
# Endings of adjectives made from a place's name, cut to find the name's own skeleton
# ("Brazilian", "brésilien", "Панамского", "népalaise", "Şilili").
_ADJ_ENDINGS = re.compile(r"(?:ского|ская|ский|ской|ское|ские|ских|скому|ским|скую|ого|ая|ий|ой|ое|ые|ых|"
                          r"iennes|ienne|iens|ien|aises|aise|ais|oises|oise|ois|ean|ian|an|ese|li|lı|lu|lü)$")


def _arabic_bare(word: str) -> list[str]:
    """An Arabic word without its clitics and article: "والبنك" -> "بنك", "للطاقة" -> "طاقه"."""
    out = [word]
    w = word
    if len(w) > 3 and w[0] in "وفبكل" and not w.startswith("ال") and not w.startswith("لل"):
        w = w[1:]
        out.append(w)
    if w.startswith("لل") and len(w) > 4:
        out.append(w[2:])  # "للطاقة": the preposition and the article
    elif w.startswith("ال") and len(w) > 3:
        out.append(w[2:])
    return out


def _concepts_of(word: str) -> frozenset[str] | None:
    lex = _lexicon()
    for w in (_arabic_bare(word) if _script(word) == "arabic" else [word]):
        hit = lex.exact.get((w,))
        if hit is None and w.endswith("s") and len(w) > 3 and _script(w) == "latin":
            hit = lex.exact.get((w[:-1],))
        if hit is not None:
            return hit
        for n in range(len(w), 1, -1):
            hit = lex.stems.get(w[:n])
            if hit is not None and len(w) - n <= 5:
                return hit
    return None


def _compound(word: str) -> tuple[str, ...]:
    """The concepts of a contracted name ("минобороны": ministry, defence; "kızılay": red, crescent)."""
    comp = _lexicon().compounds
    if word in comp:
        return comp[word]
    return next((v for k, v in comp.items() if k.endswith("*") and word.startswith(k[:-1])
                 and len(word) - len(k) < 5), ())


def country_at(words: list[str], i: int) -> tuple[str, int] | None:
    """The country whose name or adjective starts at ``words[i]`` (longest form first), and its length."""
    forms = _countries()[0]
    for n in (3, 2, 1):
        if i + n > len(words):
            continue
        seq = words[i:i + n]
        cands = [tuple(seq)]
        if _script(seq[0]) == "arabic":
            cands = [(b, *seq[1:]) for b in _arabic_bare(seq[0])]
        for c in cands:
            if c in forms:
                return forms[c], n
        if n == 1:
            # a declined or suffixed form: "Бразилии", "Rusya'nın" is cut above, "Kazakistan'ın"
            w = seq[0]
            for cut in (1, 2, 3):
                if len(w) - cut >= 4 and (w[:-cut],) in forms:
                    return forms[(w[:-cut],)], 1
    return None


def _name_skeletons(word: str) -> frozenset[str]:
    out = {voiceless(skeleton(word).replace("-", ""))}
    cut = _ADJ_ENDINGS.sub("", word)
    if cut != word and len(cut) >= 3:
        out.add(voiceless(skeleton(cut).replace("-", "")))
    return frozenset(s for s in out if s)


@lru_cache(maxsize=16384)
def body_key(name: str) -> tuple[Item, ...]:
    """The words of ``name`` as concepts, countries and proper-name skeletons, in written order."""
    lex = _lexicon()
    # "İ" lowers to i and a combining dot, which would split the word
    text = _APOSTROPHE_SUFFIX.sub("", _ELISION.sub(" ", normalize(name).replace("\u0307", "")))
    words = [fold(w) for w in _WORD.findall(text.replace("-", " "))]
    raw = _WORD.findall(text.replace("-", " "))
    items: list[Item] = []
    i = 0
    while i < len(words):
        w = words[i]
        hit = None
        for n in range(min(lex.longest, len(words) - i), 1, -1):
            seq = tuple(words[i:i + n])
            cands = [seq]
            if _script(seq[0]) == "arabic":  # "الأوراق المالية": each word with its article
                cands += list(itertools.product(*(_arabic_bare(x) for x in seq)))
            concepts = next((lex.exact[c] for c in cands if c in lex.exact), None)
            if concepts is not None:
                hit = (concepts, n)
                break
        if hit is not None:
            items.append(Item(hit[0], frozenset(), raw[i], bool(hit[0] & lex.heads)))
            i += hit[1]
            continue
        if w in lex.stop or (len(w) == 1 and _script(w) != "arabic"):
            i += 1
            continue
        parts = _compound(w)
        if parts:
            items += [Item(frozenset((c,)), frozenset(), raw[i], c in lex.heads) for c in parts]
            i += 1
            continue
        country = country_at(words, i)
        if country is not None:
            items.append(Item(frozenset((country[0],)), _country_skeletons(country[0]), raw[i]))
            i += country[1]
            continue
        concepts = _concepts_of(w)
        if concepts is not None:
            items.append(Item(concepts, frozenset(), raw[i], bool(concepts & lex.heads)))
        else:
            sk = _name_skeletons(raw[i])
            if sk:
                items.append(Item(frozenset(), sk, raw[i]))
        i += 1
    return tuple(items)


# ------------------------------------------------------------------ comparing keys
def _skeletons_meet(a: frozenset[str], b: frozenset[str]) -> bool:
    """One proper name across scripts: the same skeleton, or one the other's stem ("brsl", "brsln")."""
    for x in a:
        for y in b:
            if x == y:
                return True
            short, long = sorted((x, y), key=len)
            if len(short) >= 3 and long.startswith(short) and len(long) - len(short) <= 3:
                return True
    return False


def _meet(a: Item, b: Item) -> bool:
    if a.concepts and b.concepts:
        return bool(a.concepts & b.concepts)
    if a.concepts and not any(c.startswith("country:") for c in a.concepts):
        return False
    if b.concepts and not any(c.startswith("country:") for c in b.concepts):
        return False
    return _skeletons_meet(a.skeletons, b.skeletons)  # a name against a name, or a country's names


def _matching(a: tuple[Item, ...], b: tuple[Item, ...]) -> int:
    """How many words of ``a`` pair off with words of ``b`` (a maximum bipartite matching)."""
    owner: dict[int, int] = {}

    def place(i: int, seen: set[int]) -> bool:
        for j, y in enumerate(b):
            if j in seen or not _meet(a[i], y):
                continue
            seen.add(j)
            if j not in owner or place(owner[j], seen):
                owner[j] = i
                return True
        return False

    return sum(place(i, set()) for i in range(len(a)))


@lru_cache(maxsize=65536)
def body_relation(a: str, b: str) -> str | None:
    """"same" | "compatible" | "different" for two names of bodies; None when either has no key.

    Same: every word of each name pairs off with a word of the other, and the
    names say more than a head noun ("the ministry" twice is two ministries as
    likely as one). Compatible: all of one name's words are in the other.
    """
    ka, kb = body_key(a), body_key(b)
    if not ka or not kb:
        return None
    m = _matching(ka, kb)
    if m == len(ka) == len(kb) and _DIGITS.findall(a) == _DIGITS.findall(b):
        says_more = len(ka) >= 2 or not ka[0].head
        return "same" if says_more else "compatible"
    if m == len(ka) or m == len(kb):
        return "compatible"
    return "different"


_DIGITS = re.compile(r"\d+")  # the key reads letters only: "Nord Stream AG" and "Nord Stream 2 AG" are two companies


@lru_cache(maxsize=16384)
def short_form_of(short: str, long: str) -> bool:
    """``short`` names the body ``long`` names by its own proper name, the rest left out: "OceanGate" /
    "OceanGate Expeditions", "Mandalay Hastanesi" / "Mandalay General Hospital", "بلومبرغ" / "Bloomberg
    News". A kind of body alone ("the ministry") or a country ("Turkey", "Turkey Wealth Fund") is no
    body's short form, nor is a name without the number the other has ("Nord Stream AG", "Nord Stream 2 AG")."""
    ks, kl = body_key(short), body_key(long)
    if not ks or not kl or set(_DIGITS.findall(long)) - set(_DIGITS.findall(short)):
        return False
    proper = [x for x in ks if not x.concepts]
    if not proper or not any(ch.isupper() or _script(ch) == "arabic" for ch in short):
        return False  # a proper name is written capitalised (Arabic has no capitals): "operator" is a word the data lacks
    first = next((y for y in kl if not y.concepts), None)
    if (len(ks) < len(kl) and any(len(sk) >= 3 for x in proper for sk in x.skeletons)
            and first is not None and _meet(proper[0], first) and _matching(ks, kl) == len(ks)):
        return True  # (the long name's own proper name leads: "Myanmar" is no short form of "X Council of Myanmar")
    if len(proper) == len(ks) >= 2 and len(kl) >= 2 and not kl[0].concepts:
        # one name written in two words in another script ("ديب ويف", "Deepwave")
        joined = frozenset("".join(p) for p in itertools.product(*(sorted(x.skeletons) for x in ks)))
        return any(len(j) >= 3 for j in joined) and _skeletons_meet(joined, kl[0].skeletons)
    return False


# ------------------------------------------------------------------ what a key says
def names_a_body(name: str) -> bool:
    """``name`` is made only of the words bodies are named with, a head noun other than a government among
    them ("خدمات الطوارئ", "interior ministry of Libya"): no person's name, and more than a country."""
    items = body_key(name)
    if len(items) < 2 or any(not it.concepts for it in items):
        return False  # a proper name among the words: it may be a person's
    return any(it.head and not it.concepts <= {"government"} for it in items)


def head_concepts(name: str) -> frozenset[str]:
    """The head nouns a name is made with: {"government"} for "the Lebanese government", "مجلس الوزراء"."""
    heads = _lexicon().heads
    return frozenset(c for it in body_key(name) if it.head for c in it.concepts & heads)


def bare_head(name: str) -> str | None:
    """The one head noun a name is made of, with at most a country beside it: "presidency" for "Turkish
    Presidency" and "Cumhurbaşkanlığı", None for "Disaster and Emergency Management Presidency"."""
    items = body_key(name)
    heads = [it for it in items if not any(c.startswith("country:") for c in it.concepts)]
    if len(heads) != 1 or not heads[0].head:
        return None
    found = heads[0].concepts & _lexicon().heads
    return next(iter(found)) if len(found) == 1 else None


def key_country(name: str) -> str | None:
    """The one country a body's name places it in ("présidence mexicaine": country:mexico), or None."""
    found = {c for it in body_key(name) for c in it.concepts if c.startswith("country:")}
    return next(iter(found)) if len(found) == 1 else None


def bodiless_source(name: str) -> bool:
    """An unnamed source that names no body ("sources familiar with the matter", "مصادر مطلعة"), not
    "government officials" or "a ministry source"."""
    if any(it.concepts for it in body_key(name)):
        return False
    words = [fold(w) for w in _WORD.findall(normalize(name))]
    words += [b for w in words if _script(w) == "arabic" for b in _arabic_bare(w)[1:]]
    return any(w == s or (s.endswith("*") and w.startswith(s[:-1])) for w in words for s in _lexicon().sources)


def names_relation(a: str, b: str) -> str | None:
    """body_relation, with an acronym in one language of the other's name ("BCE", "European Central Bank")
    read as the same body."""
    from .body_acronyms import acronym_across  # it reads names through their keys

    if acronym_across(a, b) or acronym_across(b, a):
        return "same"
    return body_relation(a, b)
