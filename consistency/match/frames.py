"""Claim frames: what a statement says about each of its values.

A frame is one typed mention (a date, an amount, an attribution) with what
its clause attaches to it:

- **anchor**: the class of the nearest event word (deliver, sign, kill, ...);
- **role**: start / completion (a phase word by it), signing, or report-date
  (a date right after a reporting verb: "said on Monday" dates the report,
  not the event; both frames are kept);
- **modality**: happened, planned ("will", "سوف", "من المقرر") or expected;
- **ordinal**: first, second, third, last ("the second batch");
- **unit**: the quantity's kind and unit, or the date's granularity;
- **running**: the amount is written as a running figure ("rose to", "so
  far", "حتى الآن"): rising or so_far;
- **words** / **window**: consonant skeletons of the statement's words and
  of the words around the value, comparable across scripts (بيروت and
  Beirut are both "brt"), for entity overlap. An attribution's window is
  what was said, not who said it: the speaker is the value compared, so it
  must not decide the link.

Distances read like a sentence (as ``align`` did for rules): a cue after
the value counts half again as far, and a comma between them (a clause
boundary) adds CLAUSE_COST characters. Cue words inside a value's own span
("last year", "May 2019") are not cues.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from typing import Iterable

from ..entities import skeleton
from ..model import AttributionMention, DateMention, Mention, Mentions, QuantityMention, Statement
from ..normalize import fold, normalize_with_map
from .claims import claim_keys
from .counted_nouns import COUNTED_KINDS, counted_noun
from .owners import owner_and_measure
from .cues import conjunctions, date_events, find_cues, relative_pronouns, reported_clauses, verb_first

AFTER_FACTOR = 1.5
CLAUSE_COST = 40
ANCHOR_REACH = 160  # an event word farther than this (in scored characters) anchors nothing
REPORT_GAP = 16  # "said on Monday", "أعلن يوم الاثنين": a reporting verb this close before a date owns it
ROLE_REACH = 60  # phase, modality and ordinal words qualify a value within this reach
SIGN_REACH = 40  # a signing word this near makes a value the signing's, whatever else is nearer
WINDOW = 40  # characters either side of a value for its window words
ANTECEDENT_GAP = 12  # "the explosion, which occurred on 4 August": the noun this close before a relative pronoun
_CLAUSE_MARKS = ",،;؛:()"
_WORD = re.compile(r"\w+")
GRANULARITY_RANK = {"day": 0, "week": 1, "part-of-month": 2, "month": 3, "season": 4, "quarter": 4, "half": 5,
                    "part-of-year": 5, "year": 6, "decade": 7}


@dataclass(frozen=True)
class Frame:
    kind: str  # date | quantity | attribution
    article: str
    statement: int
    language: str
    mention: Mention
    anchor: str | None  # event class of the nearest event word
    anchors: frozenset[str]  # every event class within ROLE_REACH ("توقيع اتفاقية توريد": sign and deliver)
    role: str | None  # start | completion | signing | report-date
    modality: str  # happened | planned | expected
    ordinal: str | None  # first | second | third | last
    unit: str | None  # quantity: "kind:unit"; date: granularity; attribution: None
    words: frozenset[str]  # skeletons of the statement's words
    window: frozenset[str]  # skeletons of the words around the value
    crowd: int  # mentions of this kind in the statement
    published: int | None = None  # the article's publication day (ordinal), when known
    running: str | None = None  # rising | so_far: a running figure ("rose to", "so far")
    limits: tuple[int, int] | None = None  # the window stays within these offsets (another value's clause beyond)
    figures: frozenset[str] = frozenset()  # the statement's OTHER figures, as "unit|number" (see figure_keys)
    claim: frozenset[str] = frozenset()  # attributions: what was said, as claims.claim_keys (figures, dates, marks)
    # quantities counted, not measured (kind count or other): the noun the number counts, as written
    # (counted_nouns.py), compared across languages by its count class and its embedding (nouns.py)
    noun: str | None = None
    # quantities: whose the number is (owners.py: a country id or a name's skeleton), and for money and
    # percents the class of what it measures (data/measures.yaml): the link model's owner_clash, measure_clash
    owner: frozenset[str] = frozenset()
    measure: str | None = None

    @property
    def key(self) -> tuple[str, int]:
        return (self.article, self.statement)


def frames_of(statement: Statement, mentions: Mentions, language: str, published: int | None = None) -> list[Frame]:
    """One frame per mention of ``statement``, in kind then text order."""
    every = [*mentions.dates, *mentions.quantities, *mentions.attributions]
    if not every:
        return []
    norm = fold(statement.text)
    if len(norm) == len(statement.text):
        offsets = range(len(norm))  # nothing folded away: offsets are the text's
    else:
        norm, offsets = normalize_with_map(statement.text)
    base = statement.start
    # Words of a date are not cues ("last year", "May 2019", "الشهر المقبل"); an
    # ordinal read as an amount ("الدفعة الأولى") still qualifies the other values.
    spans = [(m.start, m.end) for m in mentions.dates]

    def inside_value(a: int, b: int) -> bool:
        return any(s <= a and b <= e for s, e in spans)

    cues: list[tuple[int, int, str, str, bool]] = []
    for c in find_cues(norm, language):
        a = offsets[c.start] + base
        b = offsets[c.end - 1] + 1 + base
        if not inside_value(a, b):
            cues.append((a, b, c.section, c.cls, c.conj))
    commas = [base + i for i, ch in enumerate(statement.text) if ch in _CLAUSE_MARKS]
    # A conjunction opens a clause too, for the words after a value ("and was completed").
    joins = [offsets[a] + base for a, _ in conjunctions(norm, language)] + [c[0] for c in cues if c[4]]
    # where a reported clause opens (None: unknown for the language), for a reporting verb's date
    said = reported_clauses(norm, language)
    if said is not None:
        said = [offsets[i] + base for i in said]
    # relative clauses: from a relative pronoun to the next clause mark (or the statement's end)
    end = base + len(statement.text)
    relatives = [(p, min((x for x in commas if x > p), default=end))
                 for p in (offsets[i] + base for i in relative_pronouns(norm, language))]
    dated = date_events()
    undated = [c for c in cues if c[3] not in dated]
    words = _skeletons(statement.text)
    figures = [(m, figure_keys(m)) for m in mentions.quantities]
    # every value's span: their words are no owner's name nor a measure (owners.py passes over the
    # value's own words anyway, so one list serves each amount; an attribution's span may hold the clause)
    value_spans = [(o.start, o.end) for o in (*mentions.dates, *mentions.quantities)]
    out = []
    for kind, found in (("date", mentions.dates), ("quantity", mentions.quantities), ("attribution", mentions.attributions)):
        for m in found:
            limits = _limits(m, found, commas + joins, base, base + len(statement.text))
            others = frozenset(k for q, keys in figures if q is not m for k in keys)
            # a date's own clause only; amounts and attributions keep the outcome classes (date_events)
            own = _own_clause(value_span(m), cues, relatives) if kind == "date" else undated
            frame = _frame(kind, statement, m, language, own, (commas, joins),
                           words, len(found), published, mentions.attributions, limits, others, said)
            if kind == "attribution":
                frame = replace(frame, claim=claim_keys(statement, m, mentions, language, figure_keys))
            elif kind == "quantity":
                owner, measure = owner_and_measure(statement.text, base, (m.start, m.end), language, m.value.kind,
                                                   limits, value_spans)
                frame = replace(frame, owner=owner, measure=measure)
                if m.value.kind in COUNTED_KINDS:
                    frame = replace(frame, noun=counted_noun(statement.text, m.start, m.end, language, m.noun,
                                                             base=statement.start))
            out.append(frame)
    return out


def figure_keys(m: QuantityMention) -> frozenset[str]:
    """A figure as "unit|number" keys, one per finite bound ("nearly 5,000" is 4,250-5,000: both), the
    unit broadened to what it counts (deaths and injured are people): two statements that give one
    figure beside the compared values report one announcement (912 dead with 5,383 or 5,385 injured)."""
    v = m.value
    if v.kind == "ordinal":
        return frozenset()
    unit = _broad_unit(v.unit or v.kind)
    return frozenset(f"{unit}|{x:.6g}" for x in {v.low, v.high} if math.isfinite(x) and x > 0)


def _broad_unit(unit: str) -> str:
    from ..compare.quantities import counts_as

    return counts_as().get(unit, unit)



def _limits(m: Mention, found, bounds: list[int], lo: int, hi: int) -> tuple[int, int]:
    """Where the window of ``m`` must stop: at the clause boundary (comma, conjunction) between it and
    a neighbouring value of its kind, else halfway. "finished in 2009 and gave way on 11 September":
    the window of 2009 ends at "and", so it does not carry the other date's "gave way"."""
    for o in found:
        if o is m:
            continue
        if o.start >= m.end and o.start < hi:
            between = [x for x in bounds if m.end <= x <= o.start]
            hi = min(between) if between else (m.end + o.start) // 2
        elif o.end <= m.start and o.end > lo:
            between = [x for x in bounds if o.end <= x <= m.start]
            lo = max(between) if between else (o.end + m.start) // 2
    return lo, hi


def _own_clause(span: tuple[int, int], cues: list, relatives: list[tuple[int, int]]) -> list:
    """The cues that may qualify a value at ``span``, relative clauses kept apart: "the freighter, which
    ran aground on 14 February, was refloated on 20 February" tells two events, and "ran aground" is
    not the refloating's. A cue inside a relative clause qualifies only values inside it; a value inside
    one takes the cues inside it and the noun it qualifies ("the explosion, which occurred on 4 August":
    an event cue ending at most ANTECEDENT_GAP before the pronoun). Ordinals and running words are left
    alone ("the second blast, which ...")."""
    if not relatives:
        return cues
    kept = []
    for c in cues:
        a, b, section = c[0], c[1], c[2]
        ok = True
        if section not in ("ordinals", "running"):
            for lo, hi in relatives:
                inside_value = lo <= span[0] < hi
                inside_cue = lo <= a < hi
                if inside_value and not inside_cue:
                    ok = section == "events" and b <= lo and lo - b <= ANTECEDENT_GAP
                elif inside_cue and not inside_value:
                    ok = False
                if not ok:
                    break
        if ok:
            kept.append(c)
    return kept


def _frame(kind: str, statement: Statement, m: Mention, language: str, cues, commas, words, crowd: int,
           published: int | None, attributions, limits: tuple[int, int] | None = None,
           figures: frozenset[str] = frozenset(), said: list[int] | None = None) -> Frame:
    span = (m.start, m.end)
    if isinstance(m, AttributionMention) and m.value.content_start is not None and m.value.content_end is not None:
        span = (m.value.content_start, m.value.content_end)  # what was said carries the event
    events = [c for c in cues if c[2] == "events" and c[3] != "report"]
    anchor, d_anchor = _nearest(span, events, commas)
    if verb_first(language):
        lead = _clause_lead(span, events, commas)
        if lead is not None:
            anchor, d_anchor = lead
    near = frozenset(cls for cls, d in _scored(span, events, commas) if d <= max(ROLE_REACH, d_anchor))
    role = None
    if kind == "date":
        reports = [c for c in cues if c[2] == "events" and c[3] == "report"]
        _, d_report = _nearest(span, reports, commas)
        before = [c for c in reports if 0 <= m.start - c[1] <= REPORT_GAP]
        # "announced on Monday the resumption of traffic": the verb reports an act, not a clause, and the
        # date is the act's (the event's); "said on Monday that ...": the report's
        if _reports_clause(m, said, commas[0], statement) and ((before and d_report < d_anchor) or _of_saying(m, attributions)):
            role = "report-date"
    if d_anchor > ANCHOR_REACH:
        anchor = None
    phase, d_phase = _nearest(span, [c for c in cues if c[2] == "phases"], commas)
    if role is None and phase is not None and d_phase <= ROLE_REACH:
        role = phase
    if role is None and (anchor == "sign" or _nearest(span, [c for c in events if c[3] == "sign"], commas)[1] <= SIGN_REACH):
        role = "signing"  # "توقيع اتفاقية توريد ... ديسمبر 2017": the signing of a supply deal
    modality, d_mod = _nearest(span, [c for c in cues if c[2] == "modality"], commas)
    ordinal, d_ord = _nearest(span, [c for c in cues if c[2] == "ordinals"], commas)
    running, d_run = _nearest(span, [c for c in cues if c[2] == "running"], commas)
    return Frame(
        kind=kind,
        article=statement.article_id,
        statement=statement.index,
        language=language,
        mention=m,
        anchor=anchor,
        anchors=near if anchor is not None else frozenset(),
        role=role,
        modality=modality if modality is not None and d_mod <= ROLE_REACH else "happened",
        ordinal=ordinal if ordinal is not None and d_ord <= ROLE_REACH else None,
        unit=_unit(m),
        words=words,
        # The value's own words are left out: "تموز" and "Temmuz" share a skeleton,
        # and two dates of one month must not look more alike than a conflict.
        window=_skeletons(window_text(statement.text, statement.start, m, limits)) - _skeletons(m.text),
        crowd=crowd,
        published=published,
        running=running if running is not None and d_run <= ROLE_REACH else None,
        limits=limits,
        figures=figures,
    )


def value_span(m: Mention) -> tuple[int, int]:
    """Where a value's context is read: an attribution's content (what was said), else the mention."""
    if isinstance(m, AttributionMention) and m.value.content_start is not None and m.value.content_end is not None:
        return m.value.content_start, m.value.content_end
    return m.start, m.end


def window_text(statement_text: str, statement_start: int, m: Mention, limits: tuple[int, int] | None = None) -> str:
    """The words around a value (WINDOW characters either side, cut at word edges, within ``limits``:
    absolute offsets), value included; for an attribution, the words of what was said."""
    start, end = value_span(m)
    if isinstance(m, AttributionMention) and (start, end) != (m.start, m.end):
        lo, hi = max(0, start - statement_start), min(len(statement_text), end - statement_start)
    else:
        lo = max(0, start - statement_start - WINDOW)
        hi = min(len(statement_text), end - statement_start + WINDOW)
        if limits is not None:
            lo = max(lo, min(limits[0] - statement_start, m.start - statement_start))
            hi = min(hi, max(limits[1] - statement_start, m.end - statement_start))
    while lo > 0 and not statement_text[lo - 1].isspace():
        lo -= 1
    while hi < len(statement_text) and not statement_text[hi].isspace():
        hi += 1
    return statement_text[lo:hi]


def _unit(m: Mention) -> str | None:
    if isinstance(m, QuantityMention):
        return f"{m.value.kind}:{(m.value.unit or '').casefold()}"
    if isinstance(m, DateMention):
        return m.value.granularity
    return None


def _reports_clause(m: Mention, said: list[int] | None, marks: list[int], statement: Statement) -> bool:
    """Whether the reporting verb by the date ``m`` reports a clause: a complementizer, quotation mark
    or colon opens after the date within its clause (before the next comma, or just past it), or the date ends its
    clause, the report trailing what it reports ("..., the coastguard said on Friday."). "said on
    Monday that ...", "أعلن يوم الاثنين أن ...": yes, the date is the report's; "announced on Monday
    the resumption of traffic, confirming that ...", "заявил о банкротстве 10 марта": no, the verb
    reports an act, dated by the date. ``said`` None: the language has no complementizers in the
    lexicon (yes, as before)."""
    if said is None:
        return True
    end = min((x for x in marks if x >= m.end), default=statement.start + len(statement.text))
    rest = statement.text[m.end - statement.start: end - statement.start]
    # the clause may open just past the comma: "сообщила в четверг, что ...", "said on Friday, that ..."
    return not any(ch.isalnum() for ch in rest) or any(m.end <= x < end or 0 < x - end <= 2 for x in said)


def _of_saying(m: Mention, attributions) -> bool:
    """A date between a speaker and what was said ("قال المتحدث يوم الخميس إن ...",
    "X said on Friday that ..."), or right after the saying: the date of the report."""
    for a in attributions:
        v = a.value
        if v.content_start is not None and v.content_start <= m.start < (v.content_end or m.start + 1):
            continue  # inside what was said: a date of the content
        if a.start <= m.start and m.start - a.end <= REPORT_GAP:
            return True
        if a.start <= m.start and v.content_start is not None and m.end <= v.content_start:
            return True
    return False


def _clause_lead(span: tuple[int, int], cues, commas) -> tuple[str, float] | None:
    """The first event word of the value's clause before it (verb-first languages), and its distance.

    A clause opens at a comma or at a conjunction, also one carried by the
    verb itself: in "اكتمل بناء الجسر عام 2012 وانهار في 3 شباط" the second
    date's clause is "وانهار ...", not the sentence's first verb."""
    bounds = commas[0] + commas[1]
    before = [c for c in cues if c[1] <= span[0] and not any(c[1] <= x < span[0] for x in bounds)]
    if not before:
        return None
    first = min(before, key=lambda c: c[0])
    return first[3], float(span[0] - first[1])


def _nearest(span: tuple[int, int], cues: Iterable[tuple[int, int, str, str]], commas: list[int]) -> tuple[str | None, float]:
    best: tuple[str | None, float] = (None, math.inf)
    for cls, d in _scored(span, cues, commas):
        if d < best[1]:
            best = (cls, d)
    return best


def _scored(span: tuple[int, int], cues: Iterable[tuple[int, int, str, str]], commas: list[int]):
    """(class, distance) of each cue from ``span``, read like a sentence.

    ``commas``: (clause marks, conjunctions: separate words and Arabic words
    carrying و/ف). A cue after the value past a conjunction belongs to the
    next clause and is left out; one before it, past a conjunction, costs a
    clause.
    """
    marks, joins = commas
    for a, b, _, cls, conj in cues:
        if a >= span[1]:
            if any(span[1] <= j <= a for j in joins):
                continue  # "finished in 2009 and gave way on ...": the next clause's word
            d, lo, hi = (a - span[1]) * AFTER_FACTOR, span[1], a
        elif b <= span[0]:
            d, lo, hi = span[0] - b, b, span[0]
            if any(b <= j < span[0] for j in joins):
                d += CLAUSE_COST
        else:
            d, lo, hi = 0.0, 0, 0
        d += CLAUSE_COST * sum(1 for c in marks if lo <= c < hi)
        yield cls, d


def _skeletons(text: str) -> frozenset[str]:
    """Consonant skeletons of three letters or more: names and content words, not particles."""
    out = set()
    for w in _WORD.findall(text):
        if w.isdigit():
            continue
        s = skeleton(w)
        if len(s) >= 3:
            out.add(s)
    return frozenset(out)
