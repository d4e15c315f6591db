"""What an article has named, for the generic body nouns of its later sentences.

"Aurelia Motors recalled 40,000 cars. The company said ...": a generic body
noun ("the company", "в корпорации", "Şirketten", "المؤسسة") stands for a body
the article named before, within a few statements, whose KIND is compatible
with the noun (data: ``body_kinds`` and ``body_kind_accepts`` in
attribution_cues.yaml). A body's kind is read from the words it was named
with: its own name ("Silicon Valley Bank"), the common noun before a quoted
name ("بنك «الواحة»", "Фонд «Ладога»"), or, for an acronym, the name it
abbreviates in the article ("Portmere Savings Bank (PSB)": PSB is a bank).

Coreference has limits: "the regulator" is no bank, and a body of no known
kind is taken only when it is the one body the noun could mean (the only
body named in reach). Otherwise the noun stays unresolved: a wrong body
makes two articles disagree about who spoke, an unresolved one only misses.

It also holds what else an article's earlier lines tell its later ones: the
place last named ("the city of X": its mayor, its governor) and whether a lone
name that speaks ("Microsoft said") is a surname it introduced or a body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..entities import resolve, skeleton
from ..model import Entity
from .attributions_bodies import body_kinds_of, named_body_kinds
from .attributions_lexicon import cue_data, fold_word, lexicon
from .attributions_patterns import is_arabic

__all__ = ["BodyMemory", "kinds_fit", "lone_body", "place_in"]

_WINDOW = 8  # statements a generic body noun may reach back


@lru_cache(maxsize=1)
def _accepts() -> dict[str, frozenset[str]]:
    """noun kind -> the body kinds it may stand for besides its own ("the regulator": a department too)."""
    block = cue_data().get("body_kind_accepts") or {}
    return {k: frozenset(v) for k, v in block.items()}


def kinds_fit(want: frozenset[str], have: frozenset[str]) -> bool:
    """Whether a noun of kinds ``want`` may stand for a body of known kinds ``have``."""
    acc = _accepts()
    return any(w in have or have & acc.get(w, frozenset()) for w in want)


def entity_kinds(body: Entity) -> frozenset[str]:
    return body_kinds_of(body.name) | body_kinds_of(body.canonical or "")


@dataclass
class BodyMemory:
    """Bodies named in an article, newest last: (statement index, body, its kinds)."""

    seen: list[tuple[int, Entity, frozenset[str]]] = field(default_factory=list)
    learned: dict[str, frozenset[str]] = field(default_factory=dict)  # body id -> kinds it was named with
    short: dict[str, Entity] = field(default_factory=dict)  # acronym -> the body it abbreviates in the article

    def read(self, index: int, text: str) -> None:
        for _, body, kinds in named_body_kinds(text):
            self.add(index, body, kinds)

    def kinds(self, body: Entity, kinds: frozenset[str] = frozenset()) -> frozenset[str]:
        return kinds or entity_kinds(body) or self.learned.get(body.id, frozenset())

    def add(self, index: int, body: Entity | None, kinds: frozenset[str] = frozenset()) -> None:
        if body is None or body.kind != "organisation" or (body.id.startswith("type:") and "@" not in body.id):
            return
        key = fold_word(body.name)
        if body.name.isupper() and key in self.short:
            body = self.short[key]  # "SVB" after "Silicon Valley Bank (SVB)": that bank
        elif body.name.isupper() and body.id != resolve(body.name, "organisation").id:
            self.short[key] = body
        kinds = self.kinds(body, kinds)
        if kinds:
            self.learned.setdefault(body.id, kinds)  # "PSB" later in the article is still a bank
        self.seen.append((index, body, kinds))

    def named(self, body: Entity) -> Entity:
        """The body an acronym abbreviates in the article ("SVB" after "Silicon Valley Bank (SVB)"), else itself."""
        return self.short.get(fold_word(body.name), body)

    def fits(self, noun: str | None, body: Entity | None) -> bool:
        """Whether ``body`` may be what ``noun`` points back to (a body of a known, compatible kind)."""
        if body is None:
            return False
        want = body_kinds_of(noun) if noun else frozenset()
        return not want or kinds_fit(want, self.kinds(body))

    def find_qualified(self, noun: str, place: list[str], index: int) -> Entity | None:
        """The nearest body in reach of a kind ``noun`` may stand for whose name holds the ``place`` words."""
        want = body_kinds_of(noun)
        keys = {fold_word(re.sub(r"['’]s$", "", w)) for w in place}
        for i, body, kinds in reversed(self.seen):
            if index - i > _WINDOW:
                break
            names = {fold_word(re.sub(r"['’]s$", "", w)) for w in f"{body.name} {body.canonical or ''}".split()}
            if want and kinds and kinds_fit(want, kinds) and keys <= names:
                return body
        return None

    def find(self, noun: str | None, index: int) -> Entity | None:
        """The nearest body named before statement ``index`` (or in it, before) that ``noun`` may stand for."""
        want = body_kinds_of(noun) if noun else frozenset()
        reach = [(body, kinds) for i, body, kinds in reversed(self.seen) if index - i <= _WINDOW
                 # "entreprise" read as a name is the noun itself, not a body named before
                 and fold_word(body.name) != fold_word(noun or "")]
        if not reach:
            return None
        if not want:
            return reach[0][0]
        for body, kinds in reach:
            if kinds and kinds_fit(want, kinds):
                return body
        # a body of no known kind ("Tesla", "SNCF") only when nothing else could be meant
        if len({body.id for body, _ in reach}) == 1 and not reach[0][1]:
            return reach[0][0]
        return None


def _word_lists(section: str) -> dict[str, list[str]]:
    block = cue_data().get(section, {})
    if not isinstance(block, dict) or not all(
            isinstance(v, list) and all(isinstance(w, str) and w for w in v) for v in block.values()):
        raise ValueError(f"attribution_cues: expected {section!r}: a mapping of language -> list of strings")
    return block


@lru_cache(maxsize=1)
def _place_re() -> re.Pattern | None:
    words = sorted({w for ws in _word_lists("place_nouns").values() for w in ws}, key=len, reverse=True)
    if not words:
        return None
    # the place is the word after the noun: a capitalised Latin or Cyrillic word, or an Arabic one
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words)
                      + r")\s+([A-ZА-ЯІЇЄÇĞİÖŞÜ][\w'’-]+|[\u0621-\u064a]{3,})", re.IGNORECASE)


def place_in(text: str) -> str | None:
    rx = _place_re()
    m = rx.search(text) if rx is not None else None
    return m.group(1) if m else None


# ------------------------------------------------------------ a lone name as the speaker: a surname or a body
# A lone name as the speaker ("Microsoft said", "CrowdStrike acknowledged", "Hagari said"): a surname or a body.
#
# Reporting introduces a person by full name ("Daniel Hagari", "Choi Sang-mok") before it shortens him to a
# surname; a single capitalised word that the article has never written beside another name, and that no list
# knows as a person, is a company or another body speaking for itself. Read as a person, "Microsoft" is a
# speaker that never matches the body another article names; read as a body it does. A surname the article
# introduced (as a speaker or anywhere in its text) stays a person.

_CASE_END = re.compile(r"['’][a-zçğıöşü]{1,5}$")
_WORD = re.compile(r"[\w'’-]+")
# a feminine verb: past "قالت", "أعلنت"; present "تقول", "تشير" (with its و/ف clitic)
_FEMININE = re.compile(r"^[وف]?(?:ت\w+|\w+ت)$")
_CAP = re.compile(r"[A-ZÀ-ÖØ-ÞА-ЯЁÇĞİÖŞÜ]")


def _beside_a_name(word: str, text: str) -> bool:
    """Whether ``text`` writes ``word`` next to another capitalised word (a first name or a surname)."""
    words = _WORD.findall(text)
    for i, w in enumerate(words):
        if _CASE_END.sub("", w) != word:
            continue
        for k in (i - 1, i + 1):
            if 0 <= k < len(words) and _CAP.match(words[k]) and fold_word(words[k]) not in lexicon().words["function_words"]:
                return True
    return False


def lone_body(name: str, phrase: str, verb: str, earlier: list[str], sentence: str, people: dict) -> bool:
    """Whether the speaker ``name`` read as a person is rather a body speaking for itself (see the module doc).

    ``verb``: the cue as written; ``phrase``: the speaker phrase's own words; only a name standing alone there is weighed ("وقالت القاضية
    ليندا تشان": a name read out of a longer phrase is a person's, cut short).
    """
    word = _CASE_END.sub("", name.strip())
    if not earlier:
        return False  # a sentence read alone tells nothing of whom its article introduced
    if _CASE_END.sub("", phrase.strip(" ,،\"“”«»")) != word or " " in word or len(word) < 3 or skeleton(word).split("-")[-1] in people:
        return False
    if resolve(word, "person").canonical is not None:
        return False  # a person the data knows by one name
    if is_arabic(word):
        # no capitals to tell a name's neighbours: a feminine verb ("وقالت مايكروسوفت": a company is feminine) and
        # a word the article has not written before; "قال بيسكوف", masculine, is a man known by his surname
        return _FEMININE.search(verb) is not None and not any(word in t for t in earlier)
    return not any(_beside_a_name(word, t) for t in (*earlier, sentence))


# Word classes attributions.py reads pronouns and names with.
@lru_cache(maxsize=None)
def _folded(list_name: str) -> frozenset[str]:
    """The folded words of one of the cue lexicon's word lists, all languages together."""
    return frozenset(fold_word(w) for ws in _word_lists(list_name).values() for w in ws)


def _possessives() -> frozenset[str]:
    return _folded("possessive_pronouns")


def _name_titles() -> frozenset[str]:
    return _folded("name_titles")


def _untitled(name: str) -> str:
    """"Justice Linda Chan", "Madam Justice Linda Chan": the words of address before a name of two words or more
    are no part of it (a title that names an office is a role, read apart; these name none, or a court's)."""
    words = name.split()
    while len(words) > 2 and fold_word(words[0]) in _name_titles():
        words = words[1:]
    return " ".join(words)


def _personal() -> frozenset[str]:
    return _folded("personal_pronouns")


def _impersonal() -> frozenset[str]:
    return _folded("impersonal_cues")
