"""Regexes for attribution cues and known names, compiled once from the data files.

The patterns are built by attributions_patterns.py; known names are found by
word n-gram lookups (known_in).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from operator import itemgetter
from typing import Any

from ..datafiles import DataError, load, load_merged
from ..entities import Known, known, name_key
from .. import regex_cache
from ..normalize import normalize
from .alternation_gate import Gate, gate_keys
from .attributions_patterns import MARKS, WORD_END, alternation, branches, char_unit, is_arabic, merged

KINDS = ("speech", "continuation", "relay", "report", "according", "citing", "participle", "act")
# an act of an official actor ("the court ordered", "la junte a décrété") is read as speech is: its subject is
# the source; but it never continues a speaker unnamed in its sentence, and a verb of saying wins over it
SAYING = ("speech", "act")


# ------------------------------------------------------------------- cues
@dataclass(frozen=True)
class Cue:
    cue: str  # canonical, as reported
    kind: str  # one of KINDS
    lang: str


def _validate_cues(data: Any) -> None:
    if not isinstance(data, dict) or not isinstance(data.get("cues"), dict):
        raise ValueError("expected a top-level 'cues' mapping of language -> list")
    for lang, entries in data["cues"].items():
        for i, e in enumerate(entries or []):
            if not isinstance(e, dict) or set(e) != {"cue", "kind", "forms"}:
                raise ValueError(f"cues.{lang}[{i}]: expected exactly the keys cue, kind, forms; got {e!r}")
            if e["kind"] not in KINDS:
                raise ValueError(f"cues.{lang}[{i}]: kind must be one of {', '.join(KINDS)}; got {e['kind']!r}")
            if not isinstance(e["forms"], list) or not all(isinstance(f, str) and f for f in e["forms"]):
                raise ValueError(f"cues.{lang}[{i}]: forms must be a list of non-empty strings")
    for section in ("zone_stops", "function_words", "common_nouns", "anaphoric_orgs", "pronouns", "not_after",
                    "prepositions", "name_particles", "relative_openers", "relative_closers", "outlet_datives", "asides",
                    "publication_media", "body_suffixes", "subordinators", "corporate_nouns",
                    "office_titles", "body_kinds", "impersonal_cues", "agent_markers", "passive_participles",
                    "name_final_bodies", "appositive_nouns", "body_kind_accepts", "possessive_pronouns", "title_place_nouns",
                    "unlisted_articles", "unlisted_determiners", "unlisted_leads", "unlisted_of", "unlisted_not_bodies",
                    "unlisted_complementizers", "passive_auxiliaries", "personal_pronouns", "name_titles"):
        block = data.get(section)
        if not isinstance(block, dict) or not all(
            isinstance(v, list) and all(isinstance(w, str) and w for w in v) for v in block.values()
        ):
            raise ValueError(f"expected {section!r}: a mapping of language -> list of strings (quote yes/no/on/off)")
    if not isinstance(data.get("roles"), dict) or not isinstance(data.get("unnamed"), dict):
        raise ValueError("expected 'roles' (class -> words) and 'unnamed' (language -> nouns, markers)")


def cue_data() -> dict:
    return load_merged("attribution_cues.yaml", _validate_cues)


@dataclass(frozen=True)
class Lexicon:
    cue_re: re.Pattern  # group "c": the cue form without clitics
    cues: dict[str, Cue]  # name_key(form) -> Cue
    gaz: dict[str, Known]  # name_key of every alias of a known outlet, organisation, country
    gaz_strict: dict[str, Known]  # short capitalised aliases, matched case and all
    # an alias's first word as it may be written (with clitics: بوكالة, للشركة) ->
    # ((the word's folded key, the most words such an alias has), ...)
    gaz_first: dict[str, tuple[tuple[str, int], ...]]
    adjectives: frozenset[str]  # name keys of nationality adjectives
    words: dict[str, frozenset[str]]  # function_words, common_nouns, ... as normalized words
    phrases: dict[str, re.Pattern]  # zone_stops, markers, pronouns, anaphoric_orgs per language
    role_re: re.Pattern
    unnamed_nouns: frozenset[str]
    outlet_nouns: frozenset[str]
    body_suffixes: tuple[str, ...] = ()  # Turkish "-lığı": "Cumhurbaşkanlığı", "Valiliği" name a body
    # cue_re and role_re tried only at word starts whose first letters begin a form (alternation_gate)
    cue_gate: Gate | None = None
    role_gate: Gate | None = None


_alternation = regex_cache.remembered(alternation)  # the same text from the same words: kept across runs


def _words(items: list[str]) -> frozenset[str]:
    return frozenset(normalize(w) for w in items)


@regex_cache.remembered  # the same text from the same words: kept across runs
def _phrase_pattern(items: list[str]) -> str:
    plain = branches(items, arabic_clitics=False)
    # (?:[وف])?(?:alt) as the engine tries it: و or ف before each branch, then each branch alone
    clitic = [[char_unit(c), *b] for c in "وف" for b in plain]
    return rf"(?<!\w)(?:{merged(clitic + plain)}){WORD_END}"


def _phrase_re(items: list[str]) -> re.Pattern:
    # "qu'", "l'": a form ending in an apostrophe is glued to the next word ("qu'Elon Musk avait ..."),
    # so no word end may follow it
    glued = [i for i in items if i.endswith(("'", "’"))]
    pattern = _phrase_pattern([i for i in items if i not in glued])
    if glued:
        pattern = rf"{pattern}|(?<!\w)(?:{'|'.join(re.escape(g) for g in sorted(glued, key=len, reverse=True))})"
    return regex_cache.compile(pattern, re.IGNORECASE)


@lru_cache(maxsize=1)
@regex_cache.kept  # built once per code version, read once per process: building it was 0.04-0.06 CPU-s of every start
def lexicon() -> Lexicon:
    data = cue_data()
    cues: dict[str, Cue] = {}
    forms: list[str] = []
    for lang, entries in data["cues"].items():
        verbs = [f for e in entries if e["kind"] in ("relay", "report") for f in e["forms"]]
        for e in entries:
            for f in e["forms"]:
                for g in ([f[:-1] + v for v in verbs] if f.endswith(" *") else [f]):
                    cues.setdefault(name_key(g), Cue(e["cue"], e["kind"], lang))
                    forms.append(g)
    ar_forms = [f for f in forms if is_arabic(f)]
    en_forms = [f for f in forms if not is_arabic(f)]
    cue_re = regex_cache.compile(
        # "وفقا ل", "طبقا ل": a form ending in a one-letter preposition ends inside the word it is joined to
        # ("وفقاً لوزارة الصحة")
        rf"(?<!\w)(?:[وف]{MARKS}(?=\S))?(?P<c>{_alternation(ar_forms, False)})(?:{WORD_END}|(?<=\sل)|(?<=\sب))"
        rf"|(?<![\w])(?P<e>{_alternation(en_forms, False)})(?![\w])",
        re.IGNORECASE,
    )
    gaz: dict[str, Known] = {}
    strict: dict[str, Known] = {}
    adjectives: set[str] = set()
    first: dict[str, dict[str, int]] = {}
    for k in known():
        if k.kind == "person":
            continue
        for a in (*k.aliases, *k.adjectives):
            # Short all-capital Latin names (AP, AA, SSB) only in capitals: "ap" is not an agency.
            if not is_arabic(a) and len(a) <= 4 and (a.isupper() or a.islower()):
                strict.setdefault(_SEP.sub("", a), k)
            else:
                gaz.setdefault(name_key(a), k)
                ws = _WORD.findall(a)
                head = name_key(ws[0]) if ws else ""
                for variant in _clitic_forms(head):
                    heads = first.setdefault(variant, {})
                    heads[head] = max(heads.get(head, 0), len(ws))
        adjectives.update(name_key(a) for a in k.adjectives)
    role_words = [w for ws in data["roles"].values() for w in ws]
    # "health minister", "interior minister": a portfolio before the title belongs to it
    role_words += [f"{p} minister" for ws in (data.get("portfolios") or {}).values() for p in ws if p.isascii()]
    # Latin and Cyrillic languages (fr, tr, ru) are read the way English is:
    # their phrases join the "en" lists.
    lists: dict[str, list[str]] = {}
    for section in ("zone_stops", "pronouns", "anaphoric_orgs"):
        for lang, items in data[section].items():
            lists.setdefault(f"{section}.{'ar' if lang == 'ar' else 'en'}", []).extend(items)
    for lang, block in data["unnamed"].items():
        lists.setdefault(f"markers.{'ar' if lang == 'ar' else 'en'}", []).extend(block["markers"])
    phrases = {key: _phrase_re(items) for key, items in lists.items()}
    outlets = load("outlets.yaml")["outlet_nouns"]
    role_re = regex_cache.compile(rf"(?<!\w)(?:{_alternation(role_words, True)}){WORD_END}", re.IGNORECASE)
    return Lexicon(
        cue_re=cue_re,
        cues=cues,
        gaz=gaz,
        gaz_strict=strict,
        gaz_first={k: tuple(sorted(v.items())) for k, v in first.items()},
        adjectives=frozenset(adjectives),
        words={s: _words([w for items in (data.get(s) or {}).values() for w in items])
               for s in ("function_words", "common_nouns", "not_after", "prepositions", "body_nouns",
                         "name_particles", "relative_openers", "relative_closers", "outlet_datives", "asides",
                         "publication_media", "topic_prepositions", "subordinators",
                         "corporate_nouns", "office_titles", "name_final_bodies")},
        body_suffixes=tuple(w for items in (data.get("body_suffixes") or {}).values() for w in items),
        phrases=phrases,
        role_re=role_re,
        unnamed_nouns=_words([w for b in data["unnamed"].values() for w in b.get("nouns", [])]),
        outlet_nouns=_words([w for items in outlets.values() for w in items]),
        # the Arabic forms also after the clitic و or ف the pattern allows before them
        cue_gate=Gate(cue_re, [*gate_keys(ar_forms, False, "وف").split("\n"), *gate_keys(en_forms, False).split("\n")]),
        role_gate=Gate(role_re, gate_keys(role_words, True).split("\n")),
    )


def cue_of(match: re.Match) -> Cue:
    """The Cue a cue_re match stands for."""
    form = match.group("c") or match.group("e")
    cue = lexicon().cues.get(_word_key(form))
    if cue is None:
        raise DataError(f"attribution_cues.yaml: matched {form!r} but no cue lists it")
    return cue


_WORD = re.compile(r"[\w\u064b-\u0652\u0670\u0640]+(?:[.\-‐][\w\u064b-\u0652\u0670\u0640]+)*")
_SEP = re.compile(r"[\W_]+")


def _clitic_forms(head: str) -> list[str]:
    """How an alias's first word may appear with Arabic clitics glued on: وكالة -> بوكالة, الشركة -> للشركة."""
    if not is_arabic(head):
        return [head]
    out = [head] + [pre + head for pre in ("و", "ف", "ب", "ل", "ك", "وب", "ول", "فب", "فل", "وك")]
    if head.startswith("ال"):
        out += [pre + head[2:] for pre in ("لل", "ولل", "فلل")]
    return out


# the same words come back in every statement: fold each once
_word_key = lru_cache(maxsize=1 << 16)(name_key)
fold_word = lru_cache(maxsize=1 << 16)(normalize)


@lru_cache(maxsize=1 << 16)
def _word_info(word: str) -> tuple[str, tuple[tuple[str, int], ...] | None, Known | None]:
    """(folded key, the names it may start, the short capitalised name it is)."""
    lex = lexicon()
    key = _word_key(word)
    return key, lex.gaz_first.get(key), lex.gaz_strict.get(_SEP.sub("", word))


_KEY, _HEADS, _STRICT = itemgetter(0), itemgetter(1), itemgetter(2)


# Every reader of a statement asks for its known names (the reading, the places, the bodies named,
# the passive agent): 3.2 calls per statement text at 1,600 bench articles. The answer depends on
# the text alone and no caller changes the list, so each text is looked up once (an LRU, as
# extract.TEXT_MEMO: wire copies repeat sentences across articles).
@lru_cache(maxsize=1 << 16)
def known_in(text: str) -> list[tuple[int, int, Known]]:
    """(start, end, entry) of every known outlet, organisation or country in ``text``, longest first.

    Word n-grams are looked up by their folded key, not matched by one huge
    regex: a dictionary probe per n-gram keeps this linear in the text.
    The list is shared by every caller asking about the same text: read it, never change it.
    """
    lex = lexicon()
    info = list(map(_word_info, _WORD.findall(text)))
    out: list[tuple[int, int, Known]] = []
    if not any(map(_HEADS, info)) and not any(map(_STRICT, info)):  # no word can start a name
        return out
    keys = list(map(_KEY, info))
    found = list(_WORD.finditer(text))
    i = 0
    while i < len(info):
        hit, n = None, 0
        for head, most in info[i][1] or ():
            for n in range(min(most, len(info) - i), 0, -1):
                hit = lex.gaz.get(head + "".join(keys[i + 1:i + n]))
                if hit:
                    break
            if hit:
                break
        if hit is None:
            hit, n = info[i][2], 1
        if hit:
            out.append((found[i].start(), found[i + n - 1].end(), hit))
            i += n
        else:
            i += 1
    return out
