"""Where a large alternation of written forms can match: the word starts whose first letters begin a form.

The attribution cues and titles are alternations of hundreds of forms
(attributions_lexicon: cue_re about 21,000 characters, role_re 36,000),
compiled with IGNORECASE, which defeats the engine's quick test of each
branch's first character: at every word start of every statement it enters
hundreds of branches, and most word starts begin no form at all. Scanning
them was a fifth of extraction at 1,600 bench articles.

A gate keys every branch by its first ``KEY`` letters folded the way the
pattern compares them (case as the engine folds it, the Arabic letter
classes of attributions_patterns, spaces, hyphens, dots, quotes and Arabic
marks left out), and a statement's word starts by the same letters of the
text; the pattern is tried, anchored, only at a word start whose key begins
with some branch's key (``pattern.match(text, pos, end)``). That finds the
very matches a scan finds, in the same order: every gated pattern opens with
``(?<!\\w)``, so a match starts at a word start; the letters a branch matches
fold to its own letters, so that start's key begins with the branch's key;
and an anchored match at a position is the match a scan finds there (its
look-behind sees the text before ``pos``, ``end`` cuts the text as a scan's
end does). A branch the gate cannot key (one starting with a separator)
turns the gate off: the pattern scans as before.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache
from re import _casefix  # the engine's extra case equivalences (ı with i, ſ with s)
from typing import Iterable

import _sre

from .. import regex_cache
from .attributions_patterns import MARKS, branches

# How many letters key a word start: more letters, fewer word starts tried, until the shortest
# forms ("قال", "said") hold the key down. Measured at 1,600 bench articles (bench/extract_cpu.py).
KEY = 4
# Characters a branch may match without a letter of its own: the space, hyphen and dot units of
# attributions_patterns, the quotes its space unit takes, and the Arabic marks between letters.
_SKIP_CLASS = r"\s\-‐\"'“”«».\u064b-\u0652\u0670\u0640"
_SKIP = re.compile(f"[{_SKIP_CLASS}]")
_SKIP_UNITS = frozenset((MARKS, r"[\s\-‐\"'“”«»]+", r"[\s\-‐]*", r"\.?\s*"))


def _case_classes() -> dict[int, int]:
    """Lower-case code points the engine treats as one under IGNORECASE (re._casefix), each to the least."""
    groups: list[set[int]] = []
    for lo, others in _casefix._EXTRA_CASES.items():
        group = {lo, *others}
        for g in [g for g in groups if g & group]:
            group |= g
            groups.remove(g)
        groups.append(group)
    return {c: min(g) for g in groups for c in g if c != min(g)}


# After lower case: the engine's extra case equivalences, and one letter for each Arabic letter class
# of attributions_patterns (أ إ آ ٱ as ا, ة as ه, ى as ي).
_TABLE = {**_case_classes(), **{ord(a): ord(b) for a, b in (("أ", "ا"), ("إ", "ا"), ("آ", "ا"), ("ٱ", "ا"), ("ة", "ه"), ("ى", "ي"))}}


def lower(text: str) -> str:
    """``text`` in the engine's lower case, character for character (same length).

    An IGNORECASE literal matches a character whose simple lower case is the
    literal's, or one of its extra cases: ``str.lower`` is the simple lower
    case but for "İ" (two characters), which takes the engine's own.
    """
    low = text.lower()
    if len(low) != len(text):
        low = "".join(chr(_sre.unicode_tolower(ord(c))) for c in text)
    return low


def fold(text: str) -> str:
    """``text``'s letters as the gate keys them: lower case, then one letter per class of letters."""
    return lower(text).translate(_TABLE)


_MEMBERS: dict[str, str] = {}
for _a, _b in _TABLE.items():
    _MEMBERS[chr(_b)] = _MEMBERS.get(chr(_b), chr(_b)) + chr(_a)


def _letter(ch: str) -> str:
    """A folded letter as the gate's pattern reads it in lower-cased text: the letter or any of its class."""
    members = _MEMBERS.get(ch)
    return re.escape(ch) if members is None else f"[{members}]"


def _branch_key(branch) -> str | None:
    """The folded letters a branch's match starts with, at most KEY; None where the gate cannot say."""
    out = ""
    for u in branch:
        if len(out) >= KEY:
            break
        if u.rx in _SKIP_UNITS:
            if not out:
                return None  # a match could start on a separator: no word start of the gate's
            continue
        if u.kind != "one":
            break  # a unit the gate does not read ("\s*ل"): the key is what came before it
        if u.rx.startswith("[") and u.rx.endswith("]") and len(u.rx) > 2:
            letters = {fold(c) for c in u.rx[1:-1]}  # an Arabic letter class
        elif len(u.rx) == 1 or (len(u.rx) == 2 and u.rx[0] == "\\"):
            letters = {fold(u.rx[-1])}  # re.escape of one character
        else:
            break
        if len(letters) != 1:
            break
        letter = letters.pop()
        if _SKIP.match(letter):
            if not out:
                return None
            continue  # a quote or apostrophe written in the form: separators are left out on both sides
        out += letter
    return out or None


@regex_cache.remembered  # the same keys from the same forms: kept across runs
def gate_keys(forms: list[str], arabic_clitics: bool, clitics: str = "") -> str:
    """The keys of the branches of ``forms`` (and of each after one of ``clitics``), one a line; "" if any has none."""
    keys = set()
    for b in branches(forms, arabic_clitics):
        key = _branch_key(b)
        if key is None:
            return ""
        keys.add(key)
        keys.update(c + key for c in clitics)
    return "\n".join(sorted(keys))


def _trie(keys: list[str]) -> str:
    """An alternation of the keys over folded text, separators allowed between their letters."""
    heads: dict[str, list[str]] = {}
    for k in keys:
        heads.setdefault(k[0], []).append(k[1:])
    out = []
    for head, rests in heads.items():
        if "" in rests:  # the key ends here: any continuation will do
            out.append(_letter(head))
        else:
            out.append(f"{_letter(head)}[{_SKIP_CLASS}]*(?:{_trie(rests)})")
    return "|".join(out)


@regex_cache.remembered  # the same pattern from the same keys: kept across runs
def _gate_pattern(keys: list[str]) -> str:
    return f"(?<!\\w)(?=(?:{_trie(keys)}))"


class Gate:
    """``pattern``'s matches, tried only at the word starts ``keys`` allow (see the module's note).

    The caller vouches that every match of ``pattern`` starts where no word
    character precedes it, and that ``keys`` (gate_keys of its forms) key
    every branch it may start with.
    """

    def __init__(self, pattern: re.Pattern, keys: Iterable[str]) -> None:
        self.pattern = pattern
        self.keys = tuple(sorted({k[:KEY] for k in keys}))
        self.on = bool(self.keys) and "" not in self.keys
        # a key that another key starts lets through every word start that one would
        keys = set(self.keys)
        short = [k for k in self.keys if not any(k[:n] in keys for n in range(1, len(k)))]
        self._starts = regex_cache.compile(_gate_pattern(short)) if self.on else None
        self.starts = lru_cache(maxsize=1 << 16)(self._find)

    def __reduce__(self):
        # with its word-start pattern: a lexicon read from the model cache (regex_cache.kept)
        # then skips working out the short keys again (0.01-0.02 CPU-s of every start)
        return _restored, (self.pattern, self.keys, self._starts)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Gate) and (self.pattern, self.keys) == (other.pattern, other.keys)

    def __hash__(self) -> int:
        return hash((self.pattern, self.keys))

    def _find(self, text: str) -> tuple[int, ...]:
        """The word starts of ``text`` where a match may begin."""
        return tuple(m.start() for m in self._starts.finditer(lower(text)))

    def finditer(self, text: str, start: int = 0, end: int | None = None) -> list[re.Match]:
        """``list(pattern.finditer(text, start, end))``; the word starts of each text are kept (an LRU)."""
        end = len(text) if end is None else end
        if not self.on:
            return list(self.pattern.finditer(text, start, end))
        starts = self.starts(text)
        out, last, match = [], start, self.pattern.match
        for p in starts[bisect_left(starts, start):]:
            if p < last:
                continue
            if p >= end:
                break
            m = match(text, p, end)
            if m is not None:
                out.append(m)
                last = m.end()
        return out

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match | None:
        """``pattern.search(text, pos, endpos)``."""
        endpos = len(text) if endpos is None else endpos
        if not self.on:
            return self.pattern.search(text, pos, endpos)
        starts = self.starts(text)
        match = self.pattern.match
        for p in starts[bisect_left(starts, pos):]:
            if p >= endpos:
                break
            m = match(text, p, endpos)
            if m is not None:
                return m
        return None

    def match(self, text: str) -> re.Match | None:
        """``pattern.match(text)``."""
        if self.on and not self._starts.match(lower(text)):
            return None
        return self.pattern.match(text)

    def fullmatch(self, text: str) -> re.Match | None:
        """``pattern.fullmatch(text)``."""
        if self.on and not self._starts.match(lower(text)):
            return None
        return self.pattern.fullmatch(text)


def _restored(pattern: re.Pattern, keys: tuple[str, ...], starts: re.Pattern | None) -> Gate:
    """A pickled Gate as it was: ``keys`` already cut and sorted, ``starts`` its word-start pattern."""
    gate = Gate.__new__(Gate)
    gate.pattern, gate.keys, gate._starts = pattern, keys, starts
    gate.on = bool(keys) and "" not in keys
    gate.starts = lru_cache(maxsize=1 << 16)(gate._find)
    return gate
