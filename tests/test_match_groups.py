"""Grouping frames into facts: each frame's strongest link into each other article, then complete link."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import yaml

from consistency.match.facts import group_frames, one_to_one

CASES = yaml.safe_load((Path(__file__).parent / "fixtures" / "groups" / "cases.yaml").read_text(encoding="utf-8"))["cases"]


def _groups(labels: np.ndarray) -> list[list[int]]:
    return sorted(np.flatnonzero(labels == g).tolist() for g in np.unique(labels[labels >= 0]))


@pytest.mark.parametrize("name", list(CASES))
def test_case(name, request):
    """The facts of a written link graph are the ones its story calls for."""
    case = CASES[name]
    if case.get("known_limit"):
        request.applymarker(pytest.mark.xfail(reason=case["known_limit"], strict=True))
    letters = {x: n for n, x in enumerate(dict.fromkeys(case["articles"]))}
    articles = np.array([letters[x] for x in case["articles"]])
    links = np.array(case["links"], dtype=float).reshape(-1, 3)
    a, b, p = links[:, 0].astype(np.int64), links[:, 1].astype(np.int64), links[:, 2]
    got = group_frames(len(articles), a, b, p, case["cut"], articles)
    assert _groups(got) == sorted(sorted(g) for g in case["groups"])


def test_one_to_one_keeps_the_mutual_strongest_and_one_link_per_article():
    """The one-to-one choice does not depend on link order, keeps every mutual strongest link, and
    leaves each frame at most one link into another article unless they tie."""
    rng = np.random.default_rng(11)
    n, m = 60, 400
    a, b = rng.integers(0, n, m), rng.integers(0, n, m)
    a, b = np.minimum(a, b), np.maximum(a, b)
    _, first = np.unique(a * n + b, return_index=True)
    a, b = a[first], b[first]
    p = rng.choice([0.3, 0.4, 0.5, 0.7, 0.9], len(a))  # ties on purpose
    articles = rng.integers(0, 8, n)
    own = articles[a] != articles[b]
    a, b, p = a[own], b[own], p[own]
    kept = one_to_one(a, b, p, articles)
    order = rng.permutation(len(a))
    assert np.array_equal(one_to_one(a[order], b[order], p[order], articles), kept[order])
    mutual = np.ones(len(a), dtype=bool)  # each end's strongest link into the other's article
    for i in range(len(a)):
        for u, v in ((a[i], b[i]), (b[i], a[i])):
            rivals = p[((a == u) & (articles[b] == articles[v])) | ((b == u) & (articles[a] == articles[v]))]
            mutual[i] &= bool(p[i] >= rivals.max())
    assert not (mutual & ~kept).any()
    assert kept.sum() > mutual.sum()  # second choices were taken
    for u in range(n):
        for art in range(8):
            mine = kept & (((a == u) & (articles[b] == art)) | ((b == u) & (articles[a] == art)))
            assert len(set(p[mine].tolist())) <= 1


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_group_cache_gives_group_frames_labels_with_articles(tmp_path, seed):
    """GroupCache.group with articles gives group_frames's labels, cold and after frames are added."""
    from consistency.match.group_cache import GroupCache

    rng = np.random.default_rng(seed)
    n, m, cut = 300, 240, 0.5  # sparse: many components, most untouched by an added frame
    articles = rng.integers(0, 40, n + 2)
    a, b = rng.integers(0, n, m), rng.integers(0, n, m)
    a, b = np.minimum(a, b), np.maximum(a, b)
    ok = articles[a] != articles[b]
    a, b = a[ok], b[ok]
    _, first = np.unique(a * (n + 2) + b, return_index=True)
    a, b = a[first], b[first]
    p = rng.uniform(0.3, 1.0, len(a))
    cache = GroupCache(tmp_path, "v")
    assert np.array_equal(cache.group("date", n, a, b, p, cut, articles[:n]), group_frames(n, a, b, p, cut, articles[:n]))
    cache.save()
    for step in range(2):
        others = rng.choice(np.flatnonzero(articles[:n] != articles[n]), 4, replace=False)
        a, b = np.concatenate([a, others]), np.concatenate([b, np.full(4, n)])
        p = np.concatenate([p, rng.uniform(0.5, 1.0, 4)])
        n += 1
        again = GroupCache(tmp_path, "v")
        assert np.array_equal(again.group("date", n, a, b, p, cut, articles[:n]),
                              group_frames(n, a, b, p, cut, articles[:n])), step
        assert again.reused > 0
        again.save()


RESTATED = yaml.safe_load((Path(__file__).parent / "fixtures" / "groups" / "restated.yaml").read_text(encoding="utf-8"))["cases"]


@pytest.mark.parametrize("name", list(RESTATED))
def test_restated(name, request):
    """A conflict between two frames is refused when either statement also gives a value the other agrees with."""
    from datetime import date

    from consistency.compare import compare
    from consistency.match import build_frames
    from consistency.match.findings import refusal, siblings_of
    from one_sentence import corpus_of

    case = RESTATED[name]
    if case.get("known_limit"):
        request.applymarker(pytest.mark.xfail(reason=case["known_limit"], strict=True))
    corpus = corpus_of([(a["lang"], a["text"]) for a in case["articles"]], date(2024, 10, 1))
    frames = build_frames(corpus)
    ends = []
    for n, words in enumerate(case["pair"]):
        found = [f for f in frames[case["kind"]] if f.article == f"a{n}" and words in f.mention.text]
        assert found, (words, [f.mention.text for f in frames[case["kind"]]])
        ends.append(found[0])
    assert compare(ends[0].mention.value, ends[1].mention.value).outcome == "conflict"
    assert refusal(ends[0], ends[1], siblings_of(frames)) == case["refused"]
    assert refusal(ends[1], ends[0], siblings_of(frames)) == case["refused"]
