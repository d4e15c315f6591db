"""The words of a speaker phrase, each classed by the data files.

A token is a known name (gaz), an unnamed-source marker, a title (role), an
unnamed or outlet noun, a function word, a generic noun, an Arabic definite
word, a name, or a stop (a figure); body nouns and the words that name a body
after them ("وزارة الخزانة الأمريكية", "Ministry of Public Health") are read
here too, and where an English subject begins (``clause_start``).
consistency/extract/attributions_speaker.py reads the phrase from them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..entities import Known, _portfolio_words, name_key
from ..normalize import normalize
from .attributions_lexicon import cue_data, fold_word, is_arabic, lexicon

# A French elided article ("l'AFP", "d'Ankara") is a token of its own, so
# that the name after it is looked up and classified alone.
_TOKEN = re.compile(r"(?:[lLdDjJnNsScCmMtT]|[Qq]u)['’](?=\w)"
                    r"|[^\s،,:؛()\[\]\"“”«»″„.!?؟]+(?:\.(?=\w)[^\s،,:؛()\[\]\"“”«»″„.!?؟]+)*")
_COMMA = re.compile(r"[،,]")
_DEFINITE = re.compile(r"^(?:[وفبك]?ال|و?لل)")
_CLITIC = re.compile(r"^(?:و|ف|ب|ل|لل|وب|ول|وال|بال|فال|ال)")


@dataclass(slots=True)
class _Tok:
    start: int
    end: int
    text: str
    kind: str  # gaz | marker | role | unnamed | onoun | func | noun | def | name | stop
    known: Known | None = None
    comma_before: bool = False


@lru_cache(maxsize=1 << 16)  # a word's class depends on the word alone, and words repeat
def _classify(text: str, lang_ar: bool) -> str:
    lex = lexicon()
    w = normalize(text)
    words = lex.words
    if any(ch.isdigit() for ch in w):
        return "stop"
    if len(w) <= 1:
        return "func"  # a bare clitic: "لـ" before a quoted name
    if name_key(text) in lex.cues:
        return "func"  # "وتابعت قائلة": a cue word is never part of a name
    variants = [w]
    if lang_ar:
        m = _CLITIC.match(w)
        if m and len(w) - m.end() >= 3:
            variants.append(w[m.end():])
        elif w[:1] in "وف" and w[1:] in words["function_words"]:
            return "func"
    for v in variants:
        if v in lex.unnamed_nouns:
            return "unnamed"
        if v in lex.outlet_nouns:
            return "onoun"
        if v in words["function_words"]:
            return "func"
        if v in words["common_nouns"] or v in words["body_nouns"]:
            return "noun"  # a body's head noun ("l'Autorité du canal", "агентство") is never a person's name
    if w in words["name_particles"]:
        return "func"  # "Abdoulaziz bin Salman": a particle inside a name, though Turkish "bin" is a thousand
    if not lang_ar and _suffixed_body(text):
        return "noun"
    if _number_word(text):
        return "stop"  # "ألفي قتيل", "three million": a figure, never a name (function words like "un" came first)
    if lang_ar:
        # the article is ال without hamza: ألكسندر is a name, الروسي is not
        if _DEFINITE.match(text) or w.startswith(("لت", "لي")):
            return "def"
        return "name"
    if _NAME_PREFIX.match(text):
        return "name"  # "al-Ghaithi", "bin Salman": a particle starts the surname
    return "name" if text[:1].isupper() else "func"


def _number_word(text: str) -> bool:
    from .numbers import word
    from .quantities_lexicon import lexicon as numbers_lexicon
    from .quantities_text import normalize_form

    return word(numbers_lexicon(), normalize_form(text))[0] in ("card", "hundred", "scale")


_ACRONYM = re.compile(r"[A-ZА-ЯÇĞİÖŞÜ]{2,6}")
_NAME_PREFIX = re.compile(r"(?:al|el|ad|as|ash|at|az|an|ar|ibn|bin|abu|abd|bint)-[A-Z]")
_ARABIC_LETTER = re.compile("[\u0600-\u064a\u0653-\u06ff]")  # what an Arabic letter of a form may match
_LATIN_LETTER = re.compile("[a-z]", re.IGNORECASE)  # all an ASCII letter may match, case ignored


@lru_cache(maxsize=1)
def _marker_scripts() -> tuple[re.Pattern | None, re.Pattern | None]:
    """For markers.ar and markers.en, a letter every match holds (when every form holds one)."""
    markers = cue_data()["unnamed"]
    return (_ARABIC_LETTER if all(_ARABIC_LETTER.search(f) for f in markers["ar"]["markers"]) else None,
            _LATIN_LETTER if all(re.search("[a-zA-Z]", f) for f in markers["en"]["markers"]) else None)


def _tokens(text: str, start: int, end: int, hits: list[tuple[int, int, Known]]) -> list[_Tok]:
    lex = lexicon()
    seg = text[start:end]
    ar = is_arabic(seg)
    spans: list[tuple[int, int, str, Known | None]] = []
    for hs, he, k in hits:
        if hs >= start and he <= end:
            spans.append((hs, he, "gaz", k))
    for key, present in zip(("markers.ar", "markers.en"), _marker_scripts()):
        if present is not None and not present.search(seg):
            continue  # no letter of the script its every marker holds
        for m in lex.phrases[key].finditer(text, start, end):
            spans.append((m.start(), m.end(), "marker", None))
    for m in lex.role_gate.finditer(text, start, end):
        if not any(s <= m.start() < e for s, e, _, _ in spans):
            spans.append((m.start(), m.end(), "role", None))
    out: list[_Tok] = []
    last_end = start
    # The span covering each position, the first listed where several do (names, then markers, then
    # roles), laid out once: looking through the spans for every word was a tenth of reading a statement.
    lo = min((sp[0] for sp in spans), default=0)
    owner: list = [None] * (max((sp[1] for sp in spans), default=0) - lo)
    for sp in reversed(spans):
        owner[sp[0] - lo:sp[1] - lo] = [sp] * (sp[1] - sp[0])
    for m in _TOKEN.finditer(text, start, end):
        s, e = m.span()
        gap = text[last_end:s]
        comma = "," in gap or "،" in gap
        last_end = e
        cover = owner[s - lo] if 0 <= s - lo < len(owner) else None
        if cover:
            if out and out[-1].start >= cover[0] and out[-1].kind == cover[2]:
                out[-1].end = max(e, out[-1].end)
                out[-1].text = text[out[-1].start:out[-1].end]
                continue
            out.append(_Tok(s, e, m.group(), cover[2], cover[3], comma))
            continue
        word = m.group()
        out.append(_Tok(s, e, word, _classify(word, ar), None, comma))
    return out


_OF = frozenset(("of", "de", "du", "des", "d'", "d’", "la", "l'", "l’", "the"))
_LINKERS = frozenset(("of", "for", "the", "and", "&", "de", "du", "des", "la", "le", "l'", "l’", "d'", "d’", "et"))


def _body_noun(word: str, ar: bool) -> bool:
    w = fold_word(word)
    nouns = lexicon().words["body_nouns"]
    return w in nouns or (ar and w[:1] in "وفل" and w[1:] in nouns) or (ar and w.startswith("ال") and w[2:] in nouns) \
        or (not ar and _suffixed_body(word))


def _suffixed_body(word: str) -> bool:
    """"Cumhurbaşkanlığı'nın": a capitalised word with an institution suffix, before any case ending."""
    stem = fold_word(word.split("'")[0].split("’")[0])
    return word[:1].isupper() and any(stem.endswith(x) and len(stem) > len(x) + 2 for x in lexicon().body_suffixes)


def _indefinite_run(toks: list, i: int, j: int) -> bool:
    """Every word from the body noun at ``i`` up to ``j`` is indefinite: an Arabic construct is still open."""
    return all(not fold_word(u.text).startswith("ال") and u.kind in ("noun", "onoun", "name") for u in toks[i:j])


def _idafa_link(toks: list, i: int, j: int) -> bool:
    """An Arabic construct (إضافة) goes on through indefinite nouns to the first definite one:
    "هيئة قناة السويس" (the Suez Canal Authority), "مجلس إدارة البنك". The word at ``j`` is an
    indefinite noun, the construct is still open, and a definite word follows within two words
    with no comma between (else "وأعلنت وزارة ارتفاع" would swallow what the body announced)."""
    t = toks[j]
    if t.kind not in ("noun", "onoun") or fold_word(t.text).startswith("ال") or not _indefinite_run(toks, i, j):
        return False
    for k in range(j + 1, min(j + 3, len(toks))):
        u = toks[k]
        if u.comma_before:
            return False
        if u.kind == "def" or (u.kind in ("noun", "onoun") and fold_word(u.text).startswith("ال")):
            return True
        if u.kind not in ("noun", "onoun") or fold_word(u.text).startswith("ال"):
            return False
    return False


def _body_end(toks: list, i: int, ar: bool) -> int:
    """After the body noun at ``i``, the words that name the body: "الخزانة الأمريكية", "of Public Health"."""
    j = i + 1
    while j < len(toks) and j - i < 7 and not toks[j].comma_before:
        t = toks[j]
        if ar and j == i + 1 and t.kind == "name" and not fold_word(toks[i].text).startswith("ال"):
            j += 1  # "مستشفى زوارة", "بلدية درنة": an indefinite body noun and the place it is of
        elif ar and _idafa_link(toks, i, j):
            j += 1  # "هيئة قناة السويس", "وزارة شؤون المرأة": an indefinite noun of the construct before its definite end
        elif ar and fold_word(t.text) in ("العام", "العامه"):
            j += 1  # "مديرية الأمن العام", "النيابة العامة"
        elif ar and j > i + 1 and t.kind in ("name", "noun") and fold_word(t.text).startswith("ل") \
                and len(fold_word(t.text)) >= 4 and j + 1 < len(toks) and toks[j + 1].kind == "def" \
                and not toks[j + 1].comma_before:
            j += 2  # "الاتحاد المصري لكرة القدم", "المجلس الأعلى للأمن القومي": what the body is for
        elif t.kind in ("def", "gaz") or (not ar and t.kind in ("name", "noun") and t.text[:1].isupper()) or (
                ar and t.kind in ("noun", "onoun") and fold_word(t.text).startswith("ال")
                and (t.kind == "noun" or _indefinite_run(toks, i, j))):  # "وزارة الداخلية", "هيئة القناة"
            j += 1  # "وزارة الخزانة الأمريكية", "Supreme Defense Council"
        elif not ar and j == i + 1 and toks[i].text[:1].isupper() and t.text.islower() and t.kind != "role" \
                and j + 1 < len(toks) and toks[j + 1].text.lower() in _LINKERS and not toks[j + 1].comma_before:
            j += 1  # "Conseil supérieur de la défense": an adjective after a capitalised head, then its "of"
        elif not ar and t.text.lower() in _LINKERS and j + 1 < len(toks) and (
                toks[j + 1].text[:1].isupper() or toks[j + 1].text.lower() in _LINKERS
                or fold_word(toks[j + 1].text) in _portfolio_words()
                or fold_word(toks[j + 1].text) in lexicon().words["common_nouns"]):  # "services de secours"
            j += 1  # "Ministry of Public Health", "ministère de l'Intérieur", "ministère de la santé"
        elif not ar and toks[i].text[:1].isupper() and t.text.lower() in _LINKERS and j + 3 < len(toks) \
                and toks[j + 1].text.islower() and len(toks[j + 1].text) >= 3 and toks[j + 2].text.lower() in _LINKERS \
                and toks[j + 3].text[:1].isupper() and not any(u.comma_before for u in toks[j + 1:j + 4]):
            j += 3  # "l'Autorité du canal de Suez", "Bank of the Republic of X": a common noun between two links
        elif not ar and j == i + 1 and (toks[i].text.islower() or t.text.lower() in ("du", "des")) \
                and t.text.lower() in ("des", "of", "du", "de", "d'", "d’") \
                and j + 1 < len(toks) and toks[j + 1].text.islower() and len(toks[j + 1].text) >= 4 \
                and not toks[j + 1].comma_before and toks[j + 1].kind not in ("role", "unnamed") \
                and fold_word(toks[j + 1].text) not in lexicon().words["function_words"]:
            j += 2  # "le syndicat des pilotes", "the union of teachers", "conseil d'administration": whose body it is
        elif not ar and t.text.islower() and t.kind not in ("role", "unnamed") and _relational_adjective(t.text):
            j += 1  # "la présidence nigérienne", "l'Union africaine", "la commission électorale": whose or what body
        elif not ar and t.text.islower() and re.match("[а-яё]", t.text) and fold_word(t.text) in _portfolio_words():
            j += 1  # "Министерстве финансов", "министерства обороны": the portfolio in the genitive, with no "of"
        elif not ar and toks[j - 1].text.lower() in _LINKERS and (
                fold_word(t.text) in _portfolio_words() or fold_word(t.text) in lexicon().words["common_nouns"]):
            j += 1
        else:
            break
    while not ar and j > i + 1 and toks[j - 1].text.lower() in _LINKERS:
        j -= 1  # "département californien de la protection": a link with nothing after it is no part of the name
    return j


@lru_cache(maxsize=1)
def _place_nouns() -> frozenset[str]:
    return frozenset(fold_word(w) for ws in (cue_data().get("title_place_nouns") or {}).values() for w in ws)


def _place_noun(word: str) -> bool:
    """A noun of the place a title is of, before its name ("ولاية", "штата": data title_place_nouns)."""
    return fold_word(word) in _place_nouns()


def _holder_after_place(toks: list, k: int, ar: bool) -> bool:
    """After a title's place noun, at ``k``: the place's one word, then the holder's name of two to four
    names (capitalised; in Arabic, running to the phrase's end: "حاكم منطقة خيرسون بدء عمليات الإجلاء" names
    no holder). "мэра города Владимира Леонтьева": one name after is a first name, not a place."""
    if k >= len(toks) or toks[k].kind not in ("name", "gaz") or any(t.comma_before for t in toks[k - 1:k + 1]):
        return False
    e = k + 1
    while e < len(toks) and toks[e].kind == "name" and not toks[e].comma_before and (ar or toks[e].text[:1].isupper()):
        e += 1
    return 2 <= e - k - 1 <= 4 and (not ar or e == len(toks))


@lru_cache(maxsize=1)
def _adjective_endings() -> tuple[tuple[str, ...], frozenset[str]]:
    block = cue_data().get("body_adjective_endings") or {}
    ends = tuple(w for lang, ws in block.items() if lang != "except" for w in ws)
    return ends, frozenset(fold_word(w) for w in block.get("except", ()))


def _relational_adjective(word: str) -> bool:
    """A French adjective of nationality or domain after a body noun (data: body_adjective_endings)."""
    ends, never = _adjective_endings()
    w = word.lower()
    return len(w) >= 5 and w.endswith(ends) and fold_word(w) not in never \
        and fold_word(w) not in lexicon().words["function_words"] and name_key(w) not in lexicon().cues


@lru_cache(maxsize=1)
def _known_words() -> frozenset[str]:
    lex = lexicon()
    return lex.words["function_words"] | lex.words["common_nouns"] | lex.unnamed_nouns


def clause_start(text: str, start: int, end: int) -> int:
    """In English, where the subject before a verb begins: "Turkey will sign soon, Demir said" -> "Demir".

    Comma-separated chunks before the verb belong to the subject while they
    read as appositions ("Ismail Demir, head of Turkey's SSB,"): no lowercase
    word that is not a function word, generic noun, title or unnamed noun.
    """
    lex = lexicon()
    known_words = _known_words()
    cuts = [m.end() for m in _COMMA.finditer(text, start, end)]
    begin = cuts[-1] if cuts else start
    for cut in reversed([start, *cuts[:-1]]):
        chunk = text[cut:begin]
        words = re.findall(r"\b[a-z][a-z-]+\b", chunk)
        # "citing a diplomatic source", "speaking to the AP": a parenthesis, part of the subject's frame
        aside = (bool(re.match(r"\s*(?:\w+ing|who|which)\b", chunk)) or bool(lex.cue_gate.search(chunk))
                 or bool(lex.phrases["markers.en"].search(chunk)))
        loose = [w for w in words if fold_word(w) not in known_words and not lex.role_gate.fullmatch(w)
                 and not w.endswith("-")]  # "al-Ghaithi": a particle of the name
        # "Tomas Verhoeven, the project director, told": a short chunk holding a title is an
        # apposition of the name before it, whatever other words qualify the title
        titled = len(chunk.split()) <= 12 and lex.role_gate.search(chunk) is not None and cut > start
        # "Omar Haddad, a rescue official, told": an unnamed noun with an article describes the name too
        titled = titled or (cut > start and len(chunk.split()) <= 6 and re.match(r"\s*(?:a|an|the)\s", chunk)
                            is not None and any(fold_word(w) in lex.unnamed_nouns for w in words))
        if loose and not aside and not titled:
            break
        if cut == start and re.match(r"\s*[A-Z]\w+ing\b", chunk) and begin > start:
            break  # "Speaking on state television, a spokesman said": a clause opening the sentence frames the subject
        begin = cut
    return begin
