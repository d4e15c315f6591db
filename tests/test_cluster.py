"""Clustering: same facts across articles meet, chains are cut, and memory stays far below n x n."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import numpy as np
import pytest
import yaml

from consistency.cluster import NEIGHBOURS, cluster_statements, neighbour_graph
from consistency.embed import get_embedder
from consistency.model import Statement

FIXTURE = Path(__file__).parent / "fixtures" / "embed" / "pairs.yaml"


def _unit(x):
    x = np.asarray(x, dtype=np.float32)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def _statements(articles):
    seen: dict[str, int] = {}
    out = []
    for a in articles:
        seen[a] = seen.get(a, -1) + 1
        out.append(Statement(a, seen[a], f"s{len(out)}", 0, 2))
    return out


class Stub:
    model_id = "stub"
    default_threshold = 0.9


def test_groups_across_articles_and_lone_statements():
    """Near vectors from different articles cluster; a far one and a one-article pair do not."""
    rng = np.random.default_rng(0)
    base = rng.normal(size=(4, 32))
    vecs = _unit(np.vstack([
        base[0] + 0.05 * rng.normal(size=(3, 32)),  # fact 0 in articles a, b, c
        base[1] + 0.05 * rng.normal(size=(2, 32)),  # fact 1 twice in article a only
        base[2:3],  # a lone statement
        base[3] + 0.05 * rng.normal(size=(2, 32)),  # fact 3 in b and c
    ]))
    statements = _statements(["a", "b", "c", "a", "a", "b", "b", "c"])
    clusters = cluster_statements(statements, vecs, embedder=Stub())
    assert [c.members for c in clusters] == [
        (("a", 0), ("b", 0), ("c", 0)),
        (("b", 2), ("c", 1)),
    ]
    assert [c.id for c in clusters] == [1, 2]
    assert clusters[0].articles == ("a", "b", "c")


def test_ids_do_not_depend_on_input_order():
    """Shuffling the statements gives the same clusters with the same ids."""
    rng = np.random.default_rng(1)
    centres = rng.normal(size=(5, 16))
    vecs = _unit(np.repeat(centres, 3, axis=0) + 0.03 * rng.normal(size=(15, 16)))
    statements = _statements(["a", "b", "c"] * 5)
    first = cluster_statements(statements, vecs, threshold=0.9)
    order = rng.permutation(15)
    second = cluster_statements([statements[i] for i in order], vecs[order], threshold=0.9)
    assert first == second and len(first) == 5


def test_identical_copies_beyond_k_stay_together():
    """More copies of one sentence than k neighbours still form one cluster."""
    vec = _unit(np.ones((1, 8)))
    vecs = np.vstack([vec] * (NEIGHBOURS + 5) + [_unit(-np.ones((1, 8)))])
    statements = _statements([f"art{i}" for i in range(NEIGHBOURS + 6)])
    clusters = cluster_statements(statements, vecs, threshold=0.8)
    assert len(clusters) == 1 and len(clusters[0].members) == NEIGHBOURS + 5


def test_a_chain_is_cut_into_tight_parts():
    """Points on an arc, each close to the next, do not become one giant cluster."""
    angles = np.linspace(0, np.pi, 60)
    vecs = _unit(np.stack([np.cos(angles), np.sin(angles)], axis=1))
    statements = _statements([f"art{i % 7}" for i in range(60)])
    clusters = cluster_statements(statements, vecs, threshold=0.95)
    assert len(clusters) > 1
    for c in clusters:
        rows = np.array([i for i, s in enumerate(statements) if s.key in set(c.members)])
        sims = vecs[rows] @ vecs[rows].T
        assert sims.min() >= 0.95 - 0.1  # ends of a part stay near each other


def test_threshold_is_required_somewhere():
    """Without a threshold or an embedder that has one, clustering refuses to guess."""
    with pytest.raises(ValueError):
        cluster_statements(_statements(["a", "b"]), _unit(np.eye(2)))


def test_cross_lingual_statements_of_one_fact_cluster_together():
    """With the default backend, Arabic seed statements and an English rendering share a cluster."""
    doc = yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))
    rows = [dict(r, group=g) for g, rs in doc["groups"].items() for r in rs] + list(doc["distractors"])
    embedder = get_embedder("use")
    vecs = embedder.embed([r["text"] for r in rows])
    statements = _statements([r["article"] for r in rows])
    clusters = cluster_statements(statements, vecs, embedder=embedder)
    where = {m: c.id for c in clusters for m in c.members}
    ssb = [s.key for s, r in zip(statements, rows) if r.get("group") == "ssb-sanctions"]
    assert len({r["lang"] for r in rows if r.get("group") == "ssb-sanctions"}) == 2
    assert len({where.get(k) for k in ssb}) == 1 and ssb[0] in where


def test_cell_search_finds_nearly_all_exact_edges():
    """Above the exact limit, the k-means cell search keeps at least 90% of the exact graph's edges."""
    rng = np.random.default_rng(3)
    n, d = 6000, 32
    centres = rng.normal(size=(n // 5, d))
    vecs = _unit(np.repeat(centres, 5, axis=0) + 0.3 * rng.normal(size=(n, d)))
    exact = neighbour_graph(vecs, 0.6, exact_limit=n)
    approx = neighbour_graph(vecs, 0.6, exact_limit=500)
    found = set(zip(*exact.nonzero()))
    assert exact.nnz > n
    assert len(found & set(zip(*approx.nonzero()))) >= 0.9 * len(found)
    assert approx.nnz <= n * NEIGHBOURS


def test_200k_vectors_never_build_an_n_by_n_structure(monkeypatch):
    """On 200,000 vectors the graph has at most n*k edges and peak memory stays a few KB per vector."""
    import consistency.cluster as cluster

    n, d = 200_000, 8
    rng = np.random.default_rng(7)
    centres = rng.normal(size=(n // 4, d))
    vecs = _unit(np.repeat(centres, 4, axis=0) + 0.01 * rng.normal(size=(n, d)))
    statements = [Statement(f"art{i % 4}", i, "", 0, 0) for i in range(n)]
    graphs = []
    real = cluster.neighbour_graph
    monkeypatch.setattr(cluster, "neighbour_graph", lambda *a, **k: graphs.append(real(*a, **k)) or graphs[-1])
    tracemalloc.start()
    try:
        clusters = cluster_statements(statements, vecs, threshold=0.95)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    (graph,) = graphs
    assert graph.shape == (n, n) and graph.nnz <= n * NEIGHBOURS
    assert graph.nnz >= n  # the groups of four did connect
    # Linear: a few kilobytes per statement, where a dense n x n float32 matrix is 160 GB.
    assert peak < 4096 * n, f"peak {peak} bytes for n={n}"
    assert len(clusters) > n // 20 and max(len(c.members) for c in clusters) <= 40


def test_distinct_rows_by_hash_match_the_exact_grouping():
    """Repeated vectors share a node, numbered by first occurrence, as the per-row digest groups them."""
    from consistency.cluster import _distinct_rows, _distinct_rows_exact

    rng = np.random.default_rng(3)
    base = rng.standard_normal((300, 64)).astype(np.float32)
    rows = base[rng.integers(0, 300, size=1000)]
    rows[7] = np.nextafter(rows[7], np.inf)  # one bit away from its copies: a node of its own
    keep, inverse = _distinct_rows(rows)
    exact_keep, exact_inverse = _distinct_rows_exact(rows)
    assert np.array_equal(keep, exact_keep) and np.array_equal(inverse, exact_inverse)
    assert np.array_equal(rows[keep][inverse], rows)
    assert len(keep) == len({r.tobytes() for r in rows})
