"""Set overlaps of frame pairs in numpy: the per-pair Python loops of link.features, computed in bulk.

link.py defines the features (Jaccard of word skeletons, shared event
classes, shared figures); these functions compute the same numbers for
hundreds of thousands of pairs at once. A per-pair ``len(a & b)`` was a
third of the linking stage's CPU at 1,600 generated articles.

Each frame's set becomes a run of integer token codes; a pair's
intersection is counted by looking up every token of one end among the
sorted (frame, token) codes of all frames. Jaccard is then
``inter / (len_a + len_b - inter)`` in float64, the same correctly
rounded quotient Python's int division gives.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

_SLICE = 1 << 18  # (pair, token) lookups made at once (each a few int64 temporaries: 1 << 20 held ~50 MB at the linking peak)


class Sets:
    """A list of sets (one per frame) as token codes: ``flat[start[i]:start[i] + size[i]]`` is set i."""

    def __init__(self, sets: Sequence[frozenset]):
        vocab: dict = {}
        self.size = np.fromiter((len(s) for s in sets), dtype=np.int64, count=len(sets))
        self.start = np.concatenate(([0], np.cumsum(self.size)[:-1])).astype(np.int64) if len(sets) else np.zeros(0, np.int64)
        total = int(self.size.sum())
        self.flat = np.fromiter((vocab.setdefault(w, len(vocab)) for s in sets for w in s), dtype=np.int64, count=total)
        self.width = max(len(vocab), 1)
        owner = np.repeat(np.arange(len(sets), dtype=np.int64), self.size)
        self.keys = np.sort(owner * self.width + self.flat)  # (set, token) codes, each once (sets hold no repeats)

    def common(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """``len(sets[a[i]] & sets[b[i]])`` for every i."""
        n = len(a)
        out = np.zeros(n, dtype=np.int64)
        if n == 0 or len(self.keys) == 0:
            return out
        # the smaller end of each pair is the one whose tokens are looked up
        swap = self.size[a] > self.size[b]
        probe, other = np.where(swap, b, a), np.where(swap, a, b)
        m = self.size[probe]
        lo = 0
        while lo < n:
            # pairs [lo, hi) whose probe tokens fit in one slice (at least one pair)
            cum = np.cumsum(m[lo:lo + _SLICE])
            hi = lo + max(1, int(np.searchsorted(cum, _SLICE, side="right")))
            mm = m[lo:hi]
            total = int(mm.sum())
            if total:
                pair = np.repeat(np.arange(lo, hi), mm)
                within = np.arange(total) - np.repeat(np.cumsum(mm) - mm, mm)
                tok = self.flat[self.start[probe[pair]] + within]
                q = other[pair] * self.width + tok
                at = np.searchsorted(self.keys, q)
                hit = self.keys[np.minimum(at, len(self.keys) - 1)] == q
                out[lo:hi] = np.bincount(pair[hit] - lo, minlength=hi - lo)
            lo = hi
        return out

    def jaccard(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """``len(A & B) / len(A | B)``, 0.0 when both are empty."""
        inter = self.common(a, b)
        union = self.size[a] + self.size[b] - inter
        out = np.zeros(len(a), dtype=np.float64)
        nz = union > 0
        out[nz] = inter[nz] / union[nz]
        return out


class FrameSets:
    """One set per frame, coded once: ``jaccard`` and ``intersects`` of any slice of pairs (link.PairFeatures
    scores a kind's pairs in slices; coding the sets again per slice would be most of its time)."""

    def __init__(self, sets: Sequence[frozenset]):
        distinct, self.at = _distinct(sets)
        self.sets = Sets(distinct)

    def jaccard(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        return self.sets.jaccard(self.at[np.asarray(a, dtype=np.int64)], self.at[np.asarray(b, dtype=np.int64)])

    def intersects(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        return self.sets.common(self.at[np.asarray(a, dtype=np.int64)], self.at[np.asarray(b, dtype=np.int64)]) > 0


def _distinct(sets: Sequence[frozenset]) -> tuple[list, np.ndarray]:
    """(each set OBJECT once, the place of every set among them): the frames of one statement share their
    word sets (frames.py), and coding each frame's copy of the same words again was most of ``Sets``."""
    place: dict[int, int] = {}
    distinct: list = []
    at = np.empty(len(sets), dtype=np.int64)
    for i, s in enumerate(sets):
        j = place.get(id(s))
        if j is None:
            j = place[id(s)] = len(distinct)
            distinct.append(s)
        at[i] = j
    return distinct, at

