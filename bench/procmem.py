"""Memory of a process tree, sampled: the peak summed PSS of a benchmark run and its workers (bench/run.py)."""

from __future__ import annotations

import os
import threading
import time


class TreeMemory(threading.Thread):
    """Samples the summed PSS of a process tree until ``stop``.

    Reading smaps_rollup walks the process's page tables in the kernel: about
    12 ms per GB mapped, and at 6,400 articles four processes map over a GB
    each. Sampled every 0.2 s, that took an eighth of a core away from a run
    that keeps both cores busy, and only the pipeline (big processes), not
    embed-only (small ones), so the measurement itself raised the
    pipeline/embedding ratio. The sampler now waits MIN_GAP s or SPARE times
    what the last sample cost, whichever is longer, keeping its own CPU under
    a twentieth of one core; ``cpu_s`` reports it. Memory peaks last seconds
    (a whole stage), so a sample a second still finds them.
    """

    MIN_GAP = 0.2
    SPARE = 20

    def __init__(self, root: int):
        super().__init__(daemon=True)
        self.root, self.stop, self.peak_kib, self.peak_at = root, False, 0, 0.0
        self.samples, self.cpu_s = 0, 0.0

    def run(self) -> None:
        while not self.stop:
            t0, c0 = time.perf_counter(), time.thread_time()
            try:
                now = sum(_pss_kib(p) for p in _tree(self.root))
                if now > self.peak_kib:
                    self.peak_kib, self.peak_at = now, time.time()
            except OSError:
                pass
            self.samples += 1
            self.cpu_s += time.thread_time() - c0
            time.sleep(max(self.MIN_GAP, self.SPARE * (time.perf_counter() - t0)))


def _tree(root: int) -> list[int]:
    parent: dict[int, int] = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                with open(f"/proc/{d}/stat") as f:
                    parent[int(d)] = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(c for c, pp in parent.items() if pp == pid)
    return out


def _pss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        return 0
    return 0
