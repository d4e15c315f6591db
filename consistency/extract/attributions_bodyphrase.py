"""The body a speaker phrase names with a body noun: "وزارة الخزانة الأمريكية", "the Ministry of Public
Health", "la société de services maritimes Castel Marine" (attributions_speaker.py calls it)."""

from __future__ import annotations

from ..entities import Known, _portfolio_words, government_of, resolve
from ..model import Entity
from .attributions_bodies import apposed, arabic_apposed
from .attributions_lexicon import fold_word, lexicon
from .attributions_phrase import _CASE_ENDING, Phrase, _named_body, _strip_bi
from .attributions_tokens import _ACRONYM, _body_end

__all__ = ["read_body_noun"]


def read_body_noun(ph: Phrase, text: str, toks: list, i: int, ar: bool) -> int:
    """Set ``ph.body`` from the body noun at ``toks[i]`` and the words that name it; the index after them."""
    lex = lexicon()
    j = _body_end(toks, i, ar)
    # "the interior ministry": a portfolio word before the body noun names it too; a name in apposition
    apart = apposed(text, toks, i, j) if not ar else arabic_apposed(toks, i, j)
    first, j = apart or (i - 1 if i and not ar and fold_word(toks[i - 1].text) in _portfolio_words() else i, j)
    k = j
    while not ar and k < len(toks) and k - j < 5 and not toks[k].comma_before and toks[k].text.islower() \
            and "(" not in text[toks[k - 1].end:toks[k].start]:
        k += 1
    if k > j and k < len(toks) and "(" in text[toks[k - 1].end:toks[k].start] and _ACRONYM.fullmatch(toks[k].text):
        j = k  # "корпорация по страхованию вкладов (FDIC)": the words up to the body's acronym are its name
    if not ar and first == i - 1 and first and toks[first - 1].known is not None and toks[first - 1].known.kind == "country":
        first -= 1  # "the Saudi foreign ministry": whose ministry it is belongs to its name
    body = text[toks[first].start:toks[j - 1].end]
    body = body.split(" (")[0] if body.count("(") > body.count(")") else body  # "(SCA" is an alias begun, not the name
    if not ar:
        body = _CASE_ENDING.sub("", body)  # "Ulaştırma Bakanlığı'nın": the body, not its genitive
    elif not apart and body[:1] in "لوف" and fold_word(toks[first].text) not in lex.words["body_nouns"]:
        body = body[1:]  # "بيان لوزارة الصحة": the preposition or conjunction is not the body's name
    ent = resolve(body, "organisation")
    land = next((u.known for u in toks[i + 1:j] if u.known is not None and u.known.kind == "country"), None)
    if ent.id.startswith("name:") and land is not None and not apart and fold_word(_strip_bi(toks[i].text)).removeprefix(
            "ال") not in lex.words["corporate_nouns"]:
        # "الحكومة الليبية", "the Libyan government": the country's government, or the country
        # (not "شركة السكك الحديد الفرنسية": a company of a country is not its government)
        ent = government_of(Entity(land.id, body, "country", land.name))
    named = _named_body(toks[i + 1:j])
    if ent.id.startswith(("name:", "country:")) and named is not None:
        ent = Entity(named.id, body, "organisation", named.name)  # "شركة روستيخ الروسية": Rostec
    ph.body = (Known(ent.id, "organisation", ent.canonical if named is not None and ent.id == named.id
                     else body, (body,)), body)
    return j
