"""Does extracting while embedding pay? Times three schedules on one corpus.

    python bench/overlap.py CORPUS_DIR [--jobs 2] [--limit N]

1. ``sequential``: extract (``jobs`` workers), then embed: what api.check does;
2. ``overlap-1``: extraction in one worker process while this process embeds;
3. ``overlap-N``: the same with ``jobs`` workers.

Embedding runs with no cache. Each schedule runs in a fresh subprocess so
model loading and page caches are alike; prints one JSON line per schedule.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path


def _schedule(corpus: Path, schedule: str, jobs: int, limit: int | None) -> dict:
    from consistency.embed import embed_texts, get_embedder
    from consistency.extract import extract_start
    from consistency.ingest import ingest
    from consistency.segment import segment

    articles, _ = ingest([corpus])
    articles = articles[:limit] if limit else articles
    statements = tuple(s for a in articles for s in segment(a))
    embedder = get_embedder("use")
    embedder.embed(["warm-up"])  # model load is not what is compared here
    t0 = time.perf_counter()
    if schedule == "sequential":
        mentions = extract_start(articles, statements, jobs=jobs).result()
        t1 = time.perf_counter()
        embed_texts([s.text for s in statements], embedder)
        t2 = time.perf_counter()
        split = {"extract_s": round(t1 - t0, 2), "embed_s": round(t2 - t1, 2)}
    else:
        pending = extract_start(articles, statements, jobs=1 if schedule == "overlap-1" else jobs)
        embed_texts([s.text for s in statements], embedder)
        t1 = time.perf_counter()
        mentions = pending.result()
        split = {"embed_s": round(t1 - t0, 2), "extract_wait_s": round(time.perf_counter() - t1, 2)}
    return {"schedule": schedule, "statements": len(statements), "mentions": len(mentions),
            "wall_s": round(time.perf_counter() - t0, 2), **split}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path, help="a folder of articles (e.g. bench/out/corpus/n1600-seed0/articles)")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--limit", type=int, default=None, help="first N articles only")
    ap.add_argument("--schedule", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.schedule:
        print(json.dumps(_schedule(a.corpus, a.schedule, a.jobs, a.limit)))
        return
    for schedule in ("sequential", "overlap-1", f"overlap-{a.jobs}"):
        cmd = [sys.executable, __file__, str(a.corpus), "--jobs", str(a.jobs), "--schedule", schedule]
        if a.limit:
            cmd += ["--limit", str(a.limit)]
        out = subprocess.run(cmd, capture_output=True, text=True, check=True)
        print(out.stdout.strip().splitlines()[-1], flush=True)


if __name__ == "__main__":
    main()
