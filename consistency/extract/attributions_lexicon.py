"""Regexes for attribution cues and known names, compiled once from the data files.

Patterns run over the ORIGINAL statement text, so offsets need no mapping:
each written form becomes a pattern tolerant of what normalization would fold
(alef/hamza forms, ة/ه, ى/ي, diacritics and tatweel between letters, Latin
case) and of Arabic clitics (و ف ب ل ك, لل for ال).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from operator import itemgetter
from typing import Any, NamedTuple

from ..datafiles import DataError, load
from ..entities import Known, known, name_key
from ..normalize import normalize

_MARKS = "[\u064b-\u0652\u0670\u0640]*"
_CLASSES = {"ا": "[اأإآٱ]", "أ": "[اأإآٱ]", "إ": "[اأإآٱ]", "آ": "[اأإآٱ]", "ة": "[ةه]", "ه": "[ةه]",
            "ى": "[ىي]", "ي": "[ىي]"}
KINDS = ("speech", "continuation", "relay", "report", "according", "citing", "participle")


_ARABIC_CHAR = re.compile("[\u0600-\u06ff]")


def is_arabic(text: str) -> bool:
    return _ARABIC_CHAR.search(text) is not None


def tolerant(form: str) -> str:
    """A regex for ``form`` that matches its spelling variants in raw text."""
    return _flat(_units(form))


# ---------------------------------------------------------- alternations
# A cue or title alternation has hundreds of branches, and the regex engine
# tries every one at every word start. Branches are therefore built as lists of
# units and merged on shared leading units (a trie) where that provably keeps
# the same first match: only branches whose first characters exclude each other
# change places, and a shared unit of variable length is merged only when what
# follows it can never start inside it. Anything else stays as written.
class _Unit(NamedTuple):
    rx: str
    first: frozenset | None  # the characters its match may start with; None: anything
    kind: str  # "one" exactly one character, "star" any number (maybe none), "plus" one or more


_MARKSET = frozenset(chr(c) for c in range(0x64B, 0x653)) | {"\u0670", "\u0640"}
_MARK_UNIT = _Unit(_MARKS, _MARKSET, "star")
_SPACE_UNIT = _Unit(r"[\s\-‐\"'“”«»]+", frozenset({"<space>"}), "plus")  # no letter or mark is a space


def _char(ch: str) -> _Unit:
    return _Unit(re.escape(ch), frozenset({ch, ch.lower(), ch.upper()}), "one")


def _units(form: str) -> list[_Unit]:
    out = []
    for ch in form:
        if ch == " ":
            out.append(_SPACE_UNIT)
        elif ch in "-‐":
            out.append(_Unit(r"[\s\-‐]*", None, "star"))
        elif ch == ".":
            out.append(_Unit(r"\.?\s*", None, "star"))
        elif "\u0600" <= ch <= "\u06ff":
            if "\u064b" <= ch <= "\u0652":
                continue  # diacritics in the data are optional like any other
            cls = _CLASSES.get(ch)
            out += [_Unit(cls, frozenset(cls[1:-1]), "one") if cls else _char(ch), _MARK_UNIT]
        elif ch.isascii() and ch.isalnum():
            out.append(_char(ch))
        else:
            out.append(_Unit(re.escape(ch), None, "one"))
    return out


def _prefixed_units(form: str) -> list[list[_Unit]]:
    """Allow the clitics a name or verb takes in running text: وقال, بوكالة, للشركة.

    The branches of (clitic)?form, in the order the regex engine would try them.
    """
    if normalize(form).startswith("ال"):
        # (?:[وفبك]?ال|و?لل): a clitic then ال, ال, ولل, لل
        rest = _units(form[2:])
        heads = [*(c + "ال" for c in "وفبك"), "ال", "ولل", "لل"]
    else:
        rest = _units(form)
        # (?:[وفبلك]|و[بل]|لل)?: one clitic, two, or none
        heads = [*"وفبلك", "وب", "ول", "لل", ""]
    return [[_char(c) for c in h] + rest for h in heads]


def _flat(branch: list[_Unit]) -> str:
    return "".join(u.rx for u in branch)


def _lead(branch: list[_Unit]) -> frozenset | None:
    """The characters a match of the branch may start with (None: anything, the empty string too)."""
    out: frozenset = frozenset()
    for u in branch:
        if u.first is None:
            return None
        out |= u.first
        if u.kind != "star":
            return out
    return None


def _merged(branches: list[list[_Unit]]) -> str:
    """The ordered alternation of ``branches``, shared leading units merged where that is safe."""
    out: list[str] = []
    run: list[list[_Unit]] = []
    for b in branches:
        if _lead(b) is not None:
            run.append(b)
            continue
        if run:  # a branch that may start with anything keeps its place
            out += _merged_run(run)
            run = []
        out.append(_flat(b))
    if run:
        out += _merged_run(run)
    return "|".join(out)


def _split_classes(run: list[list[_Unit]]) -> list[list[_Unit]]:
    """[اأإآٱ]... as ا...|أ...|...: one character class is an alternation of its characters."""
    out = []
    for b in run:
        u = b[0]
        if u.kind == "one" and u.rx.startswith("[") and len(u.first) > 1:
            out += [[_char(c), *b[1:]] for c in u.rx[1:-1]]
        else:
            out.append(b)
    return out


def _key(u: _Unit):
    # a one-character unit matches exactly its ``first`` set (the alternations are compiled
    # with IGNORECASE, so "C" and "c" are the same unit)
    return u.first if u.kind == "one" else u


def _exclusive(run: list[list[_Unit]]) -> bool:
    """Whether branches with different first units can never start at the same character."""
    leads: dict = {}
    for b in run:
        leads[_key(b[0])] = leads.get(_key(b[0]), frozenset()) | _lead(b)
    seen: frozenset = frozenset()
    for lead in leads.values():
        if seen & lead:
            return False
        seen |= lead
    return True


def _merged_run(run: list[list[_Unit]]) -> list[str]:
    if not _exclusive(run):
        run = _split_classes(run)
        if not _exclusive(run):
            return [_flat(b) for b in run]
    out = []
    firsts: dict = {}
    for b in run:
        firsts.setdefault(_key(b[0]), b[0])
    for k, u in firsts.items():
        rests: list[list[_Unit]] = []
        for b in run:
            if _key(b[0]) == k and b[1:] not in rests:
                rests.append(b[1:])  # a repeated branch can never match where its first did not
        if len(rests) == 1:
            out.append(u.rx + _flat(rests[0]))
        elif u.kind == "one" or _after_ok(u, rests):
            out.append(u.rx + "(?:" + _merged(rests) + ")")
        else:
            out += [u.rx + _flat(r) for r in rests]
    return out


def _after_ok(u: _Unit, rests: list[list[_Unit]]) -> bool:
    """A variable-length unit may be shared when giving back a character never helps a later branch:
    every continuation starts with one character it cannot hold, and one that ends there comes last."""
    for i, r in enumerate(rests):
        if not r:
            if i != len(rests) - 1:
                return False
        elif r[0].kind == "star" or r[0].first is None or r[0].first & u.first:
            return False
    return True


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
                    "prepositions"):
        block = data.get(section)
        if not isinstance(block, dict) or not all(
            isinstance(v, list) and all(isinstance(w, str) and w for w in v) for v in block.values()
        ):
            raise ValueError(f"expected {section!r}: a mapping of language -> list of strings (quote yes/no/on/off)")
    if not isinstance(data.get("roles"), dict) or not isinstance(data.get("unnamed"), dict):
        raise ValueError("expected 'roles' (class -> words) and 'unnamed' (language -> nouns, markers)")


def cue_data() -> dict:
    return load("attribution_cues.yaml", _validate_cues)


def _branches(forms: list[str], arabic_clitics: bool) -> list[list[_Unit]]:
    out = []
    for f in sorted(set(forms), key=lambda s: (-len(s), s)):
        if is_arabic(f) and f.endswith(" ل"):  # "وفقا لـ": the preposition clings to the next word
            out.append(_units(f[:-2]) + [_Unit(r"\s*ل\u0640?", None, "star")])
        elif is_arabic(f) and arabic_clitics:
            out += _prefixed_units(f)
        else:
            out.append(_units(f))
    return out


def _alternation(forms: list[str], arabic_clitics: bool) -> str:
    return _merged(_branches(forms, arabic_clitics))


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


def _words(items: list[str]) -> frozenset[str]:
    return frozenset(normalize(w) for w in items)


def _phrase_re(items: list[str]) -> re.Pattern:
    branches = _branches(items, arabic_clitics=False)
    # (?:[وف])?(?:alt) as the engine tries it: و or ف before each branch, then each branch alone
    clitic = [[_char(c), *b] for c in "وف" for b in branches]
    return re.compile(rf"(?<!\w)(?:{_merged(clitic + branches)})(?!\w)", re.IGNORECASE)


@lru_cache(maxsize=1)
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
    cue_re = re.compile(
        rf"(?<!\w)(?:[وف]{_MARKS}(?=\S))?(?P<c>{_alternation(ar_forms, False)})(?![\w])"
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
    phrases = {}
    for section in ("zone_stops", "pronouns", "anaphoric_orgs"):
        for lang, items in data[section].items():
            phrases[f"{section}.{lang}"] = _phrase_re(items)
    for lang, block in data["unnamed"].items():
        phrases[f"markers.{lang}"] = _phrase_re(block["markers"])
    outlets = load("outlets.yaml")["outlet_nouns"]
    return Lexicon(
        cue_re=cue_re,
        cues=cues,
        gaz=gaz,
        gaz_strict=strict,
        gaz_first={k: tuple(sorted(v.items())) for k, v in first.items()},
        adjectives=frozenset(adjectives),
        words={s: _words([w for items in data[s].values() for w in items])
               for s in ("function_words", "common_nouns", "not_after", "prepositions")},
        phrases=phrases,
        role_re=re.compile(rf"(?<!\w)(?:{_alternation(role_words, True)})(?!\w)", re.IGNORECASE),
        unnamed_nouns=_words([w for b in data["unnamed"].values() for w in b["nouns"]]),
        outlet_nouns=_words([w for items in outlets.values() for w in items]),
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


def known_in(text: str) -> list[tuple[int, int, Known]]:
    """(start, end, entry) of every known outlet, organisation or country in ``text``, longest first.

    Word n-grams are looked up by their folded key, not matched by one huge
    regex: a dictionary probe per n-gram keeps this linear in the text.
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
