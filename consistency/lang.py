"""Which language an article is written in: by script first, then within the script.

A news article is long enough that the share of Arabic against Latin letters
tells the script. Within Arabic script, counting each language's commonest
short words (consistency/data/languages.yaml) tells Arabic from Persian and
Urdu. Any other text (Latin, Cyrillic ...) goes to py3langid, an offline
classifier whose model ships inside its wheel: counting function words took
Italian for French and left Russian undetermined (11 of 17 right on a sample
where py3langid got 16). A text with a large share of both Arabic and Latin
letters is "mixed"; a text with no letters is "und" (undetermined, the BCP 47
code for it).
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


_ARABIC_LETTER = re.compile(r"[\u0620-\u064A\u066E-\u06D3\u06D5\u06EE\u06EF\u06FA-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFC]")
_LATIN_LETTER = re.compile(r"[A-Za-z\u00AA\u00BA\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u024F\u1E00-\u1EFF]")
_LETTER = re.compile(r"[^\W\d_]")


def script_counts(text: str) -> tuple[int, int, int]:
    """(Arabic letters, Latin letters, other letters) in ``text``."""
    arabic = len(_ARABIC_LETTER.findall(text))
    latin = len(_LATIN_LETTER.findall(text))
    other = max(0, len(_LETTER.findall(text)) - arabic - latin)
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
    return _classify(text)


@lru_cache(maxsize=1)
def _identifier():
    """py3langid's classifier, its model mapped from the unpacked copy (embed/unpacked.py) where there is one.

    Loaded on first use: only articles outside Arabic script pay for it.
    py3langid inflates its LZMA model at every start (0.76 CPU-s, a quarter
    of a cold seeds run); reading the same npz unpacked once still took
    0.17-0.28 CPU-s for its 68 MB. Mapped, only the pages a text's walk
    and scores touch are read. This builds the identifier exactly as
    py3langid's from_model_file does from load_model's arrays (tests compare
    the rankings of both): the DFA tables as flat buffers of Python ints
    (memoryviews of the maps, where load_model copies them into arrays).
    """
    import numpy as np
    from py3langid import langid

    from .embed.unpacked import mapped_npz, unpacked, unxz

    plain = unpacked(langid.MODEL_DIR / langid.MODEL_FILE, unxz)
    if plain is None:
        return langid._get_identifier()
    try:
        data = mapped_npz(plain)
        tables = [_ints(data[k]) for k in ("nextmove", "nextmove_row", "out_feat")]
    except FileNotFoundError:  # trimmed from the cache by another process since: the packed model
        return langid._get_identifier()
    except (OSError, ValueError, KeyError):
        return _identifier_read(plain)
    nextmove, rows, out_feat = tables
    return langid.LanguageIdentifier(data["ptc"], np.array(data["pc"]), data["classes"].tolist(), nextmove,
                                     out_feat, tk_row=rows)


def _ints(a):
    """A flat memoryview of Python ints over an integer array's own bytes (what array.array gives, without a copy)."""
    import numpy as np

    code = {np.dtype("<u2"): "H", np.dtype("<u4"): "I", np.dtype("<i4"): "i"}.get(a.dtype)
    if code is None or a.ndim != 1 or not a.flags.c_contiguous or memoryview(b"").cast(code).itemsize != a.itemsize:
        raise ValueError(f"a DFA table of {a.dtype}, {a.ndim} dimensions")
    return memoryview(a).cast("B").cast(code)


def _identifier_read(plain):
    """The identifier from the unpacked npz read whole (where it cannot be mapped)."""
    import numpy as np
    from py3langid import langid
    from py3langid.modelio import _to_array

    with np.load(plain, allow_pickle=False) as data:
        return langid.LanguageIdentifier(
            np.asarray(data["ptc"]), np.asarray(data["pc"]), data["classes"].tolist(),
            _to_array(data["nextmove"]), data["out_feat"].tolist(), tk_row=_to_array(data["nextmove_row"]))


def _classify(text: str) -> str:
    # The report's language field is ISO 639-1; py3langid also knows a few
    # three-letter codes, and gave "pcm" (Nigerian Pidgin) to a plain English
    # sentence about a treaty: the best two-letter language is taken.
    for lang, _score in _identifier().rank(text):
        if len(lang) == 2:
            return lang
    return "und"
