#!/usr/bin/env python3
"""Truth pairs of one kind against its other candidate pairs: features, probabilities, what loses them.

    python bench/attr_pairs.py                 # per feature: mean over truth pairs vs other pairs (dev stories)
    python bench/attr_pairs.py --pairs 20      # and 20 truth pairs under the link cut, 20 other pairs over it
    python bench/attr_pairs.py --kind date     # another kind (attribution by default)

Set $CONSISTENCY_BENCH_STAGES to a folder to keep each story's stages before
the frames (train_link.py), so that a new feature is tried in minutes; for a
quick leave-one-story-out at fixed cuts use `bench/loso.py --cuts L C`, and
bench/loso.py (nested cut choice) stays the judge. Dev stories only.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import train_link as tl  # noqa: E402

KINDS = tl.KINDS


def feature_table(data: list[tl.StoryData], kind: str) -> None:
    """Per feature: the mean over truth pairs, over other pairs, and the fitted weight (all stories)."""
    from consistency.match.link import FEATURES

    x = np.vstack([d.x[kind] for d in data])
    y = np.concatenate([d.y[kind] for d in data])
    weights = tl.fit(data)
    w = weights[kind]
    p = tl.predict(weights, kind, x)
    print(f"{kind}: {int(y.sum())} truth pairs among {len(y)} candidates")
    print(f"  {'feature':20} {'truth':>7} {'other':>7} {'weight':>7}")
    for i, f in enumerate(FEATURES):
        print(f"  {f:20} {x[y, i].mean():7.3f} {x[~y, i].mean():7.3f} {w[0][i]:+7.2f}")
    print(f"  {'p (in sample)':20} {p[y].mean():7.3f} {p[~y].mean():7.3f}")
    for cut in (0.15, 0.25):
        print(f"  p >= {cut}: truth {int((p[y] >= cut).sum())}/{int(y.sum())}, other {int((p[~y] >= cut).sum())}/{int((~y).sum())}")
    reach = sum(d.truth_pairs[kind] for d in data)
    print(f"  cross-article frame pairs of one truth fact: {reach}; candidates among them: {int(y.sum())}")


def show_pairs(data: list[tl.StoryData], kind: str, count: int, cut: float, shown: set[str] | None = None) -> None:
    """``count`` truth pairs under ``cut`` and ``count`` other pairs over it (a fixed sample), with
    out-of-fold probabilities, what was said on each side and the features' largest contributions;
    with ``shown``, pairs of those stories only (the halves protocol: the measured half stays unread)."""
    from consistency.match.link import FEATURES

    rows = {True: [], False: []}
    groups = {"truth linked": [], "truth under the cut": [], "other over the cut": [], "other under the cut": []}
    for held in data:
        w = tl.fit([d for d in data if d is not held])
        coef = np.asarray(w[kind][0])
        frames, _, pairs = held.context[kind]
        p = tl.predict(w, kind, held.x[kind])
        y = held.y[kind]
        for n in range(len(y)):
            name = f"{'truth' if y[n] else 'other'} {'linked' if y[n] and p[n] >= cut else ('over the cut' if p[n] >= cut else 'under the cut')}"
            groups[name].append((frames[pairs.a[n]], frames[pairs.b[n]]))
        if shown is not None and held.story not in shown:
            continue
        for n in np.flatnonzero((y & (p < cut)) | (~y & (p >= cut))).tolist():
            rows[bool(y[n])].append((held, frames[pairs.a[n]], frames[pairs.b[n]], held.x[kind][n] * coef, p[n]))
    if kind == "attribution":
        shares(groups)
    for truth, label in ((True, "truth pairs under"), (False, "other pairs over")):
        got = rows[truth]
        print(f"\n{len(got)} {kind} {label} the cut {cut} (out of fold); a sample of {min(count, len(got))}:")
        for d, fa, fb, contrib, q in [got[i] for i in np.random.default_rng(0).permutation(len(got))[:count]]:
            top = sorted(zip(contrib, FEATURES), key=lambda t: -abs(t[0]))[:4]
            print(f"- {d.story} p={q:.2f}: " + ", ".join(f"{f} {c:+.2f}" for c, f in top))
            for f in (fa, fb):
                st = d.corpus.statement(f.key)
                print(f"    [{f.mention.text[:50]}] {sorted(f.claim)[:4]}: " + " ".join(st.text.split())[:170])


def shares(groups: dict) -> None:
    """What each group of pairs (out of fold) shares: the claim's figure or date, a figure's unit, the
    claim's event class, the speaker's words (the value: never a feature), a content span on both sides,
    another language; the part of each group with the trait."""
    from consistency.match.frames import _skeletons

    def said(f):
        return frozenset(k for k in f.claim if not k.startswith("!"))

    def sort(f):
        return frozenset(k.rsplit("|", 1)[0] if k.startswith("q|") else "d" for k in said(f))

    def speaker(f):
        v = f.mention.value
        return frozenset().union(*[_skeletons(e.name) for e in (v.speaker, v.organisation) if e is not None])

    traits = {
        "claim key": lambda a, b: bool(said(a) & said(b)),
        "claim unit": lambda a, b: bool(sort(a) & sort(b)),
        "claim on one": lambda a, b: bool(said(a)) != bool(said(b)),
        "anchor same": lambda a, b: a.anchor is not None and a.anchor == b.anchor,
        "no anchor": lambda a, b: a.anchor is None or b.anchor is None,
        "speaker words": lambda a, b: bool(speaker(a) & speaker(b)),
        "both content": lambda a, b: a.mention.value.content_start is not None and b.mention.value.content_start is not None,
        "cross-lingual": lambda a, b: a.language != b.language,
    }
    print(f"\n{'pairs (out of fold)':22} {'n':>6} " + " ".join(f"{t:>13}" for t in traits))
    for name, pairs in groups.items():
        got = [np.mean([fn(a, b) for a, b in pairs]) if pairs else float("nan") for fn in traits.values()]
        print(f"{name:22} {len(pairs):6} " + " ".join(f"{g:13.2f}" for g in got))


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
    from consistency.match.link import load_model

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpora", type=Path, default=HERE / "corpora")
    ap.add_argument("--kind", default="attribution", choices=KINDS)
    ap.add_argument("--pairs", type=int, metavar="N", help="show N lost truth pairs and N linked other pairs")
    ap.add_argument("--link", type=float, help="the link cut for --pairs (default: the shipped model's)")
    ap.add_argument("--story", action="append", help="with --pairs: show only this story's pairs (repeatable)")
    args = ap.parse_args(argv)
    data = tl.read_stories(args.corpora, tl.dev_stories(args.corpora))
    feature_table(data, args.kind)
    if args.pairs:
        show_pairs(data, args.kind, args.pairs, args.link if args.link is not None else load_model().link,
                   set(args.story) if args.story else None)
    return 0


if __name__ == "__main__":
    sys.exit(main())
