"""Each article's frames, cached: a batch added to an archive builds frames for its new articles only.

Frames (frames.py) are a function of an article's statements, their mentions,
its language and publication date, and the code: the key is the mention
cache's (article bytes, publication date, sentence spans, code digest) plus
the language. ``build_frames`` itself makes them, on a corpus of just the
articles not cached, so what a frame holds is decided in one place.

Stored as data (``marshal`` of plain values: the field names, then each
frame's values, its mention as its place in the statement's mentions), never
a pickle: marshal builds strings, numbers, tuples and sets and runs nothing,
and the folder is the user's own (store.private_dir). A row that does not fit
the code's Frame (another build) is a miss, and the article's frames are
built again.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import marshal
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
    """The article's frames as ``marshal`` data: the Frame's field names, then per kind one tuple per frame.

    Each field's value as it is (marshal keeps str, int, float, None, tuples and
    frozensets of them), the mention as its place in the statement's mentions.
    JSON, with a tag per set and a dict per frame, was 2.5 of the 31 CPU-s of
    adding one article to 1,600 (decoding 1,600 articles' frames); marshal
    reads them back in C.
    """
    names = None
    out = {}
    for kind, fs in frames.items():
        rows = []
        for f in fs:
            fields = dataclasses.fields(f)
            if names is None:
                names = tuple(field.name for field in fields)
            row = []
            for field in fields:
                v = getattr(f, field.name)
                if field.name == "mention":
                    pool = getattr(mentions[f.key], _LISTS[kind])
                    at = next((i for i, m in enumerate(pool) if m is v), None)
                    if at is None:
                        at = next((i for i, m in enumerate(pool) if m == v), None)
                    if at is None:
                        return None  # a mention that is not the statement's: not cacheable
                    v = at
                elif not _plain(v):
                    # A field this cache cannot keep: nothing is cached, so a new
                    # Frame field of another type must be taught here
                    # (tests/test_incremental.py checks every field round-trips).
                    return None
                row.append(v)
            rows.append(tuple(row))
        out[kind] = rows
    return _MAGIC + marshal.dumps((names, out), _MARSHAL_VERSION)


_MAGIC = b"frames-marshal-1\0"
_MARSHAL_VERSION = 4
_ATOMS = (str, int, float, bool, type(None))


def _plain(v) -> bool:
    """A value marshal gives back as it was: an atom, or a frozenset or tuple of atoms."""
    if isinstance(v, _ATOMS):
        return True
    return type(v) in (frozenset, tuple) and all(isinstance(x, _ATOMS) for x in v)


@functools.lru_cache(maxsize=8)
def _maker(frame_cls):
    """row -> frame: ``frame_cls(*row)``, or for a plain frozen dataclass (no __post_init__, no slots, every
    field set by __init__) its ``__dict__`` filled directly: a frozen __init__ sets each field through
    object.__setattr__, and that was most of reading 86,000 cached frames back (the object is the same,
    field for field)."""
    fields = dataclasses.fields(frame_cls)
    if hasattr(frame_cls, "__post_init__") or hasattr(frame_cls, "__slots__") or not all(f.init for f in fields):
        return lambda row: frame_cls(*row)
    names = tuple(f.name for f in fields)
    new = object.__new__

    def make(row):
        frame = new(frame_cls)
        frame.__dict__.update(zip(names, row))
        return frame
    return make


def _decode(blob: bytes, article: Article, mentions: dict[tuple, Mentions], frame_cls) -> dict[str, list] | None:
    names = tuple(f.name for f in dataclasses.fields(frame_cls))
    try:
        if not blob.startswith(_MAGIC):
            return None
        stored, data = marshal.loads(blob[len(_MAGIC):])
        if stored is not None and tuple(stored) != names:
            return None  # another build's Frame
        at_article, at_statement, at_mention = names.index("article"), names.index("statement"), names.index("mention")
        new = _maker(frame_cls)
        out = {}
        for kind, rows in data.items():
            attr = _LISTS[kind]
            fs = []
            for row in rows:
                if len(row) != len(names) or row[at_article] != article.id:
                    return None
                row = list(row)
                row[at_mention] = getattr(mentions[(article.id, row[at_statement])], attr)[row[at_mention]]
                fs.append(new(row))
            out[kind] = fs
        return out
    except (ValueError, EOFError, KeyError, IndexError, TypeError, AttributeError) as exc:
        log.debug("frame cache row for %s not usable: %s", article.id, exc)
        return None
