"""Split a cold run's linking, alignment and report by step, in CPU seconds, under cProfile.

    python bench/profile_link.py CORPUS CACHE [--out FILE.prof]

``CACHE`` is the cache folder of an earlier ``consistency check`` of
``CORPUS`` (``--cache-dir``): its segmentation, mentions and vectors are
copied to a fresh folder, so the run embeds and extracts nothing and every
linking cache (archive, frames, links, groups, findings) starts empty, as in
``bench/run.py``'s cold run. Prints the stage CPU (as run.py measures it) and
each step's cumulative CPU of the main thread under the profiler (the
profiler slows Python-heavy steps about twice as much as numpy-heavy ones:
compare steps between sizes, not with run.py's totals). Run it at two
sizes to see which step grows faster than the corpus.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

# step -> (file suffix, function name) whose cumulative time is the step's
STEPS = {
    "frames (frames.py, cues.py)": ("match/__init__.py", "build_frames"),
    "frame cache writes": ("match/frame_cache.py", "_encode"),
    "window embedding": ("match/__init__.py", "window_vectors"),
    "candidates: k-nearest search": ("match/neighbours.py", "nearest_pairs"),
    "candidates: blocking": ("match/candidates.py", "block_pairs"),
    "candidates in all": ("match/candidates.py", "candidate_pairs"),
    "features": ("match/link.py", "features"),
    "probabilities (link cache)": ("match/link_cache.py", "__call__"),
    "grouping (facts.py)": ("match/facts.py", "group_frames"),
    "facts in all": ("match/__init__.py", "_facts"),
    "rules alignment (align.py)": ("consistency/align.py", "align"),
    "findings: compare (findings.py)": ("match/findings.py", "discover"),
    "findings cache writes": ("match/finding_cache.py", "_encode"),
    "findings in all": ("match/finding_cache.py", "discover_cached"),
    "report records": ("report/records.py", "as_records"),
}
BASE = ("files.v3.sqlite3", "mentions.v3.sqlite3", "vectors.v3.sqlite3")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("cache", type=Path, help="the cache folder of an earlier check of the corpus")
    ap.add_argument("--out", type=Path, help="keep the profile here")
    a = ap.parse_args(argv)

    import run

    from consistency import api

    run._preload()
    tmp = Path(tempfile.mkdtemp(prefix="profile-link-"))
    try:
        for name in BASE:
            if (a.cache / name).is_file():
                shutil.copy(a.cache / name, tmp / name)
        rules = a.corpus / "rules"
        options = api.Options(rules_dir=rules if rules.is_dir() else None, cache_dir=tmp, follow_symlinks=True)
        timings = run._PeakTimings()
        prof = cProfile.Profile(time.thread_time)  # the main thread's CPU, not the machine's load
        prof.enable()
        report = api.check([a.corpus / "articles"], options, timings=timings)
        with timings.stage("report"):
            from consistency.report import as_records
            from consistency.report.json import iter_json

            with (tmp / "report.json").open("w", encoding="utf-8") as sink:
                sink.writelines(iter_json(as_records(report)))
        prof.disable()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if a.out:
        prof.dump_stats(a.out)
    stats = pstats.Stats(prof).stats  # (file, line, name) -> (cc, nc, tt, ct, callers)
    cum: dict[str, float] = {}
    for step, (suffix, fn) in STEPS.items():
        cum[step] = round(sum(v[3] for (f, _, name), v in stats.items() if name == fn and f.endswith(suffix)), 2)
    print(json.dumps({"statements": len(report.statements), "stages_cpu_s": {k: round(v, 2) for k, v in timings.cpu.items()},
                      "steps_profiled_cpu_s": cum}, indent=1))


if __name__ == "__main__":
    main()
