"""The last resort: character n-grams of folded text, no model at all.

Vectors must be comparable across calls (rule examples are embedded long
after the statements, and the cache mixes runs), so nothing is fitted to the
data: n-grams are hashed (HashingVectorizer), weighted by sublinear term
frequency and projected to a fixed number of dense dimensions by a seeded
sparse random projection. A corpus IDF would change every vector whenever a
new article arrives; it is left out on purpose and the neighbour threshold
absorbs the similarity that common n-grams add.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Sequence

import numpy as np

from .base import unit_rows

N_FEATURES = 2**20
DIMENSIONS = 512  # cosine error of the projection ~ 1/sqrt(DIMENSIONS)
NGRAMS = (2, 4)
SEED = 20171229  # fixed: changing it changes every vector (and the model id)
MODEL_ID = f"tfidf-char{NGRAMS[0]}{NGRAMS[1]}-h{N_FEATURES.bit_length() - 1}-p{DIMENSIONS}"
# Measured on the seed pairs (bench/eval_embed.py).
DEFAULT_THRESHOLD = 0.5


def _digits(text: str) -> str:
    # Arabic-Indic, Persian and other decimal digits -> ASCII, so ٢٠١٩ meets 2019.
    return "".join(str(unicodedata.digit(c)) if c.isdecimal() and not c.isascii() else c for c in text)


def fold(text: str) -> str:
    """Spelling variants that do not change meaning, folded to one form."""
    from pyarabic import araby

    text = unicodedata.normalize("NFKC", text).casefold()
    text = araby.strip_tatweel(araby.strip_diacritics(text))
    text = araby.normalize_alef(araby.normalize_teh(text))
    return _digits(text.replace("ى", "ي"))


@lru_cache(maxsize=1)
def _pipeline():
    from scipy import sparse
    from sklearn.feature_extraction.text import HashingVectorizer
    from sklearn.random_projection import SparseRandomProjection

    hasher = HashingVectorizer(
        analyzer="char_wb",
        ngram_range=NGRAMS,
        n_features=N_FEATURES,
        alternate_sign=False,
        norm=None,
        lowercase=False,
        preprocessor=fold,
    )
    # fit() only reads the shape; the seed fixes the matrix for good.
    projection = SparseRandomProjection(n_components=DIMENSIONS, dense_output=True, random_state=SEED)
    projection.fit(sparse.csr_matrix((1, N_FEATURES), dtype=np.float32))
    return hasher, projection


class TfidfEmbedder:
    model_id = MODEL_ID
    default_threshold = DEFAULT_THRESHOLD

    def __init__(self, model: str | None = None):
        if model not in (None, MODEL_ID):
            from ..errors import UserError

            raise UserError(f"the 'tfidf' embedder takes no model; got {model!r}")

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not len(texts):
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        hasher, projection = _pipeline()
        counts = hasher.transform(list(texts)).astype(np.float32)
        counts.data = 1.0 + np.log(counts.data)  # sublinear tf: a repeated n-gram is not 10x the evidence
        # The projection is linear, so normalizing after it is enough.
        return unit_rows(projection.transform(counts))
