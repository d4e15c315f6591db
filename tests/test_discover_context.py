"""Discovery compares a value only between statements that agree on everything else they date or count."""

from __future__ import annotations

from pathlib import Path

import pytest

from consistency.discover import discover
from consistency.extract import extract_all
from consistency.ingest import ingest
from consistency.model import Cluster, Corpus
from consistency.segment import segment

SENTENCES = {
    "en": {
        "a": "Demand in the sector grew 12.7 percent in 2008, analysts at Fitch Solutions said.",
        "b": "Demand in the sector grew 19.6 percent in 2020, analysts at Fitch Solutions said.",
        "c": "Demand in the sector grew 19.6 percent in 2008, analysts at Fitch Solutions said.",
    },
    "ar": {
        "a": "وقالت وكالة فيتش إن الطلب في القطاع نما بنسبة 12.7 في المئة عام 2008.",
        "b": "وقالت وكالة فيتش إن الطلب في القطاع نما بنسبة 19.6 في المئة عام 2020.",
        "c": "وقالت وكالة فيتش إن الطلب في القطاع نما بنسبة 19.6 في المئة عام 2008.",
    },
}


def corpus_of(tmp_path: Path, texts: dict[str, str]) -> Corpus:
    for name, text in texts.items():
        (tmp_path / f"{name}.txt").write_text(f"---\npublished: 2021-03-01\n---\n{text}\n", encoding="utf-8")
    articles, _ = ingest([tmp_path], warn=None)
    statements = tuple(s for a in articles for s in segment(a))
    mentions = extract_all(articles, statements, jobs=1)
    return Corpus(tuple(articles), statements, mentions, (Cluster(1, tuple(sorted(s.key for s in statements))),))


def conflicts(findings, kind):
    return sorted(
        tuple(sorted((f.claims[i].article_id, f.claims[j].article_id)))
        for f in findings if f.kind == kind and f.verdict == "conflict" for i, j in f.conflicts
    )


@pytest.mark.parametrize("lang", sorted(SENTENCES))
def test_other_slot_differs_means_another_event(tmp_path, lang):
    """12.7% in 2008 vs 19.6% in 2020: two years, two figures, no conflict; 19.6% in 2008 against 12.7% in 2008 is one."""
    found = discover(corpus_of(tmp_path, SENTENCES[lang]))
    assert conflicts(found, "quantity") == [("a", "c")]
    # b and c share the figure and differ in the year: that is a date conflict, figures equal
    assert conflicts(found, "date") == [("b", "c")]
