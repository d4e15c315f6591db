"""Benchmark the checker: the cold seeds run, time per stage, scaling in N, caches, memory, conflicts found.

    python bench/run.py --sizes 100,400,1600,6400

First ``bench/coldstart.py``: ``consistency check seeds/`` with an empty
cache, ``--seeds-runs`` times, in CPU seconds. Then for each N it generates
(or reuses) a corpus with ``bench/generate.py`` under ``--corpus-root``, and
runs, each in a FRESH subprocess so that peak memory and warm caches of one
measurement never leak into another:

1. ``embed-only``: the embedder alone on the same statement texts (each
   distinct text once, as the pipeline does), no cache: the floor that the
   whole pipeline is compared with;
2. ``cold``: ``api.check`` on the corpus with an empty, private cache;
3. ``warm``: the same again, on the cache the cold run filled (nothing new);
4. ``added``: the corpus plus 1, then 50 (``--added``) articles it has
   never seen, on that cache: the archive that grows.

It prints a table and writes JSON (default ``bench/results/<date>-<commit>.json``,
with the commit measured) with wall and CPU seconds per stage and in all,
statements/s, peak memory and memory per statement (and its marginal growth
between sizes), the growth exponent of total time in N, warm and added runs
against cold and warm, pipeline vs embedding, and how many planted conflicts
the report found. Wall times drift on a shared machine; CPU seconds (the
process tree's user + system) drift less, so both are reported.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))  # its sibling modules, also when a test loads this file by path

from coldstart import cold_seeds  # noqa: E402
from detection import count, score  # noqa: E402
from procmem import TreeMemory  # noqa: E402
from summary import seeds_line, summarize, table  # noqa: E402


# ----------------------------------------------------------------- children
def _tree_cpu(who: int = resource.RUSAGE_SELF) -> float:
    """CPU seconds (user + system) of this process (or its reaped children alone) and its reaped children.

    Less disturbed than wall time when other work shares the machine, so
    reported beside it. A forked worker's CPU counts once the pool is joined:
    the embedding workers' in the embed stage, the extraction worker's in
    extract.
    """
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = kids.ru_utime + kids.ru_stime
    if who == resource.RUSAGE_SELF:
        me = resource.getrusage(resource.RUSAGE_SELF)
        cpu += me.ru_utime + me.ru_stime
    return cpu


def _rss() -> dict:
    # ru_maxrss is KiB on Linux. Children: the largest finished worker (pool).
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = _tree_cpu()
    return {"peak_rss_mib": round(me.ru_maxrss / 1024, 1),
            "peak_rss_children_mib": round(kids.ru_maxrss / 1024, 1), "cpu_s": round(cpu, 2)}


def _preload() -> None:
    """Import the pipeline's modules up front: import time is not stage time."""
    import importlib

    for name in ("align", "match", "match.findings", "embed", "extract", "ingest", "rules",
                 "segment", "verdicts", "report"):
        importlib.import_module(f"consistency.{name}")


def _PeakTimings():
    from contextlib import contextmanager

    from consistency import api

    class PeakTimings(api.Timings):
        peaks: dict

        @contextmanager
        def stage(self, name):
            began, cpu = time.time(), _tree_cpu()
            with super().stage(name):
                yield
            self.cpu[name] = self.cpu.get(name, 0.0) + _tree_cpu() - cpu
            self.peaks = getattr(self, "peaks", {})
            self.peaks[name] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
            self.spans.append((name, began, time.time()))  # wall clock: the parent's memory samples use it too

    t = PeakTimings()
    t.peaks, t.spans, t.cpu = {}, [], {}
    return t


def child_pipeline(a: argparse.Namespace) -> dict:
    from consistency import api

    _preload()
    rules_dir = Path(a.rules_dir) if a.rules_dir else None
    options = api.Options(rules_dir=rules_dir, embedder=a.embedder, model=a.model,
                          cache_dir=Path(a.cache), jobs=a.jobs,
                          follow_symlinks=True)  # the grown corpora link to the corpus's files
    timings = _PeakTimings()
    t0 = time.perf_counter()
    report = api.check([Path(a.corpus) / "articles"], options, timings=timings)
    with timings.stage("report"):
        from consistency.report import as_records
        from consistency.report.json import iter_json

        # Written as the CLI writes it: in chunks, to a file.
        out_file = Path(a.cache) / "report.json"
        with out_file.open("w", encoding="utf-8") as sink:
            sink.writelines(iter_json(as_records(report)))
    total = time.perf_counter() - t0
    report_bytes = out_file.stat().st_size
    out_file.unlink()
    manifest = json.loads((Path(a.corpus) / "manifest.json").read_text(encoding="utf-8"))
    out = {
        "total_s": round(total, 3),
        "stages_s": {k: round(v, 3) for k, v in timings.seconds.items()},
        "stages_cpu_s": {k: round(v, 3) for k, v in timings.cpu.items()},
        "articles": len(report.articles),
        "skipped": len(report.skipped),
        "statements": len(report.statements),
        "clusters": len(report.clusters),
        "findings": len(report.findings),
        "verdicts": count(f.verdict for f in report.findings),
        "report_bytes": report_bytes,
        # peak RSS of this process when each stage ended: which stage sets the peak
        "peak_rss_mib_after": timings.peaks,
        "stage_spans": timings.spans,
        "finding_ids": sorted(f.id for f in report.findings),
        "detection": score(report, manifest, rules=rules_dir is not None),
    }
    out.update(_rss())
    return out


def child_embed_only(a: argparse.Namespace) -> dict:
    from consistency import api
    from consistency.embed import embed_batches, get_embedder
    from consistency.embed.base import prepare
    from consistency.ingest import ingest
    from consistency.segment import segment

    articles, _ = ingest([Path(a.corpus) / "articles"])
    statements = [prepare(s.text) for art in articles for s in segment(art)]
    del articles
    # Each distinct text once: the least work any pipeline must do (wire
    # copies repeat sentences, and the pipeline embeds a repeat only once).
    texts = list(dict.fromkeys(statements))
    t0 = time.perf_counter()
    embedder = get_embedder(a.embedder, a.model)
    embedder.embed(texts[:1])  # loads the model: timed, as the pipeline's embed stage is
    load = time.perf_counter() - t0
    # The embedder as the pipeline runs it (worker processes for a fork-safe
    # backend), with nothing else: the fastest embedding this machine does.
    for _ in embed_batches(texts, embedder, jobs=a.jobs):
        pass
    total = time.perf_counter() - t0
    out = {"total_s": round(total, 3), "load_s": round(load, 3), "statements": len(statements),
           "unique_texts": len(texts), "texts_per_s": round(len(texts) / max(total - load, 1e-9), 1)}
    out.update(_rss())
    return out


# ------------------------------------------------------------------ parent
def _child(kind: str, a: argparse.Namespace, corpus: Path, cache: Path, rules: Path | None) -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", kind, "--corpus", str(corpus),
           "--cache", str(cache), "--embedder", a.embedder]
    if a.model:
        cmd += ["--model", a.model]
    if a.jobs is not None:
        cmd += ["--jobs", str(a.jobs)]
    if rules:
        cmd += ["--rules-dir", str(rules)]
    t0, cpu0 = time.perf_counter(), _tree_cpu(resource.RUSAGE_CHILDREN)
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    sampler = TreeMemory(proc.pid)
    sampler.start()
    stdout, stderr = proc.communicate()
    sampler.stop = True
    sampler.join()
    wall = time.perf_counter() - t0
    cpu = _tree_cpu(resource.RUSAGE_CHILDREN) - cpu0  # the child and every process it reaped, start-up included
    if proc.returncode != 0:
        sys.stderr.write(stderr[-4000:])
        raise SystemExit(f"bench: {kind} run failed for {corpus} (exit {proc.returncode})")
    result = json.loads(stdout.strip().splitlines()[-1])
    result["process_s"] = round(wall, 3)
    result["process_cpu_s"] = round(cpu, 3)
    # Peak of the summed proportional set size (PSS) of the run and all its
    # worker processes (see TreeMemory for how often): forked workers share
    # the parent's pages, so their RSS double-counts and PSS does not.
    result["peak_tree_pss_mib"] = round(sampler.peak_kib / 1024, 1) if sampler.peak_kib else None
    result["memory_sampler"] = {"samples": sampler.samples, "cpu_s": round(sampler.cpu_s, 3)}
    spans = result.pop("stage_spans", [])
    result["peak_tree_pss_stage"] = next((n for n, b, e in spans if b <= sampler.peak_at <= e), None)
    return result


def _corpus(a: argparse.Namespace, n: int) -> Path:
    from generate import generate

    d = Path(a.corpus_root) / f"n{n}-seed{a.seed}"
    m = d / "manifest.json"
    if not (m.is_file() and json.loads(m.read_text(encoding="utf-8")).get("conflict_share") == a.conflict_share):
        generate(n, d, seed=a.seed, conflict_share=a.conflict_share)
    return d


def _rules_dir(a: argparse.Namespace, corpus: Path) -> Path | None:
    if a.rules == "none":
        return None
    if a.rules != "generated":
        return Path(a.rules)
    d = corpus / "rules"
    return d if d.is_dir() and any(d.rglob("*.yaml")) else None


def _additions(a: argparse.Namespace, k: int) -> list[Path]:
    """k articles new to every bench corpus: from a corpus generated with another seed (other stories, other sentences)."""
    from generate import generate

    d = Path(a.corpus_root) / f"additions-{k}-seed{a.seed + 1}"
    if not (d / "manifest.json").is_file():
        generate(k, d, seed=a.seed + 1, conflict_share=a.conflict_share)
    return sorted((d / "articles").iterdir())


def _grown(corpus: Path, scratch: Path, new: list[Path]) -> Path:
    """The corpus plus the ``new`` articles, all linked, not copied; scored against the corpus's own manifest."""
    out = scratch / f"grown-{len(new)}"
    (out / "articles").mkdir(parents=True)
    for f in sorted((corpus / "articles").iterdir()):
        (out / "articles" / f.name).symlink_to(f.resolve())
    for f in new:
        (out / "articles" / f"zz-added-{f.name}").symlink_to(f.resolve())
    (out / "manifest.json").symlink_to((corpus / "manifest.json").resolve())
    return out


def run_size(a: argparse.Namespace, n: int, save=lambda partial: None) -> dict:
    corpus = _corpus(a, n)
    rules = _rules_dir(a, corpus)
    partial: dict = {"n": n, "corpus": str(corpus), "partial": True}
    # Embedding alone, then the cold pipeline, right after each other and
    # ``--repeat`` times: the machine's speed drifts over minutes (the same
    # embedding measured 125 and 137 s an hour apart), so the ratio is read
    # within each adjacent pair, and the pair with the median ratio is kept.
    pairs = []
    for _ in range(max(1, a.repeat)):
        emb = None if a.skip_embed_only else _child("embed-only", a, corpus, Path(tempfile.gettempdir()), None)
        cache = Path(tempfile.mkdtemp(prefix=f"bench-cache-{n}-"))
        cold = _child("pipeline", a, corpus, cache, rules)
        pairs.append((cold, emb, cache))  # every cache kept until one pair is chosen: its cache serves the warm run
    if all(e for _, e, _ in pairs):
        pairs.sort(key=lambda p: p[0]["total_s"] / p[1]["total_s"])
    cold, emb, cache = pairs[len(pairs) // 2]  # the median; of two, the higher ratio
    for _, _, other in pairs:
        if other != cache:
            shutil.rmtree(other, ignore_errors=True)
    try:
        partial["cold"] = cold
        save(partial)  # a long series stopped half-way still leaves its figures
        warm = partial["warm"] = _child("pipeline", a, corpus, cache, rules)
        save(partial)
        # New articles on top of the batch, the daily case of an archive
        # that grows: the report cache misses, the per-text vector and
        # mention caches still hold every other article. Each count gets
        # articles of its own (disjoint slices of one extra corpus), each run
        # on the cache the cold run filled plus what earlier additions left.
        counts = sorted({int(k) for k in a.added.split(",") if k.strip()})
        extra = _additions(a, sum(counts)) if counts else []
        partial["added"] = added = {}
        for k in counts:
            new, extra = extra[:k], extra[k:]
            run = added[str(k)] = _child("pipeline", a, _grown(corpus, cache, new), cache, rules)
            run["over_warm"] = round(run["total_s"] / warm["total_s"], 2) if warm["total_s"] else None
            run["over_warm_cpu"] = round(run["process_cpu_s"] / warm["process_cpu_s"], 2) if warm["process_cpu_s"] else None
            run["speedup_vs_cold"] = round(cold["total_s"] / run["total_s"], 2) if run["total_s"] else None
            save(partial)
    finally:
        shutil.rmtree(cache, ignore_errors=True)
    st = cold["statements"]
    row = {
        "n": n,
        "corpus": str(corpus),
        "rules": str(rules) if rules else None,
        "statements": st,
        "cold": cold,
        "warm": warm,
        "embed_only": emb,
        "stage_statements_per_s": {k: round(st / v, 1) for k, v in cold["stages_s"].items() if v > 0},
        "warm_speedup": round(cold["total_s"] / warm["total_s"], 2) if warm["total_s"] else None,
        "added": added,  # per count of new articles; over_warm is the ratio the archive case is judged by
        "one_added_speedup": added["1"]["speedup_vs_cold"] if "1" in added else None,
        # memory per statement: the run's peak (main process; with workers, PSS) over its statements
        "rss_kib_per_statement": round(cold["peak_rss_mib"] * 1024 / st, 2) if st else None,
        "pss_kib_per_statement": round(cold["peak_tree_pss_mib"] * 1024 / st, 2)
        if st and cold.get("peak_tree_pss_mib") else None,
        "warm_same_findings": cold["finding_ids"] == warm["finding_ids"],
        "pipeline_over_embed": round(cold["total_s"] / emb["total_s"], 3) if emb else None,
        # whole-process CPU seconds (imports included): steadier on a shared machine
        "pipeline_over_embed_cpu": round(cold["cpu_s"] / emb["cpu_s"], 3) if emb and emb["cpu_s"] else None,
        # every (embed-only, cold) pair measured, in order of their ratio
        "pairs": [{"cold_s": c["total_s"], "embed_only_s": e["total_s"] if e else None,
                   "ratio": round(c["total_s"] / e["total_s"], 3) if e else None} for c, e, _ in pairs],
    }
    for r in (cold, warm, *added.values()):
        r["finding_ids"] = len(r["finding_ids"])  # the comparison is made; keep the JSON small
    return row


def _commit() -> dict:
    """The commit measured, and whether the code measured differs from it."""
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout.strip()

    sha = git("rev-parse", "HEAD") or None
    dirty = bool(git("status", "--porcelain", "--", "consistency", "bench/run.py", "pyproject.toml"))
    return {"commit": sha, "dirty": dirty}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="100,400,1600,6400", help="comma-separated article counts")
    ap.add_argument("--out", type=Path, default=None,
                    help="JSON results file (default: bench/results/<date>-<commit>.json)")
    ap.add_argument("--jobs", type=int, default=None, help="extraction worker processes (default: all cores)")
    ap.add_argument("--embedder", default="use", help="use | sentence-transformers | tfidf")
    ap.add_argument("--model", default=None, help="model name or path (sentence-transformers)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--conflict-share", type=float, default=0.1)
    ap.add_argument("--rules", default="generated",
                    help="'generated' (the corpus's own rules/), 'none' (discovery only), or a folder")
    ap.add_argument("--corpus-root", default=str(HERE / "out" / "corpus"))
    ap.add_argument("--skip-embed-only", action="store_true")
    ap.add_argument("--repeat", type=int, default=1,
                    help="(embed-only, cold) pairs per size, each adjacent; the median ratio's pair (of two, the higher) is reported")
    ap.add_argument("--added", default="1,50",
                    help="comma-separated counts of new articles checked on top of the cold run's cache ('' for none)")
    ap.add_argument("--seeds-runs", type=int, default=5,
                    help="cold runs of `consistency check seeds/` with an empty cache (0: none)")
    ap.add_argument("--seeds-source", action="store_true",
                    help="the cold seeds runs without compiled bytecode (bench/coldstart.py --source)")
    ap.add_argument("--child", choices=("pipeline", "embed-only"), help=argparse.SUPPRESS)
    ap.add_argument("--corpus", help=argparse.SUPPRESS)
    ap.add_argument("--cache", help=argparse.SUPPRESS)
    ap.add_argument("--rules-dir", help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.child:
        fn = child_pipeline if a.child == "pipeline" else child_embed_only
        print(json.dumps(fn(a)))
        return
    sizes = [int(x) for x in a.sizes.split(",") if x.strip()]
    rows: list[dict] = []
    measured = _commit()
    if a.out is None:
        a.out = HERE / "results" / f"{time.strftime('%Y-%m-%d', time.gmtime())}-{(measured['commit'] or 'nocommit')[:10]}.json"
    meta = {**measured, "python": sys.version.split()[0], "cpus": os.cpu_count(), "jobs": a.jobs,
            "embedder": a.embedder, "model": a.model, "seed": a.seed, "conflict_share": a.conflict_share,
            "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "load_at_start": os.getloadavg(),
            # unpacked models and compiled lexicon regexes (consistency/user_cache.py), kept between runs
            "model_cache": os.environ.get("CONSISTENCY_MODEL_CACHE", "default (user cache folder)")}
    a.out.parent.mkdir(parents=True, exist_ok=True)
    seeds: dict | None = None

    def write(extra: list[dict]) -> None:
        meta["load_at_end"] = os.getloadavg()
        body = {"meta": meta, "cold_seeds": seeds, "summary": summarize(rows) if rows else {}, "sizes": rows + extra}
        a.out.write_text(json.dumps(body, indent=1, default=str) + "\n")

    if a.seeds_runs > 0:
        print("bench: cold seeds runs ...", file=sys.stderr, flush=True)
        seeds = cold_seeds(a.seeds_runs, a.embedder, bytecode=not a.seeds_source)
        write([])
    for n in sizes:
        print(f"bench: N={n} ...", file=sys.stderr, flush=True)
        rows.append(run_size(a, n, save=lambda partial: write([partial])))
        write([])
    if seeds:
        print(seeds_line(seeds))
    if rows:
        print(table(rows, summarize(rows)))
    print(f"results: {a.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
