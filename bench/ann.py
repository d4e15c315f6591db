"""A proposal for the cluster stage: approximate k nearest neighbours in near-linear time.

NOT used by the pipeline; measured by ``python bench/ann.py`` (recall against
exact search, and time), so the owner of consistency/cluster.py can adopt it.

Why: ``NearestNeighbors(...).kneighbors`` on 512-d vectors is brute force,
O(n^2 d): 1.1 / 4.0 / 17.2 CPU-s at 6k / 12k / 24k statements here, so about
1,100 CPU-s at 6,400 articles (192k statements), several times the
embedding itself. This is an inverted-file index (as in FAISS's IVF) in plain
numpy: k-means cells of about ``cell`` points; each point is stored in its
nearest cell and searched in its ``probes`` nearest cells; cost about
n * (n / cell + probes * cell) * d, i.e. near-linear for n up to a few
hundred thousand, with no new dependency. Same-fact pairs are very close
(cosine >= 0.6), and close points share a cell or a neighbouring one, so
recall on the pairs that matter is near 1.
"""

from __future__ import annotations

import numpy as np

BLOCK = 4096  # rows per matrix product: bounds the transient (BLOCK x cells) array


def _kmeans(x: np.ndarray, cells: int, rng: np.random.Generator, iters: int = 6, sample: int = 50_000) -> np.ndarray:
    pts = x[rng.choice(len(x), size=min(sample, len(x)), replace=False)]
    centroids = pts[rng.choice(len(pts), size=cells, replace=False)].copy()
    for _ in range(iters):
        labels = np.concatenate([np.argmax(pts[i : i + BLOCK] @ centroids.T, axis=1)
                                 for i in range(0, len(pts), BLOCK)])
        sums = np.zeros_like(centroids)
        np.add.at(sums, labels, pts)
        norms = np.linalg.norm(sums, axis=1, keepdims=True)
        empty = norms[:, 0] == 0
        centroids = np.where(empty[:, None], centroids, sums / np.where(norms > 0, norms, 1))
    return centroids.astype(np.float32)


def kneighbors(x: np.ndarray, k: int, *, cell: int = 256, probes: int = 3, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """(similarity, index) of each unit row's k most similar rows (itself included), best first.

    Like ``NearestNeighbors(n_neighbors=k).kneighbors(x)`` but cosine
    similarity instead of distance, and approximate. Deterministic for a seed.
    """
    x = np.ascontiguousarray(x, dtype=np.float32)
    n = len(x)
    k = min(k, n)
    cells = n // cell
    if cells < 2 * probes:  # small input: exact, blockwise
        return _exact(x, k)
    rng = np.random.default_rng(seed)
    centroids = _kmeans(x, cells, rng)
    near = np.empty((n, probes), dtype=np.int64)
    for i in range(0, n, BLOCK):
        s = x[i : i + BLOCK] @ centroids.T
        top = np.argpartition(-s, probes - 1, axis=1)[:, :probes]
        order = np.argsort(-np.take_along_axis(s, top, axis=1), axis=1)
        near[i : i + BLOCK] = np.take_along_axis(top, order, axis=1)
    home = near[:, 0]
    members = np.argsort(home, kind="stable")
    bounds = np.searchsorted(home[members], np.arange(cells + 1))
    # Every (query, probe) pair grouped by the cell it probes.
    flat = near.ravel()
    pairs = np.argsort(flat, kind="stable")
    pbounds = np.searchsorted(flat[pairs], np.arange(cells + 1))
    cand_sim = np.full((n, probes, k), -np.inf, dtype=np.float32)
    cand_idx = np.zeros((n, probes, k), dtype=np.int64)
    for c in range(cells):
        m = members[bounds[c] : bounds[c + 1]]
        qp = pairs[pbounds[c] : pbounds[c + 1]]
        if not len(m) or not len(qp):
            continue
        q, p = qp // probes, qp % probes
        s = x[q] @ x[m].T
        kk = min(k, len(m))
        top = np.argpartition(-s, kk - 1, axis=1)[:, :kk] if kk < len(m) else np.broadcast_to(np.arange(len(m)), (len(q), len(m)))
        cand_sim[q, p, :kk] = np.take_along_axis(s, top, axis=1)
        cand_idx[q, p, :kk] = m[top]
    cand_sim = cand_sim.reshape(n, probes * k)
    cand_idx = cand_idx.reshape(n, probes * k)
    best = np.argsort(-cand_sim, axis=1, kind="stable")[:, :k]
    return np.take_along_axis(cand_sim, best, axis=1), np.take_along_axis(cand_idx, best, axis=1)


def _exact(x: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    sims = np.empty((len(x), k), dtype=np.float32)
    idx = np.empty((len(x), k), dtype=np.int64)
    for i in range(0, len(x), BLOCK):
        s = x[i : i + BLOCK] @ x.T
        top = np.argpartition(-s, k - 1, axis=1)[:, :k]
        ts = np.take_along_axis(s, top, axis=1)
        order = np.argsort(-ts, axis=1, kind="stable")
        sims[i : i + BLOCK] = np.take_along_axis(ts, order, axis=1)
        idx[i : i + BLOCK] = np.take_along_axis(top, order, axis=1)
    return sims, idx


def _main() -> None:
    import argparse
    import time

    ap = argparse.ArgumentParser(description="recall and time of bench/ann.py against exact search")
    ap.add_argument("vectors", help=".npy file of unit rows (e.g. saved from a pipeline run)")
    ap.add_argument("--k", type=int, default=11)
    ap.add_argument("--threshold", type=float, default=0.6)
    ap.add_argument("--cell", type=int, default=256)
    ap.add_argument("--probes", type=int, default=3)
    a = ap.parse_args()
    x = np.load(a.vectors).astype(np.float32)
    t0 = time.perf_counter()
    es, ei = _exact(x, a.k)
    t1 = time.perf_counter()
    s, i = kneighbors(x, a.k, cell=a.cell, probes=a.probes)
    t2 = time.perf_counter()
    exact = {(r, int(c)) for r in range(len(x)) for c, v in zip(ei[r], es[r]) if v >= a.threshold and c != r}
    approx = {(r, int(c)) for r in range(len(x)) for c, v in zip(i[r], s[r]) if v >= a.threshold and c != r}
    recall = len(exact & approx) / len(exact) if exact else 1.0
    print(f"n={len(x)} exact {t1 - t0:.2f}s approx {t2 - t1:.2f}s; recall of k-NN edges >= {a.threshold}: "
          f"{recall:.4f} ({len(exact)} edges)")


if __name__ == "__main__":
    _main()
