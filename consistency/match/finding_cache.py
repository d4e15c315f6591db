"""Each fact's finding, cached by the fact's content: a batch added to an archive judges only the facts it changed.

``findings.discover`` judges a fact from its frames (which come from their
articles' bytes, publication dates and the code), its links (the
probabilities between them), the statements rules cover, and for
attributions the corpus's role links (``verdicts.corpus_links``: who holds
which title, gathered over the whole corpus). The key of a fact's record
hashes all of those and the code digest, never the fact's number: numbers
shift when an article adds a fact before them, so a record keeps the
finding without it and the number is put back on reading, and so are the
articles' paths its message names (they change with the folder given). A
record of "no finding" is kept too.

Records are plain data (``marshal``) in a BlobStore (SQLite); a record that
does not fit (another build, a truncated row) is a miss, and the fact is
judged again. Each write drops the rows of facts gone from the archive once
they outnumber the live ones STALE_SHARE times (store.prune_rows): every
changed fact leaves one, and the file grew without end.
Findings are returned in the facts' order, as ``discover`` returns them.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import logging
import marshal
from array import array
from itertools import chain
from pathlib import Path
from typing import Mapping

import numpy as np

from .. import codec
from ..model import Claim, Corpus, Finding
from ..store import BlobStore, put_rows
from .frame_cache import article_key

log = logging.getLogger(__name__)

FILENAME = "findings.v1.sqlite3"
STALE_SHARE = 1.0  # rows of facts gone, kept up to this share of the live ones (another option set's)
_SCALARS = ("id", "verdict", "level", "message", "conflict_count", "link")


def discover_cached(matching, corpus: Corpus, *, covered: Mapping[str, set] | None, directory: Path, code: str,
                    later=None, fragments: dict | None = None) -> list:
    """``discover(matching, corpus, covered=covered)``, finding for finding, judging only facts not in the cache.

    ``fragments`` is filled with id(finding) -> the finding's ``codec`` encoding, for the report cache
    (``codec.dumps_with``): a record keeps it, so a reused finding is not encoded again.
    """
    fragments = fragments if fragments is not None else {}
    from .findings import discover

    covered = covered or {}
    keys = fact_keys(matching, corpus, covered, code)
    store = BlobStore(Path(directory) / FILENAME, "findings", "finding cache")
    try:
        stored = dict(store.get_many(keys))
    finally:
        store.close()
    done: dict[int, Finding | None] = {}
    for fact, key in zip(matching.facts, keys):
        blob = stored.get(key)
        if blob is not None:
            got = _decode(blob, fact, covered.get(fact.kind, set()), corpus)
            if got is not False:
                done[fact.id], frag = got
                if frag is not None:
                    fragments[id(frag[0])] = frag[1]
    todo = [f for f in matching.facts if f.id not in done]
    if todo:
        judged = {f.cluster: f for f in discover(dataclasses.replace(matching, facts=tuple(todo)), corpus,
                                                 covered=covered)}
        rows = []
        for fact, key in zip(matching.facts, keys):
            if fact.id not in done:
                done[fact.id] = found = judged.get(fact.id)
                rows.append((key, _encode(found, corpus)))
                back = _decode(rows[-1][1], fact, covered.get(fact.kind, set()), corpus) if found else False
                if back and back[1] is not None:
                    fragments[id(found)] = back[1][1]
        write = functools.partial(put_rows, Path(directory) / FILENAME, "findings", "finding cache", rows,
                                  live=keys, share=STALE_SHARE)
        if later is not None:
            later.add(write)
        else:
            write()
    return [f for f in (done[fact.id] for fact in matching.facts) if f is not None]


def fact_keys(matching, corpus: Corpus, covered: Mapping[str, set], code: str) -> list[bytes]:
    """One key per fact of ``matching``: its frames (by article content and place), links, cover and role links."""
    by_article: dict[str, list] = {}
    for s in corpus.statements:
        by_article.setdefault(s.article_id, []).append(s)
    akey = {a.id: article_key(a, by_article.get(a.id, ()), code) for a in corpus.articles}
    idents = {kind: _identities(frames, akey) for kind, frames in matching.frames.items()}
    around = _around_keys(matching, idents)
    roles = None
    out = []
    base = {kind: hashlib.sha256(f"{code}\0{kind}\0{matching.model.link_cut(kind)!r}\0{matching.model.conflict_cut(kind)!r}\0".encode())
            for kind in matching.frames}
    for fact in matching.facts:
        h = base[fact.kind].copy()
        taken = covered.get(fact.kind, ())
        index, ident, _ = idents[fact.kind]
        # One update per fact (one per frame and field was most of the keying): the identities, then the cover.
        h.update(ident[[index[id(f)] for f in fact.frames]].tobytes())
        h.update(bytes([f.key in taken for f in fact.frames]) if taken else bytes(len(fact.frames)))
        # The links as numbers (repr of every probability was most of the keying); match builds them in (x, y) order.
        h.update(array("q", chain.from_iterable(fact.links)).tobytes())
        h.update(array("d", fact.links.values()).tobytes())
        if fact.id in around:
            h.update(around[fact.id])
        if fact.kind == "attribution":
            if roles is None:
                from ..verdicts import corpus_links

                roles = hashlib.sha256(repr(sorted(corpus_links(corpus).holders.items())).encode()).digest()
            h.update(roles)
        out.append(h.digest())
    return out


def _identities(frames, akey: dict[str, bytes]) -> tuple[dict[int, int], np.ndarray, np.ndarray]:
    """id(frame) -> its index in ``frames``; per frame its identity as five 64-bit words: its article's key
    (``article_key``: the article's bytes, id, dates, spans and the code) and its place among the article's frames
    of the kind (frames come in statement order); and per frame its article's number (in order of first frame).
    Built in numpy: a bytes string per frame was a pass of Python formatting over every frame of the archive on
    each run."""
    heads: dict[str, int] = {}
    art = np.fromiter((heads.setdefault(f.article, len(heads)) for f in frames), dtype=np.int64, count=len(frames))
    words = np.frombuffer(b"".join(akey[a] for a in heads), dtype=np.uint64).reshape(-1, 4)  # sha256 digests
    new_run = np.ones(len(frames), dtype=bool)
    new_run[1:] = art[1:] != art[:-1]
    starts = np.flatnonzero(new_run)
    ident = np.empty((len(frames), words.shape[1] + 1), dtype=np.uint64)
    ident[:, :-1] = words[art]
    ident[:, -1] = np.arange(len(frames)) - np.repeat(starts, np.diff(np.append(starts, len(frames))))
    return {id(f): i for i, f in enumerate(frames)}, ident, art


def _around_keys(matching, idents: dict) -> dict[int, bytes]:
    """Fact id -> its links out of the fact that ``findings.agreed_elsewhere`` reads (its frames' links at or above
    ELSEWHERE_FLOOR to other frames of the fact's articles, with those frames' identities), for dates and quantities.

    A finding depends on them, not only on the fact's own frames and links: an archive's added article can change
    the candidate pairs between two old articles, and a kept record would then differ from a cold run's finding.
    """
    from .findings import ELSEWHERE_FLOOR, ELSEWHERE_KINDS

    out: dict[int, bytes] = {}
    for kind in ELSEWHERE_KINDS:
        frames, pairs, probs = matching.frames.get(kind, ()), matching.pairs.get(kind), matching.probs.get(kind)
        facts = [f for f in matching.facts if f.kind == kind]
        if not facts or pairs is None or not len(pairs):
            continue
        index, ident, art = idents[kind]
        n_articles = int(art.max()) + 1 if len(art) else 0
        fact_of = np.full(len(frames), -1, dtype=np.int64)
        for fact in facts:
            fact_of[[index[id(f)] for f in fact.frames]] = fact.id
        grouped = np.flatnonzero(fact_of >= 0)
        # (return_index: np.unique without it imports numpy.ma for its masked check, 0.01 CPU-s of a cold start)
        holds = np.unique(fact_of[grouped] * n_articles + art[grouped], return_index=True)[0]
        p = np.asarray(probs)
        at = np.flatnonzero(p >= ELSEWHERE_FLOOR)
        a, b = np.asarray(pairs.a)[at], np.asarray(pairs.b)[at]
        rows = []  # (fact, own frame, linked frame, pair)
        for own, other in ((a, b), (b, a)):
            f = fact_of[own]
            hit = (f >= 0) & np.isin(f * n_articles + art[other], holds)
            rows.append(np.stack([f[hit], own[hit], other[hit], at[hit]], axis=1))
        rows = np.concatenate(rows)
        rows = rows[np.lexsort((rows[:, 3], rows[:, 2], rows[:, 1], rows[:, 0]))]
        for fid, start, end in _runs(rows[:, 0]):
            part = rows[start:end]
            # identities, not indices: an added article shifts the indices of the frames after it
            out[int(fid)] = ident[part[:, 1:3]].tobytes() + p[part[:, 3]].astype(np.float64).tobytes()
    return out


def _runs(values: np.ndarray):
    """(value, start, end) of each run of equal values of a sorted array."""
    if not len(values):
        return
    cuts = np.flatnonzero(np.diff(values)) + 1
    starts = np.concatenate([[0], cuts])
    ends = np.concatenate([cuts, [len(values)]])
    for s, e in zip(starts.tolist(), ends.tolist()):
        yield values[s], s, e


# A finding is encoded with this number for its fact's, which is put back on reading (2**53 + 1: no
# count, date or offset of a report; a record whose encoding holds it elsewhere keeps no encoding).
_SENTINEL = 9007199254740993


def _mark(k: int) -> str:
    return f"\0p{k}\0"


def _encode(finding: Finding | None, corpus: Corpus) -> bytes:
    """The record: ``marshal`` of the finding's own fields (None: no finding) and the finding's encoding.

    The message names each claim's article by the path it was read from, which
    changes with the folder given (the same archive checked as ``a/`` or
    ``./a``): the paths are written as placeholders, filled in on reading.
    Marshal (plain values only, runs nothing) instead of JSON: reading 23,000
    records back was most of the findings' cost of adding one article to 1,600.
    """
    if finding is None:
        return _MAGIC + marshal.dumps(None, 4)
    paths = [corpus.article(c.article_id).path for c in finding.claims]
    message = finding.message
    for path in sorted(set(paths), key=len, reverse=True):
        message = message.replace(f"({path})", f"({_mark(paths.index(path))})")
    if _fill(message, paths) != finding.message or any(_mark(k) in finding.message for k in range(len(paths))):
        return _MAGIC + marshal.dumps(False, 4)  # a message the placeholders cannot give back: judged each time
    scalars = tuple(message if name == "message" else getattr(finding, name) for name in _SCALARS)
    if not all(isinstance(v, (str, int, float, type(None))) for v in scalars):
        return _MAGIC + marshal.dumps(False, 4)
    head = (scalars, tuple((int(i), int(j)) for i, j in finding.conflicts), tuple(str(r) for r in finding.reasons),
            len(finding.claims))
    blob = None
    try:
        marked = dataclasses.replace(finding, cluster=_SENTINEL, message=message, claims=tuple(
            dataclasses.replace(c, fact=f"fact:{_SENTINEL}") for c in finding.claims))
        blob = codec.dumps(marked)
    except codec.CodecError:
        pass
    if blob is not None and blob.count(str(_SENTINEL).encode()) != 1 + len(finding.claims):
        blob = None
    return _MAGIC + marshal.dumps((*head, blob), 4)


_MAGIC = b"finding-marshal-1\0"


def _fill(message: str, paths: list[str]) -> str:
    for k, path in enumerate(paths):
        message = message.replace(_mark(k), path)
    return message


@functools.lru_cache(maxsize=65536)
def _in_json(text: str) -> bytes:
    """``text`` as it reads inside a JSON string (a few marks and paths, asked for once per claim:
    a json.dumps each was a quarter of reading the records back)."""
    return json.dumps(text, ensure_ascii=False)[1:-1].encode()


def _decode(blob: bytes, fact, taken, corpus: Corpus):
    """(the fact's finding or None, (finding, its encoding) or None) from its record; False when it does not fit."""
    try:
        if not blob.startswith(_MAGIC):
            return False
        row = marshal.loads(blob[len(_MAGIC):])
        if row is None:
            return None, None
        frames = [f for f in fact.frames if f.key not in taken]
        if row is False or row[3] != len(frames):
            return False
        scalar_values, conflicts, reasons, _, enc = row
        paths = [corpus.article(f.article).path for f in frames]
        claims = tuple(Claim(f"fact:{fact.id}", f.article, f.statement, f.mention) for f in frames)
        scalars = dict(zip(_SCALARS, scalar_values, strict=True))
        scalars["message"] = _fill(scalars["message"], paths)
        finding = Finding(rule=None, kind=fact.kind, claims=claims, cluster=fact.id, conflicts=tuple(conflicts),
                          reasons=tuple(reasons), **scalars)
        if not enc:
            return finding, None
        enc = enc.replace(str(_SENTINEL).encode(), str(fact.id).encode())
        for k, path in enumerate(paths):
            mark = _in_json(_mark(k))
            if mark in enc:
                enc = enc.replace(mark, _in_json(path))
        return finding, (finding, enc)
    except (ValueError, EOFError, KeyError, TypeError) as exc:
        log.debug("finding cache row for fact %s not usable: %s", fact.id, exc)
        return False
