"""The model cache is trimmed to its budget after a write, oldest entries first."""

from __future__ import annotations

import os

import pytest

from consistency import user_cache


def _entry(folder, name, size, age_s):
    path = folder / name
    path.write_bytes(b"x" * size)
    t = 1_700_000_000 - age_s
    os.utime(path, (t, t))
    return path


def test_trim_deletes_oldest_until_within_budget(tmp_path):
    _entry(tmp_path, "usem3-old.npz", 400, 3000)
    _entry(tmp_path, "kept-old.pickle", 300, 2000)
    _entry(tmp_path, "yaml-new.marshal", 200, 10)
    _entry(tmp_path, "re-newest.marshal", 100, 0)
    removed = user_cache.trim(tmp_path, spare="re-newest.marshal", budget=500)
    assert removed == ["usem3-old.npz", "kept-old.pickle"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["re-newest.marshal", "yaml-new.marshal"]


def test_trim_never_deletes_the_entry_just_written_nor_files_being_written(tmp_path):
    _entry(tmp_path, "just-written.npz", 900, 5000)  # old time, but it is the one just written
    _entry(tmp_path, ".tmp-abc.part", 900, 6000)
    _entry(tmp_path, "other.json", 50, 100)
    removed = user_cache.trim(tmp_path, spare="just-written.npz", budget=100)
    assert removed == ["other.json"]
    assert (tmp_path / "just-written.npz").exists() and (tmp_path / ".tmp-abc.part").exists()


def test_trim_within_budget_deletes_nothing(tmp_path):
    _entry(tmp_path, "a", 10, 10)
    _entry(tmp_path, "b", 10, 5)
    assert user_cache.trim(tmp_path, budget=1000) == []
    assert len(list(tmp_path.iterdir())) == 2


@pytest.mark.parametrize("raw, mib", [("", user_cache.DEFAULT_BUDGET_MB), ("256", 256), ("0", 1), ("lots", user_cache.DEFAULT_BUDGET_MB)])
def test_budget_from_environment(monkeypatch, raw, mib):
    monkeypatch.setenv(user_cache.BUDGET_ENV, raw)
    assert user_cache.budget_bytes() == mib * 1024 * 1024


def test_a_write_through_the_regex_cache_trims_the_folder(tmp_path, monkeypatch):
    from consistency import regex_cache

    monkeypatch.setenv(user_cache.ENV, str(tmp_path))
    monkeypatch.setenv(user_cache.BUDGET_ENV, "1")
    monkeypatch.setattr(user_cache, "_trimmed", False)
    stale = _entry(tmp_path, "re-stale.marshal", 2 * 1024 * 1024, 10_000)
    pattern = "|".join(f"word{i}" for i in range(400))  # long enough to be kept on disk
    assert regex_cache.compile(pattern).fullmatch("word17")
    assert not stale.exists()
    assert len(list(tmp_path.glob("re-*.marshal"))) == 1
