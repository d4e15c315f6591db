"""Rule files: loading, ids from paths, and strict validation with file:line errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from consistency.errors import UserError
from consistency.rules import load_rules

SHIPPED = Path(__file__).parent.parent / "rules"

GOOD = """\
extends: date
description: When the first batch arrived
level: error
message: "Sources disagree: {conflicts}"
match:
  en:
    all: ['first batch']
  ar:
    any: ['الدفعة الأولى']
select:
  near: ['arriv']
compare:
  tolerance: 3
"""


def write(tmp_path: Path, text: str, name: str = "story/fact.yaml") -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return tmp_path


def test_shipped_rules_load():
    """Every shipped rule loads, with its id from its path."""
    ids = [r.id for r in load_rules(SHIPPED)]
    assert "s400.first-delivery" in ids and "s400.agreement-signing" in ids
    assert len(ids) >= 6


def test_id_comes_from_the_path_and_readme_is_skipped(tmp_path):
    """rules/story/fact.yaml is story.fact; README.md beside it is not a rule."""
    write(tmp_path, GOOD)
    (tmp_path / "README.md").write_text("# rules\n", encoding="utf-8")
    (rule,) = load_rules(tmp_path)
    assert rule.id == "story.fact" and rule.extends == "date" and rule.compare.tolerance == 3


def test_patterns_are_folded_like_statements(tmp_path):
    """An Arabic pattern written with hamza and ta marbuta matches text written without them."""
    write(tmp_path, GOOD)
    (rule,) = load_rules(tmp_path)
    ar = next(p for p in rule.patterns if p.language == "ar")
    assert ar.matches("وصلت الدفعه الاولي الي انقره") is not None


# (yaml text, expected line, words the error must contain)
BAD = [
    (GOOD.replace("level: error", "level: error\nfoo: 1"), 4, ["unknown key 'foo'", "expected one of"]),
    (GOOD.replace("level: error", "level: fatal"), 3, ["level", "error, warning, suggestion", "'fatal'"]),
    (GOOD.replace("extends: date", "extends: money"), 1, ["extends", "'money'"]),
    (GOOD.replace("all: ['first batch']", "all: ['first (batch']"), 7, ["bad regular expression", "match.en.all"]),
    (GOOD.replace("all: ['first batch']", "al: ['first batch']"), 7, ["unknown key 'match.en.al'"]),
    (GOOD.replace("  tolerance: 3", "  tolerance: -1"), 13, ["compare.tolerance", "-1"]),
    (GOOD.replace("  tolerance: 3", "  unit: USD"), 13, ["compare.unit", "only for extends: quantity"]),
    (GOOD.replace("near: ['arriv']", "nearby: ['arriv']"), 11, ["unknown key 'select.nearby'"]),
    (GOOD.replace("{conflicts}", "{conflict}"), 4, ["unknown placeholder {conflict}"]),
    (GOOD.replace("  en:\n", "  english:\n"), 6, ["unknown key 'match.english'"]),
    (GOOD.replace("description: When the first batch arrived\n", ""), 1, ["missing key 'description'"]),
    ("extends: date\ndescription: x\nmatch: [1, 2\n", 4, ["not valid YAML"]),
]


@pytest.mark.parametrize("text,line,words", BAD, ids=[w[0] for _, _, w in BAD])
def test_bad_rule_names_file_line_and_key(tmp_path, text, line, words):
    """A malformed rule is a UserError naming the file, the line and what was wrong."""
    write(tmp_path, text)
    with pytest.raises(UserError) as info:
        load_rules(tmp_path)
    message = str(info.value)
    assert f"story/fact.yaml:{line}:" in message, message
    for w in words:
        assert w in message, message


def test_missing_directory_is_a_user_error(tmp_path):
    """A rules directory that does not exist is a UserError, not a traceback."""
    with pytest.raises(UserError, match="not found"):
        load_rules(tmp_path / "nope")


def test_must_and_must_not_are_the_pattern_filters(tmp_path):
    """'must' and 'must_not' fill the same lists as 'all' and 'exceptions'; giving both names of one list is an error."""
    from consistency.errors import UserError
    from consistency.rules import load_rules

    (tmp_path / "r.yaml").write_text("extends: date\ndescription: x\nmatch:\n  en:\n    must: ['deliver']\n    must_not: ['second']\n",
                                     encoding="utf-8")
    (block,) = load_rules(tmp_path)[0].patterns
    assert [p.pattern for p in block.all] == ["deliver"] and [p.pattern for p in block.exceptions] == ["second"]
    (tmp_path / "r.yaml").write_text("extends: date\ndescription: x\nmatch:\n  en:\n    all: ['a']\n    must: ['b']\n",
                                     encoding="utf-8")
    with pytest.raises(UserError, match=r"r\.yaml:6: match\.en: 'all' and 'must' are the same list"):
        load_rules(tmp_path)
