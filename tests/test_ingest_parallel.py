"""Reading and segmenting in forked workers gives what the serial path gives, in the same order."""

from __future__ import annotations

import shutil
from pathlib import Path

import consistency.ingest as ingest_mod
from consistency.segment import segment

ROOT = Path(__file__).resolve().parent.parent


def serial(paths):
    articles, skipped = ingest_mod.ingest(paths, warn=None)
    return articles, skipped, tuple(s for a in articles for s in segment(a))


def test_forked_reading_matches_serial(tmp_path, monkeypatch):
    """Seeds, an English article, a duplicate id (a.txt and a.md) and an unreadable file: same result forked."""
    shutil.copytree(ROOT / "seeds", tmp_path / "batch")
    en = "---\ntitle: Delivery\npublished: 2019-07-12\n---\nTurkey received the first S-400 parts on Friday, the ministry said.\n"
    (tmp_path / "batch" / "a.txt").write_text(en, encoding="utf-8")
    (tmp_path / "batch" / "a.md").write_text(en.replace("Friday", "Saturday"), encoding="utf-8")
    (tmp_path / "batch" / "broken.json").write_text("{not json", encoding="utf-8")
    paths = [tmp_path / "batch"]
    expected = serial(paths)
    monkeypatch.setattr(ingest_mod, "MIN_PARALLEL_FILES", 2)
    seen = []
    got = ingest_mod.ingest_segmented(paths, lambda *a: seen.append(a), jobs=2, warn=None)
    assert got == expected
    assert {a.id for a in got[0]} >= {"a", "a~2"} and [s.path for s in got[1]] == [str(tmp_path / "batch" / "broken.json")]
    assert all(s.article_id in {a.id for a in got[0]} for s in got[2])
    assert seen[-1][1:] == (len(ingest_mod.input_files(paths)),) * 2


def test_small_input_stays_in_process(monkeypatch):
    """Below MIN_PARALLEL_FILES no process is forked, and the result is the serial one."""
    import multiprocessing

    monkeypatch.setattr(multiprocessing, "get_context", lambda *a: (_ for _ in ()).throw(AssertionError("forked")))
    assert ingest_mod.ingest_segmented([ROOT / "seeds"], warn=None) == serial([ROOT / "seeds"])
