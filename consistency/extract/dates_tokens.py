"""Date tokens: the date words of a statement found by dates_lexicon's one regex, each with its meaning.

``tokens`` reads a statement into Tokens; dates_grammar writes each as one
letter and reads dates off the letters. Only words that can start a token
(dates_lexicon.first_words) are tried: most words start no date.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

from .dates_forms import MARK_RE, PROCLITICS, WORD, canon, fold
from .dates_lexicon import LETTERS, NOT_PLAIN, lexicon

_PAIR_SPLIT = re.compile(r"\s*[/\\()]\s*")
_MONTH_NOUN = re.compile(r"^شهر[\u064b-\u065f\u0640]*\s+")
_RELATIVE_LETTER = {"year": "y", "month": "m", "week": "w", "day": "d", "weekend": "d", "night": "d"}
_YEAR_DIGITS = re.compile(r"[12]\d{3}")  # in every token of kind T G E Y


class Token(NamedTuple):
    # A named tuple, not a frozen dataclass: built for every date word of
    # every statement, and its constructor is several times cheaper.
    kind: str  # grammar letter
    start: int
    end: int
    text: str  # folded text of the token
    meaning: Any = None


def tokens(text: str, *, folded: str | None = None) -> list[Token]:
    lex = lexicon()
    folded = fold(text) if folded is None else folded
    return [_token(m, folded, lex.lookup) for m in _candidates(folded, lex, _words(folded, lex)[0])]


def _token(m: re.Match, folded: str, lookup: dict, *, cue_meaning: bool = True) -> Token:
    kind = m.lastgroup
    # A cue's meaning is its own text, read by no rule of the grammar.
    meaning = _meaning(kind, m, lookup) if cue_meaning or kind != "c" else None
    if kind == "R":
        kind = _RELATIVE_LETTER[meaning[0]]
    elif kind == "S" and m.group(kind)[0].isascii():
        kind = "X"  # English writes it before: "last July", "next Tuesday"
    start = m.start(m.lastgroup)
    return Token(kind, start, m.end(), folded[start:m.end()], meaning)


def _words(folded: str, lex) -> tuple[list[int], bool]:
    """The starts of the words a token can begin at, and whether any word can
    hold the four-digit year or the listed word that a token of a core kind
    (dates_grammar._CORE) holds.

    Running the token regex at every position costs a few hundred
    microseconds a statement; most words start no date, and a look-up
    says so in well under one.
    """
    known = lex.word_kinds
    starts, core = [], False
    for w in WORD.finditer(folded):
        word = w.group()
        kind = known.get(word)
        if kind is None:
            kind = _starts_token(word, lex.first_words) | (2 if _holds_core(word, lex.core_runs) else 0)
            if len(known) >= 200_000:
                known.clear()  # a bound on memory over a long archive
            known[word] = kind
        if kind & 1:
            starts.append(w.start())
        if kind & 2:
            core = True
    return starts, core


def _candidates(folded: str, lex, starts: list[int]) -> list[re.Match]:
    """Token matches at those word starts (a token's words are not tried again)."""
    match = lex.token_re.match
    out = []
    pos = 0
    for start in starts:
        if start < pos:
            continue
        m = match(folded, start)
        if m:
            pos = m.end()
            out.append(m)
    return out


def _holds_core(word: str, runs: frozenset[str] | None) -> bool:
    """Whether ``word`` may hold part of a token of a _CORE kind (see dates_lexicon._core_runs)."""
    if runs is None or _YEAR_DIGITS.search(word):  # the digits of T G E Y
        return True
    if MARK_RE.search(word) or NOT_PLAIN.search(word):
        return True  # a mark would split a listed word ("العَام") into two runs of letters
    return not runs.isdisjoint(LETTERS.findall(word.lower()))


def _starts_token(word: str, first: frozenset[str]) -> bool:
    """Whether ``word`` (as WORD finds it in folded text) can start a token."""
    word = word.casefold()  # already folded: only case and marks remain
    if word in first or word[0].isdigit() or (word[0] in PROCLITICS and _after_proclitic(word, first)):
        return True
    bare = MARK_RE.sub("", word)
    return bare != word and bool(bare) and (bare in first or _after_proclitic(bare, first))


def _after_proclitic(word: str, first: frozenset[str]) -> bool:
    for k in (1, 2):
        if len(word) > k and word[k - 1] in PROCLITICS:
            rest = word[k:]
            if rest[0].isdigit() or rest in first:
                return True
        else:
            break
    return False


def _meaning(kind: str, m: re.Match, lookup: dict) -> Any:
    key = canon(m.group(kind))
    if kind == "A":
        n_text = m.group("an1") or m.group("an2")
        unit_text = canon(m.group("au1") or m.group("au2"))
        if unit_text in lookup["dual"]:
            return (2, lookup["dual"][unit_text])
        n = 1 if n_text is None else int(n_text) if n_text.isdigit() else lookup["number"].get(canon(n_text), 1)
        return (n, lookup["unit"].get(unit_text, "day"))
    if kind == "M":
        text = _MONTH_NOUN.sub("", m.group(kind))
        after = lexicon().month_noun_after_re
        named = after is not None and after.search(text) is not None
        if named:
            text = after.sub("", text)  # "Mart ayı": the month named with its noun
        parts = [n for piece in _PAIR_SPLIT.split(text) for n in lexicon().month_or_re.split(piece)]
        months = tuple(x for x in (lookup["month"].get(canon(n)) for n in parts if n and n.strip()) if x)
        if len(months) < 2 and len(text.split()) >= 2:  # a pair written with a space only
            pair = _space_pair(text, lookup["month"])
            if pair and pair[0] != pair[1]:
                return ()  # two different months side by side are not one date
            months = pair or months
        if len(months) == 2 and months[1] not in (months[0], months[0] + 1):
            return ()  # "June/July" is a span of two months; other pairs are noise
        return months
    if kind == "Y":
        suffix = m.group("ysuf")
        return (int(m.group("y")), lookup["suffix"].get(canon(suffix)) if suffix else None)
    if kind == "D":
        last = int(m.group("d"))
        return (int(m.group("d1")), last) if m.group("d1") else last
    if kind == "T":
        if m.group("i1"):
            return (int(m.group("i3")), int(m.group("i2")), int(m.group("i1")), True)
        return (int(m.group("t1")), int(m.group("t2")), int(m.group("t3")), False)
    if kind == "G":
        return (int(m.group("g1")), int(m.group("g2")))
    if kind == "E":
        return int(m.group("e") or m.group("e2"))
    table = {"R": "rel", "H": "hijri", "P": "period", "W": "weekday", "t": "weak", "Q": "qual", "q": "qual_after",
             "B": "bound", "S": "mrel", "O": "ordinal"}.get(kind)
    if table is None:
        return key
    value = lookup[table].get(key)
    if value is None and kind == "Q" and key.endswith("-"):
        value = "mid"
    return value


def _space_pair(text: str, months: dict) -> tuple[int, ...]:
    """Split "تموز يوليو" or "كانون الاول ديسمبر" at the one space that leaves two names."""
    words_ = text.split()
    for i in range(1, len(words_)):
        a, b = months.get(canon(" ".join(words_[:i]))), months.get(canon(" ".join(words_[i:])))
        if a and b:
            return (a, b)
    return ()
