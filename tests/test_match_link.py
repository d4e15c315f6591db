"""Same-fact linking on written cases: two-fact sentences, phases, modality, ordinals, across languages."""

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

CASES = yaml.safe_load((Path(__file__).parent / "fixtures" / "link" / "cases.yaml").read_text(encoding="utf-8"))["cases"]


@pytest.fixture(scope="module")
def embedder():
    return get_embedder("use")


def probability(matching, corpus, embedder, ends) -> float:
    """The model's link probability between two named values (scored directly, candidate or not)."""
    frames = matching.frames["date"]
    at = []
    for article, text in ends:
        found = [i for i, f in enumerate(frames) if f.article == f"a{article}" and text in f.mention.text]
        assert found, f"no date {text!r} in article {article}: {[f.mention.text for f in frames]}"
        at.append(found[0])
    a, b = min(at), max(at)
    texts = [s.text for s in corpus.statements]
    vectors = unit_rows(embedder.embed(texts))
    row = {s.key: n for n, s in enumerate(corpus.statements)}
    sim = np.array([float(vectors[row[frames[a].key]] @ vectors[row[frames[b].key]])], dtype=np.float32)
    pairs = Pairs(np.array([a]), np.array([b]), sim)
    return float(load_model().probability("date", features(frames, pairs, matching.windows["date"]))[0])


@pytest.mark.parametrize("name", list(CASES))
def test_case(name, embedder, request):
    """The pair that states one fact links, surer than the pair of two facts, which stays unlinked."""
    case = CASES[name]
    if case.get("known_limit"):
        request.applymarker(pytest.mark.xfail(reason=case["known_limit"], strict=True))
    corpus = corpus_of([(a["lang"], a["text"]) for a in case["articles"]], date(2024, 10, 1))
    vectors = unit_rows(embedder.embed([s.text for s in corpus.statements]))
    matching = match(corpus, vectors, embed=lambda texts: unit_rows(embedder.embed(texts)))
    same = probability(matching, corpus, embedder, case["same"])
    other = probability(matching, corpus, embedder, case["other"])
    cut = load_model().link
    assert same >= cut and other < cut and same > other, (same, other, cut)


def test_kind_conflict_cut_overrides_the_shared_one():
    """A kind's own conflict cut (link_model.json's kind_conflict) is the one its findings use; other kinds keep the shared cut."""
    import json
    from importlib.resources import files

    from consistency.datafiles import DataError
    from consistency.match.link import model_from

    data = json.loads((files("consistency.data") / "link_model.json").read_text(encoding="utf-8"))
    model = model_from({**data, "conflict": 0.4, "kind_conflict": {"date": 0.3}})
    assert (model.conflict_cut("date"), model.conflict_cut("quantity")) == (0.3, 0.4)
    with pytest.raises(DataError):
        model_from({**data, "kind_conflict": {"date": 1.5}})
