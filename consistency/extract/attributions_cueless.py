"""Attributions read without a cue verb of the lexicon.

"the Red Crescent disputes the United Nations estimate": a known body's figure,
read as "according to" it; "la porte-parole, Karine Jean-Pierre, a enfoncé le
clou : « ... »": a quotation announced by a colon after its speaker and a verb
the cues do not list. attributions.py tries them after read_statement.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .attributions_lexicon import Cue, cue_data, is_arabic, known_in
from .attributions_read import Draft
from .attributions_speaker import parse_phrase

__all__ = ["colon_quote", "estimate_of"]


@lru_cache(maxsize=1)
def _estimate_re() -> re.Pattern | None:
    words = sorted({w for ws in (cue_data().get("estimate_nouns") or {}).values() for w in ws}, key=len, reverse=True)
    if not words:
        return None
    return re.compile(r"(?:['’]s)?\s+(?:" + "|".join(re.escape(w) for w in words) + r")(?!\w)", re.IGNORECASE)


def estimate_of(text: str) -> Draft | None:
    """"the Red Crescent disputes the United Nations estimate": a known body's figure, as "according to" it."""
    rx = _estimate_re()
    if rx is None or rx.search(text) is None:  # the cheap test most statements stop at
        return None
    for s, e, k in known_in(text):
        m = rx.match(text, e)
        if m is None or k.kind not in ("organisation", "country"):
            continue
        ph = parse_phrase(text, s, e, [(s, e, k)], "ar" if is_arabic(text) else "en")
        if not ph.empty:
            return Draft(Cue("according to", "according", "en"), e, m.end(), ph, list(ph.outlets), [(s, m.end())],
                         None, False)
    return None


# "la porte-parole, Karine Jean-Pierre, a enfoncé le clou : « ... »": a subject set off by a comma, a short
# verb phrase of any verb, then a colon opening a quotation
_COLON_QUOTE = re.compile(r"^(?P<lead>[^«»\"“”:\n]{3,240}),(?P<verb>\s+[a-zà-ÿ][^,«»\"“”:]{2,60}?)\s*:\s*[«\"“]")


def colon_quote(text: str) -> Draft | None:
    """A quotation announced by a colon after its speaker and a verb the cue lists do not hold."""
    m = _COLON_QUOTE.match(text)
    if m is None or is_arabic(text) or len(m.group("verb").split()) > 6:
        return None
    hits = known_in(text)
    ph = parse_phrase(text, 0, m.end("lead"), hits, "en", before_verb=True)
    if not (ph.person or ph.role):
        return None
    return Draft(Cue("said", "speech", "en"), m.start("verb"), m.end("verb"), ph, list(ph.outlets),
                 [(ph.start, ph.end), (m.start("verb"), m.end("verb"))], (m.end(), len(text)))
