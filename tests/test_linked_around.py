"""findings.linked_around: each frame's list, made when asked, equals the list of a walk over every pair."""

from types import SimpleNamespace

import numpy as np
import pytest

from consistency.match.candidates import Pairs
from consistency.match.findings import linked_around


def _walk(frames, pairs, probs, floor):
    """The map as a plain walk over the pairs (pair order; a frame's end a before its end b)."""
    out: dict = {}
    for i in range(len(pairs)):
        if probs[i] < floor:
            continue
        a, b = frames[int(pairs.a[i])], frames[int(pairs.b[i])]
        ident = lambda f: (f.key, f.mention.start, f.mention.end)  # noqa: E731
        out.setdefault(ident(a), []).append((b, float(probs[i])))
        out.setdefault(ident(b), []).append((a, float(probs[i])))
    return out


def _frames(rng, n):
    # few statements and places: several frames share one (statement, start, end), as two readings of one span do
    return [SimpleNamespace(key=(f"a{rng.integers(4)}", int(rng.integers(3))),
                            mention=SimpleNamespace(start=int(s), end=int(s) + 2), n=i)
            for i, s in enumerate(rng.integers(0, 3, size=n))]


@pytest.mark.parametrize("seed", range(5))
def test_same_lists_as_a_walk_over_the_pairs(seed):
    rng = np.random.default_rng(seed)
    frames = _frames(rng, 40)
    a = rng.integers(0, 40, size=300)
    b = rng.integers(0, 40, size=300)
    keep = a != b
    a, b = np.minimum(a, b)[keep], np.maximum(a, b)[keep]
    pairs = Pairs(a, b, np.zeros(len(a), dtype=np.float32))
    probs = rng.random(len(a))
    want = _walk(frames, pairs, probs, 0.3)
    got = linked_around(frames, pairs, probs, 0.3)
    for f in frames:
        ident = (f.key, f.mention.start, f.mention.end)
        assert [(g.n, p) for g, p in got.get(ident, ())] == [(g.n, p) for g, p in want.get(ident, ())]
    assert got.get((("nowhere", 0), 0, 1)) is None


def test_no_pairs():
    frames = _frames(np.random.default_rng(0), 3)
    empty = Pairs(np.empty(0, np.int64), np.empty(0, np.int64), np.empty(0, np.float32))
    for pairs in (None, empty):
        assert linked_around(frames, pairs, np.empty(0)).get((frames[0].key, 0, 2), ()) == ()
