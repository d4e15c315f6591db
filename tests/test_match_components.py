"""match.facts.components: scipy's undirected connected components (count and labels), without importing scipy."""

from __future__ import annotations

import numpy as np
import pytest

from consistency.match.facts import components

sparse = pytest.importorskip("scipy.sparse")
from scipy.sparse.csgraph import connected_components  # noqa: E402


def _scipy(n, a, b):
    graph = sparse.csr_matrix((np.ones(len(a)), (a, b)), shape=(n, n))
    return connected_components(graph, directed=False)


# (nodes, edges): written before components() first ran on them
GRAPHS = [
    (1, []),
    (5, []),
    (4, [(3, 2)]),  # an edge from the higher node, a component not starting at 0
    (6, [(5, 4), (4, 3), (3, 2), (2, 1), (1, 0)]),  # a chain given from its far end
    (7, [(0, 6), (6, 1), (2, 5), (5, 3)]),  # two components interleaved in node order
    (5, [(2, 2), (4, 1), (1, 4), (4, 1)]),  # a self-loop and repeated, reversed edges
    (8, [(7, 0), (6, 1), (5, 2), (4, 3), (0, 1)]),  # hubs high, the low ends joined last
]


@pytest.mark.parametrize("n,edges", GRAPHS)
def test_components_match_scipy(n, edges):
    a = np.array([e[0] for e in edges], dtype=np.int64)
    b = np.array([e[1] for e in edges], dtype=np.int64)
    count, labels = components(n, a, b)
    want_count, want = _scipy(n, a, b)
    assert count == want_count and labels.tolist() == want.tolist()


def test_components_match_scipy_on_random_graphs():
    rng = np.random.default_rng(7)
    for n, m in [(50, 20), (200, 180), (1000, 900), (3000, 6000)]:
        a, b = rng.integers(0, n, m), rng.integers(0, n, m)
        count, labels = components(n, a, b)
        want_count, want = _scipy(n, a, b)
        assert count == want_count
        np.testing.assert_array_equal(labels, want)
