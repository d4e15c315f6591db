"""Split an article into statements (sentences) with offsets into its original text.

Works on the prose regions ingest left (front matter and boilerplate already
out). A statement ends at a line break or at sentence punctuation (. ! ? ؟ ؛ …)
followed by a space, except where the dot belongs to a number (8.6), an
abbreviation (U.S., Mr., data/abbreviations.yaml), an initial (J. Smith,
إس.إس.بي) or the middle of a quotation that closes later on the same line:
a quoted passage stays with the words that introduce it ("قال: «... . ...»"),
which is what attribution needs, unless the quotation is very long.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Iterator

from .datafiles import load
from .limits import MAX_STATEMENT_CHARS
from .model import Article, Statement
from .normalize import normalize

# A quotation longer than this is split at its own sentence ends: a whole
# quoted speech in one statement would drown the facts inside it.
MAX_QUOTE = 400

_TERMINAL = re.compile(r"(?:\.{2,}|…|[.!?؟؛۔]+)[.!?؟؛…۔]*[\"'”’»)\]]*")
_LEAD = " \t\r\f\v\u00a0•·▪●◦‣*#>|"
_QUOTE_PAIRS = {"«": "»", "“": "”", "„": "“", "‹": "›", '"': '"'}
_QUOTE_OPEN = re.compile("[" + "".join(_QUOTE_PAIRS) + "]")
_HAS_WORD = re.compile(r"\w")
_ARABIC_WORD_END = re.compile(r"[\u0621-\u064A]{3,}$")
_ARABIC_WORD_START = re.compile(r"[\u0621-\u064A]{3,}")


def _validate(data: Any) -> None:
    if not isinstance(data, dict):
        raise ValueError("expected a mapping of language -> list of abbreviations")
    for lang, words in data.items():
        if not isinstance(words, list) or not all(isinstance(w, str) and w for w in words):
            raise ValueError(f"{lang}: expected a list of non-empty strings")


@lru_cache(maxsize=1)
def _abbreviations() -> frozenset[str]:
    data = load("abbreviations.yaml", _validate)
    return frozenset(normalize(w) for words in data.values() for w in words)


def segment(article: Article) -> list[Statement]:
    """The article's statements, in order, each with ``text == article.text[start:end]``."""
    text = article.text
    regions = article.regions or ((0, len(text)),)
    out: list[Statement] = []
    for start, end in _sentences(text, regions):
        chunk = text[start:end]
        out.append(Statement(article.id, len(out), chunk, start, end, normalize(chunk)))
    return out


def _sentences(text: str, regions: tuple[tuple[int, int], ...]) -> Iterator[tuple[int, int]]:
    for ps, pe in _paragraphs(text, regions):
        for s, e in _split_paragraph(text, ps, pe):
            s, e = _trim(text, s, e)
            if s < e and _HAS_WORD.search(text, s, e):
                yield from _pieces(text, s, e)


def _pieces(text: str, s: int, e: int) -> Iterator[tuple[int, int]]:
    """A "sentence" over MAX_STATEMENT_CHARS (a table or a list run together) cut at spaces.

    Every later stage works per statement, and some of it grows faster than
    linearly with a statement's length (a 1.4 MB sentence took 3.9 GB).
    """
    while e - s > MAX_STATEMENT_CHARS:
        cut = text.rfind(" ", s + MAX_STATEMENT_CHARS // 2, s + MAX_STATEMENT_CHARS)
        cut = cut if cut > s else s + MAX_STATEMENT_CHARS
        piece = _trim(text, s, cut)
        if piece[0] < piece[1] and _HAS_WORD.search(text, *piece):
            yield piece
        s, e = _trim(text, cut, e)
    if s < e and _HAS_WORD.search(text, s, e):
        yield s, e


def line_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of each line of text[start:end], newlines left out."""
    out = []
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        stop = end if nl < 0 else nl
        out.append((pos, stop))
        pos = stop + 1
    return out


def _paragraphs(text: str, regions: tuple[tuple[int, int], ...]) -> Iterator[tuple[int, int]]:
    """Lines of the regions, with hard-wrapped lines of one sentence joined back."""
    lines = [line for rs, re_ in regions for line in line_spans(text, rs, re_)]
    current: tuple[int, int] | None = None
    for s, e in lines:
        s, e = _trim(text, s, e)
        if s >= e:
            if current:
                yield current
            current = None
            continue
        if current and _continues(text, current, (s, e)):
            current = (current[0], e)
        else:
            if current:
                yield current
            current = (s, e)
    if current:
        yield current


def _continues(text: str, prev: tuple[int, int], nxt: tuple[int, int]) -> bool:
    """Whether line ``nxt`` continues the sentence of ``prev`` (hard-wrapped text).

    Only Latin text can tell: a line that starts with a lower-case letter,
    right after a line without final punctuation, is the same sentence.
    Anything else (headings, captions, Arabic lines) stays apart.
    """
    between = text[prev[1]:nxt[0]]
    if between.count("\n") != 1:
        return False
    last = text[prev[1] - 1]
    if last in ".!?؟؛…:۔\"”»":
        return False
    return text[nxt[0]].islower() or last in ",،-"


def _quote_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    # Jumps from an opening mark to its closer with str.find: a loop over
    # every character was the slowest part of reading a corpus.
    spans: list[tuple[int, int]] = []
    pos = start
    while (m := _QUOTE_OPEN.search(text, pos, end)) is not None:
        closed = text.find(_QUOTE_PAIRS[m.group()], m.end(), end)
        if closed < 0:
            break  # an unclosed quotation is not a quotation: web text is sloppy
        spans.append((m.start(), closed + 1))
        pos = closed + 1
    return spans


def _split_paragraph(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    quotes = [q for q in _quote_spans(text, start, end) if q[1] - q[0] <= MAX_QUOTE]
    pos = start
    for m in _TERMINAL.finditer(text, start, end):
        cut = m.end()
        if cut >= end:
            break
        if _is_boundary(text, m, end) and not any(qs < m.start() and cut < qe for qs, qe in quotes):
            yield pos, cut
            pos = cut
    if pos < end:
        yield pos, end


def _is_boundary(text: str, m: re.Match, end: int) -> bool:
    mark = m.group()
    nxt = text[m.end()]
    before = text[max(0, m.start() - 40): m.start()]
    if not nxt.isspace():
        # "الشهر.وقال": Arabic writers often omit the space; but "إس.إس.بي",
        # "U.S" and "8.6" are one word, so both sides must be real words.
        return (
            mark == "."
            and _ARABIC_WORD_END.search(before) is not None
            and _ARABIC_WORD_START.match(text, m.end()) is not None
        )
    j = m.end()  # the first character after the spaces: slicing the rest of the paragraph was quadratic
    while j < end and text[j].isspace():
        j += 1
    first = text[j:j + 1] if j < end else ""
    if mark.startswith("..") or mark.startswith("…"):
        # In Arabic headlines ".." joins two halves of one sentence; in Latin
        # text an ellipsis ends a sentence only before a capital.
        return first.isupper()
    if mark[0] != ".":
        return True
    if first.islower():
        return False  # "approx. five", "U.S. officials": a sentence does not start lower case
    word = before.rsplit(None, 1)[-1] if before.strip() else ""
    word = word.lstrip("\"'“‘«([")
    if not word:
        return True
    if len(word) == 1 and word.isalpha():
        return False  # an initial: "J. Smith", "د. محمد"
    if "." in word and not word.endswith(".") and all(len(p) <= 3 for p in word.split(".")):
        return False  # a dotted acronym: "U.S.", "إس.إس.بي"
    return normalize(word) not in _abbreviations()


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start] in _LEAD or text[start].isspace()):
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
