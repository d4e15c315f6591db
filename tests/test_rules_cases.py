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
