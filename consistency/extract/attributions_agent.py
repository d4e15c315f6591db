"""The agent of a passive as a statement's source, when the statement has no cue.

"The lender was shut down on Friday by the Idaho Department of Finance",
"a deadline set by Judge Maria Ortiz", "L'usine a été fermée mardi par la
préfecture du Rhône", "Şirketin yönetimine Tasarruf Mevduatı Sigorta Fonu
tarafından kayyum atandı": the one who did it is who the fact comes from. The
markers and participle forms are data (``agent_markers``, ``passive_participles``
in attribution_cues.yaml); an agent is kept only when it names a body or a
title ("by Friday", "by 5 percent", "by a missile" name none), or, in Turkish,
where "tarafından" marks nothing but an agent, a person.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .attributions_lexicon import Cue, cue_data, fold_word, is_arabic, known_in, lexicon
from .attributions_read import Draft
from .attributions_speaker import parse_phrase

__all__ = ["passive_agent"]

_WORD = re.compile(r"[\w'’-]+")
_CAP_RUN = re.compile(r"(?:[A-ZÇĞİÖŞÜ][\w'’.()-]*\s+)+$")
# an agent opens with an article or a capitalised name
_AGENT_HEAD = re.compile(r"\s+(?:(?:the|a|an|la|le|les|un|une|des|du)\s|l['’]|[A-ZÀ-ÖØ-ÞА-ЯЁÇĞİÖŞÜ])")
_STOP = re.compile(r",|;|\.(?:\s|$)|\s(?:which|who|that|qui|que|où|after|before|avant|après|when|lorsque)\s")


@lru_cache(maxsize=1)
def _markers() -> tuple[re.Pattern | None, re.Pattern | None, tuple[str, ...], frozenset[str]]:
    data = cue_data()
    m, p = data["agent_markers"], data["passive_participles"]
    after = m.get("after") or []
    before = m.get("before") or []
    words = [w for ws in p.values() for w in ws]
    rx = (lambda ws: re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, ws)) + r")(?!\w)") if ws else None)
    return rx(after), rx(before), tuple(fold_word(w) for w in words if len(w) <= 3), frozenset(map(fold_word, words))


def _participle(word: str) -> bool:
    _, _, endings, forms = _markers()
    w = fold_word(word)
    return w in forms or (len(w) > 4 and w.endswith(endings))


def _heads(text: str, at: int, ph) -> bool:
    """The body or title opens the agent phrase ("by the state regulator"), not a noun after another
    noun and a preposition ("by the blast near the Interior Ministry")."""
    names = [n for n in ((ph.body[1] if ph.body else None), ph.organisation_text, ph.role) if n]
    pos = [text.find(n, at) for n in names]
    pos = [p for p in pos if p >= 0]
    if not pos:
        return False
    gap = text[at:min(pos)].split()
    return len(gap) <= 2 and not any(fold_word(w) in lexicon().words["prepositions"] for w in gap)


def passive_agent(text: str) -> Draft | None:
    if is_arabic(text):
        return None
    after, before, _, _ = _markers()
    hits = None
    if after is not None:
        for m in after.finditer(text):
            # a passive participle within the four words before the marker: "shut down on Friday by"
            prev = _WORD.findall(text[max(0, m.start() - 60):m.start()])[-5:]
            if not any(_participle(w) for w in prev):
                continue
            if not _AGENT_HEAD.match(text, m.end()):
                continue  # "driven by strong demand from the ministry": the agent is the demand, no body
            stop = _STOP.search(text, m.end())
            end = stop.start() if stop else len(text.rstrip(" .!?"))
            hits = known_in(text) if hits is None else hits
            ph = parse_phrase(text, m.end(), end, hits, "en")
            if (ph.body or ph.organisation or ph.role or ph.institution) and _heads(text, m.end(), ph):
                return Draft(Cue("according to", "according", "en"), m.start(), m.end(), ph, list(ph.outlets),
                             [(m.start(), ph.end)], None, False)
    if before is not None:
        for m in before.finditer(text):
            start = text.rfind(",", 0, m.start()) + 1
            run = _CAP_RUN.search(text, start, m.start())
            # "Şirketin yönetimine Tasarruf Mevduatı Sigorta Fonu tarafından": the agent is the capitalised
            # name right before the postposition, not the clause's opening words
            start = run.start() if run else start
            hits = known_in(text) if hits is None else hits
            ph = parse_phrase(text, start, m.start(), hits, "en")
            if ph.body or ph.organisation or ph.role or ph.person:
                return Draft(Cue("according to", "according", "tr"), m.start(), m.end(), ph, list(ph.outlets),
                             [(ph.start, m.end())], None, False)
    return None
