"""What a count counts, compared across languages: count classes and the embedded noun.

A frame counting something names it in its own words (Frame.noun, read by
counted_nouns.py): "crew members", "عمال", "пассажиров", "yolcu". The
quantity lexicon folds most such nouns into one unit (people), so two counts
of one unit may still count two things: the crew against the workers, the
passengers against the people on board. Two readings of the noun feed the
link model (link.py, quantities):

- its count class (data/count_classes.yaml): one name in five languages for
  the people news counts (killed, injured, passengers, crew, workers, ...);
  two classes are two things (``noun_clash``);
- its vector (``noun_vectors``, the statements' embedder, a few hundred
  nouns per corpus): the cosine of the two nouns (``noun_sim``), and whether
  it is under NOUN_APART (``noun_apart``): any noun, no list needed.

Measured leave-one-story-out on the 22 dev stories (cuts 0.25 / 0.25):
balanced 0.459 -> class alone 0.457, embedding alone 0.465, both 0.465 (pair
precision 0.419 -> 0.429 / 0.434). The classes carry what single Arabic words
embed badly ("قتيلا" nearer "مفقودا" than "dead").
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

import numpy as np

from ..datafiles import load
from ..normalize import normalize

LANGUAGES = ("en", "ar", "fr", "ru", "tr")
_SHORT = 3  # a stem shorter than this matches a whole word only
# Two counted nouns embedded further apart than this count two things (link column noun_apart); the embedder
# puts one noun's translations at 0.6-0.9 ("passengers" / "пассажиров" 0.93, "injured" / "blessés" 0.86)
NOUN_APART = 0.5
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
    return stem_table(data)


def stem_table(data: dict) -> CountClasses:
    """Classes of a validated class -> stems-per-language mapping (count classes, measures.yaml's)."""
    stems = {lang: tuple(sorted(((" ".join(fold_words(s)), name) for name, e in data.items() for s in e.get(lang, [])),
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


def fold_words(text: str) -> list[str]:
    """``text`` folded like the stems, as words (apostrophes split them: "d'affaires" -> "d", "affaires")."""
    return _fold(text).replace("'", " ").replace("\u2019", " ").split()


def class_at(words: list[str], n: int, language: str, table: CountClasses) -> str | None:
    """The class of the stem that begins at ``words[n]`` (folded words; a stem may run over the next ones)."""
    stems = table.stems.get(language, ())
    for v in _variants(words[n], language):
        rest = " ".join([v, *words[n + 1:]])
        name = next((name for stem, name in stems if rest.startswith(stem) and
                     (len(stem) >= _SHORT or len(rest) == len(stem) or rest[len(stem)] == " ")), None)
        if name is not None:
            return name
    return None


@lru_cache(maxsize=4096)
def count_class(noun: str | None, language: str) -> str | None:
    """The class of ``noun`` (a counted noun phrase in ``language``), None when no word of it has one.
    A specific class before a generic one: "people killed" counts the killed."""
    if not noun:
        return None
    cc = count_classes()
    words = fold_words(noun)
    found: str | None = None
    for n in range(len(words)):
        name = class_at(words, n, language, cc)
        if name is None:
            continue
        if name not in cc.generic:
            return name
        found = found or name
    return found


def noun_vectors(frames: Sequence, embed, known: dict | None = None) -> dict[str, np.ndarray]:
    """A unit vector per distinct counted noun of ``frames`` (``embed(texts) -> unit rows``), those of
    ``known`` kept: a corpus has a few hundred, a few words each."""
    out = dict(known or {})
    todo = sorted({f.noun for f in frames if f.noun and f.noun not in out})
    if todo:
        out.update(zip(todo, np.asarray(embed(todo), dtype=np.float32)))
    return out


COSINE_SLICE = 1 << 13  # distinct noun pairs per slice of NounRows.cosines' dot products (two gathers of 16 MB)


class NounRows:
    """Each frame's counted noun as a row of a table of distinct nouns, found once: ``cosines`` of any slice."""

    def __init__(self, frames: Sequence, vectors: dict | None):
        # One row per distinct noun, not per frame, and the pairs' dot products in slices: gathering two
        # (pairs x dim) copies at once held ~800 MB more through linking at 1,600 articles.
        self.index = np.full(len(frames), -1, dtype=np.int64)
        self.table = None
        if not vectors:
            return
        row_of: dict[str, int] = {}
        rows = []
        for i, f in enumerate(frames):
            v = vectors.get(f.noun) if f.noun else None
            if v is not None:
                if f.noun not in row_of:
                    row_of[f.noun] = len(rows)
                    rows.append(v)
                self.index[i] = row_of[f.noun]
        if rows:
            self.table = np.asarray(rows, dtype=np.float32)

    def cosines(self, a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        n = len(a)
        cos, both = np.zeros(n, dtype=np.float64), np.zeros(n, dtype=bool)
        if self.table is None or n == 0:
            return cos, both
        index, width = self.index, len(self.table)
        both = (index[a] >= 0) & (index[b] >= 0)
        r = np.flatnonzero(both)
        if len(r) == 0:
            return cos, both
        # One dot product per distinct (noun, noun) pair: a corpus names a few hundred nouns, and its pairs
        # repeat a few thousand noun pairs (a row's einsum is the same bits in any batch: tests compare).
        code = index[a[r]] * width + index[b[r]]
        distinct, inverse = np.unique(code, return_inverse=True)
        ia, ib = distinct // width, distinct % width
        once = np.empty(len(distinct), dtype=np.float64)
        for lo in range(0, len(distinct), COSINE_SLICE):
            once[lo:lo + COSINE_SLICE] = np.einsum("ij,ij->i", self.table[ia[lo:lo + COSINE_SLICE]],
                                                   self.table[ib[lo:lo + COSINE_SLICE]])
        cos[r] = once[inverse.ravel()]
        return cos, both
