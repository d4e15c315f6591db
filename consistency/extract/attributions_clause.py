"""Which words of a speaker phrase are its subject's.

A phrase cut next to a cue holds more than its speaker: a figure or date before
the verb, a relative clause describing the subject, an opening participle
("Speaking to reporters, ..."), a newspaper's title ("selon Le Figaro"), a
Russian locative body ("в Кремле"). consistency/extract/attributions_speaker.py
reads the speaker from what is left.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..entities import Known, _portfolio_words, resolve
from .attributions_lexicon import cue_data, fold_word, lexicon
from .attributions_phrase import _CYRILLIC, _POSSESSIVE, Phrase
from .attributions_tokens import _ACRONYM, _body_noun


def subject_tokens(text: str, start: int, end: int, toks: list, lang: str, before_verb: bool) -> list:
    """The tokens of text[start:end] that may name the speaker, clauses around the subject left out."""
    lex = lexicon()
    for i in range(1, len(toks)):
        t = toks[i]
        if t.kind == "name" and lang != "ar" and _ACRONYM.fullmatch(t.text) and (
                toks[i - 1].kind == "role" or (toks[i - 1].kind == "gaz" and _ACRONYM.fullmatch(toks[i - 1].text))):
            # "глава МВД Игорь Клименко": an acronym after a title is the title's body, the name follows
            t.kind, t.known = "gaz", Known(resolve(t.text, "organisation").id, "organisation", t.text, (t.text,))
    stops = [i for i, t in enumerate(toks) if t.kind == "stop"]
    if stops and before_verb:
        last = stops[-1]
        if len(stops) == 1 and last and all(t.kind == "func" for t in toks[last + 1:]):
            # "Центризбирком Турции 28 мая заявил": a date between the subject and its verb
            toks = toks[:last]
        else:
            toks = toks[last + 1:]  # the subject is what stands next to its verb
    elif stops:
        toks = toks[:stops[0]]
    if before_verb and lang != "ar":
        # "Leonid Slutsky, who heads the International Affairs Committee, said": the relative clause
        # describes the subject before it, it names nobody who speaks
        rel = next((k for k, t in enumerate(toks) if k and t.comma_before
                    and fold_word(t.text) in lex.words["relative_openers"]), None)
        if rel is not None:
            toks = toks[:rel]
    if lang != "ar":
        # "açıklama yapan AFAD Başkanı Memiş": a Turkish participle closes the clause describing the subject
        rel = max((k for k, t in enumerate(toks) if t.text.islower()
                   and fold_word(t.text) in lex.words["relative_closers"]), default=None)
        if rel is not None and rel + 1 < len(toks):
            toks = _outlets(toks[:rel]) + toks[rel + 1:]  # ("Anadolu Ajansı'na konuşan": the outlet stays)
    if before_verb and lang != "ar":
        # "the pound fell after the central bank announced": a subordinate clause's subject follows its conjunction
        sub = max((k for k, t in enumerate(toks) if t.text.islower()
                   and fold_word(t.text) in lex.words["subordinators"]), default=None)
        if sub is not None and any(t.kind in ("name", "gaz", "role", "unnamed") or _body_noun(t.text, False)
                                   for t in toks[sub + 1:]):
            toks = _outlets(toks[:sub]) + toks[sub + 1:]
    if before_verb and lang != "ar":
        # "Speaking to reporters in Geneva, Petteri Taalas said": the last comma's
        # part holds the subject when it holds a name
        cut = max((k for k, t in enumerate(toks) if t.comma_before), default=0)
        # ... unless it opens as an apposition ("George Kettaneh, an official with ...")
        if cut and toks[cut].kind != "func" and any(t.kind in ("name", "gaz") for t in toks[cut:]) and not any(
                t.kind == "role" for t in toks[cut:]):
            # ... and "Le ministre de l'Intérieur, Karim Benali, a annoncé": a bare title before the name is his
            titled = cut <= 6 and any(t.kind == "role" for t in toks[:2]) and not any(
                t.kind in ("name", "gaz") and fold_word(t.text) not in _portfolio_words() for t in toks[:cut])
            # ("после того, как Центральный банк страны объявил": a known body is a subject as a name is)
            if any(t.kind == "name" or (t.kind == "gaz" and t.known is not None and t.known.kind != "outlet")
                   for t in toks[cut:]) and not titled:
                toks = _outlets(toks[:cut]) + toks[cut:]  # ("Speaking to Reuters, X said": the outlet stays)
    if lang != "ar" and len(toks) >= 2 and toks[0].kind == "name" and toks[0].start == start + (
            len(text[start:end]) - len(text[start:end].lstrip())) and start == 0 and toks[1].text[:1].islower() \
            and toks[1].kind in ("noun", "unnamed") and not _POSSESSIVE.search(toks[0].text):
        toks = toks[1:]  # "Local authorities say": a capitalised first word, not a name
    if lang != "ar" and toks and start == 0 and toks[0].kind == "name" and toks[0].text.endswith("ing") \
            and len(toks) >= 2 and toks[1].text[:1].islower():
        toks = toks[1:]  # "Speaking at the same event, ...": a participle opening the sentence, not a name
    return toks


def _outlets(toks: list) -> list:
    """The known outlets among words left out of the subject: the clause around it may name who heard the words."""
    return [t for t in toks if t.kind == "gaz" and t.known is not None and t.known.kind == "outlet"]


_TITLE_ARTICLES = ("Le", "La", "Les", "The")


def _titles_out(text: str, toks: list, ph: Phrase) -> list:
    """"Selon Le Figaro", "précise X dans La Montagne": a capitalised article inside a sentence, then
    a name, is a newspaper's title (an outlet), never a person ("Marine Le Pen": a name comes first)."""
    for i, t in enumerate(toks):
        if t.text not in _TITLE_ARTICLES or not text[:t.start].strip() or i + 1 >= len(toks) \
                or toks[i + 1].kind != "name" or toks[i + 1].comma_before \
                or (i and (toks[i - 1].kind == "name" or toks[i - 1].text in ("M.", "M", "Mme"))):
            continue
        j = i + 1
        while j < len(toks) and toks[j].kind == "name" and not toks[j].comma_before and j - i <= 3:
            j += 1
        ph.outlets.append((t.start, resolve(text[t.start:toks[j - 1].end], "outlet")))
        return toks[:i] + toks[j:]
    return toks


def _locative_body(toks: list, function_words) -> bool:
    """The phrase is "в/во" and a capitalised Cyrillic place with at most two lower-case words after it."""
    if not 2 <= len(toks) <= 4 or toks[0].text.lower() not in ("в", "во") or toks[1].kind not in ("name", "gaz") \
            or not _CYRILLIC.match(toks[1].text) or any(t.comma_before for t in toks[1:]):
        return False
    return all(t.kind in ("name", "gaz") or (t.text.islower() and fold_word(t.text) not in function_words)
               for t in toks[2:])


# Around a cue (attributions_read.py): a relative clause after the subject, a cue form that is no verb here.
# "..., the company that organised the voyage said": a noun phrase, then the relative pronoun the zone stopped at
_RELATIVE_HEAD = re.compile(r"(?:^|[,;]\s*|\b(?:the|a|an)\s)((?:the\s|an?\s)?[\w'’-]+(?:\s+[\w'’-]+){0,3}?)\s+(?:that|who|which)\s*$",
                            re.IGNORECASE)


# Turkish bare "göre" (according to) follows a name in the dative: "Reuters'a göre", "Otoritesi'ne (SCA) göre"
_TR_DATIVE = re.compile(r"\w['’](?:n|y)?[aeAE](?:\s+\([^)]{1,20}\))?\s+$")


_NEXT_WORD = re.compile(r"\s+([a-z][\w'’-]*)")


def _clause_subject(text: str, after) -> bool:
    """"Reuters reported Mr Musk terminated ...": a name after the verb with a lower-case verb of its own right after
    it (no comma, no preposition) is the subject of the words reported, not the one who reports them."""
    at = text.find(after.person, after.start) if after.person else -1
    nxt = _NEXT_WORD.match(text, at + len(after.person)) if at >= 0 else None
    return nxt is not None and fold_word(nxt.group(1)) not in lexicon().words["function_words"] \
        and fold_word(nxt.group(1)) not in lexicon().words["prepositions"]


def _noun_use(text: str, m: re.Match) -> bool:
    """"بدون كشف المزيد", "the reported figure": the cue form is a noun here; a bare "göre" after no
    name in the dative is "in view of" ("buna göre", "plana göre"), not "according to"."""
    if m.group().lower() == "göre":
        return _TR_DATIVE.search(text, max(0, m.start() - 40), m.start()) is None
    head = text[max(0, m.start() - 20):m.start()].split()
    if not head:
        return False
    return fold_word(head[-1]) in lexicon().words["not_after"]


@lru_cache(maxsize=1)
def _auxiliaries() -> frozenset[str]:
    return frozenset(fold_word(w) for ws in cue_data()["passive_auxiliaries"].values() for w in ws)


def _passive(text: str, m: re.Match) -> bool:
    """"was suspended by the board", "a été suspendu": an act's form after "be" (an adverb between) is a
    passive participle; its subject underwent the act."""
    head = text[max(0, m.start() - 30):m.start()].split()[-2:]
    return any(fold_word(w) in _auxiliaries() for w in head)
