"""The console script's process set-up (cli.run): one BLAS thread unless told otherwise, no collector, frozen at exit."""

import json
import os
import subprocess
import sys

import pytest

# Registered before run(): atexit handlers run last-in first-out, so this one sees the process as
# run() leaves it at exit, after its own handler froze the objects.
PROBE = """
import atexit, gc, json, os, sys
def probe():
    import numpy  # imported after run() set the environment, as the pipeline imports it
    from threadpoolctl import threadpool_info
    blas = [p["num_threads"] for p in threadpool_info() if p["user_api"] == "blas"]
    print(json.dumps({"env": os.environ.get("OPENBLAS_NUM_THREADS"), "gc": gc.isenabled(),
                      "frozen": gc.get_freeze_count() > 0, "blas": blas}), file=sys.stderr)
atexit.register(probe)
sys.argv = ["consistency", "--version"]
from consistency.cli import run
run()
"""


def _probe(env_value):
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    if env_value is not None:
        env["OPENBLAS_NUM_THREADS"] = env_value
    proc = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("consistency ")  # --version still answers
    return json.loads(proc.stderr.strip().splitlines()[-1])


@pytest.mark.parametrize("given, expected", [(None, "1"), ("2", "2"), ("1", "1")])
def test_run_sets_one_blas_thread_unless_the_user_chose(given, expected):
    got = _probe(given)
    assert got["env"] == expected
    if got["blas"]:  # an OpenBLAS numpy: the setting reached it
        assert got["blas"] == [int(expected)] * len(got["blas"])


def test_run_turns_the_collector_off_and_freezes_at_exit():
    got = _probe(None)
    assert got["gc"] is False and got["frozen"] is True


def test_main_alone_leaves_the_process_as_it_was():
    code = ("import gc, os, sys; sys.argv = ['consistency', '--version']\n"
            "from consistency.cli import main\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print(gc.isenabled(), os.environ.get('OPENBLAS_NUM_THREADS'), gc.get_freeze_count())")
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert out.stdout.strip().splitlines()[-1] == "True None 0"


# Allocates, frees and allocates again an 8 MB buffer, touching every page, and reports the page
# faults each allocation took. glibc starts by mapping such a buffer afresh each time (and later
# returns a freed heap top of more than twice its threshold to the system): every batch of the
# embedding's temporaries was new zeroed pages, 0.05-0.07 CPU-s of the cold seeds run in faults.
REUSE = """
import atexit, json, resource, sys
def faults(n=8 << 20):
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    buf = bytearray(n)  # zeroed: every page written
    del buf
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before
def probe():
    print(json.dumps([faults() for _ in range(4)]), file=sys.stderr)
atexit.register(probe)
sys.argv = ["consistency", "--version"]
from consistency.cli import {entry}
{entry}()
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's allocator")
@pytest.mark.parametrize("entry, reused", [("run", True), ("main", False)])
def test_run_keeps_freed_buffers_for_the_next_batch(entry, reused):
    """Under run(), a freed 8 MB buffer is reused: the allocations after the first fault no pages in.
    ``main`` alone (library callers, tests) leaves the allocator as it was."""
    code = REUSE.replace("{entry}", entry)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.stdout.startswith("consistency "), proc.stderr
    got = json.loads(proc.stderr.strip().splitlines()[-1])
    pages = (8 << 20) // 4096
    assert got[0] >= pages // 2  # the first allocation is new memory either way
    assert (max(got[1:]) < pages // 8) == reused, got
