"""The last resort: words and character n-grams of folded text, no model at all.

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

N_FEATURES = 2**18  # per vocabulary (words, character n-grams)
DIMENSIONS = 1024  # cosine error of the projection ~ 1/sqrt(DIMENSIONS)
NGRAMS = (3, 5)
# Whole words carry most of the signal; n-grams catch clitics (وال، بال) and
# spelling variants that folding misses. Weights of the two similarities.
WORD_WEIGHT, CHAR_WEIGHT = 0.7, 0.3
SEED = 20171229  # fixed: changing it changes every vector (and the model id)
MODEL_ID = f"tfidf-w+c{NGRAMS[0]}{NGRAMS[1]}-h{N_FEATURES.bit_length() - 1}-p{DIMENSIONS}"
# Measured on the seed pairs (bench/eval_embed.py): same-language clusters at 0.4
# had pairwise precision 0.8, recall 0.8; it cannot match across languages.
DEFAULT_THRESHOLD = 0.4


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

    common = dict(n_features=N_FEATURES, alternate_sign=False, norm=None, lowercase=False, preprocessor=fold)
    words = HashingVectorizer(analyzer="word", token_pattern=r"(?u)\b\w+\b", **common)
    chars = HashingVectorizer(analyzer="char_wb", ngram_range=NGRAMS, **common)
    # fit() only reads the shape; the seed fixes the matrix for good.
    projection = SparseRandomProjection(n_components=DIMENSIONS, dense_output=True, random_state=SEED)
    projection.fit(sparse.csr_matrix((1, 2 * N_FEATURES), dtype=np.float32))
    return words, chars, projection


def _weighted(hasher, texts: list[str], weight: float):
    from sklearn.preprocessing import normalize

    counts = hasher.transform(texts).astype(np.float32)
    counts.data = 1.0 + np.log(counts.data)  # sublinear tf: a repeated term is not 10x the evidence
    return normalize(counts) * np.float32(np.sqrt(weight))


class TfidfEmbedder:
    model_id = MODEL_ID
    fork_safe = True  # pure numpy, no state
    default_threshold = DEFAULT_THRESHOLD

    def __init__(self, model: str | None = None):
        if model not in (None, MODEL_ID):
            from ..errors import UserError

            raise UserError(f"the 'tfidf' embedder takes no model; got {model!r}")

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not len(texts):
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        from scipy import sparse

        words, chars, projection = _pipeline()
        texts = list(texts)
        # Concatenated blocks: a dot product is the weighted sum of the two cosines.
        both = sparse.hstack(
            [_weighted(words, texts, WORD_WEIGHT), _weighted(chars, texts, CHAR_WEIGHT)], format="csr"
        )
        return unit_rows(projection.transform(both))
