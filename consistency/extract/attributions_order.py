"""Where the speaker stands by the language's word order, once the cue is found (attributions_read.py).

Turkish puts the verb last and its subject first ("AFAD, ... duyurdu", "Bakan Koca ... açıkladı") and
"according to" after its source ("AFAD verilerine göre"); Russian and French may put the words first and
the subject after the verb ("..., сообщил ... глава МВД Игорь Клименко").
"""

from __future__ import annotations

import re

from ..model import Entity
from .attributions_lexicon import SAYING, fold_word, lexicon
from .attributions_speaker import parse_phrase

__all__ = ["word_order"]

# a Turkish sentence opening with capitalised words and no comma: "Bakan Pakdemirli yaptığı ..."
# ("Denizaltı uzmanı Paul Hankin ise ...": a lower-case compound head in the possessive, a title, may stand
# between the capitalised words; the name after it is the subject's)
_TR_OPENING = re.compile(r"(?:[A-ZÇĞİÖŞÜ][\w'’.-]*\s+)+(?:[a-zçğıöşü]+(?:s?[ıiuü])\s+(?:[A-ZÇĞİÖŞÜ][\w'’.-]*\s+)+)?")
# an opening adverbial ending in a lower-case word, before the capitalised subject: "X'in tespitlerinin ardından"
_TR_ADVERBIAL = re.compile(r"[^,]*\s[a-zçğıöşü][\w'’]*\s+(?=[A-ZÇĞİÖŞÜ])")
# a Turkish converb closing a clause: "bildirirken" (while reporting), "gelince", "yaparak"
# "Kanalı işleten Süveyş Kanalı Otoritesi'ne (SCA) göre": before a bare "göre", the source is the capitalised
# run that ends in the dative; a lower-case participle before it ("işleten": which operates) qualifies it
_TR_DATIVE_RUN = re.compile(r"(?:[A-ZÇĞİÖŞÜ][\w.&-]*(?:['’]\w+)?\s+)*[A-ZÇĞİÖŞÜ][\w.&-]*['’](?:n|y)?[aeAE]"
                            r"(?:\s+\([^)]{1,20}\))?\s+$")
_TR_STATEMENT_TAIL = re.compile(r"\s+(?:[a-zçğıöşü]+\s+)?yaptığı\s+(?:[a-zçğıöşü]+\s+)?açıklama(?:da|sında)\s*$")
_TR_CONVERB = re.compile(r"\w(?:[ae]?rken|ken|[ıiuü]nca|[ıiuü]nce|[ae]rak|[ae]rek)\s*$")
_WORD_AFTER = re.compile(r"(?:['’]\w+)?\s+(\w+)")


_NAMED_NOUN = re.compile(r"(?:le|la|les|l['’])\s*[A-ZÀ-ÖØ-Þ]\w*(?:\s+(?:de|du|des|d['’]|de\s+la|de\s+l['’])?\s*[A-ZÀ-ÖØ-Þa-zà-ÿ'’()-]+)*$")


def _words_first(head: str) -> bool:
    """The reported words come first and the verb after a comma: a quote, or a clause of two words or
    more ("Шесть человек пострадали ..., сообщили"), not a subject set off ("L'ONU, elle, fait état")."""
    # "», - заявил", "», a cependant indiqué": a dash, or an auxiliary and an adverb, before the verb
    head = re.sub(r"(?:\s+(?:a|ont|avait|avaient)(?:\s+\w+)?|\s*[-–—])\s*$", "", head.rstrip()).rstrip()
    if head.endswith(("»", "\"", "”")):
        return True
    if not head.endswith(","):
        return False
    chunk = head[:-1]
    words = chunk[chunk.rfind(",") + 1:].split()
    # ("le chef de la Garde, Abdourahamane Tiani, a annoncé": a name set off by commas is the subject, no clause;
    # "Son gouvernement, le Conseil d'administration de l'Etat (SAC), a déclaré": nor is a named body in apposition)
    return len(words) >= 2 and not all(w[:1].isupper() for w in words) \
        and not _NAMED_NOUN.match(" ".join(words))


def _dative_after(text: str, end: int) -> str:
    """The word after a name (past its suffix: "AA'nın muhabirine" -> "muhabirine"), folded."""
    m = _WORD_AFTER.match(text, end)
    return fold_word(m.group(1)) if m else ""



def word_order(text: str, primary: re.Match, cue, d, quotes, hits, lang: str):
    """The draft read with the subject where the statement's language puts it (``d`` when nothing moves)."""
    from .attributions_read import Draft

    lex = lexicon()
    if cue.lang == "tr" and cue.kind in SAYING:
        # Turkish puts the verb last and its subject first, set off by a comma:
        # "AFAD, ... duyurdu", "Bakan Koca, ... açıkladı"
        comma = text.find(",", 0, primary.start())
        if comma <= 0:
            # no comma: a known body or person opening the sentence is the subject ("Ukrayna hükümeti ... açıkladı")
            comma = next((e for s, e, _ in hits if not text[:s].strip() and e < primary.start()), -1)
            opening = _TR_OPENING.match(text, 0, primary.start()) if comma > 0 else None
            if opening and opening.end() > comma + 1:
                comma = opening.end()  # "Türkiye İstatistik Kurumu (TÜİK) ...": the known name opens a longer one
        if comma <= 0:
            # "Bakan Pakdemirli yaptığı açıklamada ... duyurdu": the capitalised words opening the sentence
            opening = _TR_OPENING.match(text, 0, primary.start())
            comma = opening.end() if opening else -1
        lead_at = 0
        if comma > 0 and _TR_CONVERB.search(text[:comma]):
            # "Yetkililer ... bildirirken, Bakan Memişoğlu ... söyledi": a converb clause ("while ...")
            # comes first; the subject opens what follows its comma
            pos = comma + 1 + len(text[comma + 1:]) - len(text[comma + 1:].lstrip())
            opening = _TR_OPENING.match(text, pos, primary.start())
            if opening:
                lead_at, comma = pos, min(opening.end(), text.find(",", pos) if "," in text[pos:primary.start()] else opening.end())
        if comma > 0:
            # "Akıncı'nın tespitlerinin ardından İran Kızılayı, ...": the subject stands last before the
            # comma, after any lower-case adverbial that opens the sentence
            lead = _TR_ADVERBIAL.match(text, lead_at, comma)
            tail = _TR_STATEMENT_TAIL.search(text, lead_at, comma)
            comma = tail.start() if tail else comma  # "Şirket yaptığı açıklamada": the subject before "its statement"
            ph = parse_phrase(text, lead.end() if lead else lead_at, comma, hits, lang)
            if lead and ph.empty:
                ph = parse_phrase(text, lead_at, comma, hits, lang)
            if not ph.empty:
                # "Yasin Aktay, AA muhabirine, ... açıklamalarda bulundu": the outlet whose reporter heard it
                heard = [(s, Entity(k.id, text[s:e], "outlet", k.name)) for s, e, k in hits
                         if k.kind == "outlet" and comma <= s < primary.start()
                         and _dative_after(text, e) in lex.words["outlet_datives"]]
                d = Draft(cue, primary.start(), primary.end(), ph, list(ph.outlets) + heard,
                          [(primary.start(), primary.end()), (ph.start, ph.end)], (comma + 1, primary.start()))
    if cue.lang == "tr" and cue.kind == "according" and d is not None and (d.phrase.start >= primary.end() or not (
            d.phrase.person or d.phrase.role or d.phrase.body or d.phrase.outlets)):
        # "AFAD verilerine göre", "AFAD'dan alınan bilgilere göre": the source stands before "göre"
        # (a postposition: what follows it is the sentence's own subject, "... açıklamaya göre Putin, ...")
        start = text.rfind(",", 0, primary.start()) + 1
        run = _TR_DATIVE_RUN.search(text, start, primary.start()) if primary.group().lower() == "göre" else None
        start = run.start() if run else start
        alias = text.find("(", start, primary.start()) if run else -1  # "(SCA)": the name's alias, not more name
        ph = parse_phrase(text, start, alias if alias > 0 else primary.start(), hits, lang)
        if ph.person or ph.role or ph.body or ph.outlets or (ph.anaphor and ph.end > ph.start):
            d = Draft(cue, primary.start(), primary.end(), ph, list(ph.outlets),
                      [(ph.start, primary.end())], (primary.end(), len(text)))
        elif d.phrase.start >= primary.end():
            # "Bugün yapılan açıklamada ise Kahramanmaraş, ...": no source before the postposition; what
            # follows is the sentence's own subject (the caller may read whose statement it was)
            d = Draft(cue, primary.start(), primary.end(), ph, [], [(primary.start(), primary.end())],
                      (primary.end(), len(text)))
    if cue.lang in ("ru", "fr") and cue.kind in (*SAYING, "report") and d is not None \
            and _words_first(text[:primary.start()]) \
            and not (d.phrase.start >= primary.end() and (d.phrase.person or d.phrase.role or d.phrase.body)):
        # "..., сообщил РИА Новости во вторник руководитель ... Дмитрий Ищенко", "..., a déclaré aux
        # journalistes le directeur ..., X": the words come first, the verb after a comma, and its
        # subject closes the sentence, past the addressee, outlet and day (what the zone stops at)
        tail = max([primary.end()] + [e for _, e in quotes if e > primary.end()])
        ph = parse_phrase(text, tail, len(text.rstrip(" .!?\n")), hits, lang, before_verb=True)
        for comma in [i for i, c in enumerate(text) if c == "," and i > tail][:2]:
            if ph.person or ph.role or ph.body or ph.unnamed:
                break
            # "« Assez », a déclaré lundi la juge Linda Chan, Evergrande n'ayant ...": an absolute clause or an
            # apposition may follow the subject after a comma; the subject is read up to it
            ph = parse_phrase(text, tail, comma, hits, lang, before_verb=True)
        # ("..., сообщило в среду Bloomberg News": after a verb of reporting, an outlet alone is its subject,
        # unless a person opening the sentence spoke and the outlet relays him: "Премьер Х ..., передает «Интерфакс»")
        if ph.person or ph.role or ph.body or ph.unnamed or (
                cue.kind == "report" and ph.outlets and ph.score <= 0.25 and not (
                    d.phrase.role or (d.phrase.person and " " in d.phrase.person))):
            via = list(ph.outlets) + [o for o in d.via if o[0] >= primary.end() and o not in ph.outlets]
            d = Draft(cue, primary.start(), primary.end(), ph, via,
                      [(primary.start(), primary.end()), (ph.start, ph.end)], (0, primary.start()))
    if cue.lang == "ru" and cue.kind in SAYING and d is not None and d.phrase.score == 0 and not (
            d.phrase.anaphor and d.phrase.end <= primary.start() and text[d.phrase.start:d.phrase.end].strip(" ,")):
        # (not after "Ведомство подтвердило ...": a noun pointing back is the subject before the verb)
        # "Эти данные ... назвал в эфире телемарафона «...» глава МВД Игорь Клименко": the subject closes the
        # sentence, after the medium and any quoted programme name
        tail = max([primary.end()] + [e for _, e in quotes if e > primary.end()])
        ph = parse_phrase(text, tail, len(text.rstrip(" .!?\n")), hits, lang)
        if ph.person or ph.role:
            d = Draft(cue, primary.start(), primary.end(), ph, list(ph.outlets),
                      [(primary.start(), primary.end()), (ph.start, ph.end)], (0, primary.start()))
    return d
