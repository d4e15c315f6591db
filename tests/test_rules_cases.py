"""Every rule's test cases (tests/rules/<rule-id>/<case>/), through the whole pipeline.

One parametrized test per case, sqlfluff-style; ``consistency rules test``
runs the same cases from the command line.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from consistency.rules_test import find_cases, run_case

RULES_DIR = Path(__file__).parent.parent / "rules"
CASES, BARE = find_cases(RULES_DIR)


def test_every_rule_has_cases():
    """Each shipped rule comes with at least two test cases."""
    assert BARE == []
    per_rule = {}
    for c in CASES:
        per_rule[c.rule.id] = per_rule.get(c.rule.id, 0) + 1
    assert min(per_rule.values()) >= 2


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_rule_case(case):
    """The rule gives the expected verdict, claims and conflicts on its article set."""
    ok, detail = run_case(case)
    assert ok, f"{case.name}: {detail}"


def test_runner_reports_a_failing_case_and_follows_the_tests_key(tmp_path):
    """A case whose expectation is wrong fails with exit 1; `tests:` points the rule at its cases."""
    from consistency.rules_test import run

    rules = tmp_path / "rules" / "s400"
    rules.mkdir(parents=True)
    text = (RULES_DIR / "s400" / "first-delivery.yaml").read_text(encoding="utf-8")
    (rules / "first-delivery.yaml").write_text(text + "tests: ../../cases\n", encoding="utf-8")
    case = tmp_path / "cases" / "wrong"
    case.mkdir(parents=True)
    source = Path(__file__).parent / "rules" / "s400.first-delivery" / "agree-seeds"
    for f in source.glob("*.txt"):
        (case / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    (case / "expected.yaml").write_text("verdict: conflict\n", encoding="utf-8")
    lines: list[str] = []
    assert run(tmp_path / "rules", echo=lines.append) == 1
    assert lines[0].startswith("FAIL s400.first-delivery/wrong: verdict agree, expected conflict")
