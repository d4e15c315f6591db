"""Extraction stage: every statement's dates, quantities and attributions.

Extraction is pure Python and independent per article (attributions look
back only within their own article), so a large corpus is split into chunks
of whole articles and extracted by a pool of worker processes, one per core
unless ``jobs`` says otherwise. Small inputs stay in this process: starting
workers and shipping results back costs more than it saves below a few
thousand statements. The result is the same, in the same order, either way.

``extract_start`` returns at once while the workers run, so the caller can
embed in the meantime and collect the mentions with ``.result()`` later;
``extract_all`` is the two in one call. With a ``cache_dir``, each article's
mentions are kept on disk (keyed by its bytes, publication date, sentence
spans and the extractor code and data), so a re-run extracts only what is
new or changed.
"""

from __future__ import annotations

import hashlib
import logging
import multiprocessing
import os
import warnings
from functools import partial
from pathlib import Path
from typing import Callable, Sequence

from .. import codec
from ..later import Later
from ..model import Article, Mentions, Statement, StatementKey
from .mention_cache import MentionCache, mention_bytes

log = logging.getLogger(__name__)

# Below this many statements the pool does not pay for itself (measured with
# bench/run.py: forking and shipping results back cost ~0.1-0.2 s, serial
# extraction runs at about a thousand statements per second).
MIN_PARALLEL_STATEMENTS = 2000
# Statements per task: big enough that task overhead is noise, small enough
# that the last task does not leave the other workers idle for long.
CHUNK_STATEMENTS = 1000

# Distinct statement texts whose reading each extractor remembers (an LRU):
# wire copies and agency lines repeat sentences verbatim across a batch (a
# third of the 6,400-article bench's statements repeat an earlier one), and
# reading a sentence depends on its text alone; remembering them cut the
# extraction worker's CPU by 11% there. 65,536 texts are roughly the
# statements of 2,000 articles, tens of MB per worker at most.
TEXT_MEMO = 1 << 16

Progress = Callable[[str, int, int], None]
Work = list[tuple[Article, list[Statement]]]
_EMPTY = Mentions()
# Set in the parent just before a fork-started pool: children inherit it
# instead of receiving every statement through a pipe.
_SHARED: Work = []


def extract_all(
    articles: Sequence[Article],
    statements: Sequence[Statement],
    *,
    jobs: int | None = None,
    progress: Progress | None = None,
    cache_dir: Path | None = None,
) -> dict[StatementKey, Mentions]:
    """Mentions for every statement, keyed by (article id, index), in statement order.

    ``jobs``: worker processes; None (or 0) means one per available core,
    1 means none. ``cache_dir``: keep and reuse each article's mentions there.
    """
    return Extraction(articles, statements, jobs, progress, cache_dir, background=False).result()


def extract_start(
    articles: Sequence[Article],
    statements: Sequence[Statement],
    *,
    jobs: int | None = None,
    progress: Progress | None = None,
    cache_dir: Path | None = None,
    later: Later | None = None,
) -> "Extraction":
    """Start extracting in worker processes and return at once; ``.result()`` collects.

    Unlike ``extract_all``, even ``jobs=1`` uses a worker process (when the
    input is big enough to pay for it): the point is to extract while the
    caller embeds. ``later``: the new mentions are written to the cache from
    its thread (see later.py); the caller waits for it before it ends.
    """
    return Extraction(articles, statements, jobs, progress, cache_dir, background=True, later=later)


def extract_article(article: Article, statements: Sequence[Statement]) -> list[Mentions]:
    """The mentions of one article's statements (given in order), one per statement."""
    if article.language not in extracted_languages():
        # warnings show a message once: once per language, not per article
        warnings.warn(f"no extractor for language {article.language!r}: its dates, figures and speakers are read "
                      f"with the vocabulary of {', '.join(sorted(extracted_languages() - {'mixed', 'und'}))} only",
                      stacklevel=2)
    from .attributions import extract_attributions
    from .dates import extract_dates
    from .quantities import extract_ordinals, extract_quantities

    # Attributions need the article's previous sentences ("He added").
    attributions = extract_attributions(statements)
    out = []
    for s, attr in zip(statements, attributions):
        dates = tuple(extract_dates(s.text, published=article.published, offset=s.start))
        quantities = tuple(extract_quantities(s.text, offset=s.start, published=article.published))
        ordinals = tuple(extract_ordinals(s.text, offset=s.start))
        attr = tuple(attr)
        out.append(Mentions(dates, quantities, attr, ordinals) if dates or quantities or attr or ordinals else _EMPTY)
    return out


def extract_article_safely(article: Article, statements: Sequence[Statement]) -> list[Mentions]:
    """``extract_article``, except that a statement an extractor fails on loses its mentions, not the run.

    A bug met on one sentence of one article must not cost the batch its
    report (a CI gate would read the crash as "findings"): the article is read
    again statement by statement, each extractor guarded, and what failed is
    logged with the article and sentence so that it can be reported.
    """
    try:
        return extract_article(article, statements)
    except Exception:  # noqa: BLE001 - any extractor bug; narrowed below per statement
        pass
    from .attributions import extract_attributions
    from .dates import extract_dates
    from .quantities import extract_ordinals, extract_quantities

    out = []
    for s in statements:
        found = []
        for name, run in (("dates", lambda: extract_dates(s.text, published=article.published, offset=s.start)),
                          ("quantities", lambda: extract_quantities(s.text, offset=s.start, published=article.published)),
                          ("attributions", lambda: extract_attributions([s])[0]),
                          ("ordinals", lambda: extract_ordinals(s.text, offset=s.start))):
            try:
                found.append(tuple(run()))
            except Exception as exc:  # noqa: BLE001
                log.warning("%s: sentence %d: %s extraction failed (%s: %s); its %s are left out",
                            article.path, s.index + 1, name, type(exc).__name__, exc, name)
                found.append(())
        out.append(Mentions(*found) if any(found) else _EMPTY)
    return out


class Extraction:
    """Extraction under way; ``result()`` waits for it and returns the mentions."""

    def __init__(self, articles, statements, jobs, progress, cache_dir, *, background: bool, later: Later | None = None) -> None:
        self._later = later
        self._statements = statements
        self._progress = progress
        self._total = len(statements)
        self._done = 0
        by_article: dict[str, list[Statement]] = {}
        for s in statements:
            by_article.setdefault(s.article_id, []).append(s)
        work: Work = [(a, by_article[a.id]) for a in articles if a.id in by_article]
        self._found: dict[StatementKey, Mentions] = {}
        self._cache = MentionCache(cache_dir, code_version()) if cache_dir is not None else None
        self._keys: dict[str, bytes] = {}
        if self._cache is not None:
            self._keys = {a.id: self._cache.key(a, sts) for a, sts in work}
            hits = self._cache.get_many(list(self._keys.values()))
            todo: Work = []
            for a, sts in work:
                cached = hits.get(self._keys[a.id])
                if cached is not None and len(cached) == len(sts):
                    self._take(sts, cached)
                else:
                    todo.append((a, sts))
            work = todo
        self._work = work
        self._fresh: list[tuple[bytes, list[Mentions]]] = []
        size = sum(len(sts) for _, sts in work)
        # In the background the caller embeds on one core meanwhile: leave it that core.
        default = max(1, cores() - 1) if background else cores()
        workers = min(default if not jobs or jobs < 0 else jobs, max(1, size // CHUNK_STATEMENTS))
        self._pool = None
        if (workers > 1 or background) and size >= MIN_PARALLEL_STATEMENTS:
            self._start_pool(workers)

    def _take(self, sts: list[Statement], mentions: list[Mentions | None]) -> None:
        for s, m in zip(sts, mentions):
            self._found[s.key] = m if m is not None else _EMPTY
        self._done += len(sts)
        if self._progress:
            self._progress("extract", self._done, self._total)

    def _keep(self, article: Article, mentions: list[Mentions | None] | bytes) -> None:
        if self._cache is not None:
            self._fresh.append((self._keys[article.id], mentions))

    def _start_pool(self, workers: int) -> None:
        global _SHARED
        fork = "fork" in multiprocessing.get_all_start_methods()
        ctx = multiprocessing.get_context("fork" if fork else "spawn")
        chunks = _chunks(self._work)
        if fork:
            # Import the extractors (and load their data files) before the
            # fork, so that workers start warm instead of each loading them.
            extract_article_safely(*self._work[0])
            _SHARED = self._work
        tasks = [(lo, hi, None if fork else self._work[lo:hi]) for lo, hi in chunks]
        try:
            self._pool = ctx.Pool(workers)
        finally:
            _SHARED = []  # forked children hold their own copy now
        self._results = self._pool.imap_unordered(_run_chunk, tasks)

    def running(self) -> bool:
        """Whether worker processes are still extracting; chunks already done are taken in (and their progress shown)."""
        if self._pool is None:
            return False
        while True:
            try:
                self._absorb(self._results.next(timeout=0))
            except multiprocessing.TimeoutError:
                return True
            except StopIteration:
                return False

    def _absorb(self, chunk: tuple[int, int, list[bytes]]) -> None:
        lo, hi, results = chunk
        for (a, sts), blob in zip(self._work[lo:hi], results):
            self._take(sts, codec.loads(blob))
            self._keep(a, blob)  # the very bytes the mention cache stores: not encoded again here

    def result(self) -> dict[StatementKey, Mentions]:
        if self._pool is not None:
            try:
                for chunk in self._results:
                    self._absorb(chunk)
            finally:
                self._pool.close()
                self._pool.join()
                self._pool = None
        elif self._work:
            for a, sts in self._work:
                mentions = extract_article_safely(a, sts)
                self._take(sts, mentions)
                self._keep(a, mentions)
        self._work = []
        if self._cache is not None:
            self._cache.close()
            if self._fresh:
                keep = partial(_keep_mentions, self._cache.path.parent, self._cache.version, self._fresh)
                if self._later is not None:
                    self._later.add(keep)
                else:
                    keep()
            self._fresh = []
        # Statement order, whatever order the work came back in: the output is deterministic.
        return {s.key: self._found.get(s.key, _EMPTY) for s in self._statements}


def _keep_mentions(directory: Path, version: str, fresh: list[tuple[bytes, list[Mentions | None] | bytes]]) -> None:
    cache = MentionCache(directory, version)  # its own connection: it may run in the writer thread
    try:
        cache.put_many(fresh)
    finally:
        cache.close()


_LANGUAGES: frozenset[str] | None = None


def extracted_languages() -> frozenset[str]:
    """Languages with vocabulary: Arabic and English in the base files, others by their own files (dates.fr.yaml)."""
    global _LANGUAGES
    if _LANGUAGES is None:
        from ..datafiles import overlays

        _LANGUAGES = frozenset({"ar", "en", "mixed", "und"} | {n.split(".")[1] for n in overlays("dates.yaml")})
    return _LANGUAGES


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _chunks(work: Work) -> list[tuple[int, int]]:
    """[lo, hi) ranges of whole articles, each about CHUNK_STATEMENTS statements."""
    out, lo, size = [], 0, 0
    for i, (_, sts) in enumerate(work):
        size += len(sts)
        if size >= CHUNK_STATEMENTS:
            out.append((lo, i + 1))
            lo, size = i + 1, 0
    if lo < len(work):
        out.append((lo, len(work)))
    return out


def _run_chunk(task: tuple[int, int, Work | None]) -> tuple[int, int, list[bytes]]:
    lo, hi, shipped = task
    items = shipped if shipped is not None else _SHARED[lo:hi]
    # Each article's mentions encoded here, once: the parent decodes them and
    # keeps the same bytes in the mention cache, instead of encoding them again
    # on its own (serial) time. None for an empty result: most statements have
    # none, and None is four bytes.
    return lo, hi, [mention_bytes([m if m is not _EMPTY else None for m in extract_article_safely(a, sts)])
                    for a, sts in items]


_VERSION: str | None = None


def code_version() -> str:
    """A digest of the code and data that extraction depends on: a change invalidates the cache."""
    global _VERSION
    if _VERSION is None:
        root = Path(__file__).resolve().parent.parent  # the consistency package
        h = hashlib.sha256()
        for p in sorted(root.rglob("*")):
            if p.suffix in (".py", ".yaml", ".yml", ".json", ".npz") and "__pycache__" not in p.parts:
                h.update(str(p.relative_to(root)).encode())
                h.update(p.read_bytes())
        _VERSION = h.hexdigest()[:16]
    return _VERSION
