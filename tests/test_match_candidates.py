"""Blocked candidates: frames sharing an event class and an entity (or counted noun) meet, whatever their wording."""

from __future__ import annotations

from datetime import date

import numpy as np

from consistency.match import build_frames
from consistency.match.candidates import BLOCK_CAP, BLOCK_PER_FRAME, block_pairs, candidate_pairs
import one_sentence

# Written for this test, unlike any corpus sentence: 0 and 2 state one fact
# (the levee's breach date) in different shapes and scripts; 1 is another
# event of the same town (a school's opening).
TEXTS = [
    ("en", "After days of rain the Karsu levee breached on 14 April 2021, officials said."),
    ("en", "A new primary school opened in Karsu on 20 April 2021."),
    ("ar", "وفي 14 نيسان/ أبريل 2021 انهار سد كارسو بعد أيام من الأمطار الغزيرة."),
]


def corpus_of(texts):
    return one_sentence.corpus_of(texts, date(2021, 4, 21))


def test_same_event_and_entity_meet_across_scripts_other_event_does_not():
    frames = build_frames(corpus_of(TEXTS))["date"]
    arts = [f.article for f in frames]
    assert "a0" in arts and "a2" in arts, [(f.article, f.mention.text, f.anchor) for f in frames]
    a, b = block_pairs(frames)
    met = {(frames[i].article, frames[j].article) for i, j in zip(a.tolist(), b.tolist())}
    assert ("a0", "a2") in met
    assert ("a0", "a1") not in met and ("a1", "a2") not in met


def test_block_pairs_join_the_k_nearest_with_their_sentence_cosine():
    corpus = corpus_of(TEXTS)
    frames = build_frames(corpus)["date"]
    row_of = {s.key: n for n, s in enumerate(corpus.statements)}
    # Orthogonal sentence vectors: no statement is any other's neighbour by meaning...
    vectors = np.eye(len(corpus.statements), 8, dtype=np.float32)
    pairs = candidate_pairs(frames, row_of, vectors, k=0)
    found = {(frames[i].article, frames[j].article): s for i, j, s in zip(pairs.a.tolist(), pairs.b.tolist(), pairs.sim.tolist())}
    # ...yet the block brings the two statements of the breach together, at their true cosine.
    assert found.get(("a0", "a2")) == 0.0


def test_a_commonplace_block_pairs_each_frame_with_a_few_not_all():
    text = "The flood in Karsu killed 12 people on 3 May 2021."
    n = BLOCK_CAP * 2
    frames = build_frames(corpus_of([("en", text)] * n))["date"]
    assert len(frames) == n
    a, b = block_pairs(frames)
    # Every kept pair is among the first BLOCK_PER_FRAME of one of its two ends: linear in frames, not all pairs.
    assert 0 < len(a) <= 2 * BLOCK_PER_FRAME * n < n * (n - 1) // 2


def test_a_frame_added_to_a_commonplace_block_changes_few_of_its_pairs():
    """A big block's pairs follow a hash of its members' content, not their count or places: one frame
    more leaves nearly every pair of the others as it was, so an archive's added article is scored and
    grouped where it lands, not over the whole block (a permutation seeded by the key changed them all)."""
    text = "Floodwater cut the Varena road at 4 a.m. on 9 June 2022, the district office said."
    n = BLOCK_CAP * 3

    def pairs_of(count):
        frames = build_frames(corpus_of([("en", text)] * count))["date"]
        a, b = block_pairs(frames)
        return {(frames[i].article, frames[j].article) for i, j in zip(a.tolist(), b.tolist())}
    before, after = pairs_of(n), pairs_of(n + 1)
    new = f"a{n}"
    kept = {p for p in after if new not in p}
    assert any(new in p for p in after)
    assert len(before ^ kept) <= len(before) // 10, (len(before), len(before ^ kept))


def test_cutting_each_rows_list_skips_the_sort_only_when_it_would_change_nothing():
    """_cut_per_row keeps each row's k best of other articles; edges the search already gave sorted by
    (row, falling similarity) are not sorted again, others are: both give what a stable lexsort gives."""
    from consistency.match.candidates import _cut_per_row

    rng = np.random.default_rng(21)
    n, k = 60, 4
    s = np.repeat(np.arange(n), 9)
    t = rng.integers(0, n, len(s))
    sim = rng.choice(np.linspace(0, 1, 7, dtype=np.float32), len(s))  # many ties
    art = rng.integers(0, 12, n)
    for order in (np.lexsort((-sim, s)), rng.permutation(len(s))):  # as the search gives them; shuffled
        got = _cut_per_row(s[order], t[order], sim[order], art, k)
        ss, tt, mm = s[order], t[order], sim[order]
        other = art[ss] != art[tt]
        ss, tt, mm = ss[other], tt[other], mm[other]
        ref = np.lexsort((-mm, ss))
        ss, tt, mm = ss[ref], tt[ref], mm[ref]
        rank = np.arange(len(ss)) - np.searchsorted(ss, ss)
        want = (ss[rank < k], tt[rank < k], mm[rank < k])
        assert all(np.array_equal(g, w) for g, w in zip(got, want))


def test_block_pairs_count_the_keys_a_pair_shares_across_blocks_of_every_size():
    """Blocks are paired a size at a time; a pair's shared keys are summed over all of them before each
    frame keeps its BLOCK_PER_FRAME partners sharing most. Checked against a count in plain Python."""
    from consistency.match.candidates import block_keys

    towns = ["Karsu", "Varena", "Olmet", "Dravik"]
    texts = []
    for i in range(36):  # blocks of many sizes (none over BLOCK_CAP): (flood, town) keys, (flood, road) for some, the day for all
        extra = " near the Tesla road" if i % 3 == 0 else ""
        texts.append(("en", f"The flood in {towns[i % 4]}{extra} killed {i + 2} people on {1 + i % 5} May 2021."))
    frames = build_frames(corpus_of(texts))["date"]
    a, b = block_pairs(frames)
    members: dict = {}
    for i, f in enumerate(frames):
        for key in block_keys(f):
            members.setdefault(key, []).append(i)
    assert all(len(m) <= BLOCK_CAP for m in members.values())
    shared: dict = {}
    for m in members.values():
        for x in range(len(m)):
            for y in range(x + 1, len(m)):
                i, j = min(m[x], m[y]), max(m[x], m[y])
                if frames[i].article != frames[j].article:
                    shared[(i, j)] = shared.get((i, j), 0) + 1
    assert len({v for v in shared.values()}) > 2  # pairs share several counts of keys
    keep = set()
    for end in (0, 1):
        by_end: dict = {}
        for p in sorted(shared):  # code order, as the ranking's ties fall
            by_end.setdefault(p[end], []).append(p)
        for ps in by_end.values():
            keep.update(sorted(ps, key=lambda p: -shared[p])[:BLOCK_PER_FRAME])
    assert set(zip(a.tolist(), b.tolist())) == keep
