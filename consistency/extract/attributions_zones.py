"""Where things lie around an attribution cue: quotations, the speaker's zone, the words said.

A cue's speaker phrase lies after it up to a clause mark, a time adjunct, a
quote or another cue (``_zone_after``), or before it back to the last quote or
clause mark (``_zone_before``); the content is the reported clause on the
other side. consistency/extract/attributions_read.py reads a statement with them.
"""

from __future__ import annotations

import re

from ..normalize import normalize
from ..segment import _abbreviations  # the words segment.py cuts no statement after
from .attributions_lexicon import is_arabic, lexicon

_OPEN = "“«\"„"
_CLOSE = {"“": "”″“\"", "«": "»", '"': '"″”“', "„": "“”"}
_OPEN_RE = re.compile(f"[{_OPEN}]")
_CLOSE_RE = {k: re.compile(f"[{v}]") for k, v in _CLOSE.items()}
_PUNCT = re.compile(r"[,.!?،؟]")
# the reported clause starts after إن/أن (and their pronoun forms) or "that"
_MARKER = re.compile(r"(?<!\w)(?:[بف]?[إأا][\u064b-\u0652]*ن[\u064b-\u0652]*(?:ه|ها|هم|هما|نا)?|that)(?![\w\u064b-\u0652])",
                     re.IGNORECASE)
_LEAD = re.compile(
    r"[\s،,:؛\-–]*(?:(?:قوله|قولها|قولهم|قولهما|قائلا|قائلة)(?!\w)[\s،,:]*)?"
    r"(?:(?:إلى|الى|عن|by)\s+)?(?:(?:[إأا]ن\u0651?(?:ه|ها|هم|هما|نا)?|that)(?!\w))?[\s،,:]*",
    re.IGNORECASE,
)
_SAYING = re.compile(r"(?<!\w)(?:قوله|قولها|قولهم|قولهما|as saying|as telling)(?!\w)", re.IGNORECASE)
_SENTENCE_END_RE = re.compile(r"(?<!\b[A-Z])[.!?؟؛;]\s")  # not after an initial: "U.S. Secretary"
_WORD_BEFORE = re.compile(r"[\w.]+$")


class _SentenceEnd:
    """A full stop ending a sentence, not an abbreviation's ("Coast Guard Capt. Jamie Frederick", "Gen. X").

    The abbreviations are segment.py's (data/abbreviations.yaml): the statement was cut with them, and a
    title's dot inside it never ends the speaker's zone.
    """

    @staticmethod
    def _abbreviated(text: str, at: int) -> bool:
        if text[at] != ".":
            return False
        w = _WORD_BEFORE.search(text, max(0, at - 12), at)
        return w is not None and normalize(w.group()) in _abbreviations()

    def search(self, text: str, pos: int, endpos: int):
        for m in _SENTENCE_END_RE.finditer(text, pos, endpos):
            if not self._abbreviated(text, m.start()):
                return m
        return None

    def finditer(self, text: str, pos: int, endpos: int):
        return (m for m in _SENTENCE_END_RE.finditer(text, pos, endpos) if not self._abbreviated(text, m.start()))


_SENTENCE_END = _SentenceEnd()
_APPOSED_NAME = re.compile(r"\s*,\s*(?:[A-ZÀ-ÖØ-ÞĞİŞ][\w’'-]+\s?){1,4}(?=\s*(?:[,.;]|$))")
_BY = re.compile(r"(?<!\w)(?:par|by|от)(?!\w)")
_CLAUSE_SUBJECT = re.compile(r"\s+(?:it|its|it's|there|this|these|those|we|you|i)\b")
_QAD = re.compile(r"(?<!\w)قد\s*$")  # "... قد أعلن": the verb's subject came before it
_AN = re.compile(r"(?<!\w)(?:عن|إلى|الى)(?!\w)")  # نقلت X عن Y; نسبت X إلى Y
_CLAUSE_HEAD = re.compile(r"^[\s\u200f]*(?:و|ف)?(?:قد|لقد|كما|ثم)?\s*$")
# Arabic puts كان / يذكر أن before the subject ("وكان مدير الوكالة ... قال")
_WAS = re.compile(r"(?<!\w)(?:و?كان|و?كانت|يذكر|يشار|من قبل)(?!\w)")
_ZONE_MAX = 160
_MEDIUM = re.compile(r"\b(?:to|with|told)\s+(?:the\s+)?$", re.IGNORECASE)
# "MOSCOW, Nov 15 (Reuters) - ": where the wire copy comes from, not what was said
_DATELINE = re.compile(r"\s*[A-Z][A-Z .'-]+,[^()\n]{0,30}\([^)\n]{1,40}\)\s*[-–—]+\s*")


def quote_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each quotation of words, marks included; an unclosed one runs to the end.

    Quotes around a name or a term ("إنترفاكس", "إس 400": up to three words,
    no punctuation) are not quotations of anyone's words and are left out;
    "We are close," is a quotation.
    """
    out = []
    n = len(text)
    m = _OPEN_RE.search(text)
    while m:
        i = m.start()
        close = _CLOSE_RE[text[i]].search(text, i + 1)
        j = close.start() if close else n
        inner = text[i + 1:j]
        term = len(inner.split()) <= 3 and not _PUNCT.search(inner) and (
            text[j + 1:j + 2] not in (",", "،") or _named_by_noun(text, i))
        if not term:
            out.append((i, min(j + 1, n)))
        m = _OPEN_RE.search(text, j + 1)
    return out


def _named_by_noun(text: str, i: int) -> bool:
    """"глава компании «Роснефть», ...": a quoted name after a body noun is the body's name, whatever follows."""
    from .attributions_bodies import body_kinds_of
    from .attributions_tokens import _body_noun

    before = text[max(0, i - 30):i].split()
    return bool(before) and before[-1].islower() and (_body_noun(before[-1], False) or bool(body_kinds_of(before[-1])))


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(s < pos < e for s, e in spans)


def _zone_after(text: str, pos: int, quotes, cues, *, stop_at_an: bool = False, comma: bool = False,
                hits=()) -> int:
    """Where the phrase after a cue ends: at إن/أن/that, a quote, a colon, a time adjunct, another cue.

    Never inside a known name: "قناة روسيا اليوم" does not end at اليوم.
    """
    limit = min(len(text), pos + _ZONE_MAX)
    end = _first_end(text, pos, limit, quotes, cues, stop_at_an, comma)
    for s, e, _ in hits:
        if s < end < e:
            end = _first_end(text, e, limit, quotes, cues, stop_at_an, comma)
    return end


def _first_end(text, pos, limit, quotes, cues, stop_at_an, comma) -> int:
    lex = lexicon()
    ends = [limit]
    for rx in (_MARKER, _SAYING, _SENTENCE_END):
        m = rx.search(text, pos, limit)
        if m:
            ends.append(m.start())
    if stop_at_an:
        m = _AN.search(text, pos, limit)
        if m:
            ends.append(m.start())
    stops = lex.phrases["zone_stops.ar" if is_arabic(text[pos:limit]) else "zone_stops.en"]
    m = stops.search(text, pos, limit)
    while m and text[m.start() - 1:m.start()] == "-":
        m = stops.search(text, m.end(), limit)  # "جو جونغ-وان": the end of a hyphenated name, not "أن"
    if m:
        ends.append(m.start())
    for mark in (":", ",", "،") if comma else (":",):
        at = text.find(mark, pos, limit)
        if at != -1:
            ends.append(at)
    ends += [s for s, _ in quotes if s >= pos]
    ends += [m.start() for m in cues if m.start() >= pos]
    return max(pos, min(ends))


def _zone_before(text: str, pos: int, quotes) -> int:
    """Where a subject before its verb begins: after the last quote, clause mark, أن/that or كان."""
    best = max(0, pos - _ZONE_MAX)
    for _, e in quotes:
        if best < e <= pos:
            best = e
    for rx in (_MARKER, _WAS, _SENTENCE_END):
        m = None
        for m in rx.finditer(text, 0, pos):
            pass  # matches never overlap nor are empty: the last one ends last
        if m is not None and m.end() > best:
            best = m.end()
    mark = max(text.rfind(":", 0, pos), text.rfind("؛", 0, pos), text.rfind(";", 0, pos))
    return min(pos, max(best, mark + 1))


def _trim(text: str, span: tuple[int, int] | None) -> tuple[int, int] | None:
    if span is None:
        return None
    s, e = span
    while e > s and text[e - 1] in " \t,،.:;؛":
        e -= 1
    return (s, e) if e > s else None


def _content_after(text: str, pos: int, quotes) -> tuple[int, int] | None:
    """The words after the cue: a quotation, or the clause after إن/أن/that/a colon."""
    m = _LEAD.match(text, pos)
    s = m.end() if m else pos
    if not any(qs == s for qs, _ in quotes):
        limit = min(len(text), pos + 100)
        marks = [(q[0], "q") for q in quotes if pos <= q[0] < limit]
        mk = _MARKER.search(text, pos, limit)
        if mk:
            marks.append((mk.end(), "m"))
        colon = text.find(":", pos, limit)
        if colon != -1:
            marks.append((colon + 1, "m"))
        if marks:
            at = min(marks)[0]
            lead = _LEAD.match(text, at)
            s = lead.end() if lead else at
    for qs, qe in quotes:
        if qs == s:
            closed = qe - 1 > qs and text[qe - 1] in _CLOSE[text[qs]]
            return (qs + 1, qe - 1 if closed else qe)
    e = len(text.rstrip(" \t.،,"))
    return (s, e) if e > s else None


def _content_before(text: str, pos: int, quotes) -> tuple[int, int] | None:
    before = [q for q in quotes if q[1] <= pos]
    if before and not text[before[-1][1]:pos].strip(" ،,\t\u200f"):
        qs, qe = before[-1]
        return (qs + 1, qe - 1) if qe - 1 > qs + 1 else None
    head = _DATELINE.match(text) or re.match(r"\s*(?:[وف](?=\S))?", text)
    s = head.end() if head else 0
    e = len(text[:pos].rstrip(" ،,\t"))
    return (s, e) if e > s else None


def _saying_end(text: str, pos: int) -> int:
    m = _SAYING.search(text, pos, pos + 12)
    return m.end() if m else pos
