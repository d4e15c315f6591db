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

import io
import lzma
import zipfile
from pathlib import Path
from typing import Callable, IO

import numpy as np

from ..user_cache import keep, model_cache_dir


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
        keep(target, lambda out: write(source, out))
        return target
    except OSError:
        return None


def unxz(source: Path, out: IO[bytes]) -> None:
    """An LZMA-compressed file (py3langid's model.npz.xz) decompressed."""
    with lzma.open(source) as src:
        while chunk := src.read(1 << 20):
            out.write(chunk)


def mapped_npz(path: Path) -> dict[str, np.ndarray]:
    """The arrays of an uncompressed npz (``np.savez``'s), each a read-only memory map of its bytes in the file.

    ``np.load`` reads (and CRC-checks) a whole member at each access:
    py3langid's unpacked model is 68 MB, of which classifying a few dozen
    sentences touches a few hundred KB; reading it all was 0.17-0.28 CPU-s
    of every cold start. A stored member of a zip is its .npy bytes at an
    offset, so numpy maps it as it maps a .npy. Anything unexpected (a
    compressed member, an object array) raises ValueError: the caller reads
    the file as before.
    """
    out: dict[str, np.ndarray] = {}
    with open(path, "rb") as f, zipfile.ZipFile(f) as z:
        for info in z.infolist():
            if info.compress_type != zipfile.ZIP_STORED or not info.filename.endswith(".npy"):
                raise ValueError(f"{path}: {info.filename} is not a stored .npy")
            f.seek(info.header_offset)
            local = f.read(30)  # the local file header: its name and extra field lengths are at 26 and 28
            if local[:4] != b"PK\x03\x04":
                raise ValueError(f"{path}: no local header for {info.filename}")
            f.seek(info.header_offset + 30 + int.from_bytes(local[26:28], "little") + int.from_bytes(local[28:30], "little"))
            version = np.lib.format.read_magic(f)
            if version not in ((1, 0), (2, 0)):
                raise ValueError(f"{path}: {info.filename} is .npy version {version}")
            header = np.lib.format.read_array_header_1_0 if version == (1, 0) else np.lib.format.read_array_header_2_0
            shape, fortran, dtype = header(f)
            if dtype.hasobject:
                raise ValueError(f"{path}: {info.filename} holds objects")
            name = info.filename[: -len(".npy")]
            if not shape or 0 in shape:  # a scalar or empty array: nothing worth mapping (mmap refuses empty)
                out[name] = np.load(io.BytesIO(z.read(info.filename)), allow_pickle=False)
                continue
            out[name] = plain_view(np.memmap(path, dtype=dtype, mode="r", offset=f.tell(), shape=shape,
                                             order="F" if fortran else "C"))
    return out


def plain_view(mapped: np.memmap) -> np.ndarray:
    """A memory map as a plain ndarray over the same pages (its base keeps the map open).

    Every array computed from an ``np.memmap`` is an ``np.memmap`` too, and
    the subclass's ``__array_finalize__`` is Python code that runs for each
    one: in USE's forward pass, whose weights were maps, that was 0.06 of the
    1.1 CPU-s of a cold check of the five seeds. The values are the same, so
    the results are the same bits.
    """
    return mapped.view(np.ndarray)
