"""bench/train_link.py's fit: a logistic regression whose clash weights are drawn towards prior means.

The priors replace caps (a weight at most its prior whatever the data): a clash
the dev pairs show often must be weighed by them, one they rarely show must keep
about its prior. Synthetic pairs, so the expected weights are known.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest
from types import SimpleNamespace
from sklearn.linear_model import LogisticRegression

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

import train_link as tl  # noqa: E402


def pairs(n: int, seed: int = 0):
    """A similarity that separates the classes, a clash firing on 30% of pairs whatever the class
    (no evidence), and a rare clash firing on 5 pairs only."""
    rng = np.random.default_rng(seed)
    y = rng.random(n) < 0.3
    sim = rng.normal(np.where(y, 1.0, -1.0), 1.0)
    common = (rng.random(n) < 0.3).astype(float)
    rare = np.zeros(n)
    rare[rng.choice(n, 5, replace=False)] = 1.0
    return np.column_stack([sim, common, rare]), y


def test_without_priors_the_fit_is_scikit_learns():
    x, y = pairs(4000)
    w = np.random.default_rng(1).uniform(0.5, 1.5, len(y))
    coef, b = tl._logistic(x, y, w, (np.zeros(3), np.ones(3)))
    ref = LogisticRegression(C=1.0, tol=1e-8, max_iter=5000).fit(x, y, sample_weight=w)
    assert np.allclose(coef, ref.coef_[0], atol=1e-3) and abs(b - ref.intercept_[0]) < 1e-3


def test_a_common_clash_follows_the_data_and_a_rare_one_keeps_its_prior():
    x, y = pairs(4000)
    coef, _ = tl._logistic(x, y, np.ones(len(y)), (np.array([0.0, -6.0, -6.0]), np.array([1.0, 10.0, 10.0])))
    assert abs(coef[1]) < 0.5  # 1,200 pairs say it is no evidence: no longer a wall at -6
    assert coef[2] < -4.0  # five pairs cannot undo the prior


def _grid(peaks: dict, shared_peak: float):
    """Out-of-fold grid counts (loso._grid's) whose objective peaks, for each kind, at the link cut ``peaks[kind]``
    (any margin), and for all kinds together at ``shared_peak``: found facts fall off with the distance."""
    import loso
    from accuracy import Counts

    totals = {}
    for kind in (None, *loso.KINDS):
        peak = shared_peak if kind is None else peaks[kind]
        for link in loso.LINK_CUTS:
            for margin in loso.MARGINS:
                found = max(0, 10 - int(round(abs(link - peak) * 100)))  # 10 at the peak, 5 at 0.05 off
                totals[(kind, link, margin)] = Counts(conflicts=10, conflicts_found=found, agrees=10,
                                                      agrees_found=found, pairs_true=found, pairs_false=10 - found)
    return totals


def test_a_kind_keeps_its_own_link_cut_only_when_clearly_better(monkeypatch):
    """loso.pipeline_cuts: a kind whose facts are best found at another link cut than the shared one gets it (with the
    shared margin over it), a kind best at the shared cut keeps the shared one, and with kind links off none does."""
    import loso

    grid = _grid({"date": 0.25, "quantity": 0.35, "attribution": 0.25}, 0.25)
    monkeypatch.setattr(loso, "_grid", lambda data: (grid, []))
    link, conflict, kind_conflict, kind_link = loso.pipeline_cuts([])
    assert (link, kind_link) == (0.25, {"quantity": 0.35})
    assert kind_conflict == {"quantity": round(0.35 + conflict - link, 2)}
    monkeypatch.setattr(loso, "KIND_LINKS", False)
    assert loso.pipeline_cuts([])[2:] == ({}, {})


def _story():
    """One story's quantity pairs: a fact stated four times (six positive pairs), a two-statement conflict fact
    (one positive pair), and three negatives, two of them between frames that share no event class."""
    from consistency.match.link import FEATURES

    facts = [{"big"}, {"big"}, {"big"}, {"big"}, {"small"}, {"small"}]
    a = np.array([0, 0, 0, 1, 1, 2, 4, 0, 1, 3])
    b = np.array([1, 2, 3, 2, 3, 3, 5, 4, 5, 4])
    y = np.array([True] * 7 + [False] * 3)
    x = np.zeros((len(a), len(FEATURES)))
    x[7, FEATURES.index("anchor_none")] = 1.0  # easy
    x[8, FEATURES.index("anchor_clash")] = 1.0  # easy
    x[0, FEATURES.index("anchor_none")] = 1.0  # a positive without an anchor stays as it is
    truth = {"facts": [{"id": "big", "kind": "quantity", "verdict": "agree"},
                       {"id": "small", "kind": "quantity", "verdict": "conflict"}]}
    pairs = SimpleNamespace(a=a, b=b)
    return tl.StoryData("s", {"quantity": x}, {"quantity": y}, {}, {"quantity": ([None] * 6, facts, pairs)}, truth, None)


# (settings, expected weights of the ten pairs), worked out by hand before the code ran
WEIGHTS = {
    "as-before": ({}, [1.0] * 10),
    "per-fact": ({"FACT_POWER": 1.0}, [3.5 / 6] * 6 + [3.5] + [1.0] * 3),
    "conflict-up": ({"CONFLICT_WEIGHT": 3.0}, [1.0] * 6 + [3.0] + [1.0] * 3),
    "hard-negatives": ({"EASY_WEIGHT": 0.0}, [1.0] * 7 + [0.0, 0.0, 1.0]),
    "per-fact-conflict-up": ({"FACT_POWER": 1.0, "CONFLICT_WEIGHT": 2.0}, [3.5 / 6] * 6 + [7.0] + [1.0] * 3),
    "half-power": ({"FACT_POWER": 0.5}, [7 / (6 * 6 ** -0.5 + 1) * 6 ** -0.5] * 6 + [7 / (6 * 6 ** -0.5 + 1)] + [1.0] * 3),
}


@pytest.mark.parametrize("name", list(WEIGHTS))
def test_pair_weights(monkeypatch, name):
    """train_link.pair_weights: per-fact weights keep the positives' total, each fact alike at FACT_POWER 1; a
    conflict fact's positives up-weighted; negatives sharing no event class down-weighted."""
    settings, expected = WEIGHTS[name]
    for key, value in {"FACT_POWER": 0.0, "CONFLICT_WEIGHT": 1.0, "EASY_WEIGHT": 1.0, **settings}.items():
        monkeypatch.setattr(tl, key, value)
    assert np.allclose(tl.pair_weights([_story()], "quantity"), expected)


def test_fixed_precision_is_read_at_the_loosest_precise_enough_cut():
    """loso.Sweep: the conflict recall at the lowest conflict cut whose pooled pair precision reaches the bound
    (precision is not monotone in the cut: 0.30 is precise enough though 0.35 is not); a cut with no pair is none."""
    import loso
    from accuracy import Counts

    sweep = loso.Sweep()
    for cut, (true, false, found) in {0.25: (4, 6, 5), 0.3: (11, 9, 4), 0.35: (4, 6, 3), 0.4: (17, 3, 2)}.items():
        sweep.at[cut] = Counts(conflicts=10, conflicts_found=found, pairs_true=true, pairs_false=false)
    cut, f = sweep.at_precision(0.5)
    assert (cut, f["conflict_recall"]) == (0.3, 0.4)
    cut, f = sweep.at_precision(0.8)
    assert (cut, f["conflict_recall"]) == (0.4, 0.2)
    assert sweep.at_precision(0.9) == (None, None)
