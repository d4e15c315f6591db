#!/usr/bin/env python3
"""Where each truth fact of the dev stories is lost: the furthest stage its best truth pair reaches.

    python bench/facts_lost.py                  # the shipped model (in sample)
    python bench/facts_lost.py --loso           # each story with a model fitted on the others (bench/loso.py)
    python bench/facts_lost.py --loso --cuts 0.15 0.25   # the same weights, every story at these cuts
    python bench/facts_lost.py --loso --shipped-cuts     # the same weights, every story at link_model.json's cuts
    python bench/facts_lost.py --facts          # and one line per fact: its stage and its best pair
    python bench/facts_lost.py --story paris-2024-opening-ceremony --fact spectators-expected

A truth pair of a conflict fact is one of its ``conflicting_pairs``; of an
agree fact, any two of its statements in different articles. A pair goes
through the checker's stages in order and stops at the first it fails:

  no frame        a statement has no frame on the fact's value (not extracted, or read off other words)
  value misread   frames on both, but no frame pair compares as the truth says (compare says agree
                  or incomparable on a conflict pair; conflict or incomparable on an agree pair)
  no candidate    no such frame pair is a candidate pair
  below link      candidates, none linked (probability under the model's link cut)
  between cuts    conflict pairs only: linked, under the conflict cut
  split           linked (conflict: at the conflict cut), but grouped into different facts
  refused: WHY    conflict pairs only: findings.refusal says two facts (modality, ordinal, ...)
  not in cover    conflict pairs only: a conflict of the finding, not among the pairs it lists
  in a conflict   agree pairs only: grouped together, but the group's finding is a conflict
  conflict on it  agree facts only: score.py calls it a false conflict: a listed conflicting pair, of ANY
                  kind, has both ends on its lines (an attribution conflict on two lines that also give
                  an agreed toll costs the toll); the detail names the pair
  found           credited by score.py

A fact stops where its furthest pair stops. The frames, candidates, features
and fact membership of frames are bench/train_link.py's (``story_data``); the
findings are the checker's (loso.findings_of) and "found" is score.py's
per-fact column. Dev stories only: the test split is never read.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import accuracy  # noqa: E402
import loso  # noqa: E402
import train_link as tl  # noqa: E402

KINDS = tl.KINDS
CONFLICT_STAGES = ("no frame", "value misread", "no candidate", "below link", "between cuts", "split", "refused",
                   "not in cover", "found")
AGREE_STAGES = ("no frame", "value misread", "no candidate", "below link", "split", "in a conflict", "conflict on it",
                "found")

SHORT = {"no frame": "frame", "value misread": "misread", "no candidate": "cand", "below link": "<link",
         "between cuts": "<confl", "not in cover": "cover", "in a conflict": "in-confl", "conflict on it": "confl-on"}


@dataclass
class Lost:
    story: str
    fact: str
    kind: str
    verdict: str
    stage: str
    why: str = ""  # a refusal's condition
    detail: str = ""  # the best pair: its values and link


class StoryView:
    """One story's frames, probabilities, groups and findings under one model, looked up by truth line."""

    def __init__(self, d: tl.StoryData, model):
        from consistency.match.facts import article_numbers, group_frames
        from consistency.match.findings import ELSEWHERE_KINDS, linked_around
        from consistency.verdicts import corpus_links

        self.d, self.model = d, model
        self.findings = loso.findings_of(d, model)
        from consistency.match.findings import siblings_of

        self.role_links = corpus_links(d.corpus)
        self.siblings = siblings_of({k: d.context[k][0] for k in KINDS})
        self.stem = {a.id: Path(a.path).stem for a in d.corpus.articles}
        self.name = {a.id: Path(a.path).name for a in d.corpus.articles}
        self.kind: dict = {}
        self.around: dict = {}  # kind -> findings.linked_around, for the "agreed elsewhere" refusal
        for kind in KINDS:
            frames, facts, pairs = d.context[kind]
            p = model.probability(kind, d.x[kind]) if len(pairs) else np.empty(0)
            labels = group_frames(len(frames), pairs.a, pairs.b, p, model.link_cut(kind), article_numbers(frames))
            self.around[kind] = linked_around(frames, pairs, p) if kind in ELSEWHERE_KINDS else None
            prob = {(i, j): q for i, j, q in zip(pairs.a.tolist(), pairs.b.tolist(), p.tolist())}
            where: dict = {}  # (fact id, article stem, line) -> frame indices
            at = {}  # (article file name, start) -> frame index
            liners: dict = {}
            for n, f in enumerate(frames):
                if f.article not in liners:
                    liners[f.article] = tl.body_line_of(d.corpus.article(f.article).text)
                line = liners[f.article](f.mention.start)
                at[(self.name[f.article], f.mention.start)] = n
                for fid in facts[n]:
                    where.setdefault((fid, self.stem[f.article], line), []).append(n)
            listed, verdict = set(), {}
            for fd in self.findings:
                if fd["kind"] != kind:
                    continue
                idx = [at.get((Path(c["path"]).name, c["start"])) for c in fd["claims"]]
                for n in idx:
                    if n is not None:
                        verdict[n] = fd["verdict"]
                for i, j in fd["conflicts"]:
                    if idx[i] is not None and idx[j] is not None:
                        listed.add((min(idx[i], idx[j]), max(idx[i], idx[j])))
            self.kind[kind] = (frames, labels, prob, where, listed, verdict)

    def frames_at(self, fact: dict, s: dict) -> list[int]:
        return self.kind[fact["kind"]][3].get((fact["id"], Path(s["article"]).stem, s["line"]), [])

    def detected(self, corpora: Path, scorer: Path) -> tuple[accuracy.Counts, dict[str, str]]:
        """score.py on these findings: its counts, and its per-fact column (fact id -> conflict, agree,
        FALSE-CONFLICT or -)."""
        story_dir = corpora / self.d.story
        with tempfile.TemporaryDirectory() as tmp:
            report = Path(tmp) / "report.json"
            report.write_text(json.dumps({"findings": self.findings}), encoding="utf-8")
            return accuracy.score(scorer, story_dir / "truth.yaml", report,
                                  story_dir / self.d.truth.get("article_dir", "articles"))

    def frame_stage(self, fact: dict, i: int, j: int) -> tuple[int, str, str]:
        """(stage index, refusal, detail) of one frame pair of a truth pair of ``fact``."""
        from consistency.compare import compare
        from consistency.match.findings import refusal

        frames, labels, prob, _, listed, verdict = self.kind[fact["kind"]]
        conflict = fact["verdict"] == "conflict"
        stages = CONFLICT_STAGES if conflict else AGREE_STAGES
        x, y = min(i, j), max(i, j)
        cmp = compare(frames[x].mention.value, frames[y].mention.value, links=self.role_links)
        q = prob.get((x, y))
        detail = f"[{frames[x].mention.text}] vs [{frames[y].mention.text}]: {cmp.outcome}" + (
            f", p={q:.2f}" if q is not None else "")
        why = ""
        if cmp.outcome != fact["verdict"]:
            stage = "value misread"
        elif q is None:
            stage = "no candidate"
        elif q < self.model.link_cut(fact["kind"]):
            stage = "below link"
        elif conflict and q < self.model.conflict_cut(fact["kind"]):
            stage = "between cuts"
        elif labels[x] < 0 or labels[x] != labels[y]:
            stage = "split"
        elif not conflict:
            # covered by an agree finding: found unless a listed conflict pair lands on the fact
            stage = "in a conflict" if verdict.get(x) == "conflict" else "conflict on it"
        elif why := refusal(frames[x], frames[y], self.siblings, self.role_links, self.around[fact["kind"]]) or "":
            stage = "refused"
        else:
            stage = "found" if (x, y) in listed else "not in cover"
        return stages.index(stage), why, detail

    def pair_stage(self, fact: dict, sa: dict, sb: dict, show: bool = False) -> tuple[int, str, str]:
        """The furthest (stage index, refusal, detail) over the frame pairs of two truth statements."""
        fa, fb = self.frames_at(fact, sa), self.frames_at(fact, sb)
        if not fa or not fb:
            missing = ", ".join(f"#{s['sid'].split('#')[-1]} ({s['article'][:3]}:{s['line']})"
                                for s, f in ((sa, fa), (sb, fb)) if not f)
            return 0, "", f"no frame on {missing}"
        best = (0, "", "")
        for i in fa:
            for j in fb:
                got = self.frame_stage(fact, i, j)
                if show:
                    stages = CONFLICT_STAGES if fact["verdict"] == "conflict" else AGREE_STAGES
                    print(f"      {stages[got[0]]:14} {got[1]:16} {got[2]}")
                best = _better(best, got)
        return best

    def conflict_on(self, fact: dict) -> str:
        """The first listed conflicting pair with both ends on lines of ``fact`` (what makes score.py call it false)."""
        lines = {(Path(s["article"]).name, s["line"]) for s in fact["statements"]}
        liner = {a.path: tl.body_line_of(a.text) for a in self.d.corpus.articles}
        for fd in self.findings:
            if fd["verdict"] != "conflict":  # of any kind: score.py counts a false pair on any agree fact
                continue
            at = [(Path(c["path"]).name, liner[c["path"]](c["start"])) for c in fd["claims"]]
            for i, j in fd["conflicts"]:
                if at[i] in lines and at[j] in lines and at[i][0] != at[j][0]:
                    return f"listed {fd['kind']}: [{fd['claims'][i]['text']}] vs [{fd['claims'][j]['text']}]"
        return ""

    def lost(self, detected: dict[str, str], show: str | None = None) -> list[Lost]:
        """A row per truth fact; ``detected``: score.py's per-fact column, which decides "found";
        ``show``: a fact id whose every truth pair and frame pair is printed with its stage."""
        out = []
        for fact in self.d.truth["facts"]:
            by_sid = {s["sid"]: s for s in fact["statements"]}
            conflict = fact["verdict"] == "conflict"
            if conflict:
                pairs = [(by_sid[p["a"]], by_sid[p["b"]]) for p in fact.get("conflicting_pairs", [])]
            else:
                st = fact["statements"]
                pairs = [(st[u], st[v]) for u in range(len(st)) for v in range(u + 1, len(st))
                         if st[u]["article"] != st[v]["article"]]
            best = (0, "", "")
            for sa, sb in pairs:
                if show == fact["id"]:
                    print(f"    #{sa['sid'].split('#')[-1]} vs #{sb['sid'].split('#')[-1]}")
                best = _better(best, self.pair_stage(fact, sa, sb, show == fact["id"]))
            stages = CONFLICT_STAGES if conflict else AGREE_STAGES
            stage = stages[best[0]]
            if detected.get(fact["id"]) == "FALSE-CONFLICT":
                stage, best = "conflict on it", (0, "", self.conflict_on(fact))
            elif detected.get(fact["id"]) == fact["verdict"]:
                stage = "found"
            elif stage == "found":
                stage = "not in cover" if conflict else "conflict on it"  # the scorer did not credit it
            out.append(Lost(self.d.story, fact["id"], fact["kind"], fact["verdict"], stage, best[1], best[2]))
        return out


def _better(best: tuple, got: tuple) -> tuple:
    """The further of two (stage, why, detail); at one stage, the first that has a detail."""
    return got if got[0] > best[0] or (got[0] == best[0] and got[2] and not best[2]) else best


def table(rows: list[Lost], verdict: str, stages: tuple[str, ...], title: str) -> None:
    """Stages down, kinds across; refusals split by condition."""
    rows = [r for r in rows if r.verdict == verdict]
    keys: list[str] = []
    for st in stages:
        if st == "refused":
            keys += sorted({f"refused: {r.why}" for r in rows if r.stage == "refused"}) or ["refused"]
        else:
            keys.append(st)
    count = Counter((r.stage if r.stage != "refused" else f"refused: {r.why}", r.kind) for r in rows)
    print(f"{title} ({len(rows)} facts)")
    print(f"  {'stage':26}" + "".join(f"{k:>12}" for k in KINDS) + f"{'all':>8}")
    for key in keys:
        n = [count[(key, k)] for k in KINDS]
        print(f"  {key:26}" + "".join(f"{x:12d}" for x in n) + f"{sum(n):8d}")
    total = [sum(1 for r in rows if r.kind == k) for k in KINDS]
    print(f"  {'facts':26}" + "".join(f"{x:12d}" for x in total) + f"{sum(total):8d}")


def story_table(rows: list[Lost], verdict: str, stages: tuple[str, ...], cuts: dict[str, str]) -> None:
    """Stories down (with the link/conflict cuts they were judged at), stages across."""
    rows = [r for r in rows if r.verdict == verdict]
    stories = list(dict.fromkeys(r.story for r in rows))
    short = [SHORT.get(s, s) for s in stages]
    print(f"  {'story (cuts)':38}" + "".join(f"{s:>9}" for s in short) + f"{'facts':>7}")
    for story in stories + ["ALL"]:
        mine = [r for r in rows if story in ("ALL", r.story)]
        c = Counter(r.stage for r in mine)
        label = f"{story[:28]} ({cuts[story]})" if story in cuts else story
        print(f"  {label:38}" + "".join(f"{c[s]:9d}" for s in stages) + f"{len(mine):7d}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpora", type=Path, default=HERE / "corpora")
    ap.add_argument("--loso", action="store_true", help="each story with a model fitted on the other dev stories")
    ap.add_argument("--cuts", nargs=2, type=float, metavar=("LINK", "CONFLICT"),
                    help="with --loso: these cuts for every story instead of each fold's own choice")
    ap.add_argument("--shipped-cuts", nargs="?", const=True, metavar="JSON",
                    help="with --loso: link_model.json's cuts (or another such file's) for every story, each kind's own "
                    "where it has one")
    ap.add_argument("--story", action="append", help="only this dev story (repeatable); the model is still fitted on all")
    ap.add_argument("--facts", action="store_true", help="one line per fact: stage and best pair")
    ap.add_argument("--fact", help="print this fact's truth pairs, each frame pair with its stage")
    ap.add_argument("--eval-dir", help="folder of score.py (default ../shared/eval or $CONSISTENCY_EVAL_DIR)")
    args = ap.parse_args(argv)
    scorer = accuracy.eval_dir(args.eval_dir) / "score.py"
    from consistency.match.link import load_model, model_from

    stories = tl.dev_stories(args.corpora)
    if args.story:
        unknown = set(args.story) - set(stories)
        if unknown:
            sys.exit(f"facts_lost.py: not a dev story: {', '.join(sorted(unknown))}")
    need = stories if args.loso else [s for s in stories if not args.story or s in args.story]
    data = tl.read_stories(args.corpora, need)
    rows: list[Lost] = []
    pooled = accuracy.Counts()
    cuts: dict[str, str] = {}
    for d in data:
        if args.story and d.story not in args.story:
            continue
        if not args.loso:
            model = load_model()
        elif args.cuts:  # weights from the other stories, at given cuts (no nested cut choice: fast)
            model = loso.model_of(loso.fit([o for o in data if o is not d]), *args.cuts)
        elif args.shipped_cuts:
            ship = load_model() if args.shipped_cuts is True else model_from(json.loads(Path(args.shipped_cuts).read_text()))
            model = loso.model_of(loso.fit([o for o in data if o is not d]), ship.link, ship.conflict,
                                  ship.kind_conflict, ship.kind_link)
        else:
            model = loso.fold_model([o for o in data if o is not d])
        view = StoryView(d, model)
        cuts[d.story] = loso.cuts_label(model)
        counts, detected = view.detected(args.corpora, scorer)
        pooled.add(counts)
        rows += view.lost(detected, args.fact)
    gauge = "leave-one-story-out" if args.loso else "shipped model, in sample"
    if args.loso and args.cuts:
        gauge += f", cuts {args.cuts[0]}/{args.cuts[1]}"
    elif args.loso and args.shipped_cuts:
        gauge += f", shipped cuts {loso.cuts_label(ship)}"
    if args.facts:
        for r in rows:
            stage = f"refused: {r.why}" if r.stage == "refused" else r.stage
            print(f"{r.story[:22]:22} {r.fact[:44]:44} {r.kind[:5]:5} {r.verdict:8} {stage:26} {r.detail[:110]}")
        print()
    table(rows, "conflict", CONFLICT_STAGES, f"Conflict facts: furthest stage of the best truth pair ({gauge})")
    print()
    table(rows, "agree", AGREE_STAGES, f"Agree facts: furthest stage of the best pair of two articles ({gauge})")
    print()
    print("Conflict facts per story")
    story_table(rows, "conflict", CONFLICT_STAGES, cuts)
    print("Agree facts per story")
    story_table(rows, "agree", AGREE_STAGES, cuts)
    f = pooled.figures()
    print(f"score.py, pooled: conflict recall {accuracy.fmt(f['conflict_recall'])}, agree recall "
          f"{accuracy.fmt(f['agree_recall'])}, balanced {accuracy.fmt(f['balanced'])}, pair precision "
          f"{accuracy.fmt(f['pair_precision'])}, pair recall {accuracy.fmt(f['pair_recall'])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
