"""Discovery without rules: where do sources disagree on the same fact?

For each cluster whose statements come from two or more articles, the typed
mentions of one kind are compared across articles. Incompatible values give a
finding with ``rule: None`` at level suggestion and verdict conflict;
compatible ones an ``agree`` finding (the JSON report keeps it, the text
report may hide it).

Which mentions are compared. A cluster groups statements about the same
*story*, not always the same *event*: "signed in December 2017, delivered in
July 2019" and "delivered in 2019" share a cluster, and comparing December
2017 with 2019 would be a false conflict. Without a rule there is no event
word to pick the right mention by, so only statements holding exactly one
mention of a kind take part for that kind (a statement with two dates is
left to the rules), and unresolved values never do, nor do news-cycle dates
("Monday", "أمس": relative dates of one day, which only say when the story
broke). Pairs are only compared
across articles: two sentences of one article in one cluster usually tell two
steps of the story. And only when all else is equal: a pair whose statements
also carry another date or quantity that conflicts ("12.7% in 2008" and
"19.6% in 2020") tells two events, not one fact told twice; on a generated
800-article corpus this cut discovered conflicting pairs by 40% and missed
no planted conflict. Attributions are compared only when the attributed words
themselves nearly match (``SAME_WORDS``): "X said ..." and "Y said ..." cluster
by their shape, and two people saying different things is no conflict.

Cost. Statements already covered by a rule's claims are skipped; at most
``cap`` statements per cluster take part, and values are compared once per
distinct pair (``verdicts.pairwise``), so the work follows the number of
clusters, not the square of the corpus.
"""

from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np
from rapidfuzz import fuzz, process

from .compare import compare, describe
from .compare.dates import compare_dates
from .compare.quantities import compare_quantities
from .fingerprint import claim_evidence, fingerprint
from .model import Claim, Corpus, DateValue, Finding, Mentions, StatementKey
from .normalize import normalize
from .verdicts import _pairs, corpus_links, group_values, unresolved_reason

KINDS = ("date", "quantity", "attribution")
DEFAULT_CAP = 50
SAME_WORDS = 70  # rapidfuzz token_sort_ratio of two attributed passages: "the same words"
_PLURAL = {"date": "dates", "quantity": "quantities", "attribution": "attributions"}


def discover(corpus: Corpus, *, covered: Mapping[str, Sequence[Claim]] | None = None, cap: int = DEFAULT_CAP) -> list[Finding]:
    """Rule-free findings, one per cluster and kind where articles agree or conflict.

    Serial on purpose: judging clusters in forked workers halved this stage's
    time, but each worker touched (and so copied) most of the parent's heap,
    1.4 GB per worker at 6,400 articles, which set the run's memory peak.
    """
    taken: set[StatementKey] = {(c.article_id, c.statement) for claims in (covered or {}).values() for c in claims}
    findings: list[Finding] = []
    shared: dict = {}  # computed once, on first need (role-name links, numbered values)
    for cluster in corpus.clusters:
        if len(cluster.articles) < 2:
            continue
        members = [k for k in cluster.members if k not in taken][:cap]
        for kind in KINDS:
            finding = _judge_cluster(cluster.id, kind, members, corpus, shared)
            if finding is not None:
                findings.append(finding)
    return findings


def _judge_cluster(cluster_id: int, kind: str, members: list[StatementKey], corpus: Corpus, shared: dict) -> Finding | None:
    claims: list[Claim] = []
    for key in members:
        found = corpus.mentions.get(key, Mentions()).of_kind(kind)
        if len(found) == 1 and unresolved_reason(found[0].value) is None and not _news_cycle(found[0].value):
            claims.append(Claim(f"cluster:{cluster_id}", key[0], key[1], found[0]))
    if len({c.article_id for c in claims}) < 2:
        return None
    context = _same_context(claims, corpus, kind, shared)
    articles = [c.article_id for c in claims]
    values = [c.value for c in claims]
    groups = group_values(values)
    if kind == "attribution":
        if "links" not in shared:
            shared["links"] = corpus_links(corpus)
        agree, conflicts = _judge_attributions(claims, values, corpus, groups, articles, context, shared["links"])
    else:
        agree, conflicts = _judge_values(values, groups, articles, context)
    if not conflicts and not agree:
        return None
    verdict = "conflict" if conflicts else "agree"
    conflicts.sort(key=lambda p: (p[0], p[1]))
    listed = covering_pairs(conflicts)
    pairs = [(i, j) for i, j, _ in listed]
    return Finding(
        id=fingerprint(None, kind, verdict, claim_evidence(claims, corpus)),
        rule=None,
        kind=kind,
        verdict=verdict,
        level="suggestion",
        message=_message(kind, verdict, claims, pairs, len(conflicts), corpus),
        claims=tuple(claims),
        conflicts=tuple(pairs),
        reasons=tuple(f"claims {i} and {j}: {cmp.reason}" for i, j, cmp in listed),
        cluster=cluster_id,
        conflict_count=len(conflicts),
    )


def _judge_values(values: list, groups: list[list[int]], articles: list[str], context) -> tuple[bool, list[tuple]]:
    """Dates or quantities: (whether two articles agree, the conflicting pairs (i, j, comparison)).

    Each pair of distinct values is compared once (as verdicts.pairwise
    does), before the per-pair tests: dates and quantities compare cheaply,
    and an incomparable or agreeing pair of values then needs few or none
    of them.
    """
    conflicts: list[tuple] = []
    agree = False
    if context is None:  # no statement of these claims dates or counts anything else
        def compared(i: int, j: int) -> bool:
            return articles[i] != articles[j]
    else:
        def compared(i: int, j: int) -> bool:
            return articles[i] != articles[j] and context(i, j)

    # One kind of value throughout: its comparator, without compare()'s dispatch per pair.
    typed = compare_dates if isinstance(values[0], DateValue) else compare_quantities
    for a, ga in enumerate(groups):
        if not agree and len(ga) > 1 and any(compared(i, j) for i, j in _pairs(ga, ga)):
            agree = True  # the same value twice
        for gb in groups[a + 1:]:
            cmp = typed(values[ga[0]], values[gb[0]])
            if cmp.outcome == "conflict":
                conflicts.extend((i, j, cmp) for i, j in _pairs(ga, gb) if compared(i, j))
            elif cmp.outcome == "agree" and not agree:
                agree = any(compared(i, j) for i, j in _pairs(ga, gb))
    return agree, conflicts


def _judge_attributions(claims: list[Claim], values: list, corpus: Corpus, groups: list[list[int]], articles: list[str],
                        context, links) -> tuple[bool, list[tuple]]:
    """Attributions: as ``_judge_values``, but the per-pair tests first.

    Two attributions' words rarely match, and comparing two attributions is
    dear, so only the pairs whose words match (``_same_words``, all of them
    scored in one call) and whose statements agree on all else are looked
    at, and each pair of distinct values among them is compared once.
    """
    group_of = {i: g for g, members in enumerate(groups) for i in members}
    agree = False
    between: dict[tuple[int, int], list[tuple[int, int]]] = {}  # (group, group) -> its claim pairs
    for i, j in _same_words(claims, corpus):
        if articles[i] == articles[j] or (context is not None and not context(i, j)):
            continue
        a, b = group_of[i], group_of[j]
        if a == b:
            agree = True  # the same value twice
        else:
            between.setdefault((a, b) if a < b else (b, a), []).append((i, j))
    conflicts: list[tuple] = []
    for (a, b), cross in sorted(between.items()):
        cmp = compare(values[groups[a][0]], values[groups[b][0]], links=links)
        if cmp.outcome == "conflict":
            conflicts.extend((i, j, cmp) for i, j in cross)
        elif cmp.outcome == "agree":
            agree = True
    return agree, conflicts


def covering_pairs(pairs: Sequence[tuple]) -> list[tuple]:
    """The pairs (sorted, each starting (i, j, ...)) that a finding lists: each one that
    brings a claim not yet in a listed pair.

    A cluster of 50 similar statements with 50 different figures ("a survey
    of 22 analysts", "of 33 analysts", ...) has over a thousand conflicting
    pairs; listing them all made the report grow with the square of the
    cluster (504k pairs, each with its reason, at 6,400 bench articles) and
    gave a reviewer a thousand lines to read. Every claim in conflict still
    appears in a listed pair, with one value it conflicts with, and
    ``Finding.conflict_count`` says how many pairs conflict in all.
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


CONTEXT_KINDS = ("date", "quantity")


def _same_context(claims: list[Claim], corpus: Corpus, kind: str, shared: dict):
    """Do two claims' statements agree on everything else they both date or count?

    Similar sentences are often the same frame with other facts in it:
    "demand grew 12.7% in 2008" and "demand grew 19.6% in 2020", "a protest
    on Monday ... AFP" and "a protest on Thursday ... AP". When another date
    or quantity of the two statements conflicts too, they tell different
    events, and their values are not compared: a pair is one fact only when
    all else is equal. Sources are not part of this: two agencies giving two
    dates for one delivery is exactly the conflict to report.
    """
    others = [k for k in CONTEXT_KINDS if k != kind]
    # Values are numbered once per run and their outcomes kept by number: a
    # frozen value hashes all its fields on every lookup, and at 6,400
    # articles this test ran a million times.
    numbers: dict = shared.setdefault("numbers", {})
    values: list = shared.setdefault("values", [])
    conflicting: dict[tuple[int, int], bool] = shared.setdefault("conflicting", {})

    def number(v) -> int:
        n = numbers.get(v)
        if n is None:
            n = numbers[v] = len(values)
            values.append(v)
        return n

    # Each claim's context (the numbers of its other values) as a class: 0
    # when the statement dates or counts nothing else, which needs no test.
    classes: dict[tuple, int] = {}
    contexts: list[tuple] = []
    of_claim: list[int] = []
    for c in claims:
        found = corpus.mentions.get((c.article_id, c.statement), Mentions())
        context = tuple(tuple(number(m.value) for m in found.of_kind(k) if unresolved_reason(m.value) is None)
                        for k in others)
        if not any(context):
            of_claim.append(0)
            continue
        if context not in classes:
            classes[context] = len(contexts) + 1
            contexts.append(context)
        of_claim.append(classes[context])
    if not contexts:
        return None  # nothing else is dated or counted: every pair is "all else equal"

    def conflict(x: int, y: int) -> bool:
        found = conflicting.get((x, y))
        if found is None:
            found = conflicting[(x, y)] = compare(values[x], values[y]).outcome == "conflict"
        return found

    def all_else_equal(ci: tuple, cj: tuple) -> bool:
        for a, b in zip(ci, cj):
            if a and b and all(conflict(x, y) for x in a for y in b):
                return False
        return True

    seen: dict[int, bool] = {}
    width = len(contexts) + 1

    def same(i: int, j: int) -> bool:
        a, b = of_claim[i], of_claim[j]
        if not a or not b:
            return True
        found = seen.get(a * width + b)
        if found is None:
            found = seen[a * width + b] = all_else_equal(contexts[a - 1], contexts[b - 1])
        return found

    return same


def _news_cycle(value) -> bool:
    """"Monday", "yesterday", "الأربعاء": when the news was made, not a fact
    the sources state; such dates differ between any two reports of a story."""
    return getattr(value, "relative", False) and getattr(value, "granularity", None) == "day"


def _same_words(claims: list[Claim], corpus: Corpus) -> list[tuple[int, int]]:
    """For attributions: the pairs (i, j), i < j, of claims that credit (nearly) the same words.

    Statements cluster because they are built alike ("X said that ..."), and
    different people do say similar things; a different speaker is a conflict
    only when the attributed words themselves match. Without content spans
    there is nothing to match, so such a claim is in no pair. All pairs are
    scored in one rapidfuzz call (in C), not one Python call per pair: at
    6,400 bench articles that was 730k calls, a fifth of discovery.
    """
    at: list[int] = []
    contents: list[str] = []
    for n, c in enumerate(claims):
        v = c.value
        if getattr(v, "content_start", None) is None or getattr(v, "content_end", None) is None:
            continue
        words = normalize(corpus.article(c.article_id).text[v.content_start:v.content_end])
        if words:
            at.append(n)
            contents.append(words)
    if len(contents) < 2:
        return []
    # float64: the scores exactly as token_sort_ratio returns them, so the
    # cut at SAME_WORDS falls where a pair-by-pair test puts it.
    scores = process.cdist(contents, contents, scorer=fuzz.token_sort_ratio, score_cutoff=SAME_WORDS, dtype=np.float64)
    hits = np.argwhere(np.triu(scores >= SAME_WORDS, 1))
    return [(at[p], at[q]) for p, q in hits.tolist()]


def _message(kind: str, verdict: str, claims: list[Claim], conflicts: list[tuple[int, int]], total: int, corpus: Corpus) -> str:
    def say(i: int) -> str:
        return f"«{describe(claims[i].mention)}» ({corpus.article(claims[i].article_id).path})"

    if verdict == "conflict":
        shown = "; ".join(f"{say(i)} vs {say(j)}" for i, j in conflicts[:3])
        more = f" and {total - min(3, len(conflicts))} more" if total > min(3, len(conflicts)) else ""
        return f"Similar statements give different {_PLURAL[kind]}: {shown}{more}"
    n = len({c.article_id for c in claims})
    return f"Similar statements in {n} articles give compatible {_PLURAL[kind]}: " + ", ".join(say(i) for i in range(min(3, len(claims))))
