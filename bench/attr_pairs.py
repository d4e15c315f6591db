#!/usr/bin/env python3
"""Attribution truth pairs against other attribution pairs of one story: features, probabilities, stages.

    python bench/attr_pairs.py                 # per feature: mean over truth pairs vs other pairs (dev stories)
    python bench/attr_pairs.py --loso          # and leave-one-story-out at fixed cuts: per kind, per story
    python bench/attr_pairs.py --cache DIR     # keep each story's frames, pairs and windows there (pickles)

The story's frames, candidate pairs and window vectors do not depend on the
link model's features, so they are kept (``--cache``) and only the feature
rows are recomputed by the code's ``features``: a feature can be tried in
minutes, not an hour. ``--loso`` fits on the other stories at the given cuts
(default the shipped 0.15/0.25), the quick gauge; bench/loso.py (nested cut
choice) stays the judge. Dev stories only.
"""

from __future__ import annotations

import argparse
import pickle
import sys
from pathlib import Path

import numpy as np
import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import train_link as tl  # noqa: E402

KINDS = tl.KINDS


def raw_story(story_dir: Path) -> dict:
    """What story_data computes before the features: truth, corpus, frames, truth facts, pairs, windows."""
    from consistency.api import Options
    from consistency.embed import embed_statements, embed_texts, get_embedder
    from consistency.embed.cache import VectorCache, default_dir
    from consistency.extract import extract_all
    from consistency.ingest import ingest_segmented
    from consistency.match import build_frames, window_vectors
    from consistency.match.candidates import candidate_pairs
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
    out = {"story": story_dir.name, "truth": truth, "corpus": corpus, "windows": windows, "kinds": {}}
    for kind in KINDS:
        fs = frames[kind]
        pairs = candidate_pairs(fs, row_of, np.asarray(vectors, dtype=np.float32))
        facts = tl.frame_facts(corpus, fs, truth)
        reach = sum(1 for i in range(len(fs)) for j in range(i + 1, len(fs))
                    if fs[i].article != fs[j].article and facts[i] & facts[j])
        out["kinds"][kind] = (fs, facts, pairs, reach)
    return out


def story_data(story_dir: Path, cache: Path | None) -> tl.StoryData:
    """tl.story_data's StoryData, the model-free part read from ``cache`` when kept there."""
    from consistency.match.link import features

    raw = None
    if cache is not None:
        path = cache / f"{story_dir.name}.pkl"
        if path.is_file():
            raw = pickle.loads(path.read_bytes())
    if raw is None:
        raw = raw_story(story_dir)
        if cache is not None:
            cache.mkdir(parents=True, exist_ok=True)
            path.write_bytes(pickle.dumps(raw))
    frames, windows = _fresh(raw)
    xs, ys, reach, ctx = {}, {}, {}, {}
    for kind in KINDS:
        _, facts, pairs, n = raw["kinds"][kind]
        fs = frames[kind]
        xs[kind] = features(fs, pairs, windows[kind])
        ys[kind] = np.array([bool(facts[i] & facts[j]) for i, j in zip(pairs.a.tolist(), pairs.b.tolist())], dtype=bool)
        reach[kind], ctx[kind] = n, (fs, facts, pairs)
    return tl.StoryData(raw["story"], xs, ys, reach, ctx, raw["truth"], raw["corpus"])


def _fresh(raw: dict) -> tuple[dict, dict]:
    """Frames rebuilt by today's code (cheap: the mentions are kept) and the attribution windows
    embedded again as today's window_vectors does; the candidate pairs index frames, so the frames
    must come out as many and in the same order as when kept."""
    from consistency.api import Options
    from consistency.embed import embed_texts, get_embedder
    from consistency.embed.cache import VectorCache, default_dir
    from consistency.match import build_frames, own_window
    from consistency.match.frames import window_text

    corpus = raw["corpus"]
    frames = build_frames(corpus)
    windows = dict(raw["windows"])
    for kind in KINDS:
        if [f.mention for f in frames[kind]] != [f.mention for f in raw["kinds"][kind][0]]:
            sys.exit(f"attr_pairs.py: {raw['story']}: the {kind} frames changed since cached; drop the cache")
    fs = frames["attribution"]
    todo = [i for i, f in enumerate(fs) if f.crowd > 1 or own_window(f)]
    if todo:
        w = np.array(windows["attribution"], dtype=np.float32)
        texts = [window_text(corpus.statement(fs[i].key).text, corpus.statement(fs[i].key).start, fs[i].mention,
                             fs[i].limits) for i in todo]
        with VectorCache(default_dir()) as cache:
            w[todo] = np.asarray(embed_texts(texts, get_embedder(Options().embedder), cache, jobs=1), dtype=np.float32)
        windows["attribution"] = w
    return frames, windows


def feature_table(data: list[tl.StoryData], kind: str) -> None:
    """Per feature: the mean over truth pairs, over other pairs, and the fitted weight (all stories)."""
    from consistency.match.link import FEATURES

    x = np.vstack([d.x[kind] for d in data])
    y = np.concatenate([d.y[kind] for d in data])
    w = tl.fit(data)[kind]
    p = tl.predict(tl.fit(data), kind, x)
    print(f"{kind}: {int(y.sum())} truth pairs among {len(y)} candidates")
    print(f"  {'feature':20} {'truth':>7} {'other':>7} {'weight':>7}")
    for i, f in enumerate(FEATURES):
        print(f"  {f:20} {x[y, i].mean():7.3f} {x[~y, i].mean():7.3f} {w[0][i]:+7.2f}")
    print(f"  {'p (in sample)':20} {p[y].mean():7.3f} {p[~y].mean():7.3f}")
    for cut in (0.15, 0.25):
        print(f"  p >= {cut}: truth {int((p[y] >= cut).sum())}/{int(y.sum())}, other {int((p[~y] >= cut).sum())}/{int((~y).sum())}")
    reach = sum(d.truth_pairs[kind] for d in data)
    print(f"  cross-article frame pairs of one truth fact: {reach}; candidates among them: {int(y.sum())}")


def show_pairs(data: list[tl.StoryData], kind: str, count: int, cut: float) -> None:
    """``count`` truth pairs under ``cut`` and ``count`` other pairs over it (a fixed sample), with
    out-of-fold probabilities, what was said on each side and the features' largest contributions."""
    from consistency.match.link import FEATURES

    rows = {True: [], False: []}
    for held in data:
        w = tl.fit([d for d in data if d is not held])
        coef = np.asarray(w[kind][0])
        frames, _, pairs = held.context[kind]
        p = tl.predict(w, kind, held.x[kind])
        y = held.y[kind]
        for n in np.flatnonzero((y & (p < cut)) | (~y & (p >= cut))).tolist():
            rows[bool(y[n])].append((held, frames[pairs.a[n]], frames[pairs.b[n]], held.x[kind][n] * coef, p[n]))
    for truth, label in ((True, "truth pairs under"), (False, "other pairs over")):
        got = rows[truth]
        print(f"\n{len(got)} {kind} {label} the cut {cut} (out of fold); a sample of {min(count, len(got))}:")
        for d, fa, fb, contrib, q in [got[i] for i in np.random.default_rng(0).permutation(len(got))[:count]]:
            top = sorted(zip(contrib, FEATURES), key=lambda t: -abs(t[0]))[:4]
            print(f"- {d.story} p={q:.2f}: " + ", ".join(f"{f} {c:+.2f}" for c, f in top))
            for f in (fa, fb):
                st = d.corpus.statement(f.key)
                print(f"    [{f.mention.text[:50]}] {sorted(f.claim)[:4]}: " + " ".join(st.text.split())[:170])


def quick_loso(data: list[tl.StoryData], corpora: Path, scorer: Path, link: float, conflict: float) -> dict:
    """Each story with weights fitted on the others at fixed cuts, scored by score.py (per kind and pooled)."""
    import loso
    from accuracy import Counts

    pooled, kinds = Counts(), {k: Counts() for k in KINDS}
    for held in data:
        model = loso.model_of(tl.fit([d for d in data if d is not held]), link, conflict)
        total, by_kind = loso.score_story(held, corpora / held.story, loso.findings_of(held, model), scorer, False)
        print(loso.row(held.story, total))
        print(loso.row("  attribution", by_kind["attribution"]))
        for k, c in by_kind.items():
            kinds[k].add(c)
        pooled.add(total)
    print(loso.row(f"ALL quick loso at {link}/{conflict}", pooled))
    for k, c in kinds.items():
        print(loso.row(f"  {k}", c))
    return {"all": pooled.figures(), **{k: c.figures() for k, c in kinds.items()}}


def main(argv=None) -> int:
    from accuracy import eval_dir

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpora", type=Path, default=HERE / "corpora")
    ap.add_argument("--cache", type=Path, help="keep the model-free story data here")
    ap.add_argument("--loso", action="store_true", help="and leave-one-story-out at fixed cuts")
    ap.add_argument("--cuts", nargs=2, type=float, default=(0.15, 0.25), metavar=("LINK", "CONFLICT"))
    ap.add_argument("--kind", default="attribution", choices=KINDS)
    ap.add_argument("--pairs", type=int, metavar="N", help="show N lost truth pairs and N linked other pairs")
    ap.add_argument("--eval-dir")
    args = ap.parse_args(argv)
    split = yaml.safe_load((args.corpora / "split.yaml").read_text(encoding="utf-8")) or {}
    stories = [s for s in split.get("dev") or [] if (args.corpora / s / "truth.yaml").is_file()]
    data = []
    for s in stories:
        print(f"reading {s} ...", file=sys.stderr)
        data.append(story_data(args.corpora / s, args.cache))
    feature_table(data, args.kind)
    if args.pairs:
        show_pairs(data, args.kind, args.pairs, args.cuts[0])
    if args.loso:
        quick_loso(data, args.corpora, eval_dir(args.eval_dir) / "score.py", *args.cuts)
    return 0


if __name__ == "__main__":
    sys.exit(main())
