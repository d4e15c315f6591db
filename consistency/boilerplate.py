"""Which lines of a scraped page are prose: the rest is web debris.

The knowledge (share prompts, read-time lines, comment forms, credits,
datelines, related-links tails, per language) is data in
consistency/data/boilerplate.yaml; this module only applies it. The result is
a list of spans of the original text, so offsets never move.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from . import regex_cache
from .datafiles import load
from .normalize import fold_char, normalize, normalize_with_map
from .segment import line_spans

_SECTIONS = ("drop", "end", "trim")
_LEAD = " \t\r\f\v•·▪●◦‣*#>|-–—"
_TAIL = " \t\r\f\v:.…»«|-–—"
_WORD = re.compile(r"\w+")
_SENTENCE_END = set(".!?؟؛…:۔\"”»")
_DIGIT = re.compile(r"\d")
# Debris lines (share prompts, credits, "Related articles") are short. The
# patterns are only tried on lines up to this length: some backtrack
# quadratically on a long run of one character class (16,000 combining marks
# took 32 s), and a long line is prose or a table, never a share button.
MAX_DEBRIS_CHARS = 300


@dataclass(frozen=True)
class _Patterns:
    drop: re.Pattern
    end: re.Pattern
    trim: re.Pattern
    min_words: int


def _check_pattern(where: str, pattern: Any) -> None:
    if not isinstance(pattern, str) or not pattern:
        raise ValueError(f"{where}: expected a non-empty string, got {pattern!r}")
    try:
        re.compile(pattern)
    except re.error as exc:
        raise ValueError(f"{where}: not a valid regular expression ({exc}): {pattern!r}") from exc
    escaped = False
    for ch in pattern:
        if escaped:
            escaped = False
            continue
        if ch == "\\":
            escaped = True
            continue
        if fold_char(ch) != ch and not ch.isspace():
            raise ValueError(
                f"{where}: patterns match normalized text, write {fold_char(ch)!r} for {ch!r} in {pattern!r}"
            )


def _validate(data: Any) -> None:
    if not isinstance(data, dict):
        raise ValueError("expected a mapping with keys min_words, drop, end, trim")
    unknown = set(data) - {"min_words", *_SECTIONS}
    if unknown:
        raise ValueError(f"unknown key(s) {sorted(unknown)}; expected min_words, drop, end, trim")
    if not isinstance(data.get("min_words"), int) or data["min_words"] < 0:
        raise ValueError(f"min_words: expected a non-negative integer, got {data.get('min_words')!r}")
    for section in _SECTIONS:
        langs = data.get(section)
        if not isinstance(langs, dict):
            raise ValueError(f"{section}: expected a mapping of language -> list of patterns")
        for lang, patterns in langs.items():
            if not isinstance(patterns, list):
                raise ValueError(f"{section}.{lang}: expected a list of patterns")
            for i, p in enumerate(patterns):
                _check_pattern(f"{section}.{lang}[{i}]", p)


def _union(langs: dict[str, list[str]]) -> list[str]:
    return [p for lang in sorted(langs) for p in langs[lang]]


@lru_cache(maxsize=1)
@regex_cache.kept  # validating and compiling some 60 patterns was 0.015 CPU-s of every start
def _patterns() -> _Patterns:
    data = load("boilerplate.yaml", _validate)
    drop = "|".join(f"(?:{p})" for p in _union(data["drop"]))
    end = "|".join(f"(?:{p})" for p in _union(data["end"]))
    trim = "|".join(f"(?:{p})" for p in _union(data["trim"]))
    never = r"(?!x)x"
    return _Patterns(
        drop=re.compile(drop or never),
        end=re.compile(end or never),
        trim=re.compile(rf"(?:^|[\s.،,;:!?])(?:{trim or never})[\s.…»›]*$"),
        min_words=data["min_words"],
    )


def _first_prose_char(line: str) -> int:
    """Index of the first character past bullets, marks and invisible characters."""
    for i, ch in enumerate(line):
        folded = fold_char(ch)
        if folded and folded not in _LEAD:
            return i
    return len(line)


def prose_regions(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Spans of ``text[start:end]``, one per prose line, with boilerplate lines left out.

    Also left out: blank lines, a line repeated earlier in the text (an image
    caption doubled as alt text), and everything from a tail marker on when
    the marker sits in the second half of the text.
    """
    end = len(text) if end is None else end
    pats = _patterns()
    half = start + (end - start) / 2
    regions: list[tuple[int, int]] = []
    seen: set[str] = set()
    open_sentence = False  # the previous line was kept prose without final punctuation
    for ls, le in line_spans(text, start, end):
        line = text[ls:le]
        core = normalize(line).strip(_LEAD).rstrip(_TAIL)
        if not core:
            open_sentence = False
            continue
        stripped = line.strip()
        # In hard-wrapped text, "by the minister and ..." or "in" can be the
        # rest of the previous line's sentence: such a line is never debris.
        continues = open_sentence and stripped[:1].islower()
        open_sentence = False
        if not continues and len(core) <= MAX_DEBRIS_CHARS:
            if ls >= half and pats.end.fullmatch(core):
                break
            if pats.drop.fullmatch(core):
                continue
            if len(_WORD.findall(core)) < pats.min_words and not _DIGIT.search(core):
                continue
        if not continues and core in seen:
            continue
        seen.add(core)
        open_sentence = stripped[-1:] not in _SENTENCE_END
        s = ls + _first_prose_char(line)
        e = ls + len(line.rstrip())
        if pats.trim.search(core[-MAX_DEBRIS_CHARS:]):
            # a trailing "Read more" (sought in the line's tail: the debris is short):
            # only then is the map to original offsets needed
            norm, offsets = normalize_with_map(line)
            lead = len(norm) - len(norm.lstrip(_LEAD))
            m = pats.trim.search(norm, max(lead, len(norm) - MAX_DEBRIS_CHARS))
            if m and m.start() > lead:
                e = ls + offsets[m.start() - 1] + 1
        regions.append((s, e))
    return regions
