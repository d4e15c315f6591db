"""The benchmark corpus generator and runner (bench/): reproducible, honest about what it plants."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent


def _load(name: str):
    spec = importlib.util.spec_from_file_location(f"bench_{name}", ROOT / "bench" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


generate = _load("generate")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    out = tmp_path_factory.mktemp("bench") / "c"
    manifest = generate.generate(200, out, seed=7, conflict_share=0.1)
    return out, manifest


def _front_matter(text: str) -> dict:
    assert text.startswith("---\n")
    return yaml.safe_load(text[4 : text.index("\n---\n", 4)])


def test_same_seed_gives_identical_files(tmp_path):
    """Two runs with one seed write byte-identical articles, rules and manifest; another seed differs."""
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    generate.generate(40, a, seed=3)
    generate.generate(40, b, seed=3)
    generate.generate(40, c, seed=4)
    files = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file())
    assert all((a / f).read_bytes() == (b / f).read_bytes() for f in files)
    assert (a / "manifest.json").read_bytes() != (c / "manifest.json").read_bytes()


def test_articles_have_front_matter_both_languages_and_several_stories(corpus):
    """Every article has title/published/outlet/language; Arabic and English and every story kind occur."""
    out, manifest = corpus
    langs, kinds = set(), set()
    for rec in manifest["articles"]:
        meta = _front_matter((out / rec["path"]).read_text(encoding="utf-8"))
        assert set(meta) == {"title", "published", "outlet", "language"}
        assert isinstance(meta["published"], date) and meta["language"] == rec["language"]
        langs.add(meta["language"])
        kinds.add(rec["story"].split("-")[0])
    assert langs == {"ar", "en"}
    assert kinds == {"aid", "arms", "merger", "plant", "port", "transfer"}
    assert len(manifest["stories"]) >= 6


def test_articles_have_20_to_40_sentences(corpus):
    """The project's own segmenter finds about 20-40 sentences in each generated article."""
    from consistency.ingest import ingest
    from consistency.segment import segment

    out, _ = corpus
    articles, skipped = ingest([out / "articles"])
    assert not skipped and len(articles) == 200
    counts = [len(segment(a)) for a in articles]
    assert min(counts) >= 18 and max(counts) <= 45


def test_planted_conflicts_are_where_the_manifest_says(corpus):
    """Each planted sentence sits at its recorded span, and its value contradicts the story's truth."""
    out, manifest = corpus
    stories = {s["id"]: s for s in manifest["stories"]}
    planted = manifest["planted"]
    assert 0.04 * 200 <= len(planted) <= 0.2 * 200  # conflict_share 0.1
    assert {p["kind"] for p in planted} == {"date", "quantity", "attribution"}
    for p in planted:
        text = (out / p["article"]).read_text(encoding="utf-8")
        assert text[p["start"] : p["end"]] == p["sentence"]
        story = stories[p["story"]]
        if p["kind"] == "date":
            assert date.fromisoformat(p["value"]).year != date.fromisoformat(story["when"]).year
        elif p["kind"] == "quantity":
            ratio = p["value"] / story["amount"]
            assert ratio >= 1.25 or ratio <= 0.75
        else:
            assert p["value"] != story["speaker"]
            assert p["value"]["en"] in p["sentence"] or p["value"]["ar"] in p["sentence"]


def test_unplanted_fact_sentences_name_the_true_speaker(corpus):
    """A quote sentence that is not planted gives the story's own speaker, in the article's language."""
    out, manifest = corpus
    stories = {s["id"]: s for s in manifest["stories"]}
    planted = {(p["article"], p["fact"]) for p in manifest["planted"]}
    checked = 0
    for rec in manifest["articles"]:
        span = rec["facts"].get("quote")
        if span is None or (rec["path"], f"{rec['story']}.quote") in planted:
            continue
        sentence = (out / rec["path"]).read_text(encoding="utf-8")[span[0] : span[1]]
        assert stories[rec["story"]]["speaker"][rec["language"]] in sentence
        checked += 1
    assert checked > 50


def test_generated_rules_load_and_cover_every_fact(corpus):
    """The generated rules/ folder loads with the project's strict loader, one rule per story fact."""
    from consistency.rules import load_rules

    out, manifest = corpus
    rules = load_rules(out / "rules")
    assert [r.id for r in rules] == sorted(manifest["rules"])
    assert {p["fact"] for p in manifest["planted"]} <= {r.id for r in rules}


def test_runner_emits_the_promised_fields(tmp_path):
    """bench/run.py on two tiny sizes (tfidf embedder, two measured pairs) writes per-stage, cache, memory, scaling and pair fields."""
    out = tmp_path / "result.json"
    proc = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--sizes", "12,24", "--embedder", "tfidf",
         "--jobs", "1", "--out", str(out), "--corpus-root", str(tmp_path / "corpus"), "--repeat", "2",
         "--added", "1,3", "--seeds-runs", "1"],
        capture_output=True, text=True, cwd=ROOT, timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    result = json.loads(out.read_text())
    assert set(result["summary"]) >= {"growth_exponent_fit", "growth_exponent_last_two",
                                      "pipeline_over_embed_at_largest", "warm_speedup_at_largest",
                                      "peak_rss_mib_at_largest", "pipeline_over_embed_cpu_at_largest"}
    # the target ratio in CPU seconds: the whole cold process tree over the embedder's alone
    assert result["summary"]["pipeline_over_embed_cpu_at_largest"] == result["sizes"][-1]["pipeline_over_embed_cpu"] > 0
    assert "CPU s:" in proc.stdout
    assert [r["n"] for r in result["sizes"]] == [12, 24]
    for row in result["sizes"]:
        assert row["cold"]["articles"] == row["n"]
        assert {"ingest", "extract", "embed", "link", "align"} <= set(row["cold"]["stages_s"])
        assert row["cold"]["peak_rss_mib"] > 0 and row["embed_only"]["statements"] == row["statements"]
        assert row["warm_same_findings"] is True
        # two adjacent (embed-only, cold) pairs; the reported ratio is the higher of the two
        ratios = [p["ratio"] for p in row["pairs"]]
        assert len(ratios) == 2 and ratios == sorted(ratios)
        assert row["pipeline_over_embed"] == ratios[1]
        assert row["cold"]["total_s"] == row["pairs"][1]["cold_s"]
        # the warm run read the chosen pair's cache: the report cache answered, nothing was embedded
        assert "embed" not in row["warm"]["stages_s"] and "embed" in row["cold"]["stages_s"]
        manifest = json.loads((Path(row["corpus"]) / "manifest.json").read_text(encoding="utf-8"))
        assert row["cold"]["detection"]["planted"] == len(manifest["planted"])
        assert set(row["cold"]["detection"]) >= {"planted", "found", "recall", "conflict_pairs"}
        # CPU seconds beside wall, per stage and for the whole process tree
        assert set(row["cold"]["stages_cpu_s"]) == set(row["cold"]["stages_s"])
        assert 0 < sum(row["cold"]["stages_cpu_s"].values()) <= row["cold"]["process_cpu_s"]
        # new articles on top of the cold run's cache: their own runs, judged against warm and cold
        assert set(row["added"]) == {"1", "3"}
        for k, run in row["added"].items():
            assert run["articles"] == row["n"] + int(k) and run["over_warm"] > 0 and run["speedup_vs_cold"] > 0
        assert row["rss_kib_per_statement"] > 0
    assert set(result["summary"]["marginal_pss_kib_per_statement"]) <= {"12->24"}
    # the cold seeds run, and the commit measured
    seeds = result["cold_seeds"]
    assert len(seeds["runs"]) == 1 and seeds["runs"][0]["findings"] > 0 and seeds["cpu_s_min"] > 0
    assert len(result["meta"]["commit"]) == 40 and isinstance(result["meta"]["dirty"], bool)
    assert "growth exponent" in proc.stdout and "cold seeds run" in proc.stdout


def test_memory_sampler_finds_a_child_peak_and_keeps_its_own_cost_small(monkeypatch):
    """The PSS sampler sees a process's memory peak, and by its wait rule spends
    under a twentieth of one core reading /proc, even when a read is
    as dear as for a process of several GB (made so here: 30 ms of CPU each)."""
    procmem = _load("procmem")
    read = procmem._pss_kib

    def dear_read(pid: int) -> int:
        t = time.thread_time()
        while time.thread_time() - t < 0.03:
            pass
        return read(pid)

    monkeypatch.setattr(procmem, "_pss_kib", dear_read)
    # The child holds its 300 MiB until told to go, and is told only once the
    # sampler has read it twice since: on a loaded machine a fixed sleep could
    # end before any sample saw the peak.
    hold = "import sys; x = b'\\x01' * (300 * 2**20); print('ready', flush=True); sys.stdin.read()"
    proc = subprocess.Popen([sys.executable, "-c", hold], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    sampler = procmem.TreeMemory(proc.pid)
    t0 = time.perf_counter()
    sampler.start()
    assert proc.stdout.readline().strip() == "ready"
    seen = sampler.samples
    deadline = time.monotonic() + 120
    while sampler.samples < seen + 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    proc.stdin.close()
    proc.wait(timeout=60)
    sampler.stop = True
    sampler.join()
    elapsed = time.perf_counter() - t0
    assert sampler.peak_kib / 1024 > 250
    assert sampler.samples >= 2
    assert sampler.cpu_s <= elapsed / 20  # under a twentieth of one core
