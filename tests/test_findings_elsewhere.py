"""findings.agreed_elsewhere: a conflict is refused when the other article, in another frame linked to the
first, gives a value that agrees with it (tests/fixtures/findings/agreed_elsewhere.yaml)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pytest
import yaml

from consistency.extract import extract_article
from consistency.match import Fact, Matching, build_frames
from consistency.match.candidates import Pairs
from consistency.match.findings import discover
from consistency.match.link import load_model
from consistency.model import Article, Corpus, Statement

CASES = yaml.safe_load((Path(__file__).parent / "fixtures" / "findings" / "agreed_elsewhere.yaml")
                       .read_text(encoding="utf-8"))["cases"]


def _corpus(articles) -> Corpus:
    """Article n is ``a<n>``, its sentences its statements."""
    arts, statements, mentions = [], [], {}
    for n, a in enumerate(articles):
        text = " ".join(a["sentences"])
        art = Article(f"a{n}", f"a{n}.txt", None, text, date(2024, 10, 1), "front-matter", a["lang"], str(n),
                      ((0, len(text)),))
        sts, at = [], 0
        for i, sentence in enumerate(a["sentences"]):
            sts.append(Statement(art.id, i, sentence, at, at + len(sentence)))
            at += len(sentence) + 1
        for st, ms in zip(sts, extract_article(art, sts)):
            mentions[st.key] = ms
        arts.append(art)
        statements.extend(sts)
    return Corpus(tuple(arts), tuple(statements), mentions)


@pytest.mark.parametrize("name", list(CASES))
def test_agreed_elsewhere(name):
    case = CASES[name]
    corpus = _corpus(case["articles"])
    frames = build_frames(corpus)
    fs = frames[case["kind"]]

    def at(end) -> int:
        article, sentence, words = end
        found = [i for i, f in enumerate(fs) if f.key == (f"a{article}", sentence) and words in f.mention.text]
        assert found, (end, [(f.key, f.mention.text) for f in fs])
        return found[0]

    x, y = at(case["pair"][0]), at(case["pair"][1])
    links = [(at(a), at(b), p) for a, b, p in case["links"]] + [(x, y, 0.9)]
    a = np.array([min(i, j) for i, j, _ in links])
    b = np.array([max(i, j) for i, j, _ in links])
    pairs = Pairs(a, b, np.zeros(len(links), dtype=np.float32))
    probs = {k: np.empty(0) for k in frames}
    probs[case["kind"]] = np.array([p for _, _, p in links])
    all_pairs = {k: Pairs(np.empty(0, np.int64), np.empty(0, np.int64), np.empty(0, np.float32)) for k in frames}
    all_pairs[case["kind"]] = pairs
    fact = Fact(1, case["kind"], (fs[min(x, y)], fs[max(x, y)]), {(0, 1): 0.9})
    found = discover(Matching(frames, all_pairs, probs, (fact,), load_model()), corpus)
    conflict = any(f.verdict == "conflict" for f in found)
    assert conflict == (not case["refused"]), [f.reasons for f in found]
