#!/usr/bin/env python3
"""How often each clash feature of the link model fires on same-fact pairs and on different-fact pairs.

    python bench/features.py                        # date pairs, every dev story
    python bench/features.py --kind quantity        # another kind
    python bench/features.py --show report_one 15   # and 15 same-fact pairs (a fixed sample) it fires on
    python bench/features.py --oof                  # out-of-fold link probabilities of agreeing and disagreeing pairs

A clash feature (role_clash, report_one, modality_clash, ...) is evidence of
two facts; it earns its weight only if it fires far more often on pairs of
two facts than on pairs of one. Per story, each cell gives the share of the
story's same-fact candidate pairs (pos) and different-fact pairs (neg) it
fires on; a feature that fires on one story's positives and not on others'
is a misreading of that story's text, not evidence. The pairs are the
checker's candidate pairs with bench/train_link.py's labels (dev stories only).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import train_link as tl  # noqa: E402

CLASHES = ("anchor_none", "anchor_clash", "role_clash", "role_one", "report_one", "modality_clash",
           "ordinal_clash", "ordinal_one", "unit_clash", "relative_one", "kind_clash", "count_clash")


def table(data: list[tl.StoryData], kind: str, names: tuple[str, ...]) -> None:
    from consistency.match.link import FEATURES

    cols = [FEATURES.index(n) for n in names]
    print(f"{kind}: share of same-fact pairs (pos) / different-fact pairs (neg) each feature fires on")
    print(f"{'story':28} {'pos':>5} {'neg':>6} " + " ".join(f"{n[:13]:>13}" for n in names))
    tot_pos, tot_neg = np.zeros(len(cols)), np.zeros(len(cols))
    n_pos = n_neg = 0
    for d in data:
        x, y = d.x[kind], d.y[kind]
        fire = x[:, cols] > 0
        pos, neg = fire[y].sum(0), fire[~y].sum(0)
        tot_pos += pos
        tot_neg += neg
        n_pos += int(y.sum())
        n_neg += int((~y).sum())
        print(f"{d.story:28} {int(y.sum()):5d} {int((~y).sum()):6d} "
              + " ".join(f"{_share(p, y.sum()):>6}/{_share(q, (~y).sum()):<6}" for p, q in zip(pos, neg)))
    print(f"{'ALL':28} {n_pos:5d} {n_neg:6d} " + " ".join(f"{_share(p, n_pos):>6}/{_share(q, n_neg):<6}"
                                                        for p, q in zip(tot_pos, tot_neg)))
    # the likelihood ratio pos-share / neg-share: below 1, evidence of two facts
    print(f"{'ratio pos/neg':28} {'':5} {'':6} " + " ".join(
        f"{(p / n_pos) / (q / n_neg) if q and n_pos else float('nan'):13.2f}" for p, q in zip(tot_pos, tot_neg)))


def _share(k, n) -> str:
    return f"{k / n:.2f}" if n else "-"


def show(data: list[tl.StoryData], kind: str, name: str, count: int) -> None:
    from consistency.match.link import FEATURES

    col = FEATURES.index(name)
    rows = []
    for d in data:
        frames, _, pairs = d.context[kind]
        for n in np.flatnonzero(d.y[kind] & (d.x[kind][:, col] > 0)).tolist():
            rows.append((d, frames[pairs.a[n]], frames[pairs.b[n]]))
    print(f"\n{len(rows)} same-fact {kind} pairs with {name}; a sample of {min(count, len(rows))}:")
    for d, fa, fb in [rows[i] for i in np.random.default_rng(0).permutation(len(rows))[:count]]:
        print(f"- {d.story}")
        for f in (fa, fb):
            st = d.corpus.statement(f.key)
            print(f"    [{f.mention.text}] {f.language} anchor={f.anchor} role={f.role} modality={f.modality} "
                  f"ordinal={f.ordinal}: " + " ".join(st.text.split())[:220])


BINS = (0.0, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 0.6, 0.7, 1.01)


def oof(data: list[tl.StoryData]) -> None:
    """Per kind, the out-of-fold link probability (each story's pairs scored by a fit on the other stories) of
    (a) same-fact pairs whose values disagree (true conflicts), (b) different-fact pairs whose values disagree
    (the source of false conflicts) and (c) same-fact pairs whose values agree; "disagree" is what findings
    may report (compare says conflict and findings.refusal does not call them two facts). Then the same
    disagreeing pairs scored by a second model fitted on disagreeing pairs only (conflict_fit), out of fold."""
    from sklearn.metrics import roc_auc_score

    scores = tl.out_of_fold(data)
    second = tl.out_of_fold_conflict(data)
    for kind in tl.KINDS:
        y = np.concatenate([s[1] for s in scores[kind]])
        p = np.concatenate([s[2] for s in scores[kind]])
        o = np.concatenate([tl.outcomes(d, kind) for d in data])
        q = np.concatenate([s[2] for s in second[kind]])
        dis = o == tl.OUTCOMES["conflict"]
        rows = {"(a) same fact, values disagree": y & dis, "(b) two facts, values disagree": ~y & dis,
                "(c) same fact, values agree": y & (o == tl.OUTCOMES["agree"])}
        print(f"\n{kind}: pairs per out-of-fold link probability bin (of {len(y)} candidate pairs)")
        print(f"  {'':32}" + "".join(f"{f'<{hi:.2f}' if hi < 1 else '>=' + format(lo, '.2f'):>7}"
                                     for lo, hi in zip(BINS, BINS[1:])) + f"{'all':>7}")
        for name, m in rows.items():
            h, _ = np.histogram(p[m], bins=BINS)
            print(f"  {name:32}" + "".join(f"{v:7d}" for v in h) + f"{int(m.sum()):7d}")
        for name, m in (("(a) at or above", y & dis), ("(b) at or above", ~y & dis)):
            print(f"  {name:32}" + "".join(f"{int((p[m] >= lo).sum()):7d}" for lo in BINS[:-1]))
        yy = y[dis]
        if 0 < yy.sum() < len(yy):
            print(f"  disagreeing pairs: ROC AUC of same fact vs two facts: link model {roc_auc_score(yy, p[dis]):.3f}, "
                  f"conflict model {roc_auc_score(yy, q):.3f}")
            for cut in (0.2, 0.3, 0.4, 0.5, 0.6):
                hit = q >= cut
                print(f"    conflict model >= {cut:.1f}: true {int((hit & yy).sum())} false {int((hit & ~yy).sum())}; "
                      f"link model at the same count of pairs: true {_top(p[dis], yy, int(hit.sum()))}")


def _top(p: np.ndarray, y: np.ndarray, n: int) -> int:
    return int(y[np.argsort(-p, kind="stable")[:n]].sum())


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpora", type=Path, default=HERE / "corpora")
    ap.add_argument("--kind", default="date", choices=tl.KINDS)
    ap.add_argument("--oof", action="store_true", help="out-of-fold link probabilities of (dis)agreeing pairs")
    ap.add_argument("--show", nargs=2, metavar=("FEATURE", "N"), help="N same-fact pairs FEATURE fires on")
    args = ap.parse_args(argv)
    data = tl.read_stories(args.corpora, tl.dev_stories(args.corpora))
    if args.oof:
        oof(data)
        return 0
    table(data, args.kind, CLASHES)
    if args.show:
        show(data, args.kind, args.show[0], int(args.show[1]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
