"""Each article's frames, cached: a batch added to an archive builds frames for its new articles only.

Frames (frames.py) are a function of an article's statements, their mentions,
its language and publication date, and the code: the key is the mention
cache's (article bytes, publication date, sentence spans, code digest) plus
the language. ``build_frames`` itself makes them, on a corpus of just the
articles not cached, so what a frame holds is decided in one place.

Stored as data (JSON: each frame's fields by name, its mention as its place
in the statement's mentions, sets as sorted lists), never a pickle; a row that
does not fit the code's Frame (another build) is a miss, and the article's
frames are built again.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import logging
from pathlib import Path

from ..model import Article, Corpus, Mentions
from ..store import BlobStore, put_rows

log = logging.getLogger(__name__)

FILENAME = "frames.v1.sqlite3"
_LISTS = {"date": "dates", "quantity": "quantities", "attribution": "attributions"}


def cached_frames(corpus: Corpus, directory: Path, code: str, later=None) -> dict[str, list]:
    """``build_frames(corpus)``, equal to it frame for frame, from the cache where it holds the article."""
    from . import KINDS, build_frames
    from .frames import Frame

    store = BlobStore(Path(directory) / FILENAME, "frames", "frame cache")
    by_article: dict[str, list] = {}
    for s in corpus.statements:
        by_article.setdefault(s.article_id, []).append(s)
    keys = {a.id: article_key(a, by_article.get(a.id, ()), code) for a in corpus.articles}
    found: dict[str, dict[str, list]] = {}
    try:
        stored = dict(store.get_many(keys.values()))
    finally:
        store.close()
    for a in corpus.articles:
        blob = stored.get(keys[a.id])
        if blob is not None:
            got = _decode(blob, a, corpus.mentions, Frame)
            if got is not None:
                found[a.id] = got
    todo = [a for a in corpus.articles if a.id not in found]
    if todo:
        ids = {a.id for a in todo}
        sub = Corpus(tuple(todo), tuple(s for s in corpus.statements if s.article_id in ids), corpus.mentions)
        built = build_frames(sub)
        fresh: dict[str, dict[str, list]] = {a.id: {k: [] for k in KINDS} for a in todo}
        for kind, frames in built.items():
            for f in frames:
                fresh[f.article][kind].append(f)
        found.update(fresh)
        rows = []
        for a in todo:
            blob = _encode(fresh[a.id], corpus.mentions)
            if blob is not None:
                rows.append((keys[a.id], blob))
        write = functools.partial(put_rows, Path(directory) / FILENAME, "frames", "frame cache", rows)
        if later is not None:
            later.add(write)
        else:
            write()
    return {k: [f for a in corpus.articles for f in found[a.id].get(k, ())] for k in KINDS}


def article_key(article: Article, statements, code: str) -> bytes:
    h = hashlib.sha256()
    published = article.published.isoformat() if article.published else "-"
    h.update(f"{code}\0{article.sha256}\0{published}\0{article.language}\0{article.id}\0".encode())
    h.update(",".join(f"{s.start}:{s.end}" for s in statements).encode())
    return h.digest()


def _encode(frames: dict[str, list], mentions: dict) -> bytes | None:
    out = {}
    for kind, fs in frames.items():
        rows = []
        for f in fs:
            row = {}
            for field in dataclasses.fields(f):
                v = getattr(f, field.name)
                if field.name == "mention":
                    pool = getattr(mentions[f.key], _LISTS[kind])
                    at = next((i for i, m in enumerate(pool) if m is v), None)
                    if at is None:
                        at = next((i for i, m in enumerate(pool) if m == v), None)
                    if at is None:
                        return None  # a mention that is not the statement's: not cacheable
                    v = {"~mention": at}
                elif isinstance(v, frozenset):
                    v = {"~set": sorted(v)}
                elif isinstance(v, tuple) and all(isinstance(x, (str, int, float, bool)) for x in v):
                    v = {"~tuple": list(v)}  # the window's limits
                elif not (v is None or isinstance(v, (str, int, float, bool))):
                    # A field this cache cannot keep: nothing is cached, so a new
                    # Frame field of another type must be taught here
                    # (tests/test_incremental.py checks every field round-trips).
                    return None
                row[field.name] = v
            rows.append(row)
        out[kind] = rows
    return json.dumps(out, ensure_ascii=False, separators=(",", ":")).encode()


def _decode(blob: bytes, article: Article, mentions: dict[tuple, Mentions], frame_cls) -> dict[str, list] | None:
    names = {f.name for f in dataclasses.fields(frame_cls)}
    try:
        data = json.loads(blob)
        out = {}
        for kind, rows in data.items():
            fs = []
            for row in rows:
                if set(row) != names or row["article"] != article.id:
                    return None
                args = {}
                for name, v in row.items():
                    if isinstance(v, dict):
                        if "~set" in v:
                            v = frozenset(v["~set"])
                        elif "~tuple" in v:
                            v = tuple(v["~tuple"])
                        else:
                            v = getattr(mentions[(article.id, row["statement"])], _LISTS[kind])[v["~mention"]]
                    args[name] = v
                fs.append(frame_cls(**args))
            out[kind] = fs
        return out
    except (ValueError, KeyError, IndexError, TypeError, AttributeError) as exc:
        log.debug("frame cache row for %s not usable: %s", article.id, exc)
        return None
