"""Alignment: for each rule, the statements that state its fact, and in each the
one mention that carries the value.

Rules run on the same linking engine as discovery (consistency.match).
Candidates come from three places:

1. **patterns** (optional filters, ``must`` / ``must_not``): a statement whose
   normalized text satisfies one language block of the rule (all of ``all``,
   one of ``any``);
2. **examples**: the rule's example sentences are read like articles, their
   values become frames, and a corpus frame of the rule's kind that the link
   model links to an example frame (probability at least the rule's
   ``threshold``, by default the model's link cut) is a candidate, with that
   very mention as its value;
3. **links**: a frame linked to the value of a pattern-matched statement.

Exceptions (of every language) veto a candidate however it was found. Patterns
are precise, links are a net for other languages and wordings, so example and
link candidates are used only (a) from articles none of whose statements
matched a pattern, and (b) from articles in a language the rule has no pattern
block for: where the rule's Arabic and English patterns read a statement and
did not match it, a linked "Monday" is not taken as the signing date.

Policy: every matching statement of an article gives a claim (one per
statement), not just the "best" one, so an article that states a fact twice
with different values shows up as its own conflict. A pattern candidate's
claim carries the one mention chosen by ``select`` (see rules/README.md): the
mention closest to the rule's event words, dropping mentions that sit closer
to another event's words (``avoid``) or are cut off from the event words by a
clause boundary (``not_across``): "sanctions in December, following the
delivery of the first batch" does not date the delivery.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

import numpy as np

from .model import AttributionMention, Claim, DateValue, Corpus, Mention, Mentions, QuantityMention, Statement, StatementKey
from .normalize import normalize, normalize_with_map
from .prefilter import LiteralIndex, block_requirements
from .rules import Rule


AFTER_FACTOR = 1.5
# "Wednesday", "yesterday", "أمس" mostly date the reporting ("..., X said on
# Wednesday"); such a date is the event's only when it sits by the event word
# ("signed on Wednesday", "وقعت أمس").
NEWS_CYCLE_REACH = 25
SAID_GAP = 12  # " on ", " يوم ", " in ": between an attribution and the date of the saying
CLAUSE_COST = 40
_CLAUSE_MARKS = ",،;؛"


@dataclass(frozen=True)
class _Candidate:
    key: StatementKey
    source: str  # pattern | example | link
    mention: Mention | None = None  # pattern: select_mention's choice (None: no claim); else the linked frame's


PatternHits = dict  # rule id -> {statement key: select_mention's choice or None}, keys in corpus order


def align(rules: Sequence[Rule], corpus: Corpus, *, vectors=None, embedder=None, matching=None,
          hits=None) -> dict[str, list[Claim]]:
    """Rule id -> the claims of every article that states the rule's fact.

    ``matching``: the corpus's frames and links (consistency.match); without
    it only patterns find statements. ``hits(rules, corpus, norms, compute)``
    (align_cache.py): ``pattern_hits`` of the whole corpus, read back per
    article where a previous run made them.
    """
    norms = {s.key: (s.norm or normalize(s.text)) for s in corpus.statements}
    if not rules:
        found: PatternHits = {}
    elif hits is not None:
        found = hits(rules, corpus, norms, pattern_hits)
    else:
        found = pattern_hits(rules, corpus, norms, range(len(corpus.statements)))
    links = _Links(matching) if matching is not None else None
    out: dict[str, list[Claim]] = {}
    for rule in rules:
        candidates = _candidates(rule, corpus, norms, links, vectors, embedder, found.get(rule.id, {}))
        out[rule.id] = [Claim(rule.id, c.key[0], c.key[1], c.mention) for c in candidates if c.mention is not None]
    return out


def pattern_hits(rules: Sequence[Rule], corpus: Corpus, norms: dict, rows) -> PatternHits:
    """For the statements at ``rows`` (indices into corpus.statements, ascending), per rule, those some
    pattern block of the rule matches, each with the mention ``select_mention`` takes from it.

    A function of each statement alone (its text, mentions and the rules): a literal index over just
    these rows finds the same statements as one over the corpus (the filter never changes what matches).
    """
    rows = list(rows)
    index = LiteralIndex([norms[corpus.statements[i].key] for i in rows])
    out: PatternHits = {}
    for rule in rules:
        got = {}
        if rule.patterns:
            for j in index.candidates(block_requirements(ps) for ps in rule.patterns):
                s = corpus.statements[rows[j]]
                if any(ps.matches(norms[s.key]) is not None for ps in rule.patterns):
                    got[s.key] = select_mention(rule, s, corpus.mentions.get(s.key, Mentions()))
        out[rule.id] = got
    return out


class _Links:
    """Each frame's linked frames (at or above the model's link cut), per kind, looked up by mention.

    Built per kind on the first lookup of that kind: a run whose rules follow no links (or no
    pattern hit of a kind) never indexes that kind's frames and pairs (at 1,600 bench articles the
    index of every kind was most of alignment's own work on an added article).
    """

    def __init__(self, matching) -> None:
        self.matching = matching
        self.at: dict[str, dict[tuple[StatementKey, int], int]] = {}
        self.edges: dict[str, tuple[np.ndarray, np.ndarray]] = {}

    def _index(self, kind: str) -> None:
        matching = self.matching
        frames = matching.frames.get(kind, [])
        self.at[kind] = {(f.key, f.mention.start): i for i, f in enumerate(frames)}
        # Every link at or above the cut as two directed edges (a -> b, then b -> a, in pair order),
        # sorted by source, stably: a node's neighbours come out in the order a loop appending them gives.
        # Built in numpy: a Python loop over every candidate pair (1.7 million at 1,600 bench articles) was
        # a second of each run, one article added or not.
        pairs, probs = matching.pairs.get(kind), matching.probs.get(kind)
        if pairs is None or probs is None or len(pairs) == 0:
            self.edges[kind] = (np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64))
            return
        keep = np.asarray(probs) >= matching.model.link_cut(kind)
        a, b = np.asarray(pairs.a)[keep], np.asarray(pairs.b)[keep]
        src = np.empty(2 * len(a), dtype=np.int64)
        dst = np.empty(2 * len(a), dtype=np.int64)
        src[0::2], src[1::2] = a, b
        dst[0::2], dst[1::2] = b, a
        order = np.argsort(src, kind="stable")
        self.edges[kind] = (src[order], dst[order])

    def linked(self, kind: str, key: StatementKey, mention: Mention) -> list:
        if kind not in self.at:
            self._index(kind)
        i = self.at[kind].get((key, mention.start))
        if i is None:
            return []
        frames = self.matching.frames[kind]
        src, dst = self.edges[kind]
        lo, hi = np.searchsorted(src, i, side="left"), np.searchsorted(src, i, side="right")
        return [frames[j] for j in dst[lo:hi].tolist()]


def _candidates(rule, corpus, norms, links, vectors, embedder, hits: dict) -> list[_Candidate]:
    found: dict[StatementKey, _Candidate] = {key: _Candidate(key, "pattern", m) for key, m in hits.items()}
    similar: dict[StatementKey, _Candidate] = {}
    if links is not None:
        for key, mention in _example_links(rule, corpus, vectors, embedder, links.matching).items():
            similar.setdefault(key, _Candidate(key, "example", mention=mention))
        if rule.clusters:
            for key, m in hits.items():
                for f in links.linked(rule.extends, key, m) if m is not None else ():
                    similar.setdefault(f.key, _Candidate(f.key, "link", mention=f.mention))
    with_patterns = {key[0] for key in found}
    covered = {ps.language for ps in rule.patterns} - {"any"}
    for key, cand in similar.items():
        if key in found or key[0] in with_patterns:
            continue
        if corpus.article(key[0]).language in covered:
            continue  # the patterns speak this language and did not match: trust them
        found[key] = cand
    exceptions = rule.exceptions
    kept = [c for c in found.values() if not any(p.search(norms[c.key]) for p in exceptions)]
    return sorted(kept, key=lambda c: c.key)


EXAMPLE_REACH = 200  # corpus frames scored against each example frame: its nearest by sentence cosine


def _example_links(rule: Rule, corpus: Corpus, vectors, embedder, matching) -> dict[StatementKey, Mention]:
    """Statement -> the mention of its frame that the link model links to one of the rule's example sentences."""
    from .embed import unit_rows
    from .extract import extract_article
    from .lang import detect_language
    from .match.candidates import Pairs
    from .match import own_window
    from .match.frames import frames_of, window_text
    from .match.link import features
    from .match.nouns import noun_vectors
    from .model import Article
    from .verdicts import unresolved_reason

    frames = matching.frames.get(rule.extends, [])
    if not rule.examples or vectors is None or embedder is None or not frames:
        return {}
    examples = []
    for n, text in enumerate(rule.examples):
        language = detect_language(text)
        art = Article(f"example:{n}", rule.path, None, text, None, None, language, "", ((0, len(text)),))
        st = Statement(art.id, 0, text, 0, len(text))
        (ms,) = extract_article(art, [st])
        examples.extend((text, f) for f in frames_of(st, ms, language)
                        if f.kind == rule.extends and unresolved_reason(f.mention.value) is None)
    if not examples:
        return {}
    model = matching.model
    cut = rule.threshold if rule.threshold is not None else model.link_cut(rule.extends)
    row_of = {s.key: n for n, s in enumerate(corpus.statements)}
    rows = np.fromiter((row_of[f.key] for f in frames), dtype=np.int64, count=len(frames))
    ex_vectors = unit_rows(embedder.embed([t for t, _ in examples]))
    # as in match.window_vectors: a window of its own among several values, or an attribution's claim
    ex_windows = ex_vectors.copy()
    crowded = [n for n, (_, f) in enumerate(examples) if f.crowd > 1 or own_window(f)]
    if crowded:
        ex_windows[crowded] = unit_rows(embedder.embed([window_text(examples[n][0], 0, examples[n][1].mention) for n in crowded]))
    # the examples' counted nouns beside the corpus's (match/nouns.py), for the quantity noun columns
    nouns = noun_vectors([f for _, f in examples], lambda texts: unit_rows(embedder.embed(texts)), matching.nouns) \
        if rule.extends == "quantity" else matching.nouns
    windows = matching.windows.get(rule.extends)
    if windows is None:  # the matching ran without window vectors: the sentence's stands in
        windows = np.asarray(vectors, dtype=np.float32)[rows]
    best: dict[StatementKey, tuple[float, Mention]] = {}
    for (_, example), ev, ew in zip(examples, ex_vectors, ex_windows):
        sims = np.asarray(vectors)[rows] @ ev
        near = np.argsort(-sims, kind="stable")[:EXAMPLE_REACH]
        both = [*frames, example]
        pairs = Pairs(near, np.full(len(near), len(frames)), sims[near].astype(np.float32))
        x = features(both, pairs, np.vstack([windows, ew[None, :]]), nouns)
        for i, p in zip(near.tolist(), model.probability(rule.extends, x).tolist()):
            f = frames[i]
            if p >= cut and p > best.get(f.key, (-1.0, None))[0]:
                best[f.key] = (p, f.mention)
    return {key: m for key, (_, m) in best.items()}


def select_mention(rule: Rule, statement: Statement, mentions: Mentions) -> Mention | None:
    """The one mention of ``rule.extends`` kind that carries the fact, or None."""
    eligible = [m for m in mentions.of_kind(rule.extends) if _fits(rule, m)]
    if not eligible:
        return None
    norm, offsets = normalize_with_map(statement.text)

    def spans(patterns) -> list[tuple[int, int]]:
        out = []
        for p in patterns:
            for m in p.finditer(norm):
                if m.end() > m.start():
                    a = offsets[m.start()] + statement.start
                    b = offsets[m.end() - 1] + 1 + statement.start
                    out.append((a, b))
        return out

    near = spans(rule.select.near)
    if not near:
        # No event words in this statement (another language, a similarity
        # candidate): fall back to where the rule's patterns matched.
        anchors = [m for ps in rule.patterns for m in [ps.matches(norm)] if m is not None]
        near = [(offsets[m.start()] + statement.start, offsets[max(m.end(), m.start() + 1) - 1] + 1 + statement.start)
                for m in anchors if m.end() <= len(offsets)]
    avoid = spans(rule.select.avoid)
    # "..., Sarah Haddad said on Wednesday", "according to a report published
    # in 2000": a date right after an attribution is the date of the saying.
    said = [a.end for a in mentions.attributions] if rule.extends == "date" else []
    barriers = spans(rule.select.not_across)
    commas = [statement.start + i for i, ch in enumerate(statement.text) if ch in _CLAUSE_MARKS]
    # An avoid word vetoes only the mention it belongs to, the one nearest to
    # it: in "sanctioned ... in December 2020 under CAATSA, a law enacted in
    # 2017" the word "law" takes 2017 out, not December 2020.
    owner = {w: min(eligible, key=lambda m: (_closest((m.start, m.end), [w], commas)[0], m.start)) for w in avoid}
    scored: list[tuple[float, int, Mention]] = []
    for m in eligible:
        span = (m.start, m.end)
        d_near, nearest = _closest(span, near, commas)
        d_avoid, _ = _closest(span, [w for w in avoid if owner[w] is m], commas)
        if d_avoid < d_near:
            continue
        if near and rule.select.within is not None and min(_distance(span, n) for n in near) > rule.select.within:
            continue
        if nearest is not None and any(_between(b, span, nearest) for b in barriers):
            continue
        if _news_cycle(m) and d_near > NEWS_CYCLE_REACH:
            continue
        if any(0 <= m.start - end <= SAID_GAP for end in said) and d_near > m.start - max(e for e in said if e <= m.start):
            continue
        if isinstance(m, AttributionMention):
            d_near = min(d_near, _content_distance(m, near))
        scored.append((d_near, m.start, m))
    if not scored:
        return None
    if not near and len(scored) > 1:
        return None  # several values and nothing to choose by: never guess
    return min(scored, key=lambda t: (t[0], t[1]))[2]


def _news_cycle(m: Mention) -> bool:
    v = m.value
    return isinstance(v, DateValue) and v.relative and v.granularity == "day"


def _fits(rule: Rule, m: Mention) -> bool:
    if isinstance(m, QuantityMention):
        if rule.compare.unit and (m.value.unit or "").casefold() != rule.compare.unit.casefold():
            return False
        if rule.compare.quantity_kind and m.value.kind != rule.compare.quantity_kind:
            return False
    return True


def _distance(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, b[0] - a[1], a[0] - b[1])


def _closest(span: tuple[int, int], others: list[tuple[int, int]], commas: list[int] = ()) -> tuple[float, tuple[int, int] | None]:
    """The word nearest to ``span`` by a score that reads like a sentence.

    In Arabic and English news a date or amount mostly follows the verb or
    noun of its own clause ("وقعت ... في ديسمبر 2017", "signed ... in December
    2017", "worth $8.6 billion"), so a word after the mention counts half
    again as far, and each comma or semicolon between them (a clause
    boundary) counts as CLAUSE_COST characters more.
    """
    best: tuple[float, tuple[int, int] | None] = (math.inf, None)
    for o in others:
        d = float(_distance(span, o))
        if o[0] >= span[1]:
            d *= AFTER_FACTOR
        lo, hi = (span[1], o[0]) if o[0] >= span[1] else (o[1], span[0])
        d += CLAUSE_COST * sum(1 for c in commas if lo <= c < hi)
        if d < best[0]:
            best = (d, o)
    return best


def _between(barrier: tuple[int, int], a: tuple[int, int], b: tuple[int, int]) -> bool:
    lo, hi = (a[1], b[0]) if a[0] <= b[0] else (b[1], a[0])
    return lo <= barrier[0] and barrier[1] <= hi


def _content_distance(m: AttributionMention, near: list[tuple[int, int]]) -> float:
    """An attribution whose quoted or reported words hold the fact is the one that carries it."""
    v = m.value
    if v.content_start is None or v.content_end is None:
        return math.inf
    return min((_distance((v.content_start, v.content_end), n) for n in near), default=math.inf)
