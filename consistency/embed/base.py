"""The Embedder protocol every backend follows, and the text form they all embed.

A backend is any object with a ``model_id`` (what the cache keys on), a
``default_threshold`` (the cosine similarity at or above which two statements
count as neighbours: scales differ widely between models) and
``embed(texts) -> (n, d) float32`` unit rows. Vectors of one embedder are
comparable across calls, so rule example sentences embedded later can be
dotted with statement vectors embedded earlier (or read from the cache).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from typing import Protocol, Sequence, runtime_checkable

import numpy as np

_SPACE = re.compile(r"\s+")


@runtime_checkable
class Embedder(Protocol):
    model_id: str
    default_threshold: float

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """(len(texts), d) float32, each row of unit length (or all zero for an empty text)."""
        ...


def prepare(text: str) -> str:
    """The form of a text that is embedded and hashed: NFC, whitespace collapsed.

    Only changes that cannot alter meaning: two copies of one sentence that
    differ in line breaks or composed/decomposed letters share one vector.
    """
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def text_key(text: str) -> bytes:
    """The cache key of an already prepared text."""
    return hashlib.sha256(text.encode("utf-8")).digest()


def unit_rows(x: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length as float32; zero rows stay zero (similar to nothing)."""
    x = np.array(x, dtype=np.float32)  # a copy: never scale the caller's array
    if x.ndim != 2:
        raise ValueError(f"expected a 2-d array of vectors, got shape {x.shape}")
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    np.divide(x, norms, out=x, where=norms > 0)
    return x
