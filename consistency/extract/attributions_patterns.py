"""Patterns for written forms: spelling-tolerant, and alternations of many merged into a trie.

Patterns run over the ORIGINAL statement text, so offsets need no mapping:
each written form becomes a pattern tolerant of what normalization would fold
(alef/hamza forms, ة/ه, ى/ي, diacritics and tatweel between letters, Latin
case) and of Arabic clitics (و ف ب ل ك, لل for ال).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from ..normalize import normalize

_MARK_CHARS = "\u064b-\u0652\u0670\u0640"  # harakat, superscript alef, tatweel
MARKS = f"[{_MARK_CHARS}]*"
# A word ends where no letter AND no Arabic mark follows: a plain (?!\w) lets
# "ذكرَها" end after its fatha, so the pattern for ذكر would match inside it.
WORD_END = f"(?![\\w{_MARK_CHARS}])"
# a madda in the text is written on purpose: the data's "أن" (that) is not the name "آن" (Anne)
_CLASSES = {"ا": "[اأإٱ]", "أ": "[اأإٱ]", "إ": "[اأإٱ]", "ٱ": "[اأإٱ]", "آ": "[اأإآٱ]", "ة": "[ةه]", "ه": "[ةه]",
            "ى": "[ىي]", "ي": "[ىي]"}
_ARABIC_CHAR = re.compile("[\u0600-\u06ff]")


def is_arabic(text: str) -> bool:
    return _ARABIC_CHAR.search(text) is not None


def tolerant(form: str) -> str:
    """A regex for ``form`` that matches its spelling variants in raw text."""
    return flat(_units(form))


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
_MARK_UNIT = _Unit(MARKS, _MARKSET, "star")
_SPACE_UNIT = _Unit(r"[\s\-‐\"'“”«»]+", frozenset({"<space>"}), "plus")  # no letter or mark is a space


def char_unit(ch: str) -> _Unit:
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
            out += [_Unit(cls, frozenset(cls[1:-1]), "one") if cls else char_unit(ch), _MARK_UNIT]
        elif ch.isascii() and ch.isalnum():
            out.append(char_unit(ch))
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
    return [[char_unit(c) for c in h] + rest for h in heads]


def flat(branch: list[_Unit]) -> str:
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


def merged(branches: list[list[_Unit]]) -> str:
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
        out.append(flat(b))
    if run:
        out += _merged_run(run)
    return "|".join(out)


def _split_classes(run: list[list[_Unit]]) -> list[list[_Unit]]:
    """[اأإآٱ]... as ا...|أ...|...: one character class is an alternation of its characters."""
    out = []
    for b in run:
        u = b[0]
        if u.kind == "one" and u.rx.startswith("[") and len(u.first) > 1:
            out += [[char_unit(c), *b[1:]] for c in u.rx[1:-1]]
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
            return [flat(b) for b in run]
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
            out.append(u.rx + flat(rests[0]))
        elif u.kind == "one" or _after_ok(u, rests):
            out.append(u.rx + "(?:" + merged(rests) + ")")
        else:
            out += [u.rx + flat(r) for r in rests]
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


def branches(forms: list[str], arabic_clitics: bool) -> list[list[_Unit]]:
    """The forms as branches, longest first; with ``arabic_clitics`` each Arabic one also after و ف ب ل ك."""
    out = []
    for f in sorted(set(forms), key=lambda s: (-len(s), s)):
        if is_arabic(f) and f.endswith(" ل"):  # "وفقا لـ": the preposition clings to the next word
            out.append(_units(f[:-2]) + [_Unit(r"\s*ل\u0640?", None, "star")])
        elif is_arabic(f) and arabic_clitics:
            out += _prefixed_units(f)
        else:
            out.append(_units(f))
    return out


def alternation(forms: list[str], arabic_clitics: bool) -> str:
    """One regex alternation of the forms (no anchors; compile it with IGNORECASE)."""
    return merged(branches(forms, arabic_clitics))
