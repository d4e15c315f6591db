"""An on-disk cache of each article's extracted mentions, for re-runs over a growing archive.

Keyed by what decides the result: the article's bytes (sha256), its
publication date (relative dates resolve against it), its sentence spans,
and a digest of the extraction code and data files (``code_version``), so a
changed article, a new segmenter or a new extractor never reads stale
mentions. Stored in a ``store.BlobStore`` (SQLite, WAL, one transaction per
write, fails soft): concurrent runs and a killed run are safe, and a cache
that cannot be used costs speed, never the run. Values are stored as data
(``codec``: JSON of the model's dataclasses, never a pickle), so a row that
someone else wrote can at worst be a wrong miss, never run code.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path
from typing import Sequence

from .. import codec
from ..model import Article, Mentions, Statement
from ..store import BlobStore

log = logging.getLogger(__name__)

FILENAME = "mentions.v3.sqlite3"  # v3: rows are codec JSON (v2 held pickles)


def mention_bytes(mentions: list[Mentions | None]) -> bytes:
    """One article's mentions as stored (and as extraction workers send them)."""
    return codec.dumps(mentions)


class MentionCache:
    def __init__(self, directory: Path, version: str):
        self.path = Path(directory) / FILENAME
        self.version = version
        self._store = BlobStore(self.path, "mentions", "mention cache")
        self._warned = False

    def key(self, article: Article, statements: Sequence[Statement]) -> bytes:
        h = hashlib.sha256()
        published = article.published.isoformat() if article.published else "-"
        h.update(f"{self.version}\0{article.sha256}\0{published}\0".encode())
        h.update(",".join(f"{s.start}:{s.end}" for s in statements).encode())
        return h.digest()

    def get_many(self, keys: list[bytes]) -> dict[bytes, list[Mentions]]:
        found: dict[bytes, list[Mentions]] = {}
        for key, blob in self._store.get_many(keys):
            try:
                found[key] = codec.loads(blob)
            except codec.CodecError as exc:  # a row from another build, or not ours: extract again
                if not self._warned:
                    self._warned = True
                    log.warning("mention cache %s: an entry could not be read (%s); extracting again", self.path, exc)
                continue
        return found

    def put_many(self, items: list[tuple[bytes, list[Mentions | None] | bytes]]) -> None:
        """Store each article's mentions: a list (None for a statement with none) or its ``mention_bytes``."""
        self._store.put_many((k, v if isinstance(v, bytes) else mention_bytes(v)) for k, v in items)

    def close(self) -> None:
        self._store.close()
