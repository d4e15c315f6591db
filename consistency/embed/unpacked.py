"""Compressed model files kept unpacked in a per-user folder, so a start reads them instead of inflating them.

Two models ship compressed, and every process paid to unpack them again:
USE's ``weights.npz`` is deflated (30 MB on disk, 79 MB of arrays: 0.32
CPU-s to inflate) and py3langid's model is an LZMA-compressed npz (0.4 CPU-s
of LZMA alone, 0.76 s with its conversions) - a third of a cold check of the
five seeds. The first process that needs one writes the same arrays,
uncompressed, under ``model_cache_dir()``; later processes read them in
under 0.1 s. The arrays are the shipped ones bit for bit (tests compare
them), so vectors and language labels do not change.

The file is keyed by the source's name, size and modification time: a new
version of a package is unpacked again. Where the folder cannot be written
(a read-only home) the shipped file is read as before, each time.
"""

from __future__ import annotations

import lzma
from pathlib import Path
from typing import Callable, IO

import numpy as np

from ..store import write_whole
from ..user_cache import model_cache_dir


def unpacked(source: Path, write: Callable[[Path, IO[bytes]], None], kind: str = "npz") -> Path | None:
    """The unpacked copy of ``source`` (``write`` fills it once), or None where it cannot be kept.

    ``kind`` ends the file's name: two forms of one source ("table.npy", "rest.npz") are two files.
    """
    folder = model_cache_dir()
    if folder is None:
        return None
    try:
        st = source.stat()
        target = folder / f"{source.parent.parent.name}-{source.name}-{st.st_size}-{st.st_mtime_ns}.{kind}"
        if target.is_file():
            return target
        # written aside and renamed: two processes starting at once never read half a file
        write_whole(target, lambda out: write(source, out))
        return target
    except OSError:
        return None


def unxz(source: Path, out: IO[bytes]) -> None:
    """An LZMA-compressed file (py3langid's model.npz.xz) decompressed."""
    with lzma.open(source) as src:
        while chunk := src.read(1 << 20):
            out.write(chunk)
