"""Nearest neighbours among unit vectors, near-linear in memory and time.

Exact (blocked brute force) up to EXACT_LIMIT rows; above it an inverted-file
search over k-means cells (each row searched in its PROBES nearest cells), so
no n x n matrix is ever held. Identical rows (wire copies) share one node.
Candidates (candidates.py) ask each statement for its k nearest.
"""

from __future__ import annotations

import hashlib

import numpy as np

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
    from scipy import sparse  # imported here: only searches above EXACT_LIMIT rows need it (0.25 CPU-s at start)

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

    from ..extract import cores

    workers = min(cores(), len(cells))
    if workers < 2:
        return [_top_within(vectors, c, k, threshold) for c in cells]
    with threadpool_limits(limits=1, user_api="blas"), ThreadPoolExecutor(workers) as pool:
        return list(pool.map(lambda c: _top_within(vectors, c, k, threshold), cells))


def nearest_pairs(vectors: np.ndarray, k: int, *, exact_limit: int = EXACT_LIMIT) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Each row's ``k`` nearest distinct other rows, with no similarity floor.

    Returns ``(rows, cols, sims, node)``: the edges between distinct rows
    (indices of their first occurrences in ``vectors``), and for every row
    the first row identical to it (itself when it is the first), so a caller
    can pair copies of one text with each other.
    """
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    n = len(vectors)
    if n < 2:
        empty = np.empty(0, dtype=np.int64)
        return empty, empty, np.empty(0, dtype=np.float32), np.arange(n)
    keep, inverse = _distinct_rows(vectors)
    nodes = _Rows(vectors, keep)
    if len(keep) < 2:
        empty = np.empty(0, dtype=np.int64)
        return empty, empty, np.empty(0, dtype=np.float32), keep[inverse]
    rows, cols, sims = _nearest(nodes, k, -2.0, exact_limit)  # cosines are >= -1: every pair passes
    return keep[rows], keep[cols], sims, keep[inverse]
