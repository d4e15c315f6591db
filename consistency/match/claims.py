"""What an attribution's claim says, for linking two reports of one claim.

An attribution fact is a claim and who made it: its value, the source, is
what is compared, so it must not decide the link (two sources of one claim
are the conflict case; one source's two claims are two facts). What links
two attributions is what was said:

- the claim's own figures and dates ("912 dead", "on 26 March" inside both
  claims: one announcement), kept on the frame as ``claim`` keys;
- its words without the speaker's (the statement's skeletons less the
  attribution mention's own: "the health ministry said" in both is the
  source, not the claim);
- its polarity: a denial or a negated claim against an affirmed one ("X
  denied the plant was hit" and "the plant was not hit" agree; "it was hit"
  does not), and a warning against a report of what happened.

The claim span's embedding is ``window_sim`` (match.window_vectors embeds an
attribution's content). Columns are zero for other kinds.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Sequence

import numpy as np

from ..datafiles import load
from ..model import AttributionMention, Mentions, Statement
from ..normalize import fold
from .overlap import FrameSets

CLAIM_FEATURES = (
    "claim_shared",  # both claims hold figures or dates, and one is the same: one announcement
    "claim_apart",  # both hold figures (of one unit) or dates, and none is alike: two announcements
    "claim_words",  # Jaccard of the statements' skeletons without the attribution's own (speaker, cue)
    "claim_polarity",  # one claim is denied or negated, the other affirmed
    "claim_warn_one",  # one is a warning, the other not
)
_LANGS = ("en", "fr", "ar", "ru", "tr")
_MARKS = ("deny", "negation", "warn")


def _validate(data) -> None:
    if not isinstance(data, dict) or set(data) != set(_MARKS):
        raise ValueError(f"expected the keys {list(_MARKS)}")
    for mark, by_lang in data.items():
        if not isinstance(by_lang, dict) or not set(by_lang) <= set(_LANGS):
            raise ValueError(f"{mark}: expected a mapping of languages among {list(_LANGS)}")
        for lang, forms in by_lang.items():
            if not isinstance(forms, list) or not all(isinstance(f, str) and f.strip() for f in forms):
                raise ValueError(f"{mark}.{lang}: expected a list of non-empty strings")


@lru_cache(maxsize=None)
def _patterns(language: str) -> dict[str, re.Pattern | None]:
    """mark -> one regex of its folded forms as whole words (Arabic: with a و/ف clitic allowed)."""
    data = load("claim_words.yaml", _validate)
    out = {}
    for mark in _MARKS:
        forms = sorted({fold(f) for f in data[mark].get(language, [])}, key=len, reverse=True)
        if not forms:
            out[mark] = None
            continue
        alts = "|".join(re.escape(f) for f in forms)
        # an apostrophe-ending form ("n'", "qu'") is followed by a letter, not a space
        clitic = "[وف]?" if language == "ar" else ""
        out[mark] = re.compile(rf"(?<!\w){clitic}(?:{alts})(?!(?<=\w)\w)")
    return out


def claim_keys(statement: Statement, m: AttributionMention, mentions: Mentions, language: str,
               figure_keys) -> frozenset[str]:
    """The claim's figures ("q|unit|n"), dates ("d|start|end") and marks ("!deny", "!neg", "!warn").

    What was said is the attribution's content span, else the statement less
    the attribution mention; a denial or warning is read outside the content
    (the verb), a negation inside it."""
    v = m.value
    base, text = statement.start, statement.text
    if v.content_start is not None and v.content_end is not None:
        lo, hi = v.content_start, v.content_end
        inside = lambda a, b: lo <= a and b <= hi  # noqa: E731
        said = text[lo - base: hi - base]
        around = text[: lo - base] + " " + text[hi - base:]
    else:
        inside = lambda a, b: b <= m.start or a >= m.end  # noqa: E731
        said = text[: m.start - base] + " " + text[m.end - base:]
        around = m.text
    keys = {f"q|{k}" for q in mentions.quantities if inside(q.start, q.end) for k in figure_keys(q)}
    for d in mentions.dates:
        dv = d.value
        if not inside(d.start, d.end) or dv.start is None or dv.granularity == "year":
            continue
        # a day by its month and day: a year left unwritten is resolved from the publication date, and
        # two reports of "2 May" may resolve it to different years
        keys.add(f"d|{dv.start:%m-%d}" if dv.granularity == "day" else f"d|{dv.start}|{dv.end}")
    pats = _patterns(language)
    said, around = fold(said), fold(around)
    for mark, where, key in (("deny", around, "!deny"), ("negation", said, "!neg"), ("warn", around, "!warn")):
        if pats[mark] is not None and pats[mark].search(where):
            keys.add(key)
    return frozenset(keys)


class ClaimSets:
    """Each attribution frame's claim keys and own words, coded once: ``columns`` of any slice of pairs."""

    def __init__(self, frames: Sequence):
        self.on = bool(len(frames)) and frames[0].kind == "attribution"
        if not self.on:
            return
        values = [frozenset(k for k in f.claim if not k.startswith("!")) for f in frames]
        self.has = np.fromiter((bool(v) for v in values), dtype=bool, count=len(frames))
        self.values = FrameSets(values)
        self.sorts = FrameSets([frozenset(k.rsplit("|", 1)[0] if k.startswith("q|") else "d" for k in v) for v in values])
        self.own = FrameSets([f.words - _speaker_words(f.mention.text) for f in frames])
        self.neg = np.fromiter((("!deny" in f.claim) != ("!neg" in f.claim) for f in frames), dtype=bool, count=len(frames))
        self.warn = np.fromiter(("!warn" in f.claim for f in frames), dtype=bool, count=len(frames))

    def columns(self, a: np.ndarray, b: np.ndarray) -> dict[str, np.ndarray]:
        """CLAIM_FEATURES columns for the pairs (a, b)."""
        n = len(a)
        out = {name: np.zeros(n) for name in CLAIM_FEATURES}
        if n == 0 or not self.on:
            return out
        r = np.flatnonzero(self.has[a] & self.has[b])
        if len(r):
            same = self.values.intersects(a[r], b[r])
            alike = self.sorts.intersects(a[r], b[r])
            out["claim_shared"][r[same]] = 1.0
            out["claim_apart"][r[~same & alike]] = 1.0
        out["claim_words"] = self.own.jaccard(a, b)
        out["claim_polarity"] = (self.neg[a] != self.neg[b]).astype(np.float64)
        out["claim_warn_one"] = (self.warn[a] != self.warn[b]).astype(np.float64)
        return out


@lru_cache(maxsize=4096)
def _speaker_words(text: str) -> frozenset[str]:
    from .frames import _skeletons

    return _skeletons(text)
