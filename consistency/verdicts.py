"""Verdicts: from one fact's claims to agree / conflict / single-source /
unresolved / update, with the evidence and a stable id.

- **conflict**: some pair of claims is incompatible; every such pair is listed
  (``Finding.conflicts``, indices into ``claims``) with its reason. Claims of
  one article are compared too: an article that contradicts itself is news.
- **update**: the rule says the value changes over time and each conflicting
  pair is a later article (by publication date) stating a larger value.
- **agree**: at least two articles give readable values and no pair conflicts.
- **single-source**: readable values from one article only.
- **unresolved**: no claim's value could be read (a relative date with no
  publication date, ...), or no pair of values can be compared; says why.

Conflicts take the rule's level (one lower when every conflicting pair is a
minor difference, e.g. the same speaker through another agency); updates one
level lower; the other verdicts are suggestions, so they never fail CI at the
default level.

Values are compared once per distinct pair, not once per pair of claims: a
fact that a thousand articles state with three different values costs three
comparisons.
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import replace
from typing import Iterable, Iterator, Sequence

from .compare import compare, describe
from .fingerprint import claim_evidence, fingerprint
from .model import LEVELS, Claim, Comparison, Corpus, DateValue, Finding, QuantityValue, Value
from .rules import Rule


MESSAGE_PAIRS = 6  # pairs spelt out in a message; the finding lists them all


def judge_all(rules: Sequence[Rule], claims_by_rule: dict[str, list[Claim]], corpus: Corpus) -> Iterable[Finding]:
    """One finding per rule that some article states; rules nobody states give none."""
    links = None
    for rule in rules:
        claims = claims_by_rule.get(rule.id) or []
        if claims:
            if rule.extends == "attribution" and links is None:
                links = corpus_links(corpus)
            yield judge(rule, claims, corpus, links=links)


_SHARED_LINKS: ContextVar[dict | None] = ContextVar("consistency_corpus_links", default=None)


@contextmanager
def shared_links() -> Iterator[None]:
    """Inside, ``corpus_links`` of one corpus's mentions is gathered once: rule judging, the finding
    cache's keys and discovery each asked for it, a walk of every attribution of the archive each time."""
    token = _SHARED_LINKS.set({})
    try:
        yield
    finally:
        _SHARED_LINKS.reset(token)


def corpus_links(corpus: Corpus):
    """Titles tied to the people the corpus names in them ("رئيس روسوبورون إكسبورت" = Mikheev),
    so an attribution to the title and one to the name agree."""
    from .entities import link_roles

    memo = _SHARED_LINKS.get()
    if memo is not None and memo.get("of") is corpus.mentions:
        return memo["links"]
    links = link_roles(m for ms in corpus.mentions.values() for m in ms.attributions)
    if memo is not None:  # the links are read, never changed, by every caller
        memo.update(of=corpus.mentions, links=links)
    return links


def unresolved_reason(value: Value) -> str | None:
    """Why a value cannot be compared, or None when it can."""
    if isinstance(value, DateValue):
        if value.unresolved:
            return value.unresolved
        if value.start is None and value.end is None:
            return "the date has no start or end"  # one open end ([null, D], FORMAT.md) compares as a half-line
    return None


def lower(level: str, steps: int = 1) -> str:
    return LEVELS[max(0, LEVELS.index(level) - steps)]


def group_values(values: Sequence[Value]) -> list[list[int]]:
    """Indices of ``values`` grouped by equal value, in order of first appearance."""
    groups: dict[Value, list[int]] = {}
    for i, v in enumerate(values):
        groups.setdefault(v, []).append(i)
    return list(groups.values())


def pairwise(values: Sequence[Value], *, tolerance: float = 0.0, granularity: str | None = None, links=None) -> list[tuple[list[int], list[int], Comparison]]:
    """Every pair of distinct values compared once: (indices of a, indices of b, comparison).

    Equal values agree without a comparison; the caller expands groups only
    where it must list pairs (conflicts), so the cost follows the number of
    distinct values, not the square of the number of claims.
    """
    groups = group_values(values)
    out = []
    for a in range(len(groups)):
        if len(groups[a]) > 1:
            out.append((groups[a], groups[a], Comparison("agree", "the same value")))
        for b in range(a + 1, len(groups)):
            cmp = compare(values[groups[a][0]], values[groups[b][0]], tolerance=tolerance,
                          granularity=granularity, links=links)
            out.append((groups[a], groups[b], cmp))
    return out


def _pairs(ga: list[int], gb: list[int]):
    if ga is gb:
        return [(x, y) for k, x in enumerate(ga) for y in ga[k + 1:]]
    return [(x, y) if x < y else (y, x) for x in ga for y in gb]


def judge(rule: Rule, claims: Sequence[Claim], corpus: Corpus, *, links=None) -> Finding:
    claims = sorted(claims, key=lambda c: (c.article_id, c.statement, c.mention.start))
    reasons: list[str] = []
    readable: list[int] = []
    for i, c in enumerate(claims):
        why = unresolved_reason(c.value)
        if why:
            reasons.append(f"claim {i} ({_where(c, corpus)}) unresolved: {why}")
        else:
            readable.append(i)
    values = [_prepared(rule, claims[i].value) for i in readable]
    conflicts: list[tuple[int, int]] = []
    updates: list[tuple[int, int]] = []
    minor = True
    agreeing = incomparable = 0
    opts = {"tolerance": rule.compare.tolerance, "granularity": rule.compare.granularity, "links": links}
    for ga, gb, cmp in pairwise(values, **opts):
        if cmp.outcome == "agree":
            agreeing += 1
            continue
        if cmp.outcome != "conflict":
            incomparable += 1
            i, j = readable[ga[0]], readable[gb[0]]
            reasons.append(f"claims {i} and {j}: incomparable: {cmp.reason}")
            continue
        for a, b in _pairs(ga, gb):
            i, j = readable[a], readable[b]
            if _changes(rule, claims[i], claims[j]) and _is_update(claims[i], claims[j], corpus):
                updates.append((i, j))
            else:
                conflicts.append((i, j))
                minor = minor and cmp.minor
    conflicts.sort()
    updates.sort()
    reasons.extend(_pair_reasons(conflicts, "", values, readable, opts))
    reasons.extend(_pair_reasons(updates, "update: ", values, readable, opts))
    articles = {claims[i].article_id for i in readable}
    if not readable:
        verdict, level = "unresolved", "suggestion"
    elif conflicts:
        verdict, level = "conflict", lower(rule.level) if minor else rule.level
    elif updates:
        verdict, level = "update", lower(rule.level)
    elif len(articles) < 2:
        verdict, level = "single-source", "suggestion"
    elif agreeing == 0 and incomparable:
        verdict, level = "unresolved", "suggestion"
        reasons.append("no two values can be compared")
    else:
        verdict, level = "agree", "suggestion"
    pairs = conflicts if verdict == "conflict" else updates if verdict == "update" else []
    return Finding(
        id=fingerprint(rule.id, rule.extends, verdict, claim_evidence(claims, corpus)),
        rule=rule.id,
        kind=rule.extends,
        verdict=verdict,
        level=level,
        message=render_message(rule, verdict, claims, pairs, corpus, readable=readable),
        claims=tuple(claims),
        conflicts=tuple(pairs),
        reasons=tuple(reasons),
    )


def render_message(rule: Rule, verdict: str, claims: Sequence[Claim], pairs: Sequence[tuple[int, int]], corpus: Corpus,
                   *, readable: Sequence[int] | None = None) -> str:
    if verdict in ("agree", "single-source") and readable is not None:
        # Values that could not be read are in the reasons; the message says what agrees.
        keep = {i: k for k, i in enumerate(readable)}
        claims = [claims[i] for i in readable]
        pairs = [(keep[i], keep[j]) for i, j in pairs if i in keep and j in keep]
    fields = message_fields(rule.description, verdict, claims, pairs, corpus)
    fields["rule"] = rule.id
    if verdict in ("conflict", "update"):
        template = rule.message
    elif verdict == "agree":
        template = "{description}: {count} articles agree ({values})"
    elif verdict == "single-source":
        template = "{description}: uncorroborated, one article gives a readable value ({values}; {articles})"
    else:
        template = "{description}: stated but unresolved ({values}; {articles})"
    text = template.format(**fields)
    if verdict == "update" and "{conflicts}" not in template:
        text += f" (update: {fields['conflicts']})"
    return text


def message_fields(description: str, verdict: str, claims: Sequence[Claim], pairs: Sequence[tuple[int, int]], corpus: Corpus) -> dict[str, str]:
    described = [describe(c.mention) for c in claims]
    paths = [corpus.article(c.article_id).path for c in claims]
    values: list[str] = []
    for d in described:
        if d not in values:
            values.append(d)
    articles = sorted(set(paths))
    shown = [f"«{described[i]}» ({paths[i]}) vs «{described[j]}» ({paths[j]})" for i, j in pairs[:MESSAGE_PAIRS]]
    more = f"; and {len(pairs) - MESSAGE_PAIRS} more pairs" if len(pairs) > MESSAGE_PAIRS else ""
    conflicts = "; ".join(shown) + more
    return {
        "description": description,
        "verdict": verdict,
        "values": ", ".join(f"«{v}»" for v in values),
        "articles": ", ".join(articles),
        "conflicts": conflicts,
        "count": str(len(articles)),
        "rule": "",
    }


def _pair_reasons(pairs, prefix, values, readable, opts) -> list[str]:
    """One line per listed pair; the comparison is recomputed only per distinct value pair."""
    position = {claim: k for k, claim in enumerate(readable)}
    seen: dict[tuple, str] = {}
    out = []
    for i, j in pairs:
        a, b = values[position[i]], values[position[j]]
        if (a, b) not in seen:
            seen[(a, b)] = compare(a, b, **opts).reason
        out.append(f"claims {i} and {j}: {prefix}{seen[(a, b)]}")
    return out


def _prepared(rule: Rule, value: Value) -> Value:
    # A count rule names what is counted through its patterns; the noun each
    # article uses ("3 آخرين", "three other officials") is wording, not a unit.
    if isinstance(value, QuantityValue) and rule.compare.quantity_kind == "count" and not rule.compare.unit:
        return replace(value, unit=None)
    return value


def _where(c: Claim, corpus: Corpus) -> str:
    return f"{corpus.article(c.article_id).path}, sentence {c.statement}"


def _changes(rule: Rule, a: Claim, b: Claim) -> bool:
    """The rule says so, or both amounts are written as running figures ("so far", "حتى الآن")."""
    if rule.compare.changes_over_time:
        return True
    return all(isinstance(c.value, QuantityValue) and c.value.changes for c in (a, b))


def _is_update(a: Claim, b: Claim, corpus: Corpus) -> bool:
    """True when the later-published claim states the larger value."""
    pa, pb = corpus.article(a.article_id).published, corpus.article(b.article_id).published
    if pa is None or pb is None or pa == pb:
        return False
    early, late = (a.value, b.value) if pa < pb else (b.value, a.value)
    if isinstance(early, QuantityValue) and isinstance(late, QuantityValue):
        return late.low > early.high
    if isinstance(early, DateValue) and isinstance(late, DateValue) and early.end and late.start:
        return late.start > early.end
    return False
