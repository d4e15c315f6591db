"""linkage.py gives the groups of scipy's complete and average linkage cut at a distance (what facts.py used before)."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform

from consistency.match.linkage import link_groups


def _groups(labels: np.ndarray) -> list[list[int]]:
    return sorted(sorted(np.flatnonzero(labels == g).tolist()) for g in np.unique(labels))


def _links(rng, m: int, edges: int) -> np.ndarray:
    # as facts._complete_link builds it: 1 where unlinked, 1 - p where linked
    dist = np.ones((m, m))
    a, b = rng.integers(0, m, edges), rng.integers(0, m, edges)
    dist[a, b] = np.minimum(dist[a, b], 1.0 - rng.random(edges))
    dist[b, a] = dist[a, b]
    np.fill_diagonal(dist, 0.0)
    return dist


@pytest.mark.parametrize("method", ["complete", "average"])
@pytest.mark.parametrize("seed", range(6))
def test_groups_are_scipys(seed, method):
    rng = np.random.default_rng(seed)
    for _ in range(40):
        m = int(rng.integers(3, 70))
        dist = _links(rng, m, int(rng.integers(m, 5 * m)))
        cut = float(rng.choice([0.3, 0.5, 0.7])) + 1e-9
        want = fcluster(linkage(squareform(dist, checks=False), method=method), t=cut, criterion="distance")
        assert _groups(link_groups(dist, cut, method)) == _groups(want)


def test_a_chain_of_strong_links_does_not_pull_in_a_far_end():
    # a-b and b-c strongly linked, c-d linked but d unlinked to a and b: d stays out
    dist = np.ones((4, 4))
    for i, j, d in [(0, 1, 0.1), (1, 2, 0.1), (0, 2, 0.2), (2, 3, 0.3)]:
        dist[i, j] = dist[j, i] = d
    np.fill_diagonal(dist, 0.0)
    assert _groups(link_groups(dist, 0.5)) == [[0, 1, 2], [3]]
    assert _groups(link_groups(dist, 0.5, "average")) == [[0, 1, 2], [3]]


def test_nothing_within_the_cut_leaves_every_row_alone():
    dist = np.ones((5, 5)) - np.eye(5)
    assert _groups(link_groups(dist, 0.5)) == [[0], [1], [2], [3], [4]]


def test_complete_link_needs_every_pair_within_the_cut():
    # a-b and b-c close, a-c unlinked: average link joins all three at 0.7, complete link does not
    dist = np.ones((3, 3))
    dist[0, 1] = dist[1, 0] = dist[1, 2] = dist[2, 1] = 0.1
    np.fill_diagonal(dist, 0.0)
    assert _groups(link_groups(dist, 0.7, "average")) == [[0, 1, 2]]
    assert _groups(link_groups(dist, 0.7, "complete")) != [[0, 1, 2]]
