"""Facts from links: frames grouped without chaining through weak links.

Links at or above the model's ``link`` probability are the edges. Their
connected components would chain (A~B, B~C, ... until most of a story is one
group), so each component is cut by complete-link agglomeration: two groups
merge only when EVERY pair of their frames is linked at the cut (a group is
a clique of links). Average link (the mean probability, unlinked pairs as 0)
let a well-linked core carry frames of a neighbouring fact, and one group
then mixed two facts' values: on the dev stories, checked leave-one-story-out
(bench/loso.py), complete link took balanced accuracy from 0.45 to 0.49 and
conflict pair precision from 0.47 to 0.56 at the same cuts. A component too
big for a dense distance matrix is split first by raising the edge cut in
steps.
"""

from __future__ import annotations

import numpy as np

from .linkage import link_groups

DENSE_LIMIT = 1500  # frames in a component grouped by complete link over a dense matrix
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
        count, comp = components(n, ea, eb)
        sizes = np.bincount(comp[nodes], minlength=count)
        for label in np.flatnonzero(sizes >= 2):
            members = nodes[comp[nodes] == label]
            inside = (comp[ea] == label)
            ma, mb, mp = ea[inside], eb[inside], ep[inside]
            if len(members) > DENSE_LIMIT:
                higher = mp >= c + RAISE_STEP
                todo.append((members, ma[higher], mb[higher], mp[higher], c + RAISE_STEP))
                continue
            for part in _complete_link(members, ma, mb, mp, cut):
                labels[part] = next_label
                next_label += 1
    return labels


def components(n: int, a: np.ndarray, b: np.ndarray) -> tuple[int, np.ndarray]:
    """scipy's ``connected_components(csr_matrix((1, (a, b)), (n, n)), directed=False)``, in numpy.

    The same count and labels: components numbered in order of their lowest
    node, as scipy's search from node 0 upwards numbers them (tests compare
    the two). Kept scipy-free because importing scipy.sparse costs 0.25
    CPU-s, a sixth of a cold check of the five seeds. Each round hooks the
    root of an edge's higher end under the lower end's root, then points
    every node at its root; each node's root is the lowest node it reaches.
    """
    root = np.arange(n)
    a, b = np.asarray(a, dtype=np.int64), np.asarray(b, dtype=np.int64)
    while True:
        ra, rb = root[a], root[b]
        split = ra != rb
        if not split.any():
            break
        np.minimum.at(root, np.maximum(ra, rb)[split], np.minimum(ra, rb)[split])
        while True:  # pointer jumping until every node holds its root
            up = root[root]
            if np.array_equal(up, root):
                break
            root = up
    roots, labels = np.unique(root, return_inverse=True)
    return len(roots), labels.reshape(-1)


def _complete_link(members: np.ndarray, a: np.ndarray, b: np.ndarray, p: np.ndarray, cut: float) -> list[np.ndarray]:
    m = len(members)
    if m == 2:
        return [members]
    pos = {int(v): i for i, v in enumerate(members.tolist())}
    dist = np.ones((m, m))
    ia = np.fromiter((pos[int(v)] for v in a.tolist()), dtype=np.int64, count=len(a))
    ib = np.fromiter((pos[int(v)] for v in b.tolist()), dtype=np.int64, count=len(b))
    dist[ia, ib] = np.minimum(dist[ia, ib], 1.0 - p)
    dist[ib, ia] = dist[ia, ib]
    np.fill_diagonal(dist, 0.0)
    flat = link_groups(dist, 1.0 - cut + 1e-9, "complete")  # scipy's linkage + fcluster, without importing scipy
    out = []
    for label in np.unique(flat):
        part = members[flat == label]
        if len(part) >= 2:
            out.append(part)
    return out
