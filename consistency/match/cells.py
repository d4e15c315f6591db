"""Fixed cells for the candidate search: a codebook fitted once, shipped as data, the same at every corpus size.

An exact k-nearest search is quadratic: at 1,600 generated articles it was
half of the linking stage's CPU, and 16 times that at 6,400. Here each
vector lives in the cell of its nearest centroid, and meets only the rows
living in the cells (24 of 64) whose centroids are nearest to it. The cells
are k-means centroids fitted once on statement vectors of reference text
(``bench/codebook.py``: the dev stories, the seeds and a generated corpus),
stored in ``consistency/data/search_cells.npz`` and never refitted, so a
row's probed cells depend on the row alone: not on the corpus, its size or
the order of its rows. That is also what keeps the archive's lists
extendable (incremental.py): a row's list over a grown corpus is its old
list merged with the new rows in its probed cells.

The codebook belongs to one embedder's space (its ``model`` and dimension);
vectors of another width are searched exhaustively. Recall against the
exhaustive search is measured by ``bench/search.py`` ("shipped cells"):
0.997 of the 30 nearest on 26,619 bench statement vectors, at 0.57x the CPU;
bench/codebook.py fits the file and says how the probes were chosen.
"""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files

import numpy as np

FILE = "search_cells.npz"


@lru_cache(maxsize=1)
def codebook() -> tuple[np.ndarray, int] | None:
    """(unit centroids, probes per row), or None when the data file is absent."""
    try:
        with (files("consistency.data") / FILE).open("rb") as f, np.load(f, allow_pickle=False) as z:
            cent = z["centroids"].astype(np.float32)
            probes = int(z["probes"])
    except FileNotFoundError:
        return None
    if cent.ndim != 2 or not 1 <= probes <= len(cent):
        raise ValueError(f"consistency/data/{FILE}: malformed codebook")
    return cent, probes


def probes(pool: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """(home cell per row, (n, probes) probed cells per row, nearest first), or None: search everything."""
    book = codebook()
    if book is None or pool.shape[1] != book[0].shape[1] or len(pool) == 0:
        return None
    cent, p = book
    score = pool.astype(np.float64) @ cent.T.astype(np.float64)  # float64: a near tie of two cells is read alike in any batch
    # ties between centroids broken by index, so a row's cells are a function of its bits
    probe = np.argsort(-score, axis=1, kind="stable")[:, :p]
    return probe[:, 0].copy(), probe
