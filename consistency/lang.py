"""Which language an article is written in: by script first, then by function words.

No model: a news article is long enough that the share of Arabic against
Latin letters tells the script, and counting each language's commonest short
words (consistency/data/languages.yaml) tells the language within it. A text
with a large share of both scripts is "mixed"; a text with no letters is
"und" (undetermined, the BCP 47 code for it).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from .datafiles import load
from .normalize import normalize

# Below this share of its letters in the second script, a text is single-script:
# Arabic news is full of Latin acronyms and names (S-400, Defense News, TASS).
MIXED_SHARE = 0.25
_WORD = re.compile(r"\w+")


def _validate(data: Any) -> None:
    if not isinstance(data, dict) or set(data) != {"scripts", "stopwords"}:
        raise ValueError("expected exactly the keys 'scripts' and 'stopwords'")
    scripts, stopwords = data["scripts"], data["stopwords"]
    for lang, script in scripts.items():
        if script not in ("arabic", "latin"):
            raise ValueError(f"scripts.{lang}: expected 'arabic' or 'latin', got {script!r}")
        words = stopwords.get(lang)
        if not isinstance(words, list) or not words or not all(isinstance(w, str) for w in words):
            raise ValueError(f"stopwords.{lang}: expected a non-empty list of words")
    extra = set(stopwords) - set(scripts)
    if extra:
        raise ValueError(f"stopwords for languages without a script: {sorted(extra)}")


@lru_cache(maxsize=1)
def _tables() -> dict[str, dict[str, frozenset[str]]]:
    data = load("languages.yaml", _validate)
    by_script: dict[str, dict[str, frozenset[str]]] = {"arabic": {}, "latin": {}}
    for lang, script in data["scripts"].items():
        by_script[script][lang] = frozenset(normalize(w) for w in data["stopwords"][lang])
    return by_script


def _is_arabic(cp: int) -> bool:
    return 0x0600 <= cp <= 0x06FF or 0x0750 <= cp <= 0x077F or 0x08A0 <= cp <= 0x08FF or 0xFB50 <= cp <= 0xFEFF


def script_counts(text: str) -> tuple[int, int, int]:
    """(Arabic letters, Latin letters, other letters) in ``text``."""
    arabic = latin = other = 0
    for ch in text:
        if not ch.isalpha():
            continue
        cp = ord(ch)
        if _is_arabic(cp):
            arabic += 1
        elif cp < 0x0250 or 0x1E00 <= cp <= 0x1EFF:
            latin += 1
        else:
            other += 1
    return arabic, latin, other


def _best_language(text: str, script: str) -> str:
    candidates = _tables()[script]
    counts = dict.fromkeys(candidates, 0)
    for word in _WORD.findall(normalize(text)):
        for lang, words in candidates.items():
            if word in words:
                counts[lang] += 1
    # Ties (and texts with no function word at all) go to the first language
    # listed for the script, the most common in this project's news.
    return max(candidates, key=lambda lang: counts[lang])


def detect_language(text: str) -> str:
    """An ISO 639-1 code ("ar", "en", ...), "mixed", or "und"."""
    arabic, latin, other = script_counts(text)
    letters = arabic + latin + other
    if letters == 0:
        return "und"
    if min(arabic, latin) / letters >= MIXED_SHARE:
        return "mixed"
    if arabic >= latin and arabic >= other:
        return _best_language(text, "arabic")
    if latin >= other:
        return _best_language(text, "latin")
    return "und"
