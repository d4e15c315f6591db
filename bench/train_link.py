#!/usr/bin/env python3
"""Refit the same-fact link model (consistency/data/link_model.json) from the DEV corpora's truth.

    python bench/train_link.py                       # leave-one-story-out figures only
    python bench/train_link.py --write               # and write the refitted weights
    python bench/train_link.py --corpora DIR         # another folder of stories (split.yaml)
    python bench/train_link.py --lost quantity 20    # and 20 truth pairs of the kind left under the link cut
    python bench/train_link.py --split date 20       # and 20 linked truth pairs of the kind split by the grouping

Only the stories listed under ``dev`` in split.yaml are read: the test
stories are scored by bench/accuracy.py and never fitted on.

Each story is run through the pipeline up to the candidate pairs
(consistency.match). A frame belongs to a truth fact when its statement is
on a line the fact annotates, the kinds match, and its mention overlaps the
annotated value words. A candidate pair is positive when both frames belong
to one fact, negative otherwise. One logistic regression per kind
(scikit-learn); a kind with too few positives takes the pooled fit. The
cuts are chosen out of fold on what the checker reports with them
(bench/loso.py's ``pipeline_cuts``: each story checked with weights fitted
on the others, at each link cut and conflict margin of a grid, scored as
score.py scores), not on pair-level F1, which sees neither grouping nor
findings.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import yaml
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

HERE = Path(__file__).resolve().parent
OUT = HERE.parent / "consistency" / "data" / "link_model.json"
KINDS = ("date", "quantity", "attribution")
MIN_POSITIVES = 25  # below this, a kind takes the pooled fit
C = 1.0  # inverse regularization strength
# Each story's pairs weigh n_s ** -STORY_POWER (0: every pair alike; 1: every story alike). At 1 a
# story with 5,000 pairs no longer outweighs one with 1,500 (leave-one-story-out at fixed cuts 0.20/0.25,
# thirteen dev stories: balanced 0.46 either way, conflict recall 0.40 -> 0.42, date 0.47 -> 0.50).
STORY_POWER = 1.0
# Clashes the dev stories (disasters: one event, many tolls) rarely show, so
# their fitted weights say little: a phase, ordinal or modality clash, or a
# report's date against an event's, separates two facts in any story ("began"
# vs "completed", "first" vs "second batch", "will arrive" vs "arrived"). Each
# keeps at least this penalty, whatever the fit.
PRIORS = {"role_clash": -6.0, "ordinal_clash": -6.0, "report_one": -4.0}
# A date with a phase or signing on one side only ("finished in 2009" against
# "gave way on 10 September") is evidence of two events; the dev stories
# (few phases, mostly "final toll") fit it a small positive weight. Capped at
# -1 (leave-one-story-out figures equal at 0, -1 and -2; at 0 the Arabic
# two-fact case of tests/fixtures/link/cases.yaml linked its two facts at 0.29).
KIND_PRIORS = {"date": {"role_one": -1.0, "modality_clash": -5.0},
               "quantity": {"modality_clash": 0.0}, "attribution": {"modality_clash": 0.0}}


@dataclass
class StoryData:
    story: str
    x: dict  # kind -> features
    y: dict  # kind -> labels
    truth_pairs: dict  # kind -> positive pairs in the truth (cross-article, same kind), reachable or not
    context: dict  # kind -> (frames, truth fact ids per frame, pairs), for losses()
    truth: dict
    corpus: object


def body_line_of(text: str) -> callable:
    """offset -> 1-based body line (after the front matter), as the scorer counts."""
    raw = text.split("\n")
    body_start = 0
    if raw and raw[0].strip() == "---":
        body_start = next(i for i in range(1, len(raw)) if raw[i].strip() == "---") + 1
    starts = np.cumsum([0] + [len(line) + 1 for line in raw])

    def line(offset: int) -> int:
        return int(np.searchsorted(starts, offset, side="right")) - body_start
    return line


def frame_facts(corpus, frames, truth) -> list[set]:
    """For each frame, the truth fact ids it states."""
    by_line: dict = {}
    for fact in truth["facts"]:
        for s in fact["statements"]:
            by_line.setdefault((Path(s["article"]).stem, s["line"]), []).append((fact["id"], fact["kind"], s))
    liners = {}
    out = []
    for f in frames:
        art = corpus.article(f.article)
        if f.article not in liners:
            liners[f.article] = body_line_of(art.text)
        line = liners[f.article](f.mention.start)
        found = set()
        for fid, kind, s in by_line.get((Path(art.path).stem, line), ()):
            if kind == f.kind and _overlaps(art.text, f.mention, s):
                found.add(fid)
        out.append(found)
    return out


def _overlaps(text: str, mention, s) -> bool:
    if mention.kind == "attribution":
        return True  # an attribution's span is the cue and speaker; the annotated words are the speaker
    parts = [p.strip() for p in str(s.get("value_text", "")).split("...") if p.strip()]
    lo = text.rfind("\n", 0, mention.start) + 1
    hi = text.find("\n", mention.end)
    line = text[lo: hi if hi >= 0 else len(text)]
    located = False
    for p in parts:
        at = line.find(p)
        while at >= 0:
            located = True
            a, b = lo + at, lo + at + len(p)
            if a < mention.end and mention.start < b:
                return True
            at = line.find(p, at + 1)
    return not located  # words not found as written: trust the line


def story_data(story_dir: Path) -> StoryData:
    from consistency.api import Options
    from consistency.embed import embed_statements
    from consistency.extract import extract_all
    from consistency.ingest import ingest_segmented
    from consistency.embed import embed_texts, get_embedder
    from consistency.embed.cache import VectorCache, default_dir
    from consistency.match import build_frames, window_vectors
    from consistency.match.candidates import candidate_pairs
    from consistency.match.link import features
    from consistency.model import Corpus

    truth = yaml.safe_load((story_dir / "truth.yaml").read_text(encoding="utf-8"))
    articles, _, statements = ingest_segmented([story_dir / truth.get("article_dir", "articles")], None, jobs=1)
    mentions = extract_all(articles, statements, jobs=1)
    vectors, _ = embed_statements(statements, Options())
    corpus = Corpus(tuple(articles), statements, mentions)
    frames = build_frames(corpus)
    embedder = get_embedder(Options().embedder)
    with VectorCache(default_dir()) as cache:
        windows = window_vectors(corpus, frames, lambda texts: embed_texts(texts, embedder, cache, jobs=1), vectors)
    row_of = {s.key: n for n, s in enumerate(corpus.statements)}
    xs, ys, reach, lost = {}, {}, {}, {}
    for kind in KINDS:
        fs = frames[kind]
        pairs = candidate_pairs(fs, row_of, np.asarray(vectors, dtype=np.float32))
        facts = frame_facts(corpus, fs, truth)
        xs[kind] = features(fs, pairs, windows[kind])
        ys[kind] = np.array([bool(facts[i] & facts[j]) for i, j in zip(pairs.a.tolist(), pairs.b.tolist())], dtype=bool)
        # every cross-article frame pair of one fact, found as a candidate or not
        total = 0
        for i in range(len(fs)):
            for j in range(i + 1, len(fs)):
                if fs[i].article != fs[j].article and facts[i] & facts[j]:
                    total += 1
        reach[kind] = total
        lost[kind] = (fs, facts, pairs)
    return StoryData(story_dir.name, xs, ys, reach, lost, truth, corpus)


STAGES = ("no frame", "no candidate", "low probability", "split", "found")


def losses(d: StoryData, kind: str, p: np.ndarray, link: float) -> dict:
    """Where each cross-article statement pair of a truth fact of ``kind`` is lost, ``p``: the pairs' probabilities.

    no frame: one of the two statements has no frame on the fact's value (not
    extracted, or extracted unlike the truth); no candidate: no frame pair of
    the two is a candidate; low probability: candidates, none at the link cut;
    split: linked, but the grouping put the two in different facts.
    """
    from consistency.match.facts import group_frames

    frames, facts, pairs = d.context[kind]
    truth, corpus = d.truth, d.corpus
    labels = group_frames(len(frames), pairs.a, pairs.b, p, link)
    best: dict = {}
    for i, j, q in zip(pairs.a.tolist(), pairs.b.tolist(), p.tolist()):
        best[(i, j)] = max(best.get((i, j), 0.0), q)
    stem_of = {a.id: Path(a.path).stem for a in corpus.articles}
    liners = {}
    where: dict = {}  # (fact, article stem, line) -> frame indices
    for n, f in enumerate(frames):
        art = corpus.article(f.article)
        if f.article not in liners:
            liners[f.article] = body_line_of(art.text)
        line = liners[f.article](f.mention.start)
        for fid in facts[n]:
            where.setdefault((fid, stem_of[f.article], line), []).append(n)
    out = dict.fromkeys(STAGES, 0)
    for fact in truth["facts"]:
        if fact["kind"] != kind:
            continue
        st = [(Path(s["article"]).stem, s["line"]) for s in fact["statements"]]
        for u in range(len(st)):
            for v in range(u + 1, len(st)):
                if st[u][0] == st[v][0]:
                    continue
                fa, fb = where.get((fact["id"], *st[u]), []), where.get((fact["id"], *st[v]), [])
                if not fa or not fb:
                    out["no frame"] += 1
                    continue
                qs = [best.get((min(i, j), max(i, j))) for i in fa for j in fb]
                qs = [q for q in qs if q is not None]
                if not qs:
                    out["no candidate"] += 1
                elif max(qs) < link:
                    out["low probability"] += 1
                elif not any(labels[i] >= 0 and labels[i] == labels[j] for i in fa for j in fb):
                    out["split"] += 1
                else:
                    out["found"] += 1
    return out


def show_split(data: list[StoryData], weights: dict, kind: str, count: int, link: float) -> None:
    """``count`` linked frame pairs of one truth fact that the grouping put in different facts (a fixed
    sample): each frame's group size and truth facts, and how many of the other group the frame links."""
    from consistency.match.facts import group_frames

    rows = []
    for d in data:
        frames, facts, pairs = d.context[kind]
        p = predict(weights, kind, d.x[kind])
        labels = group_frames(len(frames), pairs.a, pairs.b, p, link)
        linked = {(i, j): q for i, j, q in zip(pairs.a.tolist(), pairs.b.tolist(), p.tolist()) if q >= link}
        for (i, j), q in linked.items():
            if facts[i] & facts[j] and not (labels[i] >= 0 and labels[i] == labels[j]):
                rows.append((d, frames, facts, labels, linked, i, j, q))
    print(f"{len(rows)} linked {kind} frame pairs of one truth fact split by the grouping; a sample of {min(count, len(rows))}:")
    for d, frames, facts, labels, linked, i, j, q in [rows[n] for n in np.random.default_rng(0).permutation(len(rows))[:count]]:
        group_j = np.flatnonzero(labels == labels[j]).tolist() if labels[j] >= 0 else [j]
        ties = sum((min(i, k), max(i, k)) in linked for k in group_j if k != i)
        print(f"- {d.story} p={q:.2f}; the first links {ties}/{len(group_j)} of the second's group")
        for f in (i, j):
            group = np.flatnonzero(labels == labels[f]).tolist() if labels[f] >= 0 else [f]
            truth = sorted({t for k in group for t in facts[k]})
            fr = frames[f]
            print(f"    [{fr.mention.text}] group of {len(group)} (truth facts: {', '.join(truth) or '-'}) "
                  f"anchor={fr.anchor} unit={fr.unit}: " + " ".join(d.corpus.statement(fr.key).text.split())[:160])


def show_lost(data: list[StoryData], weights: dict, kind: str, count: int, link: float) -> None:
    """``count`` candidate pairs of one truth fact left under the link cut (a fixed sample), each with its
    sentences and the features that hold it down most (weight times value), to see what the features miss."""
    from consistency.match.link import FEATURES

    coef = np.asarray(weights[kind][0])
    rows = []
    for d in data:
        frames, _, pairs = d.context[kind]
        p = predict(weights, kind, d.x[kind])
        for n in np.flatnonzero(d.y[kind] & (p < link)).tolist():
            rows.append((d, frames[pairs.a[n]], frames[pairs.b[n]], d.x[kind][n], p[n]))
    print(f"{len(rows)} {kind} truth pairs under the link cut {link}; a sample of {min(count, len(rows))}:")
    for d, fa, fb, x, p in [rows[i] for i in np.random.default_rng(0).permutation(len(rows))[:count]]:
        down = sorted(zip(x * coef, FEATURES))[:3]
        print(f"- {d.story} p={p:.2f} held down by " + ", ".join(f"{f} {c:+.2f}" for c, f in down if c < 0))
        for f in (fa, fb):
            st = d.corpus.statement(f.key)
            print(f"    [{f.mention.text}] anchor={f.anchor} unit={f.unit} role={f.role} modality={f.modality}: "
                  + " ".join(st.text.split())[:200])


def fit(data: list[StoryData]) -> dict:
    """kind -> (coef, intercept); kinds with few positives take the pooled fit; PRIORS cap the clash weights."""
    from consistency.match.link import FEATURES

    pooled_x = np.vstack([d.x[k] for d in data for k in KINDS])
    pooled_y = np.concatenate([d.y[k] for d in data for k in KINDS])
    pooled_w = np.concatenate([np.full(sum(len(d.y[k]) for k in KINDS), w) for d, w in
                               zip(data, _per_story(data, KINDS))])
    pooled = LogisticRegression(C=C, max_iter=2000).fit(pooled_x, pooled_y, sample_weight=pooled_w)
    out = {}
    for kind in KINDS:
        x = np.vstack([d.x[kind] for d in data])
        y = np.concatenate([d.y[kind] for d in data])
        model = pooled
        if y.sum() >= MIN_POSITIVES and (~y).sum() >= MIN_POSITIVES:
            w = np.concatenate([np.full(len(d.y[kind]), v) for d, v in zip(data, _per_story(data, (kind,)))])
            model = LogisticRegression(C=C, max_iter=2000).fit(x, y, sample_weight=w)
        coef = model.coef_[0].tolist()
        for name, prior in {**PRIORS, **KIND_PRIORS.get(kind, {})}.items():
            i = FEATURES.index(name)
            coef[i] = min(coef[i], prior)
        out[kind] = (coef, float(model.intercept_[0]))
    return out


def _per_story(data: list[StoryData], kinds) -> list[float]:
    """Each story's pair weight: n_s ** -STORY_POWER (n_s: its pairs of ``kinds``), scaled so the pairs' mean is 1
    (at STORY_POWER 1 each story weighs the same whatever its number of pairs; at 0 each pair does)."""
    n = np.array([sum(len(d.y[k]) for k in kinds) for d in data], dtype=np.float64)
    w = np.where(n > 0, np.maximum(n, 1.0) ** -STORY_POWER, 0.0)
    total = (w * n).sum()
    return (w * n.sum() / total).tolist() if total else [1.0] * len(data)


def predict(weights: dict, kind: str, x: np.ndarray) -> np.ndarray:
    coef, intercept = weights[kind]
    return 1.0 / (1.0 + np.exp(-(x @ np.asarray(coef) + intercept)))


def pr(y: np.ndarray, p: np.ndarray, cut: float) -> tuple[float, float]:
    hit = p >= cut
    tp = int((hit & y).sum())
    return (tp / hit.sum() if hit.sum() else 0.0), (tp / y.sum() if y.sum() else 0.0)


CUTS = np.arange(0.1, 0.91, 0.05)


def out_of_fold(data: list[StoryData]) -> dict:
    """kind -> [(story, labels, probabilities)], each story's from a fit on the others (leave one story out)."""
    oof = {k: [] for k in KINDS}
    for held in data:
        rest = [d for d in data if d is not held] or [held]
        w = fit(rest)
        for kind in KINDS:
            oof[kind].append((held.story, held.y[kind], predict(w, kind, held.x[kind])))
    return oof


def main(argv=None) -> int:
    from consistency.match.link import FEATURES

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpora", type=Path, default=HERE / "corpora")
    ap.add_argument("--write", action="store_true", help="write consistency/data/link_model.json")
    ap.add_argument("--conflict", type=float, help="ship this conflict cut instead of the out-of-fold choice (the shipped "
                    "model: 0.25 against 0.35 out of fold, so that the seeds' August 2020 delivery date, linked at 0.30, "
                    "still conflicts; out of fold that costs 0.03 pair precision on the nine dev stories)")
    ap.add_argument("--lost", nargs=2, metavar=("KIND", "N"), help="show N truth pairs of KIND left under the link cut")
    ap.add_argument("--split", nargs=2, metavar=("KIND", "N"), help="show N linked truth pairs of KIND split by the grouping")
    args = ap.parse_args(argv)
    split = yaml.safe_load((args.corpora / "split.yaml").read_text(encoding="utf-8")) or {}
    stories = [s for s in split.get("dev") or [] if (args.corpora / s / "truth.yaml").is_file()]
    if not stories:
        sys.exit("train_link.py: no dev story with a truth.yaml")
    data = []
    for s in stories:
        print(f"reading {s} ...", file=sys.stderr)
        data.append(story_data(args.corpora / s))
    from loso import pipeline_cuts

    oof = out_of_fold(data)
    link, conflict, kind_conflict = pipeline_cuts(data)
    if args.conflict is not None:
        print(f"conflict cut {args.conflict} given (out of fold: {conflict} {kind_conflict})")
        conflict, kind_conflict = args.conflict, {}
    all_y = np.concatenate([y for k in KINDS for _, y, _ in oof[k]])
    all_p = np.concatenate([p for k in KINDS for _, _, p in oof[k]])
    print("out of fold, all kinds: " + "  ".join(f"{c:.2f}: P {pr(all_y, all_p, c)[0]:.2f} R {pr(all_y, all_p, c)[1]:.2f}"
                                                  for c in CUTS[::2]))
    print(f"{'story':28} {'kind':11} {'pairs':>6} {'pos':>4} {'truth':>5} {'AUC':>5} {'P@link':>6} {'R@link':>6}")
    for kind in KINDS:
        for story, y, p in oof[kind]:
            reach = next(d.truth_pairs[kind] for d in data if d.story == story)
            auc = roc_auc_score(y, p) if 0 < y.sum() < len(y) else float("nan")
            prec, rec = pr(y, p, link)
            print(f"{story:28} {kind:11} {len(y):6d} {int(y.sum()):4d} {reach:5d} {auc:5.2f} {prec:6.2f} {rec:6.2f}")
        y = np.concatenate([y for _, y, _ in oof[kind]])
        p = np.concatenate([p for _, _, p in oof[kind]])
        auc = roc_auc_score(y, p) if 0 < y.sum() < len(y) else float("nan")
        prec, rec = pr(y, p, link)
        print(f"{'ALL':28} {kind:11} {len(y):6d} {int(y.sum()):4d} {'':5} {auc:5.2f} {prec:6.2f} {rec:6.2f}")
    print(f"cuts (chosen out of fold on the checker's findings, bench/loso.py): link {link}, conflict {conflict} "
          f"(pair precision {pr(all_y, all_p, conflict)[0]:.2f} out of fold), per kind {kind_conflict}")
    weights = fit(data)
    # Where the truth's pairs are lost with the weights fitted on all dev stories (what --write ships).
    print(f"{'losses (fit on all dev)':28} {'kind':11} " + " ".join(f"{st:>15}" for st in STAGES))
    for kind in KINDS:
        rows = [losses(d, kind, predict(weights, kind, d.x[kind]), link) for d in data]
        for d, row in zip(data + [None], rows + [{st: sum(r[st] for r in rows) for st in STAGES}]):
            print(f"{'ALL' if d is None else d.story:28} {kind:11} " + " ".join(f"{row[st]:15d}" for st in STAGES))
    for kind in KINDS:
        print(kind, " ".join(f"{f}={w:+.2f}" for f, w in zip(FEATURES, weights[kind][0])), f"b={weights[kind][1]:+.2f}")
    if args.lost:
        if args.lost[0] not in KINDS:
            sys.exit(f"train_link.py: --lost: a kind among {', '.join(KINDS)}")
        show_lost(data, weights, args.lost[0], int(args.lost[1]), link)
    if args.split:
        if args.split[0] not in KINDS:
            sys.exit(f"train_link.py: --split: a kind among {', '.join(KINDS)}")
        show_split(data, weights, args.split[0], int(args.split[1]), link)
    if args.write:
        OUT.write_text(json.dumps({
            "note": f"fitted by bench/train_link.py on the dev stories: {', '.join(stories)}",
            "features": list(FEATURES),
            "link": link,
            "conflict": conflict,
            **({"kind_conflict": kind_conflict} if kind_conflict else {}),
            "kinds": {k: {"coef": [round(v, 4) for v in weights[k][0]], "intercept": round(weights[k][1], 4)} for k in KINDS},
        }, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
