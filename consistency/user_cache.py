"""The per-user folder for derived forms of shipped files (unpacked models, compiled regexes).

Not the report's --cache-dir (statements, vectors, results of one corpus):
what lives here depends only on the installed packages and the Python
running, is rebuilt from them when missing, and is shared by every corpus.
"""

from __future__ import annotations

import os
from pathlib import Path

ENV = "CONSISTENCY_MODEL_CACHE"  # a folder, or "off" to always read and compile from the shipped files


def user_cache_home() -> Path:
    """$XDG_CACHE_HOME/consistency, else ~/.cache/consistency: where both caches live by default."""
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg).expanduser() if xdg else Path.home() / ".cache") / "consistency"


def model_cache_dir() -> Path | None:
    """$CONSISTENCY_MODEL_CACHE, else <user cache>/consistency/models; None when switched off."""
    chosen = os.environ.get(ENV)
    if chosen is not None:
        return None if chosen.strip().lower() in ("", "off", "0", "no") else Path(chosen).expanduser()
    return user_cache_home() / "models"
