"""Complete- or average-link agglomeration cut at a distance, in numpy: the groups scipy's linkage + fcluster give.

``facts.py`` groups each component of linked frames by complete link (two
groups merge only while every pair of their members is within the cut).
scipy's ``linkage`` and ``fcluster(..., criterion="distance")`` did it, but
importing ``scipy.cluster`` brings scipy.spatial, linalg and special: 0.3
CPU-s, a sixth of a cold check of the five seeds, spent on matrices of a few
dozen frames. This is the algorithm scipy runs for these two linkages (the
nearest-neighbour chain, with the Lance-Williams update), stopped at the cut:
a pair of mutual nearest neighbours farther apart than the cut never merges
at all, because neither linkage ever brings two groups closer than their
closest members were (tests compare the groups with scipy's on random link
matrices, for both methods).
"""

from __future__ import annotations

import numpy as np


def link_groups(dist: np.ndarray, cut: float, method: str = "complete") -> np.ndarray:
    """A group label per row of the square distance matrix ``dist`` (its upper triangle is read).

    Rows with one label form one group of the ``method`` ("complete" or "average") dendrogram cut at
    ``cut`` (every merge at a distance <= cut); a label is the index of one
    of its rows.
    """
    if method not in ("complete", "average"):
        raise ValueError(f"link_groups: unknown method {method!r}")
    m = len(dist)
    d = np.triu(np.asarray(dist, dtype=np.float64), 1)
    d = d + d.T
    np.fill_diagonal(d, np.inf)
    size = np.ones(m)
    label = np.arange(m)
    active = np.ones(m, dtype=bool)
    chain: list[int] = []
    left = m
    while left > 1:
        if not chain:
            chain.append(int(np.flatnonzero(active)[0]))
        a = chain[-1]
        b = int(np.argmin(d[a]))
        if len(chain) > 1 and d[a, chain[-2]] <= d[a, b]:
            b = chain[-2]  # ties go back down the chain, so the chain never cycles
        if len(chain) < 2 or b != chain[-2]:
            chain.append(b)
            continue
        del chain[-2:]
        if d[a, b] > cut:  # mutual nearest and beyond the cut: neither merges with anything, ever
            for x in (a, b):
                active[x] = False
                d[x, :] = np.inf
                d[:, x] = np.inf
            left -= 2
            continue
        if method == "complete":  # b merges into a
            row = np.maximum(d[a], d[b])
        else:
            row = (size[a] * d[a] + size[b] * d[b]) / (size[a] + size[b])
        row[a] = np.inf
        d[a, :] = row
        d[:, a] = row
        d[b, :] = np.inf
        d[:, b] = np.inf
        size[a] += size[b]
        active[b] = False
        label[label == b] = a
        left -= 1
    return label
