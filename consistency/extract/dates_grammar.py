"""From a statement to the parts of each date written in it.

Two steps. ``tokens`` (dates_tokens) finds the date words (months, years, qualifiers,
relative phrases ...) with one precompiled regex (dates_lexicon). ``parse``
writes each token as one letter, joins the letters of tokens that touch
(only spaces, commas, slashes or dashes between them) and reads dates off
that string with a small grammar regex. So "بحلول نهاية العام المقبل" is
``BQy`` and "December 12, 2019" is ``MDY``; the parts are then checked (a
bare year needs a cue, a lone month needs context) and handed on as ``Parts``.

Letters: q qualifier after the month ("Mart başında"); K "of the month" (only before q); Z "of the same month" (after a day); A "N units ago"; R relative phrase (one of y m w d by its unit);
T numeric date; G year range; E decade; H Hijri month; P half/quarter/season;
M month (or a pair "تموز/ يوليو"); W weekday; t "اليوم"/"غداً" (only before a
weekday); Q qualifier; B bound; S month-relative ("الماضي", "next");
X the same, before it ("last", "next"); N year noun; O ordinal day;
c cue word; Y year; D day number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .dates_forms import canon, fold
from .dates_lexicon import lexicon
from .dates_tokens import Token, _candidates, _token, _words

# "بين 10 و11 سبتمبر": the conjunction و glues a day to the next one
_GLUE = re.compile(r"[\s,،\-–/()]*(?:و\s*)?")
_CHAIN = re.compile(r"\s*(?:و|and|or|أو|او|to|إلى|الى|-|–|/)\s*", re.IGNORECASE)
_THE = re.compile(r"(?i:\bthe)\s+$")
_DASH = re.compile(r"\s*[-–—/]\s*")
_ARABIC = re.compile("[\u0600-\u06ff]")

_GRAMMAR = re.compile(r"""
    B? (?:Qc?)? (?:
        (?:(?:[dt]c?)?Wc?)? [DO] c? H c? N? Y           # 15 رمضان 1441 هـ
      | H c? N? Y                                 # رمضان 1441
      | (?:(?:[dt]c?)?Wc?)? (?:[DO] c{0,2} (?:Wc?)?)? [DO] c? M (?: c?N?Y | c?y | [SX] )?   # 4 تشرين الثاني/نوفمبر الحالي, من 10 إلى 20 مارس, الأحد 10 إلى الاثنين 11 سبتمبر, entre le 12 et le 14 juillet
      | W c W c? [DO] c? M (?: c?N?Y )?              # dans la nuit de dimanche à lundi 11 septembre
      | (?:Wc?)? M c? D (?: c?N?Y | c?y )?         # July 12, 2019; March 3 last year
      | M q                                       # Mart başında (Turkish: the qualifier after)
      | K q                                       # ayın sonunda: of this month
      | K c? [DO]                                 # ayın 5'inde: a day of this month
      | X? M (?: c?N?Y | c?y | [SX] )?             # ديسمبر من العام الماضي, last July, juillet dernier
      | T
      | P c? (?: N?Y | y )                        # النصف الأول من العام المقبل
      | X P | P S                                 # last summer, الصيف الماضي
      | N? Y | G | E
      | (?:Wc?)? [DO] Z                           # the twenty-fifth of the same month
      | (?:Wc?)? [DO] c m                         # الحادي عشر من الشهر الحالي: a day of a relative month
      | W c W | W W                               # de dimanche à lundi, ليل الخميس – الجمعة: a range of two days
      | (?:[dt]c?)? W S? | X W                     # أمس الخميس, الاثنين المقبل, next Tuesday
      | [ymwdA]
      | N                                         # نهاية العام (with a qualifier only)
    )""", re.VERBOSE)

# Every reading of _GRAMMAR holds a token of one of these kinds (R gives
# y m w d): a statement with none has no date, whatever its other tokens.
_CORE = frozenset("ARTGEHPMWNYK")


@dataclass
class Parts:
    """What one date expression says, before any calendar arithmetic."""

    start: int
    end: int
    bound: str | None = None
    qual: str | None = None
    day: int | None = None
    day2: int | None = None  # last day of a range "12-15 July"
    month: int | None = None
    month2: int | None = None  # "June/July": a pair naming two different months
    year: int | None = None
    era: str | None = None  # "hijri" | "gregorian" when a suffix says so
    hijri_month: int | None = None
    year_rel: int | None = None  # shift of a relative year ("من العام الماضي")
    month_rel: str | None = None  # past | next | current
    period: str | None = None  # half-1, quarter-3, season-summer ...
    rel: tuple[str, int] | None = None  # (unit, shift)
    ago: tuple[int, str] | None = None  # (count, unit)
    weekday: int | None = None
    day_shift: int | None = None  # "أمس الخميس": the weekday is yesterday
    numeric: tuple[int, int, int] | None = None  # (a, b, year) of "29/09/2021", day-first
    iso: bool = False
    year_range: tuple[int, int] | None = None
    decade: int | None = None
    year_noun_only: bool = False  # "نهاية العام": the current year
    future: bool = False  # in a clause about the future ("will be held on 12 July")
    weekday_from: int | None = None  # the first day of a range of weekdays ("dimanche à lundi")
    same_month: bool = False  # "of the same month": the month of the date before it in the statement
    iso_week: bool = False  # "last week" written in a Latin or Cyrillic script: Monday to Sunday (Arab weeks vary)


def _symbols(toks: list[Token], folded: str) -> tuple[str, list[int]]:
    """The grammar string, and for each of its letters the token index (-1 for a break)."""
    letters, index = [], []
    for i, t in enumerate(toks):
        if i and (not _GLUE.fullmatch(folded, toks[i - 1].end, t.start)
                  or (t.kind == toks[i - 1].kind == "W" and not _DASH.fullmatch(folded, toks[i - 1].end, t.start))):
            # two weekdays are one range only across a dash ("الخميس – الجمعة"), not "Thursday and Friday"
            letters.append("|")
            index.append(-1)
        letters.append(t.kind)
        index.append(i)
    return "".join(letters), index


def parse(text: str) -> list[Parts]:
    """Every date expression in ``text`` as Parts, in order of position."""
    lex = lexicon()
    folded = fold(text)
    starts, core = _words(folded, lex)
    if not core:
        return []  # about half of all statements
    found = _candidates(folded, lex, starts)
    if not any(m.lastgroup in _CORE for m in found):
        return []
    toks = [_token(m, folded, lex.lookup, cue_meaning=False) for m in found]
    symbols, index = _symbols(toks, folded)
    out: list[Parts] = []
    for m in _GRAMMAR.finditer(symbols):
        if m.end() == m.start():
            continue
        group = [toks[index[k]] for k in range(m.start(), m.end())]
        before = symbols[m.start() - 1] if m.start() else ""
        parts = _read(group, cued=before == "c")
        if parts is None:
            continue
        if parts.same_month:
            prev = next((q for q in reversed(out) if q.month is not None), None)
            if prev is None:
                continue
            parts.month, parts.year, parts.year_rel, parts.month_rel = prev.month, prev.year, prev.year_rel, prev.month_rel
        if not _accept(parts, group, before, folded, out):
            continue
        if parts.weekday is not None and parts.month is None and parts.weekday_from is None \
                and _NIGHT_BEFORE.search(folded, 0, parts.start):
            parts.weekday_from = (parts.weekday - 1) % 7  # "ليلة الاثنين": from Sunday evening into Monday
        # "by the end of December" with no year is a target ahead, like "will".
        if parts.year is None and (parts.bound == "by" or lex.future_re.search(folded, 0, parts.start) or (
                lex.future_after_re is not None and lex.future_after_re.search(folded, parts.end))):
            parts.future = True
        out.append(parts)
    return out


def _read(group: list[Token], *, cued: bool) -> Parts | None:
    p = Parts(start=group[0].start, end=group[-1].end)
    seen_month = False
    for t in group:
        k, v = t.kind, t.meaning
        if k == "B":
            p.bound = v
        elif k in "Qq":
            p.qual = v
        elif k == "K":
            p.rel = ("month", 0)
        elif k in "DO" and p.day is not None and p.month is None:
            p.day2 = v if isinstance(v, int) else None  # "من 10 إلى 20 مارس", "from 10 to 20 March"
            if p.day2 is None or p.day2 <= p.day:
                return None
        elif k in "DO":
            if isinstance(v, tuple):
                p.day, p.day2 = v
                if p.day2 <= p.day:
                    return None
            else:
                p.day = v
        elif k == "M":
            if not v:
                return None
            p.month, p.month2 = v[0], (v[-1] if v[-1] != v[0] else None)
            seen_month = True
        elif k == "H":
            p.hijri_month = v
        elif k == "Y":
            p.year, p.era = v
        elif k in "SX":
            p.month_rel = v
        elif k in "ymwd":
            unit, shift = v if isinstance(v, tuple) else ("day", v)
            p.iso_week = k == "w" and not _ARABIC.search(t.text)
            if seen_month or p.period:
                p.year_rel = shift if unit == "year" else None
                if unit != "year":
                    return None
            elif p.weekday is None and any(x.kind == "W" for x in group):
                p.day_shift = shift
            else:
                p.rel = (unit, shift)
        elif k == "t":
            p.day_shift = v
        elif k == "W":
            if p.weekday is not None and p.day is None:
                p.weekday_from = p.weekday  # "de dimanche à lundi (11 septembre)"
            p.weekday = v
        elif k == "P":
            p.period = v
        elif k == "A":
            p.ago = v
        elif k == "T":
            a, b, y, iso = v
            p.numeric, p.iso = (a, b, y), iso
        elif k == "Z":
            p.same_month = True
        elif k == "G":
            p.year_range = v
        elif k == "E":
            p.decade = v
    if p.bound == "since" and p.day2 is not None:
        p.bound = None  # "с 3 по 5 октября", "from 3 to 5 October": a range, not an open start
    if group[-1].kind == "N" and len(group) >= 1 and not any(t.kind == "Y" for t in group):
        # "نهاية العام", "by the end of the year": the current year, only
        # after a qualifier and only with the definite noun.
        noun = canon(group[-1].text)
        if p.qual is None or noun not in ("العام", "السنه", "the year", "لعام", "لسنه", "года", "l'année", "l’année"):
            return None
        p.year_noun_only = True
        p.start = min(p.start, group[0].start)
    return p


def _accept(p: Parts, group: list[Token], before: str, folded: str, accepted: list[Parts]) -> bool:
    """Reject what only looks like a date: a count, a model number, a month word alone."""
    kinds = {t.kind for t in group}
    lex = lexicon()
    if p.year is not None and not ({"M", "H", "D", "O"} & kinds):
        y = p.year
        if p.era == "hijri" or "H" in kinds:
            if not 1300 <= y <= 1500:
                return False
        elif not (1900 <= y <= 2100 or (p.era == "gregorian" and 1000 <= y <= 2100)):
            return False
        if lex.not_year_after.match(folded, p.end):
            return False
        written_alone = not ({"N", "B", "Q", "P"} & kinds) and p.era is None
        if written_alone and before != "c" and not _chained(p, folded, accepted) and not _label(p, folded):
            return False
    if kinds == {"W"} and _THE.search(folded, 0, p.start):
        return False  # "the Sunday Times", "the Friday prayers": a name, not a day
    if p.month is not None and kinds <= {"M", "B", "Q", "c"} and p.month2 is None:
        # A month name alone ("آب", "نيسان", "May") is a date only after a
        # cue, a bound or a qualifier, or when written as a pair.
        written = folded[p.start:p.end]
        context = before == "c" or "B" in kinds or "Q" in kinds
        named = lex.month_noun_after_re is not None and lex.month_noun_after_re.search(written)
        # "kasımdan itibaren", "Haziran'da": the case ending is the cue ("from", "in")
        cased = lex.month_case_re is not None and bool(lex.month_case_re.search(folded[p.start:p.end + 4]))
        if not (context or named or cased or written.startswith("شهر") or "/" in written or "(" in written):
            return False
    return True


# A year as the label of an event: "the 1939 Erzincan earthquake", "Oscars
# 2018", and a Turkish year with its case ending ("1939'da").
_NIGHT_BEFORE = re.compile(r"(?:(?<!\w)[وفب]?(?:ليله|ليل)|(?<!\w)[вВ]\s+ночь)\s+$")  # "ليلة الاثنين", "в ночь на субботу"
_LABEL_BEFORE = re.compile(r"(?:\b[Tt]he\s+|(?<![.!?]\s)(?<=\s)[A-Z][\w-]*[A-Za-z]\s+)$")
_LABEL_AFTER = re.compile(r"\s+(?:[A-Z]\w+|(?:earthquake|quake|floods?|elections?|war|crisis|revolution|uprising|attacks?"
                          r"|explosion|blast|summit|tsunami|storm|hurricane|coup|games|olympics|world cup)\b)")
_SUFFIX_AFTER = re.compile(r"['’][a-zçğıöşü]+")


def _label(p: Parts, folded: str) -> bool:
    if _SUFFIX_AFTER.match(folded, p.end):
        return True
    head = folded[max(0, p.start - 40):p.start]
    m = _LABEL_BEFORE.search(head)
    if m is None and lexicon().event_before_re is not None:
        return bool(lexicon().event_before_re.search(head))
    if m.group().strip() in ("The", "the"):
        return bool(_LABEL_AFTER.match(folded, p.end))
    return True


def _chained(p: Parts, folded: str, accepted: list[Parts]) -> bool:
    """"عامي 2018 و2019", "in 2018 and 2019": a year joined to a year just before it."""
    if not accepted:
        return False
    prev = accepted[-1]
    if prev.year is None and prev.year_range is None:
        return False
    return bool(_CHAIN.fullmatch(folded, prev.end, p.start))
