"""candidates._spread: an edge of a first copy is repeated for each other copy of a small copy group."""

from __future__ import annotations

import numpy as np

from consistency.match import candidates


def test_each_copy_of_an_end_gets_its_edges_in_order():
    # rows 0..5; row 3 copies row 0, rows 4 and 5 copy row 1; edges found between first copies only
    node = np.array([0, 1, 2, 0, 1, 1])
    s, t = np.array([0, 2]), np.array([1, 1])
    sim = np.array([0.9, 0.5], dtype=np.float32)
    rs, rt, rsim = candidates._spread(s, t, sim, node)
    got = list(zip(rs.tolist(), rt.tolist(), [round(float(x), 2) for x in rsim]))
    assert got == [(0, 1, 0.9), (2, 1, 0.5),  # the given edges
                   (3, 1, 0.9),  # row 0's copy meets row 1
                   (4, 0, 0.9), (5, 0, 0.9), (4, 2, 0.5), (5, 2, 0.5)]  # row 1's copies meet 0 and 2
    assert rsim.dtype == np.float32


def test_big_copy_groups_are_not_spread():
    n = candidates.COPY_STAR + 2
    node = np.array([0] * n + [n])  # row 0 has n - 1 copies, over COPY_STAR
    s, t, sim = np.array([0]), np.array([n]), np.array([0.7], dtype=np.float32)
    rs, _, _ = candidates._spread(s, t, sim, node)
    assert rs.tolist() == [0]
