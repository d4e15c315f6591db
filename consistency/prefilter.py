"""Which statements can a rule's patterns match at all? A literal index, so
alignment does not run every rule's regexes over every statement.

A newsroom archive has many stories and so many rules; trying each rule on
each statement grows with their product. Most patterns cannot match without
some literal text ("s-400" needs "400", ``عقوب`` needs "عقوب"). For each
language block we find, from the parsed regex, a set of literals one of which
must occur in any match (``required``), and look them up in an index of the
statements' word tokens: only the statements holding one of them are tried.
A block whose patterns need no literal (``\\d{4}`` alone) falls back to every
statement, so the filter never changes what matches, only how fast.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from typing import Iterable, Sequence

try:  # Python 3.11+: the regex parser behind re
    from re import _constants as _c, _parser as _p
except ImportError:  # pragma: no cover - Python < 3.11
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _p  # type: ignore[no-redef]

from .rules import PatternSet

MIN_LITERAL = 2
_WORD = re.compile(r"\w+")

Alternatives = frozenset[str]  # one of these literals must occur


@lru_cache(maxsize=4096)
def required(pattern: re.Pattern) -> Alternatives | None:
    """Literals one of which occurs (as part of a word) in every match, or None."""
    try:
        parsed = _p.parse(pattern.pattern, pattern.flags)
    except Exception:  # an unusual construct: no filter, never a wrong one
        return None
    alts = _sequence(list(parsed))
    if not alts:
        return None
    pieces = set()
    for lit in alts:
        words = _WORD.findall(lit.casefold())
        if not words:
            return None
        # Any occurrence of the literal puts its longest word piece inside a token.
        best = max(words, key=len)
        if len(best) < MIN_LITERAL:
            return None
        pieces.add(best)
    return frozenset(pieces)


def _score(alts: Alternatives | None) -> int:
    return min((len(a) for a in alts), default=0) if alts else 0


def _sequence(items: list) -> Alternatives | None:
    """The most selective requirement of a sequence of regex items."""
    best: Alternatives | None = None
    run: list[str] = []

    def close() -> None:
        nonlocal best, run
        if len(run) >= MIN_LITERAL:
            cand = frozenset({"".join(run)})
            if _score(cand) > _score(best):
                best = cand
        run = []

    for op, av in items:
        if op is _c.LITERAL:
            run.append(chr(av))
            continue
        if op is _c.AT:  # \b, ^, $: zero-width, the literal run goes on
            continue
        close()
        sub: Alternatives | None = None
        if op is _c.SUBPATTERN:
            sub = _sequence(list(av[-1]))
        elif op is _c.BRANCH:
            parts = [_sequence(list(branch)) for branch in av[1]]
            sub = frozenset().union(*parts) if all(parts) else None
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT) and av[0] >= 1:
            sub = _sequence(list(av[2]))
        if sub and _score(sub) > _score(best):
            best = sub
    close()
    return best


def block_requirements(ps: PatternSet) -> tuple[Alternatives, ...] | None:
    """For one language block, requirements that must ALL hold (one per `all`
    pattern that needs a literal; else the union over `any`); None: no filter."""
    reqs = tuple(r for r in (required(p) for p in ps.all) if r)
    if reqs:
        return reqs
    if ps.any:
        parts = [required(p) for p in ps.any]
        if all(parts):
            return (frozenset().union(*parts),)
    return None


class LiteralIndex:
    """Word tokens of every statement, searchable by substring."""

    def __init__(self, norms: Sequence[str]) -> None:
        self.size = len(norms)
        postings: dict[str, list[int]] = {}
        for i, norm in enumerate(norms):
            for tok in set(_WORD.findall(norm)):
                postings.setdefault(tok, []).append(i)
        self.vocab = sorted(postings)
        self.postings = [postings[t] for t in self.vocab]
        self.starts: list[int] = []
        pos = 0
        for t in self.vocab:
            self.starts.append(pos)
            pos += len(t) + 1
        self.blob = "\n".join(self.vocab)
        self._cache: dict[str, frozenset[int]] = {}

    def containing(self, literal: str) -> frozenset[int]:
        """Statements with a token that contains ``literal``."""
        hit = self._cache.get(literal)
        if hit is None:
            found: set[int] = set()
            seen_tokens: set[int] = set()
            for m in re.finditer(re.escape(literal), self.blob):
                t = bisect_right(self.starts, m.start()) - 1
                if t not in seen_tokens:
                    seen_tokens.add(t)
                    found.update(self.postings[t])
            hit = self._cache[literal] = frozenset(found)
        return hit

    def candidates(self, blocks: Iterable[tuple[Alternatives, ...] | None]) -> Iterable[int]:
        """Statement indices that may match one of the blocks (all of them if a block has no filter)."""
        out: set[int] = set()
        for reqs in blocks:
            if reqs is None:
                return range(self.size)
            hits: set[int] | None = None
            for req in sorted(reqs, key=lambda r: sum(len(self.containing(x)) for x in r)):
                found = set().union(*(self.containing(x) for x in req))
                hits = found if hits is None else hits & found
                if not hits:
                    break
            out |= hits or set()
        return sorted(out)
