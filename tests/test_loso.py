"""bench/loso.py's in-process scorer counts what the shared score.py counts, on a written story.

The cut choice (loso.pipeline_cuts) scores hundreds of reports in process; its
figures are only worth anything if they are score.py's. The story below is
written for this test: two facts of one toll and its date, a distractor line,
and findings that hit each of score.py's rules (a true pair, a false pair on an
agree fact's lines, a pair within one article, a pair on an unannotated line,
an agree finding over two articles, an agree finding of the wrong kind).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
EVAL = Path(os.environ.get("CONSISTENCY_EVAL_DIR") or ROOT.parent / "shared" / "eval")
sys.path.insert(0, str(ROOT / "bench"))

ARTICLES = {
    "001_en_a.txt": "---\ntitle: a\npublished: 2024-05-03\nlanguage: en\n---\n"
                    "The bridge fell on Thursday.\nAt least 14 people were killed, officials said.\nThe mayor visited.\n",
    "002_en_b.txt": "---\ntitle: b\npublished: 2024-05-03\nlanguage: en\n---\n"
                    "Seventeen people died when the bridge fell on Thursday.\nA second bridge was closed.\n",
    "003_fr_c.txt": "---\ntitle: c\npublished: 2024-05-04\nlanguage: fr\n---\n"
                    "Le pont s'est effondré jeudi, faisant 14 morts.\n",
}


def sid(fact, n, article, line, value):
    return {"sid": f"{fact}#{n}", "article": article, "line": line, "sentence": "-", "value": value,
            "value_text": "-", "published": "2024-05-03", "language": "en"}


TRUTH = {
    "version": 1,
    "article_dir": "articles/",
    "facts": [
        {"id": "toll", "kind": "quantity", "description": "-", "verdict": "conflict", "conflict_origin": "real",
         "statements": [sid("toll", 1, "001_en_a.txt", 2, {}), sid("toll", 2, "002_en_b.txt", 1, {}),
                        sid("toll", 3, "003_fr_c.txt", 1, {})],
         "conflicting_pairs": [{"a": "toll#1", "b": "toll#2"}, {"a": "toll#2", "b": "toll#3"}]},
        {"id": "fall-date", "kind": "date", "description": "-", "verdict": "agree",
         "statements": [sid("fall-date", 1, "001_en_a.txt", 1, {}), sid("fall-date", 2, "002_en_b.txt", 1, {}),
                        sid("fall-date", 3, "003_fr_c.txt", 1, {})]},
    ],
    "distractors": [{"article": "002_en_b.txt", "line": 2, "sentence": "-", "why": "another bridge"}],
}


def at(name: str, line: int) -> dict:
    """A claim on a body line of an article (its first character)."""
    text = ARTICLES[name]
    body = text.split("---\n", 2)[2]
    head = len(text) - len(body)
    return {"path": f"articles/{name}", "start": head + sum(len(x) + 1 for x in body.split("\n")[:line - 1])}


FINDINGS = [
    # a true conflicting pair of the toll, and a pair within one article
    {"kind": "quantity", "verdict": "conflict", "conflicts": [[0, 1], [0, 2]],
     "claims": [at("001_en_a.txt", 2), at("002_en_b.txt", 1), at("001_en_a.txt", 1)]},
    # a date conflict between the lines of the agreeing date: a false pair, and the date is falsely flagged
    {"kind": "date", "verdict": "conflict", "conflicts": [[0, 1]],
     "claims": [at("002_en_b.txt", 1), at("003_fr_c.txt", 1)]},
    # a pair to the distractor (false) and one to an unannotated line (not counted)
    {"kind": "quantity", "verdict": "conflict", "conflicts": [[0, 1], [0, 2]],
     "claims": [at("003_fr_c.txt", 1), at("002_en_b.txt", 2), at("001_en_a.txt", 3)]},
    # an agreement on the date over two articles, and one of the wrong kind
    {"kind": "date", "verdict": "agree", "conflicts": [],
     "claims": [at("001_en_a.txt", 1), at("003_fr_c.txt", 1)]},
    {"kind": "attribution", "verdict": "agree", "conflicts": [],
     "claims": [at("001_en_a.txt", 2), at("003_fr_c.txt", 1)]},
]


# (findings, conflicts found, agreements found, true pairs, false pairs), counted by hand from FORMAT.md
CASES = {
    "all": (FINDINGS, 1, 0, 1, 2),  # the date's false pair flags the agreeing date
    "no-false": (FINDINGS[:1] + FINDINGS[3:], 1, 1, 1, 0),
    "agree-only": (FINDINGS[3:], 0, 1, 0, 0),
}


@pytest.mark.parametrize("name", list(CASES))
def test_quick_scorer_counts_as_score_py(tmp_path, name):
    findings, c_found, a_found, true, false = CASES[name]
    if not (EVAL / "score.py").is_file():
        pytest.skip(f"the shared scorer is not at {EVAL} (set CONSISTENCY_EVAL_DIR)")
    import loso
    from accuracy import score

    (tmp_path / "articles").mkdir()
    for name, text in ARTICLES.items():
        (tmp_path / "articles" / name).write_text(text, encoding="utf-8")
    (tmp_path / "truth.yaml").write_text(yaml.safe_dump(TRUTH), encoding="utf-8")
    report = tmp_path / "report.json"
    report.write_text(json.dumps({"findings": findings}), encoding="utf-8")
    expected, _ = score(EVAL / "score.py", tmp_path / "truth.yaml", report, tmp_path / "articles")
    story = SimpleNamespace(truth=TRUTH, corpus=SimpleNamespace(articles=[
        SimpleNamespace(path=f"articles/{n}", text=t) for n, t in ARTICLES.items()]))
    got = loso.QuickScorer(story)(findings)
    assert got == expected
    assert (got.conflicts_found, got.agrees_found, got.pairs_true, got.pairs_false) == (c_found, a_found, true, false)
