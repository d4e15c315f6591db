"""align._Links: each frame's linked frames, in the order the former per-pair loop gave them."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from consistency.align import _Links
from consistency.match.candidates import Pairs


def _loop(frames, pairs, probs, cut):
    """The per-pair Python loop _Links replaced: neighbours appended in pair order, both ends."""
    adj: dict[int, list[int]] = {}
    for a, b, p in zip(pairs.a.tolist(), pairs.b.tolist(), probs.tolist()):
        if p >= cut:
            adj.setdefault(a, []).append(b)
            adj.setdefault(b, []).append(a)
    return adj


def test_linked_frames_come_in_the_loops_order():
    rng = np.random.default_rng(11)
    n = 60
    frames = [SimpleNamespace(key=("a%d" % (i % 7), i), mention=SimpleNamespace(start=3 * i)) for i in range(n)]
    a = rng.integers(0, n, 900)
    b = rng.integers(0, n, 900)
    a, b = np.minimum(a, b), np.maximum(a, b)
    pairs = Pairs(a, b, np.zeros(len(a), dtype=np.float32))
    probs = rng.random(len(a))
    probs[::7] = 0.25  # exactly at the cut: kept
    matching = SimpleNamespace(frames={"date": frames, "quantity": []}, pairs={"date": pairs},
                               probs={"date": probs}, model=SimpleNamespace(link_cut=lambda kind: 0.25))
    links = _Links(matching)
    want = _loop(frames, pairs, probs, 0.25)
    for i, f in enumerate(frames):
        got = links.linked("date", f.key, f.mention)
        assert [id(x) for x in got] == [id(frames[j]) for j in want.get(i, [])]
    assert links.linked("quantity", frames[0].key, frames[0].mention) == []
    assert links.linked("date", ("nowhere", 0), frames[0].mention) == []
