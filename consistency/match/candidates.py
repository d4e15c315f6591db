"""Candidate pairs: for each frame, the frames of its kind in the nearest statements of OTHER articles.

Near-linear: per kind, the statements holding a frame of that kind ask for
their ``k`` nearest statements (neighbours.py, no all-pairs step and no
similarity floor: the link model decides), pairs within one article are
dropped, and each statement pair gives every pairing of their frames of the
kind (a sentence with two dates meets both dates of its neighbour; the link
model tells which goes with which). Copies of one text in several articles
(wire stories) are paired with each other directly.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

from .frames import Frame
from .neighbours import nearest_pairs

NEIGHBOURS = 20  # k nearest statements per statement
_SPARE = 10  # asked for on top of k: some neighbours are in the statement's own article
COPY_STAR = 16  # beyond this many copies of one text, copies pair with the first copy only


@dataclass(frozen=True)
class Pairs:
    """Candidate frame pairs of one kind: indices into that kind's frame list (a < b), sentence cosine."""

    a: np.ndarray
    b: np.ndarray
    sim: np.ndarray

    def __len__(self) -> int:
        return len(self.a)


def candidate_pairs(frames: Sequence[Frame], row_of: dict, vectors: np.ndarray, *, k: int = NEIGHBOURS) -> Pairs:
    """Candidate pairs among ``frames`` (one kind, sorted by statement), ``row_of``: statement key -> vector row."""
    if len(frames) < 2:
        return _empty()
    # The frames' statements, each once, in frame order.
    keys = list(dict.fromkeys(f.key for f in frames))
    stmt_of = {key: n for n, key in enumerate(keys)}
    fs = np.fromiter((stmt_of[f.key] for f in frames), dtype=np.int64, count=len(frames))
    counts = np.bincount(fs, minlength=len(keys))
    first = np.concatenate(([0], np.cumsum(counts)[:-1]))
    articles = {a: n for n, a in enumerate(dict.fromkeys(key[0] for key in keys))}
    art = np.fromiter((articles[key[0]] for key in keys), dtype=np.int64, count=len(keys))
    rows = np.fromiter((row_of[key] for key in keys), dtype=np.int64, count=len(keys))
    sub = vectors[rows]
    s, t, sim, node = nearest_pairs(sub, k + _SPARE)
    s, t, sim = _cut_per_row(s, t, sim, art, k)
    cs, ct, csim = _copies(node, art)
    s = np.concatenate([s, cs])
    t = np.concatenate([t, ct])
    sim = np.concatenate([sim, csim]).astype(np.float32)
    # Copies of an endpoint share its neighbours when they are few.
    s, t, sim = _spread(s, t, sim, node)
    other = art[s] != art[t]
    s, t, sim = s[other], t[other], sim[other]
    lo, hi = np.minimum(s, t), np.maximum(s, t)
    _, uniq = np.unique(lo * len(keys) + hi, return_index=True)
    s, t, sim = lo[uniq], hi[uniq], sim[uniq]
    # Statement pairs -> frame pairs: every frame of one with every frame of the other.
    m = counts[s] * counts[t]
    total = int(m.sum())
    if total == 0:
        return _empty()
    idx = np.repeat(np.arange(len(s)), m)
    within = np.arange(total) - np.repeat(np.cumsum(m) - m, m)
    fa = first[s][idx] + within // counts[t][idx]
    fb = first[t][idx] + within % counts[t][idx]
    a, b = np.minimum(fa, fb), np.maximum(fa, fb)
    return Pairs(a, b, sim[idx])


def _cut_per_row(s, t, sim, art, k):
    """Each row's k nearest in other articles (the search asked for a few spare)."""
    other = art[s] != art[t]
    s, t, sim = s[other], t[other], sim[other]
    order = np.lexsort((-sim, s))
    s, t, sim = s[order], t[order], sim[order]
    starts = np.searchsorted(s, s, side="left")
    keep = (np.arange(len(s)) - starts) < k
    return s[keep], t[keep], sim[keep]


def _copies(node: np.ndarray, art: np.ndarray):
    """Pairs of identical statements: all pairs when few, else each copy with the first."""
    out_s, out_t = [], []
    order = np.argsort(node, kind="stable")
    bounds = np.flatnonzero(np.diff(node[order])) + 1
    for group in np.split(order, bounds):
        if len(group) < 2:
            continue
        if len(group) <= COPY_STAR:
            i, j = np.triu_indices(len(group), 1)
            out_s.append(group[i])
            out_t.append(group[j])
        else:
            out_s.append(np.full(len(group) - 1, group[0]))
            out_t.append(group[1:])
    if not out_s:
        empty = np.empty(0, dtype=np.int64)
        return empty, empty, np.empty(0, dtype=np.float32)
    s, t = np.concatenate(out_s), np.concatenate(out_t)
    return s, t, np.ones(len(s), dtype=np.float32)


def _spread(s, t, sim, node):
    """Edges found between first copies, repeated for the other copies of small copy groups."""
    copies = np.flatnonzero(node != np.arange(len(node)))
    if len(copies) == 0:
        return s, t, sim
    sizes = np.bincount(node, minlength=len(node))
    copies = copies[sizes[node[copies]] <= COPY_STAR]
    if len(copies) == 0:
        return s, t, sim
    extra_s, extra_t, extra_sim = [s], [t], [sim]
    by_first: dict[int, list[int]] = {}
    for c in copies.tolist():
        by_first.setdefault(int(node[c]), []).append(c)
    for end_from, end_to in ((s, t), (t, s)):
        for n, f in enumerate(end_from.tolist()):
            for c in by_first.get(f, ()):
                extra_s.append(np.array([c]))
                extra_t.append(np.array([end_to[n]]))
                extra_sim.append(np.array([sim[n]], dtype=np.float32))
    return np.concatenate(extra_s), np.concatenate(extra_t), np.concatenate(extra_sim)


def _empty() -> Pairs:
    e = np.empty(0, dtype=np.int64)
    return Pairs(e, e, np.empty(0, dtype=np.float32))
