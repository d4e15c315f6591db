"""extract_all across processes and with its mention cache gives exactly the serial result."""

from __future__ import annotations

import dataclasses
import importlib.util
import sys
from datetime import timedelta
from pathlib import Path

import pytest

import consistency.extract as extract
from consistency.ingest import ingest
from consistency.segment import segment

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    spec = importlib.util.spec_from_file_location("bench_generate", ROOT / "bench" / "generate.py")
    gen = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = gen  # dataclasses look their module up there
    spec.loader.exec_module(gen)
    out = tmp_path_factory.mktemp("extract") / "c"
    gen.generate(24, out, seed=11)
    articles, _ = ingest([out / "articles"])
    statements = tuple(s for a in articles for s in segment(a))
    return articles, statements


def test_pool_matches_serial(corpus, monkeypatch):
    """Forced into a 2-worker pool with tiny chunks, extraction returns the serial mentions in the same order."""
    articles, statements = corpus
    serial = extract.extract_all(articles, statements, jobs=1)
    monkeypatch.setattr(extract, "MIN_PARALLEL_STATEMENTS", 1)
    monkeypatch.setattr(extract, "CHUNK_STATEMENTS", 50)
    seen = []
    pooled = extract.extract_all(articles, statements, jobs=2, progress=lambda *a: seen.append(a))
    assert list(pooled) == [s.key for s in statements]
    assert pooled == serial
    assert any(m.dates or m.quantities or m.attributions for m in serial.values())
    assert seen[-1] == ("extract", len(statements), len(statements))


def test_started_extraction_returns_the_same(corpus, monkeypatch):
    """extract_start(...).result() equals extract_all, pool or not."""
    articles, statements = corpus
    serial = extract.extract_all(articles, statements, jobs=1)
    monkeypatch.setattr(extract, "MIN_PARALLEL_STATEMENTS", 1)
    monkeypatch.setattr(extract, "CHUNK_STATEMENTS", 100)
    assert extract.extract_start(articles, statements, jobs=2).result() == serial


def test_cache_round_trip_and_invalidation(corpus, tmp_path, monkeypatch):
    """A re-run reads every article from the cache; a changed publication date is extracted again."""
    articles, statements = corpus
    serial = extract.extract_all(articles, statements, jobs=1)
    assert extract.extract_all(articles, statements, jobs=1, cache_dir=tmp_path) == serial
    calls = []
    real = extract.extract_article
    monkeypatch.setattr(extract, "extract_article", lambda a, s: calls.append(a.id) or real(a, s))
    assert extract.extract_all(articles, statements, jobs=1, cache_dir=tmp_path) == serial
    assert calls == []
    moved = [dataclasses.replace(articles[0], published=articles[0].published + timedelta(days=400))]
    extract.extract_all(moved + list(articles[1:]), statements, jobs=1, cache_dir=tmp_path)
    assert calls == [articles[0].id]


def test_empty_input():
    """No statements: no mentions, no pool."""
    assert extract.extract_all([], [], jobs=4) == {}
