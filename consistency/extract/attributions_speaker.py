"""Read a speaker phrase: who (name, title, body, or nobody named) and which outlets.

A phrase is the stretch of a sentence next to a cue. Tokens are classed by the data (attributions_tokens.py);
what is left and looks like a name is one. attributions_clause.py first leaves out the clauses around the
subject; attributions_phrase.py holds the Phrase and the readings it shares.
"""

from __future__ import annotations

from ..entities import Known, _portfolio_words, resolve, role_class
from ..model import Entity
from .attributions_bodies import body_kinds_of, outlet_adjective, read_body_noun
from .attributions_clause import _locative_body, _titles_out, subject_tokens
from .attributions_lexicon import fold_word, lexicon
from .attributions_phrase import (_CASE_ENDING, _CYRILLIC, _NAME_PARTICLES, _NEGATIONS, _PATRONYMIC, _POSSESSIVE, Phrase,
                                  _arabic_title_body, _article_before, _country_only, _genitive_owner_end, _kind_with_owner,
                                  _known_person_prefix, _national_body, _own, _owned, _particle_run, _typed_owner_end,
                                  finish_phrase)
from .attributions_tokens import _ACRONYM, _OF, _Tok, _body_end, _body_noun, _holder_after_place, _place_noun, _tokens

__all__ = ["Phrase", "parse_phrase"]


def parse_phrase(text: str, start: int, end: int, hits: list[tuple[int, int, Known]], lang: str,
                 *, after_verb: bool = False, before_verb: bool = False, speech: bool = False) -> Phrase:
    """Read text[start:end] as a speaker phrase.

    ``after_verb``: the phrase follows an Arabic verb, whose subject comes
    first; a preposition there ("أشار إلى", "كشف عن") means no subject. ``speech``: the verb says
    (it does not relay or report), so a bare object after it leaves the speaker to the sentence before.
    """
    lex = lexicon()
    seg = text[start:end].strip(" \t،,:؛\"“”«»")
    ph = Phrase(start, end)
    if not seg:
        ph.anaphor = True
        return ph
    if lex.phrases[f"pronouns.{lang}"].fullmatch(seg) or lex.phrases[f"anaphoric_orgs.{lang}"].fullmatch(seg):
        ph.anaphor = True  # "he", "the company", "Şirketten": someone named before (attributions_bodies.py)
        return ph
    toks = _tokens(text, start, end, hits)
    if lang != "ar":
        toks = _titles_out(text, toks, ph)  # "Interrogée par Le Monde, ...": before the clause around the subject goes
    toks = subject_tokens(text, start, end, toks, lang, before_verb)
    if after_verb and toks and toks[0].kind == "func":
        ph.anaphor = True
        return ph
    ar = lang == "ar"
    if not ar and _locative_body(toks, lex.words["function_words"]):
        # "В Белом доме назвали", "заявили в Кремле": Russian names a body by where it sits, with a
        # plural verb and no subject; the place is the body that speaks, never a person
        body = text[toks[1].start:toks[-1].end]
        known = toks[1].known if toks[1].kind == "gaz" and len(toks) == 2 and toks[1].known is not None else None
        ph.body = (known or Known(resolve(body, "organisation").id, "organisation", body, (body,)), body)
        ph.institution = True
        ph.start, ph.end = toks[0].start, toks[-1].end
        ph.who_start, ph.who_end = toks[1].start, toks[-1].end
        return ph
    name: list[_Tok] = []
    role_i: int | None = None
    title_from: int | None = None
    used: list[_Tok] = []
    carried: list[_Tok] = []  # the words of outlets that carried the words
    i = 0
    while i < len(toks):
        t = toks[i]
        if ar and not used and ph.body is None and _national_body(toks, i):
            # "وقالت السكك الحديدية الفرنسية": definite words and a nationality name a body of that country
            _own(ph, text[toks[0].start:t.end])
            ph.body, ph.institution = (ph.organisation, ph.organisation_text), True
            used.extend(toks[:i + 1])
            i += 1
            continue
        if t.kind == "gaz" and t.known is not None:
            used.append(t)
            if t.known.kind == "outlet":
                ph.outlets.append((t.start, Entity(t.known.id, t.text, "outlet", t.known.name)))
                carried.append(t)
            elif ph.organisation is None or (ph.organisation.kind == "country" and t.known.kind == "organisation"):
                ph.organisation, ph.organisation_text = t.known, t.text
            owner = ph.body is not None and ph.body[0].kind == "country" and all(
                u.kind == "gaz" and u.known is not None and u.known.kind == "country" for u in used[:-1])
            if t.known.kind == "organisation" and owner:
                ph.body = (t.known, t.text)  # "Lebanon's Supreme Defense Council": the country only owns it
            elif ph.body is None and t.known.kind != "outlet" and not outlet_adjective(toks, i) and (not used[:-1] or (
                    t.known.kind == "organisation" and carried
                    and all(u in carried or u.kind == "func" for u in used[:-1]))):
                # ("агентство «Анадолу» со ссылкой на ЦИК": after the outlet that carried it, the body speaks)
                ph.body = (t.known, t.text)
                if ar and after_verb and t.known.kind == "organisation":
                    ph.institution = True  # "أعلنت الحكومة اللبنانية حالة الطوارئ": the rest is the object
            e = _kind_with_owner(ph, text, toks, i) if not ar else i + 1
            if e > i + 1:  # "Central Bank of Egypt", "Banque centrale d'Egypte"
                used.extend(toks[i + 1:e])
                i = e
                continue
        elif t.kind == "onoun":
            # "صحيفة Defense News", "وكالة سبوتنيك": an outlet even when unlisted
            j = i + 1
            while j < len(toks) and toks[j].kind == "name" and j - i <= 3:
                j += 1
            if j > i + 1:
                words = text[toks[i + 1].start:toks[j - 1].end]
                ph.outlets.append((toks[i + 1].start, resolve(words, "outlet")))
                used.extend(toks[i:j])
                carried.extend(toks[i:j])
                i = j
                continue
        elif t.kind == "noun" and not name and _body_noun(t.text, ar) and (
                (not used and ph.body is None) or (not ar and used and all(_POSSESSIVE.search(u.text) for u in used))
                or (not ar and ph.unnamed and ph.body is None and all(u.kind in ("unnamed", "marker", "func") for u in used))
                or (not ar and used and _country_only([u for u in used if fold_word(u.text) not in _portfolio_words()]))):
            # ("the Syrian Ministry of Health": the nationality only owns the body)
            # ("Syria's Ministry of Health": the possessive only owns the body)
            # "قالت وزارة الخزانة", "the Supreme Defense Council", "le ministère de l'Intérieur":
            # an institution speaks for itself
            j = read_body_noun(ph, text, toks, i, ar)
            ph.institution = True
            used.extend(toks[i:j])
            i = j
            continue
        elif t.kind == "role" and role_i is None:
            role_i = len(used)
            used.append(t)
            e = _arabic_title_body(ph, text, toks, i) if ar else None
            if e is not None:
                used.extend(toks[i + 1:e])
                i = e
                continue
            if not ar and ph.institution:
                # "MSB Bakanlık Sözcüsü Zeki Aktürk", "МЧС глава ...": a title after a body names its holder
                ph.institution = False
            if i + 1 < len(toks) and _place_noun(toks[i + 1].text) and _holder_after_place(toks, i + 2, ar):
                # "حاكم ولاية أوهايو مايك دورسي", "губернатор штата Огайо": the place the title is of, then the name
                _own(ph, toks[i + 2].text) if ph.organisation is None else None
                used.extend(toks[i + 1:i + 3])
                i += 3
                continue
            # "محافظ بيروت مروان عبود": a title without the article is in the
            # construct state, and the word after it is its complement (the
            # place or body), not the first of the name that follows
            # "the governor of Beirut", "le gouverneur de Beyrouth": a name after the
            # title's "of" is the place or body it belongs to, not the speaker
            k = i + 1
            while not ar and k < len(toks) and toks[k].text.lower() in _OF and not toks[k].comma_before:
                k += 1
            if k > i + 1 and k < len(toks) and toks[k].kind == "name" and not toks[k].comma_before \
                    and fold_word(toks[k].text) not in _portfolio_words():  # "ministre de l'Intérieur": no owner
                e = k
                while e < len(toks) and toks[e].kind == "name" and not toks[e].comma_before and e - k < 4:
                    e += 1
                if e - k >= 3 and not body_kinds_of(toks[e - 1].text):  # not "of Harbor Freight Logistics"
                    # "ministre de la Communication Issa Tchiroma Bakary": one word is the title's
                    # body or place, the names after it are the speaker's
                    e = k + 1
                e = _typed_owner_end(text, toks, k, e, lex.words["function_words"])
                owner = text[toks[k].start:toks[e - 1].end]
                if ph.organisation is None:
                    _own(ph, owner)
                used.extend(toks[i + 1:e])
                i = e
                continue
            while not ar and k < len(toks) and toks[k].text.lower() in ("for", "the") and not toks[k].comma_before:
                k += 1  # "the spokesman for the ministry"
            if not ar and k > i + 1 and k < len(toks) and not toks[k].comma_before and (
                    (toks[k].text.islower() and _body_noun(toks[k].text, False)) or any(  # "for the Treasury Department"
                        _body_noun(u.text, False) for u in toks[k + 1:_body_end(toks, k, ar)] if u.text[:1].isupper())):
                # "le porte-parole de la gendarmerie nationale", "the spokesman for the ministry": the title's
                # body in lower case is its organisation (FORMAT.md: a body and its spokesperson are one source)
                e = _body_end(toks, k, ar)
                if toks[k].text.islower() and e - k >= 3 and all(u.kind == "name" for u in toks[k + 1:e]):
                    e = k + 1  # "le porte-parole de la police Marc Dubois": the capitalised words are the speaker
                while e < len(toks) and e - k < 3 and toks[e].text.islower() and not toks[e].comma_before \
                        and toks[e].kind not in ("role", "unnamed") \
                        and fold_word(toks[e].text) not in lex.words["function_words"]:
                    e += 1  # "gendarmerie nationale": its adjective
                if ph.organisation is None and not lex.phrases[f"anaphoric_orgs.{lang}"].search(
                        text, toks[i + 1].start, toks[e - 1].end):  # "the ministry": the body named before
                    _own(ph, _CASE_ENDING.sub("", text[toks[k].start:toks[e - 1].end]))
                used.extend(toks[i + 1:e])
                i = e
                continue
            run = i + 1
            while run < len(toks) and toks[run].kind == "name" and not toks[run].comma_before:
                run += 1
            if not ar and run > i + 1 and fold_word(t.text) in lex.words["office_titles"] and ph.organisation is None:
                # "пресс-служба Росавиации": a press office's title is followed by its body, never by a person
                _own(ph, text[toks[i + 1].start:toks[min(run, i + 4) - 1].end])
                used.extend(toks[i + 1:min(run, i + 4)])
                i = min(run, i + 4)
                continue
            if not ar and run - i - 1 >= 3 and (_CYRILLIC.match(toks[i + 1].text) or all(_CYRILLIC.match(
                    u.text) for u in toks[i + 2:run])) and not any(_PATRONYMIC.search(u.text) for u in toks[i + 1:run]):
                # ("Глава Evergrande Сиу Шон": a body in Latin letters before a name in Cyrillic is the title's)
                # "глава Йошкар-Олы Евгений Маслов": Russian puts the title's place in the genitive with no
                # "of"; a first name and surname follow (three names only with a patronymic)
                owner = toks[i + 1].text
                if ph.organisation is None:
                    _own(ph, owner)
                used.append(toks[i + 1])
                i += 2
                continue
            k = _genitive_owner_end(toks, i) if not ar else None
            if k is not None:
                # "пресс-секретарь Белого дома Карин Жан-Пьер": a genitive body of several words (a lower-case
                # head noun among them) between the title and a first name and surname is the title's body
                owner = text[toks[i + 1].start:toks[k - 1].end]
                if ph.organisation is None:
                    _own(ph, owner)
                used.extend(toks[i + 1:k])
                i = k
                continue
            if ar and not fold_word(t.text.split()[0]).startswith("ال") and i + 2 == len(toks) \
                    and toks[i + 1].kind == "name" and not toks[i + 1].comma_before and ph.organisation is None:
                # "قال محافظ حمص": an indefinite title and one word after it: the place it is of, no name
                owner = toks[i + 1].text
                _own(ph, owner)
                used.append(toks[i + 1])
                i += 2
                continue
            if ar and not fold_word(t.text.split()[-1]).startswith("ال") and i + 2 < len(toks) \
                    and toks[i + 1].kind == "name" and toks[i + 2].kind == "name" \
                    and not toks[i + 1].comma_before and not toks[i + 2].comma_before:
                used.append(toks[i + 1])
                i += 2
                continue
        elif t.kind in ("unnamed", "marker"):
            ph.unnamed = True
            used.append(t)
            # "مصادر دبلوماسية", "مسؤول رفيع": the word after an unnamed noun describes it
            if ar and t.kind == "unnamed" and i + 1 < len(toks) and toks[i + 1].kind == "name" \
                    and not toks[i + 1].comma_before:
                used.append(toks[i + 1])
                i += 2
                continue
        elif t.kind == "name" and not ar and _POSSESSIVE.search(t.text) and not name:
            # "Lebanon's health minister", "Russia's Rosoboronexport": the owner, never the speaker's name
            owner = _POSSESSIVE.sub("", t.text)
            if fold_word(owner) in lex.words["function_words"]:
                i += 1  # "Tuesday's deadly blasts": a day owns nothing that speaks
                continue
            if ph.organisation is None:
                _own(ph, owner)
            used.append(t)
        elif t.kind == "name" and not ar and i + 1 < len(toks) and toks[i + 1].kind == "unnamed":
            used.append(t)  # "Diplomatic sources", "Defence officials": an adjective
        elif t.kind == "name" and ph.institution:
            pass  # after "وزارة الصحة" / "the ministry" come its words' objects, not a person
        elif t.kind == "name" and ar and i and fold_word(toks[i - 1].text) in _NEGATIONS:
            pass  # "بما لا يقل عن": after a negation comes a verb, not a name
        elif t.kind == "name" and ar and i and toks[i - 1].kind == "noun" and not t.comma_before and (
                fold_word(t.text).endswith(("يه", "ية")) or (
                fold_word(t.text).endswith(("ه", "ة")) and fold_word(toks[i - 1].text).endswith(("ه", "ة")))):
            pass  # "حصيلة أولية", "تقارير إعلامية", "حصيلة جديدة": an adjective agreeing with the noun, not a name
        elif t.kind == "name" and not ar and not name and _ACRONYM.fullmatch(t.text) and ph.body is None \
                and not (i + 1 < len(toks) and toks[i + 1].kind in ("name", "role", "unnamed")
                         and not toks[i + 1].comma_before):
            # "AFAD said", "МЧС сообщило": an acronym is a body, never a person
            ph.body = (Known(resolve(t.text, "organisation").id, "organisation", t.text, (t.text,)), t.text)
            ph.institution = True
            used.append(t)
        elif t.kind == "name" and not ar and ph.unnamed and ph.organisation is None and not t.comma_before and used \
                and fold_word(used[-1].text) in lex.words["prepositions"]:
            # "Источники в Министерстве финансов": where an unnamed source sits is its body (or place)
            e = _body_end(toks, i, ar)
            _own(ph, text[t.start:toks[e - 1].end])
            used.extend(toks[i:e])
            i = e
            continue
        elif t.kind == "name" and not name and not (ph.unnamed and not t.comma_before and used
                                                    and fold_word(used[-1].text) in lex.words["prepositions"]):
            # "مصدر في قطاع ...": after an unnamed noun and a preposition comes a place, not a name
            j = i
            while j < len(toks) and len(name) < 4 and (toks[j].kind == "name" or (
                    ar and name and toks[j].kind in ("def", "func") and not toks[j].comma_before
                    and fold_word(name[-1].text) in _NAME_PARTICLES) or (  # "كمال بن علي": a name after بن
                    # "Emmanuel Desjars de Keranrouë", "Ursula von der Leyen"
                    not ar and name and _particle_run(toks, j, lex.words["name_particles"]))):
                # "منال عبد الصمد", "عبد المنعم": the article word after عبد/أبو belongs to the name
                # "بيير لوران مفوض التنمية": a ل-word with a title right after it is a surname, not an addressee
                # ("إيف لوفيفر المسؤول": a description after it makes it a surname too; "لو فول": too
                # short for a preposition and a word)
                surname = j + 1 < len(toks) and toks[j + 1].kind in ("role", "unnamed") and not toks[j + 1].comma_before
                after_particle = bool(name) and fold_word(name[-1].text) in _NAME_PARTICLES  # "عبد الله"
                if name and (toks[j].comma_before or (ar and fold_word(toks[j].text).endswith(("ه", "ة")) and not after_particle)
                             or (ar and toks[j].text.startswith("ل") and not toks[j].text.startswith("لا")
                                 and len(fold_word(toks[j].text)) >= 4 and not surname)):
                    break
                if ar and len(name) >= 2 and toks[j].kind == "name" and j + 1 < len(toks) \
                        and toks[j + 1].kind == "def" and not toks[j + 1].comma_before and not after_particle \
                        and fold_word(toks[j].text) not in _NAME_PARTICLES and _known_person_prefix(name + [toks[j]]) == 0:
                    break  # "أعلن إيمانويل ماكرون افتتاح الألعاب": a noun and its genitive after a full name are the object
                name.append(toks[j])
                j += 1
            if not ar and j < len(toks) and toks[j].kind == "noun" and (toks[j].text[:1].isupper() or len(name) == 1
                    or fold_word(toks[j].text) in lex.words["name_final_bodies"] or (before_verb and j + 1 == len(toks))) \
                    and not toks[j].comma_before and (ph.body is None or _country_only(used) or _owned(used)):
                # "Supreme Defense Council", "a Hong Kong court said" (a noun closing the subject): capitalised words ending in a body noun name a body, not a person
                # ("OceanGate Expeditions şirketi": Turkish names a body before its lower-case kind noun)
                # ("Iranian Red Crescent Society": the nationality before it is part of its name)
                e = _body_end(toks, j, ar)
                first = used[-1] if used and _country_only(used[-1:]) and used[-1].end < name[0].start else name[0]
                # (one capitalised word before it may be a common noun: "Havayolu şirketi", the airline company)
                last = toks[e - 1] if toks[j].text[:1].isupper() or len(name) == 1 else name[-1]  # not "şirketi"
                body = _CASE_ENDING.sub("", text[first.start:last.end]).split(" (")[0]  # not "(FDIC"
                if role_i is not None:
                    # "Deputy Foreign Minister for Consular Affairs Alireza Bikdeli": after its title, the body is the
                    # title's, up to its noun; the name that follows is the speaker's
                    if ph.organisation is None:  # ("Iran's Deputy Foreign Minister": the country's ministry)
                        _own(ph, _CASE_ENDING.sub("", text[first.start:toks[j].end]))
                    used.extend(toks[i:j + 1])
                    name, i = [], j + 1
                    continue
                ph.body = (Known(resolve(body, "organisation").id, "organisation", body, (body,)), body)
                ph.institution = True
                used.extend(toks[i:e])
                name = []
                i = e
                continue
            if not ar and j < len(toks) and toks[j].kind == "gaz" and toks[j].known is not None \
                    and toks[j].known.id.startswith("type:") and not toks[j].comma_before:
                # "Yüksek Seçim Kurulu", "Türk Kızılayı": capitalised words before a kind of institution
                # qualify it; they name no person
                body = text[name[0].start:toks[j].end]
                ent = resolve(body, "organisation")
                if ph.organisation is None or ph.organisation.kind == "country":
                    ph.organisation, ph.organisation_text = Known(ent.id, "organisation", body, (body,)), body
                if ph.body is None:
                    ph.body = (Known(ent.id, "organisation", body, (body,)), body)
                used.extend(toks[i:j + 1])
                name = []
                i = j + 1
                continue
            k = j
            while not ar and k < len(toks) and k - j < 3 and toks[k].kind == "func" and toks[k].text.islower() \
                    and not toks[k].comma_before and fold_word(toks[k].text) not in lex.words["function_words"]:
                k += 1  # "General security chief Abbas Ibrahim": lower-case words of the title's qualifier
            if k > j and k < len(toks) and toks[k].kind == "role" and not toks[k].comma_before:
                j = k
            if not ar and j < len(toks) and toks[j].kind in ("role", "unnamed") and not toks[j].comma_before:
                # "AKP spokesman Omer Celik", "Military expert ...": the capitalised word qualifies the title
                if toks[j].kind == "role" and all(fold_word(n.text) in _portfolio_words() for n in name):
                    title_from = name[0].start  # "Health Minister Hamad Hassan": the portfolio is the title's
                elif (toks[j].kind == "role" or len(name) >= 2) and ph.organisation is None and not any(
                        u.kind == "gaz" for u in used):  # "Federal Reserve officials": two names or more are a body
                    body = text[name[0].start:name[-1].end]
                    ph.organisation_text = body
                    ph.organisation = Known(resolve(body, "organisation").id, "organisation", body, (body,))
                used.extend(name)
                name = []
                i = j
                continue
            # "رامي العبيدي": a definite nisba right after a given name is the surname
            while ar and name and j < len(toks) and toks[j].kind == "def" and not toks[j].comma_before \
                    and (fold_word(toks[j].text).endswith("ي") or (
                        # "محمد العبد العالي": a definite word before the nisba belongs to the surname too
                        j + 1 < len(toks) and toks[j + 1].kind == "def" and not toks[j + 1].comma_before
                        and fold_word(toks[j + 1].text).endswith("ي") and role_class(toks[j + 1].text) is None)) \
                    and len(name) < 4:
                name.append(toks[j])
                j += 1
            # "طارق الخراز، المتحدث باسم ...": a definite word closing the name before a comma is the surname
            if ar and name and j < len(toks) and toks[j].kind == "def" and not toks[j].comma_before \
                    and len(name) < 4 and (j + 1 == len(toks) or toks[j + 1].comma_before) \
                    and role_class(toks[j].text) is None:
                name.append(toks[j])
                j += 1
            while name and name[-1].text in lex.words["name_particles"]:
                j = toks.index(name.pop())  # a particle never ends a name
            known_at = _known_person_prefix(name)
            if known_at:
                # "رجب طيب أردوغان زلزال اليوم": a known person's full name ends the name
                name, j = name[:known_at], toks.index(name[known_at - 1]) + 1
            if name and ph.body is None and ((_article_before(text, name[0], lang) and role_i is None) or (
                    not ar and body_kinds_of(name[-1].text) and (len(name) >= 3 or fold_word(
                        _CASE_ENDING.sub("", name[-1].text).replace("İ", "i")) in lex.words["name_final_bodies"]))):
                # "Oceanic Container Lines", "Quorra Inc", "Nordsee Ship Management": a company's word ends the name;
                # "selon l'Irna", "a indiqué la Sonatrach": French gives a body's name its article, never a person's
                body = _CASE_ENDING.sub("", text[name[0].start:name[-1].end])  # "Liman İşletmesi'nin": not its genitive
                ph.body, ph.institution = (Known(resolve(body, "organisation").id, "organisation", body, (body,)), body), True
                used.extend(name)
                name, i = [], j
                continue
            used.extend(name)
            # after a name, "لبوتين" / "to reporters" is the addressee: the phrase ends
            if j < len(toks) and ar and toks[j].text.startswith("ل") and toks[j].kind != "gaz":
                # ... but "لوكالة إنترفاكس" is the outlet that heard the words
                for t2 in toks[j:]:
                    if t2.kind == "gaz" and t2.known is not None and t2.known.kind == "outlet":
                        ph.outlets.append((t2.start, Entity(t2.known.id, t2.text, "outlet", t2.known.name)))
                        used.append(t2)
                toks = toks[:j]
            i = j
            continue
        elif t.kind in ("def", "func", "noun") and used:
            used.append(t)
        i += 1
    return finish_phrase(ph, text, start, end, seg, lang, toks, used, name, role_i, title_from,
                         after_verb=after_verb, speech=speech)

