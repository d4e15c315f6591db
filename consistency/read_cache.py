"""Each input file's articles and statements, cached: re-reading an archive reads only what changed.

Reading a file (decoding, HTML extraction, boilerplate, language, the
publication date) and segmenting it are a function of the file's bytes, the
name it is shown under and its id, the ``--field`` mapping and the code: all
of them are the key (``extract.code_version`` digests every module and data
file). The warnings reading gave are kept with the result and replayed, so a
cached file warns as a read one does. Stored as data (``codec``), in a
``store.BlobStore`` (SQLite, WAL, fails soft).
"""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path

from . import codec
from .result_cache import _digest
from .store import BlobStore

log = logging.getLogger(__name__)

FILENAME = "files.v1.sqlite3"


class ReadCache:
    def __init__(self, directory: Path):
        from .extract import code_version

        self.directory = Path(directory)
        self.code = code_version()
        self._keys: dict[int, bytes] = {}

    def _key(self, entry, fields) -> bytes | None:
        file, shown, ident = entry
        if getattr(file, "reason", None):  # refused: never opened, and cheap to refuse again
            return None
        h = hashlib.sha256()
        h.update(f"{self.code}\0{shown}\0{ident}\0{json.dumps(fields or {}, sort_keys=True)}\0".encode())
        h.update(_digest(file))
        return h.digest()

    def get(self, files, fields) -> dict[int, tuple[list, list[str]]]:
        """Index in ``files`` -> ([(article or skipped, statements)], warnings) for the cached files."""
        keys = {i: self._key(f, fields) for i, f in enumerate(files)}
        wanted = {k: i for i, k in keys.items() if k is not None}
        out = {}
        store = BlobStore(self.directory / FILENAME, "files", "file cache")
        try:
            for key, blob in store.get_many(wanted):
                try:
                    items, warnings = codec.loads(blob)
                    out[wanted[key]] = ([(item, list(sts)) for item, sts in items], list(warnings))
                except (codec.CodecError, TypeError, ValueError) as exc:  # another build's row: read the file
                    log.debug("file cache row not usable: %s", exc)
        finally:
            store.close()
        return out

    def put(self, entries, fields) -> None:
        rows = []
        for entry, (items, warnings) in entries:
            key = self._key(entry, fields)
            if key is not None:
                rows.append((key, codec.dumps(([(item, tuple(sts)) for item, sts in items], warnings))))
        store = BlobStore(self.directory / FILENAME, "files", "file cache")
        try:
            store.put_many(rows)
        finally:
            store.close()
