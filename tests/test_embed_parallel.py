"""Embedding in forked worker processes: the same vectors, in the same order, as embedding here."""

from __future__ import annotations

from pathlib import Path

import numpy as np

import consistency.embed as embed
from consistency.embed import embed_batches, embed_texts, get_embedder
from consistency.embed.cache import VectorCache
from consistency.ingest import ingest
from consistency.segment import segment

ROOT = Path(__file__).resolve().parent.parent


def seed_texts() -> list[str]:
    articles, _ = ingest([ROOT / "seeds"], warn=None)
    return [s.text for a in articles for s in segment(a)]


def test_forked_batches_match_serial(monkeypatch):
    """USE over the seed statements plus English ones, in two processes with small batches: same rows as in-process."""
    texts = seed_texts() + ["Turkey received the first S-400 batch in July 2019, the ministry said."] * 3
    use = get_embedder("use")
    serial = np.concatenate([v for _, v in embed_batches(texts, use, jobs=1)])
    monkeypatch.setattr(embed, "MIN_TEXTS_PER_JOB", 1)
    monkeypatch.setattr(embed, "BATCH", 16)
    offsets, parts = zip(*embed_batches(texts, use, jobs=2))
    assert list(offsets) == list(range(0, len(texts), 16))
    forked = np.concatenate(parts)
    assert forked.shape == serial.shape == (len(texts), 512)
    # One BLAS thread per worker against the parent's two: equal up to float rounding.
    np.testing.assert_allclose(forked, serial, atol=1e-5)
    assert float(forked[-1] @ forked[-2]) > 0.999  # the repeated sentence


def test_forked_embedding_fills_the_cache(tmp_path, monkeypatch):
    """embed_texts with workers stores every new vector; a second call reads them all back without embedding."""
    texts = seed_texts()
    tfidf = get_embedder("tfidf")
    monkeypatch.setattr(embed, "MIN_TEXTS_PER_JOB", 1)
    monkeypatch.setattr(embed, "BATCH", 8)
    with VectorCache(tmp_path) as cache:
        first = embed_texts(texts, tfidf, cache, jobs=2)
    calls = []
    real = tfidf.embed
    monkeypatch.setattr(tfidf, "embed", lambda t: calls.append(len(t)) or real(t))
    with VectorCache(tmp_path) as cache:
        again = embed_texts(texts, tfidf, cache, jobs=2)
    assert calls == [] and np.array_equal(first, again)
    np.testing.assert_allclose(first, embed_texts(texts, tfidf, None, jobs=1), atol=1e-6)


def test_backend_that_is_not_fork_safe_stays_here(monkeypatch):
    """A backend without fork_safe (sentence-transformers: torch) is never run in forked workers."""
    import multiprocessing

    class Plain:
        model_id, default_threshold = "plain", 0.5

        def embed(self, texts):
            return np.ones((len(texts), 4), dtype=np.float32)

    monkeypatch.setattr(embed, "MIN_TEXTS_PER_JOB", 1)
    monkeypatch.setattr(multiprocessing, "get_context", lambda *a: (_ for _ in ()).throw(AssertionError("forked")))
    rows = np.concatenate([v for _, v in embed_batches(["a", "b", "c"], Plain(), jobs=2)])
    assert rows.shape == (3, 4)
