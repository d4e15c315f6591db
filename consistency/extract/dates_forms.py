"""Folded text and word-list regexes for the date vocabulary (used by dates_lexicon and dates_grammar).

Text is folded one character for one character (``fold``): alef and hamza
forms to ا, ة to ه, ى to ي, Arabic-Indic digits to ASCII. Offsets therefore
stay those of the original statement. Diacritics and tatweel cannot be
dropped without moving offsets, so the patterns allow them after any Arabic
letter instead.

Word lists become tries (``_trie_regex``): a regex alternation of hundreds of
words is tried word by word at every position, a trie branches on the first
letter; this keeps extraction fast on archives of hundreds of thousands of
statements.
"""

from __future__ import annotations

import re

from .. import regex_cache

_FOLD = {ord(a): b for a, b in {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ی": "ي", "ک": "ك",
    "٫": ".", "٬": ",",
}.items()}
for _i in range(10):
    _FOLD[0x0660 + _i] = str(_i)
    _FOLD[0x06F0 + _i] = str(_i)

_MARK_CHARS = "\u064b-\u065f\u0670\u0640"  # harakat, superscript alef, tatweel
MARKS = f"[{_MARK_CHARS}]*"
# A word as the tokenizer's prefilter sees it: marks are not \w, but they
# sit inside words.
WORD = re.compile(f"[\\w{_MARK_CHARS}]+")
PROCLITICS = frozenset("وفبلك")
MARK_RE = re.compile(f"[{_MARK_CHARS}]")
# A word starts after a non-word character, or after one or two proclitic
# letters (و ف ب ل ك) that themselves start a word: "وبحلول", "لعام".
WORD_START = r"(?:(?<!\w)|(?<=(?<!\w)[وفبلك])|(?<=(?<!\w)[وف][بلك]))"
# A word ends where no letter and no mark follows: after "العامّ" in
# "العامّكذا" the shadda is not \w, and a plain check would end the word there.
WORD_END = f"(?![^\\W\\d_]|[{_MARK_CHARS}])"


# str.translate looks every character up in the table (about 5 us for an
# Arabic statement); one str.replace per folded character that occurs is a
# quarter of that, and the same result: every key is one non-ASCII
# character and no replacement holds a key.
_FOLD_PAIRS = tuple((chr(k), v) for k, v in _FOLD.items())
assert all(not a.isascii() and not set(b) & {a for a, _ in _FOLD_PAIRS} for a, b in _FOLD_PAIRS)


def fold(text: str) -> str:
    """Fold Arabic letter variants and digits, keeping every offset."""
    if text.isascii():
        return text  # nothing to fold
    for a, b in _FOLD_PAIRS:
        if a in text:
            text = text.replace(a, b)
    return text


def canon(text: str) -> str:
    """Key for looking a matched phrase up in the vocabulary."""
    return " ".join(MARK_RE.sub("", fold(text)).casefold().split()).rstrip(".")


def _is_arabic(ch: str) -> bool:
    return "\u0600" <= ch <= "\u06ff"


def _trie_regex(words: list[str]) -> str:
    """One regex matching any of ``words`` (already folded), longest first."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        branches = []
        end = "" in node
        for ch in sorted((c for c in node if c), key=lambda c: (-_depth(node[c]), c)):
            if ch == " ":
                head = r"\s+"
            elif _is_arabic(ch):
                head = re.escape(ch) + MARKS
            else:
                head = re.escape(ch)
            branches.append(head + emit(node[ch]))
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if end else body

    return emit(trie)


def _depth(node: dict) -> int:
    return 1 + max((_depth(n) for c, n in node.items() if c), default=0)


def _forms(word: str, case_sensitive: bool) -> list[str]:
    """Folded spellings to match; an Arabic "ال" word also after a lam proclitic ("للعام")."""
    w = " ".join(fold(word).split())
    out = [w]
    if _is_arabic(w[0]) and w.startswith("ال"):
        out.append(w[1:])  # only reachable after ل: see the lookbehind in words()
    if not _is_arabic(w[0]):
        out = [w, w.upper()] if case_sensitive else [w.casefold()]
    return out


@regex_cache.remembered  # the same text from the same words: kept across runs
def _endings(items: list[str] | None) -> str:
    """A regex for words of three letters or more ending in one of ``items``: a tense written
    in the verb's ending ("débutera", "s'ouvrira", "verilecek", "başlayacağını")."""
    if not items:
        return ""
    return r"\b\w{3,}(?:" + "|".join(sorted(map(re.escape, items), key=len, reverse=True)) + r")\b"


def _or(*patterns: str) -> str:
    return "|".join(f"(?:{p})" for p in patterns if p)


@regex_cache.remembered  # tries for ~40 word lists were 0.13 CPU-s of every cold start, the same text each time
def words(items: list[str], *, case_sensitive: bool = False) -> str:
    """A bounded regex for a word list (not capturing)."""
    ar, lam, latin = [], [], []
    for item in items:
        forms = _forms(item, case_sensitive)
        if _is_arabic(forms[0][0]):
            ar.append(forms[0])
            lam.extend(forms[1:])
        else:
            latin.extend(forms)
    parts = []
    if ar:
        parts.append(WORD_START + _trie_regex(sorted(set(ar))))
    if lam:
        parts.append(r"(?:(?<=(?<!\w)ل)|(?<=(?<!\w)[وف]ل))" + _trie_regex(sorted(set(lam))))
    if latin:
        body = _trie_regex(sorted(set(latin)))
        parts.append(r"(?<!\w)" + (body if case_sensitive else f"(?i:{body})"))
    return "(?:" + "|".join(parts) + ")" + MARKS + WORD_END
