"""Which characters can a regex match start with? A look-ahead guard from that.

A date token kind's pattern is tried at every position of a statement; most
positions cannot start it (a month name does not start with a digit or a
space). ``guard(pattern)`` parses the pattern with the ``re`` module's own
parser and returns a look-ahead that bars every other character, so the
engine leaves a position at once instead of walking the pattern's branches.
"""

from __future__ import annotations

import re
from re import _constants as _sre
from re import _parser as _sre_parse

# Only ASCII and the Arabic block are analysed; any other character lets every
# kind through (case folding outside them is not worth reasoning about).
_DOMAIN = [chr(c) for c in (*range(0x80), *range(0x0600, 0x0700))]
_CATEGORIES = {
    _sre.CATEGORY_DIGIT: str.isdecimal,
    _sre.CATEGORY_SPACE: str.isspace,
    _sre.CATEGORY_WORD: lambda c: c.isalnum() or c == "_",
}


def _plain(c: str) -> bool:
    return c.isascii() or "\u0600" <= c <= "\u06ff"


def _cases(c: str, ignore: bool) -> set[str]:
    return {c, c.lower(), c.upper(), c.casefold()} if ignore else {c}


def _class_chars(items: list, ignore: bool) -> set[str] | None:
    lits, ranges, cats = set(), [], []
    for op, av in items:
        if op is _sre.LITERAL and (not ignore or _plain(chr(av))):
            lits.add(chr(av))
        elif op is _sre.RANGE and not ignore:
            ranges.append(av)
        elif op is _sre.CATEGORY and av in _CATEGORIES:
            cats.append(_CATEGORIES[av])
        else:
            return None  # a negation, or a case-blind range: anything

    def hit(c: str) -> bool:
        return c in lits or any(a <= ord(c) <= b for a, b in ranges) or any(f(c) for f in cats)
    return {c for c in _DOMAIN if any(hit(v) for v in _cases(c, ignore))}


def _first_chars(items: list, flags: int) -> tuple[set[str] | None, bool]:
    """(the domain characters a match of the parsed pattern ``items`` can start
    with, None for any; whether it can match the empty string).

    Conservative: an unknown construct means any character; look-arounds
    are skipped, which only lets more characters through.
    """
    out: set[str] = set()
    ignore = bool(flags & re.IGNORECASE)
    for op, av in items:
        if op is _sre.LITERAL:
            if ignore and not _plain(chr(av)):
                return None, False
            want = _cases(chr(av), ignore)
            return out | {c for c in _DOMAIN if _cases(c, ignore) & want}, False
        if op is _sre.IN:
            chars = _class_chars(av, ignore)
            return (None if chars is None else out | chars), False
        if op in (_sre.ASSERT, _sre.ASSERT_NOT, _sre.AT):
            continue  # zero width
        if op is _sre.SUBPATTERN:
            _, add, drop, sub = av
            chars, empty = _first_chars(sub, (flags | add) & ~drop)
        elif op is _sre.BRANCH:
            chars, empty = set(), False
            for alt in av[1]:
                a, e = _first_chars(alt, flags)
                if a is None:
                    return None, False
                chars, empty = chars | a, empty or e
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT):
            low, _, sub = av
            chars, empty = _first_chars(sub, flags)
            empty = empty or low == 0
        else:
            return None, False
        if chars is None:
            return None, False
        out |= chars
        if not empty:
            return out, False
    return out, True


def guard(pattern: str) -> str:
    """A look-ahead admitting only the characters ``pattern`` can start with ("" if any)."""
    chars, empty = _first_chars(list(_sre_parse.parse(pattern)), 0)
    if chars is None or empty:
        return ""
    barred = "".join(re.escape(c) for c in _DOMAIN if c not in chars)
    return f"(?=[^{barred}])" if barred else ""
