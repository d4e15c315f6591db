"""A corpus of one-sentence articles, for the linking tests: each text its own article and statement."""

from __future__ import annotations

from datetime import date

from consistency.extract import extract_article
from consistency.model import Article, Corpus, Statement


def corpus_of(texts, published: date) -> Corpus:
    """``texts``: (language, sentence) pairs; article n is ``a<n>``, published on ``published``."""
    arts, statements, mentions = [], [], {}
    for n, (lang, text) in enumerate(texts):
        art = Article(f"a{n}", f"a{n}.txt", None, text, published, "front-matter", lang, str(n), ((0, len(text)),))
        st = Statement(art.id, 0, text, 0, len(text))
        (ms,) = extract_article(art, [st])
        arts.append(art)
        statements.append(st)
        mentions[st.key] = ms
    return Corpus(tuple(arts), tuple(statements), mentions)


def case_probabilities(case: dict, embedder, kind: str) -> tuple[float, float]:
    """(same, other): the link model's probability for a written case's two named pairs of ``kind``.

    ``case``: ``articles`` (lang, text), ``same`` and ``other`` as [[article, words of the value], ...];
    each pair is scored directly, whether or not the candidate search would have met it."""
    import numpy as np

    from consistency.embed import unit_rows
    from consistency.match import match
    from consistency.match.candidates import Pairs
    from consistency.match.link import features, load_model

    corpus = corpus_of([(a["lang"], a["text"]) for a in case["articles"]], date(2024, 10, 1))
    vectors = unit_rows(embedder.embed([s.text for s in corpus.statements]))
    matching = match(corpus, vectors, embed=lambda texts: unit_rows(embedder.embed(texts)))
    frames = matching.frames[kind]
    row = {s.key: n for n, s in enumerate(corpus.statements)}

    def probability(ends) -> float:
        at = []
        for article, text in ends:
            found = [i for i, f in enumerate(frames) if f.article == f"a{article}" and text in f.mention.text]
            assert found, f"no {kind} {text!r} in article {article}: {[f.mention.text for f in frames]}"
            at.append(found[0])
        a, b = min(at), max(at)
        sim = np.array([float(vectors[row[frames[a].key]] @ vectors[row[frames[b].key]])], dtype=np.float32)
        pairs = Pairs(np.array([a]), np.array([b]), sim)
        return float(load_model().probability(kind, features(frames, pairs, matching.windows[kind], matching.nouns))[0])

    return probability(case["same"]), probability(case["other"])
