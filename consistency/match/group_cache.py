"""Each connected component's grouping, kept by its content: a batch added to an archive groups only what it touched.

``facts.group_frames`` cuts each connected component of the links (at the
model's ``link`` probability) by average link, and splits a big one by
raising the edge cut; what it makes of a component depends on that
component alone: its size, its edges between members numbered in frame
order, their probabilities, the cut, and the code. So a component is keyed
by a hash of those (facts.py; never by its frames' places in the corpus,
which shift when an article is added before them), at every level of the
splitting, and its value is a group label per member (-1: in no group). On
the bench corpora most frames of a kind are one component of thousands: an
added article touches it, but only the parts of it the article's links
reach are grouped again.

One file per kind, the previous run's keys and labels, replaced by this
run's; the folder is keyed on the code digest, so a change of model or
grouping code starts afresh. A file that cannot be read is a cold grouping.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

import numpy as np

from ..store import private_dir, write_whole
from .component_cache import ComponentCache
from .incremental import prune_others

log = logging.getLogger(__name__)

FOLDER = "groups"


class GroupCache:
    def __init__(self, directory: Path | None, code: str):
        self.folder = Path(directory) / FOLDER / code if directory is not None else None
        self.now: dict[str, _Memo] = {}
        self.reused = 0
        self.components = ComponentCache(directory, code)  # whole components by one key each, in numpy

    def memo(self, kind: str, frames: int) -> "_Memo":
        return _Memo(self, kind, self._load(kind), frames)

    def _load(self, kind: str) -> dict[bytes, np.ndarray]:
        if self.folder is None:
            return {}
        path = self.folder / f"{kind}.npz"
        try:
            with np.load(path, allow_pickle=False) as z:
                keys, ends, labels = z["keys"], z["ends"], z["labels"]
        except FileNotFoundError:
            return {}
        except Exception as exc:  # truncated, not ours: those components are grouped again
            log.warning("group cache %s is not usable, grouping again: %s", path, exc)
            return {}
        starts = np.concatenate(([0], ends[:-1])) if len(ends) else ends
        return {bytes(k): labels[s:e] for k, s, e in zip(keys, starts.tolist(), ends.tolist())}

    def save(self) -> None:
        if self.folder is None:
            return
        self.components.save()
        try:
            private_dir(self.folder)
            for kind, memo in self.now.items():
                keys, parts = memo.kept()
                ends = np.cumsum([len(p) for p in parts], dtype=np.int64)
                labels = np.concatenate(parts).astype(np.int32) if parts else np.empty(0, dtype=np.int32)
                arr = np.array(keys, dtype="S16") if keys else np.empty(0, dtype="S16")
                write_whole(self.folder / f"{kind}.npz",
                            lambda f, arr=arr, ends=ends, labels=labels: np.savez(f, keys=arr, ends=ends, labels=labels))
            prune_others(self.folder)
        except (OSError, ValueError) as exc:  # costs the next run time, never this run
            log.warning("could not keep the groups in %s: %s", self.folder, exc)


class _Memo:
    """``facts.group_frames``'s memo for one kind: the previous run's groupings; records what this run used.

    A hit on a whole component reuses it without visiting its parts, so the
    parts are kept too (the next batch may touch one of them): this run's
    entries first, then the previous run's in their order, up to KEEP labels
    per frame of the kind.
    """

    KEEP = 64  # a kind's levels of splitting hold ~30 labels per frame at 1,600 bench articles

    def __init__(self, cache: GroupCache, kind: str, old: dict[bytes, np.ndarray], frames: int):
        self.cache, self.old, self.frames = cache, old, frames
        self.new: dict[bytes, np.ndarray] = {}
        cache.now[kind] = self

    def get(self, key: bytes):
        found = self.old.get(key)
        if found is not None:
            self.cache.reused += 1
            self.new[key] = found
            return found.astype(np.int64)
        return None

    def __setitem__(self, key: bytes, labels: np.ndarray) -> None:
        self.new[key] = np.asarray(labels, dtype=np.int32)

    def kept(self) -> tuple[list[bytes], list[np.ndarray]]:
        keys, parts, room = [], [], self.KEEP * max(self.frames, 1)
        for source in (self.new, self.old):
            for key, labels in source.items():
                if key in self.new and source is self.old:
                    continue
                if len(labels) > room:
                    continue
                room -= len(labels)
                keys.append(key)
                parts.append(labels)
        return keys, parts
