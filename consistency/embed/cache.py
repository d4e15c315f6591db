"""An on-disk cache of vectors keyed by (model id, sha256 of the prepared text).

Stored in a ``store.BlobStore`` (SQLite, WAL, one transaction per write, fails
soft), so concurrent runs and a killed run are safe.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Iterable, Mapping

import numpy as np

from ..store import BlobStore
from ..user_cache import user_cache_home

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
