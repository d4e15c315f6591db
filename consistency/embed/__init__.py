"""Statements -> unit vectors, through a chosen backend and the on-disk cache.

``get_embedder(name, model)`` picks a backend; ``embed_statements`` embeds a
corpus, reading what it can from the cache and embedding only what is new.

The statement's original ``text`` is embedded (whitespace collapsed, NFC), not
its matching form ``norm``: the neural models were trained on real
orthography, and folded Arabic (ta marbuta -> ha, bare alef) becomes
out-of-vocabulary pieces for them; rule example sentences arrive as written,
too, so statements and examples meet in the same form. The tfidf backend
folds spelling inside ``embed`` where it helps.
"""

from __future__ import annotations

import importlib.util
import multiprocessing
from functools import partial
from typing import TYPE_CHECKING, Callable, Iterator, Sequence

import numpy as np

from ..errors import UserError
from .base import Embedder, prepare, text_key, unit_rows
from .cache import VectorCache, default_dir

if TYPE_CHECKING:
    from ..api import Options
    from ..later import Later
    from ..model import Statement

__all__ = ["Embedder", "EMBEDDERS", "embed_batches", "embed_statements", "embed_texts", "get_embedder", "unit_rows"]

EMBEDDERS = ("use", "sentence-transformers", "tfidf")
BATCH = 256
CACHE_WRITE_ROWS = 4096


def get_embedder(name: str = "use", model: str | None = None) -> Embedder:
    """The backend called ``name``; a missing optional package or model is a UserError."""
    if name == "use":
        from .use import UseEmbedder

        return UseEmbedder(model)
    if name == "tfidf":
        from .tfidf import TfidfEmbedder

        return TfidfEmbedder(model)
    if name in ("sentence-transformers", "st"):
        from .sentence_transformers import INSTALL_HINT, SentenceTransformerEmbedder

        # Checked without importing torch: a run whose vectors are all cached never loads it.
        if importlib.util.find_spec("sentence_transformers") is None:
            raise UserError(f"the 'sentence-transformers' embedder needs the optional extra: {INSTALL_HINT}")
        return SentenceTransformerEmbedder(model)
    raise UserError(f"unknown embedder {name!r}: expected one of {', '.join(EMBEDDERS)}")


def embed_texts(
    texts: Sequence[str],
    embedder: Embedder,
    cache: VectorCache | None = None,
    progress: Callable[[str, int, int], None] | None = None,
    *,
    jobs: int | None = None,
    later: "Later | None" = None,
) -> np.ndarray:
    """(len(texts), d) unit rows; each distinct prepared text is embedded at most once.

    ``jobs``: see ``embed_batches``. The new vectors are written to the cache
    once embedding ends, not while the embedding workers want both cores:
    from ``later``'s thread when given (see later.py), else here.
    """
    prepared = [prepare(t) for t in texts]
    keys = [text_key(t) for t in prepared]
    rows: dict[bytes, list[int]] = {}  # distinct text -> the positions that need its vector
    for i, k in enumerate(keys):
        rows.setdefault(k, []).append(i)
    out: np.ndarray | None = None

    def place(batch: Sequence[bytes], vectors: np.ndarray) -> None:
        """Row n of ``vectors`` into every position of text ``batch[n]``: one numpy assignment per batch
        (one per text was two seconds of the main process at 6,400 articles)."""
        nonlocal out
        if not len(batch):
            return
        if out is None:
            out = np.empty((len(keys), vectors.shape[1]), dtype=np.float32)
        elif vectors.shape[1] != out.shape[1]:
            raise RuntimeError(f"embedder {embedder.model_id} returned vectors of sizes {out.shape[1]} and {vectors.shape[1]}")
        at: list[int] = []
        src: list[int] = []
        for n, k in enumerate(batch):
            for pos in rows[k]:
                at.append(pos)
                src.append(n)
        out[at] = vectors[src]

    found = cache.get_many(embedder.model_id, rows) if cache is not None else {}
    cached = list(found)
    for lo in range(0, len(cached), CACHE_WRITE_ROWS):  # stacked a slice at a time: no second copy of them all
        part = cached[lo : lo + CACHE_WRITE_ROWS]
        place(part, np.stack([found[k] for k in part]))
    todo = [k for k in rows if k not in found]
    del found
    done = len(keys) - sum(len(rows[k]) for k in todo)
    if progress:
        progress("embed", done, len(keys))
    texts_todo = [prepared[rows[k][0]] for k in todo]
    for i, vectors in embed_batches(texts_todo, embedder, jobs=jobs):
        batch = todo[i : i + len(vectors)]
        place(batch, vectors)
        done += sum(len(rows[k]) for k in batch)
        if progress:
            progress("embed", done, len(keys))
    if out is None:
        return unit_rows(embedder.embed([]))
    if cache is not None and todo:
        keep = partial(_keep_vectors, cache.path.parent, embedder.model_id, todo, [rows[k][0] for k in todo], out)
        if later is not None:
            later.add(keep)
        else:
            keep()
    return out


def _keep_vectors(directory, model_id: str, keys: list[bytes], at: list[int], vectors: np.ndarray) -> None:
    """Store ``vectors[at[n]]`` under ``keys[n]``, CACHE_WRITE_ROWS a transaction (SQLite commits and WAL
    checkpoints stay rare), on a connection of its own: it may run in the writer thread."""
    with VectorCache(directory) as cache:
        for lo in range(0, len(keys), CACHE_WRITE_ROWS):
            cache.put_many(model_id, dict(zip(keys[lo : lo + CACHE_WRITE_ROWS], vectors[at[lo : lo + CACHE_WRITE_ROWS]])))


MIN_TEXTS_PER_JOB = 1000  # below this per process, forking costs more than it saves
_FORKED = None  # (texts, embedder) for forked embedding workers


def embed_batches(
    texts: Sequence[str],
    embedder: Embedder,
    *,
    jobs: int | None = None,
) -> Iterator[tuple[int, np.ndarray]]:
    """(offset, unit rows) for consecutive slices of ``texts`` of BATCH texts, in order.

    A backend that is ``fork_safe`` embeds a large input in ``jobs`` forked
    processes (default: all cores) of one thread each, sharing the weights
    the parent loaded; otherwise the batches run here.
    """
    from ..extract import cores

    workers = min(jobs or cores(), len(texts) // MIN_TEXTS_PER_JOB)
    parallel = workers >= 2 and getattr(embedder, "fork_safe", False) and "fork" in multiprocessing.get_all_start_methods()
    if not parallel:
        for lo in range(0, len(texts), BATCH):
            yield lo, unit_rows(embedder.embed(texts[lo : lo + BATCH]))
        return
    global _FORKED
    if hasattr(embedder, "expect"):  # a tokenizer loaded only for large inputs (use.py) is loaded now, shared too
        embedder.expect(texts)
    embedder.embed(texts[:1])  # load the model before forking: the workers share its pages
    if hasattr(embedder, "set_threads"):
        embedder.set_threads(1)
    _FORKED = (texts, embedder)
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            yield from pool.imap(_embed_slice, range(0, len(texts), BATCH))
    finally:
        _FORKED = None


def _embed_slice(lo: int) -> tuple[int, np.ndarray]:
    texts, embedder = _FORKED
    return lo, unit_rows(embedder.embed(texts[lo : lo + BATCH]))


def embed_statements(
    statements: Sequence["Statement"],
    options: "Options",
    progress: Callable[[str, int, int], None] | None = None,
    *,
    later: "Later | None" = None,
) -> tuple[np.ndarray, Embedder]:
    """Vectors for ``statements`` (one unit row each, in order) and the embedder behind them.

    ``later``: see ``embed_texts``; the caller waits for it before it ends.
    """
    embedder = get_embedder(options.embedder, options.model)
    texts = [s.text for s in statements]
    if not options.use_cache:
        return embed_texts(texts, embedder, None, progress, jobs=options.jobs), embedder
    with VectorCache(options.cache_dir or default_dir()) as cache:
        return embed_texts(texts, embedder, cache, progress, jobs=options.jobs, later=later), embedder
