"""Rule-free findings: each fact's values compared over its direct links.

A fact's claims are its frames. Two claims are compared only when they are
in different articles and directly linked (a link the model scored, not a
path through the group); an agreement needs a link at or above the model's
``link`` probability, a conflict one at or above its ``conflict`` probability
and two frames that say the same things about their values, not a later
toll that updates an earlier one (``may_conflict``), and, for dates and
quantities, neither article stating elsewhere, in a frame linked to the
other's, a value that agrees with it (``agreed_elsewhere``: a finding then
depends on links out of its fact, to other frames of its articles). Each finding says how sure its links are
(``Finding.link``: the weakest listed conflicting link for a conflict, the
strongest agreeing link for an agreement).

Statements a rule claims are left out for that rule's kind only: a rule
about a delivery date says nothing about the sentence's death toll.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Mapping, Sequence

import numpy as np

from ..compare import compare, describe
from ..fingerprint import claim_evidence, fingerprint
from ..model import Claim, Corpus, Finding, StatementKey
from . import Fact, Matching
from .frames import Frame

_PLURAL = {"date": "dates", "quantity": "quantities", "attribution": "attributions"}
# Event classes (data/event_cues.yaml) whose counts of people are tolls, raised with each announcement.
RUNNING_ANCHORS = frozenset({"kill", "injure", "missing", "displace"})
LATER = frozenset({"second", "third"})  # ordinal classes (data/event_cues.yaml) of a later instance


def discover(matching: Matching, corpus: Corpus, *, covered: Mapping[str, set[StatementKey]] | None = None) -> list[Finding]:
    """One finding per fact whose linked values agree or conflict across articles."""
    covered = covered or {}
    links_cache: dict = {"siblings": siblings_of(matching.frames), "around": {}, "matching": matching}
    out = []
    for fact in matching.facts:
        taken = covered.get(fact.kind, set())
        keep = [n for n, f in enumerate(fact.frames) if f.key not in taken]
        if len({fact.frames[n].article for n in keep}) < 2:
            continue
        finding = _judge(fact, keep, corpus, matching.model, links_cache)
        if finding is not None:
            out.append(finding)
    return out


def _judge(fact: Fact, keep: list[int], corpus: Corpus, model, links_cache: dict) -> Finding | None:
    frames = [fact.frames[n] for n in keep]
    claims = [Claim(f"fact:{fact.id}", f.article, f.statement, f.mention) for f in frames]
    role_links = None
    if fact.kind == "attribution":
        if "links" not in links_cache:
            from ..verdicts import corpus_links

            links_cache["links"] = corpus_links(corpus)
        role_links = links_cache["links"]
    conflicts: list[tuple[int, int, object, float]] = []
    agree_best = 0.0
    link_cut, conflict_cut = model.link_cut(fact.kind), model.conflict_cut(fact.kind)
    for x in range(len(frames)):
        for y in range(x + 1, len(frames)):
            if frames[x].article == frames[y].article:
                continue
            p = fact.link(keep[x], keep[y])
            if p < link_cut:
                continue
            cmp = compare(frames[x].mention.value, frames[y].mention.value, links=role_links)
            if cmp.outcome == "conflict":
                if p >= conflict_cut and refusal(frames[x], frames[y], links_cache["siblings"], role_links,
                                                 _around(fact.kind, links_cache)) is None:
                    conflicts.append((x, y, cmp, p))
            elif cmp.outcome == "agree":
                agree_best = max(agree_best, p)
    if not conflicts and not agree_best:
        return None
    verdict = "conflict" if conflicts else "agree"
    # The surest links first: the cover lists the pairs most likely to be one fact.
    listed = covering_pairs(sorted(conflicts, key=lambda c: (-c[3], c[0], c[1])))
    listed.sort(key=lambda c: (c[0], c[1]))
    pairs = [(i, j) for i, j, _, _ in listed]
    link = min(p for _, _, _, p in listed) if listed else agree_best
    return Finding(
        id=fingerprint(None, fact.kind, verdict, claim_evidence(claims, corpus)),
        rule=None,
        kind=fact.kind,
        verdict=verdict,
        level="suggestion",
        message=_message(fact.kind, verdict, claims, pairs, len(conflicts), link, corpus),
        claims=tuple(claims),
        conflicts=tuple(pairs),
        reasons=tuple(f"claims {i} and {j}: {cmp.reason} (link {p:.2f})" for i, j, cmp, p in listed),
        cluster=fact.id,
        conflict_count=len(conflicts),
        link=round(link, 3),
    )


def may_conflict(a: Frame, b: Frame) -> bool:
    """Whether two linked frames with incompatible values are a conflict, not two facts (``refusal``)."""
    return refusal(a, b) is None


def refusal(a: Frame, b: Frame, siblings: Mapping | None = None, links=None, around: Mapping | None = None) -> str | None:
    """Why two linked frames with incompatible values are two facts, not a conflict (None: a conflict).

    Agreement may be claimed over any link; a conflict needs more:
    - no ordinal clash and the same modality: the "second" quake against the
      "first", or a planned date against one that happened, is another fact
      (an ordinal on one side only is not enough: "the first batch arrived in
      August 2020" conflicts with "the S-400s arrived in July 2019"), but a
      later one on one side is another instance: "a second quake, of
      magnitude 7.5" against "the 7.8 quake" (an unmarked mention names the
      first or only one);
    - not two dates both read off their articles' publication days ("on
      Tuesday", "today", "yesterday"; "3 August" is written): each names the
      day of whatever its sentence tells, and two such dates that differ are
      mostly the report's day and the event's (on the dev corpora, leaving
      them out took the listed date conflict pairs from 10 true of 52 to 21
      true of 39);
    - not a running toll announced later and larger: that is an update (the
      annotated corpora split tolls by announcement, FORMAT.md), nor two
      tolls both written as running figures ("rose to", "so far");
    - given ``siblings`` (``siblings_of``; ``links``: compare's role links for
      attributions): not when either statement also gives, in another value
      of the kind, one the other frame's agrees with (``restated``);
    - given ``around`` (``linked_around``, dates and quantities): not when
      either article gives, in a frame linked to the other frame, a value
      that agrees with it (``agreed_elsewhere``).
    """
    if a.modality != b.modality:
        return "modality"
    if a.ordinal and b.ordinal and a.ordinal != b.ordinal:
        return "ordinal"
    if (a.ordinal in LATER) != (b.ordinal in LATER) and not (a.ordinal and b.ordinal):
        return "later instance"
    if a.kind == "date" and _from_publication(a.mention.value) and _from_publication(b.mention.value):
        return "publication days"
    if a.kind == "quantity" and is_update(a, b):
        return "later toll"
    if a.kind == "quantity" and _readings(a, b):
        return "running figures"
    if siblings and restated(a, b, siblings, links):
        return "restated"
    if around is not None and a.kind in ELSEWHERE_KINDS and agreed_elsewhere(a, b, around, links):
        return "agreed elsewhere"
    return None


def siblings_of(frames: Mapping[str, Sequence[Frame]]) -> dict:
    """(kind, statement key) -> the frames of that kind in a statement holding two or more (``restated``)."""
    out: dict = {}
    for kind, fs in frames.items():
        for f in fs:
            if f.crowd > 1:
                out.setdefault((kind, f.key), []).append(f)
    return out


def restated(a: Frame, b: Frame, siblings: Mapping, links=None) -> bool:
    """Whether a's statement gives, in another value of the kind, one that agrees with b's, or b's with a's.

    Grouping keeps one frame per article, and a statement with two values of a
    kind ("the 19-year-old and his 48-year-old father"; "7,003 injured, and
    the toll rose to 7,634") may lend the group the wrong one: its other value
    agrees with the other article, so the statement does not contradict it.
    On the dev stories, leave-one-story-out at the shipped cuts, after
    facts.strongest_per_article: balanced 0.439 -> 0.448, conflict pair
    precision 0.408 -> 0.434 (8 true pairs and one conflict fact lost, mostly
    to an open "more than 120" agreeing with "more than 30"; asking both values
    to be closed ranges kept them but gained less: 0.446, 0.431).
    """
    for own, other in ((a, b), (b, a)):
        for f in siblings.get((own.kind, own.key), ()):
            if f is not own and compare(f.mention.value, other.mention.value, links=links).outcome == "agree":
                return True
    return False


# agreed_elsewhere: a link this strong between a frame and another frame of the other article lets that
# frame's agreeing value speak for the article; the kinds it applies to (see agreed_elsewhere's measurements).
ELSEWHERE_FLOOR = 0.1
ELSEWHERE_KINDS = frozenset({"date", "quantity"})


def _frame_id(f: Frame) -> tuple:
    return f.key, f.mention.start, f.mention.end


def linked_around(frames: Sequence[Frame], pairs, probs, floor: float = ELSEWHERE_FLOOR) -> "LinkedAround":
    """(statement key, start, end) of a frame -> [(linked frame, probability)] over the scored pairs at or above ``floor``."""
    return LinkedAround(frames, pairs, probs, floor)


class LinkedAround:
    """``linked_around``'s map, read with ``get``: each frame's list made when it is asked for.

    Only conflicting pairs ask, a few hundred frames of a kind's 100,000; a dict of
    every frame's list walked every pair at or above ``floor`` in Python (at 1,600
    bench articles ~5 CPU-s per run, most of judging the facts an added article changed).
    A list holds the pairs in pair order, the frame's end a before its end b, as that dict did.
    """

    def __init__(self, frames: Sequence[Frame], pairs, probs, floor: float):
        self.frames = frames
        at = a = b = np.empty(0, dtype=np.int64)
        if pairs is not None and len(pairs):
            at = np.flatnonzero(np.asarray(probs) >= floor)
            a, b = np.asarray(pairs.a)[at], np.asarray(pairs.b)[at]
        own = np.concatenate([a, b])
        order = np.argsort(own)  # any order within a frame's run: ``get`` sorts its rows by (pair, end)
        self.own = own[order]  # sorted: each frame's entries are one run of it
        self.other = np.concatenate([b, a])[order]
        self.pair = np.concatenate([at, at])[order]
        self.side = np.concatenate([np.zeros(len(at), np.int8), np.ones(len(at), np.int8)])[order]
        self.probs = np.asarray(probs)
        self._index: dict | None = None  # _frame_id -> the indices of the frames it names

    def get(self, key, default=None):
        if self._index is None:
            self._index = {}
            for i, f in enumerate(self.frames):
                self._index.setdefault(_frame_id(f), []).append(i)
        runs = [np.arange(lo, hi) for i in self._index.get(key, ())
                for lo, hi in [np.searchsorted(self.own, [i, i + 1]).tolist()] if hi > lo]
        if not runs:
            return default
        rows = np.concatenate(runs)
        rows = rows[np.lexsort((self.side[rows], self.pair[rows]))]
        return [(self.frames[j], float(self.probs[p])) for j, p in zip(self.other[rows].tolist(), self.pair[rows].tolist())]


def _around(kind: str, links_cache: dict) -> dict | None:
    """``linked_around`` of the matching's frames of ``kind``, made once per discover (None: a kind it does not apply to)."""
    if kind not in ELSEWHERE_KINDS:
        return None
    got = links_cache["around"].get(kind)
    if got is None:
        m = links_cache["matching"]
        got = links_cache["around"][kind] = linked_around(m.frames.get(kind, ()), m.pairs.get(kind), m.probs.get(kind))
    return got


def agreed_elsewhere(a: Frame, b: Frame, around: Mapping, links=None) -> bool:
    """Whether b's article gives, in another frame linked to a, a value that agrees with a's (or a's article with b's).

    ``restated`` looks inside the two statements; this looks over the two
    articles. Grouping keeps one frame per article, and the group may hold
    the article's frame of a neighbouring fact ("65 houses damaged") while
    the article also states, in a sentence linked to the other frame, the
    value that agrees ("40 houses buried"): that article does not contradict
    the other on this fact. Leave-one-story-out on the 23 dev stories at the
    shipped cuts (bench/loso.py --cuts 0.25 0.25; balanced, conflict pair
    precision; pooled over stories): 0.454, 0.415 without; with any scored
    link at or above 0.25: 0.454, 0.427; 0.1: 0.457, 0.448; 0.0 (every
    candidate pair): 0.457, 0.461 but conflict recall 0.388 -> 0.369, most of
    it attributions (an article cites several sources, one of them agreeing);
    any frame of the article, linked or not: 0.443, 0.474. Attributions are
    left out: at 0.1 they traded conflict facts for agree facts (recall 0.26
    -> 0.24, 0.36 -> 0.38) for no pair precision (0.45 -> 0.45). Shipped,
    dates and quantities at 0.1: 0.454, 0.442 (date pair precision 0.47 ->
    0.53, quantity 0.54 -> 0.56; no fact gained or lost), on the half of the
    dev stories whose false conflicts were read (every other story of
    split.yaml from the first) 0.463, 0.387 -> 0.463, 0.407 and on the
    other half 0.444, 0.442 -> 0.444, 0.477. Keeping two counts of people
    that are tolls out of it (articles list successive tolls, which FORMAT.md
    splits by announcement): 0.454, 0.439.
    """
    for own, other in ((a, b), (b, a)):
        for f, _ in around.get(_frame_id(own), ()):
            if f.article == other.article and f is not other \
                    and compare(own.mention.value, f.mention.value, links=links).outcome == "agree":
                return True
    return False


def _readings(a: Frame, b: Frame) -> bool:
    """Two running figures ("rose to", "so far") of a toll: two readings of a count still moving.
    Of the dev stories' candidate pairs of conflicting counts of people with both running, 1 of 121
    was one fact (leave-one-story-out, bench/loso.py: pair precision 0.58 -> 0.59, balanced equal)."""
    return all((f.running is not None or f.mention.value.changes) and _toll(f) for f in (a, b))


def _from_publication(v) -> bool:
    """A date whose day is read off the publication date ("Tuesday", "today"), not one with its year alone inferred."""
    return v.relative and not v.inferred


def is_update(a: Frame, b: Frame) -> bool:
    """A toll (a count of people killed, injured, missing or displaced) published on a later day, and larger:
    "113 people were killed" on Wednesday, "137 dead" on Thursday."""
    if a.published is None or b.published is None or a.published == b.published:
        return False
    early, late = (a, b) if a.published < b.published else (b, a)
    ve, vl = early.mention.value, late.mention.value
    people = _people_counts()
    if not (ve.kind == vl.kind == "count" and ve.unit in people and vl.unit in people and _toll(early) and _toll(late)):
        return False
    return min(vl.low, vl.high) > max(ve.low, ve.high)


def _toll(f: Frame) -> bool:
    v = f.mention.value
    return bool(v.changes) or v.unit != "person" or f.anchor in RUNNING_ANCHORS


@lru_cache(maxsize=1)  # asked once per conflicting pair
def _people_counts() -> frozenset[str]:
    from ..compare.quantities import counts_as

    return frozenset({u for u, b in counts_as().items() if b == "person"} | {"person"})


def covering_pairs(pairs: Sequence[tuple]) -> list[tuple]:
    """The pairs (sorted, each starting (i, j, ...)) a finding lists: each one that brings a claim not yet listed.

    Fifty linked statements with fifty figures conflict in over a thousand
    pairs; every claim in conflict still appears once with a value it
    conflicts with, and ``Finding.conflict_count`` says how many there are.
    """
    seen: set[int] = set()
    out = []
    for p in pairs:
        i, j = p[0], p[1]
        if i not in seen or j not in seen:
            seen.add(i)
            seen.add(j)
            out.append(p)
    return out


def _message(kind: str, verdict: str, claims: list[Claim], conflicts: list[tuple[int, int]], total: int, link: float,
             corpus: Corpus) -> str:
    def say(i: int) -> str:
        return f"«{_describe(claims[i].mention)}» ({corpus.article(claims[i].article_id).path})"

    if verdict == "conflict":
        shown = "; ".join(f"{say(i)} vs {say(j)}" for i, j in conflicts[:3])
        more = f" and {total - min(3, len(conflicts))} more" if total > min(3, len(conflicts)) else ""
        return f"Linked statements give different {_PLURAL[kind]} (link {link:.2f}): {shown}{more}"
    n = len({c.article_id for c in claims})
    return (f"Linked statements in {n} articles give compatible {_PLURAL[kind]} (link {link:.2f}): "
            + ", ".join(say(i) for i in range(min(3, len(claims)))))


def _describe(mention) -> str:
    # compare.dates.describe has no wording for some qualifiers yet ("earlier"):
    # the words as written say the same to a reader.
    try:
        return describe(mention)
    except KeyError:
        return mention.text
