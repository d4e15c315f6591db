"""Name spellings: one key per script and one consonant skeleton across scripts.

- ``name_key``: the folded text (consistency.normalize) without separators, for
  same-script variants (إسماعيل / اسماعيل, روسوبورون-إكسبورت / روسوبورون إكسبورت);
- ``skeleton``: a consonant skeleton shared by Arabic, Latin and Cyrillic script
  (ميخيف, مخييف, Михеев and Mikheev are all "mhf"), because Arabic writes few
  vowels and transliterates g/j/q, v/f, p/b and kh/h inconsistently.

- ``same_person``: two person names for one person across spellings and scripts
  (دمير / إسماعيل دمير, حسن حمد / Hamad Hassan).

These hold no data about who is who: consistency/entities.py resolves names to
known entities with them.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import TYPE_CHECKING

from rapidfuzz import fuzz

from .normalize import normalize

if TYPE_CHECKING:
    from .model import Entity

__all__ = ["name_key", "skeleton", "voiceless", "same_person", "same_entity", "same_body"]

_SEP = re.compile(r"[\W_]+")
_TOKEN_SEP = re.compile(r"[\s\-‐_.\"'“”«»()]+")


@lru_cache(maxsize=131072)
def name_key(text: str) -> str:
    """Folded text without spaces or punctuation: the same-script identity of a name."""
    return _SEP.sub("", normalize(text))


# --------------------------------------------------------------- skeletons
# Latin digraphs first (kh before k+h), then single letters; vowels and
# semi-vowels vanish because Arabic mostly leaves them unwritten.
_LATIN_DIGRAPHS = [("tch", "ts"), ("ch", "ts"), ("sh", "s"), ("kh", "h"), ("gh", "k"), ("ph", "f"),
                   ("th", "t"), ("dh", "d"), ("zh", "s"), ("ck", "k"), ("x", "ks")]
_LATIN = str.maketrans({"p": "b", "v": "f", "w": "", "g": "k", "j": "k", "q": "k", "c": "k",
                        "z": "s", "a": "", "e": "", "i": "", "o": "", "u": "", "y": ""})
_TURKISH = str.maketrans({"ç": "ch", "ş": "sh", "ğ": "g", "ı": "i", "ö": "o", "ü": "u", "â": "a", "î": "i"})
_ARABIC = str.maketrans({
    "ب": "b", "پ": "b", "ت": "t", "ط": "t", "ث": "t", "ج": "k", "ك": "k", "ق": "k", "غ": "k", "گ": "k",
    "ح": "h", "خ": "h", "ه": "h", "د": "d", "ض": "d", "ذ": "s", "ز": "s", "ظ": "s", "س": "s", "ص": "s",
    "ش": "s", "ر": "r", "ف": "f", "ڤ": "f", "ل": "l", "م": "m", "ن": "n",
    "ا": "", "و": "", "ي": "", "ع": "", "ء": "", "ئ": "", "ؤ": "", "ة": "",
})
# Cyrillic (Russian and Ukrainian letters) as the Latin skeleton writes them: vowels, soft and hard
# signs and й vanish, so a declined name keeps its skeleton (Волкова = Волков, Сергея = Сергей). г is k
# here, though Ukrainian reads it h (Ігор, Ihor): same_person lets h and k meet for that reason.
_CYRILLIC = str.maketrans({
    "б": "b", "п": "b", "в": "f", "ф": "f", "г": "k", "ґ": "k", "к": "k", "д": "d", "т": "t", "ж": "s", "з": "s",
    "с": "s", "ш": "s", "щ": "sts", "ц": "ts", "ч": "ts", "х": "h", "л": "l", "м": "m", "н": "n", "р": "r",
    "а": "", "е": "", "ё": "", "є": "", "и": "", "і": "", "ї": "", "й": "", "о": "", "у": "", "ы": "", "э": "",
    "ю": "", "я": "", "ь": "", "ъ": "",
})
_DOUBLE = re.compile(r"(.)\1+")


@lru_cache(maxsize=65536)
def _token_skeleton(token: str) -> str:
    # a final ta marbuta is an "a" that Latin writes as a vowel (درنة, Derna; حمزة, Hamza), not the h of a final ه
    t = normalize(token[:-1] if token.endswith("ة") else token).translate(_TURKISH)
    if any("\u0600" <= ch <= "\u06ff" for ch in t):
        if t.endswith("يه") and len(t) > 3:
            t = t[:-1]  # a final "ei"/"ey" of a foreign name: أندريه, Andrei (the ه is no consonant there)
        out = t.translate(_ARABIC)
    elif any("\u0400" <= ch <= "\u04ff" for ch in t):
        out = t.translate(_CYRILLIC)
    else:
        # accents are no letters of their own: Kolykhaïev = Kolykhaiev, Zelenskyï = Zelenskyi
        t = "".join(ch for ch in unicodedata.normalize("NFD", t) if not unicodedata.combining(ch))
        for a, b in _LATIN_DIGRAPHS:
            t = t.replace(a, b)
        out = t.translate(_LATIN)
    out = "".join(ch for ch in out if ch.isalnum())
    return _DOUBLE.sub(r"\1", out)


# "عبد المنعم" / "Abdel Moneim" / "Abdulmenam" are one name: the particle
# joins the word after it. The article of a surname ("الخراز", "al-Kharraz")
# is left out: writers keep or drop it.
_JOINS = frozenset(("عبد", "ابو", "أبو", "abd", "abdel", "abdul", "abdal", "abu", "abou", "abo"))
_ARTICLES = frozenset(("al", "el", "ال"))


@lru_cache(maxsize=65536)
def skeleton(name: str) -> str:
    """Consonant skeleton per word, joined by '-': ``skeleton("إسماعيل دمير") == "sml-dmr"``."""
    words = [t for t in _TOKEN_SEP.split(name) if t]
    merged: list[str] = []
    i = 0
    while i < len(words):
        w = words[i]
        if normalize(w) in _JOINS and i + 1 < len(words):
            merged.append(w + words[i + 1])
            i += 2
            continue
        if normalize(w) in _ARTICLES and i + 1 < len(words):
            i += 1  # "al-Ghaithi": the article alone
            continue
        if w.startswith("ال") and len(w) > 4:
            w = w[2:]  # "الغيثي" (not "ألكسي": the article has no hamza)
        merged.append(w)
        i += 1
    parts = [_token_skeleton(t) for t in merged]
    return "-".join(p for p in parts if p)


def voiceless(part: str) -> str:
    """Letters one person's name is written with either way, as one letter of a skeleton for comparing.

    Turkish writes a final d as t (Mehmet, Fuat, Ahmet for محمد, فؤاد, أحمد);
    Ukrainian г is h (Ігор Ihor, Шмигаль Shmyhal) where Russian, Arabic and
    French write g (Игорь, إيغور, Igor). French writes sh as ch (Chmyhal, Shmyhal), which the
    skeleton reads ts as in English.
    """
    return part.replace("ts", "s").replace("d", "t").replace("h", "k")


# ------------------------------------------------------------ one person
def same_person(a: Entity, b: Entity) -> bool:
    """Same person: one id, or the same surname with compatible given names (دمير ~ إسماعيل دمير)."""
    if a.id == b.id:
        return True
    if a.kind != "person" or b.kind != "person":
        return False
    sa, sb = [voiceless(p) for p in skeleton(a.name).split("-")], [voiceless(p) for p in skeleton(b.name).split("-")]
    if not sa[-1]:
        return False
    if len(sa) == len(sb) == 2 and sa == sb[::-1]:
        return True  # "حسن حمد" / "Hamad Hassan": the given name and surname written the other way round
    if sa[-1] != sb[-1]:
        # "ميميش أوغلو" / "Memişoğlu": one surname written as two words
        for x, y in ((sa, sb), (sb, sa)):
            # ("زماني نيا" / "Zamaninia": joined, the two n's are one consonant of the skeleton)
            if len(x) >= 2 and re.sub(r"(.)\1", r"\1", x[-2] + x[-1]) == y[-1]:
                x[-2:] = [y[-1]]
    ar_a, ar_b = _ARABIC_SCRIPT.search(a.name) is not None, _ARABIC_SCRIPT.search(b.name) is not None
    if sa[-1] != sb[-1] and ar_a != ar_b:
        # "وحيدي" / "Vahidi": Arabic writes a first v or w as و, which the skeleton drops as a vowel
        arabic, latin = (sa, sb) if ar_a else (sb, sa)
        if latin[-1][:1] == "f" and latin[-1][1:] == arabic[-1]:
            latin[-1] = arabic[-1]
    if sa[-1] != sb[-1]:
        return _surname_variant(a.name, b.name)
    return len(sa) == 1 or len(sb) == 1 or _given_alike(sa[0], sb[0])


# A surname transliterated two ways keeps its consonants but gains or loses one or two of them
# ("Tiani" / "Tchiani", "Hankin" / "Hankins", "Abdramane" / "عبد الرحمن"). Trusted only with the same
# given name written alike: one letter apart in a surname alone is as often two people (Martin, Marin).
# 0.8 (rapidfuzz ratio of the surname skeletons) admits one added consonant in four and two in eight.
SURNAME_RATIO = 80.0


def _surname_variant(a: str, b: str) -> bool:
    """Two multi-word names with one given name and surnames one inside the other's skeleton."""
    ka, kb = skeleton(a).split("-"), skeleton(b).split("-")
    if len(ka) < 2 or len(kb) < 2 or len(ka[0]) < 2 or voiceless(ka[0]) != voiceless(kb[0]):
        return False
    short, long = sorted((ka[-1], kb[-1]), key=len)
    if len(short) < 2 or len(long) - len(short) > 2 or voiceless(short[0]) != voiceless(long[0]):
        return False  # (a surname is recognised by its first sound: "Peskov" is not "Shugaev", bskf / skf)
    it = iter(long)
    return all(c in it for c in short) and fuzz.ratio(short, long) >= SURNAME_RATIO


def _given_alike(a: str, b: str) -> bool:
    """One given name across transliterations: "إيفغور" / "Ihor" (kfkr, kr): the same first letter and
    one skeleton inside the other ("محمد" / "أحمد", mhmt and hmt, differ at the first letter)."""
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    if len(short) < 2 or short[0] != long[0]:
        return False
    it = iter(long)
    return all(c in it for c in short)


_ARABIC_SCRIPT = re.compile(r"[\u0600-\u06ff]")


def same_entity(a: Entity, b: Entity) -> bool:
    """Same id, the same person across spellings, a body and its acronym ("FDIC"), or one body named in
    two languages or forms ("Banque centrale européenne", "ECB", "Avrupa Merkez Bankası": body_keys)."""
    if a.id == b.id or same_person(a, b):
        return True
    if a.kind == "person" or b.kind == "person":
        # a body's name read as a person's ("Microsoft said", the verb's subject taken for a man) is still
        # that body when written the same, letter for letter
        return a.kind != b.kind and len(name_key(a.name)) >= 4 and name_key(a.name) == name_key(b.name)
    names_a, names_b = _written_forms(a), _written_forms(b)
    return any(is_acronym_of(x, y) or is_acronym_of(y, x) for x in names_a for y in names_b) or same_body(a, b)


_BRACKETS = re.compile(r"\s*\(([^()]*)\)\s*")


def _written_forms(e: Entity) -> set[str]:
    """A body's name, and, when it gives its acronym in brackets ("Conseil national ... (CNSP)"), the name
    without it and the acronym alone."""
    out = {n for n in (e.name, e.canonical) if n}
    for n in list(out):
        inner = _BRACKETS.findall(n)
        if inner:
            out.add(_BRACKETS.sub(" ", n).strip())
            out |= {i.strip() for i in inner if _is_acronym(i.strip())}
    return {n for n in out if n}


def _is_acronym(s: str) -> bool:
    s = s.replace(".", "")
    return 2 <= len(s) <= 6 and s.isalpha() and s.isupper()


def same_body(a: Entity, b: Entity) -> bool:
    """Two names of one body by their language-neutral keys, as written or as the data names them."""
    from .body_keys import names_relation  # body_keys reads the countries of the data, which use this module

    from .body_keys import short_form_of

    names_a, names_b = _written_forms(a), _written_forms(b)
    if any(names_relation(x, y) == "same" for x in names_a for y in names_b):
        return True
    # a short form only between bodies named as such, and never through a bracketed gloss ("(Myanmar military
    # government)") or a title ("gouverneur", a role, against "Beirut Governorate")
    if not {a.kind, b.kind} <= {"organisation", "outlet"}:
        return False
    plain_a, plain_b = [n for n in names_a if "(" not in n], [n for n in names_b if "(" not in n]
    return any(short_form_of(x, y) or short_form_of(y, x) for x in plain_a for y in plain_b)


_LINK_WORDS = frozenset(("of", "for", "and", "the", "on", "de", "du", "des", "la", "le", "l", "d", "et", "pour"))
_WORD = re.compile(r"[^\W\d_]+")


def is_acronym_of(short: str, long: str) -> bool:
    """``short`` is written as the initials of ``long``: "FDIC" / "Federal Deposit Insurance Corporation",
    "SCA" / "Suez Canal Authority", "DFPI" / "California Department of Financial Protection and Innovation"
    (one leading or trailing word may be left out of the initials, as the state is here).
    Only Latin or Cyrillic capitals of two to six letters are acronyms; linking words have no initial."""
    s = short.strip().replace(".", "")
    if not _is_acronym(s):
        return False
    words = [w for w in _WORD.findall(long) if w.lower() not in _LINK_WORDS]
    if len(words) < 2:
        return False
    initials = "".join(w[0].upper() for w in words)
    if initials == s:
        return True
    return len(s) >= 3 and len(initials) == len(s) + 1 and s in (initials[1:], initials[:-1])
