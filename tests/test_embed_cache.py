"""The vector cache: a second run embeds nothing new, and concurrency or a broken file never breaks a run."""

from __future__ import annotations

import multiprocessing
import sqlite3

import numpy as np
import pytest

import consistency.embed as embed
from consistency.api import Options
from consistency.embed.cache import FILENAME, VectorCache, default_dir
from consistency.model import Statement


class Counting:
    """Wraps a backend and counts the texts it is asked to embed."""

    def __init__(self, inner):
        self.inner = inner
        self.model_id = inner.model_id
        self.default_threshold = inner.default_threshold
        self.texts: list[str] = []

    def embed(self, texts):
        self.texts.extend(texts)
        return self.inner.embed(texts)


def _statements(texts, article="a"):
    return [Statement(article, i, t, 0, len(t)) for i, t in enumerate(texts)]


@pytest.fixture
def counting(monkeypatch):
    backend = Counting(embed.get_embedder("tfidf"))
    monkeypatch.setattr(embed, "get_embedder", lambda name, model=None: backend)
    return backend


TEXTS = [
    "وقعت روسيا وتركيا اتفاق شراء المنظومة في ديسمبر 2017.",
    "The first S-400 batch arrived in July 2019.",
    "وقعت روسيا وتركيا اتفاق شراء المنظومة في ديسمبر 2017.",  # a copy in another article
]


def test_second_run_embeds_nothing_new(tmp_path, counting):
    """Re-running over the same statements reads every vector from the cache and embeds none."""
    opts = Options(embedder="tfidf", cache_dir=tmp_path)
    first, _ = embed.embed_statements(_statements(TEXTS), opts)
    assert len(counting.texts) == 2  # the copy is embedded once
    counting.texts.clear()
    second, _ = embed.embed_statements(_statements(TEXTS), opts)
    assert counting.texts == []
    assert np.array_equal(first, second)


def test_new_batch_embeds_only_what_is_new(tmp_path, counting):
    """An archive plus a new article embeds only the new article's statements."""
    opts = Options(embedder="tfidf", cache_dir=tmp_path)
    embed.embed_statements(_statements(TEXTS), opts)
    counting.texts.clear()
    new = "Erdogan said Turkey will buy a second batch."
    vectors, _ = embed.embed_statements(_statements(TEXTS) + _statements([new], "b"), opts)
    assert counting.texts == [new]
    assert vectors.shape[0] == 4


def test_whitespace_variants_share_a_vector(tmp_path, counting):
    """Statements that differ only in spacing and line breaks are embedded once."""
    opts = Options(embedder="tfidf", cache_dir=tmp_path)
    embed.embed_statements(_statements(["Turkey  bought\nthe S-400.", "Turkey bought the S-400."]), opts)
    assert len(counting.texts) == 1


def test_no_cache_writes_nothing_and_embeds_everything(tmp_path, counting):
    """use_cache=False neither reads nor creates the cache file."""
    opts = Options(embedder="tfidf", cache_dir=tmp_path, use_cache=False)
    embed.embed_statements(_statements(TEXTS), opts)
    embed.embed_statements(_statements(TEXTS), opts)
    assert len(counting.texts) == 4
    assert not (tmp_path / FILENAME).exists()


def test_progress_reports_cached_and_fresh(tmp_path, counting):
    """Progress ends at (total, total), counting cached statements as done."""
    opts = Options(embedder="tfidf", cache_dir=tmp_path)
    calls = []
    embed.embed_statements(_statements(TEXTS), opts, progress=lambda *a: calls.append(a))
    assert calls[0] == ("embed", 0, 3) and calls[-1] == ("embed", 3, 3)
    calls.clear()
    embed.embed_statements(_statements(TEXTS), opts, progress=lambda *a: calls.append(a))
    assert calls == [("embed", 3, 3)]


def test_corrupt_cache_file_is_bypassed(tmp_path, counting, caplog):
    """A garbage cache file costs a warning, and the run still returns correct vectors."""
    (tmp_path / FILENAME).write_bytes(b"this is not a database" * 100)
    opts = Options(embedder="tfidf", cache_dir=tmp_path)
    vectors, _ = embed.embed_statements(_statements(TEXTS), opts)
    assert vectors.shape[0] == 3
    assert np.allclose(vectors[0], counting.inner.embed([TEXTS[0]])[0], atol=1e-6)
    assert "not usable" in caplog.text


def test_empty_input_returns_zero_rows(tmp_path):
    """No statements gives a (0, d) array and the embedder."""
    vectors, embedder = embed.embed_statements([], Options(embedder="tfidf", cache_dir=tmp_path))
    assert vectors.shape[0] == 0 and vectors.shape[1] > 0 and embedder.model_id.startswith("tfidf")


def test_cache_dir_follows_the_environment(monkeypatch, tmp_path):
    """CONSISTENCY_CACHE_DIR wins over XDG_CACHE_HOME, which wins over ~/.cache."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("CONSISTENCY_CACHE_DIR", raising=False)
    assert default_dir() == tmp_path / "xdg" / "consistency"
    monkeypatch.setenv("CONSISTENCY_CACHE_DIR", str(tmp_path / "mine"))
    assert default_dir() == tmp_path / "mine"


def test_keys_are_per_model(tmp_path):
    """One text cached for one model is not served to another model."""
    with VectorCache(tmp_path) as cache:
        cache.put_many("model-a", {b"k" * 32: np.ones(4, dtype=np.float32)})
        assert set(cache.get_many("model-a", [b"k" * 32])) == {b"k" * 32}
        assert cache.get_many("model-b", [b"k" * 32]) == {}


def _writer(directory, worker, rounds):
    with VectorCache(directory) as cache:
        for r in range(rounds):
            items = {f"{worker}-{r}-{i}".encode().ljust(32, b"."): np.full(8, worker, np.float32) for i in range(50)}
            cache.put_many("m", items)
            # Everyone reads while others write.
            assert len(cache.get_many("m", list(items))) == 50


def test_concurrent_writers_lose_nothing(tmp_path):
    """Four processes writing and reading one cache at once all succeed and every row is intact."""
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_writer, args=(tmp_path, w, 10)) for w in range(4)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
    assert [p.exitcode for p in procs] == [0, 0, 0, 0]
    db = sqlite3.connect(tmp_path / FILENAME)
    assert db.execute("SELECT count(*) FROM vectors").fetchone()[0] == 4 * 10 * 50
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"




def test_most_of_the_table_asked_for_reads_it_whole_with_the_same_rows(tmp_path, monkeypatch):
    """A request for most rows scans the table (store._SCAN_SHARE) and one for a few looks keys up; both
    give exactly the stored rows asked for, replaced rows with their latest value, never a row not asked for."""
    from consistency import store

    s = store.BlobStore(tmp_path / "t.sqlite3", "t", "test store")
    s.put_many((bytes([i]) * 32, f"v{i}".encode()) for i in range(40))
    s.put_many([(bytes([3]) * 32, b"replaced")])  # a new rowid: max(rowid) over-counts, never under
    asked = [bytes([i]) * 32 for i in range(0, 40, 2)] + [bytes([3]) * 32, b"absent".ljust(32, b".")]
    assert s._rows_at_most(s._connect()) == 41
    assert len(asked) >= store._SCAN_SHARE * 41  # this request takes the whole-table pass
    got_whole = dict(s.get_many(asked))
    monkeypatch.setattr(store, "_SCAN_SHARE", 2.0)  # never a whole pass: each key looked up
    got_keys = dict(s.get_many(asked))
    s.close()
    want = {bytes([i]) * 32: f"v{i}".encode() for i in range(0, 40, 2)}
    want[bytes([3]) * 32] = b"replaced"
    assert got_whole == got_keys == want
