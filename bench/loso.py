#!/usr/bin/env python3
"""Pipeline-level leave-one-story-out accuracy: the figure that predicts stories the model never saw.

    python bench/loso.py                  # each dev story checked with a model fitted on the other dev stories
    python bench/loso.py --shipped        # the same stories with the shipped model (in sample: bench/accuracy.py's figures)
    python bench/loso.py --facts          # and each held-out story's per-fact table (score.py's)
    python bench/loso.py --once           # cuts chosen once on all dev stories, before and after kind_link

For each dev story S: the link model is refitted (bench/train_link.py's
``fit``) on the other dev stories only, and its cuts are chosen out of fold
among those stories too (a nested leave-one-out, ``pipeline_cuts``: a link
cut per kind where a kind's own beats the shared one, and a conflict cut per
kind likewise); S is then
linked, grouped and judged with that model (the checker's own match and
findings code, rules off as in bench/accuracy.py) and the findings are scored
by the shared scorer (score.py), whole and per kind. Pooled rows add the
counts of the stories before dividing, as bench/accuracy.py does.

The frames, candidate pairs and features are the checker's (they do not
depend on the model), computed once per story.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import train_link as tl  # noqa: E402
from accuracy import Counts, eval_dir, fmt, score_by_kind  # noqa: E402

KINDS = tl.KINDS


def model_of(weights: dict, link: float, conflict: float, kind_conflict: dict | None = None,
             kind_link: dict | None = None):
    from consistency.match.link import FEATURES, LinkModel

    return LinkModel(FEATURES, {k: np.asarray(weights[k][0], dtype=np.float64) for k in KINDS},
                     {k: float(weights[k][1]) for k in KINDS}, link, conflict, dict(kind_conflict or {}),
                     dict(kind_link or {}))


_FITS: dict = {}


def fit(data: list[tl.StoryData]) -> dict:
    """tl.fit, remembered by the set of stories (and the fit's settings): the nested leave-one-out fits
    the stories without {a, b} for a held out in the outer loop and b in the inner one, and again for b, a."""
    key = (frozenset(d.story for d in data), tl.C, tl.STORY_POWER, repr(tl.PRIORS), repr(tl.KIND_PRIORS),
           tl.PRIOR_STRENGTH, tl.FACT_POWER, tl.CONFLICT_WEIGHT, tl.EASY_WEIGHT)
    if key not in _FITS:
        _FITS[key] = tl.fit(data)
    return _FITS[key]


LINK_CUTS = (0.15, 0.2, 0.25, 0.3, 0.35, 0.4)
# conflict cut = link cut + margin, the link cut and a shared margin chosen first on this grid
MARGINS = (0.0, 0.1, 0.2)
# then each kind's own conflict cut, at its link cut, on a finer grid (kind_cuts)
KIND_MARGINS = (0.0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4)
# A kind keeps the shared cuts unless its own beat them by this much (its objective, smoothed): a
# kind has a third of the facts, and its choice moves from fold to fold (0.15 to 0.40 on the dev
# stories' folds), so it shrinks to the shared cut unless its own is clearly better.
KIND_GAIN = 0.02


def objective(c: Counts) -> float:
    """What the cuts are chosen for: balanced fact accuracy and conflict pair precision, equally."""
    f = c.figures()
    return (f["balanced"] or 0.0) + (f["pair_precision"] or 0.0)


def pipeline_cuts(data: list[tl.StoryData]) -> tuple[float, float, dict, dict]:
    """(link, conflict, {kind: conflict}, {kind: link}) cuts chosen out of fold on the checker's own output:
    each story is checked with weights fitted on the others at every pair of cuts of the grid, scored
    (QuickScorer), and the pooled counts decide (pair-level F1, used before, sees neither grouping nor
    findings). Each kind is linked and judged on its own, so one run at a pair of cuts scores every kind
    at them: the shared cuts are chosen on the whole score, each kind's link cut on its own facts."""
    totals, folds = _grid(data)
    link, margin = _best_cell(totals, None)
    kind_link = {}
    if KIND_LINKS:
        # A kind's cells are weighed by the pooled objective with the other kinds at their cells: a kind's own
        # objective, its pair precision from a handful of pairs, drove dates to 0.40/0.80 and cost balanced
        # accuracy 0.36 -> 0.35 and pair precision 0.53 -> 0.45 (cuts chosen once on the twenty dev stories).
        at = {k: (link, margin) for k in KINDS}
        for k in KINDS:
            smooth = _pooled(totals, at, k)
            own = max(smooth, key=lambda c: (round(smooth[c], 2), -c[0], c[1]))
            if own[0] != link and smooth[own] >= smooth[(link, margin)] + KIND_GAIN:
                kind_link[k], at[k] = own[0], own
    conflict = round(min(link + margin, 0.95), 2)
    return link, conflict, kind_cuts(folds, link, conflict, kind_link), kind_link


def _pooled(totals: dict, at: dict, kind: str) -> dict:
    """The pooled objective (every kind's counts added) for each (link, margin) cell of ``kind``, the other kinds
    at their cells ``at``; smoothed over the kind's grid neighbours as _smoothed does."""
    rest = Counts()
    for k, cell in at.items():
        if k != kind:
            rest.add(totals[(k, *cell)])

    def value(li, m):
        c = Counts()
        c.add(rest)
        c.add(totals[(kind, li, m)])
        return objective(c)
    out = {}
    for i, li in enumerate(LINK_CUTS):
        for j, m in enumerate(MARGINS):
            near = [value(LINK_CUTS[_inside(x, LINK_CUTS)], MARGINS[_inside(y, MARGINS)])
                    for x in range(i - 1, i + 2) for y in range(j - 1, j + 2)]
            out[(li, m)] = sum(near) / len(near)
    return out


KIND_LINKS = True  # False: one link cut for every kind (loso.py --no-kind-link: the choice before kind_link)
_GRIDS: dict = {}


def _grid(data: list[tl.StoryData]) -> tuple[dict, list]:
    """({(kind or None, link, margin): Counts}, folds): every story checked at every cell of the grid with
    weights fitted on the others; remembered by the set of stories (a second cut policy reuses it)."""
    key = frozenset(d.story for d in data)
    if key in _GRIDS:
        return _GRIDS[key]
    totals: dict = {}
    folds = []
    for held in data:
        weights = fit([d for d in data if d is not held])
        scorer = QuickScorer(held)
        by_kind = {k: QuickScorer(held, k) for k in KINDS}
        folds.append((held, weights, by_kind))
        for link in LINK_CUTS:
            facts = facts_of(held, model_of(weights, link, link))
            for margin in MARGINS:
                model = model_of(weights, link, round(min(link + margin, 0.95), 2))
                found = findings_of(held, model, facts)
                totals.setdefault((None, link, margin), Counts()).add(scorer(found))
                for k in KINDS:
                    totals.setdefault((k, link, margin), Counts()).add(by_kind[k](found))
    _GRIDS[key] = totals, folds
    return totals, folds


def _smoothed(totals: dict, kind: str | None) -> dict:
    """The objective of each (link, margin) cell of ``kind`` (None: all kinds) as the mean of itself and its
    grid neighbours: the objective is flat and noisy near its top (one fact in 100 moves balanced by 0.01),
    so the choice lands inside a plateau, not on a lone peak at the grid's edge (on the seven dev stories a
    lone peak at 0.40/0.60 had the lowest balanced accuracy of the grid)."""
    raw = {(li, m): objective(c) for (k, li, m), c in totals.items() if k == kind}
    out = {}
    for li, m in raw:
        i, j = LINK_CUTS.index(li), MARGINS.index(m)
        near = [raw[(LINK_CUTS[_inside(x, LINK_CUTS)], MARGINS[_inside(y, MARGINS)])]
                for x in range(i - 1, i + 2) for y in range(j - 1, j + 2)]
        out[(li, m)] = sum(near) / len(near)
    return out


def _inside(i: int, grid: tuple) -> int:
    """A grid index past an edge read as the edge (the grid extended by its edge values): a mean over the
    neighbours that exist gave an edge cell beside a peak fewer, better neighbours than the peak had, and
    the choice slid off the peak to the edge."""
    return min(max(i, 0), len(grid) - 1)


def _best_cell(totals: dict, kind: str | None) -> tuple[float, float]:
    """The best (link, margin): figures equal to 0.01 are equal, and among equals the lower link cut (a fact
    needs every pair of its frames linked, so a lower cut costs little precision) with the wider margin."""
    smooth = _smoothed(totals, kind)
    return max(smooth, key=lambda k: (round(smooth[k], 2), -k[0], k[1]))


def kind_cuts(folds: list, link: float, conflict: float, kind_link: dict | None = None) -> dict:
    """Each kind's conflict cut at its link cut: the finer grid's best for the kind's own facts (smoothed
    over grid neighbours), or the shared cut unless the kind's own beats it by KIND_GAIN. One run per
    margin scores every kind, each at its own link cut plus that margin."""
    kind_link = kind_link or {}
    base = {k: kind_link.get(k, link) for k in KINDS}
    shared = round(conflict - link, 2)  # the shared margin
    margins = sorted(set(KIND_MARGINS) | {shared})
    totals = {(k, m): Counts() for k in KINDS for m in margins}
    for held, weights, by_kind in folds:
        facts = facts_of(held, model_of(weights, link, link, None, kind_link))
        for m in margins:
            found = findings_of(held, model_of(weights, link, conflict, {k: round(min(base[k] + m, 0.95), 2)
                                                                        for k in KINDS}, kind_link), facts)
            for k in KINDS:
                totals[(k, m)].add(by_kind[k](found))
    # As for the link cuts, a kind's margin is weighed by the pooled objective, the other kinds at theirs:
    # weighed alone, the few pairs of a kind's high cuts looked precise, and dates and quantities took
    # conflict cuts of 0.55 and 0.65 that cost conflict recall 0.34 -> 0.15 (out of fold, twenty stories).
    chosen = dict.fromkeys(KINDS, shared)
    out = {}
    for k in KINDS:
        rest = Counts()
        for j in KINDS:
            if j != k:
                rest.add(totals[(j, chosen[j])])
        raw = []
        for m in margins:
            c = Counts()
            c.add(rest)
            c.add(totals[(k, m)])
            raw.append(objective(c))
        smooth = [sum(raw[_inside(x, margins)] for x in (i - 1, i, i + 1)) / 3 for i in range(len(margins))]
        best = max(range(len(margins)), key=lambda i: (round(smooth[i], 2), -abs(margins[i] - shared)))
        if smooth[best] >= smooth[margins.index(shared)] + KIND_GAIN:
            chosen[k] = margins[best]
            out[k] = round(min(base[k] + margins[best], 0.95), 2)
        elif k in kind_link:  # its own link cut, the shared margin over it
            out[k] = round(min(base[k] + shared, 0.95), 2)
    return out


def fold_model(rest: list[tl.StoryData]):
    """The model the checker would ship if ``rest`` were all the dev stories: fit and cuts from them only."""
    weights = fit(rest)
    link, conflict, by_kind, kind_link = pipeline_cuts(rest) if len(rest) > 1 else (0.25, 0.45, {}, {})
    return model_of(weights, link, conflict, by_kind, kind_link)


def facts_of(d: tl.StoryData, model) -> list:
    """The story's facts (frames grouped at ``model.link``), unnumbered: they depend on the link cut only."""
    from consistency.match import _facts

    facts = []
    for kind in KINDS:
        fs, _, ps = d.context[kind]
        probs = model.probability(kind, d.x[kind]) if len(ps) else np.empty(0)
        facts.extend(_facts(kind, fs, ps, probs, model.link_cut(kind)))
    return facts


def findings_of(d: tl.StoryData, model, facts: list | None = None) -> list[dict]:
    """The checker's rule-free findings on one story with ``model``, as the report's records the scorer reads;
    ``facts``: facts_of(d, model) when already made."""
    from consistency.match import Fact, Matching
    from consistency.match.findings import discover

    frames, pairs, probs = {}, {}, {}
    for kind in KINDS:
        fs, _, ps = d.context[kind]
        frames[kind], pairs[kind] = fs, ps
        probs[kind] = model.probability(kind, d.x[kind]) if len(ps) else np.empty(0)
    facts = sorted(facts_of(d, model) if facts is None else facts,
                   key=lambda f: (f.frames[0].key, f.frames[0].mention.start, f.kind))
    numbered = tuple(Fact(n, f.kind, f.frames, f.links) for n, f in enumerate(facts, start=1))
    matching = Matching(frames, pairs, probs, numbered, model)
    path = {a.id: a.path for a in d.corpus.articles}
    return [{"kind": f.kind, "verdict": f.verdict, "conflicts": [list(p) for p in f.conflicts],
             "claims": [{"path": path[c.article_id], "start": c.mention.start, "text": c.mention.text} for c in f.claims],
             "link": f.link}
            for f in discover(matching, d.corpus)]


def score_story(d: tl.StoryData, story_dir: Path, findings: list[dict], scorer: Path,
                facts_table: bool) -> tuple[Counts, dict[str, Counts]]:
    """score.py on the findings, whole and cut down to each kind (as bench/accuracy.py does)."""
    articles = story_dir / d.truth.get("article_dir", "articles")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        report = tmp / "report.json"
        report.write_text(json.dumps({"findings": findings}), encoding="utf-8")
        total, detected, kinds = score_by_kind(scorer, d.truth, story_dir / "truth.yaml", {"findings": findings},
                                               report, articles, tmp)
        if facts_table:
            for fact in d.truth["facts"]:
                print(f"    {fact['id']:48} {fact['kind']:11} {fact['verdict']:8} {detected.get(fact['id'], '-')}")
    return total, kinds


class QuickScorer:
    """score.py's fact and pair counts for one story, in process (cut choice scores hundreds of reports).

    The same rules as score.py (FORMAT.md): a claim maps to the truth statement on its line; a
    conflict fact is found by one true conflicting pair; an agree fact by an agree finding of its kind
    over two of its articles, unless a false conflicting pair has both ends on its statements.
    tests/test_loso.py checks the counts against score.py's. ``kind``: that kind's facts and findings only."""

    def __init__(self, d: tl.StoryData, kind: str | None = None):
        self.truth = d.truth
        self.kind = kind
        self.facts = {f["id"]: f for f in d.truth["facts"] if kind in (None, f["kind"])}
        self.stmt: dict = {}
        for f in self.facts.values():
            for s in f["statements"]:
                self.stmt.setdefault((s["article"], s["line"]), []).append((f["id"], s["sid"]))
        self.distract = {(x["article"], x["line"]) for x in d.truth.get("distractors", [])}
        self.pairs = {f["id"]: {frozenset((p["a"], p["b"])) for p in f.get("conflicting_pairs", [])}
                      for f in self.facts.values()}
        self.liner = {Path(a.path).name: tl.body_line_of(a.text) for a in d.corpus.articles}

    def __call__(self, findings: list[dict]) -> Counts:
        def loc(c):
            name = Path(c["path"]).name
            return (name, self.liner[name](c["start"]))
        stmt, facts = self.stmt, self.facts
        tp, fp, found_c, found_a = set(), [], set(), set()
        for fd in findings:
            if self.kind not in (None, fd["kind"]):
                continue
            locs = [loc(c) for c in fd["claims"]]
            if fd["verdict"] == "conflict":
                for i, j in fd["conflicts"]:
                    a, b = locs[i], locs[j]
                    if a[0] == b[0] or (a not in stmt and a not in self.distract) or (b not in stmt and b not in self.distract):
                        continue
                    hit = False
                    for fa, sa in stmt.get(a, []):
                        for fb, sb in stmt.get(b, []):
                            if fa == fb and frozenset((sa, sb)) in self.pairs[fa] and facts[fa]["kind"] == fd["kind"]:
                                tp.add((fa, frozenset((sa, sb))))
                                found_c.add(fa)
                                hit = True
                    if not hit:
                        fp.append((a, b))
            elif fd["verdict"] == "agree":
                covered: dict = {}
                for at in locs:
                    for fid, _ in stmt.get(at, []):
                        covered.setdefault(fid, set()).add(at[0])
                found_a |= {fid for fid, arts in covered.items() if len(arts) >= 2 and facts[fid]["kind"] == fd["kind"]}
        false = {fid for a, b in fp for fid in {x for x, _ in stmt.get(a, [])} & {x for x, _ in stmt.get(b, [])}
                 if facts[fid]["verdict"] == "agree"}
        c = Counts()
        for k, f in facts.items():
            if f["verdict"] == "conflict":
                c.conflicts += 1
                c.conflicts_found += k in found_c
            else:
                c.agrees += 1
                c.agrees_found += k in found_a and k not in false
        c.pairs_true, c.pairs_false = len(tp), len(fp)
        c.pairs_truth = sum(len(v) for v in self.pairs.values())
        return c


# The conflict cuts the fixed-precision figure sweeps (from the link cut up): a change is judged by balanced
# accuracy at the shipped cuts AND by conflict recall where conflict pairs are precise enough, since a cut
# chosen on balanced plus pair precision always bought precision with recall (0.34 -> 0.16 on the dev folds).
SWEEP = tuple(round(0.05 * i, 2) for i in range(3, 20))
PRECISIONS = (0.5, 0.8)


class Sweep:
    """Pooled counts per conflict cut, each story's facts grouped once at its model's link cuts."""

    def __init__(self):
        self.at = {c: Counts() for c in SWEEP}
        self.by_kind = {(k, c): Counts() for k in KINDS for c in SWEEP}

    def add(self, d: tl.StoryData, weights: dict, link: float, kind_link: dict | None = None) -> None:
        facts = facts_of(d, model_of(weights, link, link, None, kind_link))
        scorer, by_kind = QuickScorer(d), {k: QuickScorer(d, k) for k in KINDS}
        for c in SWEEP:
            if c < link:
                continue
            found = findings_of(d, model_of(weights, link, c, None, kind_link), facts)
            self.at[c].add(scorer(found))
            for k in KINDS:
                self.by_kind[(k, c)].add(by_kind[k](found))

    def at_precision(self, least: float, kind: str | None = None) -> tuple[float | None, dict | None]:
        """(cut, figures) at the loosest conflict cut whose pooled conflict pair precision is ``least`` or more."""
        for c in SWEEP:
            counts = self.at[c] if kind is None else self.by_kind[(kind, c)]
            f = counts.figures()
            if counts.pairs_true + counts.pairs_false and (f["pair_precision"] or 0.0) >= least:
                return c, f
        return None, None

    def lines(self) -> list[str]:
        out = []
        for least in PRECISIONS:
            parts = []
            for kind in (None, *KINDS):
                c, f = self.at_precision(least, kind)
                parts.append(f"{kind or 'all'} " + ("-" if c is None else
                                                    f"{fmt(f['conflict_recall'])} (cut {c:.2f}, p-prec {fmt(f['pair_precision'])})"))
            out.append(f"conflict recall at pair precision >= {least}: " + "; ".join(parts))
        return out


def grid_table(totals: dict) -> None:
    """The out-of-fold grid the cuts are chosen on: per kind (and all), each link cut and conflict margin."""
    print(f"{'out of fold, pooled':34} {'facts':>5} {'c-rec':>5} {'a-rec':>5} {'bal':>5} {'p-prec':>6} {'p-rec':>5}")
    for kind in (None, *KINDS):
        for (k, link, margin), c in sorted(totals.items(), key=lambda t: (t[0][1], t[0][2])):
            if k == kind:
                print(row(f"{kind or 'all'} link {link:.2f} conflict {link + margin:.2f}", c))


def cuts_label(model) -> str:
    """link/conflict, and each kind's own cuts (d q a: link/conflict)."""
    own = "".join(f" {k[0]}{model.link_cut(k):.2f}/{model.conflict_cut(k):.2f}" for k in KINDS
                  if k in model.kind_conflict or k in model.kind_link)
    return f"{model.link:.2f}/{model.conflict:.2f}{own}"


def row(label: str, c: Counts) -> str:
    f = c.figures()
    return (f"{label:34} {f['facts']:5d} {fmt(f['conflict_recall']):>5} {fmt(f['agree_recall']):>5} "
            f"{fmt(f['balanced']):>5} {fmt(f['pair_precision']):>6} {fmt(f['pair_recall']):>5}")


def run(data: list[tl.StoryData], corpora: Path, scorer: Path, shipped: bool, facts_table: bool,
        cuts: tuple | None = None, sweep_too: bool = True) -> dict:
    """Print the table; return the pooled figures (and per kind) for scripts. ``cuts``: (link, conflict[,
    {kind: conflict}, {kind: link}]) for every fold instead of the nested out-of-fold choice (a quicker,
    rougher gauge). ``sweep_too``: and the fixed-precision figure (Sweep), each fold's model at its link cuts."""
    from consistency.match.link import load_model

    print(f"{'':34} {'facts':>5} {'c-rec':>5} {'a-rec':>5} {'bal':>5} {'p-prec':>6} {'p-rec':>5}")
    pooled, kinds = Counts(), {k: Counts() for k in KINDS}
    sweep = Sweep()
    for held in data:
        rest = [d for d in data if d is not held]
        model = load_model() if shipped else model_of(fit(rest), *cuts) if cuts else fold_model(rest)
        if sweep_too:
            sweep.add(held, {k: (model.coef[k], model.intercept[k]) for k in KINDS}, model.link, model.kind_link)
        total, by_kind = score_story(held, corpora / held.story, findings_of(held, model), scorer, facts_table)
        print(row(f"{held.story} (cuts {cuts_label(model)})", total))
        for kind, c in by_kind.items():
            print(row(f"  {kind}", c))
            kinds[kind].add(c)
        pooled.add(total)
    print(row("ALL " + ("in sample (shipped model)" if shipped else "leave-one-story-out"), pooled))
    for kind, c in kinds.items():
        print(row(f"  {kind}", c))
    out = {"all": pooled.figures(), **{k: c.figures() for k, c in kinds.items()}}
    if sweep_too:
        print("\n".join(sweep.lines()))
        out["sweep"] = {least: sweep.at_precision(least) for least in PRECISIONS}
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpora", type=Path, default=HERE / "corpora")
    ap.add_argument("--eval-dir", help="folder of score.py (default ../shared/eval or $CONSISTENCY_EVAL_DIR)")
    ap.add_argument("--shipped", action="store_true", help="score with the shipped model instead (in sample)")
    ap.add_argument("--facts", action="store_true", help="print each story's per-fact table")
    ap.add_argument("--cuts", nargs=2, type=float, metavar=("LINK", "CONFLICT"),
                    help="a quick look: every fold at these cuts, not cuts chosen out of fold (minutes instead of half an hour)")
    ap.add_argument("--once", action="store_true",
                    help="cuts chosen once out of fold on all dev stories (what train_link.py ships), every fold at them: "
                    "a twentieth of the nested choice's cost, a little optimistic (the held story took part in the choice)")
    ap.add_argument("--keep-grid", type=Path, help="with --once: write the out-of-fold grid's counts (a pickle) here")
    ap.add_argument("--no-kind-link", action="store_true", help="one link cut for every kind (the choice before kind_link)")
    ap.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                    help="a fit setting of train_link.py for this run (STORY_POWER, PRIOR_STRENGTH, FACT_POWER, "
                    "CONFLICT_WEIGHT, EASY_WEIGHT, C)")
    args = ap.parse_args(argv)
    for setting in args.set:
        name, _, value = setting.partition("=")
        if name not in ("STORY_POWER", "PRIOR_STRENGTH", "FACT_POWER", "CONFLICT_WEIGHT", "EASY_WEIGHT", "C"):
            sys.exit(f"loso.py: --set {name}: not a fit setting")
        setattr(tl, name, float(value))
    global KIND_LINKS
    KIND_LINKS = not args.no_kind_link
    scorer = eval_dir(args.eval_dir) / "score.py"
    stories = tl.dev_stories(args.corpora)
    if len(stories) < 2:
        sys.exit("loso.py: needs two or more dev stories with a truth.yaml")
    data = tl.read_stories(args.corpora, stories)
    if not args.once:
        run(data, args.corpora, scorer, args.shipped, args.facts, args.cuts)
        return 0
    grid_table(_grid(data)[0])
    if args.keep_grid:
        import pickle

        args.keep_grid.write_bytes(pickle.dumps(_grid(data)[0]))
    for KIND_LINKS in ((False, True) if KIND_LINKS else (False,)):
        cuts = pipeline_cuts(data)
        print(f"\ncuts chosen once on every dev story ({'a link cut per kind' if KIND_LINKS else 'one link cut'}): "
              f"link {cuts[0]}, conflict {cuts[1]}, per kind: link {cuts[3]}, conflict {cuts[2]}")
        run(data, args.corpora, scorer, args.shipped, args.facts, cuts)
    return 0


if __name__ == "__main__":
    sys.exit(main())
