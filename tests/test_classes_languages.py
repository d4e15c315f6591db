"""Issue 21, classes 18-19: French, Turkish and Russian as data, and language detection.

One table per language (tests/fixtures/classes/18-<lang>.yaml) with dates,
quantities and attributions; detection in 19-detection.yaml.
"""

from __future__ import annotations

import pytest

from classes import check_attribution, check_dates, check_quantities, rows
from consistency.lang import detect_language

LANGS = ("18-fr.yaml", "18-tr.yaml", "18-ru.yaml", "18-en.yaml", "18-ar.yaml")
CHECK = {"date": check_dates, "quantity": check_quantities, "attribution": check_attribution}


@pytest.mark.parametrize("row", list(rows(*LANGS)))
def test_language_row(row):
    """Each row of a language's table is read as its kind says."""
    CHECK[row["kind"]](row)


@pytest.mark.parametrize("row", list(rows("19-detection.yaml")))
def test_detection_row(row):
    """Text outside Arabic script is told by py3langid, Arabic by its script and words."""
    assert detect_language(row["text"]) == row["lang"]


def test_language_without_extractor_warns_once():
    """An article in a language with no vocabulary warns, once per language, instead of finding nothing silently."""
    import warnings

    from consistency.extract import extract_article
    from consistency.model import Article, Statement

    text = "Il governo ha approvato la legge il 3 giugno."
    art = Article("it1", "it1.txt", None, text, None, None, "it", "0")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("default")
        for _ in range(3):
            extract_article(art, [Statement("it1", 0, text, 0, len(text))])
    said = [str(w.message) for w in caught if "no extractor" in str(w.message)]
    assert len(said) == 1 and "'it'" in said[0]
