"""The bodies a sentence names, and of what kind, for the generic body nouns of later sentences.

A body is named by any sentence, said or not: a known organisation
(organisations.yaml), a capitalised name holding a word of a body kind or a
body noun ("Northern Grid Company", "Enerji Piyasası Düzenleme Kurumu"), which
no person's name holds, a quoted name after a body noun ("بنك «الواحة»"), or an
acronym, which is the body it abbreviates ("Portmere Savings Bank (PSB)").
attributions_memory.py keeps them for the article and reads "The company said",
"В корпорации заявили", "وقالت المؤسسة" against them.

It also reads the name of a body in a speaker phrase (``read_body_noun``): a
name in apposition to a common noun is the body's own ("the shipping company
Nordvik Lines", "в компании «Северный поток»", "شركة الخليج للشحن"), and a
country naming whose outlet it is does not speak ("Saudi state news agency SPA").
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..entities import Known, _portfolio_words, government_of, resolve
from ..model import Entity
from .attributions_lexicon import cue_data, fold_word, known_in, lexicon
from .attributions_phrase import _CASE_ENDING, Phrase, _named_body, _strip_bi
from .attributions_tokens import _ACRONYM as _TOKEN_ACRONYM, _TOKEN, _body_end, _body_noun, _tokens

__all__ = ["body_kinds_of", "named_bodies", "named_body_kinds", "read_body_noun"]

# a capitalised run, with the linking words and quotes a body's name holds: "Bank of the Republic",
# "Госкорпорация «Росатом»", "Türk Hava Yolları"
_CAP = r"[A-ZÀ-ÖØ-ÞА-ЯЁÇĞİÖŞÜ][\w'’&.-]*"
_RUN = re.compile(rf"[«\"“]?{_CAP}[»\"”]?(?:\s+(?:(?:of|the|and|&|de|du|des|la|le|et|ve|d['’]|l['’])\s*)*[«\"“]?{_CAP}[»\"”]?)*")
_LEAD = re.compile(r"^(?:(?:The|La|Le|Les|A|An|Un|Une)\s+|L['’]\s*)+")
_NOUN_QUOTED = re.compile(r"([\w-]+)\s+[«\"“]\s?([^»\"”]{2,60}?)\s?[»\"”]")
_QUOTED = re.compile(r"[«\"“]([^»\"”]{2,60})[»\"”]")
_ACRONYM = re.compile(r"[A-ZА-ЯÇĞİÖŞÜ]{2,6}")
_LINKS = frozenset(("of", "the", "de", "du", "des", "la", "le", "l'", "l’", "d'", "d’", "et", "and", "for"))
_TR_CASE = re.compile(r"['’][a-zçğıöşü]{1,5}$")


@lru_cache(maxsize=1)
def _kinds() -> dict[str, frozenset[str]]:
    block = cue_data().get("body_kinds", {})
    return {k: frozenset(fold_word(w) for w in words) for k, words in block.items()}


def body_kinds_of(name: str) -> frozenset[str]:
    """The kinds of body a name's words say it is ("Aurelia Motors": company; "the regulator": regulator)."""
    out: set[str] = set()
    for w in re.findall(r"[\w'’-]+", name):
        w = fold_word(_TR_CASE.sub("", w).replace("İ", "i"))  # "İşletmesi": no combining dot on the folded i
        for v in (w, w[2:] if w.startswith("ال") else w, w[1:] if w[:1] in "وفل" else w):
            out.update(k for k, words in _kinds().items() if v in words)
    return frozenset(out)


def _bodyish(run: str) -> bool:
    words = run.split()
    if any(_body_noun(w, False) for w in words):
        return True
    # "Aurelia Motors", "Oceanic Container Lines" (not "Michael Lines": a surname may be a body's word too)
    return bool(body_kinds_of(words[-1])) and (len(words) >= 3 or fold_word(_TR_CASE.sub("", words[-1]).replace("İ", "i"))
                                               in lexicon().words["name_final_bodies"])


def named_bodies(text: str) -> list[tuple[int, Entity]]:
    """(position, body) of every body the sentence names, in order."""
    return [(p, body) for p, body, _ in named_body_kinds(text)]


# Read for every statement of every article (attributions_memory.py), also for the repeats of a
# sentence that extract_attributions reads once: the answer depends on the text alone, and callers
# only iterate over it.
@lru_cache(maxsize=1 << 16)
def named_body_kinds(text: str) -> list[tuple[int, Entity, frozenset[str]]]:
    """(position, body, the kinds its naming words say) of every body the sentence names, in order (shared: never change it)."""
    out: list[tuple[int, Entity, frozenset[str]]] = []
    taken: list[tuple[int, int]] = []
    hits = known_in(text)
    for s, e, k in hits:
        if k.kind == "organisation" and not k.id.startswith("type:"):  # "Central Bank": the run names whose
            kinds = body_kinds_of(text[s:e]) or body_kinds_of(k.name)
            out.append((s, Entity(k.id, text[s:e], "organisation", k.name), kinds))
        if k.kind == "outlet" or (k.kind == "organisation" and not k.id.startswith("type:")):
            taken.append((s, e))  # an outlet carries words, it is not the body a noun points back to
    for m in _NOUN_QUOTED.finditer(text):
        # "Концерн «Северный металл»", "la compagnie « Air Lumière »", "بنك «الواحة»": the quoted name after a
        # body noun, of the kind the noun says
        if (_body_noun(m.group(1), False) or body_kinds_of(m.group(1))) and not any(
                s < m.end() and m.start() < e for s, e in taken):
            out.append((m.start(), resolve(m.group(2).strip(), "organisation"), body_kinds_of(m.group(1))))
            taken.append((m.start(), m.end()))
    if any("\u0621" <= c <= "\u064a" for c in text[:40]):
        out += _arabic_bodies(text, hits, taken)
    else:
        for m in _RUN.finditer(text):
            run = _LEAD.sub("", m.group()).strip("«»\"“” ")
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            if _ACRONYM.fullmatch(run):
                # "La SNCF a suspendu": an acronym is a body; "Portmere Savings Bank (PSB)": of the kind of
                # the name it abbreviates
                before = [b for b in out if b[0] < m.start()]
                if text[:m.start()].rstrip().endswith("(") and before:
                    _, full, kinds = max(before, key=lambda b: b[0])  # one body, two names
                    out.append((m.start(), Entity(full.id, run, "organisation", full.canonical or full.name), kinds))
                else:
                    out.append((m.start(), resolve(run, "organisation"), frozenset()))
                continue
            if len(run.split()) < 2 or not _bodyish(run):
                continue
            run = _TR_CASE.sub("", run)
            quoted = _QUOTED.search(m.group())
            # "Госкорпорация «Росатом»": the name in quotes after a body noun is the body's own name
            out.append((m.start(), resolve(quoted.group(1) if quoted else run, "organisation"), body_kinds_of(m.group())))
    return sorted(out, key=lambda x: x[0])


def _arabic_bodies(text: str, hits, taken: list[tuple[int, int]]) -> list[tuple[int, Entity, frozenset[str]]]:
    """"شركة السكك الحديد الفرنسية", "المؤسسة الوطنية للنفط": a body noun and the words that name it (two or more)."""
    out: list[tuple[int, Entity, frozenset[str]]] = []
    # Most sentences hold no body noun at all: tokenising them (known names, markers, roles, each word
    # classed) is most of the cost, so look at the bare words first. A token of kind "noun" is one such
    # word, so no word a body noun means no body.
    if not any(_arabic_body_word(w) for w in _TOKEN.findall(text)):
        return out
    toks = _tokens(text, 0, len(text), hits)
    i = 0
    while i < len(toks):
        t = toks[i]
        if t.kind == "noun" and _body_noun(_strip_bi(t.text), True) and not any(s <= t.start < e for s, e in taken):
            j = _body_end(toks, i, True)
            if j > i + 1:
                apart = arabic_apposed(toks, i, j)
                body = text[toks[apart[0]].start if apart else t.start:toks[j - 1].end]
                if not apart and body[:1] in "وفل" and fold_word(t.text) not in lexicon().words["body_nouns"]:
                    body = body[1:]
                out.append((t.start, resolve(body, "organisation"), body_kinds_of(text[t.start:toks[j - 1].end])))
                i = j
                continue
        i += 1
    return out


@lru_cache(maxsize=1 << 16)
def _arabic_body_word(word: str) -> bool:
    return _body_noun(_strip_bi(word), True)


def is_body_anaphor(noun: str, lang: str) -> bool:
    """"the company", "l'entreprise", "в корпорации", "Şirketten", "المؤسسة": a generic body noun alone."""
    rx = lexicon().phrases.get(f"anaphoric_orgs.{'ar' if lang == 'ar' else 'en'}")
    return rx is not None and rx.fullmatch(noun.strip(" ,،")) is not None


def apposed(text: str, toks: list, i: int, j: int) -> tuple[int, int] | None:
    """"la société de services maritimes Castel Marine", "в компании «Северный поток»": after a lower-case
    body noun (``toks[i]``, its words up to ``j``) and at most three lower-case words that qualify it, a
    quoted or capitalised name in apposition is the body's own name; its (first, end) token indexes."""
    head = toks[i].text
    if not head.islower() or fold_word(head) in _government_words():
        return None  # "le gouvernement Barnier": a government is named by its head, not in apposition
    for k in range(i + 1, min(len(toks), i + 5)):
        if toks[k].comma_before:
            break
        if any(q in text[toks[k - 1].end:toks[k].start] for q in "«\"“"):
            # a quoted name, to its closing quote: "компании «Северный поток»"
            e = next((e for e in range(k, min(len(toks), k + 5)) if text[toks[e].end:toks[e].end + 1] in "»\"”"), None)
            return (k, e + 1) if e is not None and toks[k].text[:1].isupper() else None
    for k in range(i + 1, j):
        if toks[k].kind == "name" and toks[k].text[:1].isupper():
            # "l'armateur taïwanais Evergreen", "the shipping company Nordvik Lines": the name _body_end took in
            between = toks[i + 1:k]
            if all(u.text.islower() and u.text.lower() not in _LINKS or (u.known is not None and u.known.kind == "country")
                   for u in between):
                return k, j
            break
    words = lexicon().words["function_words"]
    k = j
    while k < len(toks) and k - j < 3 and not toks[k].comma_before and toks[k].text.islower() \
            and toks[k].kind not in ("role", "unnamed") and (fold_word(toks[k].text) not in words
                                                            or toks[k].text.lower() in ("de", "des")):
        k += 1  # "de services maritimes": what kind of company it is
    if k == j or k >= len(toks) or toks[k].comma_before or toks[k].kind not in ("name", "gaz"):
        return None  # right after the body's own words, a capitalised word was already read by _body_end
    e = k
    while e < len(toks) and e - k < 4 and toks[e].kind in ("name", "gaz") and (e == k or not toks[e].comma_before):
        e += 1
    return k, e


@lru_cache(maxsize=1)
def _government_words() -> frozenset[str]:
    return frozenset(fold_word(w) for ws in cue_data().get("government_nouns", {}).values() for w in ws)


def outlet_adjective(toks: list, i: int) -> bool:
    """"Saudi state news agency SPA", "Iranian state television": the country names whose outlet it is, it
    does not speak (an outlet noun or a known outlet within the next few lower-case words)."""
    if toks[i].known is None or toks[i].known.kind != "country":
        return False
    back = toks[max(0, i - 3):i]
    if any(t.kind == "onoun" for t in back) and not any(t.comma_before for t in toks[i - len(back) + 1:i + 1]):
        return True  # "وكالة الأنباء السعودية الرسمية": the adjective after the outlet's noun
    for t in toks[i + 1:i + 5]:
        if t.comma_before:
            return False
        if t.kind == "onoun" or (t.known is not None and t.known.kind == "outlet"):
            return True
        if not t.text.islower():
            return False
    return False


def arabic_apposed(toks: list, i: int, j: int) -> tuple[int, int] | None:
    """"شركة السكك الحديدية الفرنسية", "وقالت شركة الخليج للشحن": the common noun of a company (data:
    ``appositive_nouns``) before the words that name it is not part of the name; (first, end) of the name."""
    head = fold_word(_strip_bi(toks[i].text))
    for clitic in ("و", "ف", "ل", "ب"):
        if head.startswith(clitic) and head[1:] in _appositive():
            head = head[1:]
    if j > i + 1 and head.removeprefix("ال") in _appositive():
        return i + 1, j
    return None


@lru_cache(maxsize=1)
def _appositive() -> frozenset[str]:
    return frozenset(fold_word(w) for ws in cue_data().get("appositive_nouns", {}).values() for w in ws)


def _quoted_end(text: str, toks: list, i: int, j: int) -> int:
    """After a body noun, a quoted name runs to its closing quote ('شركة "أوشن غيت" المشغلة': both words, not one)."""
    if i + 1 >= len(toks) or not _QUOTE_OPEN.search(text, toks[i].end, toks[i + 1].start):
        return j
    for k in range(i + 1, min(len(toks), i + 7)):
        if _QUOTE_CLOSE.match(text, toks[k].end) or (k + 1 < len(toks) and _QUOTE_CLOSE.search(
                text, toks[k].end, toks[k + 1].start)):
            return max(j, k + 1)
    return j


_QUOTE_OPEN = re.compile(r"[«\"“„]")
_QUOTE_CLOSE = re.compile(r"\s?[»\"”]")


# The body a speaker phrase names with a body noun (attributions_speaker.py calls it): "وزارة الخزانة
# الأمريكية", "the Ministry of Public Health", "la société de services maritimes Castel Marine".
def read_body_noun(ph: Phrase, text: str, toks: list, i: int, ar: bool) -> int:
    """Set ``ph.body`` from the body noun at ``toks[i]`` and the words that name it; the index after them."""
    lex = lexicon()
    j = _body_end(toks, i, ar)
    # "the interior ministry": a portfolio word before the body noun names it too; a name in apposition
    apart = apposed(text, toks, i, j) if not ar else arabic_apposed(toks, i, j)
    first, j = apart or (i - 1 if i and not ar and fold_word(toks[i - 1].text) in _portfolio_words() else i, j)
    j = _quoted_end(text, toks, i, j)
    if ar and apart and toks[j - 1].kind == "gaz" and toks[j - 1].known is not None and toks[j - 1].known.kind == "country":
        # "شركة سعودي أوجيه": after a company's noun, a nationality word that a name follows opens the name
        while j < len(toks) and j - first < 4 and toks[j].kind == "name" and not toks[j].comma_before:
            j += 1
    k = j
    while not ar and k < len(toks) and k - j < 5 and not toks[k].comma_before and toks[k].text.islower() \
            and "(" not in text[toks[k - 1].end:toks[k].start]:
        k += 1
    if k > j and k < len(toks) and "(" in text[toks[k - 1].end:toks[k].start] and _TOKEN_ACRONYM.fullmatch(toks[k].text):
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
