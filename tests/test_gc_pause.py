"""paused_gc: the collector is off inside the block, and a large block's objects are frozen at its end."""

from __future__ import annotations

import gc

import pytest

from consistency import gc_pause
from consistency.gc_pause import paused_gc


@pytest.fixture(autouse=True)
def _thawed():
    gc.unfreeze()
    yield
    gc.unfreeze()


def test_collector_is_off_inside_and_back_after():
    assert gc.isenabled()
    with paused_gc():
        assert not gc.isenabled()
        with paused_gc():  # nested: still off, and the outer block turns it back on
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_large_blocks_objects_are_frozen_and_a_small_ones_are_not(monkeypatch):
    monkeypatch.setattr(gc_pause, "FREEZE_AFTER", 5_000)
    with paused_gc():
        small = [[n] for n in range(100)]
    assert gc.get_freeze_count() == 0
    with paused_gc():
        large = [[n] for n in range(20_000)]
    assert gc.get_freeze_count() >= 20_000
    assert all(gc.is_tracked(x) for x in (small[0], large[0]))


def test_frozen_objects_are_still_freed_by_reference_counting(monkeypatch):
    import weakref

    class Box:
        pass

    monkeypatch.setattr(gc_pause, "FREEZE_AFTER", 1_000)
    with paused_gc():
        kept = [Box() for _ in range(5_000)]
        probe = weakref.ref(kept[0])
    assert gc.get_freeze_count() > 0
    del kept
    assert probe() is None


def test_a_collector_that_was_off_stays_off():
    gc.disable()
    try:
        with paused_gc():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
