"""match/overlap.py: the set overlaps of link.features in numpy equal the per-pair Python they replaced."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from consistency.match.overlap import FrameSets


def jaccard(sets, a, b):
    """Jaccard of ``sets[a[i]]`` and ``sets[b[i]]`` per pair (0.0 when both are empty)."""
    return FrameSets(sets).jaccard(a, b)


def intersects(sets, a, b):
    """``bool(sets[a[i]] & sets[b[i]])`` per pair."""
    return FrameSets(sets).intersects(a, b)

# Written before the code ran: (set a, set b, Jaccard as a fraction).
TABLE = [
    ({"brt", "prt"}, {"brt", "prt"}, Fraction(1)),
    ({"brt"}, {"mrs"}, Fraction(0)),
    (set(), set(), Fraction(0)),
    (set(), {"ankr"}, Fraction(0)),
    ({"ank", "ist", "izm"}, {"ist"}, Fraction(1, 3)),
    ({"drn", "lby", "fld", "dm"}, {"lby", "dm", "rn"}, Fraction(2, 5)),
    ({"a", "b", "c", "d", "e", "f", "g"}, {"g", "h"}, Fraction(1, 8)),
    ({"x1", "x2"}, {"x2", "x3", "x4", "x1"}, Fraction(1, 2)),
]


@pytest.mark.parametrize("a, b, want", TABLE)
def test_jaccard_of_one_pair(a, b, want):
    sets = [frozenset(a), frozenset(b)]
    got = jaccard(sets, np.array([0]), np.array([1]))
    assert got[0] == float(want)
    assert intersects(sets, np.array([0]), np.array([1]))[0] == bool(a & b)


def test_many_pairs_equal_python_bit_for_bit():
    rng = np.random.default_rng(3)
    vocab = [f"w{i}" for i in range(60)]
    sets = [frozenset(rng.choice(vocab, size=rng.integers(0, 25), replace=False).tolist()) for _ in range(400)]
    sets[7] = sets[9]  # frames of one statement share its word set
    for i in range(0, 400, 5):  # runs of frames holding one set object (overlap codes each object once)
        sets[i + 1] = sets[i + 2] = sets[i]
    a = rng.integers(0, 400, 20000)
    b = rng.integers(0, 400, 20000)
    want = np.array([len(sets[i] & sets[j]) / len(sets[i] | sets[j]) if sets[i] | sets[j] else 0.0
                     for i, j in zip(a.tolist(), b.tolist())])
    assert np.array_equal(jaccard(sets, a, b), want)
    assert np.array_equal(intersects(sets, a, b), np.array([bool(sets[i] & sets[j]) for i, j in zip(a.tolist(), b.tolist())]))


def test_no_pairs_and_no_tokens():
    assert len(jaccard([frozenset({"a"})], np.array([], dtype=np.int64), np.array([], dtype=np.int64))) == 0
    assert jaccard([frozenset(), frozenset()], np.array([0]), np.array([1])).tolist() == [0.0]


def test_pairs_split_over_slices_count_alike(monkeypatch):
    from consistency.match import overlap

    rng = np.random.default_rng(5)
    sets = [frozenset(rng.choice(40, size=rng.integers(0, 12), replace=False).tolist()) for _ in range(100)]
    a, b = rng.integers(0, 100, 3000), rng.integers(0, 100, 3000)
    whole = jaccard(sets, a, b)
    monkeypatch.setattr(overlap, "_SLICE", 7)
    assert np.array_equal(jaccard(sets, a, b), whole)
