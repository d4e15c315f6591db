"""An on-disk cache of each article's extracted mentions, for re-runs over a growing archive.

Keyed by what decides the result: the article's bytes (sha256), its
publication date (relative dates resolve against it), its sentence spans,
and a digest of the extraction code and data files (``code_version``), so a
changed article, a new segmenter or a new extractor never reads stale
mentions. SQLite in WAL mode, one transaction per write: concurrent runs and
a killed run are safe. Values are pickled frozen dataclasses, so the cache
folder must be the user's own (it is: the same folder as the vector cache).
A cache that cannot be used costs speed, never the run.
"""

from __future__ import annotations

import hashlib
import logging
import pickle
import sqlite3
from pathlib import Path
from typing import Sequence

from ..model import Article, Mentions, Statement

log = logging.getLogger(__name__)

FILENAME = "mentions.sqlite3"
_CHUNK = 500  # keys per SELECT: well under SQLite's bound-parameter limit


class MentionCache:
    def __init__(self, directory: Path, version: str):
        self.path = Path(directory) / FILENAME
        self.version = version
        self._db: sqlite3.Connection | None = None
        self._broken = False

    def key(self, article: Article, statements: Sequence[Statement]) -> bytes:
        h = hashlib.sha256()
        published = article.published.isoformat() if article.published else "-"
        h.update(f"{self.version}\0{article.sha256}\0{published}\0".encode())
        h.update(",".join(f"{s.start}:{s.end}" for s in statements).encode())
        return h.digest()

    def _connect(self) -> sqlite3.Connection | None:
        if self._db is not None or self._broken:
            return self._db
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, timeout=60)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute("CREATE TABLE IF NOT EXISTS mentions (key BLOB PRIMARY KEY, value BLOB NOT NULL) WITHOUT ROWID")
            db.commit()
        except (sqlite3.Error, OSError) as exc:
            self._fail(exc)
            return None
        self._db = db
        return db

    def _fail(self, exc: Exception) -> None:
        log.warning("mention cache %s is not usable, going on without it: %s", self.path, exc)
        self._broken = True
        self.close()

    def get_many(self, keys: list[bytes]) -> dict[bytes, list[Mentions]]:
        db = self._connect()
        found: dict[bytes, list[Mentions]] = {}
        if db is None:
            return found
        try:
            for i in range(0, len(keys), _CHUNK):
                chunk = keys[i : i + _CHUNK]
                marks = ",".join("?" * len(chunk))
                for key, blob in db.execute(f"SELECT key, value FROM mentions WHERE key IN ({marks})", chunk):
                    try:
                        found[bytes(key)] = pickle.loads(blob)
                    except Exception:  # a row from an incompatible build: extract again
                        continue
        except sqlite3.Error as exc:
            self._fail(exc)
            return {}
        return found

    def put_many(self, items: list[tuple[bytes, list[Mentions]]]) -> None:
        db = self._connect()
        if db is None or not items:
            return
        rows = [(k, pickle.dumps(v, protocol=pickle.HIGHEST_PROTOCOL)) for k, v in items]
        try:
            with db:
                db.executemany("INSERT OR REPLACE INTO mentions VALUES (?, ?)", rows)
        except sqlite3.Error as exc:
            self._fail(exc)

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
