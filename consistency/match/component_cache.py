"""Whole components' groupings found by one content key each, in numpy: an added article regroups only what it links.

``facts.group_frames`` labels each connected component of the accepted links
(probability at or above the cut) on its own: what it makes of a component
depends on that component alone (its size, its edges between members
numbered in frame order, their probabilities, the cut and the code), and the
labels of the whole are each component's labels offset by the groups of the
components before it (components in order of their lowest frame). The
memo of group_cache.py finds a component by a hash of those, but reaching it
took a Python step per component and level (searchsorted, a blake2b) for
every component of the archive, on every added article: 14% of adding one
article to 1,600.

Here every component's key is computed at once: each edge's (local ends,
probability bits) mixed into two 64-bit words, summed per component (a sum:
edges in any order give the same key, and the grouping does not depend on
their order, pairs being unique), with the component's size and the cut
mixed in. Components whose key the previous run stored take its labels;
only the others go through ``group_frames`` (with the memo, so the untouched
parts of a big changed component are still reused), one component per call,
which labels it as the whole call would. Tests compare the labels with
``group_frames`` over whole random graphs and whole reports with a cold run's.

One file per kind, keys and labels, replaced by this run's. A file that
cannot be read is a cold grouping; a key that gives labels of the wrong
length is a miss.
"""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np

from ..store import private_dir, write_whole
from .candidates import mix
from .facts import components, group_frames
from .incremental import _find, prune_others

log = logging.getLogger(__name__)

FOLDER = "components"
_SEED1, _SEED2 = np.uint64(0x9E3779B97F4A7C15), np.uint64(0xD6E8FEB86659FD93)


def component_keys(n: int, a: np.ndarray, b: np.ndarray, p: np.ndarray, cut: float):
    """(comp, by_node, node_start, sizes, edge_order, edge_start, keys (count, 2) uint64) of the graph (a, b, p).

    ``comp``: each node's component (numbered by lowest node, as ``facts.components``);
    nodes sorted by (component, index) in ``by_node`` from ``node_start``; edges sorted by
    component in ``edge_order`` from ``edge_start``.
    """
    count, comp = components(n, a, b)
    sizes = np.bincount(comp, minlength=count)
    by_node = np.argsort(comp, kind="stable")
    node_start = np.concatenate(([0], np.cumsum(sizes)[:-1])).astype(np.int64)
    rank = np.empty(n, dtype=np.int64)
    rank[by_node] = np.arange(n) - node_start[comp[by_node]]  # place among its component's members, ascending
    ec = comp[a]
    edge_order = np.argsort(ec, kind="stable")
    edge_count = np.bincount(ec, minlength=count)
    edge_start = np.concatenate(([0], np.cumsum(edge_count)[:-1])).astype(np.int64)
    la, lb = rank[a].astype(np.uint64), rank[b].astype(np.uint64)
    bits = np.asarray(p, dtype=np.float64).view(np.uint64)
    with np.errstate(over="ignore"):
        h1 = mix(mix((la << np.uint64(32)) ^ lb ^ _SEED1) ^ bits)
        h2 = mix(mix(la * _SEED2 + lb + _SEED1) + mix(bits ^ _SEED2))
        keys = np.zeros((count, 2), dtype=np.uint64)
        has = edge_count > 0
        if len(a):
            starts = edge_start[has]
            keys[has, 0] = np.add.reduceat(h1[edge_order], starts)
            keys[has, 1] = np.add.reduceat(h2[edge_order], starts)
        head = mix(sizes.astype(np.uint64) ^ mix(np.full(count, np.float64(cut)).view(np.uint64)))
        keys[:, 0] = mix(keys[:, 0] ^ head)
        keys[:, 1] = mix(keys[:, 1] + head * _SEED2)
    return comp, by_node, node_start, sizes, edge_order, edge_start, edge_count, keys


class ComponentCache:
    """The previous run's labels per component key (read per kind), and this run's (written by ``save``)."""

    def __init__(self, directory: Path | None, code: str):
        self.folder = Path(directory) / FOLDER / code if directory is not None else None
        self.now: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
        self.reused = self.grouped = 0

    def group(self, kind: str, n: int, a: np.ndarray, b: np.ndarray, p: np.ndarray, cut: float, memo=None) -> np.ndarray:
        """``facts.group_frames(n, a, b, p, cut, memo)``, label for label."""
        keep = p >= cut
        a, b, p = np.asarray(a, dtype=np.int64)[keep], np.asarray(b, dtype=np.int64)[keep], np.asarray(p)[keep]
        comp, by_node, node_start, sizes, edge_order, edge_start, edge_count, keys = component_keys(n, a, b, p, cut)
        real = np.flatnonzero(sizes >= 2)
        local = [None] * len(sizes)  # per component: its labels (members ascending), from 0, -1 for none
        old = self._load(kind)
        if old is not None and len(real):
            ok, oends, olabels = old
            where = _find(ok, keys[real])
            ostarts = np.concatenate(([0], oends[:-1])) if len(oends) else oends
            for c, w in zip(real[where >= 0].tolist(), where[where >= 0].tolist()):
                got = olabels[ostarts[w]:oends[w]]
                if len(got) == sizes[c]:
                    local[c] = got.astype(np.int64)
        for c in real.tolist():
            if local[c] is not None:
                self.reused += 1
                continue
            self.grouped += 1
            members = by_node[node_start[c]:node_start[c] + sizes[c]]
            inside = edge_order[edge_start[c]:edge_start[c] + edge_count[c]]
            la, lb = np.searchsorted(members, a[inside]), np.searchsorted(members, b[inside])
            local[c] = group_frames(len(members), la, lb, p[inside], cut, memo)
        labels = np.full(n, -1, dtype=np.int64)
        offset = 0
        for c in real.tolist():
            mine = local[c]
            members = by_node[node_start[c]:node_start[c] + sizes[c]]
            took = mine >= 0
            labels[members[took]] = offset + mine[took]
            offset += int(mine.max()) + 1 if took.any() else 0
        if len(real):
            parts = [local[c].astype(np.int32) for c in real.tolist()]
            self.now[kind] = (keys[real], np.cumsum([len(x) for x in parts], dtype=np.int64), np.concatenate(parts))
        else:
            self.now[kind] = (np.empty((0, 2), dtype=np.uint64), np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int32))
        return labels

    def _load(self, kind: str):
        if self.folder is None:
            return None
        path = self.folder / f"{kind}.npz"
        try:
            with np.load(path, allow_pickle=False) as z:
                keys, ends, labels = z["keys"], z["ends"], z["labels"]
        except FileNotFoundError:
            return None
        except Exception as exc:  # truncated, not ours: those components are grouped again
            log.warning("component cache %s is not usable, grouping again: %s", path, exc)
            return None
        if keys.ndim != 2 or keys.shape[1:] != (2,) or len(ends) != len(keys) or (len(ends) and ends[-1] != len(labels)):
            return None
        return keys.astype(np.uint64), ends.astype(np.int64), labels

    def save(self) -> None:
        if self.folder is None:
            return
        try:
            private_dir(self.folder)
            for kind, (keys, ends, labels) in self.now.items():
                write_whole(self.folder / f"{kind}.npz",
                            lambda f, k=keys, e=ends, x=labels: np.savez(f, keys=k, ends=e, labels=x))
            prune_others(self.folder)
        except (OSError, ValueError) as exc:  # costs the next run time, never this run
            log.warning("could not keep the components in %s: %s", self.folder, exc)
