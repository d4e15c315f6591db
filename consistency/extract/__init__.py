"""Extraction stage: every statement's dates, quantities and attributions."""

from __future__ import annotations

from typing import Callable, Sequence

from ..model import Article, Mentions, Statement, StatementKey


def extract_all(
    articles: Sequence[Article],
    statements: Sequence[Statement],
    *,
    jobs: int | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> dict[StatementKey, Mentions]:
    """Mentions for every statement, keyed by (article id, index)."""
    from .attributions import extract_attributions
    from .dates import extract_dates
    from .quantities import extract_quantities

    by_article: dict[str, list[Statement]] = {}
    for s in statements:
        by_article.setdefault(s.article_id, []).append(s)
    out: dict[StatementKey, Mentions] = {}
    done = 0
    for article in articles:
        sts = by_article.get(article.id, [])
        # Attributions need the article's previous sentences ("He added").
        attributions = extract_attributions(sts)
        for s, attr in zip(sts, attributions):
            out[s.key] = Mentions(
                dates=tuple(extract_dates(s.text, published=article.published, offset=s.start)),
                quantities=tuple(extract_quantities(s.text, offset=s.start)),
                attributions=tuple(attr),
            )
        done += len(sts)
        if progress:
            progress("extract", done, len(statements))
    return out
