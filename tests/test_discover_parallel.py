"""Discovery in forked worker processes gives exactly the serial findings."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

import consistency.discover as discover_mod
from consistency.api import Options
from consistency.cluster import cluster_statements
from consistency.embed import embed_statements
from consistency.extract import extract_all
from consistency.ingest import ingest
from consistency.model import Corpus
from consistency.segment import segment

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """A generated 60-article Arabic and English corpus with planted conflicts, clustered with tfidf."""
    spec = importlib.util.spec_from_file_location("bench_generate", ROOT / "bench" / "generate.py")
    gen = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = gen  # dataclasses look their module up there
    spec.loader.exec_module(gen)
    out = tmp_path_factory.mktemp("discover") / "c"
    gen.generate(60, out, seed=5)
    articles, _ = ingest([out / "articles"])
    statements = tuple(s for a in articles for s in segment(a))
    mentions = extract_all(articles, statements, jobs=1)
    vectors, embedder = embed_statements(statements, Options(embedder="tfidf", use_cache=False))
    clusters = cluster_statements(statements, vectors, embedder=embedder)
    return Corpus(tuple(articles), statements, mentions, tuple(clusters))


def test_forked_matches_serial(corpus, monkeypatch):
    """Split over two processes in small chunks, discovery returns the serial findings in the same order."""
    serial = discover_mod.discover(corpus, jobs=1)
    assert any(f.verdict == "conflict" for f in serial) and any(f.verdict == "agree" for f in serial)
    monkeypatch.setattr(discover_mod, "MIN_CLUSTERS_PER_JOB", 1)
    assert discover_mod.discover(corpus, jobs=2) == serial
