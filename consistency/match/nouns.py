"""What a count counts, one name across languages: the count class of a counted noun.

A frame counting something names it in its own words (Frame.noun, read by
counted_nouns.py): "crew members", "عمال", "пассажиров", "yolcu". The
quantity lexicon folds most such nouns into one unit (people), so two counts
of one unit may still count two things: the crew against the workers, the
passengers against the people on board. Here a noun is looked up in
data/count_classes.yaml and two frames are told apart by their classes.

A class list, not the embedder's cosine: on the 22 dev stories the cosine of
two linked quantity frames' nouns told one fact from two no better than
chance (AUC 0.59; 0.55 within one lexicon unit), single Arabic words embed
far from their English sense ("قتيلا" nearer "مفقودا" than "dead"), and the
reader's noise ("earthquake brought", "quake centred") weighs as much as the
noun. A class is one name in five languages, and a noun in no class says nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ..datafiles import load
from ..normalize import normalize

LANGUAGES = ("en", "ar", "fr", "ru", "tr")
_SHORT = 3  # a stem shorter than this matches a whole word only
_AR_CLITICS = ("و", "ف")  # a conjunction glued to the word ("والركاب")
_AR_ARTICLES = ("بال", "كال", "لل", "ال")  # the article, alone or after a preposition


@dataclass(frozen=True)
class CountClasses:
    stems: dict[str, tuple[tuple[str, str], ...]]  # language -> (stem, class), longest stems first
    generic: frozenset[str]  # classes that never clash ("people")


def _fold(text: str) -> str:
    """Folded like the lexicon's stems: case, Arabic letter variants, marks; the Turkish dotted I plain."""
    return normalize(text).replace("\u0307", "")


def validate_count_classes(data) -> None:
    if not isinstance(data, dict) or not data:
        raise ValueError("expected a mapping of class -> stems per language")
    for name, entry in data.items():
        if not isinstance(entry, dict):
            raise ValueError(f"{name}: expected a mapping")
        unknown = set(entry) - {"generic", *LANGUAGES}
        if unknown:
            raise ValueError(f"{name}: unknown keys {sorted(unknown)} (languages: {', '.join(LANGUAGES)})")
        if not isinstance(entry.get("generic", False), bool):
            raise ValueError(f"{name}.generic: expected true or false")
        for lang in LANGUAGES:
            stems = entry.get(lang, [])
            if not isinstance(stems, list) or not all(isinstance(s, str) and s.strip() for s in stems):
                raise ValueError(f"{name}.{lang}: expected a list of stems")
    seen: dict[tuple[str, str], str] = {}
    for name, entry in data.items():
        for lang in LANGUAGES:
            for stem in entry.get(lang, []):
                other = seen.setdefault((lang, _fold(stem)), name)
                if other != name:
                    raise ValueError(f"{name}.{lang}: stem {stem!r} is also in class {other!r}")


@lru_cache(maxsize=1)
def count_classes() -> CountClasses:
    data = load("count_classes.yaml", validate_count_classes)
    stems = {lang: tuple(sorted(((_fold(s), name) for name, e in data.items() for s in e.get(lang, [])),
                                key=lambda sc: -len(sc[0])))
             for lang in LANGUAGES}
    return CountClasses(stems, frozenset(n for n, e in data.items() if e.get("generic")))


def _variants(word: str, language: str) -> list[str]:
    """The word, and in Arabic the word without a glued conjunction or article ("والركاب" -> "ركاب");
    the whole word first, so "وفيات" (deaths) is not read as "and ..."."""
    if language != "ar":
        return [word]
    out = [word]
    for w in (word, word[1:] if word.startswith(_AR_CLITICS) else None):
        if w is None:
            continue
        out.append(w)
        for article in _AR_ARTICLES:
            if w.startswith(article) and len(w) > len(article) + 1:
                out.append(w[len(article):])
                break
    return out


@lru_cache(maxsize=4096)
def count_class(noun: str | None, language: str) -> str | None:
    """The class of ``noun`` (a counted noun phrase in ``language``), None when no word of it has one.
    A specific class before a generic one: "people killed" counts the killed."""
    if not noun:
        return None
    cc = count_classes()
    stems = cc.stems.get(language, ())
    words = _fold(noun).replace("'", " ").replace("\u2019", " ").split()
    found: str | None = None
    for n in range(len(words)):
        for v in _variants(words[n], language):
            rest = " ".join([v, *words[n + 1:]])
            name = next((name for stem, name in stems if rest.startswith(stem) and
                         (len(stem) >= _SHORT or len(rest) == len(stem) or rest[len(stem)] == " ")), None)
            if name is None:
                continue
            if name not in cc.generic:
                return name
            found = found or name
            break
    return found
