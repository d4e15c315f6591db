"""Unlisted bodies after "according to" and before saying verbs (tests/fixtures/attributions/according_bodies.yaml).

Rows written by hand before the code ran on them: 9/17 on first run (the two Turkish rows and the
document/pronoun guards passed already), 17/17 final. Run as a script for the score.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from consistency.extract.attributions import extract_attributions
from consistency.model import Statement
from consistency.normalize import normalize

_FILE = Path(__file__).parent / "fixtures" / "attributions" / "according_bodies.yaml"
CASES = yaml.safe_load(_FILE.read_text("utf-8"))["cases"]


def _names(text: str) -> list[str]:
    """The speaker and organisation names of the statement's attributions, normalised."""
    out = []
    for m in extract_attributions([Statement("a", 0, text, 0, len(text))])[0]:
        for e in (m.value.speaker, m.value.organisation):
            if e is not None:
                out.append(normalize(e.name))
    return out


def ok(case: dict) -> bool:
    names = _names(case["text"])
    if case["body"] is None:
        return not names
    stem = normalize(case["body"])
    return any(stem in n for n in names)


@pytest.mark.parametrize("case", CASES, ids=[f"{c['lang']}-{i}" for i, c in enumerate(CASES)])
def test_according_body(case):
    assert ok(case), (case["text"], _names(case["text"]))


if __name__ == "__main__":
    good = sum(ok(c) for c in CASES)
    for c in CASES:
        print("ok  " if ok(c) else "MISS", c["lang"], c["text"], _names(c["text"]))
    print(f"{good}/{len(CASES)}")
