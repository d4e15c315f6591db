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
left to the rules), and unresolved values never do. Pairs are only compared
across articles: two sentences of one article in one cluster usually tell two
steps of the story.

Cost. Statements already covered by a rule's claims are skipped; at most
``cap`` statements per cluster take part, and values are compared once per
distinct pair (``verdicts.pairwise``), so the work follows the number of
clusters, not the square of the corpus.
"""

from __future__ import annotations

from typing import Mapping, Sequence

from .compare import describe
from .fingerprint import claim_evidence, fingerprint
from .model import Claim, Corpus, Finding, Mentions, StatementKey
from .verdicts import _pairs, pairwise, unresolved_reason

KINDS = ("date", "quantity", "attribution")
DEFAULT_CAP = 50


def discover(corpus: Corpus, *, covered: Mapping[str, Sequence[Claim]] | None = None, cap: int = DEFAULT_CAP) -> list[Finding]:
    """Rule-free findings, one per cluster and kind where articles agree or conflict."""
    taken: set[StatementKey] = {(c.article_id, c.statement) for claims in (covered or {}).values() for c in claims}
    findings: list[Finding] = []
    for cluster in corpus.clusters:
        if len(cluster.articles) < 2:
            continue
        members = [k for k in cluster.members if k not in taken][:cap]
        for kind in KINDS:
            finding = _judge_cluster(cluster.id, kind, members, corpus)
            if finding is not None:
                findings.append(finding)
    return findings


def _judge_cluster(cluster_id: int, kind: str, members: list[StatementKey], corpus: Corpus) -> Finding | None:
    claims: list[Claim] = []
    for key in members:
        found = corpus.mentions.get(key, Mentions()).of_kind(kind)
        if len(found) == 1 and unresolved_reason(found[0].value) is None:
            claims.append(Claim(f"cluster:{cluster_id}", key[0], key[1], found[0]))
    if len({c.article_id for c in claims}) < 2:
        return None
    conflicts: list[tuple[int, int]] = []
    reasons: list[str] = []
    agree = False
    for ga, gb, cmp in pairwise([c.value for c in claims]):
        cross = [(i, j) for i, j in _pairs(ga, gb) if claims[i].article_id != claims[j].article_id]
        if not cross:
            continue
        if cmp.outcome == "conflict":
            conflicts.extend(cross)
            reasons.extend(f"claims {i} and {j}: {cmp.reason}" for i, j in cross)
        elif cmp.outcome == "agree":
            agree = True
    if not conflicts and not agree:
        return None
    verdict = "conflict" if conflicts else "agree"
    conflicts.sort()
    return Finding(
        id=fingerprint(None, kind, verdict, claim_evidence(claims, corpus)),
        rule=None,
        kind=kind,
        verdict=verdict,
        level="suggestion",
        message=_message(kind, verdict, claims, conflicts, corpus),
        claims=tuple(claims),
        conflicts=tuple(conflicts),
        reasons=tuple(sorted(reasons)),
        cluster=cluster_id,
    )


def _message(kind: str, verdict: str, claims: list[Claim], conflicts: list[tuple[int, int]], corpus: Corpus) -> str:
    def say(i: int) -> str:
        return f"«{describe(claims[i].mention)}» ({corpus.article(claims[i].article_id).path})"

    if verdict == "conflict":
        shown = "; ".join(f"{say(i)} vs {say(j)}" for i, j in conflicts[:3])
        more = f" and {len(conflicts) - 3} more" if len(conflicts) > 3 else ""
        return f"Similar statements give different {kind}s: {shown}{more}"
    n = len({c.article_id for c in claims})
    return f"Similar statements in {n} articles give compatible {kind}s: " + ", ".join(say(i) for i in range(min(3, len(claims))))
