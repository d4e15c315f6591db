"""Each input file's articles and statements, cached: re-reading an archive reads only what changed.

Reading a file (decoding, HTML extraction, boilerplate, language, the
publication date) and segmenting it are a function of the file's bytes, its
id, its suffix (which reader), the ``--field`` mapping and the code: those
are the key (``extract.code_version`` digests every module and data file).
The path it is shown under is only written into the articles (and skipped
entries) it gives, so it is not in the key but put back on reading: the same
archive checked from another folder (a copy, ``a/`` or ``./a``, the bench's
grown corpora) reads no file again (1,600 files were read and segmented
again on each added article, 1.6 of 31 CPU-s). The warnings reading gave are
kept with the result and replayed, so a cached file warns as a read one
does; they name the path, so a row with warnings serves only its own path.
Stored as data (``codec``), in a ``store.BlobStore`` (SQLite, WAL, fails soft).
"""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path

from . import codec
from .result_cache import _digest
from .store import BlobStore, put_rows

log = logging.getLogger(__name__)

FILENAME = "files.v3.sqlite3"  # v3: keyed without the path shown (v2: statements as spans of the article)


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
        suffix = Path(file).suffix.lower()  # what _read_file decides the reader by
        h.update(f"{self.code}\0{suffix}\0{ident}\0{json.dumps(fields or {}, sort_keys=True)}\0".encode())
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
                    got = _decode(blob, files[wanted[key]][1])
                    if got is not None:
                        out[wanted[key]] = got
                except (codec.CodecError, TypeError, ValueError, KeyError, IndexError) as exc:  # another build's row: read the file
                    log.debug("file cache row not usable: %s", exc)
        finally:
            store.close()
        return out

    def put(self, entries, fields) -> None:
        rows = []
        for entry, (items, warnings) in entries:
            key = self._key(entry, fields)
            if key is not None:
                rows.append((key, _encode(items, warnings, entry[1])))
        put_rows(self.directory / FILENAME, "files", "file cache", rows)


def _encode(items, warnings: list[str], shown: str) -> bytes:
    """Articles through ``codec``; statements as (start, end, norm) only: their text is the article's slice.

    Decoding a generic codec tree per statement cost as much as reading and
    segmenting the files again (3 CPU-s at 1,600 bench articles).
    """
    spans = [[[s.start, s.end, s.norm] for s in sts] for _, sts in items]
    return json.dumps({"items": codec.dumps([item for item, _ in items]).decode("utf-8"), "spans": spans,
                       "warnings": list(warnings), "shown": shown}, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _decode(blob: bytes, shown: str) -> tuple[list, list[str]] | None:
    """The row's (items, warnings) with its paths made ``shown``'s; None when it cannot serve that path."""
    import dataclasses

    from .model import Article, Skipped, Statement

    data = json.loads(blob)
    was = data["shown"]
    if not isinstance(was, str):
        raise ValueError("no path shown")
    items = codec.loads(data["items"].encode("utf-8"))
    if was != shown:
        if data["warnings"]:
            return None
        # The path shown, or a record of it ("file.jsonl#3"), as _read_file writes them.
        def moved(path: str) -> str:
            if path == was:
                return shown
            if path.startswith(was + "#"):
                return shown + path[len(was):]
            raise ValueError("a path that is not the file's")
        items = [dataclasses.replace(item, path=moved(item.path)) if isinstance(item, (Article, Skipped)) else item
                 for item in items]
    spans = data["spans"]
    if len(items) != len(spans):
        raise ValueError("items and statements differ in length")
    out = []
    for item, rows in zip(items, spans):
        if isinstance(item, Article):
            text = item.text
            sts = [Statement(item.id, n, text[a:b], a, b, norm) for n, (a, b, norm) in enumerate(rows)]
        elif rows:
            raise ValueError("statements of a skipped file")
        else:
            sts = []
        out.append((item, sts))
    return out, [str(w) for w in data["warnings"]]
