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
from typing import TYPE_CHECKING, Callable, Sequence

import numpy as np

from ..errors import UserError
from .base import Embedder, prepare, text_key, unit_rows
from .cache import VectorCache, default_dir

if TYPE_CHECKING:
    from ..api import Options
    from ..model import Statement

__all__ = ["Embedder", "EMBEDDERS", "embed_statements", "embed_texts", "get_embedder", "unit_rows"]

EMBEDDERS = ("use", "sentence-transformers", "tfidf")
BATCH = 256


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
) -> np.ndarray:
    """(len(texts), d) unit rows; each distinct prepared text is embedded at most once."""
    prepared = [prepare(t) for t in texts]
    keys = [text_key(t) for t in prepared]
    found = cache.get_many(embedder.model_id, keys) if cache is not None else {}
    text_of = dict(zip(keys, prepared))
    weight: dict[bytes, int] = {}  # statements waiting on each distinct new text
    for k in keys:
        if k not in found:
            weight[k] = weight.get(k, 0) + 1
    todo = list(weight)
    total = len(keys)
    done = total - sum(weight.values())
    if progress:
        progress("embed", done, total)
    for i in range(0, len(todo), BATCH):
        batch = todo[i : i + BATCH]
        vectors = unit_rows(embedder.embed([text_of[k] for k in batch]))
        fresh = dict(zip(batch, vectors))
        found.update(fresh)
        if cache is not None:
            cache.put_many(embedder.model_id, fresh)  # per batch: a killed run keeps its work
        done += sum(weight[k] for k in batch)
        if progress:
            progress("embed", done, total)
    if not keys:
        return unit_rows(embedder.embed([]))
    dims = {v.shape[0] for v in found.values()}
    if len(dims) != 1:
        raise RuntimeError(f"embedder {embedder.model_id} returned vectors of sizes {sorted(dims)}")
    return np.stack([found[k] for k in keys]).astype(np.float32, copy=False)


def embed_statements(
    statements: Sequence["Statement"],
    options: "Options",
    progress: Callable[[str, int, int], None] | None = None,
) -> tuple[np.ndarray, Embedder]:
    """Vectors for ``statements`` (one unit row each, in order) and the embedder behind them."""
    embedder = get_embedder(options.embedder, options.model)
    texts = [s.text for s in statements]
    if not options.use_cache:
        return embed_texts(texts, embedder, None, progress), embedder
    with VectorCache(options.cache_dir or default_dir()) as cache:
        return embed_texts(texts, embedder, cache, progress), embedder
