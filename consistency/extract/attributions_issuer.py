"""Whose statement an impersonal passive reports ("Açıklamada ... belirtildi").

Turkish reports a statement without a subject: "X'in açıklamasında ... belirtildi"
(in X's statement it was stated), "Şirketten yapılan açıklamada ..." (in the
statement made by the company), or a bare "Açıklamada ..." after a sentence that
named the statement. The issuer is, in this order:

1. the owner the sentence names: the genitive before the statement noun
   ("Merkez Bankası'nın yazılı açıklamasında"), the ablative or agent before
   "yapılan" ("Kurumdan yapılan açıklamada", "X tarafından yapılan açıklamada");
   a generic noun there ("Şirketten") is read against the article's bodies;
2. with a bare "Açıklamada", the body that spoke in the statement just before
   (the statement it continues), not merely the body named last, which may be
   any body the previous sentence mentioned;
3. else the body the previous statements named, as before.

FORMAT.md: a body and its statement are one source.
"""

from __future__ import annotations

import re
from typing import Callable

from ..entities import resolve
from ..model import AttributionValue, Entity
from .attributions_bodies import body_kinds_of
from .attributions_lexicon import known_in
from .attributions_memory import BodyMemory

__all__ = ["STATEMENT_NOUN", "statement_issuer"]

# "Açıklamada", "yapılan açıklamaya göre", "açıklamasında": a statement named in the sentence
STATEMENT_NOUN = re.compile(r"(?<!\w)(?:açıklama(?:s[ıi])?|bildiri(?:s[ıi])?|duyuru(?:su)?|paylaşım(?:ı)?)"
                            r"(?:n?da|n?de|ya|ye|yla|nda)(?!\w)", re.IGNORECASE)
_UP = "A-ZÇĞİÖŞÜ"
_LOW = "a-zçğıöşü"
_NAME = rf"[{_UP}][\w.&-]*(?:\s+[{_UP}][\w.&-]*)*"
# "Merkez Bankası'nın (yazılı) açıklamasında": the owner in the genitive, one or two qualifying words between
_GENITIVE = re.compile(rf"({_NAME})['’]n?[ıiuü]n\s+(?:[{_LOW}]+\s+){{0,2}}$")
# "Kurumdan yapılan (yazılı) açıklamada", "FDIC'den yapılan açıklamada", "X tarafından yapılan açıklamada"
_FROM = re.compile(rf"([\w'’]+(?:\s+[{_UP}][\w.&'’-]*)*)(?<=[dt][ae]n)\s+yapılan\s+(?:[{_LOW}]+\s+)?$")
_BY = re.compile(rf"({_NAME})\s+tarafından\s+yapılan\s+(?:[{_LOW}]+\s+)?$")
_ABLATIVE = re.compile(r"['’]?n?[dt][ae]n$")
_CONTINUES = 2  # statements back a bare "Açıklamada" may continue


def _owner(words: str, index: int, body: Callable[[str, int], Entity | None]) -> Entity | None:
    """The body a genitive or ablative names: a generic noun read against the article, else the name."""
    if len(words.split()) == 1 and body_kinds_of(words) and not words.isupper():
        return body(words.lower(), index)  # "Şirketten", "Kurumdan": the body of that kind named before
    for s, e, k in known_in(words):
        if k.kind == "organisation" and e - s >= len(words) - 1:
            return Entity(k.id, words, "organisation", k.name)
    return resolve(words, "organisation")


def statement_issuer(text: str, index: int, bodies: BodyMemory, history: list[tuple[int, AttributionValue]],
                     body: Callable[[str, int], Entity | None]) -> Entity | None:
    """The body whose statement the sentence's impersonal passive reports, or None."""
    m = STATEMENT_NOUN.search(text)
    if m is None:
        return None
    before = text[:m.start()]
    for rx in (_GENITIVE, _BY):
        g = rx.search(before)
        if g is not None:
            return _owner(g.group(1), index, body)
    g = _FROM.search(before)
    if g is not None:
        return _owner(_ABLATIVE.sub("", g.group(1)), index, body)
    for i, v in reversed(history):
        if index - i > _CONTINUES:
            break
        said = v.organisation if v.organisation is not None else v.speaker
        if said is not None and said.kind == "organisation" and not v.unnamed:
            return said  # "FDIC'nin açıklamasına göre ... Açıklamada ...": the statement just named
    return bodies.find(None, index)
