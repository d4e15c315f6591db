"""Text preparation for quantity extraction: a matching form and its tokens.

The matching form keeps every character in place except the ones it deletes
(Arabic diacritics, tatweel, zero-width marks), so a span found in it maps
back to the original statement with one bisect. Substitutions are one-to-one
(``str.translate``): alef forms, ta marbuta, alef maqsura, Arabic-Indic
digits and separators, dashes, odd spaces, ASCII upper case.
"""

from __future__ import annotations

import re
from bisect import bisect_right

# Deleted: harakat and tanween, superscript alef, Quranic marks, tatweel,
# zero-width and direction marks, soft hyphen. All attach to a neighbour.
_DELETE = re.compile("[\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u200b-\u200f\u061c\u00ad\u2066-\u2069]+")

_MAP = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا",
    "ى": "ي", "ة": "ه",
    "ک": "ك", "ی": "ي", "ۀ": "ه", "ە": "ه",  # Persian and Kurdish letter forms in Arabic copy
    "٫": ".", "٬": ",", "٪": "%", "،": "،",
    "–": "-", "—": "-", "‑": "-", "‐": "-", "−": "-",
    "\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2007": " ",
    "’": "'", "‘": "'",
}
_MAP.update({chr(0x0660 + i): str(i) for i in range(10)})  # Arabic-Indic
_MAP.update({chr(0x06F0 + i): str(i) for i in range(10)})  # Extended (Persian)
_MAP.update({chr(c): chr(c + 32) for c in range(ord("A"), ord("Z") + 1)})
# Capitals beyond ASCII (French, Turkish, Russian) lower-cased one for one;
# looked for first, since Arabic and English statements have none.
_UPPER = re.compile("[\u00c0-\u00de\u0100-\u017f\u0400-\u042f]")
_LOWER = {c: c.lower() for c in map(chr, [*range(0xC0, 0xDF), *range(0x100, 0x180), *range(0x400, 0x430)])
          if c.isupper() and len(c.lower()) == 1}
_LOWER["İ"] = "i"  # Turkish dotted capital: "i" + a combining dot in Python's lower()


_TABLE = str.maketrans({**_MAP, **_LOWER})
_LOWER_TABLE = str.maketrans(_LOWER)
# str.translate looks every character up in the table (about 5 us for an
# Arabic statement); one str.replace per mapped character that occurs is
# half of that, and the same result: every key is one character and no
# replacement holds a key.
_PAIRS = tuple(_MAP.items())
assert all(len(a) == 1 and not set(b) & (set(_MAP) - {a}) for a, b in _PAIRS)
_ASCII_KEYS = "".join(a for a in _MAP if a.isascii())
assert _ASCII_KEYS == "ABCDEFGHIJKLMNOPQRSTUVWXYZ"  # so ASCII text maps by lower()


def _map(text: str) -> str:
    """``text.translate(_TABLE)``, faster."""
    if text.isascii():
        return text.lower()
    for a, b in _PAIRS:
        if a in text:
            text = text.replace(a, b)
    if _UPPER.search(text):
        text = text.translate(_LOWER_TABLE)
    return text


# One token: a number with its separators, a run of letters, one symbol, or a
# line break (kept so that nothing reads across lines: "- 4\nمنظومة").
# An apostrophe is a token of its own: French elides ("d'euros") and
# Turkish puts case endings after one ("100'den", "Mart'ta"), and the data's
# forms are tokenized alike ("'den fazla").
# "5 000" and "40 000": French and Russian group thousands with a (narrow)
# space, mapped to a space above; only groups of exactly three digits join.
_TOKEN = re.compile(r"\d{1,3}(?: \d{3})+(?![\d]|[.,]\d)|\d+(?:[.,]\d+)*|[^\W\d_]+|\S|\n")
WORD = re.compile(r"[^\W\d_]+")
DIGIT = re.compile(r"\d")


def normalize_form(text: str) -> str:
    """The matching form of a data-file word: same rules as the text."""
    return _DELETE.sub("", text).translate(_TABLE).strip()


class Token:
    """One token: its matching form and its offsets into the matching form.

    A plain slotted class, not a dataclass: statements are tokenized by the
    million and a frozen dataclass's constructor is several times slower.
    """

    __slots__ = ("text", "start", "end")

    def __init__(self, text: str, start: int, end: int) -> None:
        self.text, self.start, self.end = text, start, end

    @property
    def is_digits(self) -> bool:
        return self.text[0].isdigit()

    def __repr__(self) -> str:
        return f"Token({self.text!r}, {self.start}, {self.end})"


class Prepared:
    """A statement's matching form, its tokens, and the way back to the original."""

    __slots__ = ("norm", "_cuts", "_tokens")

    def __init__(self, text: str) -> None:
        cuts: list[int] = []
        if _DELETE.search(text):
            # Matching-form positions at which deleted characters sat, one entry
            # per deleted character, so bisect counts how many precede a position.
            removed = 0
            for m in _DELETE.finditer(text):
                n = m.end() - m.start()
                cuts.extend([m.start() - removed] * n)
                removed += n
            text = _DELETE.sub("", text)
        self.norm = _map(text)
        self._cuts = cuts
        self._tokens: list[Token] | None = None

    @property
    def tokens(self) -> list[Token]:
        if self._tokens is None:
            self._tokens = [Token(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(self.norm)]
        return self._tokens

    def original(self, pos: int) -> int:
        """Original offset of a matching-form position (span start or end).

        Deleted marks attach to the letter before them, so an end that falls
        just before some takes them in ("شهراً" keeps its tanween).
        """
        return pos + bisect_right(self._cuts, pos) if self._cuts else pos


def tokenize_form(form: str) -> tuple[str, ...]:
    """A data-file phrase as the tuple of tokens the text will show."""
    return tuple(m.group() for m in _TOKEN.finditer(normalize_form(form)))


SEPARATED = re.compile(r"\d[.,]\d")
_SWAP = str.maketrans(",.", ".,")


def written_in(letters: frozenset[str], norm: str) -> bool:
    """The statement is in a language of these letters, not one naming "Erdoğan" in English:
    a fifth of its words, and at least two, have one."""
    words = WORD.findall(norm)
    hits = sum(not letters.isdisjoint(w) for w in words)
    return hits >= 2 and 5 * hits >= len(words)


def decimal_comma(norm: str) -> str:
    """Russian and Turkish write "869,283" for 869.283 and "64.190.651" for 64190651: swap the two
    marks inside numbers (one for one, so offsets hold) to read them the English way."""
    return re.sub(r"\d+(?:[.,]\d+)+", lambda m: m.group().translate(_SWAP), norm)
