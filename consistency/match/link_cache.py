"""Link probabilities kept per candidate pair: a batch added to an archive scores only its new pairs.

A pair's probability is a function of its two frames (their article's bytes,
statement and place), their sentence cosine and window vectors (content of
the embedder's vectors) and the code: the pair key is two 64-bit hashes of
(article sha256 and id, statement, kind, place among the statement's frames
of the kind) for each end, the folder is keyed on the code digest and the
embedder. The previous run's keys and probabilities are one file per kind;
this run's replace them.

``link.features`` is row by row, but ``LinkModel.probability`` is one BLAS
product whose last bits depend on how many rows it is given, so a cached
number would differ from a cold run's in its 16th digit (and the report
prints it whole). ``probability`` here computes the same formula one row at
a time in a fixed order, and every run of the pipeline, cached or not, goes
through it: cold and incremental reports are equal to the bit.

The window vectors of frames with a window of their own (match.window_vectors)
are kept the same way, by frame id, one file per kind: an added article cuts
and looks up only its own windows.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

import numpy as np

from ..store import private_dir, write_whole
from .candidates import Pairs, mix as _mix
from .incremental import prune_others
from .link import PairFeatures

log = logging.getLogger(__name__)

FOLDER = "links"
_M1, _M2 = np.uint64(0x9E3779B97F4A7C15), np.uint64(0xC2B2AE3D27D4EB4F)


_ROWS = 1 << 15  # feature rows weighted at once: ``x * coef`` whole was a second copy of ``x`` at the linking peak


def probability(model, kind: str, x: np.ndarray) -> np.ndarray:
    """``model.probability(kind, x)``, each row's sum taken alone (the same bits in any batch)."""
    z = np.empty(len(x))
    for lo in range(0, len(x), _ROWS):
        z[lo : lo + _ROWS] = (x[lo : lo + _ROWS] * model.coef[kind]).sum(axis=1)
    z += model.intercept[kind]
    return 1.0 / (1.0 + np.exp(-z))


class LinkCache:
    """``scores`` for ``match``: probabilities from the previous run where its pairs recur, computed for the rest."""

    def __init__(self, directory: Path | None, code: str, embedder: str, articles):
        digest = hashlib.sha256(f"{code}\0{embedder}".encode()).hexdigest()[:16]
        self.folder = Path(directory) / FOLDER / digest if directory is not None else None
        self.sha = {a.id: a.sha256 for a in articles}
        self.now: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
        self.reused = 0
        self.windows_now: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
        self._window_order: dict[str, np.ndarray] = {}  # kind -> the order ``save`` writes windows_now's rows in
        self.windows_reused = 0
        self._ids: dict[str, tuple[list, tuple[np.ndarray, np.ndarray]]] = {}

    def __call__(self, kind: str, frames, pairs: Pairs, windows, model, nouns=None) -> np.ndarray:
        if len(pairs) == 0:
            return np.empty(0)
        if self.folder is None:  # no cache: the same numbers, nothing kept
            return _score(model, kind, frames, pairs, np.arange(len(pairs)), windows, nouns)
        h1, h2 = self._frame_ids(kind, frames)
        with np.errstate(over="ignore"):
            k1 = h1[pairs.a] * _M1 + h1[pairs.b]
            k2 = h2[pairs.a] * _M2 + h2[pairs.b]
        probs = np.empty(len(pairs))
        hit = np.zeros(len(pairs), dtype=bool)
        order = np.argsort(k1, kind="stable")  # this run's keys sorted: the file's order, and a fast search
        old = self._load(kind)
        if old is not None:
            o1, o2, op = old
            if len(o1):
                # Sorted needles: numpy's binary search starts each from the previous one's place
                # (unsorted: 0.1 CPU-s per kind at 1,600 articles, five times the sorted search).
                at = np.empty(len(k1), dtype=np.int64)
                at[order] = np.minimum(np.searchsorted(o1, k1[order]), len(o1) - 1)
                hit = (o1[at] == k1) & (o2[at] == k2)
                probs[hit] = op[at[hit]]
        miss = np.flatnonzero(~hit)
        if len(miss):
            probs[miss] = _score(model, kind, frames, pairs, miss, windows, nouns)
        self.reused += int(hit.sum())
        self.now[kind] = (k1[order], k2[order], probs[order])
        return probs

    def window_rows(self, kind: str, frames, wanted: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(hit, rows): for the frames ``wanted`` (indices into ``frames``), which the previous run kept
        a window vector for, and those vectors in order (match.window_vectors).

        A frame's window is cut from its statement's text around its mention, within its limits: a
        function of the frame's article bytes, statement and place (its id here) and the code, and its
        vector of the embedder's (the folder's key); the very float32 rows the previous run used.
        """
        hit = np.zeros(len(wanted), dtype=bool)
        old = self._load(f"win-{kind}", ("k1", "k2", "rows"))
        if old is None or not len(old[0]) or not len(wanted):
            return hit, np.empty((0, 0), dtype=np.float32)
        o1, o2, rows = old
        h1, h2 = self._frame_ids(kind, frames)
        k1, k2 = h1[wanted], h2[wanted]
        at = np.minimum(np.searchsorted(o1, k1), len(o1) - 1)
        hit = (o1[at] == k1) & (o2[at] == k2)
        self.windows_reused += int(hit.sum())
        return hit, rows[at[hit]]

    def keep_windows(self, kind: str, frames, wanted: np.ndarray, rows: np.ndarray) -> None:
        """This run's window vectors of the frames ``wanted``, for the next run (written by ``save``)."""
        if self.folder is None:
            return
        h1, h2 = self._frame_ids(kind, frames)
        order = np.argsort(h1[wanted], kind="stable")
        # the rows themselves, put in key order by ``save``: a sorted copy made here was held through the
        # rest of linking beside the rows (at 1,600 articles ~0.1 GB at the linking peak)
        self.windows_now[kind] = (h1[wanted][order], h2[wanted][order], rows)
        self._window_order[kind] = order

    def _frame_ids(self, kind: str, frames) -> tuple[np.ndarray, np.ndarray]:
        """Two 64-bit ids per frame: a hash of (article bytes and id, kind) mixed with its statement and place.

        One blake2b per article, the rest in numpy (one per frame was 0.3 CPU-s per added article at 1,600).
        Kept per kind for the list they were made for (window rows and pair keys use the same ids).
        """
        seen = self._ids.get(kind)
        if seen is not None and seen[0] is frames:
            return seen[1]
        ids = self._compute_ids(kind, frames)
        self._ids[kind] = (frames, ids)
        return ids

    def _compute_ids(self, kind: str, frames) -> tuple[np.ndarray, np.ndarray]:
        n = len(frames)
        heads: dict[str, int] = {}
        art = np.fromiter((heads.setdefault(f.article, len(heads)) for f in frames), dtype=np.int64, count=n)
        stmt = np.fromiter((f.statement for f in frames), dtype=np.int64, count=n)
        # each frame's place among the run of frames of its statement (frames come in statement order)
        new_run = np.ones(n, dtype=bool)
        new_run[1:] = (art[1:] != art[:-1]) | (stmt[1:] != stmt[:-1])
        starts = np.flatnonzero(new_run)
        place = np.arange(n, dtype=np.int64) - np.repeat(starts, np.diff(np.append(starts, n)))
        a1 = np.empty(len(heads), dtype=np.uint64)
        a2 = np.empty(len(heads), dtype=np.uint64)
        for article, j in heads.items():
            d = hashlib.blake2b(f"{self.sha.get(article)}\0{article}\0{kind}".encode(), digest_size=16).digest()
            a1[j] = int.from_bytes(d[:8], "little")
            a2[j] = int.from_bytes(d[8:], "little")
        where = (stmt.astype(np.uint64) << np.uint64(20)) | place.astype(np.uint64)  # places < 2**20 (the mix
        # is injective in ``where`` either way: a collision needs two 64-bit hashes to meet twice)
        with np.errstate(over="ignore"):
            h1 = _mix(a1[art] + _mix(where + np.uint64(1)))
            h2 = _mix(a2[art] ^ _mix(where * _M2 + np.uint64(7)))
        return h1, h2

    def _load(self, kind: str, names=("k1", "k2", "p")):
        if self.folder is None:
            return None
        path = self.folder / f"{kind}.npz"
        try:
            with np.load(path, allow_pickle=False) as z:
                return tuple(z[n] for n in names)
        except FileNotFoundError:
            return None
        except Exception as exc:  # truncated, not ours: those pairs are scored again
            log.warning("link cache %s is not usable, scoring again: %s", path, exc)
            return None

    def save(self) -> None:
        if self.folder is None:
            return
        try:
            private_dir(self.folder)
            for kind, (k1, k2, p) in self.now.items():
                write_whole(self.folder / f"{kind}.npz", lambda f, k1=k1, k2=k2, p=p: np.savez(f, k1=k1, k2=k2, p=p))
            for kind, (k1, k2, rows) in self.windows_now.items():
                rows = np.ascontiguousarray(rows[self._window_order[kind]], dtype=np.float32)
                write_whole(self.folder / f"win-{kind}.npz",
                            lambda f, k1=k1, k2=k2, rows=rows: np.savez(f, k1=k1, k2=k2, rows=rows))
                del rows
            prune_others(self.folder)
        except (OSError, ValueError) as exc:  # costs the next run time, never this run
            log.warning("could not keep link probabilities in %s: %s", self.folder, exc)


def _score(model, kind: str, frames, pairs: Pairs, miss: np.ndarray, windows, nouns=None) -> np.ndarray:
    """The probabilities of the pairs ``miss``: each frame's part of the features made once
    (link.PairFeatures), the rows filled and weighted ``_ROWS`` pairs at a time.

    A whole kind's (pairs x features) float64 matrix was the linking peak (~200 MB at 1,600 articles);
    a slice's rows are the same numbers, and ``probability`` sums each row alone.
    Only the frames the pairs hold are prepared: an archive's +1 article misses a few thousand pairs
    among 100,000 frames, and walking every frame (codes, word sets) was most of its scoring.
    """
    a, b = pairs.a[miss], pairs.b[miss]
    used, inverse = np.unique(np.concatenate([a, b]), return_inverse=True)
    if len(used) < len(frames):
        a, b = inverse[: len(a)].astype(np.int64), inverse[len(a):].astype(np.int64)
        frames = [frames[i] for i in used.tolist()]
        windows = _Rows(windows, used) if windows is not None else None
    del inverse
    prepared = PairFeatures(frames, windows, nouns)
    out = np.empty(len(miss))
    for lo in range(0, len(miss), _ROWS):
        hi = lo + _ROWS
        out[lo:hi] = probability(model, kind, prepared.rows(a[lo:hi], b[lo:hi], pairs.sim_at(miss[lo:hi])))
    return out


class _Rows:
    """``windows`` seen through ``used`` (row i is ``windows[used[i]]``), gathered a slice at a time:
    ``windows[used]`` whole was a (frames x dim) copy at the linking peak."""

    def __init__(self, windows, used: np.ndarray):
        self.windows, self.used = windows, used

    def __getitem__(self, idx: np.ndarray) -> np.ndarray:
        return self.windows[self.used[idx]]
