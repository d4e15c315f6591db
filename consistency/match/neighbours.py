"""Nearest neighbours among unit vectors: one search at every corpus size, and extendable.

One path (no switch at a size): each row meets the rows living in its probed
cells (cells.py: a codebook fitted once and shipped; a row always probes its
few nearest cells, further ones until they hold enough rows, and meets every
row when even its widest reach holds too few, as in a small pool), in
blocked products (no n x n matrix is ever held); vectors no codebook fits
are searched exhaustively. The former inverted-file
approximation above 20,000 rows changed the answer with the corpus size (its
clusters agreed 0.62-0.73 pairwise with the exact ones); the exhaustive
search that replaced it was quadratic (half the linking CPU at 1,600
articles). The cells' recall of the exhaustive lists is measured by
bench/search.py.

Ties are broken by the rows' CONTENT (a hash of their bits), never by their
position, so the answer for a set of rows is the same whatever order or batch
they arrive in: that is what lets ``incremental.py`` extend a previous run's
lists with new rows (merging in their similarities) and still give exactly
what a cold run gives. Identical rows (wire copies) share one node.
Candidates (candidates.py) ask each statement for its k nearest.
"""

from __future__ import annotations

import contextlib
import hashlib
from functools import lru_cache
from importlib.resources import files

import numpy as np

from . import cells

_BLOCK = 1 << 22  # floats in one block of similarities (16 MB)
_SLACK = 1e-4  # BLAS similarities differ from ``cosines`` by far less (float32 sums of 512 terms: ~1e-6)
_SLICE = 4096  # pairs whose products are summed at once


def row_ids(vectors: np.ndarray) -> np.ndarray:
    """(n, 2) uint64 content ids: two independent 64-bit hashes of each row's bits, computed in numpy."""
    n = len(vectors)
    out = np.empty((n, 2), dtype=np.uint64)
    if n == 0:
        return out
    bits = np.ascontiguousarray(vectors).view(np.uint8).reshape(n, -1)
    words = bits.shape[1] // 8
    weights = _hash_weights(words)
    step = max(1, _BLOCK // max(words, 1))
    with np.errstate(over="ignore"):  # wrap-around is the point of the hash
        for lo in range(0, n, step):
            block = bits[lo : lo + step, : words * 8].view(np.uint64)
            for w in range(2):
                out[lo : lo + step, w] = (block * weights[w]).sum(axis=1, dtype=np.uint64)
    return out


@lru_cache(maxsize=4)
def _hash_weights(words: int) -> tuple[np.ndarray, np.ndarray]:
    """Two odd random multipliers per 8-byte word of a row: numpy's default_rng(0), drawn once per width.

    For 512 float32 (USE's rows) they are shipped (data/row_hash_weights.npy, the same draws): numpy.random's
    import alone was 0.01-0.015 CPU-s of a cold check. A test checks the file against the generator.
    """
    if words == _SHIPPED_WORDS:
        with (files("consistency.data") / "row_hash_weights.npy").open("rb") as f:
            shipped = np.load(f, allow_pickle=False)
        return shipped[0], shipped[1]
    rng = np.random.default_rng(0)
    a, b = (rng.integers(1, 2**63, size=words, dtype=np.uint64) | np.uint64(1) for _ in range(2))
    return a, b


_SHIPPED_WORDS = 256


def distinct_rows(vectors: np.ndarray, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(indices of first occurrences, inverse map): identical statements share one graph node.

    Copies of a wire story would otherwise fill each other's k nearest slots.
    Rows are grouped by the first half of their content id and every row is then checked
    equal to its group's first row; should two different rows ever share an
    id, the exact per-row grouping decides.
    """
    n = len(vectors)
    if n == 0:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    _, first, inverse = np.unique(ids[:, 0], return_index=True, return_inverse=True)  # the check below catches a clash
    order = np.argsort(first, kind="stable")  # nodes numbered in order of first occurrence
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    keep, inverse = first[order].astype(np.int64), rank[inverse.ravel()]
    bits = np.ascontiguousarray(vectors).view(np.uint8).reshape(n, -1)
    step = max(1, _BLOCK // max(bits.shape[1], 1))
    for lo in range(0, n, step):
        if not np.array_equal(bits[lo : lo + step], bits[keep[inverse[lo : lo + step]]]):
            return _distinct_rows_exact(vectors)
    return keep, inverse


def _distinct_rows_exact(vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    first: dict[bytes, int] = {}
    inverse = np.empty(len(vectors), dtype=np.int64)
    keep: list[int] = []
    for i, row in enumerate(vectors):
        key = hashlib.blake2b(row.tobytes(), digest_size=16).digest()
        node = first.get(key)
        if node is None:
            node = first[key] = len(keep)
            keep.append(i)
        inverse[i] = node
    return np.asarray(keep, dtype=np.int64), inverse


def k_best(rows: np.ndarray, cols: np.ndarray, sims: np.ndarray, tie: np.ndarray, k: int) -> tuple[np.ndarray, ...]:
    """The edge lists cut to each row's k most similar, sorted by (row, -sim, tie[col]): order-free ties."""
    order = np.lexsort((cols, tie[cols], -sims, rows))
    rows, cols, sims = rows[order], cols[order], sims[order]
    starts = np.searchsorted(rows, rows, side="left")
    keep = (np.arange(len(rows)) - starts) < k
    return rows[keep], cols[keep], sims[keep]


_SEARCH = object()  # top_k's ``cells``: found here from the codebook


def top_k(pool: np.ndarray, which: np.ndarray, cols: np.ndarray, k: int, floor: np.ndarray | None = None,
          cells_of=_SEARCH) -> tuple[np.ndarray, ...]:
    """For each row ``which[i]`` of ``pool``, its k most similar among rows ``cols`` (itself left out).

    ``floor``: per row of ``which``, a similarity below which nothing is wanted
    (the k-th best it already has), so only what can enter its list is kept.

    Where a codebook fits the vectors (cells.py), a row meets only the rows of
    ``cols`` in its probed cells; otherwise every row of ``cols``.

    ``cells_of``: ``cells.probes(pool)`` when the caller has it (the archive keeps each row's cells).

    Returns edge lists (rows, cols, sims) in pool indices, holding at least
    each row's k best (all edges tied with the k-th are kept, so ``k_best``
    can break ties by content). Blocks keep the similarity matrix small.
    """
    e = np.empty(0, dtype=np.int64)
    if len(which) == 0 or len(cols) == 0:
        return e, e, np.empty(0, dtype=np.float32)
    with _one_thread():
        return _top_k(pool, which, cols, k, floor, cells.probes(pool) if cells_of is _SEARCH else cells_of)


def _one_thread():
    """BLAS on one thread: the products are small (a block of rows against its probed cells' members),
    and a second thread spinning for them on a busy machine cost more CPU than it saved."""
    global _LIMIT
    if _LIMIT is None:
        try:
            from threadpoolctl import ThreadpoolController

            _LIMIT = ThreadpoolController().limit
        except Exception:  # noqa: BLE001 - no thread limit rather than no search
            _LIMIT = False
    return _LIMIT(limits=1, user_api="blas") if _LIMIT else contextlib.nullcontext()


_LIMIT = None


def _top_k(pool, which, cols, k, floor, probes):
    if probes is None:
        rows, cols_ = _scan(pool, which, cols, k)
    else:
        # a row with no probed cell meets every row (cells.limit: its nearest cells hold too few)
        every = probes[1][which, 0] < 0
        found = []
        if every.any():
            found.append(_scan(pool, which[every], cols, k))
        if not every.all():
            found.append(_scan_cells(pool, which[~every], cols, k, *probes,
                                     floor=None if floor is None else floor[~every]))
        rows, cols_ = (np.concatenate([f[i] for f in found]) for i in range(2))
    if floor is not None and len(rows):
        at = np.full(len(pool), -np.inf, dtype=np.float32)
        at[which] = floor
        rough = np.einsum("ij,ij->i", pool[rows], pool[cols_])
        over = rough >= at[rows] - _SLACK
        rows, cols_ = rows[over], cols_[over]
    return rows, cols_, cosines(pool, rows, cols_)


def _scan(pool: np.ndarray, which: np.ndarray, cols: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Every row of ``which`` against every row of ``cols``: candidate edges (each row's k best and ties)."""
    rows_out, cols_out = [], []
    target = pool[cols]
    pos = np.full(len(pool), -1, dtype=np.int64)
    pos[cols] = np.arange(len(cols))
    step = max(1, _BLOCK // len(cols))
    for lo in range(0, len(which), step):
        part = which[lo : lo + step]
        block = pool[part] @ target.T
        own = pos[part]
        mine = own >= 0
        block[np.flatnonzero(mine), own[mine]] = -np.inf  # not its own neighbour
        if len(cols) - 1 > k:
            kth = np.partition(block, -k, axis=1)[:, -k]
            r, c = np.nonzero(block >= kth[:, None] - _SLACK)
        else:
            r, c = np.nonzero(block > -np.inf)
        rows_out.append(part[r])
        cols_out.append(cols[c])
    return np.concatenate(rows_out), np.concatenate(cols_out)


def _scan_cells(pool, which, cols, k, home, probe, floor=None) -> tuple[np.ndarray, np.ndarray]:
    """Each row of ``which`` against the rows of ``cols`` living in one of its probed cells.

    ``home[i]``: row i's cell; ``probe[i]``: the cells row i probes. Cell by
    cell, the rows probing it meet its members in one product; each row keeps
    what reaches its k-th best in that cell, and at the end what reaches its
    k-th best over all its cells (both with ``_SLACK``), as ``_scan`` does.
    ``floor`` (top_k's) starts each row's k-th best: a row extended with a few new
    rows (incremental.py) meets them in nearly every cell, and gathering every such
    edge to test it after the scan was most of the +1-article search.
    """
    n_cells = int(max(home.max(), probe.max())) + 1
    if len(pool) >= 2**31:  # pragma: no cover - edges are gathered as int32
        raise ValueError("too many rows for one search")
    q_rows = np.repeat(which, probe.shape[1])
    q_cells = probe[which].ravel().astype(np.int64)
    probed = q_cells >= 0  # -1: past the row's last probed cell
    q_rows, q_cells = q_rows[probed], q_cells[probed]
    order = np.argsort(q_cells, kind="stable")
    q_rows, q_cells = q_rows[order], q_cells[order]
    q_bounds = np.searchsorted(q_cells, np.arange(n_cells + 1))
    m_order = np.argsort(home[cols], kind="stable")
    members_all = cols[m_order]
    m_bounds = np.searchsorted(home[members_all], np.arange(n_cells + 1))
    rows_out, cols_out, sims_out = [], [], []
    pos = np.full(len(pool), -1, dtype=np.int64)  # a row's place among its cell's members, while that cell is searched
    given, floor = floor, np.full(len(pool), -np.inf, dtype=np.float32)
    if given is not None:
        floor[which] = given
    for c in range(n_cells):
        q = q_rows[q_bounds[c] : q_bounds[c + 1]]
        m = members_all[m_bounds[c] : m_bounds[c + 1]]
        if len(q) == 0 or len(m) == 0:
            continue
        pos[m] = np.arange(len(m))
        target = pool[m].T
        step = max(1, _BLOCK // len(m))
        for lo in range(0, len(q), step):
            part = q[lo : lo + step]
            block = pool[part] @ target
            own = pos[part]
            mine = own >= 0
            block[np.flatnonzero(mine), own[mine]] = -np.inf  # not its own neighbour
            # a row keeps what reaches its k-th best so far (cells met before included): a lower bound of its final k-th
            kth = floor[part]
            if len(m) > k:
                kth = np.maximum(kth, np.partition(block, -k, axis=1)[:, -k])
                floor[part] = kth
            r, cc = np.nonzero((block >= kth[:, None] - _SLACK) & (block > -np.inf))
            # int32 while gathering: these edges (a few hundred per row, most dropped below) were
            # the linking stage's memory peak
            rows_out.append(part[r].astype(np.int32))
            cols_out.append(m[cc].astype(np.int32))
            sims_out.append(block[r, cc])
        pos[m] = -1
    if not rows_out:
        e = np.empty(0, dtype=np.int64)
        return e, e
    rows, cols_, sims = np.concatenate(rows_out), np.concatenate(cols_out), np.concatenate(sims_out)
    del rows_out, cols_out, sims_out
    if len(rows) == 0:  # a given floor can leave nothing
        return rows.astype(np.int64), cols_.astype(np.int64)
    # each row's k-th best over all its cells: what ``_scan`` over the union would keep
    order = np.lexsort((-sims, rows))
    rows, cols_, sims = rows[order], cols_[order], sims[order]
    del order
    first = np.searchsorted(rows, np.arange(len(pool)), side="left")
    count = np.searchsorted(rows, np.arange(len(pool)), side="right") - first
    kth = np.where(count >= k, sims[np.minimum(first + k - 1, len(sims) - 1)], -np.inf)
    keep = sims >= kth[rows] - _SLACK
    return rows[keep].astype(np.int64), cols_[keep].astype(np.int64)


def cosines(pool: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Dot products of rows ``a[i]`` and ``b[i]``, the same bits whatever the batch.

    A BLAS product's last bits depend on the shapes it is given (a matrix
    times one column goes another kernel than a block), so the search's own
    similarities only choose the candidates (with ``_SLACK`` to spare) and
    these decide: float32 products are exact in float64, summed row by row
    in index order, rounded once.
    """
    out = np.empty(len(a), dtype=np.float32)
    for lo in range(0, len(a), _SLICE):
        x = pool[a[lo : lo + _SLICE]].astype(np.float64)
        x *= pool[b[lo : lo + _SLICE]]
        out[lo : lo + _SLICE] = x.sum(axis=1)
    return out


def nearest_pairs(vectors: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Each row's ``k`` nearest distinct other rows, with no similarity floor.

    Returns ``(rows, cols, sims, node)``: the edges between distinct rows
    (indices of their first occurrences in ``vectors``), and for every row
    the first row identical to it (itself when it is the first), so a caller
    can pair copies of one text with each other. When an archive index is
    active (``incremental.active``), the previous run's lists are extended
    instead of searched again: the same answer, in time linear in the corpus.
    """
    from . import incremental

    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    n = len(vectors)
    if n < 2:
        empty = np.empty(0, dtype=np.int64)
        return empty, empty, np.empty(0, dtype=np.float32), np.arange(n)
    ids = row_ids(vectors)
    keep, inverse = distinct_rows(vectors, ids)
    if len(keep) < 2:
        empty = np.empty(0, dtype=np.int64)
        return empty, empty, np.empty(0, dtype=np.float32), keep[inverse]
    pool, pool_ids = vectors[keep], ids[keep]
    rows, cols, sims = incremental.nearest(pool, pool_ids, k)
    return keep[rows], keep[cols], sims, keep[inverse]


def exact(pool: np.ndarray, ids: np.ndarray, k: int, cells_of=_SEARCH) -> tuple[np.ndarray, ...]:
    """Every row's k nearest other rows of ``pool`` (distinct rows) among those it meets (``top_k``): edge lists.

    Exact over the rows of its probed cells (all rows when no codebook fits);
    the name is kept for incremental.py, which extends these lists.
    """
    everything = np.arange(len(pool))
    return k_best(*top_k(pool, everything, everything, k, cells_of=cells_of), ids[:, 0], k)
