"""Attribution linking on written cases: one claim from two sources links, two claims of one source do not."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pytest
import yaml

from consistency.embed import get_embedder, unit_rows
from consistency.match import match
from consistency.match.candidates import Pairs
from consistency.match.link import features, load_model
from one_sentence import corpus_of

CASES = yaml.safe_load((Path(__file__).parent / "fixtures" / "link" / "attribution_cases.yaml")
                       .read_text(encoding="utf-8"))["cases"]


@pytest.fixture(scope="module")
def embedder():
    return get_embedder("use")


def probability(matching, corpus, ends) -> float:
    """The model's attribution link probability between two named attributions (candidate or not)."""
    frames = matching.frames["attribution"]
    at = []
    for article, text in ends:
        found = [i for i, f in enumerate(frames) if f.article == f"a{article}" and text in f.mention.text]
        assert found, f"no attribution {text!r} in article {article}: {[f.mention.text for f in frames]}"
        at.append(found[0])
    a, b = min(at), max(at)
    vectors = unit_rows(get_embedder("use").embed([s.text for s in corpus.statements]))
    row = {s.key: n for n, s in enumerate(corpus.statements)}
    sim = np.array([float(vectors[row[frames[a].key]] @ vectors[row[frames[b].key]])], dtype=np.float32)
    pairs = Pairs(np.array([a]), np.array([b]), sim)
    return float(load_model().probability("attribution", features(frames, pairs, matching.windows["attribution"]))[0])


@pytest.mark.parametrize("name", list(CASES))
def test_attribution_case(name, embedder, request):
    """The two reports of one claim link, surer than two claims of one story, which stay unlinked."""
    case = CASES[name]
    if case.get("known_limit"):
        request.applymarker(pytest.mark.xfail(reason=case["known_limit"], strict=True))
    corpus = corpus_of([(a["lang"], a["text"]) for a in case["articles"]], date(2024, 10, 1))
    vectors = unit_rows(embedder.embed([s.text for s in corpus.statements]))
    matching = match(corpus, vectors, embed=lambda texts: unit_rows(embedder.embed(texts)))
    same = probability(matching, corpus, case["same"])
    other = probability(matching, corpus, case["other"])
    cut = load_model().link
    assert same >= cut and other < cut and same > other, (same, other, cut)
