"""The fixed-cell candidate search studied in bench/search.py (issue 23 part 4): what it promises.

It is a prototype (not in the pipeline), but the bench's recall figures
stand on these properties: below its probe budget it is exactly the exact
search; its answer depends on the set of rows, never their order; every edge
it returns carries the row pair's true similarity; and it finds an exact
search's lists in a pool of well-separated groups.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np

from consistency.match import neighbours

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("bench_search", ROOT / "bench" / "search.py")
search = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(search)


def _lists(pool, k, budget):
    ids = neighbours.row_ids(pool)
    *got, _depth = search.probed(pool, ids, k, budget)
    return got, ids


def _as_set(rows, cols, key):
    return {(key[r], key[c]) for r, c in zip(rows.tolist(), cols.tolist())}


def test_below_the_budget_it_is_the_exact_search():
    pool = search.synthetic(300, dim=64, seed=5)
    got, ids = _lists(pool, 12, budget=1000)
    want = neighbours.exact(pool, ids, 12)
    assert all(np.array_equal(g, w) for g, w in zip(got, want))


def test_row_order_does_not_change_the_lists():
    pool = search.synthetic(3000, dim=64, seed=7)
    got, ids = _lists(pool, 10, budget=400)
    perm = np.random.default_rng(1).permutation(len(pool))
    got_p, ids_p = _lists(pool[perm], 10, budget=400)
    key = [tuple(i) for i in ids.tolist()]
    key_p = [tuple(i) for i in ids_p.tolist()]
    assert _as_set(got[0], got[1], key) == _as_set(got_p[0], got_p[1], key_p)


def test_edges_carry_true_similarities_and_k_per_row():
    pool = search.synthetic(2000, dim=64, seed=9)
    (rows, cols, sims), _ = _lists(pool, 8, budget=300)
    assert np.allclose(sims, np.einsum("ij,ij->i", pool[rows], pool[cols]), atol=1e-5)
    assert np.bincount(rows, minlength=len(pool)).max() <= 8
    assert not np.any(rows == cols)


def test_well_separated_groups_are_found_whole():
    # 40 tight groups of 50 in random directions: each row's 10 nearest are in its own group,
    # whose members fall in the same or adjacent cells, so recall against exact is (near) total.
    rng = np.random.default_rng(3)
    centres = rng.standard_normal((40, 64))
    x = np.repeat(centres, 50, axis=0) + 0.05 * rng.standard_normal((2000, 64))
    pool = (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32)
    got, ids = _lists(pool, 10, budget=200)
    want = neighbours.exact(pool, ids, 10)
    assert search.recall(want, got, len(pool)) >= 0.98
