"""An on-disk cache of vectors keyed by (model id, sha256 of the prepared text).

Stored in a ``store.BlobStore`` (SQLite, WAL, one transaction per write, fails
soft), so concurrent runs and a killed run are safe.
"""

from __future__ import annotations

import hashlib
import logging
import os
from pathlib import Path
from typing import Iterable, Mapping, Sequence

import numpy as np

from ..store import BlobStore, write_whole
from ..user_cache import user_cache_home

log = logging.getLogger(__name__)

# v3: a rowid table (store.py); v2 kept rows in the key's B-tree, v1 another layout.
FILENAME = "vectors.v3.sqlite3"


def default_dir() -> Path:
    """$CONSISTENCY_CACHE_DIR, else $XDG_CACHE_HOME/consistency, else ~/.cache/consistency."""
    env = os.environ.get("CONSISTENCY_CACHE_DIR")
    if env:
        return Path(env).expanduser()
    return user_cache_home()


class VectorCache:
    def __init__(self, directory: Path | None = None):
        self.path = Path(directory or default_dir()) / FILENAME
        self._store = BlobStore(self.path, "vectors", "embedding cache")

    @staticmethod
    def _key(model: str, key: bytes) -> bytes:
        return hashlib.sha256(model.encode() + b"\0" + key).digest()

    def get_many(self, model: str, keys: Iterable[bytes]) -> dict[bytes, np.ndarray]:
        """The cached vectors among ``keys``; a missing or malformed row is simply absent."""
        wanted = {self._key(model, k): k for k in keys}
        found: dict[bytes, np.ndarray] = {}
        for stored, blob in self._store.get_many(wanted):
            if len(blob) % 4 == 0 and blob:
                found[wanted[stored]] = np.frombuffer(blob, dtype="<f4")
        return found

    def put_many(self, model: str, items: Mapping[bytes, np.ndarray]) -> None:
        self._store.put_many(
            (self._key(model, k), np.ascontiguousarray(v, dtype="<f4").tobytes()) for k, v in items.items()
        )

    def close(self) -> None:
        self._store.close()

    def __enter__(self) -> "VectorCache":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# An archive re-checked with one article more reads back every statement's vector: through SQLite (a query
# and a bytes object per row, then a numpy row each) that was 5.5 of the 70 CPU-s of adding one article to
# 6,400. The rows a run used are also kept as a few flat files per model: a float32 matrix and its rows'
# text keys (as four 64-bit words, sorted by the first), memory-mapped on reading, so the next run finds its
# known rows with one binary search and copies only them. Each run adds a segment of the rows no segment
# held; past MAX_SEGMENTS every segment but the largest is merged into one (the archive's big segment is
# never rewritten for a small batch). SQLite stays the cache of record: a missing or unreadable segment is
# only slower.
ROWS_FOLDER = "vector-rows"
MAX_SEGMENTS = 6
_ROWS_VERSION = b"rows-2"


def _words(keys: Sequence[bytes]) -> np.ndarray:
    """32-byte keys as (n, 4) uint64."""
    return np.frombuffer(b"".join(keys), dtype="<u8").reshape(len(keys), 4) if len(keys) else np.empty((0, 4), "<u8")


class RowFiles:
    """The flat row files of one model under ``directory``."""

    def __init__(self, directory: Path | None, model: str):
        digest = hashlib.sha256(_ROWS_VERSION + b"\0" + model.encode()).hexdigest()[:16]
        self.folder = Path(directory or default_dir()) / ROWS_FOLDER / digest
        self._segments: list[tuple[np.ndarray, np.ndarray]] | None = None
        self._names: list[str] = []  # each segment's file name stem ("seg-<digest>.")

    def segments(self) -> list[tuple[np.ndarray, np.ndarray]]:
        """(keys (n, 4) uint64 sorted by the first word, rows (n, d) float32 memory-mapped) per segment."""
        if self._segments is None:
            self._segments = []
            for path in sorted(self.folder.glob("seg-*.keys.npy")):
                try:  # the rows file is written first, its keys last: keys present means rows complete
                    keys = np.load(path, allow_pickle=False)
                    rows = np.load(path.with_name(path.name.replace(".keys.npy", ".rows.npy")), mmap_mode="r",
                                   allow_pickle=False)
                    if keys.dtype != np.dtype("<u8") or keys.ndim != 2 or keys.shape[1] != 4 or rows.ndim != 2 \
                            or len(keys) != len(rows) or rows.dtype != np.dtype("<f4"):
                        raise ValueError("not a row file")
                    self._segments.append((keys, rows))
                    self._names.append(path.name[: -len("keys.npy")])
                except Exception:  # truncated, another build's: those rows come from SQLite
                    continue
        return self._segments

    def lookup(self, keys: Sequence[bytes]) -> tuple[np.ndarray, np.ndarray | None]:
        """(hit, rows): which of ``keys`` (32-byte text keys) a segment holds, and their rows, in order."""
        hit = np.zeros(len(keys), dtype=bool)
        if not len(keys) or not self.segments():
            return hit, None
        needles = _words(keys)
        width = self._segments[0][1].shape[1]
        out = np.empty((len(keys), width), dtype=np.float32)
        for stored, rows in self._segments:
            todo = np.flatnonzero(~hit)
            if not len(todo):
                break
            if rows.shape[1] != width or not len(stored):
                continue
            at = np.minimum(np.searchsorted(stored[:, 0], needles[todo, 0]), len(stored) - 1)
            found = (stored[at] == needles[todo]).all(axis=1)
            take = np.argsort(at[found], kind="stable")  # rows read in file order
            where, src = todo[found][take], at[found][take]
            out[where] = rows[src]
            hit[where] = True
        return hit, out

    def keep(self, keys: Sequence[bytes], rows: np.ndarray) -> None:
        """Add ``rows`` (of ``keys``, which no segment held: lookup's misses) as a new segment."""
        if not len(keys):
            return
        try:
            segments = self.segments()
            parts = [(_words(keys), np.asarray(rows, dtype=np.float32))]
            merge = len(segments) + 1 > MAX_SEGMENTS
            largest = max(range(len(segments)), key=lambda i: len(segments[i][0])) if segments else -1
            if merge:
                parts = [*(seg for i, seg in enumerate(segments) if i != largest), *parts]
            all_keys = np.concatenate([p[0] for p in parts])
            # sorted by the first word, each first word once (two keys sharing 64 bits: the second is SQLite's)
            _, first = np.unique(all_keys[:, 0], return_index=True)
            all_keys = np.ascontiguousarray(all_keys[first])
            all_rows = np.concatenate([np.asarray(p[1])[...] for p in parts])[first]
            name = hashlib.sha256(all_keys.tobytes()).hexdigest()[:16]
            write_whole(self.folder / f"seg-{name}.rows.npy", lambda f: np.save(f, np.ascontiguousarray(all_rows)))
            write_whole(self.folder / f"seg-{name}.keys.npy", lambda f: np.save(f, all_keys))
            if merge:
                kept = {f"seg-{name}.", self._names[largest]}
                for path in self.folder.glob("seg-*.npy"):
                    if not any(path.name.startswith(k) for k in kept):
                        path.unlink(missing_ok=True)
        except (OSError, ValueError) as exc:  # costs the next run time, never this run
            log.warning("could not keep vector rows in %s: %s", self.folder, exc)
