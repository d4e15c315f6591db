"""Fixed cells for the candidate search: a two-level codebook fitted once, shipped as data, the same at every size.

An exact k-nearest search is quadratic, and so was the first codebook's:
64 cells with 24 probed per row met 0.4 of all rows, so a search at 6,400
generated articles (80,000-100,000 rows per kind) ran for most of an hour.
Here the cells are fine: ``coarse`` k-means centroids, each split into
``fine`` sub-centroids fitted on the reference rows living in it. A row
ranks the coarse centroids, looks at the fine cells of its
``coarse_probes`` nearest coarse ones, lives in the nearest of those
(its home) and probes its ``probes`` nearest of them; it meets the rows
living in its probed cells. With about a thousand fine cells a row meets a
few hundredths of the corpus instead of four tenths.

The centroids are fitted once on statement vectors of reference text
(``bench/codebook.py``: the dev stories, the seeds and a generated corpus
of another seed), stored in ``consistency/data/search_cells.npz`` and
never refitted, so a row's cells depend on the row alone: not on the
corpus, its size or the order of its rows. That is also what keeps the
archive's lists extendable (incremental.py): a row's list over a grown
corpus is its old list merged with the new rows in its probed cells.

The codebook belongs to one embedder's space (its dimension); vectors of
another width are searched exhaustively. Recall against the exhaustive
search is measured by ``bench/search.py`` ("shipped cells").
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

import numpy as np

FILE = "search_cells.npz"
_ROWS = 4096  # rows scored against the centroids at once


@dataclass(frozen=True)
class Codebook:
    coarse: np.ndarray  # (C1, d) unit centroids, float64
    fine: np.ndarray  # (C, d) unit centroids, float64, grouped by coarse cell
    start: np.ndarray  # (C1 + 1,): the fine cells of coarse cell c are fine[start[c]:start[c + 1]]
    coarse_probes: int  # coarse cells whose fine cells a row ranks to find its home
    table: np.ndarray  # (C, probes): the fine cells a row living in cell c probes, c first, then by centroid cosine

    @property
    def probes(self) -> int:
        return self.table.shape[1]

    @property
    def cells(self) -> int:
        return len(self.fine)


@lru_cache(maxsize=1)
def codebook() -> Codebook | None:
    """The shipped codebook, or None when the data file is absent."""
    try:
        with (files("consistency.data") / FILE).open("rb") as f, np.load(f, allow_pickle=False) as z:
            book = Codebook(z["coarse"].astype(np.float64), z["fine"].astype(np.float64), z["start"].astype(np.int64),
                            int(z["coarse_probes"]), z["table"].astype(np.int64))
    except FileNotFoundError:
        return None
    except KeyError as exc:
        raise ValueError(f"consistency/data/{FILE}: malformed codebook (no {exc})") from exc
    check(book)
    return book


def check(book: Codebook) -> None:
    c1 = len(book.coarse)
    ok = (book.coarse.ndim == 2 and book.fine.ndim == 2 and book.coarse.shape[1] == book.fine.shape[1]
          and book.start.shape == (c1 + 1,) and book.start[0] == 0 and book.start[-1] == len(book.fine)
          and bool(np.all(np.diff(book.start) >= 1)) and 1 <= book.coarse_probes <= c1)
    ok = ok and book.table.ndim == 2 and book.table.shape[0] == len(book.fine) and 1 <= book.probes <= len(book.fine)
    ok = ok and bool(np.all(book.table[:, 0] == np.arange(len(book.fine)))) and book.table.min() >= 0
    if not ok or book.table.max() >= len(book.fine):
        raise ValueError(f"consistency/data/{FILE}: malformed codebook")


def table(fine: np.ndarray, probes: int) -> np.ndarray:
    """Each fine cell's ``probes`` nearest fine cells by centroid cosine, itself first, ties by index."""
    near = np.argsort(-(fine @ fine.T), axis=1, kind="stable")
    own = np.arange(len(fine))
    rest = near[near != own[:, None]].reshape(len(fine), len(fine) - 1)
    return np.concatenate([own[:, None], rest[:, :probes - 1]], axis=1)


def probes(pool: np.ndarray, book: Codebook | None = None) -> tuple[np.ndarray, np.ndarray] | None:
    """(home cell per row, (n, probes) probed fine cells per row), or None: search everything."""
    found = homes(pool, book)
    if found is None:
        return None
    home, book = found
    return home, book.table[home]


def homes(pool: np.ndarray, book: Codebook | None = None) -> tuple[np.ndarray, Codebook] | None:
    """(the fine cell each row lives in, the codebook), or None when no codebook fits the vectors."""
    book = book or codebook()
    if book is None or pool.shape[1] != book.coarse.shape[1] or len(pool) == 0:
        return None
    home = np.empty(len(pool), dtype=np.int64)
    for lo in range(0, len(pool), _ROWS):
        home[lo:lo + _ROWS] = _home_block(pool[lo:lo + _ROWS].astype(np.float64), book)
    return home, book


def _home_block(x: np.ndarray, book: Codebook) -> np.ndarray:
    """The nearest fine cell among those of each row's ``coarse_probes`` nearest coarse cells."""
    n, p1 = len(x), book.coarse_probes
    width = int(np.diff(book.start).max())
    # float64 (float32 products are exact in it): a near tie of two cells is read alike in any batch;
    # ties between centroids broken by index, so a row's cell is a function of its bits
    top = np.argsort(-(x @ book.coarse.T), axis=1, kind="stable")[:, :p1]
    cand = np.full((n, p1 * width), len(book.fine), dtype=np.int64)  # padding: no cell
    score = np.full((n, p1 * width), -np.inf)
    rows = np.repeat(np.arange(n), p1)
    slot = np.tile(np.arange(p1), n)
    owner = top.ravel()
    order = np.argsort(owner, kind="stable")
    bounds = np.searchsorted(owner[order], np.arange(len(book.coarse) + 1))
    for c in np.flatnonzero(np.diff(bounds)).tolist():  # the rows ranking coarse cell c score its fine cells
        at = order[bounds[c]:bounds[c + 1]]
        lo, hi = book.start[c], book.start[c + 1]
        r, cols = rows[at, None], slot[at, None] * width + np.arange(hi - lo)
        cand[r, cols] = np.arange(lo, hi)
        score[r, cols] = x[rows[at]] @ book.fine[lo:hi].T
    # the best score, ties by cell index
    best = score.max(axis=1)
    return np.where(score == best[:, None], cand, len(book.fine)).min(axis=1)
