"""``consistency rules test [DIR]``: run each rule's test cases, semgrep --test style.

A rule's cases live in ``tests/rules/<rule-id>/<case>/`` next to the rules
folder (``rules/`` -> ``tests/rules/``), or where the rule's ``tests:`` key
points (relative to the rule file). Each case is a folder of tiny articles
plus ``expected.yaml``::

    verdict: conflict              # agree | conflict | single-source | unresolved | update | none
    articles: [a.txt, b.txt]       # optional: the files that give claims
    conflicts: [[b.txt, a.txt]]    # optional: the pairs of files in conflict
    level: error                   # optional

The case runs through the whole pipeline (``api.check``) with that one rule
and no discovery; ``verdict: none`` means the rule must find no claim at all.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import yaml

from .errors import EXIT_FINDINGS, EXIT_OK, UserError
from .model import VERDICTS
from .rules import Rule, load_rules

_EXPECTED_KEYS = ("verdict", "articles", "conflicts", "level")


@dataclass(frozen=True)
class Case:
    rule: Rule
    folder: Path

    @property
    def name(self) -> str:
        return f"{self.rule.id}/{self.folder.name}"


def cases_dir(rule: Rule, rules_dir: Path) -> Path:
    if rule.tests and rule.file is not None:
        return (rule.file.parent / rule.tests).resolve()
    return Path(rules_dir).resolve().parent / "tests" / "rules" / rule.id


def find_cases(rules_dir: Path) -> tuple[list[Case], list[Rule]]:
    """(every case of every rule, the rules that have none)."""
    cases: list[Case] = []
    bare: list[Rule] = []
    for rule in load_rules(Path(rules_dir)):
        root = cases_dir(rule, rules_dir)
        found = sorted(d for d in root.iterdir() if (d / "expected.yaml").is_file()) if root.is_dir() else []
        cases.extend(Case(rule, d) for d in found)
        if not found:
            bare.append(rule)
    return cases, bare


def load_expected(folder: Path) -> dict:
    path = folder / "expected.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise UserError(f"{path}: cannot read: {exc}") from exc
    if not isinstance(data, dict) or "verdict" not in data:
        raise UserError(f"{path}: expected a mapping with at least 'verdict'")
    unknown = sorted(set(data) - set(_EXPECTED_KEYS))
    if unknown:
        raise UserError(f"{path}: unknown key {unknown[0]!r} (expected one of {', '.join(_EXPECTED_KEYS)})")
    if data["verdict"] not in (*VERDICTS, "none"):
        raise UserError(f"{path}: verdict must be one of {', '.join(VERDICTS)}, none; got {data['verdict']!r}")
    return data


def run_case(case: Case) -> tuple[bool, str]:
    """(passed, one line saying what was found and, on failure, what was expected)."""
    from .api import Options, check

    expected = load_expected(case.folder)
    files = sorted(p for p in case.folder.iterdir() if p.is_file() and p.name != "expected.yaml")
    if not files:
        raise UserError(f"{case.folder}: no article files in this test case")
    with tempfile.TemporaryDirectory(prefix="rule-") as tmp:
        # The rule alone, at the same relative path, so its id is unchanged.
        rel = Path(*case.rule.id.split(".")).with_suffix(case.rule.file.suffix if case.rule.file else ".yaml")
        target = Path(tmp) / "rules" / rel
        target.parent.mkdir(parents=True)
        shutil.copyfile(case.rule.file, target)
        report = check(files, Options(rules_dir=Path(tmp) / "rules", discover=False, use_cache=False, jobs=1))
    findings = [f for f in report.findings if f.rule == case.rule.id]
    paths = {a.id: Path(a.path).name for a in report.articles}
    if not findings:
        got, names, pairs, level = "none", [], [], None
    else:
        f = findings[0]
        got, level = f.verdict, f.level
        names = sorted({paths[c.article_id] for c in f.claims})
        pairs = sorted({tuple(sorted((paths[f.claims[i].article_id], paths[f.claims[j].article_id]))) for i, j in f.conflicts})
    problems = []
    if got != expected["verdict"]:
        problems.append(f"verdict {got}, expected {expected['verdict']}")
    if "articles" in expected and names != sorted(expected["articles"]):
        problems.append(f"claims from {names}, expected {sorted(expected['articles'])}")
    if "conflicts" in expected:
        want = sorted({tuple(sorted(p)) for p in expected["conflicts"]})
        if pairs != want:
            problems.append(f"conflicts {[list(p) for p in pairs]}, expected {[list(p) for p in want]}")
    if "level" in expected and level != expected["level"]:
        problems.append(f"level {level}, expected {expected['level']}")
    detail = f"{got}" + (f" from {', '.join(names)}" if names else "")
    if findings and findings[0].conflicts:
        detail += f"; conflicts {', '.join(' vs '.join(p) for p in pairs)}"
    return (not problems, detail if not problems else "; ".join(problems) + f" (got {detail})")


def run(directory: Path | None = None, *, echo: Callable[[str], None] = print) -> int:
    """Run every case of every rule under ``directory`` (default ./rules); the exit code."""
    rules_dir = Path(directory) if directory is not None else Path("rules")
    cases, bare = find_cases(rules_dir)
    failed = 0
    for case in cases:
        ok, detail = run_case(case)
        failed += not ok
        echo(f"{'PASS' if ok else 'FAIL'} {case.name}: {detail}")
    for rule in bare:
        echo(f"NO CASES {rule.id} (add {cases_dir(rule, rules_dir)}/<case>/expected.yaml)")
    echo(f"{len(cases) - failed} passed, {failed} failed, {len(bare)} rules without cases")
    if not cases:
        return EXIT_FINDINGS
    return EXIT_FINDINGS if failed else EXIT_OK
