"""The data that flows between stages: plain frozen dataclasses.

Every offset (``start``/``end``) in this module points into ``Article.text``,
the article's ORIGINAL decoded text, so an editor can find the evidence.
Values know how to render themselves as JSON-ready dicts (``to_json``); the
report never reaches into their internals.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Callable, Literal, Union

StatementKey = tuple[str, int]  # (article id, statement index)

Kind = Literal["date", "quantity", "attribution"]
Verdict = Literal["agree", "conflict", "single-source", "unresolved", "update"]
Level = Literal["error", "warning", "suggestion"]
Outcome = Literal["agree", "conflict", "incomparable"]

VERDICTS: tuple[str, ...] = ("agree", "conflict", "single-source", "unresolved", "update")
LEVELS: tuple[str, ...] = ("suggestion", "warning", "error")  # in rising order


# --------------------------------------------------------------------- ingest
@dataclass(frozen=True)
class Article:
    id: str  # stable across runs: derived from the path (and record number)
    path: str  # as the user can find it (relative to the given root when possible)
    title: str | None
    text: str  # the original decoded text; offsets point here
    published: date | None
    published_source: str | None  # "front-matter", "json", "inferred: <evidence>", or None
    language: str  # "ar", "en", ... or "mixed"
    sha256: str  # of the original bytes
    # Spans of ``text`` that hold article prose: front matter and web
    # boilerplate lines are left out, so segmentation never sees them while
    # offsets still point into the untouched original.
    regions: tuple[tuple[int, int], ...] = ()
    outlet: str | None = None
    source_url: str | None = None


@dataclass(frozen=True)
class Skipped:
    path: str
    reason: str


# -------------------------------------------------------------------- segment
@dataclass(frozen=True)
class Statement:
    article_id: str
    index: int  # 0-based position among the article's statements
    text: str  # == article.text[start:end]
    start: int
    end: int
    norm: str = ""  # normalized text for matching (see normalize.py)

    @property
    def key(self) -> StatementKey:
        return (self.article_id, self.index)


# ------------------------------------------------------------------- mentions
@dataclass(frozen=True)
class DateValue:
    """A date as an inclusive interval with the granularity it was written at."""

    start: date | None
    end: date | None
    granularity: str  # day | week | part-of-month | month | season | half | quarter | part-of-year | year | decade
    qualifier: str | None = None  # early | mid | late | beginning | end | earlier | later
    bound: str | None = None  # by | before | after | since | until
    relative: bool = False  # written relative to the publication date
    anchor: date | None = None  # the publication date a relative date was resolved against
    calendar: str = "gregorian"  # or "hijri" (converted to Gregorian in start/end)
    unresolved: str | None = None  # why start/end could not be set
    inferred: bool = False  # the year was not written: taken from the publication date

    def to_json(self) -> dict:
        out = {
            "type": "date",
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "granularity": self.granularity,
            "qualifier": self.qualifier,
            "bound": self.bound,
            "relative": self.relative,
            "anchor": self.anchor.isoformat() if self.anchor else None,
            "calendar": self.calendar,
            "unresolved": self.unresolved,
        }
        if self.inferred:
            out["inferred"] = True
        return out


@dataclass(frozen=True)
class QuantityValue:
    """An amount as a stated range [low, high] plus the precision of its writing."""

    low: float
    high: float
    kind: str  # money | count | percent | duration | ordinal | other
    unit: str | None = None  # ISO 4217 code for money; canonical unit noun otherwise
    precision: float = 0.0  # half a unit of the last written digit, absolute
    qualifier: str | None = None  # about | more-than | at-least | less-than | up-to | ...
    changes: bool = False  # written as a running figure ("so far", "حتى الآن")
    as_of: str | None = None  # money: the article's month ("2020-08"), whose exchange rate converts it

    @property
    def value(self) -> float | None:
        return self.low if self.low == self.high else None

    def to_json(self) -> dict:
        return {
            "type": "quantity",
            "value": self.value,
            "low": self.low,
            "high": self.high,
            "kind": self.kind,
            "unit": self.unit,
            "precision": self.precision,
            "qualifier": self.qualifier,
            "changes": self.changes,
        }


@dataclass(frozen=True)
class Entity:
    """A person, organisation or outlet, resolved across spelling variants."""

    id: str  # canonical key: "outlet:interfax", "person:mikheev", or "name:<normalized>"
    name: str  # as written in the article
    kind: str  # person | organisation | outlet | role | unnamed
    canonical: str | None = None  # display name from the data file, when known

    def to_json(self) -> dict:
        return {"id": self.id, "name": self.name, "kind": self.kind, "canonical": self.canonical}


@dataclass(frozen=True)
class AttributionValue:
    """Who said it, and through whom it reached the article."""

    cue: str  # the attribution verb or phrase, normalized ("said", "قال", "according to")
    speaker: Entity | None = None  # the person (or body) credited with the words
    role: str | None = None  # "head of Rosoboronexport", "رئيس هيئة المشتريات ..."
    organisation: Entity | None = None  # the speaker's organisation
    via: tuple[Entity, ...] = ()  # outlets it came through, nearest the article first
    content_start: int | None = None  # span of the attributed words (quote or clause)
    content_end: int | None = None
    unnamed: bool = False  # "an official", "مسؤول تركي"
    inherited: bool = False  # speaker carried over from an earlier sentence ("He added")

    def to_json(self) -> dict:
        return {
            "type": "attribution",
            "cue": self.cue,
            "speaker": self.speaker.to_json() if self.speaker else None,
            "role": self.role,
            "organisation": self.organisation.to_json() if self.organisation else None,
            "via": [e.to_json() for e in self.via],
            "content": (
                [self.content_start, self.content_end]
                if self.content_start is not None
                else None
            ),
            "unnamed": self.unnamed,
            "inherited": self.inherited,
        }


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    text: str  # == article.text[start:end]
    value: DateValue
    kind: str = field(default="date", init=False)


@dataclass(frozen=True)
class QuantityMention:
    start: int
    end: int
    text: str
    value: QuantityValue
    # the noun the amount counts or measures, as written ("بطاريات", "countries")
    noun: str | None = None
    kind: str = field(default="quantity", init=False)


@dataclass(frozen=True)
class AttributionMention:
    start: int
    end: int
    text: str
    value: AttributionValue
    kind: str = field(default="attribution", init=False)


Mention = Union[DateMention, QuantityMention, AttributionMention]
Value = Union[DateValue, QuantityValue, AttributionValue]


@dataclass(frozen=True)
class Mentions:
    """Everything extracted from one statement."""

    dates: tuple[DateMention, ...] = ()
    quantities: tuple[QuantityMention, ...] = ()
    attributions: tuple[AttributionMention, ...] = ()
    # "the second batch", "الدفعة الأولى": roles, not amounts (never compared
    # as quantities); kept for the linker to tell one batch from another
    ordinals: tuple[QuantityMention, ...] = ()

    def of_kind(self, kind: str) -> tuple[Mention, ...]:
        return {"date": self.dates, "quantity": self.quantities, "attribution": self.attributions}[kind]


# -------------------------------------------------------------------- cluster
@dataclass(frozen=True)
class Cluster:
    id: int
    members: tuple[StatementKey, ...]  # sorted

    @property
    def articles(self) -> tuple[str, ...]:
        return tuple(sorted({a for a, _ in self.members}))


# -------------------------------------------------------------- align/compare
@dataclass(frozen=True)
class Comparison:
    outcome: Outcome
    # Human-readable ("2019 overlaps mid-July 2019"), or a function that words
    # it when asked: discovery compares hundreds of thousands of value pairs and
    # reads the reasons of the conflicting ones only; wording every pair up
    # front was a third of its time.
    wording: str | Callable[[], str]
    # A difference that matters less than the fact itself (the same speaker,
    # carried by another agency): reported one level lower.
    minor: bool = False

    @property
    def reason(self) -> str:
        w = self.wording
        return w if isinstance(w, str) else w()


@dataclass(frozen=True)
class Claim:
    """One article's statement of one fact, with the mention that carries it."""

    fact: str  # rule id, or "fact:<id>" for discovery
    article_id: str
    statement: int  # statement index within the article
    mention: Mention

    @property
    def value(self) -> Value:
        return self.mention.value


@dataclass(frozen=True)
class Finding:
    id: str  # stable fingerprint of (fact, evidence)
    rule: str | None  # None for a finding discovered without a rule
    kind: str  # date | quantity | attribution
    verdict: str  # one of VERDICTS
    level: str  # one of LEVELS
    message: str
    claims: tuple[Claim, ...]
    conflicts: tuple[tuple[int, int], ...] = ()  # indices into claims
    reasons: tuple[str, ...] = ()  # why, one line per listed conflicting pair (in their order) or problem
    cluster: int | None = None  # the cluster behind a discovered finding
    # How many pairs conflict in all; None: every one is listed in ``conflicts``.
    # Discovery lists only a cover of them (discover.covering_pairs).
    conflict_count: int | None = None
    # How sure the same-fact links behind a discovered finding are (match/findings.py).
    link: float | None = None

    @property
    def conflicts_total(self) -> int:
        return len(self.conflicts) if self.conflict_count is None else self.conflict_count


# --------------------------------------------------------------------- report
@dataclass(frozen=True)
class Corpus:
    """What the stages before alignment produced, handed on as one value."""

    articles: tuple[Article, ...]
    statements: tuple[Statement, ...]
    mentions: dict[StatementKey, Mentions]
    clusters: tuple[Cluster, ...] = ()
    _by_id: dict = field(default_factory=dict, init=False, repr=False, compare=False)
    _by_key: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Look-ups by id are on every hot path of alignment: index once.
        self._by_id.update((a.id, a) for a in self.articles)
        self._by_key.update((s.key, s) for s in self.statements)

    def article(self, article_id: str) -> Article:
        return self._by_id[article_id]

    def statement(self, key: StatementKey) -> Statement:
        return self._by_key[key]


@dataclass(frozen=True)
class Report:
    articles: tuple[Article, ...]
    skipped: tuple[Skipped, ...]
    statements: tuple[Statement, ...]
    clusters: tuple[Cluster, ...]
    findings: tuple[Finding, ...]
    settings: dict = field(default_factory=dict)  # embedder, model id, rules dir ...
