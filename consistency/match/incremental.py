"""The archive's candidate index: the previous run's k-nearest lists, extended by the new rows.

A newsroom checks each new batch against everything already published, so
nearly every statement of a run was in the previous one. Its k nearest
(neighbours.py) are kept on disk per search (one per kind of value), keyed by
the rows' content ids, and the next run merges in only what changed:

- a row that is new, whose list held a row that is gone, or whose probed
  cells changed (cells.py: how far a row probes depends on how full its
  cells are) is searched against every row (as a cold run does);
- every other row keeps its list and meets only the new rows: its k best of
  (old list + new rows) are its k best of the whole, because nothing in its
  old list left and everything else it could meet was already below it.

Ties are broken by content (neighbours.k_best), so the merged lists equal a
cold search's, row for row; a test compares whole reports. The lists depend
only on the vectors (content-keyed: another embedder shares no row) and on
this code; the folder is keyed on the code digest like the other caches.
A file that cannot be read is a cold search, never a failed run.
"""

from __future__ import annotations

import logging
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import numpy as np

from ..store import private_dir, write_whole
from . import cells
from .neighbours import exact, k_best, top_k

log = logging.getLogger(__name__)

FOLDER = "archive"
MIN_OVERLAP = 0.5  # below this share of known rows a cold search is cheaper than merging


@dataclass
class Lists:
    """One search's k-nearest lists: content ids of its rows and edges (rows, cols, sims) sorted by row."""

    k: int
    ids: np.ndarray  # (n, 2) uint64
    rows: np.ndarray
    cols: np.ndarray
    sims: np.ndarray
    probe: np.ndarray | None = None  # (n, width) each row's nearest cells (cells.order), nearest first; None: no codebook


class Archive:
    """The previous run's lists (read lazily) and this run's (written by ``save``)."""

    def __init__(self, directory: Path, code: str):
        self.folder = Path(directory) / FOLDER / code
        self._previous: list[Lists] | None = None
        self.now: list[Lists] = []

    def previous(self) -> list[Lists]:
        if self._previous is None:
            self._previous = []
            for path in sorted(self.folder.glob("knn-*.npz")):
                try:
                    with np.load(path, allow_pickle=False) as z:
                        probe = z["probe"] if "probe" in z.files else None
                        self._previous.append(Lists(int(z["k"]), z["ids"], z["rows"], z["cols"], z["sims"], probe))
                except Exception as exc:  # truncated, not ours: that search runs cold
                    log.warning("archive index %s is not usable, searching again: %s", path, exc)
        return self._previous

    def save(self) -> None:
        """This run's lists replace the previous run's (each file written whole, then renamed)."""
        try:
            private_dir(self.folder)
            for n, lists in enumerate(self.now):
                extra = {} if lists.probe is None else {"probe": lists.probe}
                write_whole(self.folder / f"knn-{n}.npz", lambda f, lists=lists, extra=extra: np.savez(
                    f, k=lists.k, ids=lists.ids, rows=lists.rows, cols=lists.cols, sims=lists.sims, **extra))
            for extra in self.folder.glob("knn-*.npz"):
                if int(extra.stem.split("-")[1]) >= len(self.now):
                    extra.unlink(missing_ok=True)
            prune_others(self.folder)
        except (OSError, ValueError) as exc:  # costs the next run time, never this run
            log.warning("could not keep the archive index in %s: %s", self.folder, exc)


def prune_others(folder: Path) -> None:
    """Lists of other code versions are never read again (the folder is keyed on the code digest): drop them."""
    import shutil

    for other in folder.parent.iterdir():
        if other != folder and other.is_dir() and not other.name.startswith("."):
            shutil.rmtree(other, ignore_errors=True)


_ACTIVE: ContextVar[Archive | None] = ContextVar("consistency_archive", default=None)


@contextmanager
def active(archive: Archive | None) -> Iterator[None]:
    """Searches made inside use (and record) ``archive``'s lists."""
    token = _ACTIVE.set(archive)
    try:
        yield
    finally:
        _ACTIVE.reset(token)


def nearest(pool: np.ndarray, ids: np.ndarray, k: int) -> tuple[np.ndarray, ...]:
    """Each distinct row's k nearest (neighbours.exact), from the active archive's lists when they fit."""
    archive = _ACTIVE.get()
    if archive is None:
        return exact(pool, ids, k)
    best, where = None, None
    for lists in archive.previous():
        if lists.k != k or len(lists.ids) == 0:
            continue
        found = _find(lists.ids, ids)
        if best is None or (found >= 0).sum() > (where >= 0).sum():
            best, where = lists, found
    if best is None or (where >= 0).sum() < MIN_OVERLAP * len(pool):
        nearest_cells = cells.order(pool) if len(pool) else None
        probes = None if nearest_cells is None else cells.limit(nearest_cells)
        rows, cols, sims = exact(pool, ids, k, cells_of=probes)
    else:
        nearest_cells = _orders(best, where, pool)
        probes = None if nearest_cells is None else cells.limit(nearest_cells)
        rows, cols, sims = extend(best, where, pool, ids, k, probes, _moved(best, where, probes))
    archive.now.append(Lists(k, ids, rows.astype(np.int32), cols.astype(np.int32), sims.astype(np.float32),
                             nearest_cells))
    return rows.astype(np.int64), cols.astype(np.int64), sims


def _orders(old: Lists, where: np.ndarray, pool: np.ndarray):
    """``cells.order(pool)``: the known rows' from ``old`` (a row's cell order depends on its bits alone),
    the new rows' computed (over every row it was 7% of a +1 article's CPU at 1,600 articles)."""
    new = np.flatnonzero(where < 0)
    fresh = cells.order(pool[new]) if len(new) else None
    if old.probe is None or len(old.probe) != len(old.ids) or (len(new) and fresh is None):
        return cells.order(pool)
    if fresh is not None and fresh.shape[1] != old.probe.shape[1]:
        return cells.order(pool)
    out = np.empty((len(pool), old.probe.shape[1]), dtype=np.int16)
    known = np.flatnonzero(where >= 0)
    out[known] = old.probe[where[known]]
    if len(new):
        out[new] = fresh
    return out


def _moved(old: Lists, where: np.ndarray, probes) -> np.ndarray:
    """Known rows whose probed cells differ from the previous run's (cells.limit: how far a row probes
    depends on how full its cells are): their lists are searched again."""
    known = np.flatnonzero(where >= 0)
    if probes is None or old.probe is None or old.probe.shape[1] != probes[1].shape[1]:
        return np.empty(0, dtype=np.int64)
    _, before = cells.limit(old.probe)
    return known[(before[where[known]] != probes[1][known]).any(axis=1)]


def _find(known: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """Each row of ``ids`` as an index into ``known`` (both (n, 2) content ids), -1 where absent."""
    order = np.lexsort((known[:, 1], known[:, 0]))
    first, second = known[order, 0], known[order, 1]
    lo = np.searchsorted(first, ids[:, 0], side="left")
    hi = np.searchsorted(first, ids[:, 0], side="right")
    out = np.full(len(ids), -1, dtype=np.int64)
    one = np.flatnonzero(hi - lo == 1)  # nearly always: the second half decides
    hit = second[lo[one]] == ids[one, 1]
    out[one[hit]] = order[lo[one[hit]]]
    for i in np.flatnonzero(hi - lo > 1):  # two rows sharing the first half
        at = lo[i] + np.searchsorted(second[lo[i]:hi[i]], ids[i, 1])
        if at < hi[i] and second[at] == ids[i, 1]:
            out[i] = order[at]
    return out


def extend(old: Lists, where: np.ndarray, pool: np.ndarray, ids: np.ndarray, k: int, probes=None,
           moved=None) -> tuple[np.ndarray, ...]:
    """``old``'s lists brought to ``pool``; ``where[i]``: row i's index in ``old`` (-1: new); ``probes``:
    ``cells.probes(pool)``; ``moved``: known rows whose probed cells changed (searched again)."""
    if probes is None:
        probes = cells.probes(pool)
    here = np.full(len(old.ids), -1, dtype=np.int64)
    known = np.flatnonzero(where >= 0)
    here[where[known]] = known
    r, c, s = here[old.rows], here[old.cols], old.sims
    alive = r >= 0
    r, c, s = r[alive], c[alive], s[alive]
    lost = np.zeros(len(pool), dtype=bool)
    lost[r[c < 0]] = True  # a neighbour is gone: the row's next best is unknown
    fine = ~lost[r]
    r, c, s = r[fine], c[fine], s[fine]
    order = np.argsort(r, kind="stable")  # by current row; within a row still best first
    r, c, s = r[order], c[order], s[order]
    new = np.flatnonzero(where < 0)
    again = np.unique(np.concatenate([new, np.flatnonzero(lost), np.empty(0, np.int64) if moved is None else moved]))
    everything = np.arange(len(pool))
    stay = np.setdiff1d(known, again)
    # A full list's k-th similarity is the floor a new row must reach to enter it.
    starts = np.searchsorted(r, stay)
    counts = np.searchsorted(r, stay, side="right") - starts
    floor = np.where(counts >= k, s[np.minimum(starts + k - 1, len(s) - 1)] if len(s) else -np.inf, -np.inf)
    if probes is not None and len(new):
        # With cells a row meets only the rows living in the cells it probes: a kept row probing
        # no new row's cell meets nothing new, so it is left out of the search (the same edges).
        near = np.isin(probes[1][stay], np.unique(probes[0][new])).any(axis=1) | (probes[1][stay, 0] < 0)
        stay, floor = stay[near], floor[near]
    found = [top_k(pool, again, everything, k, cells_of=probes), top_k(pool, stay, new, k, floor, cells_of=probes)]
    # Only rows that met a new candidate are cut again; every other kept list is
    # already its k best in k_best's order (by similarity, then content).
    touched = np.zeros(len(pool), dtype=bool)
    for part in found:
        touched[part[0]] = True
    mine = touched[r]
    parts = [(r[mine], c[mine], s[mine]), *found]
    rows, cols, sims = (np.concatenate([p[i] for p in parts]) for i in range(3))
    rows, cols, sims = k_best(rows.astype(np.int64), cols.astype(np.int64), sims.astype(np.float32), ids[:, 0], k)
    rows = np.concatenate([r[~mine], rows]).astype(np.int64)
    cols = np.concatenate([c[~mine], cols]).astype(np.int64)
    sims = np.concatenate([s[~mine], sims]).astype(np.float32)
    order = np.argsort(rows, kind="stable")  # each row's edges are in one of the two parts, in order
    return rows[order], cols[order], sims[order]
