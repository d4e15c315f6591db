"""Statements that say the same thing, across articles: a sparse neighbour graph and its components.

Near-linear in memory: each statement keeps at most ``k`` neighbours, found
by scikit-learn's NearestNeighbors (chunked brute force or a tree, never an
n x n matrix), so the graph holds at most n*k edges.

Single-link chaining (A~B, B~C, ... so A and Z share a cluster though they
have nothing in common) is held back twice:
- an edge needs both ends to count each other among their ``k`` nearest
  (mutual k-NN), so a hub sentence cannot glue many facts together;
- a component is kept only if every member's mean similarity to the other
  members reaches the threshold; a looser one is cut in two around its two
  most distant members, again and again, until the parts are tight.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
from scipy import sparse
from scipy.sparse.csgraph import connected_components

from .model import Cluster, Statement

NEIGHBOURS = 10  # k of the mutual k-NN graph


def _distinct_rows(vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(indices of first occurrences, inverse map): identical statements share one graph node.

    Copies of a wire story would otherwise fill each other's k nearest slots.
    """
    first: dict[bytes, int] = {}
    inverse = np.empty(len(vectors), dtype=np.int64)
    keep: list[int] = []
    for i, row in enumerate(vectors):
        key = row.tobytes()
        node = first.get(key)
        if node is None:
            node = first[key] = len(keep)
            keep.append(i)
        inverse[i] = node
    return np.asarray(keep, dtype=np.int64), inverse


def neighbour_graph(vectors: np.ndarray, threshold: float, k: int = NEIGHBOURS) -> sparse.csr_matrix:
    """Symmetric sparse graph: cosine similarity on mutual k-NN edges at or above ``threshold``."""
    from sklearn.neighbors import NearestNeighbors

    n = len(vectors)
    if n < 2:
        return sparse.csr_matrix((n, n), dtype=np.float32)
    kk = min(k, n - 1) + 1  # +1: each point is (usually) its own nearest
    # On unit rows, euclidean distance d and cosine s are one: s = 1 - d^2 / 2.
    index = NearestNeighbors(n_neighbors=kk).fit(vectors)
    dist, idx = index.kneighbors(vectors)
    sim = (1.0 - dist.astype(np.float32) ** 2 / 2.0).ravel()
    rows = np.repeat(np.arange(n), kk)
    cols = idx.ravel()
    keep = (sim >= threshold) & (cols != rows)
    directed = sparse.csr_matrix((sim[keep], (rows[keep], cols[keep])), shape=(n, n), dtype=np.float32)
    # Mutual: the element-wise minimum is non-zero only where both directions exist.
    return directed.minimum(directed.T).tocsr()


def _tight(vectors: np.ndarray, members: np.ndarray, threshold: float) -> bool:
    """Every member is, on average, at least ``threshold`` similar to the others.

    (Similarity to the centroid would be too lenient: in a blob of one
    story where all pairs sit near s, it tends to sqrt(s), above s.)
    """
    if len(members) <= 2:
        return True  # the pair is joined by an edge, itself at or above the threshold
    rows = vectors[members]
    to_others = (rows @ rows.sum(axis=0) - 1.0) / (len(members) - 1)
    return float(to_others.min()) >= threshold


def _components(graph: sparse.csr_matrix, vectors: np.ndarray, threshold: float) -> list[np.ndarray]:
    """Node groups of size >= 2, each tight around its centroid."""
    out: list[np.ndarray] = []
    count, labels = connected_components(graph, directed=False)
    todo = _groups(labels, count)
    while todo:
        members = todo.pop()
        if _tight(vectors, members, threshold):
            out.append(members)
            continue
        # Bisect around the two members farthest apart (a chain's two ends),
        # then keep only what is still connected inside each half.
        rows = vectors[members]
        centroid = rows.sum(axis=0)
        p = int(np.argmin(rows @ centroid))
        q = int(np.argmin(rows @ rows[p]))
        near_p = (rows @ rows[p]) >= (rows @ rows[q])
        if near_p.all():  # numerically indistinct members: nothing to cut
            out.append(members)
            continue
        for half in (members[near_p], members[~near_p]):
            if len(half) < 2:
                continue
            count, labels = connected_components(graph[half][:, half], directed=False)
            todo.extend(half[g] for g in _groups(labels, count))
    return out


def _groups(labels: np.ndarray, count: int) -> list[np.ndarray]:
    sizes = np.bincount(labels, minlength=count)
    order = np.argsort(labels, kind="stable")
    bounds = np.cumsum(sizes)[:-1]
    return [g for g in np.split(order, bounds) if len(g) >= 2]


def cluster_statements(
    statements: Sequence[Statement],
    vectors: np.ndarray,
    *,
    embedder=None,
    threshold: float | None = None,
    k: int = NEIGHBOURS,
) -> list[Cluster]:
    """Clusters of statements from two or more articles, ids 1.. in order of their first member.

    A statement with no close partner in another article belongs to no
    cluster; same-article repeats join only together with another article.
    """
    if len(statements) != len(vectors):
        raise ValueError(f"{len(statements)} statements but {len(vectors)} vectors")
    if threshold is None:
        threshold = getattr(embedder, "default_threshold", None)
    if threshold is None:
        raise ValueError("cluster_statements needs a threshold or an embedder with a default_threshold")
    if len(statements) < 2:
        return []
    vectors = np.asarray(vectors, dtype=np.float32)
    keep, inverse = _distinct_rows(vectors)
    nodes = vectors[keep]
    graph = neighbour_graph(nodes, threshold, k)
    groups = _components(graph, nodes, threshold)
    # Copies of one text hang off their node; singleton nodes with copies form a group too.
    copies = np.bincount(inverse, minlength=len(keep))
    grouped = np.zeros(len(keep), dtype=bool)
    for g in groups:
        grouped[g] = True
    groups.extend(np.array([i]) for i in np.flatnonzero((copies > 1) & ~grouped))
    node_members: dict[int, list[int]] = {}
    for i, node in enumerate(inverse):
        node_members.setdefault(int(node), []).append(i)
    clusters = []
    for g in groups:
        members = sorted(statements[i].key for node in g for i in node_members[int(node)])
        if len({a for a, _ in members}) >= 2:
            clusters.append(tuple(members))
    clusters.sort()
    return [Cluster(id=n, members=m) for n, m in enumerate(clusters, start=1)]
