"""Cache writes deferred to the writer thread: all done, in order, before a run returns, and a failure never breaks it."""

from __future__ import annotations

import dataclasses
import logging
import threading

import consistency.embed as embed
import consistency.extract as extract
from consistency import api
from consistency.embed.base import prepare, text_key
from consistency.embed.cache import VectorCache
from consistency.extract.mention_cache import MentionCache
from consistency.ingest import ingest
from consistency.later import Later
from consistency.model import Mentions
from consistency.segment import segment

AR = """---
title: تسليم المنظومة
published: 2020-01-15
---
أعلنت وزارة الدفاع التركية أن الدفعة الأولى من منظومة إس-400 وصلت إلى قاعدة مرتد الجوية في 12 تموز/ يوليو 2019.

وقال رئيس هيئة الصناعات الدفاعية إسماعيل دمير لوكالة الأناضول إن قيمة الصفقة بلغت 2.5 مليار دولار.
"""

EN = """---
title: Delivery
published: 2020-02-03
---
The first S-400 battery reached Murted air base near Ankara in August 2020, the defence ministry said.

Ismail Demir, head of the defence industries agency, told Reuters the deal was worth $2.5 billion.
"""


def test_jobs_run_in_order_off_the_calling_thread():
    """wait() returns once every added job has run, in the order added, on another thread."""
    later, seen = Later(), []
    for n in range(5):
        later.add(lambda n=n: seen.append((n, threading.current_thread() is threading.main_thread())))
    later.wait()
    assert seen == [(n, False) for n in range(5)]
    later.wait()  # nothing pending: returns at once
    later.add(lambda: seen.append("again"))  # a new thread after a wait
    later.wait()
    assert seen[-1] == "again"


def test_a_failing_job_is_logged_and_the_rest_still_run(caplog):
    """A cache write that raises is a warning; the jobs after it still run."""
    later, seen = Later(), []
    later.add(lambda: 1 / 0)
    later.add(lambda: seen.append("after"))
    with caplog.at_level(logging.WARNING, logger="consistency.later"):
        later.wait()
    assert seen == ["after"]
    assert "deferred cache write failed" in caplog.text


def _corpus(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "ar.md").write_text(AR, encoding="utf-8")
    (folder / "en.md").write_text(EN, encoding="utf-8")
    return folder


def test_check_returns_with_its_caches_written(tmp_path):
    """When check() returns, every statement's vector and every article's mentions are in the caches."""
    folder = _corpus(tmp_path)
    cache = tmp_path / "cache"
    report = api.check([folder], api.Options(rules_dir=None, embedder="tfidf", cache_dir=cache))
    keys = {text_key(prepare(s.text)) for s in report.statements}
    with VectorCache(cache) as vectors:
        assert set(vectors.get_many(embed.get_embedder("tfidf").model_id, keys)) == keys
    articles, _ = ingest([folder])
    work = [(a, list(segment(a))) for a in articles]
    mentions = MentionCache(cache, extract.code_version())
    stored = mentions.get_many([mentions.key(a, sts) for a, sts in work])
    assert len(stored) == len(articles) == 2
    # What was stored is what extraction finds (None stands for a statement with no mention).
    for a, sts in work:
        assert [m if m is not None else Mentions() for m in stored[mentions.key(a, sts)]] == extract.extract_article(a, sts)


def test_deferred_vectors_match_the_inline_ones(tmp_path):
    """Vectors written by the writer thread read back equal to the ones returned."""
    embedder = embed.get_embedder("tfidf")
    texts = [prepare(t) for t in AR.splitlines()[5:] + EN.splitlines()[5:] if t.strip()]
    later = Later()
    gate = threading.Event()
    later.add(gate.wait)  # the writer holds here, so "not yet" cannot race a fast writer thread
    with VectorCache(tmp_path) as cache:
        out = embed.embed_texts(texts + texts[:1], embedder, cache, later=later)
        assert cache.get_many(embedder.model_id, [text_key(t) for t in texts]) == {}  # not yet: deferred
    gate.set()
    later.wait()
    with VectorCache(tmp_path) as cache:
        back = cache.get_many(embedder.model_id, [text_key(t) for t in texts])
    assert len(back) == len(texts)
    for i, t in enumerate(texts):
        assert (back[text_key(t)] == out[i]).all()


def test_pooled_mentions_reach_the_cache_unchanged(tmp_path, monkeypatch):
    """Mentions sent back by extraction workers as bytes are stored as such and read back equal."""
    folder = _corpus(tmp_path)
    articles, _ = ingest([folder])
    statements = tuple(s for a in articles for s in segment(a))
    serial = extract.extract_all(articles, statements, jobs=1)
    monkeypatch.setattr(extract, "MIN_PARALLEL_STATEMENTS", 1)
    monkeypatch.setattr(extract, "CHUNK_STATEMENTS", 1)
    later = Later()
    pooled = extract.extract_start(articles, statements, jobs=2, cache_dir=tmp_path, later=later).result()
    later.wait()
    assert pooled == serial
    calls = []
    real = extract.extract_article
    monkeypatch.setattr(extract, "extract_article", lambda a, s: calls.append(a.id) or real(a, s))
    assert extract.extract_all(articles, statements, jobs=1, cache_dir=tmp_path) == serial
    assert calls == []
    assert dataclasses.is_dataclass(next(iter(serial.values())))


class _Store:
    """A cache object whose write is a job: what the writer thread holds of it after the write."""

    def __init__(self, seen: list):
        self.rows, self.seen = bytearray(1 << 10), seen

    def save(self) -> None:
        self.seen.append(len(self.rows))


def _freed(ref, seconds: float = 5.0) -> bool:
    import time
    import weakref  # noqa: F401 - ref is one

    deadline = time.monotonic() + seconds
    while ref() is not None and time.monotonic() < deadline:
        time.sleep(0.01)
    return ref() is None


def test_a_done_job_is_let_go_while_the_writer_waits_for_the_next():
    """The writer thread keeps no reference to a job it has run: a cache object whose save was the
    last job queued is freed once saved, not when wait() ends the thread (at 6,400 articles the
    link cache's sorted keys and probabilities are hundreds of MB through alignment)."""
    import weakref

    later, seen = Later(), []
    store = _Store(seen)
    ref = weakref.ref(store)
    later.add(store.save)
    del store
    assert _freed(ref) and seen == [1 << 10]
    later.wait()


def test_the_pipelines_caches_are_freed_before_alignment(tmp_path, monkeypatch):
    """Once linking has queued their saves, the pipeline holds no reference to the link cache, the
    archive's lists or the group cache: each is freed as soon as its save has run (here at once)."""
    import weakref

    import consistency.align as align
    from consistency.match import group_cache, incremental, link_cache

    monkeypatch.setattr(Later, "add", lambda self, job: job())  # every write done as it is queued
    made: list = []
    for module, name in ((link_cache, "LinkCache"), (incremental, "Archive"), (group_cache, "GroupCache")):
        cls = getattr(module, name)
        monkeypatch.setattr(module, name, type(name, (cls,), {
            "__init__": lambda self, *a, _cls=cls, **kw: (_cls.__init__(self, *a, **kw), made.append(weakref.ref(self)))[0]}))
    alive: list = []
    real = align.align
    monkeypatch.setattr(align, "align", lambda *a, **kw: alive.extend(r() for r in made) or real(*a, **kw))
    api.check([_corpus(tmp_path)], api.Options(rules_dir=None, embedder="tfidf", cache_dir=tmp_path / "cache"))
    assert len(made) == 3 and alive == [None, None, None]
