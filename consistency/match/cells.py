"""Fixed cells for the candidate search: a codebook fitted once, shipped as data, the same at every corpus size.

An exhaustive k-nearest search is quadratic, and so is one where each row
meets a fixed share of the cells (the former 24 of 64: 0.375 n^2 products,
two thirds of the linking CPU at 6,400 articles). Here each vector lives in
the cell of its nearest centroid (256 k-means centroids fitted once by
``bench/codebook.py`` on the dev stories, the seeds and a generated corpus,
stored in ``consistency/data/search_cells.npz`` and never refitted), and it
probes its cells nearest first:

- always its ``probes`` nearest cells (``PROBES``), whatever the corpus;
- then further cells, nearest first, until the cells probed hold at least
  ``min_met`` rows (itself included), so each row meets about ``min_met`` rows
  in a big corpus (near-linear) and a sparse region is not left with a
  handful of rows;
- a row whose ``width`` nearest cells hold fewer than ``min_met`` rows meets
  EVERY row: a pool of fewer than ``min_met`` rows (a lone story) is searched
  exhaustively, as the reverted fine-cell search was not (it lost
  cross-lingual candidates in small pools).

What is guaranteed whatever the corpus: a row always meets every row living
in its ``probes`` nearest cells (a function of the two rows' bits alone), and
a row of a pool under ``min_met`` rows meets every row. How far beyond that a
row probes depends on how full its cells are, so it can shrink as the corpus
grows; the archive (incremental.py) keeps each row's cell order and searches
again the rows whose probed cells changed, so its lists stay a cold search's.

The codebook belongs to one embedder's space (its dimension); vectors of
another width are searched exhaustively.
"""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files
from typing import NamedTuple

import numpy as np

FILE = "search_cells.npz"


class Book(NamedTuple):
    centroids: np.ndarray  # (cells, dim) unit rows
    probes: int  # cells every row probes
    min_met: int  # rows a row's probed cells must hold before it stops probing
    width: int  # cells a row may probe; beyond, it meets every row


@lru_cache(maxsize=1)
def codebook() -> Book | None:
    """The shipped codebook, or None when the data file is absent."""
    try:
        with (files("consistency.data") / FILE).open("rb") as f, np.load(f, allow_pickle=False) as z:
            cent = z["centroids"].astype(np.float32)
            book = Book(cent, int(z["probes"]), int(z["min_met"]), int(z["width"]))
    except FileNotFoundError:
        return None
    if cent.ndim != 2 or not 1 <= book.probes <= book.width <= len(cent) or book.min_met < 1 or len(cent) > 2**15:
        raise ValueError(f"consistency/data/{FILE}: malformed codebook")
    return book


def order(pool: np.ndarray) -> np.ndarray | None:
    """(n, width) int16: each row's ``width`` nearest cells, nearest first; None when no codebook fits.

    A function of the row's bits alone (the archive keeps it per row).
    """
    book = codebook()
    if book is None or pool.ndim != 2 or pool.shape[1] != book.centroids.shape[1]:
        return None
    cent = book.centroids.T.astype(np.float64)
    out = np.empty((len(pool), min(book.width, cent.shape[1])), dtype=np.int16)
    # In slices of rows (each row's answer is its own): the whole pool in float64 with its scores, their
    # negation and the partition's indices were ~10 KiB per row at once, the linking stage's peak.
    for lo in range(0, len(pool), _ORDER_ROWS):
        out[lo:lo + _ORDER_ROWS] = _order(pool[lo:lo + _ORDER_ROWS], cent, book.width)
    return out


_ORDER_ROWS = 4096


def _order(pool: np.ndarray, cent: np.ndarray, w: int) -> np.ndarray:
    score = pool.astype(np.float64) @ cent  # float64: near ties read alike in any batch
    if w < score.shape[1]:
        # the width best by partition, then sorted; ties between centroids broken by index
        top = np.argpartition(-score, w - 1, axis=1)[:, :w]
        top.sort(axis=1)
        pick = np.take_along_axis(score, top, axis=1)
        top = np.take_along_axis(top, np.argsort(-pick, axis=1, kind="stable"), axis=1)
    else:
        top = np.argsort(-score, axis=1, kind="stable")
    return top.astype(np.int16)


def limit(nearest: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(home cell per row, (n, width) probed cells per row, nearest first, -1 after the last).

    ``nearest``: ``order`` of every row of the pool. A row whose probe list is
    all -1 meets every row (its ``width`` nearest cells hold fewer than ``min_met`` rows).
    """
    book = codebook()
    home = nearest[:, 0].astype(np.int64)
    held = np.bincount(home, minlength=len(book.centroids))
    cum = np.cumsum(held[nearest.astype(np.int64)], axis=1)
    enough = cum >= book.min_met
    enough[:, : book.probes - 1] = False
    depth = np.where(enough.any(axis=1), enough.argmax(axis=1) + 1, 0)  # 0: meets every row
    probe = np.where(np.arange(nearest.shape[1]) < depth[:, None], nearest, -1).astype(np.int16)
    return home, probe


def probes(pool: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """``limit(order(pool))``, or None: search everything."""
    if len(pool) == 0:
        return None
    nearest = order(pool)
    return None if nearest is None else limit(nearest)
