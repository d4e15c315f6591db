"""A discovered finding lists a cover of its conflicting pairs and counts them all."""

from __future__ import annotations

from itertools import combinations

import pytest

from consistency.discover import covering_pairs, discover

from test_discover_context import corpus_of

FRAMES = {
    "en": "A survey of {n} analysts found the plan would go ahead, the agency said.",
    "ar": "وقالت الوكالة إن استطلاعا شمل {n} محللا أظهر أن الخطة ستمضي قدما.",
}


@pytest.mark.parametrize("lang", sorted(FRAMES))
def test_every_conflicting_claim_is_listed_and_all_pairs_counted(tmp_path, lang):
    figures = [12, 19, 27, 33, 41, 58]
    found = discover(corpus_of(tmp_path, {f"a{k}": FRAMES[lang].format(n=n) for k, n in enumerate(figures)}))
    [f] = [f for f in found if f.kind == "quantity" and f.verdict == "conflict"]
    n = len(f.claims)
    assert n == len(figures)
    # six different counts: every pair conflicts, fifteen in all
    assert f.conflict_count == n * (n - 1) // 2
    assert len(f.conflicts) < f.conflict_count
    assert {i for pair in f.conflicts for i in pair} == set(range(n))
    assert len(f.reasons) == len(f.conflicts)
    for (i, j), reason in zip(f.conflicts, f.reasons):
        assert reason.startswith(f"claims {i} and {j}: ")
    assert f"and {f.conflict_count - 3} more" in f.message


def test_covering_pairs_keeps_only_pairs_that_bring_a_new_claim():
    pairs = sorted(combinations(range(5), 2))
    listed = covering_pairs(pairs)
    assert listed == [(0, 1), (0, 2), (0, 3), (0, 4)]
    assert covering_pairs([(0, 1), (2, 3), (1, 2)]) == [(0, 1), (2, 3)]
