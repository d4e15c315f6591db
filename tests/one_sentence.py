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
