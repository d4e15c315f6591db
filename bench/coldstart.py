"""The cold seeds run: `consistency check seeds/` with an empty cache, in CPU seconds.

    python bench/coldstart.py [--runs 5] [--against OTHER_TREE]

Each run is a fresh process (``consistency check seeds/ --format json``, the
repository's ``rules/`` as the CLI finds them) with a new, empty cache
folder, so everything a first run on a new machine pays is in it: imports,
data files, the tokenizer and weights, extraction, embedding. Five articles
and 92 statements: nearly all of it is start-up. Measured as the CPU seconds
(user + system) of the process and everything it reaped, because wall time
on this shared machine drifts; wall is reported beside it. ``bench/run.py``
runs it too (``--seeds-runs``).

The model cache (consistency/user_cache.py: models unpacked, lexicon
regexes compiled, once per installation) is kept from run to run, as on a
user's machine after the first check; ``--fresh-models`` gives each run an
empty one too, the cost of the very first check after installing. One run
before the measured ones fills it for the code measured (what it keeps is
keyed by the package's code: an edit starts afresh), unless
``--fresh-models``. It is a folder of the benchmark's own, not the user's
(``--shared-models`` measures with the user's): on a machine where other
checkouts run checks too, the shared folder sits at its size budget and
every process's writes evict the oldest entries, so a measured run often
found its lexicons gone and built them again (0.2-0.4 CPU-s more, seen in
round 9 with seven checkouts sharing one folder).

The package's modules are measured as an installed package runs them:
from their bytecode, which ``pip install`` compiles and a first import
writes. This machine sets PYTHONDONTWRITEBYTECODE=1, so a source tree here
compiles its ~95 modules from source at every start (0.15-0.25 CPU-s of a
cold seeds run); the bytecode is compiled once before the runs
(``compileall``, into the tree's ``__pycache__``). ``--source`` measures
without it (removing the package's ``__pycache__`` folders), as every figure
before round 5 (6 Dec 2026) was.

``--against TREE`` measures two checkouts interleaved (this one, then
TREE, run after run, each with its code on PYTHONPATH and a model cache of
its own): a loaded machine's drift then falls on both alike, where two
separate invocations minutes apart differed by 0.1-0.2 CPU-s.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHECK = "from consistency.cli import run; run()"  # what the console script runs


def _children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def one_run(embedder: str = "use", fresh_models: bool = False, models: Path | None = None,
            tree: Path = ROOT) -> dict:
    """One cold check of seeds/: CPU and wall seconds, and its exit code (0 or 1: findings are not failures).

    ``models``: the model cache folder to use (None: the user's); ``fresh_models``: an empty one of its own;
    ``tree``: the checkout whose code runs (first on PYTHONPATH) and whose seeds and rules are read.
    """
    cache = Path(tempfile.mkdtemp(prefix="bench-seeds-"))
    if fresh_models:
        models = cache / "models"
    env = dict(os.environ)
    if models is not None:
        env["CONSISTENCY_MODEL_CACHE"] = str(models)
    if tree != ROOT:
        env["PYTHONPATH"] = os.pathsep.join([str(tree), *filter(None, [env.get("PYTHONPATH")])])
    try:
        cmd = [sys.executable, "-c", CHECK, "check", "seeds/", "--cache-dir", str(cache), "--format", "json",
               "--output", str(cache / "report.json"), "--quiet", "--embedder", embedder]
        cpu0, t0 = _children_cpu(), time.perf_counter()
        proc = subprocess.run(cmd, cwd=tree, capture_output=True, text=True, env=env)
        wall, cpu = time.perf_counter() - t0, _children_cpu() - cpu0
        if proc.returncode not in (0, 1):
            raise SystemExit(f"bench: the seeds run failed (exit {proc.returncode}): {proc.stderr[-2000:]}")
        findings = len(json.loads((cache / "report.json").read_text(encoding="utf-8"))["findings"])
    finally:
        shutil.rmtree(cache, ignore_errors=True)
    return {"cpu_s": round(cpu, 3), "wall_s": round(wall, 3), "exit": proc.returncode, "findings": findings}


def compile_bytecode(tree: Path = ROOT) -> None:
    """The package's bytecode, as an installed package has it (pip compiles it at install)."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(tree / "consistency")], check=True,
                   capture_output=True)


def drop_bytecode(tree: Path = ROOT) -> None:
    """No bytecode of the package's own: each start compiles it from source (with PYTHONDONTWRITEBYTECODE set)."""
    for folder in (tree / "consistency").rglob("__pycache__"):
        shutil.rmtree(folder, ignore_errors=True)


def cold_seeds(runs: int = 5, embedder: str = "use", fresh_models: bool = False, bytecode: bool = True,
               shared_models: bool = False, trees: tuple[Path, ...] = (ROOT,)) -> dict:
    """``runs`` cold runs of each tree, interleaved; the median and the least CPU (the least is the least
    disturbed by other work). One tree: its figures; several: one entry per tree under ``trees``."""
    for tree in trees:
        compile_bytecode(tree) if bytecode else drop_bytecode(tree)
    models = {tree: None if shared_models or fresh_models else Path(tempfile.mkdtemp(prefix="bench-models-"))
              for tree in trees}
    each: dict[Path, list[dict]] = {tree: [] for tree in trees}
    try:
        if not fresh_models:
            for tree in trees:  # fills the model cache for this code, as a user's first check does
                one_run(embedder, models=models[tree], tree=tree)
        for _ in range(runs):
            for tree in trees:
                each[tree].append(one_run(embedder, fresh_models, models[tree], tree))
    finally:
        for folder in models.values():
            if folder is not None:
                shutil.rmtree(folder, ignore_errors=True)
    figures = {str(tree): _figures(each[tree]) for tree in trees}
    out = {"fresh_models": fresh_models, "shared_models": shared_models, "bytecode": bytecode}
    return {**out, **figures[str(ROOT)]} if trees == (ROOT,) else {**out, "trees": figures}


def _figures(each: list[dict]) -> dict:
    cpu = [r["cpu_s"] for r in each]
    wall = [r["wall_s"] for r in each]
    return {"runs": each, "cpu_s_median": round(statistics.median(cpu), 3), "cpu_s_min": min(cpu),
            "wall_s_median": round(statistics.median(wall), 3), "wall_s_min": min(wall)}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--embedder", default="use")
    ap.add_argument("--fresh-models", action="store_true",
                    help="an empty model cache for each run too: the first check after installing")
    ap.add_argument("--source", action="store_true",
                    help="no compiled bytecode: every module compiled from source at each start (see above)")
    ap.add_argument("--shared-models", action="store_true",
                    help="the user's model cache folder instead of one of the benchmark's own (see above)")
    ap.add_argument("--against", type=Path, metavar="TREE",
                    help="another checkout measured interleaved with this one (see above)")
    a = ap.parse_args(argv)
    trees = (ROOT,) if a.against is None else (ROOT, a.against.resolve())
    print(json.dumps(cold_seeds(a.runs, a.embedder, a.fresh_models, bytecode=not a.source,
                                shared_models=a.shared_models, trees=trees), indent=1))


if __name__ == "__main__":
    main()
