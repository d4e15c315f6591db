"""paused_gc(): run a block with Python's cyclic garbage collector off.

A check allocates millions of small containers that live to its end
(statements, mentions, claims, findings, then the report's records) and
makes next to no cyclic garbage: at 1,600 articles a collection after the
whole pipeline found none. With the collector on, every few thousand
allocations it walks the objects made so far, again and again: building the
records of a 6,400-article report took 7.5 s with it and 2.6 s without.
Reference counting still frees everything acyclic at once; whatever cyclic
garbage there is waits until the block ends. Worker processes forked inside
the block inherit the pause, and their pages are not copied by a collector
touching every object's header.

When a block that made many objects ends, they are frozen (``gc.freeze``:
moved where the collector never walks) before it is switched back on.
Otherwise the first allocation after the block starts a collection that
walks every object the block made, and the next older generations walk
them again: at 1,600 bench articles that was 0.5 CPU-s at the end of a
check and 0.7 at the end of building the records, over a third of a warm
run. Objects frozen are still freed by reference counting; only cyclic
garbage made inside such a block is never collected (none was found in a
check), so small blocks (tests, a few articles) are left to the collector.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator

FREEZE_AFTER = 100_000  # tracked objects made in a block, beyond which they are frozen at its end


@contextmanager
def paused_gc() -> Iterator[None]:
    """The collector off inside the block, and back as it was after (nesting is fine)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            if gc.get_count()[0] > FREEZE_AFTER:
                gc.freeze()
            gc.enable()
