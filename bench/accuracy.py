#!/usr/bin/env python3
"""Accuracy on the annotated corpora: run the checker on each story, score it.

    python bench/accuracy.py                    # every story, dev and test apart
    python bench/accuracy.py --split dev        # only the dev stories
    python bench/accuracy.py --story derna-floods --json

For each story under bench/corpora/ (the split is bench/corpora/split.yaml),
this runs `consistency check <story>/articles --no-rules --format json` and
scores the report with the shared scorer (../shared/eval/score.py), unchanged,
so that the figures mean what they mean everywhere else. The per-kind rows are
the same scorer run on the truth and the report both cut down to one kind; the
per-language rows count the facts that have a statement in that language.

Figures: conflict recall (truth conflicts with a true conflicting pair
reported), agree recall (truth agreements reported as agree and never as
conflict), balanced (their mean), pair precision (reported conflicting pairs
that are truth pairs, among pairs on annotated lines) and pair recall.
Pooled rows add the counts of their stories before dividing.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
CORPORA = HERE / "corpora"
KINDS = ("date", "quantity", "attribution")
RUN_CHECKER = "import sys; from consistency.cli import main; sys.exit(main())"


@dataclass
class Counts:
    """What the scorer counted; figures are derived so that rows can be pooled."""

    conflicts: int = 0
    conflicts_found: int = 0
    agrees: int = 0
    agrees_found: int = 0
    pairs_true: int = 0  # reported conflicting pairs that are truth pairs
    pairs_false: int = 0  # reported pairs on annotated lines that are not
    pairs_truth: int = 0  # conflicting pairs in the truth

    def add(self, other: "Counts") -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def figures(self) -> dict:
        def ratio(a, b):
            return round(a / b, 3) if b else None

        crec, arec = ratio(self.conflicts_found, self.conflicts), ratio(self.agrees_found, self.agrees)
        both = [x for x in (crec, arec) if x is not None]
        return {
            "facts": self.conflicts + self.agrees,
            "conflict_recall": crec,
            "agree_recall": arec,
            "balanced": round(sum(both) / len(both), 3) if both else None,
            "pair_precision": ratio(self.pairs_true, self.pairs_true + self.pairs_false),
            "pair_recall": ratio(self.pairs_true, self.pairs_truth),
            "counts": dict(self.__dict__),
        }


@dataclass
class StoryResult:
    story: str
    split: str
    total: Counts
    kinds: dict[str, Counts] = field(default_factory=dict)
    languages: dict[str, Counts] = field(default_factory=dict)
    facts: dict[str, str] = field(default_factory=dict)  # fact id -> what was detected


def eval_dir(given: str | None) -> Path:
    path = Path(given or os.environ.get("CONSISTENCY_EVAL_DIR") or HERE.parent.parent / "shared" / "eval")
    if not (path / "score.py").is_file():
        sys.exit(f"accuracy.py: no score.py in {path} (give --eval-dir or set CONSISTENCY_EVAL_DIR)")
    return path


# held_out: annotated stories kept out of a round's training and tuning, scored at
# its start and end as an honest check, then moved to dev (bench/corpora/README.md).
SPLITS = ("dev", "test", "held_out")


def load_split(corpora: Path) -> dict[str, str]:
    split_file = corpora / "split.yaml"
    data = yaml.safe_load(split_file.read_text(encoding="utf-8")) or {}
    split = {}
    for name in SPLITS:
        for story in data.get(name) or []:
            split[story] = name
    missing = [s for s in split if not (corpora / s / "truth.yaml").is_file()]
    if missing:
        sys.exit(f"accuracy.py: {split_file} names stories with no truth.yaml: {', '.join(missing)}")
    return split


def run_checker(articles: Path, out: Path, extra: list[str]) -> None:
    cmd = [sys.executable, "-c", RUN_CHECKER, "check", str(articles), "--no-rules",
           "--format", "json", "--fail-on", "never", "--quiet", "--output", str(out), *extra]
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"accuracy.py: the checker failed on {articles} (exit {done.returncode}):\n{done.stderr[-2000:]}")


def score(scorer: Path, truth: Path, report: Path, articles: Path, per_kind: dict | None = None) -> tuple[Counts, dict[str, str]]:
    """Run the shared scorer; read back its counts and its per-fact table (and, into ``per_kind``, its per-kind fact counts)."""
    done = subprocess.run([sys.executable, str(scorer), str(truth), str(report), "--articles", str(articles)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"accuracy.py: score.py failed on {truth}:\n{done.stderr[-2000:]}")
    counts, detected = Counts(), {}
    lines = done.stdout.splitlines()
    for line in lines[1:]:
        if line.startswith("  ") or line.startswith("conflict pairs") or line.startswith("false conflicts") \
                or line.startswith("SUMMARY"):
            break
        fact, _kind, _verdict, det = line.split()
        detected[fact] = det
    for line in lines:
        m = re.match(r"\s+(\w+)\s+conflicts found (\d+)/(\d+)\s+agreements found (\d+)/(\d+)", line)
        if m:
            counts.conflicts_found += int(m[2]); counts.conflicts += int(m[3])
            counts.agrees_found += int(m[4]); counts.agrees += int(m[5])
            if per_kind is not None:
                k = per_kind.setdefault(m[1], Counts())
                k.conflicts_found, k.conflicts, k.agrees_found, k.agrees = int(m[2]), int(m[3]), int(m[4]), int(m[5])
        m = re.match(r"conflict pairs: (\d+) true of (\d+) in truth; (\d+) false", line)
        if m:
            counts.pairs_true, counts.pairs_truth, counts.pairs_false = int(m[1]), int(m[2]), int(m[3])
    return counts, detected


def found(fact: dict, detected: str) -> bool:
    return detected == fact["verdict"]


def score_by_kind(scorer: Path, truth: dict, truth_path: Path, report: dict, report_path: Path, articles: Path,
                  tmp: Path) -> tuple[Counts, dict[str, str], dict[str, Counts]]:
    """score.py on a story, whole and cut down to each kind (truth and report both); bench/loso.py uses it too."""
    whole_kinds: dict[str, Counts] = {}
    total, detected = score(scorer, truth_path, report_path, articles, whole_kinds)
    kinds: dict[str, Counts] = {}
    deferred = []
    for kind in KINDS:
        facts = [f for f in truth["facts"] if f["kind"] == kind]
        if not facts:
            continue
        if len({f["verdict"] for f in facts}) < 2:
            # score.py divides by the conflict and the agree facts, so a kind of one verdict
            # (no date conflict in a story) cannot be scored alone: its fact counts come from
            # the whole story's per-kind lines, its pairs from the whole story's less the other kinds'.
            deferred.append(kind)
            kinds[kind] = whole_kinds.get(kind, Counts())
            continue
        cut_truth, cut_report = tmp / f"truth-{kind}.yaml", tmp / f"report-{kind}.json"
        cut_truth.write_text(yaml.safe_dump({**truth, "facts": facts}, allow_unicode=True), encoding="utf-8")
        findings = [f for f in report.get("findings", []) if f.get("kind") == kind]
        cut_report.write_text(json.dumps({**report, "findings": findings}), encoding="utf-8")
        kinds[kind] = score(scorer, cut_truth, cut_report, articles)[0]
    if len(deferred) == 1:
        k, others = kinds[deferred[0]], [c for n, c in kinds.items() if n != deferred[0]]
        k.pairs_true = total.pairs_true - sum(c.pairs_true for c in others)
        k.pairs_truth = total.pairs_truth - sum(c.pairs_truth for c in others)
        k.pairs_false = max(0, total.pairs_false - sum(c.pairs_false for c in others))
    elif deferred:
        print(f"accuracy.py: {truth_path.parent.name}: no pair figures for {', '.join(deferred)} (one verdict each)",
              file=sys.stderr)
    return total, detected, kinds


def score_story(story_dir: Path, split: str, scorer: Path, extra: list[str], keep: Path | None) -> StoryResult:
    truth_path = story_dir / "truth.yaml"
    truth = yaml.safe_load(truth_path.read_text(encoding="utf-8"))
    articles = story_dir / truth.get("article_dir", "articles")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        report_path = (keep / f"{story_dir.name}.json") if keep else tmp / "report.json"
        run_checker(articles, report_path, extra)
        report = json.loads(report_path.read_text(encoding="utf-8"))
        total, detected, kinds = score_by_kind(scorer, truth, truth_path, report, report_path, articles, tmp)
        result = StoryResult(story_dir.name, split, total, kinds=kinds, facts=detected)
    for fact in truth["facts"]:
        is_found = found(fact, detected.get(fact["id"], "-"))
        for lang in sorted({s["language"] for s in fact["statements"]}):
            c = result.languages.setdefault(lang, Counts())
            if fact["verdict"] == "conflict":
                c.conflicts += 1; c.conflicts_found += is_found
            else:
                c.agrees += 1; c.agrees_found += is_found
    return result


def fmt(x) -> str:
    return "  -  " if x is None else f"{x:.2f}"


def print_table(results: list[StoryResult]) -> None:
    head = f"{'':34} {'facts':>5} {'c-rec':>5} {'a-rec':>5} {'bal':>5} {'p-prec':>6} {'p-rec':>5}"

    def row(label: str, c: Counts) -> None:
        f = c.figures()
        print(f"{label:34} {f['facts']:5d} {fmt(f['conflict_recall']):>5} {fmt(f['agree_recall']):>5} "
              f"{fmt(f['balanced']):>5} {fmt(f['pair_precision']):>6} {fmt(f['pair_recall']):>5}")

    for split in SPLITS:
        group = [r for r in results if r.split == split]
        if not group:
            continue
        print(f"== {split} stories")
        print(head)
        pooled, kinds, langs = Counts(), {}, {}
        for r in group:
            row(r.story, r.total)
            for kind, c in r.kinds.items():
                row(f"  {kind}", c)
                kinds.setdefault(kind, Counts()).add(c)
            pooled.add(r.total)
            for lang, c in r.languages.items():
                langs.setdefault(lang, Counts()).add(c)
        row(f"ALL {split}", pooled)
        for kind, c in kinds.items():
            row(f"  {kind}", c)
        for lang, c in sorted(langs.items()):
            row(f"  facts with {lang} statements", c)
        print()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpora", type=Path, default=CORPORA, help="folder of annotated stories")
    ap.add_argument("--story", action="append", help="only this story (repeatable)")
    ap.add_argument("--split", choices=(*SPLITS, "all"), default="all")
    ap.add_argument("--eval-dir", help="folder of score.py (default ../shared/eval or $CONSISTENCY_EVAL_DIR)")
    ap.add_argument("--keep", type=Path, help="keep each story's JSON report in this folder")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("checker_args", nargs="*", help="after --: extra arguments for consistency check")
    args = ap.parse_args(argv)

    scorer = eval_dir(args.eval_dir) / "score.py"
    split = load_split(args.corpora)
    stories = [s for s in split if (args.split == "all" or split[s] == args.split)
               and (not args.story or s in args.story)]
    if not stories:
        sys.exit("accuracy.py: no story to score")
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
    results = []
    for story in stories:
        print(f"checking {story} ...", file=sys.stderr)
        results.append(score_story(args.corpora / story, split[story], scorer, args.checker_args, args.keep))
    if args.json:
        print(json.dumps([{
            "story": r.story, "split": r.split, **r.total.figures(),
            "kinds": {k: c.figures() for k, c in r.kinds.items()},
            "languages": {k: c.figures() for k, c in r.languages.items()},
            "facts": r.facts,
        } for r in results], indent=2))
    else:
        print_table(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
