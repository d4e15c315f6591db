"""Each article's rule pattern hits, cached: a batch added to an archive runs the rules' patterns on its new articles only.

Which statements a rule's patterns match, and the mention ``select_mention``
takes from each (align.pattern_hits), is a function of the statement's text
and mentions and of the rule files: per article, of the frame cache's key
(article bytes, publication date, language, sentence spans, code digest) and a
digest of every rule file's path and bytes. Building the literal index over
every statement and choosing the mention of every pattern hit again was a
third of the alignment of one article added to 1,600.

Stored as ``marshal`` of plain values (rule id, statement index, the mention's
place among the statement's mentions of the rule's kind, -1 for none) in a
BlobStore (SQLite); a row that does not fit (another build) is a miss, and the
article's hits are found again. Rows of articles gone are pruned as the finding
cache prunes its own.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import marshal
from pathlib import Path

from .match.frame_cache import article_key
from .model import Mentions
from .store import BlobStore, put_rows

log = logging.getLogger(__name__)

FILENAME = "patterns.v1.sqlite3"
STALE_SHARE = 1.0
_MAGIC = b"patterns-marshal-1\0"


def rules_digest(rules_dir: Path | None) -> bytes:
    """Every rule file's path (under the folder) and bytes: any edit of a rule is another key."""
    h = hashlib.sha256()
    if rules_dir is not None:
        for rule in sorted(p for p in Path(rules_dir).rglob("*") if p.is_file()):
            h.update(f"rule\0{rule.relative_to(rules_dir).as_posix()}\0".encode())
            h.update(hashlib.sha256(rule.read_bytes()).digest())
    return h.digest()


class PatternCache:
    """``hits`` for ``align.align``: ``pattern_hits`` over the corpus, read back for the articles a run kept."""

    def __init__(self, directory: Path, code: str, rules_dir: Path | None, later=None):
        self.path = Path(directory) / FILENAME
        self.code = code
        self.rules = rules_digest(rules_dir)
        self.later = later
        self.reused = self.found = 0  # articles read back, articles whose hits were found

    def __call__(self, rules, corpus, norms: dict, compute) -> dict:
        by_article: dict[str, list[int]] = {}
        for i, s in enumerate(corpus.statements):
            by_article.setdefault(s.article_id, []).append(i)
        keys = {a.id: hashlib.sha256(article_key(a, [corpus.statements[i] for i in by_article.get(a.id, ())], self.code)
                                     + self.rules).digest() for a in corpus.articles}
        store = BlobStore(self.path, "patterns", "pattern cache")
        try:
            stored = dict(store.get_many(keys.values()))
        finally:
            store.close()
        kinds = {r.id: r.extends for r in rules}
        per_article: dict[str, dict] = {}
        for a in corpus.articles:
            blob = stored.get(keys[a.id])
            got = _decode(blob, a.id, kinds, corpus) if blob is not None else None
            if got is not None:
                per_article[a.id] = got
        todo = [a for a in corpus.articles if a.id not in per_article]
        self.reused, self.found = len(per_article), len(todo)
        if todo:
            rows = sorted(i for a in todo for i in by_article.get(a.id, ()))
            fresh = compute(rules, corpus, norms, rows)
            split: dict[str, dict] = {a.id: {} for a in todo}
            for rid, hits in fresh.items():
                for key, m in hits.items():
                    split[key[0]].setdefault(rid, {})[key] = m
            per_article.update(split)
            written = [(keys[a.id], _encode(split[a.id], kinds, corpus)) for a in todo]
            write = functools.partial(put_rows, self.path, "patterns", "pattern cache",
                                      [(k, b) for k, b in written if b is not None], live=list(keys.values()),
                                      share=STALE_SHARE)
            if self.later is not None:
                self.later.add(write)
            else:
                write()
        # Every rule's hits in corpus order, as one pass over the statements gives them (align's link
        # candidates are taken in that order).
        row_of = {s.key: i for i, s in enumerate(corpus.statements)}
        out: dict = {r.id: {} for r in rules}
        for hits in per_article.values():
            for rid, found in hits.items():
                if rid in out:
                    out[rid].update(found)
        return {rid: dict(sorted(found.items(), key=lambda kv: row_of[kv[0]])) for rid, found in out.items()}


def _encode(hits: dict, kinds: dict, corpus) -> bytes | None:
    rows = []
    for rid, found in hits.items():
        for key, m in found.items():
            at = -1
            if m is not None:
                pool = corpus.mentions.get(key, Mentions()).of_kind(kinds[rid])
                at = next((i for i, x in enumerate(pool) if x is m), -1)
                if at < 0:
                    return None  # a mention that is not the statement's own: not cacheable
            rows.append((rid, key[1], at))
    return _MAGIC + marshal.dumps(tuple(rows), 4)


def _decode(blob: bytes, article: str, kinds: dict, corpus) -> dict | None:
    try:
        if not blob.startswith(_MAGIC):
            return None
        out: dict = {}
        for rid, index, at in marshal.loads(blob[len(_MAGIC):]):
            kind = kinds.get(rid)
            if kind is None:
                return None  # a rule this run does not have: the digest should have told
            key = (article, index)
            out.setdefault(rid, {})[key] = corpus.mentions[key].of_kind(kind)[at] if at >= 0 else None
        return out
    except (ValueError, EOFError, KeyError, IndexError, TypeError) as exc:
        log.debug("pattern cache row for %s not usable: %s", article, exc)
        return None
