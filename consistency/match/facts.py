"""Facts from links: frames grouped without chaining through weak links.

Links at or above the model's ``link`` probability are the edges. Their
connected components would chain (A~B, B~C, ... until most of a story is one
group), so each component is cut by average-link agglomeration: two groups
merge only when the MEAN link probability between all their frames, with
unlinked pairs counted as 0, reaches the cut. A component too big for a
dense distance matrix is split first by raising the edge cut in steps.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse
from scipy.sparse.csgraph import connected_components

DENSE_LIMIT = 1500  # frames in a component grouped by average link over a dense matrix
RAISE_STEP = 0.05


def group_frames(n: int, a: np.ndarray, b: np.ndarray, p: np.ndarray, cut: float) -> np.ndarray:
    """A group label per frame (-1: in no group of two or more)."""
    labels = np.full(n, -1, dtype=np.int64)
    keep = p >= cut
    a, b, p = a[keep], b[keep], p[keep]
    next_label = 0
    todo = [(np.arange(n), a, b, p, cut)]
    while todo:
        nodes, ea, eb, ep, c = todo.pop()
        graph = sparse.csr_matrix((np.ones(len(ea)), (ea, eb)), shape=(n, n))
        count, comp = connected_components(graph, directed=False)
        sizes = np.bincount(comp[nodes], minlength=count)
        for label in np.flatnonzero(sizes >= 2):
            members = nodes[comp[nodes] == label]
            inside = (comp[ea] == label)
            ma, mb, mp = ea[inside], eb[inside], ep[inside]
            if len(members) > DENSE_LIMIT:
                higher = mp >= c + RAISE_STEP
                todo.append((members, ma[higher], mb[higher], mp[higher], c + RAISE_STEP))
                continue
            for part in _average_link(members, ma, mb, mp, cut):
                labels[part] = next_label
                next_label += 1
    return labels


def _average_link(members: np.ndarray, a: np.ndarray, b: np.ndarray, p: np.ndarray, cut: float) -> list[np.ndarray]:
    m = len(members)
    if m == 2:
        return [members]
    # imported here: scipy.cluster brings scipy.spatial, linalg and special (0.2-0.3 CPU-s at start), and a
    # small corpus may have no group of three
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    pos = {int(v): i for i, v in enumerate(members.tolist())}
    dist = np.ones((m, m))
    ia = np.fromiter((pos[int(v)] for v in a.tolist()), dtype=np.int64, count=len(a))
    ib = np.fromiter((pos[int(v)] for v in b.tolist()), dtype=np.int64, count=len(b))
    dist[ia, ib] = np.minimum(dist[ia, ib], 1.0 - p)
    dist[ib, ia] = dist[ia, ib]
    np.fill_diagonal(dist, 0.0)
    tree = linkage(squareform(dist, checks=False), method="average")
    flat = fcluster(tree, t=1.0 - cut + 1e-9, criterion="distance")
    out = []
    for label in np.unique(flat):
        part = members[flat == label]
        if len(part) >= 2:
            out.append(part)
    return out
