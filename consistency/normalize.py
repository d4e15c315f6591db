"""Text folded for matching, with a map back to the original offsets.

Matching (rule patterns, name variants, clustering) must not care whether a
writer typed أ or ا, ة or ه, ٢٠١٩ or 2019, a lam-alef ligature or two
letters, a diacritic or none. ``normalize`` folds all of that; and because
every offset reported to the user points into the ORIGINAL text,
``normalize_with_map`` also says, for each folded character, which original
character it came from.

Both functions run on every statement: the folding is one precomputed
``str.translate`` table plus one regex, and the mapped variant walks the text
once using the same table, so the two always agree.
"""

from __future__ import annotations

import re
import sys
import unicodedata

__all__ = ["normalize", "normalize_with_map", "fold", "fold_char", "to_original_span"]


def _build_table() -> dict[int, str]:
    table: dict[int, str] = {}
    # Harakat, Quranic annotation marks, superscript alef: they vary by
    # writer and carry nothing a fact-checker compares.
    deleted = [*range(0x0610, 0x061B), *range(0x064B, 0x0660), 0x0670, *range(0x06D6, 0x06DD),
               *range(0x06DF, 0x06E5), 0x06E7, 0x06E8, *range(0x06EA, 0x06EE),
               0x0640,  # tatweel (kashida), stretches a word for layout only
               # zero-width and bidi controls: invisible, but they break words apart
               0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x061C, 0x2060, 0xFEFF,
               *range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x00AD]
    for cp in deleted:
        table[cp] = ""
    letters = {
        "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",
        "ة": "ه", "ى": "ي",
        # Persian/Urdu code points that Arabic web text often uses by accident
        "ی": "ي", "ک": "ك", "ھ": "ه", "ۀ": "ه",
        "٫": ".", "٬": ",",  # Arabic decimal and thousands separators
    }
    for src, dst in letters.items():
        table[ord(src)] = dst
    for i in range(10):
        table[0x0660 + i] = str(i)  # ٠-٩
        table[0x06F0 + i] = str(i)  # ۰-۹
    for cp in range(0x3001):
        if chr(cp).isspace():
            table[cp] = " "
    # Presentation forms (ﻻ ﻷ ﺍ ...) come from old encoders and PDF copies:
    # decompose them, then fold the result like ordinary letters.
    for cp in [*range(0xFB50, 0xFE00), *range(0xFE70, 0xFEFF)]:
        ch = chr(cp)
        if not unicodedata.name(ch, ""):
            continue
        decomposed = unicodedata.normalize("NFKC", ch)
        if decomposed != ch:
            table[cp] = "".join(table.get(ord(c), c) for c in decomposed)
    return table


_TABLE = _build_table()
_SPACES = re.compile(" {2,}")
_FOLD_CACHE: dict[str, str] = {}


def fold_char(ch: str) -> str:
    """The folded form of one character (possibly empty, possibly several characters)."""
    out = _FOLD_CACHE.get(ch)
    if out is None:
        # casefold, unlike lower, is context-free: folding char by char
        # gives the same result as folding the whole string.
        out = sys.intern(ch.casefold().translate(_TABLE))
        _FOLD_CACHE[ch] = out
    return out


def normalize(text: str) -> str:
    """Fold ``text`` for matching: Arabic letter variants, digits, case, whitespace."""
    return _SPACES.sub(" ", text.casefold().translate(_TABLE)).strip(" ")


def fold(text: str) -> str:
    """``normalize`` without collapsing or stripping spaces: the same length as ``text``
    whenever no character folds to several or to none (the usual case), so that
    offsets carry over unchanged."""
    return text.casefold().translate(_TABLE)


def normalize_with_map(text: str) -> tuple[str, list[int]]:
    """``(normalize(text), offsets)``: ``offsets[i]`` is the index in ``text`` of the
    character that produced normalized character ``i``."""
    out: list[str] = []
    offsets: list[int] = []
    space_pending = -1  # offset of the first whitespace of a run not yet written
    for i, ch in enumerate(text):
        folded = fold_char(ch)
        for c in folded:
            if c == " ":
                if space_pending < 0:
                    space_pending = i
                continue
            if space_pending >= 0:
                if out:  # leading whitespace is stripped
                    out.append(" ")
                    offsets.append(space_pending)
                space_pending = -1
            out.append(c)
            offsets.append(i)
    return "".join(out), offsets


def to_original_span(offsets: list[int], start: int, end: int, text: str) -> tuple[int, int]:
    """Map a span ``[start, end)`` of ``normalize(text)`` back to ``text``.

    The end maps just past the last original character that produced the
    span, plus any marks that fold to nothing right after it (a shadda, a
    tatweel), so a word is quoted whole, ligatures included.
    """
    if start >= end:
        pos = offsets[start] if start < len(offsets) else len(text)
        return pos, pos
    stop = offsets[end - 1] + 1
    while stop < len(text) and not fold_char(text[stop]):
        stop += 1
    return offsets[start], stop
