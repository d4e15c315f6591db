"""Candidate-search study for issue 23 part 4: fixed cells with adaptive probing vs exact search.

    python bench/search.py [POOL.npy ...] [--sizes 25000 50000 100000] [--budget 2000 4000 8000]

Measures the search the pipeline runs (neighbours.exact with the shipped
cells of consistency/data/search_cells.npz, printed first as "shipped
cells") and a PROTOTYPE studied before it, not wired in. The prototype:

- cells are fixed and data-independent: ``CELLS`` unit centroids drawn from a
  fixed seed (numpy default_rng(SEED)), so a row's cell never depends on the
  other rows, their number or their order;
- each row ranks the cells by dot product and probes them in that order until
  the probed cells hold at least ``budget`` rows (all cells when the pool is
  smaller: at dev sizes the search IS exact, with no size threshold);
- the probed cells' members are re-scored exactly and the k best kept, ties
  by content as neighbours.k_best does.

A row's list is a function of the SET of rows (like exact search's), with no
switch at a size. Extending it incrementally: a row whose probe prefix is
unchanged after new rows arrive merges the new rows of its probed cells into
its list; a row whose prefix changed (cells filled up) is searched again.

Reports recall@k against exact search (share of the exact k nearest found)
and the CPU-seconds of both, on real pools (saved by bench/out/dump.py-style
spies on candidates.nearest_pairs) and on synthetic vectors with realistic
structure: a common mean direction (USE statement vectors have a mean of
norm ~0.5) plus story topics plus noise.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from consistency.match.neighbours import cosines, exact, k_best, row_ids  # noqa: E402

SEED = 23
CELLS = 256
K = 30  # candidates.NEIGHBOURS + _SPARE


CODEBOOK: np.ndarray | None = None  # --fit-on: a codebook fitted once on a reference pool, then fixed


def centroids(dim: int, cells: int = CELLS) -> np.ndarray:
    if CODEBOOK is not None:
        return CODEBOOK
    c = np.random.default_rng(SEED).standard_normal((cells, dim)).astype(np.float32)
    return c / np.linalg.norm(c, axis=1, keepdims=True)


def probed(pool: np.ndarray, ids: np.ndarray, k: int, budget: int, cells: int = CELLS) -> tuple[np.ndarray, ...]:
    """Each row's k nearest among the members of its probed cells (see the module docstring)."""
    n = len(pool)
    cent = centroids(pool.shape[1], cells)
    score = pool @ cent.T
    home = np.argmax(score, axis=1)
    cells = len(cent)
    count = np.bincount(home, minlength=cells)
    rank = np.argsort(-score, axis=1, kind="stable")
    cum = np.cumsum(count[rank], axis=1)
    depth = np.minimum((cum < budget).sum(axis=1) + 1, cells)  # cells probed per row
    members = [np.flatnonzero(home == c) for c in range(cells)]
    posh = np.empty(n, dtype=np.int64)  # each row's place in its own cell
    for m in members:
        posh[m] = np.arange(len(m))
    # Queries per cell: rows whose prefix includes the cell.
    probe_rows, probe_cells = np.nonzero(np.arange(cells)[None, :] < depth[:, None])
    probe_cells = rank[probe_rows, probe_cells]
    order = np.argsort(probe_cells, kind="stable")
    probe_rows, probe_cells = probe_rows[order], probe_cells[order]
    bounds = np.searchsorted(probe_cells, np.arange(cells + 1))
    out_r, out_c = [], []
    for c in range(cells):
        q, m = probe_rows[bounds[c]:bounds[c + 1]], members[c]
        if len(q) == 0 or len(m) == 0:
            continue
        step = max(1, (1 << 22) // len(m))  # 16 MB blocks, as neighbours.top_k
        for lo in range(0, len(q), step):
            part = q[lo:lo + step]
            block = pool[part] @ pool[m].T
            own = np.where(home[part] == c, posh[part], -1)  # the row itself, when it lives in this cell
            mine = own >= 0
            block[np.flatnonzero(mine), own[mine]] = -np.inf
            if len(m) > k:
                kth = np.partition(block, -k, axis=1)[:, -k]
                r, cc = np.nonzero(block >= kth[:, None] - 1e-4)
            else:
                r, cc = np.nonzero(block > -np.inf)
            out_r.append(part[r])
            out_c.append(m[cc])
    rows, cols = np.concatenate(out_r), np.concatenate(out_c)
    sims = cosines(pool, rows, cols)  # the same bits as the exact search's
    return k_best(rows, cols, sims, ids[:, 0], k) + (depth,)


def sim_loss(exact_lists: tuple, approx_lists: tuple, n: int) -> float:
    """Mean over rows of (mean similarity of the exact list - that of the found list): what the misses cost."""
    def mean_sim(rows, sims):
        return np.bincount(rows, weights=sims, minlength=n) / np.maximum(np.bincount(rows, minlength=n), 1)
    return float(np.mean(mean_sim(exact_lists[0], exact_lists[2]) - mean_sim(approx_lists[0], approx_lists[2])))


def recall(exact_lists: tuple, approx_lists: tuple, n: int) -> float:
    er, ec = exact_lists[0], exact_lists[1]
    ar, ac = approx_lists[0], approx_lists[1]
    want = set(zip(er.tolist(), ec.tolist()))
    got = set(zip(ar.tolist(), ac.tolist()))
    return len(want & got) / max(len(want), 1)


def synthetic(n: int, dim: int = 512, seed: int = 0) -> np.ndarray:
    """A mean direction (norm ~0.5 after normalising), ~n/400 topics, noise: like statement vectors."""
    rng = np.random.default_rng(seed)
    mean = rng.standard_normal(dim)
    mean *= 0.55 / np.linalg.norm(mean)
    topics = rng.standard_normal((max(1, n // 400), dim))
    topics *= 0.6 / np.linalg.norm(topics, axis=1, keepdims=True)
    x = mean + topics[rng.integers(0, len(topics), n)] + rng.standard_normal((n, dim)) * (0.75 / np.sqrt(dim))
    return (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32)


def cpu() -> float:
    return time.process_time()


def exhaustive(pool: np.ndarray, ids: np.ndarray, k: int) -> tuple[np.ndarray, ...]:
    """Every row against every row: the reference the pipeline's cells are measured against."""
    from consistency.match import cells

    book = cells.codebook
    cells.codebook = lambda: None
    try:
        return exact(pool, ids, k)
    finally:
        cells.codebook = book


def measure(name: str, pool: np.ndarray, budgets: list[int], do_exact: bool = True) -> None:
    ids = row_ids(pool)
    t = cpu()
    ex = exhaustive(pool, ids, K) if do_exact else None
    t_ex = cpu() - t
    if do_exact:
        # the search the pipeline runs: the shipped cells (consistency/data/search_cells.npz)
        t = cpu()
        shipped = exact(pool, ids, K)
        t_sh = cpu() - t
        print(f"    shipped cells: recall@{K} {recall(ex, shipped, len(pool)):.3f}  list cosine lost "
              f"{sim_loss(ex, shipped, len(pool)):.4f}  {t_sh:7.1f} CPU-s", flush=True)
    line = f"{name:28s} n={len(pool):6d} exact {t_ex:7.1f} CPU-s" if do_exact else f"{name:28s} n={len(pool):6d}"
    print(line, flush=True)
    for b in budgets:
        t = cpu()
        *ap, depth = probed(pool, ids, K, b)
        t_ap = cpu() - t
        rec = recall(ex, ap, len(pool)) if do_exact else float("nan")
        loss = sim_loss(ex, ap, len(pool)) if do_exact else float("nan")
        print(f"    budget {b:5d}: recall@{K} {rec:.3f}  list cosine lost {loss:.4f}  {t_ap:7.1f} CPU-s  cells probed median {int(np.median(depth))}",
              flush=True)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("pools", nargs="*", type=Path)
    ap.add_argument("--sizes", nargs="*", type=int, default=[])
    ap.add_argument("--budget", nargs="*", type=int, default=[2000, 4000, 8000])
    ap.add_argument("--no-exact-above", type=int, default=60000, help="skip the exact search above this size")
    ap.add_argument("--fit-on", nargs="*", type=Path, default=[],
                    help="fit a k-means codebook (CELLS cells, seed SEED) on these pools and keep it fixed")
    args = ap.parse_args()
    global CODEBOOK
    if args.fit_on:
        from sklearn.cluster import KMeans

        ref = np.concatenate([np.load(p).astype(np.float32) for p in args.fit_on])
        km = KMeans(n_clusters=min(CELLS, len(ref) // 4), n_init=1, random_state=SEED).fit(ref)
        cb = km.cluster_centers_.astype(np.float32)
        CODEBOOK = cb / np.linalg.norm(cb, axis=1, keepdims=True)
        print(f"codebook: {len(CODEBOOK)} k-means cells fitted on {len(ref)} reference rows", flush=True)
    import threadpoolctl

    with threadpoolctl.threadpool_limits(1):  # CPU-s comparable on a shared machine
        for p in args.pools:
            measure(f"{p.parent.name}/{p.stem}", np.load(p).astype(np.float32), args.budget)
        for n in args.sizes:
            measure("synthetic", synthetic(n), args.budget, do_exact=n <= args.no_exact_above)


if __name__ == "__main__":
    main()
