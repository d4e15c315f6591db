"""Statements that say the same thing, across articles: a sparse neighbour graph and its components.

Near-linear in memory: each statement keeps at most ``k`` neighbours, found
by blocked brute force up to EXACT_LIMIT statements and by an inverted-file
search over k-means cells above it (never an n x n matrix), so the graph
holds at most n*k edges.

Single-link chaining (A~B, B~C, ... so A and Z share a cluster though they
have nothing in common) is held back twice:
- an edge needs both ends to count each other among their ``k`` nearest
  (mutual k-NN), so a hub sentence cannot glue many facts together;
- a component is kept only if every member's mean similarity to the other
  members reaches the threshold; a looser one is cut in two around its two
  most distant members, again and again, until the parts are tight.
"""

from __future__ import annotations

import hashlib
from typing import Sequence

import numpy as np
from scipy import sparse
from scipy.sparse.csgraph import connected_components

from .model import Cluster, Statement

NEIGHBOURS = 10  # k of the mutual k-NN graph
EXACT_LIMIT = 20_000  # rows up to which the neighbour search is exact (brute force)
PROBES = 3  # k-means cells each row joins above that
_BLOCK = 1 << 22  # floats in one block of similarities (16 MB, plus 32 MB of its ranks)


def _distinct_rows(vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(indices of first occurrences, inverse map): identical statements share one graph node.

    Copies of a wire story would otherwise fill each other's k nearest slots.
    Rows are grouped by a 64-bit hash of their bits, computed in numpy (a
    digest per row in Python was most of a second at 192k statements), and
    every row is then checked equal to its group's first row; should two
    different rows ever share a hash, the exact per-row grouping decides.
    """
    n = len(vectors)
    if n == 0:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    bits = np.ascontiguousarray(vectors).view(np.uint8).reshape(n, -1)
    words = bits.shape[1] // 8
    weights = np.random.default_rng(0).integers(1, 2**63, size=words, dtype=np.uint64) | np.uint64(1)
    hashes = np.empty(n, dtype=np.uint64)
    step = max(1, _BLOCK // max(words, 1))
    with np.errstate(over="ignore"):  # wrap-around is the point of the hash
        for lo in range(0, n, step):
            block = bits[lo : lo + step, : words * 8].view(np.uint64)
            hashes[lo : lo + step] = (block * weights).sum(axis=1, dtype=np.uint64)
    _, first, inverse = np.unique(hashes, return_index=True, return_inverse=True)
    # Nodes numbered in order of first occurrence, as the exact grouping does.
    order = np.argsort(first, kind="stable")
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    keep, inverse = first[order].astype(np.int64), rank[inverse.ravel()]
    for lo in range(0, n, step):
        if not np.array_equal(bits[lo : lo + step], bits[keep[inverse[lo : lo + step]]]):
            return _distinct_rows_exact(vectors)
    return keep, inverse


def _distinct_rows_exact(vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    first: dict[bytes, int] = {}
    inverse = np.empty(len(vectors), dtype=np.int64)
    keep: list[int] = []
    for i, row in enumerate(vectors):
        # A 128-bit digest, not the row's 2 KB of bytes: at 192k statements
        # the bytes keys alone held 390 MB, the run's memory peak.
        key = hashlib.blake2b(row.tobytes(), digest_size=16).digest()
        node = first.get(key)
        if node is None:
            node = first[key] = len(keep)
            keep.append(i)
        inverse[i] = node
    return np.asarray(keep, dtype=np.int64), inverse


class _Rows:
    """Rows ``keep`` of ``base``, gathered as they are read: the distinct statements' vectors without a copy of them all.

    Every read here is a block or a cell of rows, which the gather copies
    anyway; the copy of every distinct row at once (``base[keep]``) was
    287 MB at 6,400 bench articles, in the stage where the run's memory peaks.
    """

    __slots__ = ("base", "keep")

    def __init__(self, base: np.ndarray, keep: np.ndarray):
        self.base, self.keep = base, keep

    def __len__(self) -> int:
        return len(self.keep)

    def __getitem__(self, index) -> np.ndarray:
        return self.base[self.keep[index]]


def _top_within(vectors: np.ndarray, members: np.ndarray, k: int, threshold: float) -> tuple[np.ndarray, ...]:
    """Each member's k nearest others among ``members`` at or above ``threshold``: (rows, cols, sims) edge lists.

    Only edges at or above the threshold survive into the graph, and they
    outrank every edge below it, so a row's k best above the threshold are
    its k nearest with the weaker ones dropped: a row with at most k
    similarities that pass keeps them all, and only rows with more need a
    partial sort (which, done on every row, was most of this stage's time).
    Row blocks keep the similarity block small whatever the size.
    """
    m = len(members)
    pool = vectors[members]
    step = max(1, _BLOCK // max(m, 1))
    rows, cols, sims = [], [], []
    for lo in range(0, m, step):
        block = pool[lo : lo + step] @ pool.T
        block[np.arange(len(block)), np.arange(lo, lo + len(block))] = -np.inf  # not its own neighbour
        passing = block >= threshold
        many = passing.sum(axis=1) > k
        passing[many] = False
        r, c = np.nonzero(passing)
        busy = np.flatnonzero(many)
        if len(busy):
            top = np.argpartition(block[busy], -k, axis=1)[:, -k:]
            r = np.concatenate([r, np.repeat(busy, k)])
            c = np.concatenate([c, top.ravel()])
        rows.append(members[r + lo].astype(np.int32))
        cols.append(members[c].astype(np.int32))
        sims.append(block[r, c])
    if not rows:
        empty = np.empty(0, dtype=np.int32)
        return empty, empty, np.empty(0, dtype=np.float32)
    return np.concatenate(rows), np.concatenate(cols), np.concatenate(sims)


def _k_best(rows: np.ndarray, cols: np.ndarray, sims: np.ndarray, k: int) -> tuple[np.ndarray, ...]:
    """The edge lists cut to each row's k most similar (ties: the lower column first)."""
    order = np.lexsort((cols, -sims, rows))
    rows, cols, sims = rows[order], cols[order], sims[order]
    starts = np.searchsorted(rows, rows, side="left")
    keep = (np.arange(len(rows)) - starts) < k
    return rows[keep], cols[keep], sims[keep]


def _spherical_kmeans(points: np.ndarray, count: int, iters: int = 4) -> np.ndarray:
    """``count`` unit centres of ``points`` (unit rows): k-means on cosine, float32 throughout.

    Random initial centres, not k-means++: the cells only route the search
    (each row is searched in PROBES cells), so rough cells cost a little
    recall while k-means++ seeding cost most of this stage (13 of 17 s at
    47k statements, in float64). Deterministic: a fixed seed.
    """
    rng = np.random.default_rng(0)
    centres = points[np.sort(rng.choice(len(points), size=count, replace=False))].copy()
    for _ in range(iters):
        labels = _best_cells(points, centres, 1)[:, 0]
        sums = sparse.csr_matrix(
            (np.ones(len(points), dtype=np.float32), (labels, np.arange(len(points)))), shape=(count, len(points))
        ) @ points
        norms = np.linalg.norm(sums, axis=1, keepdims=True)
        filled = norms[:, 0] > 0  # an empty cell keeps its old centre
        centres[filled] = sums[filled] / norms[filled]
    return centres


def _best_cells(vectors: np.ndarray, centres: np.ndarray, probes: int) -> np.ndarray:
    """(n, probes) indices of each row's most similar centres, in blocks."""
    cells = np.empty((len(vectors), probes), dtype=np.int64)
    step = max(1, _BLOCK // len(centres))
    for lo in range(0, len(vectors), step):
        scores = vectors[lo : lo + step] @ centres.T
        # One argmax per probe, masking each best: much faster than a
        # partial sort of every row when probes are few.
        at = np.arange(len(scores))
        for p in range(probes):
            best = np.argmax(scores, axis=1)
            cells[lo : lo + step, p] = best
            if p + 1 < probes:
                scores[at, best] = -np.inf
    return cells


def _cells(vectors: np.ndarray) -> np.ndarray:
    """(n, PROBES) coarse cells of each row, from k-means on a fixed sample (an IVF index)."""
    n = len(vectors)
    count = int(3 * np.sqrt(n))  # balances assigning rows to cells against searching inside them
    sample = np.random.default_rng(0).choice(n, size=min(n, 16 * count), replace=False)
    centres = _spherical_kmeans(vectors[np.sort(sample)], count)
    return _best_cells(vectors, centres, PROBES)


def _nearest(vectors: np.ndarray, k: int, threshold: float, exact_limit: int) -> tuple[np.ndarray, ...]:
    """Each row's k nearest other rows at or above ``threshold``, as edge lists (rows, cols, sims).

    Exact up to ``exact_limit`` rows. Above it the search is approximate and
    near-linear: every row joins its PROBES nearest k-means cells and meets
    only the rows of those cells (about n**1.5 work instead of n**2). Rows
    that state one fact sit close together, so they share a cell.
    """
    n = len(vectors)
    if n <= exact_limit:
        return _k_best(*_top_within(vectors, np.arange(n), k, threshold), k)
    cells = _cells(vectors).ravel()
    points = np.repeat(np.arange(n), PROBES)
    order = np.argsort(cells, kind="stable")
    bounds = np.flatnonzero(np.diff(cells[order])) + 1
    parts = _per_cell(vectors, [points[g] for g in np.split(order, bounds)], k, threshold)
    rows, cols, sims = (np.concatenate(x) for x in zip(*parts))
    # A pair met in two cells is one edge; then keep each row's k best.
    keys = rows.astype(np.int64) * n + cols
    _, first = np.unique(keys, return_index=True)
    del keys
    return _k_best(rows[first], cols[first], sims[first], k)


def _per_cell(vectors: np.ndarray, cells: list[np.ndarray], k: int, threshold: float) -> list[tuple[np.ndarray, ...]]:
    """``_top_within`` of every cell, in order, on every core.

    Threads, not processes: numpy lets go of the GIL in the products, the
    partial sorts and the masks that are the work here, and the threads
    share the vectors. Each product is small (a cell is a few hundred rows),
    so BLAS runs single-threaded inside each thread instead of nesting its
    own threads under ours.
    """
    from concurrent.futures import ThreadPoolExecutor

    from threadpoolctl import threadpool_limits

    from .extract import cores

    workers = min(cores(), len(cells))
    if workers < 2:
        return [_top_within(vectors, c, k, threshold) for c in cells]
    with threadpool_limits(limits=1, user_api="blas"), ThreadPoolExecutor(workers) as pool:
        return list(pool.map(lambda c: _top_within(vectors, c, k, threshold), cells))


def neighbour_graph(
    vectors: np.ndarray, threshold: float, k: int = NEIGHBOURS, *, exact_limit: int = EXACT_LIMIT
) -> sparse.csr_matrix:
    """Symmetric sparse graph: cosine similarity on mutual k-NN edges at or above ``threshold``."""
    n = len(vectors)
    if not isinstance(vectors, _Rows):
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    rows, cols, sims = _nearest(vectors, k, threshold, exact_limit)
    directed = sparse.csr_matrix((sims, (rows, cols)), shape=(n, n), dtype=np.float32)
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
    """Node groups of size >= 2, each tight around its centroid.

    A loose group is cut in two and each half split into what is still
    connected inside it. The halves of one round are split together, in one
    pass over the graph with the edges between parts removed: splitting them
    one by one sliced the graph thousands of times (a quarter of this stage).
    """
    out: list[np.ndarray] = []
    count, labels = connected_components(graph, directed=False)
    todo = _groups(labels, count)
    edges = graph.tocoo()
    part = np.zeros(graph.shape[0], dtype=np.int64)  # nodes in different parts are no longer linked
    parts = 1
    while todo:
        halves: list[np.ndarray] = []
        for members in todo:
            if _tight(vectors, members, threshold):
                out.append(members)
                continue
            # Bisect around the two members farthest apart (a chain's two ends).
            rows = vectors[members]
            centroid = rows.sum(axis=0)
            p = int(np.argmin(rows @ centroid))
            q = int(np.argmin(rows @ rows[p]))
            near_p = (rows @ rows[p]) >= (rows @ rows[q])
            if near_p.all():  # numerically indistinct members: nothing to cut
                out.append(members)
                continue
            for half in (members[near_p], members[~near_p]):
                part[half] = parts
                parts += 1
                if len(half) >= 2:
                    halves.append(half)
        if not halves:
            break
        inside = part[edges.row] == part[edges.col]
        cut = sparse.csr_matrix((edges.data[inside], (edges.row[inside], edges.col[inside])), shape=graph.shape)
        count, labels = connected_components(cut, directed=False)
        todo = []
        for half in halves:
            found = labels[half]
            order = np.argsort(found, kind="stable")
            bounds = np.flatnonzero(np.diff(found[order])) + 1
            todo.extend(half[g] for g in np.split(order, bounds) if len(g) >= 2)
    return out


def _stray_pairs(graph: sparse.csr_matrix, grouped: np.ndarray, node_article: np.ndarray) -> list[np.ndarray]:
    """A node left out of every tight group, paired with its closest mutual neighbour in another article.

    The tightness cut drops a statement whose similarity to a loose group is
    low on average even when one member of that group states the very same
    fact ("received the first batteries in August 2020" next to "bought the
    batteries in 2019" inside a group about the purchase). Such a pair is
    exactly what discovery must compare, so it is kept as a cluster of two;
    the neighbour may also belong to its own group. ``node_article``: each
    node's one article, or -1 when its copies come from several.
    """
    out: list[np.ndarray] = []
    seen: set[tuple[int, int]] = set()
    for i in np.flatnonzero(~grouped):
        lo, hi = graph.indptr[i], graph.indptr[i + 1]
        if lo == hi:
            continue
        cols, sims = graph.indices[lo:hi], graph.data[lo:hi]
        for j in cols[np.argsort(-sims, kind="stable")]:
            # two articles between them: either node spans several, or their one articles differ
            if node_article[i] < 0 or node_article[j] < 0 or node_article[i] != node_article[j]:
                pair = (int(min(i, j)), int(max(i, j)))
                if pair not in seen:
                    seen.add(pair)
                    out.append(np.array(pair))
                break
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
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    keep, inverse = _distinct_rows(vectors)
    nodes = _Rows(vectors, keep)
    graph = neighbour_graph(nodes, threshold, k)
    groups = _components(graph, nodes, threshold)
    # Copies of one text hang off their node; singleton nodes with copies form a group too.
    copies = np.bincount(inverse, minlength=len(keep))
    grouped = np.zeros(len(keep), dtype=bool)
    for g in groups:
        grouped[g] = True
    groups.extend(np.array([i]) for i in np.flatnonzero((copies > 1) & ~grouped))
    for g in groups:
        grouped[g] = True
    # Each node's statements (ascending), and its one article or -1 when its copies span several.
    by_node = np.argsort(inverse, kind="stable")
    starts = np.concatenate(([0], np.cumsum(copies)))
    article_ids = {a: n for n, a in enumerate(dict.fromkeys(s.article_id for s in statements))}
    article = np.fromiter((article_ids[s.article_id] for s in statements), dtype=np.int64, count=len(statements))
    first = np.minimum.reduceat(article[by_node], starts[:-1])
    last = np.maximum.reduceat(article[by_node], starts[:-1])
    node_article = np.where(first == last, first, -1)
    groups.extend(_stray_pairs(graph, grouped, node_article))
    # Members in key order: statements sorted by (article id, index) once.
    keys = [s.key for s in statements]
    rank = np.empty(len(keys), dtype=np.int64)
    rank[sorted(range(len(keys)), key=keys.__getitem__)] = np.arange(len(keys))
    clusters = []
    for g in groups:
        idx = np.concatenate([by_node[starts[n] : starts[n + 1]] for n in g.tolist()])
        if len(np.unique(article[idx])) >= 2:
            clusters.append(tuple(keys[i] for i in idx[np.argsort(rank[idx])].tolist()))
    clusters.sort()
    return [Cluster(id=n, members=m) for n, m in enumerate(clusters, start=1)]
