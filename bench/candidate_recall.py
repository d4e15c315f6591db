"""How many same-fact truth frame pairs the candidate search offers, per kind and same / cross language.

    python bench/candidate_recall.py [--story S ...] [--no-pool]

For each dev story (never a test or held-out one): its frames, the truth
facts each states (train_link.frame_facts), and every cross-article frame
pair stating one fact. A pair is "found" when candidates.candidate_pairs
offers it. Counted twice:

- lone: each story searched alone, as bench/loso.py and facts_lost.py see it;
- pooled: every dev story's frames searched together as one corpus (about
  20 times as many statements), where other stories' statements compete for
  each row's nearest slots, as an archive's do; ``--distract DIR`` adds the
  frames of a generated corpus (bench/generate.py) to that pool.

Set $CONSISTENCY_BENCH_STAGES to read each story's stages in seconds.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np
import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

KINDS = ("date", "quantity", "attribution")


def truth_pairs(frames, facts) -> dict:
    """(a, b) with a < b, other articles, one shared fact -> "same" or "cross" (language)."""
    by_fact: dict = {}
    for n, fs in enumerate(facts):
        for fid in fs:
            by_fact.setdefault(fid, []).append(n)
    out = {}
    for members in by_fact.values():
        for u in range(len(members)):
            for v in range(u + 1, len(members)):
                i, j = members[u], members[v]
                if frames[i].article != frames[j].article:
                    out[(min(i, j), max(i, j))] = "same" if frames[i].language == frames[j].language else "cross"
    return out


def count(pairs, truth: dict, tally: Counter, kind: str) -> None:
    found = set(zip(pairs.a.tolist(), pairs.b.tolist()))
    for key, lang in truth.items():
        tally[(kind, lang, "all")] += 1
        tally[(kind, lang, "found")] += key in found
    tally[(kind, "pairs", "all")] += len(pairs)


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpora", type=Path, default=HERE / "corpora")
    ap.add_argument("--story", action="append")
    ap.add_argument("--no-pool", action="store_true")
    ap.add_argument("--json", type=Path, help="also write the table here")
    ap.add_argument("--distract", type=Path, help="a generated corpus whose frames join the pooled search")
    a = ap.parse_args(argv)
    from train_link import _read_story, dev_stories, frame_facts

    from consistency.match import build_frames
    from consistency.match.candidates import candidate_pairs
    from consistency.model import Corpus

    stories = a.story or dev_stories(a.corpora)
    lone, pooled = Counter(), Counter()
    pool = {k: ([], [], []) for k in KINDS}  # frames, facts (fact ids made unique per story), row of each statement key
    row_of_all, vecs, cpu = {}, [], 0.0
    for s in stories:
        print(f"reading {s} ...", file=sys.stderr)
        truth = yaml.safe_load((a.corpora / s / "truth.yaml").read_text(encoding="utf-8"))
        articles, statements, mentions, vectors = _read_story(a.corpora / s, truth)
        corpus = Corpus(tuple(articles), statements, mentions)
        frames = build_frames(corpus)
        row_of = {st.key: n for n, st in enumerate(corpus.statements)}
        vectors = np.asarray(vectors, dtype=np.float32)
        offset = sum(len(v) for v in vecs)
        for key, n in row_of.items():
            row_of_all[key] = n + offset
        vecs.append(vectors)
        for kind in KINDS:
            fs = frames[kind]
            facts = frame_facts(corpus, fs, truth)
            t0 = time.process_time()
            pairs = candidate_pairs(fs, row_of, vectors)
            cpu += time.process_time() - t0
            count(pairs, truth_pairs(fs, facts), lone, kind)
            pool[kind][0].extend(fs)
            pool[kind][1].extend({(s, f) for f in x} for x in facts)
    if a.distract and not a.no_pool:
        print(f"reading {a.distract} ...", file=sys.stderr)
        articles, statements, mentions, vectors = _read_story(a.distract, {})
        corpus = Corpus(tuple(articles), statements, mentions)
        frames = build_frames(corpus)
        offset = sum(len(v) for v in vecs)
        for st_n, st in enumerate(corpus.statements):
            row_of_all[st.key] = st_n + offset
        vecs.append(np.asarray(vectors, dtype=np.float32))
        for kind in KINDS:
            pool[kind][0].extend(frames[kind])
            pool[kind][1].extend(set() for _ in frames[kind])
    table = {"lone": _rows(lone), "lone_search_cpu_s": round(cpu, 2)}
    if not a.no_pool:
        allv = np.concatenate(vecs)
        cpu = 0.0
        for kind in KINDS:
            fs, facts, _ = pool[kind]
            order = sorted(range(len(fs)), key=lambda n: (fs[n].article, fs[n].statement))  # by statement, as pipeline
            fs, facts = [fs[n] for n in order], [facts[n] for n in order]
            t0 = time.process_time()
            pairs = candidate_pairs(fs, row_of_all, allv)
            cpu += time.process_time() - t0
            count(pairs, truth_pairs(fs, facts), pooled, kind)
        table["pooled"] = _rows(pooled)
        table["pooled_search_cpu_s"] = round(cpu, 2)
    for name in ("lone", "pooled"):
        if name not in table:
            continue
        print(f"{name}: truth frame pairs that are candidates (found/all), candidate pairs in all")
        for kind, row in table[name].items():
            print(f"  {kind:12s} same {row['same']:>14s}  cross {row['cross']:>14s}  all {row['all']:>14s}"
                  f"  candidates {row['candidates']}")
    print(f"search CPU-s: lone {table['lone_search_cpu_s']}, pooled {table.get('pooled_search_cpu_s')}")
    if a.json:
        a.json.write_text(json.dumps(table, indent=1) + "\n")


def _rows(t: Counter) -> dict:
    out = {}
    for kind in (*KINDS, "total"):
        ks = KINDS if kind == "total" else (kind,)
        row = {}
        for lang in ("same", "cross"):
            f, n = sum(t[(k, lang, "found")] for k in ks), sum(t[(k, lang, "all")] for k in ks)
            row[lang] = f"{f}/{n} {f / max(n, 1):.3f}"
        f = sum(t[(k, l, "found")] for k in ks for l in ("same", "cross"))
        n = sum(t[(k, l, "all")] for k in ks for l in ("same", "cross"))
        row["all"] = f"{f}/{n} {f / max(n, 1):.3f}"
        row["candidates"] = sum(t[(k, "pairs", "all")] for k in ks)
        out[kind] = row
    return out


if __name__ == "__main__":
    main()
