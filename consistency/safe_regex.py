"""Regular expressions from rule files, refused when they can backtrack for ever.

A rule's ``match`` or ``near`` pattern runs on every statement of a batch. A
pattern with a quantifier inside a quantified group, ``(a+)+$`` or
``(\\w+\\s?)*$``, backtracks exponentially on a sentence that almost matches:
one such rule hung the whole run. Python's engine has no time limit, so the
shape is refused when the rule file is loaded, with the file, the key and why.
"""

from __future__ import annotations

import re

try:  # Python 3.11+: the parser lives in re._parser; older names kept for 3.10
    from re import _constants as _c  # type: ignore[attr-defined]
    from re import _parser as _p  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _p  # type: ignore[no-redef]

_REPEATS = {_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", _c.MAX_REPEAT)}
MAX_PATTERN = 2_000  # characters: a rule's pattern is a phrase or two, not a program


def _unbounded(av) -> bool:
    return av[1] is _c.MAXREPEAT or av[1] > 100


def _nested(items, inside: bool) -> bool:
    """Whether a repeat that can grow is found inside another one that can."""
    for op, av in items:
        if op in _REPEATS:
            grows = _unbounded(av)
            if grows and inside:
                return True
            if _nested(av[2], inside or grows):
                return True
        elif op == _c.SUBPATTERN:
            if _nested(av[-1], inside):
                return True
        elif op == _c.BRANCH:
            if any(_nested(b, inside) for b in av[1]):
                return True
        elif op in (_c.ASSERT, _c.ASSERT_NOT):
            if _nested(av[1], inside):
                return True
    return False


def problem(pattern: str) -> str | None:
    """Why ``pattern`` may not run on article text, or None."""
    if len(pattern) > MAX_PATTERN:
        return f"longer than {MAX_PATTERN} characters"
    try:
        parsed = _p.parse(pattern)
    except re.error as exc:
        return f"not a valid regular expression ({exc})"
    if _nested(list(parsed), False):
        return ("a repeated group holds another repetition (like (a+)+): it can backtrack for ever; "
                "write the repetition once, e.g. (a+) or (?:\\w+\\s?) without the outer *")
    return None


def compile_checked(pattern: str, flags: int = 0) -> re.Pattern:
    """``re.compile(pattern, flags)``, raising ValueError with the reason for a pattern ``problem`` refuses."""
    why = problem(pattern)
    if why:
        raise ValueError(why)
    return re.compile(pattern, flags)
