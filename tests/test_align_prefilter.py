"""The literal prefilter: it narrows the statements a rule is tried on, never what it matches."""

from __future__ import annotations

import pytest

from consistency.normalize import normalize
from consistency.prefilter import LiteralIndex, block_requirements, required
from consistency.rules import compile_pattern

from test_rules_match import ROWS, RULES


@pytest.mark.parametrize("pattern,expected", [
    (r"\bfirst\b", {"first"}),
    (r"s\s*-?\s*400|missile", {"400", "missile"}),
    (r"order\s*book", {"order"}),
    (r"\d{4}", None),                       # no literal: no filter
    (r"(?:ال)?دفع|x", None),                # one branch too short to filter on
    (r"الأولى", {"الاولي"}),                 # folded like the text
    (r"(?s)^(?!.*x).*(?:تهدد|هددت)", {"تهدد", "هددت"}),
])
def test_required_literals(pattern, expected):
    """Each pattern needs one of these literals in any match (None: it needs none)."""
    got = required(compile_pattern(pattern))
    assert (set(got) if got is not None else None) == expected


def test_index_keeps_every_statement_a_rule_matches():
    """Over the whole table, every sentence a rule's full scan matches is among its candidates."""
    norms = [normalize(sentence) for _, _, sentence, _ in ROWS]
    index = LiteralIndex(norms)
    checked = 0
    for rule in RULES.values():
        candidates = set(index.candidates(block_requirements(ps) for ps in rule.patterns))
        for i, norm in enumerate(norms):
            if any(ps.matches(norm) for ps in rule.patterns):
                assert i in candidates, (rule.id, ROWS[i][2])
                checked += 1
    assert checked >= 25
    # and it does narrow: the first-delivery rule is not tried on the contracts sentences
    first = RULES["s400.first-delivery"]
    assert len(set(index.candidates(block_requirements(ps) for ps in first.patterns))) < len(norms)
