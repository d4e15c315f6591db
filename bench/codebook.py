"""Fit the candidate search's fixed cells (consistency/match/cells.py) once, from text on disk.

    python bench/codebook.py ART_DIR [ART_DIR ...] [--cells 256] [--probes 6] [--min-met 768] [--width 32]
    python bench/codebook.py --pickles STAGE.pickle [...]   # vectors kept by $CONSISTENCY_BENCH_STAGES

Every statement of the articles under the folders (the dev stories, the
seeds, a generated corpus: never a test story) is embedded with the default
embedder (each distinct text once, through a vector cache under bench/out),
or read from the stage pickles bench/train_link.py keeps, and k-means
(scikit-learn, fixed seed) fits ``--cells`` centroids on the distinct vectors.
The centroids, the probing parameters and where they came from are written
to the data file the search reads. Refit only with a new embedder: the cells
must stay fixed for the archive's lists to stay valid.

Shipped: 256 cells fitted (one k-means start) on 23,470 distinct statement
vectors: the 20 dev stories (3,273) and a corpus generated with
``bench/generate.py 800 --seed 1``, read from their stage pickles; each row
probes at least its 6 nearest cells, and further ones until they hold 768
rows; a row whose 32 nearest cells hold fewer meets every row. The former
64 cells with 24 probed per row met 0.375 of every pool.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

SEED = 23


def statement_vectors(folders: list[Path], cache: Path) -> np.ndarray:
    from consistency.embed import embed_texts, get_embedder
    from consistency.embed.base import prepare
    from consistency.embed.cache import VectorCache
    from consistency.ingest import ingest
    from consistency.segment import segment

    articles, _ = ingest(folders)
    texts = list(dict.fromkeys(prepare(s.text) for a in articles for s in segment(a)))
    embedder = get_embedder("use", None)
    cache.mkdir(parents=True, exist_ok=True)
    with VectorCache(cache) as vc:
        return np.asarray(embed_texts(texts, embedder, vc), dtype=np.float32)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folders", nargs="*", type=Path)
    ap.add_argument("--pickles", nargs="*", type=Path, default=[], help="stage pickles (train_link._read_story)")
    ap.add_argument("--cells", type=int, default=256)
    ap.add_argument("--probes", type=int, default=6, help="cells every row probes, whatever the corpus")
    ap.add_argument("--min-met", type=int, default=768,
                    help="a row probes further cells, nearest first, until they hold this many rows")
    ap.add_argument("--width", type=int, default=32, help="cells a row may probe; fewer rows there: it meets all")
    ap.add_argument("--cache", type=Path, default=HERE / "out" / "codebook-cache")
    ap.add_argument("--out", type=Path, default=HERE.parent / "consistency" / "data" / "search_cells.npz")
    a = ap.parse_args()
    from sklearn.cluster import KMeans

    parts = [statement_vectors(a.folders, a.cache)] if a.folders else []
    for p in a.pickles:
        import pickle

        parts.append(np.asarray(pickle.loads(p.read_bytes())[3], dtype=np.float32))
    x = np.unique(np.concatenate(parts), axis=0)
    km = KMeans(n_clusters=a.cells, n_init=1, random_state=SEED).fit(x)
    cent = km.cluster_centers_ / np.linalg.norm(km.cluster_centers_, axis=1, keepdims=True)
    note = {"model": "use-multilingual-v3", "rows": len(x), "seed": SEED,
            "sources": [str(f.resolve().relative_to(HERE.parent)) if f.resolve().is_relative_to(HERE.parent) else f.name
                        for f in [*a.folders, *a.pickles]]}
    np.savez(a.out, centroids=cent.astype(np.float32), probes=np.int64(a.probes), min_met=np.int64(a.min_met),
             width=np.int64(a.width), note=np.array(json.dumps(note)))
    print(f"{a.cells} cells ({a.probes} to {a.width} probed per row, until {a.min_met} rows) fitted on {len(x)} "
          f"statements -> {a.out}")


if __name__ == "__main__":
    main()
