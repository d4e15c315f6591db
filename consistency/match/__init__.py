"""Same-fact linking: statements' values as frames, linked across articles, grouped into facts.

The flow (DESIGN.md): frames (frames.py, with the cue lexicon of cues.py)
-> candidates (candidates.py: k nearest statements of other articles, via
neighbours.py) -> link (link.py: a fitted pairwise model) -> facts
(facts.py: complete-link groups) -> findings (findings.py: typed comparison of
the values of directly linked frames).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

import numpy as np

from ..model import Cluster, Corpus
from .candidates import NEIGHBOURS, Pairs, candidate_pairs
from .facts import article_numbers, group_frames
from .frames import Frame, frames_of, window_text
from .link import LinkModel, features, load_model
from .nouns import noun_vectors

KINDS = ("date", "quantity", "attribution")


@dataclass(frozen=True)
class Fact:
    id: int
    kind: str
    frames: tuple[Frame, ...]  # sorted by (article, statement, start)
    links: dict = field(compare=False)  # (i, j) local indices, i < j -> link probability

    def link(self, i: int, j: int) -> float:
        return self.links.get((i, j) if i < j else (j, i), 0.0)


@dataclass(frozen=True)
class Matching:
    frames: dict[str, list[Frame]]
    pairs: dict[str, Pairs]
    probs: dict[str, np.ndarray]
    facts: tuple[Fact, ...]
    model: LinkModel
    windows: dict = field(default_factory=dict)  # kind -> unit vector per frame of the words around its value
    nouns: dict = field(default_factory=dict)  # counted noun -> unit vector (nouns.py), of the quantity frames

    def clusters(self) -> tuple[Cluster, ...]:
        """Each fact's statements, for the report's ``clusters`` (ids are the fact ids)."""
        return tuple(Cluster(f.id, tuple(sorted({fr.key for fr in f.frames}))) for f in self.facts)


def build_frames(corpus: Corpus) -> dict[str, list[Frame]]:
    """Every comparable mention of the corpus as a frame, per kind, in statement order."""
    from ..verdicts import unresolved_reason

    out: dict[str, list[Frame]] = {k: [] for k in KINDS}
    for s in corpus.statements:
        ms = corpus.mentions.get(s.key)
        if ms is None or not (ms.dates or ms.quantities or ms.attributions):
            continue
        article = corpus.article(s.article_id)
        published = article.published.toordinal() if article.published else None
        for f in frames_of(s, ms, article.language, published):
            if unresolved_reason(f.mention.value) is None:
                out[f.kind].append(f)
    return out


def window_vectors(corpus: Corpus, frames: dict[str, list[Frame]], embed, vectors: np.ndarray,
                   known=None) -> dict[str, "FrameRows"]:
    """Per kind, a unit vector per frame for the words around its value; ``embed(texts) -> rows``.

    Only a statement holding two or more values of a kind needs its windows
    told apart ("signed in 2017, delivered in 2019"); a frame alone of its kind
    in its statement takes the statement's vector. On the bench corpora that
    embeds 15% of the frames instead of all of them (72 s of 93 at 400 articles).
    An attribution with a content span takes the vector of what was said: its
    window is the claim, and the statement's vector carries the speaker too.
    ``known`` (link_cache.LinkCache): the previous run's window rows by frame content; only the
    frames it lacks have their windows cut and looked up (at 1,600 articles, cutting and looking up
    every window again was 10% of adding one article).
    """
    row_of = {s.key: n for n, s in enumerate(corpus.statements)}
    vectors = np.asarray(vectors, dtype=np.float32)
    out: dict[str, FrameRows] = {}
    todo: list[tuple[str, int]] = []
    texts: list[str] = []
    own: dict[str, np.ndarray] = {}
    own_rows: dict[str, np.ndarray] = {}
    for k in KINDS:
        fs = frames[k]
        rows = np.fromiter((row_of[(f.article, f.statement)] for f in fs), dtype=np.int64, count=len(fs))
        own[k] = np.fromiter((i for i, f in enumerate(fs) if f.crowd > 1 or own_window(f)), dtype=np.int64)
        own_rows[k] = np.empty((len(own[k]), vectors.shape[-1]), dtype=np.float32)
        out[k] = FrameRows(vectors, rows, own[k], own_rows[k])
        hit = np.zeros(len(own[k]), dtype=bool)
        if known is not None and len(own[k]):
            hit, got = known.window_rows(k, fs, own[k])
            if hit.any():
                own_rows[k][hit] = got
        for j in np.flatnonzero(~hit).tolist():
            f = fs[int(own[k][j])]
            st = corpus.statement(f.key)
            todo.append((k, j))
            texts.append(window_text(st.text, st.start, f.mention, f.limits))
    if texts:
        rows = np.asarray(embed(texts), dtype=np.float32)
        for (k, j), row in zip(todo, rows):
            own_rows[k][j] = row
    if known is not None:
        for k in KINDS:
            known.keep_windows(k, frames[k], own[k], own_rows[k])
    return out


class FrameRows:
    """A unit row per frame: its statement's vector, or for the frames ``own`` their window's (``own_rows``).

    Indexed like the (frames x d) matrix it stands for (``rows[idx]``, ``len``, ``np.asarray``), without
    copying a statement vector per frame: that copy of the whole archive was a tenth of adding one article.
    """

    def __init__(self, vectors: np.ndarray, rows: np.ndarray, own: np.ndarray, own_rows: np.ndarray):
        self.vectors, self.rows, self.own, self.own_rows = vectors, rows, own, own_rows  # own ascending
        self.shape = (len(rows), vectors.shape[-1])
        # each frame's row in own_rows, -1 for none: found once, not by a search of ``own`` per slice of pairs
        self.place = np.full(len(rows), -1, dtype=np.int64)
        self.place[own] = np.arange(len(own))

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, idx) -> np.ndarray:
        idx = np.arange(len(self.rows))[idx] if not isinstance(idx, np.ndarray) or idx.dtype == bool else idx
        out = self.vectors[self.rows[idx]]  # fancy indexing: a copy (one frame: a view, copied below)
        at = self.place[idx]
        if out.ndim == 1:
            return (self.own_rows[at] if at >= 0 else out).copy()
        mine = at >= 0
        if mine.any():
            out[mine] = self.own_rows[at[mine]]
        return out

    def __array__(self, dtype=None, copy=None):
        whole = self[np.arange(len(self.rows))]
        return whole if dtype is None else whole.astype(dtype)


def own_window(f: Frame) -> bool:
    """An attribution whose content span (what was said) is known: its window vector is the claim's."""
    v = f.mention.value
    return f.kind == "attribution" and getattr(v, "content_start", None) is not None and v.content_end is not None


def match(corpus: Corpus, vectors: np.ndarray, *, model: LinkModel | None = None, k: int = NEIGHBOURS,
          frames: dict[str, list[Frame]] | None = None, embed=None, scores=None, groups=None) -> Matching:
    """Frames, candidate pairs, link probabilities and facts of ``corpus`` (``vectors``: one row per statement).

    ``embed(texts) -> unit rows``: embeds the windows around values; without it the window cosine is the sentence's.
    ``scores`` (link_cache.py) and ``groups`` (group_cache.py): the previous run's probabilities and groupings.
    """
    model = model or load_model()
    frames = frames if frames is not None else build_frames(corpus)
    vectors = np.asarray(vectors, dtype=np.float32)
    windows = window_vectors(corpus, frames, embed, vectors, known=scores if hasattr(scores, "window_rows") else None) \
        if embed is not None else {}
    nouns = noun_vectors(frames["quantity"], embed) if embed is not None else {}
    row_of = {s.key: n for n, s in enumerate(corpus.statements)}
    pairs, probs, facts = {}, {}, []
    for kind in KINDS:
        fs = frames[kind]
        pairs[kind] = candidate_pairs(fs, row_of, vectors, k=k)
        if scores is not None:  # link probabilities through a cache (link_cache.py): the same numbers
            probs[kind] = scores(kind, fs, pairs[kind], windows.get(kind), model, nouns)
        else:
            x = features(fs, pairs[kind], windows.get(kind), nouns)
            probs[kind] = model.probability(kind, x) if len(pairs[kind]) else np.empty(0)
        facts.extend(_facts(kind, fs, pairs[kind], probs[kind], model.link_cut(kind), groups))
    facts.sort(key=lambda f: (f.frames[0].key, f.frames[0].mention.start, f.kind))
    numbered = tuple(Fact(n, f.kind, f.frames, f.links) for n, f in enumerate(facts, start=1))
    return Matching(frames, pairs, probs, numbered, model, windows, nouns)


def _facts(kind: str, frames: Sequence[Frame], pairs: Pairs, probs: np.ndarray, cut: float, groups=None) -> list[Fact]:
    articles = article_numbers(frames)  # a group holds one frame per article (facts.one_to_one)
    if groups is not None:  # group_cache.py: the same labels, components the previous run kept read back
        labels = groups.group(kind, len(frames), pairs.a, pairs.b, probs, cut, articles)
    else:
        labels = group_frames(len(frames), pairs.a, pairs.b, probs, cut, articles)
    grouped = np.flatnonzero(labels >= 0)
    grouped = grouped[np.argsort(labels[grouped], kind="stable")]
    bounds = np.flatnonzero(np.diff(labels[grouped])) + 1
    kept: list[list[int]] = []
    pos = np.full(len(frames), -1, dtype=np.int64)  # each grouped frame's place in its fact
    for members in np.split(grouped, bounds) if len(grouped) else ():
        members = members.tolist()
        if len({frames[i].article for i in members}) < 2:
            continue
        members.sort(key=lambda i: (frames[i].key, frames[i].mention.start))
        pos[members] = np.arange(len(members))
        kept.append(members)
    # Only the pairs inside a kept group become its links, found in numpy and
    # sorted by (group, x, y): a Python loop over every pair was most of this step.
    a, b = pairs.a, pairs.b
    inside = np.flatnonzero((pos[a] >= 0) & (labels[a] == labels[b]))
    x, y = pos[a[inside]], pos[b[inside]]
    x, y = np.minimum(x, y), np.maximum(x, y)
    g = labels[a[inside]]
    order = np.lexsort((y, x, g))
    g, x, y, p = g[order], x[order], y[order], probs[inside][order]
    starts = np.searchsorted(g, [labels[m[0]] for m in kept]) if kept else []
    ends = np.searchsorted(g, [labels[m[0]] for m in kept], side="right") if kept else []
    out = []
    for members, lo, hi in zip(kept, starts, ends):
        links = dict(zip(zip(x[lo:hi].tolist(), y[lo:hi].tolist()), p[lo:hi].astype(float).tolist()))
        out.append(Fact(0, kind, tuple(frames[i] for i in members), links))
    return out
