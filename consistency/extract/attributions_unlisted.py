"""A body the lexicon does not list, read from structure alone (issue 20).

"according to the haulage syndicate", "selon un communiqué de l'alliance", "بحسب بيان النقابة",
"По данным ассоциации", "The weather service warned that ...": after an "according to" cue (a
statement or data noun and "of" may stand between), or as the subject of a saying verb that a
complementizer follows, a definite noun phrase names a body speaking even when its head is in no
list. The reader that knows names (attributions_speaker.py) runs first; this one only fills a phrase
it left empty. Its guards are data (attribution_cues*.yaml, ``unlisted_*``): a document, a figure or a
time alone ("according to the figures", "selon les chiffres") names no speaker, as the dev truth
records none for them; pronouns stay the anaphor reader's.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..entities import Known, resolve
from .attributions_bodies import body_kinds_of, is_body_anaphor
from .attributions_lexicon import cue_data, fold_word, lexicon
from .attributions_phrase import Phrase

_SECTIONS = ("unlisted_articles", "unlisted_determiners", "unlisted_leads", "unlisted_of", "unlisted_not_bodies", "unlisted_complementizers")
_WORD = re.compile(r"[^\W\d_](?:[\w’'-]*[^\W\d_])?")
_ELIDED = re.compile(r"^((?:[ldLD]|[qQ]u)['’])(?=\w)")  # "l'alliance", "d'Etat": the article apart from its noun
_AR_CLITIC = re.compile(r"^(?:و|ف)?(?:ب|ل|ك)?")
_MAX_WORDS = 4  # a body's noun phrase: "the haulage syndicate", "le syndicat des pêcheurs"


@lru_cache(maxsize=8)
def _lists(lang: str) -> dict[str, tuple[tuple[str, ...], ...]]:
    """Each unlisted_* section of ``lang`` as folded word sequences (longest first)."""
    data = cue_data()
    out = {}
    for section in _SECTIONS:
        block = data[section]  # checked on load (attributions_lexicon._validate_cues)
        seqs = {tuple(_key(p) for p in _split(w)) for w in block.get(lang, [])}
        out[section] = tuple(sorted(seqs, key=len, reverse=True))
    return out


def _key(word: str) -> str:
    """A word as the lists hold it: folded, an elided article without its apostrophe ("l'" -> "l")."""
    return fold_word(word).rstrip("'’")


def _split(text: str) -> list[str]:
    return [w for _, _, w in _tokens(text, 0, len(text))]


def _tokens(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    out = []
    for m in _WORD.finditer(text, start, end):
        e = _ELIDED.match(m.group())
        if e:
            out.append((m.start(), m.start() + e.end(), e.group(1)))
            out.append((m.start() + e.end(), m.end(), m.group()[e.end():]))
        else:
            out.append((m.start(), m.end(), m.group()))
    return out


def _match(toks: list, i: int, seqs) -> int:
    """The number of tokens from ``i`` one of ``seqs`` covers (0: none)."""
    for seq in seqs:
        if tuple(_key(t[2]) for t in toks[i:i + len(seq)]) == seq:
            return len(seq)
    return 0


def _definite_ar(word: str) -> bool:
    """An Arabic noun with its article ("الرابطة", "للنقابة"), not a particle that folds alike ("إلى")."""
    w = fold_word(word)
    if w in lexicon().words["function_words"]:
        return False
    bare = fold_word(_AR_CLITIC.sub("", word, count=1))
    return (bare.startswith("ال") and len(bare) >= 5) or (w.startswith("لل") and len(w) >= 5)


def unlisted_body(text: str, start: int, end: int, lang: str, *, subject: bool = False) -> Phrase | None:
    """The definite noun phrase filling text[start:end] as a body speaking, or None.

    ``subject``: the zone is a saying verb's subject (no statement noun before it then).
    """
    if lang not in ("ar", "en", "fr", "ru"):
        return None  # Turkish puts the source before "göre", read by its own forms
    lists = _lists(lang)
    toks = _tokens(text, start, end)
    if not toks or text[toks[-1][1]:end].strip(" \t.,;:،؛!?\"”»)") or text[start:toks[0][0]].strip(" \t,،:\"“«("):
        return None  # the phrase must fill the zone: no clause, number or quotation beside it
    i, definite = 0, False
    if not subject:
        k = 1 if _match(toks, 0, lists["unlisted_articles"]) == 1 else 0  # "a statement", "un communiqué"
        if lang == "ar" and len(toks) > 2 and fold_word(toks[0][2]) == "ما":
            k = 2  # "وفق ما أعلنت الرابطة": the verb after "ما" says, its subject is the body
            i = 2
        lead = _match(toks, k, lists["unlisted_leads"])
        if lead:
            i = k + lead
            of = _match(toks, i, lists["unlisted_of"])
            if lang in ("en", "fr") and not of:
                return None  # "according to the statement" alone is a document
            # "de la", "du", "des": the "of" carries the article
            definite = of > 0 and _match(toks, i + of - 1, lists["unlisted_determiners"]) == 1
            i += of
    if i < len(toks) and _match(toks, i, lists["unlisted_determiners"]):
        i += 1
        definite = True
    np = toks[i:]
    if not np or len(np) > _MAX_WORDS:
        return None
    if lang in ("en", "fr"):
        if not definite or not all(t[2].islower() for t in np):
            return None
        head = np[-1] if lang == "en" else np[0]
        if lang == "fr" and len(np) > 1 and not (_match(np, 1, lists["unlisted_of"]) or len(np) == 2):
            return None  # "la coopérative agricole", "le syndicat des pêcheurs": a noun, its adjective or "de"
    elif lang == "ar":
        if not all(_definite_ar(t[2]) for t in np) or len(np) > 3:
            return None
        head = np[0]
    else:  # Russian has no article: a lower-case noun, its genitive or adjective after it
        if subject or not all(t[2].islower() for t in np) or len(np) > 3:
            return None
        head = np[0]
    words = [fold_word(re.sub(r"['’]s?$", "", t[2])) for t in np]
    not_bodies = {s[0] for s in lists["unlisted_not_bodies"] if len(s) == 1}
    hw = fold_word(re.sub(r"['’]s?$", "", head[2]))
    if hw in not_bodies or (lang == "ar" and fold_word(_AR_CLITIC.sub("", head[2], count=1)) in not_bodies) \
            or any(w in not_bodies for w in words[-1:]):
        return None
    seg = text[np[0][0]:np[-1][1]]
    lex = lexicon()
    pron = lex.phrases.get(f"pronouns.{lang}")
    if pron is not None and pron.fullmatch(seg):
        return None
    ph = Phrase(np[0][0], np[-1][1])
    ph.who_start, ph.who_end = ph.start, ph.end
    if is_body_anaphor(text[toks[i - 1][0] if i and lang != "ar" else np[0][0]:np[-1][1]], lang) \
            or is_body_anaphor(seg, lang):
        # "بحسب بيان المجموعة", "selon un communiqué de l'entreprise": the body of that kind named before
        ph.anaphor = True
        return ph
    ph.body = (Known(resolve(seg, "organisation").id, "organisation", seg, (seg,)), seg)
    ph.institution = True
    ph.unlisted = True
    # one noun of a kind the data knows ("l'alliance", "the group") points back to the body named before
    ph.org_anaphor = len(np) == 1 and bool(body_kinds_of(head[2]))
    return ph


def opens_clause(text: str, pos: int, lang: str) -> bool:
    """Whether a complementizer or a quotation opens the words at ``pos`` ("warned that", "a affirmé que")."""
    rest = text[pos:].lstrip(" \t,،:")
    if rest[:1] in "\"“«„":
        return True
    lang = lang if lang in ("ar", "en", "fr", "ru") else "en"
    toks = _tokens(rest, 0, min(len(rest), 40))
    return bool(toks) and toks[0][0] == 0 and _match(toks, 0, _lists(lang)["unlisted_complementizers"]) > 0
