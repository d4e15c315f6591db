"""Candidate pairs: for each frame, the frames of its kind in the nearest statements of OTHER articles.

Near-linear: per kind, the statements holding a frame of that kind ask for
their ``k`` nearest statements (neighbours.py, no all-pairs step and no
similarity floor: the link model decides), pairs within one article are
dropped, and each statement pair gives every pairing of their frames of the
kind (a sentence with two dates meets both dates of its neighbour; the link
model tells which goes with which). Copies of one text in several articles
(wire stories) are paired with each other directly.

The k nearest miss pairs whose sentences differ in shape: on the dev
stories most lost pairs of a big fact ("the blast of 4 August", stated in a
hundred sentences) were never candidates. So frames are also blocked by key:
an event class with an entity of the words around the value (a skeleton,
comparable across scripts), or with the counted noun of an amount. A block
of more than BLOCK_CAP frames is a commonplace, not a key, and is skipped;
each frame keeps at most BLOCK_PER_FRAME block partners, those sharing most
keys first. Cost: linear in frames times keys, capped per frame.
"""

from __future__ import annotations

import hashlib
from typing import Sequence

import numpy as np

from ..entities import skeleton
from .frames import Frame
from .neighbours import cosines, nearest_pairs

NEIGHBOURS = 20  # k nearest statements per statement
_SPARE = 10  # asked for on top of k: some neighbours are in the statement's own article
COPY_STAR = 16  # beyond this many copies of one text, copies pair with the first copy only
BLOCK_CAP = 40  # frames in a block beyond which its key is too common to pair on
BLOCK_PER_FRAME = 10  # block partners kept per frame
BIG_STRIDE = 3  # partners per frame in a block over BLOCK_CAP


class Pairs:
    """Candidate frame pairs of one kind: indices into that kind's frame list (a < b), sentence cosine.

    A pair met only by blocking has its cosine computed when first asked for
    (``sim_at``), from the statement vectors it was built with: an archive's
    +1 article scores only its new pairs (link_cache.py), and gathering the
    vectors of every blocked pair to compute cosines no one read was most of
    the candidate step. ``neighbours.cosines`` gives the same bits in any batch.
    """

    __slots__ = ("a", "b", "_sim", "_rows", "_vectors")

    def __init__(self, a: np.ndarray, b: np.ndarray, sim: np.ndarray, rows: np.ndarray | None = None,
                 vectors: np.ndarray | None = None):
        self.a, self.b, self._sim = a, b, sim  # sim: NaN where not computed yet (then rows and vectors are given)
        self._rows, self._vectors = rows, vectors

    def __len__(self) -> int:
        return len(self.a)

    @property
    def sim(self) -> np.ndarray:
        """Every pair's cosine."""
        return self.sim_at(np.arange(len(self.a)))

    def sim_at(self, idx: np.ndarray) -> np.ndarray:
        """The cosines of pairs ``idx`` (computed now where they were not yet)."""
        out = self._sim[idx]
        if self._rows is not None:
            todo = np.flatnonzero(np.isnan(out))
            if len(todo):
                at = np.asarray(idx)[todo]
                vals = cosines(self._vectors, self._rows[self.a[at]], self._rows[self.b[at]])
                self._sim[at] = vals
                out[todo] = vals
        return out


def candidate_pairs(frames: Sequence[Frame], row_of: dict, vectors: np.ndarray, *, k: int = NEIGHBOURS) -> Pairs:
    """Candidate pairs among ``frames`` (one kind, sorted by statement), ``row_of``: statement key -> vector row."""
    if len(frames) < 2:
        return _empty()
    # The frames' statements, each once, in frame order.
    keys = list(dict.fromkeys(f.key for f in frames))
    stmt_of = {key: n for n, key in enumerate(keys)}
    fs = np.fromiter((stmt_of[f.key] for f in frames), dtype=np.int64, count=len(frames))
    counts = np.bincount(fs, minlength=len(keys))
    first = np.concatenate(([0], np.cumsum(counts)[:-1]))
    articles = {a: n for n, a in enumerate(dict.fromkeys(key[0] for key in keys))}
    art = np.fromiter((articles[key[0]] for key in keys), dtype=np.int64, count=len(keys))
    rows = np.fromiter((row_of[key] for key in keys), dtype=np.int64, count=len(keys))
    sub = vectors[rows]
    s, t, sim, node = nearest_pairs(sub, k + _SPARE)
    s, t, sim = _cut_per_row(s, t, sim, art, k)
    cs, ct, csim = _copies(node, art)
    s = np.concatenate([s, cs])
    t = np.concatenate([t, ct])
    sim = np.concatenate([sim, csim]).astype(np.float32)
    # Copies of an endpoint share its neighbours when they are few.
    s, t, sim = _spread(s, t, sim, node)
    other = art[s] != art[t]
    s, t, sim = s[other], t[other], sim[other]
    lo, hi = np.minimum(s, t), np.maximum(s, t)
    _, uniq = np.unique(lo * len(keys) + hi, return_index=True)
    s, t, sim = lo[uniq], hi[uniq], sim[uniq]
    # Statement pairs -> frame pairs: every frame of one with every frame of the other.
    m = counts[s] * counts[t]
    total = int(m.sum())
    idx = np.repeat(np.arange(len(s)), m)
    within = np.arange(total) - np.repeat(np.cumsum(m) - m, m)
    fa = first[s][idx] + within // counts[t][idx]
    fb = first[t][idx] + within % counts[t][idx]
    del within
    # (each temporary here is 8 bytes a frame pair: freed as soon as it is used, they were several
    # copies of the pair list alive at once beside the other kinds' pairs)
    a, b = np.minimum(fa, fb), np.maximum(fa, fb)
    del fa, fb
    sim = sim[idx]
    del idx
    ba, bb = block_pairs(frames)
    lazy = None
    if len(ba):
        # A pair both near and blocked keeps the search's cosine (np.unique's first
        # occurrence); a blocked-only pair's is computed when it is scored (Pairs.sim_at).
        a, b = np.concatenate([a, ba]), np.concatenate([b, bb])
        sim = np.concatenate([sim, np.full(len(ba), np.nan, dtype=np.float32)])
        del ba, bb
        _, uniq = np.unique(a * len(frames) + b, return_index=True)
        a, b, sim = a[uniq], b[uniq], sim[uniq]
        del uniq
        lazy = rows[fs]
    if len(a) == 0:
        return _empty()
    return Pairs(a.astype(np.int64, copy=False), b.astype(np.int64, copy=False), sim.astype(np.float32, copy=False),
                 lazy, vectors)


def block_keys(f: Frame) -> set:
    """A frame's blocking keys: (event class, entity skeleton near the value), (event class, counted noun
    or unit).

    Every event class near the value, not only the nearest: one event is
    "breached" (flood) in one language and "انهار" (collapse) in another.
    """
    if f.anchor is None:
        return set()
    words = f.window  # the value's own words are not in it ("April" is no key: two values of one fact may differ)
    classes = f.anchors | {f.anchor}
    keys = {(c, w) for c in classes for w in words}
    noun = getattr(f.mention, "noun", None)
    if noun:
        keys |= {(c, "#" + skeleton(noun)) for c in classes}
    if f.unit:
        # The unit a value is counted in (a date's granularity): "explode" with a
        # day is the blast's day in a story, however the sentences around differ.
        keys |= {(c, "@" + f.unit) for c in classes}
    return keys


def block_pairs(frames: Sequence[Frame]) -> tuple[np.ndarray, np.ndarray]:
    """Frame pairs (a < b, other articles) sharing a blocking key, at most BLOCK_PER_FRAME per frame."""
    key_id: dict = {}
    member_f, member_k = [], []
    for i, f in enumerate(frames):
        for key in block_keys(f):
            member_f.append(i)
            member_k.append(key_id.setdefault(key, len(key_id)))
    empty = np.empty(0, dtype=np.int64)
    if not member_f:
        return empty, empty
    mf, mk = np.asarray(member_f, dtype=np.int64), np.asarray(member_k, dtype=np.int64)
    size = np.bincount(mk)
    keep = size[mk] >= 2
    mf, mk = mf[keep], mk[keep]
    if len(mf) == 0:
        return empty, empty
    order = np.argsort(mk, kind="stable")
    mf, mk = mf[order], mk[order]
    bounds = np.flatnonzero(np.diff(mk)) + 1
    starts = np.concatenate(([0], bounds))
    ends = np.concatenate((bounds, [len(mk)]))
    art_of = {a: n for n, a in enumerate(dict.fromkeys(f.article for f in frames))}
    art = np.fromiter((art_of[f.article] for f in frames), dtype=np.int64, count=len(frames))
    codes, counts = [], []  # per step: its distinct pairs (other articles) and how many keys each shares there

    def take(s: np.ndarray, t: np.ndarray) -> None:
        # Counted a step at a time, not every block pair of the corpus held at once in several int64
        # arrays: their number grows faster than the corpus while its blocks fill up towards BLOCK_CAP.
        other = art[s] != art[t]
        s, t = s[other], t[other]
        if len(s):
            c, n = np.unique(np.minimum(s, t) * len(frames) + np.maximum(s, t), return_counts=True)
            codes.append(c)
            counts.append(n)

    keys = list(key_id)
    sizes = ends - starts
    # Small blocks give all their pairs, one numpy step per block size (a loop per
    # block was most of blocking's CPU at 1,600 articles); the order pairs are made
    # in does not matter, np.unique below sorts them.
    # (return_index: np.unique without it imports numpy.ma, 0.01 CPU-s of a cold start, for its masked check)
    for m in np.unique(sizes[sizes <= BLOCK_CAP], return_index=True)[0].tolist():
        at = starts[sizes == m]
        block = mf[at[:, None] + np.arange(m)]
        i, j = np.triu_indices(m, 1)
        take(block[:, i].ravel(), block[:, j].ravel())
        del block
    ids = frame_ids(frames) if (sizes > BLOCK_CAP).any() else None
    big_s, big_t = [], []
    for lo, hi in zip(starts[sizes > BLOCK_CAP].tolist(), ends[sizes > BLOCK_CAP].tolist()):
        # Members in the order of a hash of (the key, each member's content):
        # a block's pairs depend on its key and members only, never on the
        # string hashing of this process, on which other blocks came first
        # (runs in two processes gave two reports), or on the members' count
        # or places: a frame added to a block changes only the pairs of its
        # BIG_STRIDE predecessors, not the whole block's (a permutation seeded
        # by the key did, and the archive's +1 article scored and grouped most
        # of the corpus again).
        members = _content_order(keys[int(mk[lo])], mf[lo:hi], ids)
        i = np.repeat(np.arange(hi - lo), BIG_STRIDE)
        j = (i + np.tile(np.arange(1, BIG_STRIDE + 1), hi - lo)) % (hi - lo)
        big_s.append(members[i])
        big_t.append(members[j])
    if big_s:
        take(np.concatenate(big_s), np.concatenate(big_t))
    del big_s, big_t
    if not codes:
        return empty, empty
    # the steps' counts summed per pair: what one np.unique over all the pairs counts
    code, inverse = np.unique(np.concatenate(codes), return_inverse=True)
    shared = np.bincount(inverse.ravel(), weights=np.concatenate(counts), minlength=len(code)).astype(np.int64)
    del codes, counts, inverse
    lo, hi = code // len(frames), code % len(frames)
    # Each frame's partners sharing the most keys: rank within each end.
    keep = np.zeros(len(lo), dtype=bool)
    for end in (lo, hi):
        order = np.lexsort((-shared, end))
        first = np.searchsorted(end[order], end[order], side="left")
        keep[order[(np.arange(len(order)) - first) < BLOCK_PER_FRAME]] = True
    return lo[keep], hi[keep]


def _content_order(key, members: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """``members`` sorted by a hash of (the block's key, their content ids); ties (never seen) by index."""
    seed = np.uint64(int.from_bytes(hashlib.blake2b(repr(key).encode(), digest_size=8).digest(), "little"))
    return members[np.argsort(mix(ids[members] ^ seed), kind="stable")]


def frame_ids(frames: Sequence[Frame]) -> np.ndarray:
    """A 64-bit content id per frame: a hash of its article id mixed with its statement and value's offset.

    The same frame has the same id in any corpus holding its article (one
    blake2b per article, the rest in numpy).
    """
    n = len(frames)
    heads: dict[str, int] = {}
    art = np.fromiter((heads.setdefault(f.article, len(heads)) for f in frames), dtype=np.int64, count=n)
    stmt = np.fromiter((f.statement for f in frames), dtype=np.uint64, count=n)
    start = np.fromiter((f.mention.start for f in frames), dtype=np.uint64, count=n)
    h = np.fromiter((int.from_bytes(hashlib.blake2b(a.encode(), digest_size=8).digest(), "little") for a in heads),
                    dtype=np.uint64, count=len(heads))
    with np.errstate(over="ignore"):
        return mix(h[art] + mix((stmt << np.uint64(24)) + start + np.uint64(1)))


def mix(x: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser: a bijection of 64-bit words that spreads every input bit."""
    with np.errstate(over="ignore"):
        x = x ^ (x >> np.uint64(30))
        x = x * np.uint64(0xBF58476D1CE4E5B9)
        x = x ^ (x >> np.uint64(27))
        x = x * np.uint64(0x94D049BB133111EB)
        return x ^ (x >> np.uint64(31))


def _cut_per_row(s, t, sim, art, k):
    """Each row's k nearest in other articles (the search asked for a few spare)."""
    other = art[s] != art[t]
    s, t, sim = s[other], t[other], sim[other]
    if len(s) > 1 and not _by_row_best_first(s, sim):  # the search gives them so: sorting again was half this step
        order = np.lexsort((-sim, s))
        s, t, sim = s[order], t[order], sim[order]
    new_row = np.flatnonzero(np.diff(s)) + 1 if len(s) else np.empty(0, dtype=np.int64)
    starts = np.repeat(np.concatenate(([0], new_row)), np.diff(np.concatenate(([0], new_row, [len(s)]))))
    keep = (np.arange(len(s)) - starts) < k
    return s[keep], t[keep], sim[keep]


def _by_row_best_first(s: np.ndarray, sim: np.ndarray) -> bool:
    """Whether edges are sorted by row, then by falling similarity (what a stable lexsort would leave as it is)."""
    same = s[1:] == s[:-1]
    return bool(np.all((s[1:] > s[:-1]) | (same & (sim[1:] <= sim[:-1]))))


def _copies(node: np.ndarray, art: np.ndarray):
    """Pairs of identical statements: all pairs when few, else each copy with the first."""
    out_s, out_t = [], []
    order = np.argsort(node, kind="stable")
    bounds = np.flatnonzero(np.diff(node[order])) + 1
    starts = np.concatenate(([0], bounds))
    ends = np.concatenate((bounds, [len(order)]))
    copied = ends - starts >= 2  # the loop meets only groups of copies, not every statement
    for lo, hi in zip(starts[copied].tolist(), ends[copied].tolist()):
        group = order[lo:hi]
        if len(group) <= COPY_STAR:
            i, j = np.triu_indices(len(group), 1)
            out_s.append(group[i])
            out_t.append(group[j])
        else:
            out_s.append(np.full(len(group) - 1, group[0]))
            out_t.append(group[1:])
    if not out_s:
        empty = np.empty(0, dtype=np.int64)
        return empty, empty, np.empty(0, dtype=np.float32)
    s, t = np.concatenate(out_s), np.concatenate(out_t)
    return s, t, np.ones(len(s), dtype=np.float32)


def _spread(s, t, sim, node):
    """Edges found between first copies, repeated for the other copies of small copy groups.

    In numpy (a per-edge Python loop was 4-5 CPU-s at 1,600 articles); the
    edges come out in the loop's order: the given ones, then for each end in
    turn each edge once per copy of that end, copies in ascending order.
    """
    copies = np.flatnonzero(node != np.arange(len(node)))
    if len(copies) == 0:
        return s, t, sim
    sizes = np.bincount(node, minlength=len(node))
    copies = copies[sizes[node[copies]] <= COPY_STAR]
    if len(copies) == 0:
        return s, t, sim
    first = node[copies]
    order = np.argsort(first, kind="stable")  # copies grouped by their first, ascending within a group
    first, copies = first[order], copies[order]
    per_first = np.bincount(first, minlength=len(node))
    out_s, out_t, out_sim = [s], [t], [sim]
    for end_from, end_to in ((s, t), (t, s)):
        m = per_first[end_from]
        total = int(m.sum())
        if total == 0:
            continue
        edge = np.repeat(np.arange(len(end_from)), m)
        offset = np.arange(total) - np.repeat(np.cumsum(m) - m, m)
        at = np.repeat(np.searchsorted(first, end_from), m) + offset
        out_s.append(copies[at])
        out_t.append(end_to[edge])
        out_sim.append(sim[edge].astype(np.float32))
    return np.concatenate(out_s), np.concatenate(out_t), np.concatenate(out_sim)


def _empty() -> Pairs:
    e = np.empty(0, dtype=np.int64)
    return Pairs(e, e, np.empty(0, dtype=np.float32))
