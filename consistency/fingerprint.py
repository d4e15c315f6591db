"""Stable finding ids: the same fact and the same evidence give the same id on
every run, whatever else changed in the corpus.

The id hashes what a reviewer reviewed: the rule (or "discovered"), the value
kind, the verdict, and each claim's article id, statement text and mention
text, sorted. Character offsets are left out on purpose, so an edit elsewhere
in an article does not turn a reviewed finding into a "new" one.
"""

from __future__ import annotations

import hashlib
import json
from typing import Iterable

from .model import Claim, Corpus


def fingerprint(fact: str | None, kind: str, verdict: str, evidence: Iterable[tuple[str, str, str]]) -> str:
    """A 16-hex-digit id from the fact, kind, verdict and (article, statement, mention) triples."""
    items = sorted({(a, " ".join(s.split()), " ".join(m.split())) for a, s, m in evidence})
    payload = json.dumps([fact or "discovered", kind, verdict, items], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]


def claim_evidence(claims: Iterable[Claim], corpus: Corpus) -> list[tuple[str, str, str]]:
    return [(c.article_id, corpus.statement((c.article_id, c.statement)).text, c.mention.text) for c in claims]
