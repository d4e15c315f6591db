"""Benchmark the checker: time per stage, scaling in N, cache, memory, conflicts found.

    python bench/run.py --sizes 100,400,1600,6400 --out bench/out/result.json

For each N it generates (or reuses) a corpus with ``bench/generate.py`` under
``--corpus-root``, then runs, each in a FRESH subprocess so that peak memory
and warm caches of one measurement never leak into another:

1. ``cold``: ``api.check`` on the corpus with an empty, private vector cache;
2. ``warm``: the same again, on the cache the cold run filled (nothing new);
3. ``embed-only``: the embedder alone on the same statement texts (each
   distinct text once, as the pipeline does), no cache: the floor that the
   whole pipeline is compared with.

It prints a table and writes JSON with per-stage wall time and statements/s,
peak RSS, the growth exponent of total time in N (log-log least squares over
all sizes, and between the two largest), warm vs cold, pipeline vs embedding,
and how many planted conflicts the report found. Timings are wall clock on a
shared machine: run it when the machine is otherwise idle.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
STAGES = ("rules", "ingest", "extract", "embed", "link", "align", "report")  # ingest includes segmentation


# ----------------------------------------------------------------- children
def _rss() -> dict:
    # ru_maxrss is KiB on Linux. Children: the largest finished worker (pool).
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    # CPU seconds of the whole process tree: less disturbed than wall time
    # when other work shares the machine, so worth reading next to it.
    cpu = me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime
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
            began = time.time()
            with super().stage(name):
                yield
            self.peaks = getattr(self, "peaks", {})
            self.peaks[name] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
            self.spans.append((name, began, time.time()))  # wall clock: the parent's memory samples use it too

    t = PeakTimings()
    t.peaks, t.spans = {}, []
    return t


def child_pipeline(a: argparse.Namespace) -> dict:
    from consistency import api

    _preload()
    rules_dir = Path(a.rules_dir) if a.rules_dir else None
    options = api.Options(rules_dir=rules_dir, embedder=a.embedder, model=a.model,
                          cache_dir=Path(a.cache), jobs=a.jobs)
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
        "articles": len(report.articles),
        "skipped": len(report.skipped),
        "statements": len(report.statements),
        "clusters": len(report.clusters),
        "findings": len(report.findings),
        "verdicts": _count(f.verdict for f in report.findings),
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


def _count(items) -> dict:
    out: dict[str, int] = {}
    for x in items:
        out[x] = out.get(x, 0) + 1
    return dict(sorted(out.items()))


def score(report, manifest: dict, *, rules: bool) -> dict:
    """Which planted conflicts the report shows as a conflicting pair, and what else it flags.

    A planted conflict is found when some finding with verdict ``conflict``
    (of its fact's rule when rules are used, else any rule-free finding of
    the same kind) has a conflicting pair with a claim inside the planted
    sentence. A conflicting pair is explained when one of its claims sits in
    a planted sentence; the rest are false alarms (or conflicts the generator
    did not plan, such as two rival background figures).
    """
    name_of = {a.id: Path(a.path).name for a in report.articles}
    planted: dict[str, list[dict]] = {}
    for p in manifest["planted"]:
        planted.setdefault(Path(p["article"]).name, []).append(p)

    def planted_at(claim) -> dict | None:
        for p in planted.get(name_of.get(claim.article_id, ""), []):
            if p["start"] <= claim.mention.start < p["end"]:
                return p
        return None

    found: set[tuple[str, str]] = set()
    pairs = explained = 0
    for f in report.findings:
        if f.verdict != "conflict" or (f.rule is None) == rules:
            continue
        for i, j in f.conflicts:
            pairs += 1
            hits = [p for p in (planted_at(f.claims[i]), planted_at(f.claims[j])) if p]
            if hits:
                explained += 1
            for p in hits:
                if (f.rule == p["fact"]) if rules else (f.kind == p["kind"]):
                    found.add((p["article"], p["fact"]))
    by_kind: dict[str, list[int]] = {}
    for p in manifest["planted"]:
        hit = (p["article"], p["fact"]) in found
        k = by_kind.setdefault(p["kind"], [0, 0])
        k[0] += hit
        k[1] += 1
    n = len(manifest["planted"])
    return {
        "mode": "rules" if rules else "discovery",
        "planted": n,
        "found": len(found),
        "recall": round(len(found) / n, 3) if n else None,
        "by_kind": {k: {"found": v[0], "planted": v[1]} for k, v in sorted(by_kind.items())},
        "conflict_pairs": pairs,
        "pairs_explained": explained,
        "pair_precision": round(explained / pairs, 3) if pairs else None,
    }


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
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    sampler = _TreeMemory(proc.pid)
    sampler.start()
    stdout, stderr = proc.communicate()
    sampler.stop = True
    sampler.join()
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        sys.stderr.write(stderr[-4000:])
        raise SystemExit(f"bench: {kind} run failed for {corpus} (exit {proc.returncode})")
    result = json.loads(stdout.strip().splitlines()[-1])
    result["process_s"] = round(wall, 3)
    # Peak of the summed proportional set size (PSS) of the run and all its
    # worker processes (see _TreeMemory for how often): forked workers share
    # the parent's pages, so their RSS double-counts and PSS does not.
    result["peak_tree_pss_mib"] = round(sampler.peak_kib / 1024, 1) if sampler.peak_kib else None
    result["memory_sampler"] = {"samples": sampler.samples, "cpu_s": round(sampler.cpu_s, 3)}
    spans = result.pop("stage_spans", [])
    result["peak_tree_pss_stage"] = next((n for n, b, e in spans if b <= sampler.peak_at <= e), None)
    return result


class _TreeMemory(threading.Thread):
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


def _corpus(a: argparse.Namespace, n: int) -> Path:
    sys.path.insert(0, str(HERE))
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


def slope(xs: list[float], ys: list[float]) -> float | None:
    """Least-squares slope of log(y) on log(x): the growth exponent."""
    pts = [(math.log(x), math.log(y)) for x, y in zip(xs, ys) if x > 0 and y > 0]
    if len(pts) < 2:
        return None
    mx = sum(p[0] for p in pts) / len(pts)
    my = sum(p[1] for p in pts) / len(pts)
    den = sum((p[0] - mx) ** 2 for p in pts)
    return round(sum((p[0] - mx) * (p[1] - my) for p in pts) / den, 3) if den else None


def _grown(corpus: Path, scratch: Path) -> Path:
    """The corpus (linked, not copied) plus one new article: a copy of the first with a sentence added."""
    out = scratch / "grown"
    (out / "articles").mkdir(parents=True)
    files = sorted((corpus / "articles").iterdir())
    for f in files:
        (out / "articles" / f.name).symlink_to(f.resolve())
    text = files[0].read_text(encoding="utf-8")
    (out / "articles" / "zz-added.txt").write_text(text + "\nThe talks will resume next month, officials said.\n",
                                                  encoding="utf-8")
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
        # One new article on top of the batch: the report cache misses, the
        # per-text vector and mention caches still hold every other article.
        grown = _grown(corpus, cache)
        added = partial["one_added"] = _child("pipeline", a, grown, cache, rules)
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
        "one_added": added,
        "one_added_speedup": round(cold["total_s"] / added["total_s"], 2) if added["total_s"] else None,
        "warm_same_findings": cold["finding_ids"] == warm["finding_ids"],
        "pipeline_over_embed": round(cold["total_s"] / emb["total_s"], 3) if emb else None,
        # whole-process CPU seconds (imports included): steadier on a shared machine
        "pipeline_over_embed_cpu": round(cold["cpu_s"] / emb["cpu_s"], 3) if emb and emb["cpu_s"] else None,
        # every (embed-only, cold) pair measured, in order of their ratio
        "pairs": [{"cold_s": c["total_s"], "embed_only_s": e["total_s"] if e else None,
                   "ratio": round(c["total_s"] / e["total_s"], 3) if e else None} for c, e, _ in pairs],
    }
    for r in (cold, warm, added):
        r["finding_ids"] = len(r["finding_ids"])  # the comparison is made; keep the JSON small
    return row


def summarize(rows: list[dict]) -> dict:
    ns = [r["n"] for r in rows]
    tot = [r["cold"]["total_s"] for r in rows]
    return {
        "growth_exponent_fit": slope(ns, tot),
        "growth_exponent_last_two": slope(ns[-2:], tot[-2:]) if len(rows) >= 2 else None,
        "largest_n": ns[-1] if ns else None,
        "pipeline_over_embed_at_largest": rows[-1]["pipeline_over_embed"] if rows else None,
        "warm_speedup_at_largest": rows[-1]["warm_speedup"] if rows else None,
        "one_added_speedup_at_largest": rows[-1]["one_added_speedup"] if rows else None,
        "peak_rss_mib_at_largest": rows[-1]["cold"]["peak_rss_mib"] if rows else None,
        "peak_tree_pss_mib_at_largest": rows[-1]["cold"].get("peak_tree_pss_mib") if rows else None,
    }


def table(rows: list[dict], summary: dict) -> str:
    head = ["N", "stmts"] + [s for s in STAGES] + ["total", "warm", "x warm", "+1 art", "emb-only", "pipe/emb",
                                                   "RSS MiB", "PSS MiB", "found"]
    lines = [" ".join(f"{h:>9}" for h in head)]
    for r in rows:
        c = r["cold"]
        det = c["detection"]
        cells = [str(r["n"]), str(r["statements"])]
        cells += [f"{c['stages_s'].get(s, 0):.2f}" for s in STAGES]
        cells += [f"{c['total_s']:.2f}", f"{r['warm']['total_s']:.2f}", f"{r['warm_speedup']}",
                  f"{r['one_added']['total_s']:.2f}",
                  f"{r['embed_only']['total_s']:.2f}" if r["embed_only"] else "-",
                  f"{r['pipeline_over_embed']}" if r["pipeline_over_embed"] else "-",
                  f"{c['peak_rss_mib']:.0f}",
                  f"{c['peak_tree_pss_mib']:.0f}" if c.get("peak_tree_pss_mib") else "-",
                  f"{det['found']}/{det['planted']}"]
        lines.append(" ".join(f"{x:>9}" for x in cells))
    lines.append("stage columns: seconds (cold run); statements/s per stage are in the JSON; ingest includes"
                 " segmentation; RSS: the main process; PSS: the main process and its workers together")
    lines.append(
        f"growth exponent of total time: {summary['growth_exponent_fit']} (fit), "
        f"{summary['growth_exponent_last_two']} (two largest sizes)"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="100,400,1600,6400", help="comma-separated article counts")
    ap.add_argument("--out", type=Path, default=HERE / "out" / "result.json")
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
    meta = {"python": sys.version.split()[0], "cpus": os.cpu_count(), "jobs": a.jobs,
            "embedder": a.embedder, "model": a.model, "seed": a.seed, "conflict_share": a.conflict_share,
            "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "load_at_start": os.getloadavg()}
    a.out.parent.mkdir(parents=True, exist_ok=True)
    def write(extra: list[dict]) -> None:
        meta["load_at_end"] = os.getloadavg()
        body = {"meta": meta, "summary": summarize(rows) if rows else {}, "sizes": rows + extra}
        a.out.write_text(json.dumps(body, indent=1, default=str) + "\n")

    for n in sizes:
        print(f"bench: N={n} ...", file=sys.stderr, flush=True)
        rows.append(run_size(a, n, save=lambda partial: write([partial])))
        write([])
    print(table(rows, summarize(rows)))


if __name__ == "__main__":
    main()
