"""Each component's grouping, kept by its content: a batch added to an archive groups only the components it links.

``facts.group_frames`` cuts each connected component of the accepted links
(probability at or above the model's ``link``, kept by the one-to-one choice
between each two articles' frames: ``facts.edges``) on its own: a pair is a
group, a component of up to ``facts.DENSE_LIMIT`` frames is cut by complete
link, and a bigger one is split by raising the edge cut a step
(``RAISE_STEP``) and doing the same for each component of what is left.
What it makes of a component depends on that component alone (its size, its
edges between members numbered in frame order, their probabilities, the
level and the cut), and the labels of a graph are its components' labels,
each offset by the groups of the components before it (in order of their
lowest frame). So ``GroupCache.group`` finds every component of a level at
once by a content key, reads back those the previous run kept, and works
only on the others: a new pair, a complete link, or one more level for a
big one. Never by its frames' places in the corpus, which shift when an
article is added before them.

The key of a component is computed in numpy for all of a level's
components at once: each edge's (local ends, probability bits) mixed into
two 64-bit words and summed per component (the grouping does not depend on
the order of the edges, pairs being unique), then mixed with the size, the
level and the cut. A blake2b and a searchsorted per component and level
(the previous way) was 14% of adding one article to 1,600: most frames of a
kind are one component of thousands, split over seven levels, and every
level of its parts was keyed again. Tests compare the labels with
``group_frames``'s on random graphs (with split components, and after
frames are added) and whole reports with a cold run's.

One file per kind: keys, label counts and labels, this run's entries first
then the previous run's not met again (a batch that touches a big component
finds its untouched parts), up to KEEP labels per frame. The folder is
keyed on the code digest, so a change of model or grouping code starts
afresh; a file that cannot be read is a cold grouping, and a key whose
labels do not fit its component is a miss.
"""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np

from ..store import private_dir, write_whole
from .candidates import mix
from .facts import DENSE_LIMIT, RAISE_STEP, components, edges, group_frames
from .incremental import _find, prune_others

log = logging.getLogger(__name__)

FOLDER = "groups"
KEEP = 64  # labels kept per frame of a kind (every level of the splitting holds each frame once)
_SEED1, _SEED2 = np.uint64(0x9E3779B97F4A7C15), np.uint64(0xD6E8FEB86659FD93)


class _Level:
    """One graph's components: nodes and edges sorted by component, each component's content key."""

    def __init__(self, n: int, a: np.ndarray, b: np.ndarray, p: np.ndarray, c: float, cut: float):
        count, comp = components(n, a, b)
        self.sizes = np.bincount(comp, minlength=count)
        self.by_node = np.argsort(comp, kind="stable")
        self.node_start = np.concatenate(([0], np.cumsum(self.sizes)[:-1])).astype(np.int64)
        rank = np.empty(n, dtype=np.int64)
        rank[self.by_node] = np.arange(n) - self.node_start[comp[self.by_node]]  # place among its component's members
        ec = comp[a]
        self.edge_order = np.argsort(ec, kind="stable")
        self.edge_count = np.bincount(ec, minlength=count)
        self.edge_start = np.concatenate(([0], np.cumsum(self.edge_count)[:-1])).astype(np.int64)
        self.la, self.lb = rank[a], rank[b]  # every edge's ends as places in its component
        self.p = p
        ua, ub = self.la.astype(np.uint64), self.lb.astype(np.uint64)
        bits = np.asarray(p, dtype=np.float64).view(np.uint64)
        level = np.array([c, cut], dtype=np.float64).view(np.uint64)
        keys = np.zeros((count, 2), dtype=np.uint64)
        with np.errstate(over="ignore"):
            h1 = mix(mix((ua << np.uint64(32)) ^ ub ^ _SEED1) ^ bits)
            h2 = mix(mix(ua * _SEED2 + ub + _SEED1) + mix(bits ^ _SEED2))
            has = self.edge_count > 0
            if len(a):
                keys[has, 0] = np.add.reduceat(h1[self.edge_order], self.edge_start[has])
                keys[has, 1] = np.add.reduceat(h2[self.edge_order], self.edge_start[has])
            head = mix(self.sizes.astype(np.uint64) ^ mix(level[0] + mix(level[1])))
            keys[:, 0] = mix(keys[:, 0] ^ head)
            keys[:, 1] = mix(keys[:, 1] + head * _SEED2)
        self.keys = keys

    def members(self, k: int) -> np.ndarray:
        return self.by_node[self.node_start[k]:self.node_start[k] + self.sizes[k]]

    def edges(self, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        inside = self.edge_order[self.edge_start[k]:self.edge_start[k] + self.edge_count[k]]
        return self.la[inside], self.lb[inside], self.p[inside]


class GroupCache:
    """``group``: ``facts.group_frames``'s labels through the previous run's components; ``save`` keeps this run's."""

    def __init__(self, directory: Path | None, code: str):
        self.folder = Path(directory) / FOLDER / code if directory is not None else None
        self.now: dict[str, tuple[list, list, int]] = {}  # kind -> (keys, labels per key, frames)
        self.reused = self.grouped = 0
        self._old: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray] | None] = {}

    def group(self, kind: str, n: int, a: np.ndarray, b: np.ndarray, p: np.ndarray, cut: float,
              articles: np.ndarray | None = None) -> np.ndarray:
        """``facts.group_frames(n, a, b, p, cut, articles)``, label for label: the same edges, their components
        read back or grouped."""
        keep = edges(a, b, p, cut, articles)
        a, b, p = np.asarray(a, dtype=np.int64)[keep], np.asarray(b, dtype=np.int64)[keep], np.asarray(p)[keep]
        self.now[kind] = ([], [], n)
        return self._labels(kind, n, a, b, p, cut, cut)

    def _labels(self, kind: str, n: int, a, b, p, c: float, cut: float) -> np.ndarray:
        """Labels of the graph whose every edge is at or above ``c`` (one level of ``facts._group``)."""
        level = _Level(n, a, b, p, c, cut)
        real = np.flatnonzero(level.sizes >= 2)
        local: dict[int, np.ndarray] = {}
        old = self._load(kind)
        if old is not None and len(real) and len(old[0]):
            okeys, ostarts, olabels = old
            where = _find(okeys, level.keys[real])
            for k, w in zip(real[where >= 0].tolist(), where[where >= 0].tolist()):
                got = olabels[ostarts[w]:ostarts[w + 1]]
                if len(got) == level.sizes[k]:
                    local[k] = got.astype(np.int64)
        keys, kept, _ = self.now[kind]
        for k in real.tolist():
            mine = local.get(k)
            if mine is not None:
                self.reused += 1
            else:
                self.grouped += 1
                size = int(level.sizes[k])
                la, lb, lp = level.edges(k)
                if size > DENSE_LIMIT:  # too big to cut whole: its components above the next edge cut
                    higher = lp >= c + RAISE_STEP
                    mine = self._labels(kind, size, la[higher], lb[higher], lp[higher], c + RAISE_STEP, cut)
                else:  # a pair, or complete link: facts' own code
                    mine = group_frames(size, la, lb, lp, cut)
                local[k] = mine
            keys.append(level.keys[k])
            kept.append(mine.astype(np.int32))
        labels = np.full(n, -1, dtype=np.int64)
        offset = 0
        for k in real.tolist():
            mine = local[k]
            took = mine >= 0
            labels[level.members(k)[took]] = offset + mine[took]
            offset += int(mine.max()) + 1 if took.any() else 0
        return labels

    def _load(self, kind: str):
        if kind in self._old:
            return self._old[kind]
        self._old[kind] = None
        if self.folder is None:
            return None
        path = self.folder / f"{kind}.npz"
        try:
            with np.load(path, allow_pickle=False) as z:
                keys, counts, labels = z["keys"], z["counts"], z["labels"]
        except FileNotFoundError:
            return None
        except Exception as exc:  # truncated, not ours: those components are grouped again
            log.warning("group cache %s is not usable, grouping again: %s", path, exc)
            return None
        if keys.ndim != 2 or keys.shape[1] != 2 or len(counts) != len(keys) or int(counts.sum()) != len(labels):
            log.warning("group cache %s is not usable, grouping again", path)
            return None
        starts = np.concatenate(([0], np.cumsum(counts, dtype=np.int64)))
        self._old[kind] = (keys.astype(np.uint64), starts, labels)
        return self._old[kind]

    def save(self) -> None:
        if self.folder is None:
            return
        try:
            private_dir(self.folder)
            for kind, (keys, kept, frames) in self.now.items():
                k, counts, labels = _kept(keys, kept, self._load(kind), KEEP * max(frames, 1))
                write_whole(self.folder / f"{kind}.npz",
                            lambda f, k=k, counts=counts, labels=labels: np.savez(f, keys=k, counts=counts, labels=labels))
            prune_others(self.folder)
        except (OSError, ValueError) as exc:  # costs the next run time, never this run
            log.warning("could not keep the groups in %s: %s", self.folder, exc)


def _kept(keys: list, kept: list, old, room: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """This run's entries, then the previous run's not among them, while they fit in ``room`` labels."""
    new_keys = np.array(keys, dtype=np.uint64).reshape(-1, 2)
    counts = np.array([len(x) for x in kept], dtype=np.int64)
    parts = list(kept)
    if old is not None and len(old[0]):
        okeys, ostarts, olabels = old
        seen = _find(new_keys, okeys) if len(new_keys) else np.full(len(okeys), -1)
        ocounts = np.diff(ostarts)
        left = room - int(counts.sum())
        extra = []
        for i in np.flatnonzero(seen < 0).tolist():
            left -= int(ocounts[i])
            if left < 0:
                break
            extra.append(i)
        if extra:
            new_keys = np.concatenate([new_keys, okeys[extra]])
            counts = np.concatenate([counts, ocounts[extra]])
            parts += [olabels[ostarts[i]:ostarts[i + 1]] for i in extra]
    labels = np.concatenate(parts).astype(np.int32) if parts else np.empty(0, dtype=np.int32)
    return new_keys, counts, labels
