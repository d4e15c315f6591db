"""Cache writes that wait for a core to fall idle: one writer thread, joined before the run returns.

On two cores a cold run keeps both busy while it embeds (the embedding
processes and the extraction worker), then goes on in one thread
(clustering's tail, alignment, discovery, the report) while the other core
idles. Writing the new vectors and mentions to their SQLite caches while
embedding took CPU from the embedders; written afterwards, from a thread,
they mostly run on that idle core, because SQLite inserts and writes pages
with the GIL released.

The price is durability: a run killed before its writes end keeps no new
vectors or mentions, and its re-run embeds them again. ``Later.wait`` waits
for every write (and ``api.check`` calls it before returning), so a run
that ends normally always leaves its caches complete. A write that fails is
a cache that costs speed, never the run (``store.BlobStore`` fails soft),
so an error here is logged, not raised.
"""

from __future__ import annotations

import logging
import queue
import threading
from typing import Callable

log = logging.getLogger(__name__)


class Later:
    """A queue of cache writes run by one thread, in order; ``wait()`` drains it."""

    def __init__(self) -> None:
        self._jobs: queue.SimpleQueue[Callable[[], None] | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None

    def add(self, job: Callable[[], None]) -> None:
        if self._thread is None:
            # A daemon: were the caller to die without wait(), the interpreter
            # would not hang on a half-done cache write.
            self._thread = threading.Thread(target=self._work, name="consistency-cache-writes", daemon=True)
            self._thread.start()
        self._jobs.put(job)

    def wait(self) -> None:
        """Every job added so far done; the thread ends (a later ``add`` starts another)."""
        if self._thread is None:
            return
        self._jobs.put(None)
        self._thread.join()
        self._thread = None

    def _work(self) -> None:
        while (job := self._jobs.get()) is not None:
            try:
                job()
            except Exception:  # a cache write lost costs the next run time, never this one
                log.warning("a deferred cache write failed", exc_info=True)
            # Let go of the job while waiting for the next: a cache's ``save`` is its
            # bound method, and holding it kept the whole cache (at 6,400 articles the
            # link cache's keys and probabilities, ~0.3 GB) alive until wait().
            del job
