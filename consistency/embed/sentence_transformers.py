"""Any sentence-transformers model, by local path or by a name already on disk.

This is the backend for users with their own models. It never downloads:
the Hugging Face libraries are switched to offline mode before they are
imported, and a model that is not on disk is a UserError, not a fetch.
"""

from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from pathlib import Path
from typing import Sequence

import numpy as np

from .. import DISTRIBUTION
from ..errors import UserError
from .base import unit_rows

INSTALL_HINT = f"pip install torch==2.13.0 first (CPU build), then pip install '{DISTRIBUTION}[st]'"
# Measured with all-MiniLM-L6-v2 on the English pairs of bench/eval_embed.py;
# pass --threshold for models whose similarity scale differs.
DEFAULT_THRESHOLD = 0.65
BATCH = 64


def _offline() -> None:
    # Must be set before transformers / huggingface_hub are first imported.
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"


def _model_id(model: str) -> str:
    """A cache key that changes when a local model's weights change."""
    path = Path(model).expanduser()
    if not path.is_dir():
        return f"st:{model}"
    h = hashlib.sha256()
    for name in ("config.json", "modules.json", "sentence_bert_config.json"):
        f = path / name
        if f.is_file():
            h.update(f.read_bytes())
    for f in sorted(path.glob("*.safetensors")) + sorted(path.glob("*.bin")):
        h.update(f"{f.name}:{f.stat().st_size}".encode())
    # Two path components: packaged models often live in a folder called "model".
    return f"st:{path.parent.name}/{path.name}@{h.hexdigest()[:12]}"


@lru_cache(maxsize=4)
def _load(model: str):
    _offline()
    try:
        from sentence_transformers import SentenceTransformer
    except ImportError as exc:
        raise UserError(
            f"the 'sentence-transformers' embedder needs the optional extra: {INSTALL_HINT}"
        ) from exc
    try:  # the weight-loading bar is noise on stderr, where our progress goes
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()
    except ImportError:
        pass
    path = Path(model).expanduser()
    if model.startswith((".", "/", "~")) and not path.exists():
        raise UserError(f"sentence-transformers model folder not found: {model}")
    try:
        return SentenceTransformer(str(path) if path.exists() else model, device="cpu")
    except (OSError, ValueError) as exc:
        # Offline mode turns "not downloaded" into OSError/ValueError: say what to do.
        raise UserError(
            f"sentence-transformers model {model!r} is not on disk (downloads are off): "
            f"pass --model with a local model folder ({type(exc).__name__}: {exc})"
        ) from exc


class SentenceTransformerEmbedder:
    def __init__(self, model: str | None):
        if not model:
            raise UserError(
                "the 'sentence-transformers' embedder needs --model NAME_OR_PATH "
                "(a model folder on disk, or a name already in the Hugging Face cache)"
            )
        if model.startswith((".", "/", "~")) and not Path(model).expanduser().is_dir():
            # Said before any slow work; a bare name is looked up in the HF cache at load.
            raise UserError(f"sentence-transformers model folder not found: {model}")
        self._model = model
        self.model_id = _model_id(model)
        self.default_threshold = DEFAULT_THRESHOLD

    def load(self) -> "SentenceTransformerEmbedder":
        """Load now, so a missing package or model fails before any slow work."""
        _load(self._model)
        return self

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        model = _load(self._model)
        if not len(texts):
            return np.zeros((0, model.get_sentence_embedding_dimension() or 0), dtype=np.float32)
        vectors = model.encode(
            list(texts), batch_size=BATCH, convert_to_numpy=True, show_progress_bar=False
        )
        return unit_rows(vectors)
