"""The event-cue lexicon (consistency/data/event_cues.yaml), validated and compiled once.

``find_cues(norm, language)`` gives every cue in a folded statement: its
span in the folded text, its section (events, phases, modality, ordinals, running)
and its class (deliver, start, planned, first, ...). The lexicon is indexed
by the first two letters of each entry, so a statement is read in one pass
over its words whatever the size of the lexicon.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, NamedTuple

from ..datafiles import load
from ..normalize import normalize

SECTIONS = ("events", "phases", "modality", "ordinals", "running")
LANGUAGES = ("ar", "en", "fr", "tr", "ru")
# Arabic words carry clitics: و/ف (and), ب/ل/ك (in, for, like), ال (the).
_AR_PREFIX = r"(?:[وف]?(?:[بلك]?ال|لل|[بلك])?)"
_ARABIC = re.compile(r"[\u0600-\u06ff]")


class Cue(NamedTuple):
    start: int  # in the folded text
    end: int
    section: str
    cls: str
    conj: bool = False  # an Arabic word carrying the conjunction و/ف ("واكتمل"): it opens a clause


def _validate(data: Any) -> None:
    if not isinstance(data, dict):
        raise ValueError(f"expected a mapping of sections, got {type(data).__name__}")
    for section in SECTIONS:
        if section not in data:
            raise ValueError(f"expected section {section!r}")
    conj = data.get("conjunctions", {})
    if not isinstance(conj, dict) or any(lang not in LANGUAGES for lang in conj) or not all(
            isinstance(w, list) and all(isinstance(x, str) and x.strip() for x in w) for w in conj.values()):
        raise ValueError("conjunctions: expected a mapping of languages to word lists")
    for name in ("complementizers", "relatives"):
        words = data.get(name, {})
        if not isinstance(words, dict) or any(lang not in LANGUAGES for lang in words) or not all(
                isinstance(w, list) and all(isinstance(x, str) and x.strip() for x in w) for w in words.values()):
            raise ValueError(f"{name}: expected a mapping of languages to word lists")
    first = data.get("verb_first", [])
    if not isinstance(first, list) or any(lang not in LANGUAGES for lang in first):
        raise ValueError(f"verb_first: expected a list of languages among {', '.join(LANGUAGES)}")
    counted = data.get("counts", {})
    if not isinstance(counted, dict) or not all(
            isinstance(c, str) and isinstance(u, list) and all(isinstance(x, str) and x for x in u) for c, u in counted.items()):
        raise ValueError("counts: expected a mapping of event classes to lists of quantity units")
    unknown = [c for c in counted if c not in data.get("events", {})]
    if unknown:
        raise ValueError(f"counts: {', '.join(map(repr, unknown))} not among the events classes")
    dated = data.get("date_events", [])
    if not isinstance(dated, list) or any(c not in data.get("events", {}) for c in dated):
        raise ValueError("date_events: expected a list of events classes")
    for section, classes in data.items():
        if section in ("conjunctions", "complementizers", "relatives", "verb_first", "counts", "date_events"):
            continue
        if section not in SECTIONS:
            raise ValueError(f"unknown section {section!r} (expected one of {', '.join(SECTIONS)}, conjunctions, "
                             "complementizers, relatives, verb_first, counts, date_events)")
        if not isinstance(classes, dict) or not classes:
            raise ValueError(f"{section}: expected a mapping of classes")
        for cls, langs in classes.items():
            if not isinstance(cls, str) or not re.fullmatch(r"[a-z][a-z0-9_]*", cls):
                raise ValueError(f"{section}: class names are lower-case words, got {cls!r}")
            if not isinstance(langs, dict):
                raise ValueError(f"{section}.{cls}: expected a mapping of languages to word lists")
            for lang, words in langs.items():
                if lang not in LANGUAGES:
                    raise ValueError(f"{section}.{cls}: unknown language {lang!r} (expected one of {', '.join(LANGUAGES)})")
                if not isinstance(words, list) or not words or not all(isinstance(w, str) and w.strip() for w in words):
                    raise ValueError(f"{section}.{cls}.{lang}: expected a non-empty list of words")


# Arabic clitics a cue word may carry: و/ف (and), then ب/ل/ك (in, for, like) and/or ال (the).
_CLITICS = sorted({c + r for c in ("", "و", "ف") for r in ("", "ال", "بال", "لال", "كال", "لل", "ب", "ل", "ك")},
                  key=len)
_CLITICS_BY_LETTER = {ch: [p for p in _CLITICS if not p or p[0] == ch] for ch in "وفبلكا"}
_WORDS = re.compile(r"\w+")


def _entry(word: str) -> str:
    """A word of the lexicon as a pattern (conjunctions only: a few short lists)."""
    whole = word.endswith("$")
    folded = normalize(word.rstrip("$"))
    body = r"\s+".join(re.escape(part) for part in folded.split(" "))
    return rf"(?<!\w){body}" + (r"(?!\w)" if whole else "")


@lru_cache(maxsize=None)
def _index(language: str) -> dict[str, list[tuple[str, bool, str, str]]]:
    """The lexicon of ``language`` (any other: all), keyed by an entry's first two letters.

    A dictionary look-up per word and clitic, not one regex of a thousand
    alternatives: that regex, tried at every position, was most of the frame
    stage (2.5 ms a statement).
    """
    data = load("event_cues.yaml", _validate)
    langs = (language,) if language in LANGUAGES else LANGUAGES
    out: dict[str, list[tuple[str, bool, str, str]]] = {}
    for section in SECTIONS:
        for cls, by_lang in data[section].items():
            for lang in langs:
                for w in by_lang.get(lang, ()):
                    folded = normalize(w.rstrip("$"))
                    out.setdefault(folded[:2], []).append((folded, w.endswith("$"), section, cls))
    for entries in out.values():
        entries.sort(key=lambda e: len(e[0]), reverse=True)  # the longest entry wins
    return out


@lru_cache(maxsize=None)
def _conjunctions(language: str) -> re.Pattern | None:
    data = load("event_cues.yaml", _validate).get("conjunctions", {})
    langs = (language,) if language in LANGUAGES else LANGUAGES
    words = [w for lang in langs for w in data.get(lang, ()) if not _ARABIC.search(w)]
    if not words:
        return None
    return re.compile("|".join(_entry(w) for w in sorted(set(words), key=len, reverse=True)))


def conjunctions(norm: str, language: str) -> list[tuple[int, int]]:
    """Spans (in the folded text) of the separate conjunction words that open a coordinated clause."""
    pattern = _conjunctions(language)
    return [(m.start(), m.end()) for m in pattern.finditer(norm)] if pattern else []


@lru_cache(maxsize=None)
def _complementizers(language: str) -> re.Pattern | None:
    data = load("event_cues.yaml", _validate).get("complementizers", {})
    if language in LANGUAGES and language not in data:
        return None
    words = [w for lang in ((language,) if language in LANGUAGES else data) for w in data.get(lang, ())]
    if not words:
        return None
    return re.compile("|".join(_entry(w) for w in sorted(set(words), key=len, reverse=True)) + r"|[\"«»“”„:]")


def reported_clauses(norm: str, language: str) -> list[int] | None:
    """Where (in the folded text) a reported clause may open: a complementizer ("that", "أن", "que"), a
    quotation mark or a colon; None for a language with no complementizers in the lexicon (unknown)."""
    pattern = _complementizers(language)
    return [m.start() for m in pattern.finditer(norm)] if pattern else None


@lru_cache(maxsize=None)
def _relatives(language: str) -> re.Pattern | None:
    data = load("event_cues.yaml", _validate).get("relatives", {})
    words = [w for lang in ((language,) if language in LANGUAGES else data) for w in data.get(lang, ())]
    if not words:
        return None
    return re.compile("|".join(_entry(w) for w in sorted(set(words), key=len, reverse=True)))


def relative_pronouns(norm: str, language: str) -> list[int]:
    """Where (in the folded text) a relative pronoun opens a relative clause ("which", "التي", "qui",
    "который"); none for a language without the list (Turkish marks relatives by suffix)."""
    pattern = _relatives(language)
    return [m.start() for m in pattern.finditer(norm)] if pattern else []


def verb_first(language: str) -> bool:
    """Whether clauses of ``language`` mostly open with their verb (data: event_cues.yaml)."""
    return language in load("event_cues.yaml", _validate).get("verb_first", [])


@lru_cache(maxsize=None)
def date_events() -> frozenset[str]:
    """Event classes that anchor dates only (event_cues.yaml ``date_events``)."""
    return frozenset(load("event_cues.yaml", _validate).get("date_events", []))


@lru_cache(maxsize=None)
def counted_units() -> dict[str, str]:
    """quantity unit -> the event class whose people it counts ("death" -> kill), from event_cues.yaml ``counts``."""
    data = load("event_cues.yaml", _validate).get("counts", {})
    return {u: cls for cls, units in data.items() for u in units}


def classes(section: str) -> tuple[str, ...]:
    """The classes of one section, in file order."""
    return tuple(load("event_cues.yaml", _validate)[section])


# What decides a word's candidate entries: its clitic (at most this many letters)
# and the two letters after it. Every word starting with the same HEAD letters
# has the same candidates (a clitic is all letters, so "the word starts with
# it" is "the text there starts with it").
_HEAD = max(map(len, _CLITICS)) + 2
_MEMO_LIMIT = 200_000  # heads kept per language before starting afresh


_HEADS: dict[str, tuple[dict, dict]] = {}  # language -> (the index read, head -> its candidates in it)


def _heads(language: str, index: dict) -> dict[str, tuple[tuple[int, bool, list], ...]]:
    """``head`` -> its candidates in ``index``: filled as words are read (most words have none)."""
    kept = _HEADS.get(language)
    if kept is None or kept[0] is not index or len(kept[1]) > _MEMO_LIMIT:
        kept = _HEADS[language] = (index, {})
    return kept[1]


def _candidates(head: str, index: dict) -> tuple[tuple[int, bool, list], ...]:
    """(clitic length, clitic is و/ف, entries to try) for each clitic ``head`` may start with, shortest first."""
    out = []
    for p in _CLITICS_BY_LETTER.get(head[0], ("",)):
        if head.startswith(p):
            entries = index.get(head[len(p):len(p) + 2])
            if entries:
                out.append((len(p), bool(p) and p[0] in "وف", entries))
    return tuple(out)


def find_cues(norm: str, language: str) -> list[Cue]:
    """Every cue in ``norm`` (folded text), for ``language`` (any other: every language's cues).

    At most one cue per word and section: the longest entry, with the
    shortest clitic. A word's candidates are looked up by its first letters
    (``_heads``): a third of frame building went to working out, word by
    word, that most words have none.
    """
    index = _index(language)
    heads = _heads(language, index)
    out = []
    n = len(norm)
    for w in _WORDS.finditer(norm):
        start = w.start()
        head = norm[start:start + _HEAD]
        found = heads.get(head)
        if found is None:
            found = heads[head] = _candidates(head, index)
        if not found:
            continue
        best: dict[str, tuple[int, int, str, bool]] = {}  # section -> (length, start, class, conj)
        for plen, conj, entries in found:
            at = start + plen
            for entry, whole, section, cls in entries:
                end = at + len(entry)
                if not norm.startswith(entry, at):
                    continue
                if whole and end < n and (norm[end].isalnum() or norm[end] == "_"):
                    continue
                prior = best.get(section)
                if prior is None or len(entry) > prior[0]:
                    best[section] = (len(entry), at, cls, conj)
        for section, (length, at, cls, conj) in best.items():
            out.append(Cue(start, at + length, section, cls, conj))
    return out
