"""Dates in a statement, as intervals with a granularity (see DESIGN.md, values).

``extract_dates`` finds every date expression of one statement: absolute
("12 July 2019", "كانون الأول/ ديسمبر عام 2017", "٢٩ سبتمبر ٢٠٢١",
"29/09/2021", "15 رمضان 1441 هـ"), qualified ("منتصف تموز/ يوليو 2019",
"late 2019"), bounded ("بحلول ابريل المقبل", "since 2018") and relative
("العام الماضي", "ديسمبر من العام الماضي", "a week ago", "أمس"), the last
resolved against the publication date or left ``unresolved``.

The vocabulary is consistency/data/dates.yaml; the tokenizer and grammar
are in dates_grammar.py, the calendar arithmetic in dates_resolve.py.
dateparser is not used: it reads one date per string and guesses a missing
day, while a statement holds several dates and nothing may be filled in.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime
from functools import lru_cache

from ..model import DateMention, DateValue
from . import TEXT_MEMO
from .dates_grammar import parse
from .dates_tokens import tokens
from .dates_forms import fold
from .dates_lexicon import lexicon
from .dates_resolve import resolve

__all__ = ["extract_dates", "infer_publication_date"]

_ANY_DIGIT = re.compile(r"[0-9\u0660-\u0669\u06f0-\u06f9]")


def extract_dates(text: str, *, published: date | None = None, offset: int = 0) -> list[DateMention]:
    """Every date expression in ``text`` (one statement), spans shifted by ``offset``."""
    if isinstance(published, datetime):
        published = published.date()  # a timestamp from metadata: the day is what counts
    return [
        DateMention(offset + s, offset + e, text[s:e], value)
        for s, e, value in _extract(text, published)
    ]


@lru_cache(maxsize=4096)
def _extract(text: str, published: date | None) -> tuple[tuple[int, int, DateValue], ...]:
    # Cached: boilerplate and agency lines repeat across an archive.
    out = []
    parsed = _parse(text)
    for k, parts in enumerate(parsed):
        value = resolve(parts, published)
        nxt = parsed[k + 1].start if k + 1 < len(parsed) else len(text)
        if _reported_before(text, parts, value, nxt):
            value = replace(value, start=None, bound="until")
        out.append((parts.start, parts.end, value))
    return tuple(out)


def _reported_before(text: str, parts, value: DateValue, nxt: int) -> bool:
    """"On 12 May the ministry announced that the bridge had been completed": the
    date is the announcement's, the event is on or before it (FORMAT.md: [null, D]).

    Only a date of the report itself: a report verb in the statement before
    the "that", the "that" after the date with no other date between, and its
    clause in the perfect ("had", "قد", "avait") within five words.
    """
    if value.start is None or value.bound or value.relative and not value.inferred:
        return False
    lex = lexicon()
    if lex.report_that_re is None or lex.report_verb_re is None:
        return False
    folded = fold(text)
    m = lex.report_that_re.match(folded, parts.end, nxt)
    return bool(m) and bool(lex.report_verb_re.search(folded, 0, m.end()))


@lru_cache(maxsize=TEXT_MEMO)
def _parse(text: str) -> tuple:
    # The grammar's reading, before relative dates meet the publication date:
    # a sentence repeated by articles of different days is parsed once.
    return tuple(parse(text))


# ------------------------------------------------------- publication date
_HEADER_CHARS = 1500
_DATELINE_CHARS = 160
_LEAD_CHARS = 600


def infer_publication_date(text: str) -> tuple[date, str] | None:
    """The publication date written near the top of an article, with its evidence.

    Heuristic, conservative on purpose (a wrong anchor moves every relative
    date of the article):

    - Only a full day-month-year (no relative date, no month alone) counts.
    - Only the header counts: the lines before the first paragraph of prose
      (a line of 200 characters or more), plus the first 160 characters of
      that paragraph, where agencies put their dateline; never past the
      first 1500 characters.
    - A line marked as an archive picture ("أرشيفية", "file photo") is skipped.
    - Datelines win over captions: a date is a dateline when its line has a
      publication cue ("نشر في", "Published", "آخر تحديث"), when the line
      holds nothing but the date, its weekday and a time ("GMT"), or when it
      opens the first paragraph. Other
      header dates (photo captions: "... سوتشي، روسيا، 29 سبتمبر 2021 - via
      REUTERS") are used only when there is no dateline.
    - A caption must not contradict the story: when the first paragraph
      names the weekday of the news (agency copy: "الأربعاء", "on Monday"),
      a caption date on another weekday is taken for a file photo and
      dropped.
    - Among candidates of the same kind, the latest date wins: an older one
      is more likely a file photo or an earlier event.

    Returns ``(date, evidence)`` where evidence quotes the line around the
    date, or None when nothing qualifies.
    """
    lex = lexicon()
    datelines: list[tuple[date, str]] = []
    captions: list[tuple[date, str]] = []
    lead = ""
    for line in text[:_HEADER_CHARS].splitlines(keepends=True):
        body = line.strip()
        prose = len(body) >= 200
        scan = line[:_DATELINE_CHARS] if prose else line
        folded = fold(scan)
        if body and not lex.archive_re.search(folded) and _ANY_DIGIT.search(scan):
            for m in extract_dates(scan):
                v = m.value
                if v.granularity != "day" or v.relative or v.start is None or v.bound:
                    continue
                cue = lex.publication_cue_re.search(folded, 0, m.start)
                rest = scan[: m.start] + scan[m.end:]
                # "الأربعاء 29 سبتمبر 2021 - 10:30 GMT": a weekday (inside the
                # mention) and a time zone at most; "صورة - 8 يوليو 2021 - AFP"
                # is a caption.
                alone = sum(ch.isalpha() for ch in rest) <= 3
                kind = datelines if (cue or alone or prose) else captions
                kind.append((v.start, _evidence(line, m.start, m.end)))
        if prose:
            lead = line
            break
    if not datelines and captions and lead:
        named = {t.meaning for t in tokens(lead[:_LEAD_CHARS]) if t.kind == "W"}
        if named:
            captions = [c for c in captions if c[0].weekday() in named]
    for found in (datelines, captions):
        if found:
            return max(found, key=lambda c: c[0])
    return None


def _evidence(line: str, start: int, end: int) -> str:
    lo, hi = max(0, start - 60), min(len(line), end + 30)
    snippet = " ".join(line[lo:hi].split())
    return f"\u201c{'…' if lo else ''}{snippet}{'…' if hi < len(line.rstrip()) else ''}\u201d"
