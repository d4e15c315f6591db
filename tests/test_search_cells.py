"""The candidate search's fixed cells (match/cells.py): what the pipeline's lists rely on.

Each row meets the rows of its probed cells, exhaustively among them: always its
``probes`` nearest cells, then further ones until they hold ``min_met`` rows, or
every row when its nearest cells hold too few. The lists are the same whatever the
order of the rows, a small pool is searched exhaustively, and the archive's lists
extended by new rows are a cold search's, also when rows' probed cells change.
"""

from __future__ import annotations

import numpy as np
import pytest

from consistency.match import cells, incremental, neighbours


def _statement_like(rng, n, d):
    # a common direction, a few topics and noise, as statement vectors have
    mean = rng.standard_normal(d)
    mean *= 0.55 / np.linalg.norm(mean)
    topics = rng.standard_normal((8, d))
    topics *= 0.6 / np.linalg.norm(topics, axis=1, keepdims=True)
    x = mean + topics[rng.integers(0, 8, n)] + rng.standard_normal((n, d)) * (0.75 / np.sqrt(d))
    return (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32)


@pytest.fixture(scope="module")
def width():
    book = cells.codebook()
    assert book is not None, "consistency/data/search_cells.npz is shipped"
    return book[0].shape[1]


def test_the_shipped_codebook_is_unit_centroids(width):
    book = cells.codebook()
    assert np.allclose(np.linalg.norm(book.centroids, axis=1), 1.0, atol=1e-5)
    assert 1 <= book.probes <= book.width < len(book.centroids)


def _brute(pool, r, among, k):
    among = among[among != r]
    return set(among[np.argsort(-(pool[among] @ pool[r]), kind="stable")[:k]].tolist())


def test_each_row_meets_exactly_the_rows_of_its_probed_cells(width):
    rng = np.random.default_rng(2)
    pool = _statement_like(rng, 2500, width)
    ids = neighbours.row_ids(pool)
    rows, cols, sims = neighbours.exact(pool, ids, 10)
    home, probe = cells.probes(pool)
    assert (probe[:, 0] >= 0).any(), "a pool over min_met rows is searched by cells"
    for r in range(0, len(pool), 37):
        met = np.arange(len(pool)) if probe[r, 0] < 0 else np.flatnonzero(np.isin(home, probe[r]))
        assert set(cols[rows == r].tolist()) == _brute(pool, r, met, 10)
    assert np.allclose(sims, np.einsum("ij,ij->i", pool[rows], pool[cols]), atol=1e-5)


def test_a_pool_under_min_met_rows_is_searched_exhaustively(width):
    # a lone story's statements of one kind: every row meets every other
    rng = np.random.default_rng(3)
    pool = _statement_like(rng, cells.codebook().min_met - 1, width)
    assert (cells.probes(pool)[1] < 0).all()
    rows, cols, _ = neighbours.exact(pool, neighbours.row_ids(pool), 7)
    for r in range(0, len(pool), 41):
        assert set(cols[rows == r].tolist()) == _brute(pool, r, np.arange(len(pool)), 7)


def test_a_row_always_meets_its_nearest_cells_and_enough_rows_whatever_the_corpus(width):
    book = cells.codebook()
    rng = np.random.default_rng(5)
    few = _statement_like(rng, 200, width)
    nearest = cells.order(few)
    for extra in (0, 900, 4000):
        pool = np.concatenate([few, _statement_like(rng, extra, width)])
        home, probe = cells.probes(pool)
        held = np.bincount(home, minlength=len(book.centroids))
        for r in range(len(few)):
            if probe[r, 0] < 0:  # meets every row: only when its width nearest cells hold too few
                assert held[nearest[r].astype(int)].sum() < book.min_met
                continue
            got = probe[r][probe[r] >= 0]
            assert set(nearest[r, : book.probes].tolist()) <= set(got.tolist())
            assert got.tolist() == nearest[r, : len(got)].tolist()  # nearest first, none skipped
            assert held[got.astype(int)].sum() >= book.min_met


def test_row_order_does_not_change_the_lists(width):
    rng = np.random.default_rng(4)
    pool = _statement_like(rng, 700, width)
    perm = rng.permutation(len(pool))
    a = neighbours.nearest_pairs(pool, 8)
    b = neighbours.nearest_pairs(pool[perm], 8)
    key = lambda rows, cols, order: {(int(order[r]), int(order[c])) for r, c in zip(rows.tolist(), cols.tolist())}
    assert key(a[0], a[1], np.arange(len(pool))) == key(b[0], b[1], perm)


@pytest.mark.parametrize("change", ["add one", "add many", "remove", "grow past min_met", "shrink under it"])
def test_extended_lists_equal_a_cold_search(tmp_path, width, change):
    # the last two change how far rows probe (their cells fill or empty): those rows are searched again
    rng = np.random.default_rng(9)
    base = _statement_like(rng, 800 if change != "shrink under it" else 1600, width)
    after = {
        "add one": lambda v: np.concatenate([v, _statement_like(rng, 1, width)]),
        "add many": lambda v: np.concatenate([_statement_like(rng, 60, width), v]),
        "remove": lambda v: np.delete(v, [0, 5, 41, 77], axis=0),
        "grow past min_met": lambda v: np.concatenate([v, _statement_like(rng, 700, width)]),
        "shrink under it": lambda v: v[::2],
    }[change](base)
    archive = incremental.Archive(tmp_path, "test")
    with incremental.active(archive):
        neighbours.nearest_pairs(base, 12)
    archive.save()
    with incremental.active(incremental.Archive(tmp_path, "test")):
        got = neighbours.nearest_pairs(after, 12)
    want = neighbours.nearest_pairs(after, 12)
    assert all(np.array_equal(g, w) for g, w in zip(got, want))


def test_vectors_of_another_width_are_searched_exhaustively(width):
    rng = np.random.default_rng(6)
    pool = _statement_like(rng, 300, width // 2)
    assert cells.probes(pool) is None
    ids = neighbours.row_ids(pool)
    rows, cols, _ = neighbours.exact(pool, ids, 5)
    for r in range(0, 300, 29):
        others = np.delete(np.arange(300), r)
        best = others[np.argsort(-(pool[others] @ pool[r]), kind="stable")[:5]]
        assert set(cols[rows == r].tolist()) == set(best.tolist())


def test_the_archive_keeps_each_rows_cells_and_computes_only_the_new_rows(tmp_path, width, monkeypatch):
    """A row's cells depend on its bits alone, so the archive keeps them: extending its lists by 25 rows
    finds the cells of those 25, not of all 625 (a product with every centroid and a sort per row)."""
    rng = np.random.default_rng(12)
    base = _statement_like(rng, 600, width)
    archive = incremental.Archive(tmp_path, "test")
    with incremental.active(archive):
        neighbours.nearest_pairs(base, 9)
    archive.save()
    after = np.concatenate([base[:300], _statement_like(rng, 25, width), base[300:]])
    asked = []
    real = cells.order
    monkeypatch.setattr(cells, "order", lambda pool: asked.append(len(pool)) or real(pool))
    with incremental.active(incremental.Archive(tmp_path, "test")):
        got = neighbours.nearest_pairs(after, 9)
    assert asked == [25]
    monkeypatch.setattr(cells, "order", real)
    assert all(np.array_equal(g, w) for g, w in zip(got, neighbours.nearest_pairs(after, 9)))


def test_shipped_row_hash_weights_are_the_generators_draws():
    """data/row_hash_weights.npy stands in for numpy.random at start-up: the very draws row_ids made before."""
    neighbours._hash_weights.cache_clear()
    rng = np.random.default_rng(0)
    drawn = [rng.integers(1, 2**63, size=256, dtype=np.uint64) | np.uint64(1) for _ in range(2)]
    shipped = neighbours._hash_weights(256)
    assert all(np.array_equal(a, b) and a.dtype == np.uint64 for a, b in zip(shipped, drawn))
    rng = np.random.default_rng(0)  # another width (another embedder's rows) draws its own, as before
    drawn = [rng.integers(1, 2**63, size=48, dtype=np.uint64) | np.uint64(1) for _ in range(2)]
    assert all(np.array_equal(a, b) for a, b in zip(neighbours._hash_weights(48), drawn))


def test_cell_order_in_row_slices_is_the_order_of_the_whole_pool():
    # cells.order works through the pool a slice of rows at a time (memory); each row's cells are its own,
    # so the slices must give exactly what one product over the whole pool ranks
    book = cells.codebook()
    rng = np.random.default_rng(3)
    n = cells._ORDER_ROWS * 2 + 123
    pool = rng.normal(size=(n, book.centroids.shape[1])).astype(np.float32)
    pool /= np.linalg.norm(pool, axis=1, keepdims=True)
    pool[:50] = book.centroids[:50]  # rows on a centroid: near ties with its neighbours
    score = pool.astype(np.float64) @ book.centroids.T.astype(np.float64)
    top = np.argpartition(-score, book.width - 1, axis=1)[:, :book.width]
    top.sort(axis=1)
    pick = np.take_along_axis(score, top, axis=1)
    whole = np.take_along_axis(top, np.argsort(-pick, axis=1, kind="stable"), axis=1).astype(np.int16)
    assert np.array_equal(cells.order(pool), whole)
