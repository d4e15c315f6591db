"""An on-disk cache of vectors keyed by (model id, sha256 of the prepared text).

SQLite in WAL mode: concurrent runs read while one writes, and a write is a
transaction, so a run killed half-way leaves the last committed state and
never a half-written vector. A cache that cannot be opened (read-only
folder, corrupt file) costs speed, never the run: it is reported once and
bypassed.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from pathlib import Path
from typing import Iterable, Mapping

import numpy as np

log = logging.getLogger(__name__)

FILENAME = "vectors.sqlite3"
_CHUNK = 500  # keys per SELECT: well under SQLite's bound-parameter limit


def default_dir() -> Path:
    """$CONSISTENCY_CACHE_DIR, else $XDG_CACHE_HOME/consistency, else ~/.cache/consistency."""
    env = os.environ.get("CONSISTENCY_CACHE_DIR")
    if env:
        return Path(env).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".cache"
    return base / "consistency"


class VectorCache:
    def __init__(self, directory: Path | None = None):
        self.path = Path(directory or default_dir()) / FILENAME
        self._db: sqlite3.Connection | None = None
        self._broken = False

    def _connect(self) -> sqlite3.Connection | None:
        if self._db is not None or self._broken:
            return self._db
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, timeout=60)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute(
                "CREATE TABLE IF NOT EXISTS vectors ("
                " model TEXT NOT NULL, key BLOB NOT NULL, dim INTEGER NOT NULL, vec BLOB NOT NULL,"
                " PRIMARY KEY (model, key)) WITHOUT ROWID"
            )
            db.commit()
        except (sqlite3.Error, OSError) as exc:
            self._fail(exc)
            return None
        self._db = db
        return db

    def _fail(self, exc: Exception) -> None:
        log.warning("embedding cache %s is not usable, going on without it: %s", self.path, exc)
        self._broken = True
        if self._db is not None:
            self._db.close()
            self._db = None

    def get_many(self, model: str, keys: Iterable[bytes]) -> dict[bytes, np.ndarray]:
        """The cached vectors among ``keys``; a missing or malformed row is simply absent."""
        db = self._connect()
        found: dict[bytes, np.ndarray] = {}
        if db is None:
            return found
        keys = list(dict.fromkeys(keys))
        try:
            for i in range(0, len(keys), _CHUNK):
                chunk = keys[i : i + _CHUNK]
                marks = ",".join("?" * len(chunk))
                rows = db.execute(
                    f"SELECT key, dim, vec FROM vectors WHERE model = ? AND key IN ({marks})",
                    [model, *chunk],
                )
                for key, dim, blob in rows:
                    vec = np.frombuffer(blob, dtype="<f4")
                    if vec.shape == (dim,):
                        found[bytes(key)] = vec
        except sqlite3.Error as exc:
            self._fail(exc)
            return {}
        return found

    def put_many(self, model: str, items: Mapping[bytes, np.ndarray]) -> None:
        db = self._connect()
        if db is None or not items:
            return
        rows = [
            (model, key, int(v.shape[0]), np.ascontiguousarray(v, dtype="<f4").tobytes())
            for key, v in items.items()
        ]
        try:
            with db:  # one transaction: all rows of a batch or none
                db.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?, ?, ?)", rows)
        except sqlite3.Error as exc:
            self._fail(exc)

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def __enter__(self) -> "VectorCache":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
