"""Read a speaker phrase: who (name, title, body, or nobody named) and which outlets.

A phrase is the stretch of a sentence next to an attribution cue: "اسماعيل
دمير رئيس هيئة المشتريات العسكرية في تركيا (إس.إس.بي)", "المدير العام للشركة
ألكسندر ميخيف", "a senior official at Russia's military cooperation agency".
Tokens are classed by the data files (known names, titles, unnamed nouns,
function words, generic nouns; consistency/extract/attributions_tokens.py);
what is left and looks like a name is one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..entities import Known, _portfolio_words, _unit_nouns, government_of, institution_type, name_key, resolve, role_class
from ..model import Entity
from .attributions_lexicon import fold_word, lexicon
from .attributions_tokens import _ACRONYM, _DEFINITE, _OF, _Tok, _body_end, _body_noun, _tokens

_MANY_HOLD = ("spokesperson", "adviser")


@dataclass
class Phrase:
    """What a speaker phrase says; spans are offsets into the statement text."""

    start: int
    end: int
    person: str | None = None  # the name as written
    role: str | None = None  # the title as written
    role_end: int | None = None
    organisation: Known | None = None
    organisation_text: str | None = None
    outlets: list[tuple[int, Entity]] = field(default_factory=list)  # (offset, outlet)
    unnamed: bool = False
    anaphor: bool = False  # "he", "الوزارة": the speaker named before
    org_anaphor: bool = False  # "للشركة": the body named before
    body: tuple[Known, str] | None = None  # a body speaking for itself: الكرملين, the ministry
    institution: bool = False  # the body is named as a subject ("the Supreme Defense Council"): it speaks as a person does
    who_start: int | None = None  # the speaker's own words, outlets and function words left out
    who_end: int | None = None

    @property
    def score(self) -> float:
        return (2.0 * bool(self.person) + 1.5 * bool(self.role) + 1.0 * self.unnamed
                + 1.0 * bool(self.body) + 1.0 * self.institution + 0.25 * bool(self.outlets))

    @property
    def empty(self) -> bool:
        return self.score == 0 and not self.anaphor


_NEGATIONS = frozenset(("لا", "لم", "لن", "ما", "بما", "مما", "قد"))
# A name goes on past these into an article word: "عبد الصمد", "أبو الغيط".
_NAME_PARTICLES = frozenset(("عبد", "ابو", "ابي", "بن", "بنت", "ذو"))
_POSSESSIVE = re.compile(r"['’]s$")
_CYRILLIC = re.compile(r"[А-ЯЁа-яё]")
# an apostrophe and a case ending closing a name: Turkish "'nın", "'dan", English "'s"
_CASE_ENDING = re.compile(r"['’][a-zçğıöşü]{1,5}$")
_PATRONYMIC = re.compile(r"(?:вич|вна|чна)$")


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
    if lex.phrases[f"pronouns.{lang}"].fullmatch(seg):
        ph.anaphor = True
        return ph
    toks = _tokens(text, start, end, hits)
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
            toks = toks[rel + 1:]
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
            if any(t.kind == "name" for t in toks[cut:]) and not titled:
                toks = toks[cut:]
    if lang != "ar" and len(toks) >= 2 and toks[0].kind == "name" and toks[0].start == start + (
            len(text[start:end]) - len(text[start:end].lstrip())) and start == 0 and toks[1].text[:1].islower() \
            and toks[1].kind in ("noun", "unnamed") and not _POSSESSIVE.search(toks[0].text):
        toks = toks[1:]  # "Local authorities say": a capitalised first word, not a name
    if lang != "ar" and toks and start == 0 and toks[0].kind == "name" and toks[0].text.endswith("ing") \
            and len(toks) >= 2 and toks[1].text[:1].islower():
        toks = toks[1:]  # "Speaking at the same event, ...": a participle opening the sentence, not a name
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
    if not ar:
        toks = _titles_out(text, toks, ph)
    name: list[_Tok] = []
    role_i: int | None = None
    title_from: int | None = None
    used: list[_Tok] = []
    carried: list[_Tok] = []  # the words of outlets that carried the words
    i = 0
    while i < len(toks):
        t = toks[i]
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
            elif ph.body is None and t.known.kind != "outlet" and (not used[:-1] or (
                    t.known.kind == "organisation" and carried
                    and all(u in carried or u.kind == "func" for u in used[:-1]))):
                # ("агентство «Анадолу» со ссылкой на ЦИК": after the outlet that carried it, the body speaks)
                ph.body = (t.known, t.text)
                if ar and after_verb and t.known.kind == "organisation":
                    ph.institution = True  # "أعلنت الحكومة اللبنانية حالة الطوارئ": the rest is the object
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
                or (not ar and used and _country_only(used))):
            # ("the Syrian Ministry of Health": the nationality only owns the body)
            # ("Syria's Ministry of Health": the possessive only owns the body)
            # "قالت وزارة الخزانة", "the Supreme Defense Council", "le ministère de l'Intérieur":
            # an institution speaks for itself
            j = _body_end(toks, i, ar)
            # "the interior ministry": a portfolio word before the body noun names it too
            first = i - 1 if i and not ar and fold_word(toks[i - 1].text) in _portfolio_words() else i
            body = text[toks[first].start:toks[j - 1].end]
            if not ar:
                body = _CASE_ENDING.sub("", body)  # "Ulaştırma Bakanlığı'nın": the body, not its genitive
            elif body[:1] in "لوف" and fold_word(toks[first].text) not in lex.words["body_nouns"]:
                body = body[1:]  # "بيان لوزارة الصحة": the preposition or conjunction is not the body's name
            ent = resolve(body, "organisation")
            land = next((u.known for u in toks[i + 1:j] if u.known is not None and u.known.kind == "country"), None)
            if ent.id.startswith("name:") and land is not None:
                # "الحكومة الليبية", "the Libyan government": the country's government, or the country
                ent = government_of(Entity(land.id, body, "country", land.name))
            ph.body = (Known(ent.id, "organisation", body, (body,)), body)
            ph.institution = True
            used.extend(toks[i:j])
            i = j
            continue
        elif t.kind == "role" and role_i is None:
            role_i = len(used)
            used.append(t)
            k = i + 1
            while ar and k < len(toks) and k - i <= 2 and toks[k].kind in ("func", "def", "role") \
                    and not toks[k].comma_before and not _body_noun(toks[k].text, ar):
                k += 1  # "المتحدث الرسمي باسم ...", "الناطق الإعلامي ب..."
            if ar and k < len(toks) and _body_noun(_strip_bi(toks[k].text), ar) and not toks[k].comma_before \
                    and ph.organisation is None and not (_unit_word(_strip_bi(toks[k].text)) and any(
                        _body_noun(_strip_bi(u.text), ar) or (u.kind == "gaz" and u.known is not None
                                                             and u.known.kind == "organisation") for u in toks[k + 1:])):
                # "المتحدث باسم مستشفى زوارة المحلي فهد قرب", "الناطق الإعلامي بوزارة الصحة": the body the
                # title speaks for; the name comes after it
                e = _body_end(toks, k, ar)
                body = text[toks[k].start:toks[e - 1].end]
                body = body[1:] if _strip_bi(toks[k].text) != toks[k].text else body
                ph.organisation_text = body
                ph.organisation = Known(resolve(body, "organisation").id, "organisation", body, (body,))
                used.extend(toks[i + 1:e])
                i = e
                continue
            if not ar and ph.institution:
                # "MSB Bakanlık Sözcüsü Zeki Aktürk", "МЧС глава ...": a title after a body names its holder
                ph.institution = False
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
                if e - k >= 3:
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
            run = i + 1
            while run < len(toks) and toks[run].kind == "name" and not toks[run].comma_before:
                run += 1
            if not ar and run - i - 1 >= 3 and _CYRILLIC.match(toks[i + 1].text) and not any(
                    _PATRONYMIC.search(u.text) for u in toks[i + 1:run]):
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
        elif t.kind == "name" and not name and not (ph.unnamed and not t.comma_before and used
                                                    and fold_word(used[-1].text) in lex.words["prepositions"]):
            # "مصدر في قطاع ...": after an unnamed noun and a preposition comes a place, not a name
            j = i
            while j < len(toks) and len(name) < 4 and (toks[j].kind == "name" or (
                    ar and name and toks[j].kind == "def" and fold_word(name[-1].text) in _NAME_PARTICLES) or (
                    # "Emmanuel Desjars de Keranrouë", "Ursula von der Leyen"
                    not ar and name and _particle_run(toks, j, lex.words["name_particles"]))):
                # "منال عبد الصمد", "عبد المنعم": the article word after عبد/أبو belongs to the name
                # "بيير لوران مفوض التنمية": a ل-word with a title right after it is a surname, not an addressee
                # ("إيف لوفيفر المسؤول": a description after it makes it a surname too; "لو فول": too
                # short for a preposition and a word)
                surname = j + 1 < len(toks) and toks[j + 1].kind in ("role", "unnamed") and not toks[j + 1].comma_before
                if name and (toks[j].comma_before or (ar and fold_word(toks[j].text).endswith(("ه", "ة")))
                             or (ar and toks[j].text.startswith("ل") and not toks[j].text.startswith("لا")
                                 and len(fold_word(toks[j].text)) >= 4 and not surname)):
                    break
                name.append(toks[j])
                j += 1
            if not ar and j < len(toks) and toks[j].kind == "noun" and toks[j].text[:1].isupper() \
                    and not toks[j].comma_before and (ph.body is None or _country_only(used)):
                # "Supreme Defense Council": capitalised words ending in a body noun name a body, not a person
                # ("Iranian Red Crescent Society": the nationality before it is part of its name)
                e = _body_end(toks, j, ar)
                first = used[-1] if used and _country_only(used[-1:]) and used[-1].end < name[0].start else name[0]
                body = _CASE_ENDING.sub("", text[first.start:toks[e - 1].end])
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
                elif toks[j].kind == "role" and ph.organisation is None and not any(
                        u.kind == "gaz" for u in used):
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
    if lex.phrases[f"anaphoric_orgs.{lang}"].search(text, start, end) and (
        ph.organisation is None or ph.organisation.kind == "country"
    ):
        ph.org_anaphor = True
    if ar and role_i is not None and len(name) == 1:
        # "قال المدعي العام لمكافحة الإرهاب في فرنسا، جان فرانسوا ريكارد، إن": one word inside the title's
        # complement is no name when a name of two to four words stands in apposition after a comma
        for k in range(toks.index(name[0]) + 1 if name[0] in toks else len(toks), len(toks)):
            if not toks[k].comma_before:
                continue
            e = k
            while e < len(toks) and toks[e].kind == "name" and (e == k or not toks[e].comma_before) and e - k < 4:
                e += 1
            if e - k >= 2 and (e == len(toks) or toks[e].comma_before):
                used.extend(toks[k:e])
                name = toks[k:e]
            break
    if name:
        ph.person = text[name[0].start:name[-1].end]
        if ar is False and ph.person.lower() in ("he", "she", "they"):
            ph.person = None
    if role_i is not None:
        rs = min(used[role_i].start, title_from) if title_from is not None else used[role_i].start
        # the title runs until the name (when the name follows it) or the phrase's end
        tail = [u for u in used if u.start >= rs and u.kind != "func"]
        # "مدير المشروع لوكالة الأناضول": the outlet that heard the words is not part of the title
        cut = next((k for k, u in enumerate(tail) if u.kind == "onoun" or (u.known is not None and u.known.kind == "outlet")), None)
        if cut is not None and cut > 0:
            tail = tail[:cut]
        stop = name[0].start if name and name[0].start > rs else (tail[-1].end if tail else used[-1].end)
        role_text = text[rs:_close_paren(text, stop, end)].rstrip(" \t،,")
        ph.role, ph.role_end = role_text or None, rs + len(role_text)
    if ph.role and not ph.person and role_class(ph.role) in _MANY_HOLD:
        ph.unnamed = True  # "متحدث باسم الخارجية", "a spokesman": one of several, not named
    bare = [k for k in (ph.body[0] if ph.body else None, ph.organisation)
            if k is not None and k.id.startswith("type:") and "@" not in k.id]
    typed = institution_type(text[min(u.start for u in used):max(u.end for u in used)]) if bare and used else None
    if typed and "@" in typed:
        # "الهلال الأحمر الليبي", "رئيس الهلال الأحمر السوري", "İran Kızılayı": the kind of institution and
        # the country named with it
        k = bare[0]
        whole = Known(typed, "organisation", k.name, k.aliases, portfolio=k.portfolio)
        if ph.body is not None and ph.body[0].id == k.id:
            ph.body = (whole, ph.body[1])
        if ph.organisation is None or ph.organisation.kind == "country" or ph.organisation.id == k.id:
            ph.organisation, ph.organisation_text = whole, ph.organisation_text or k.name
    if ph.person or ph.role or ph.unnamed:
        ph.body = None
    if ph.person and not ph.role:
        # "وأشار بوتين إشارة عابرة إلى سوريا": a country after a bare name is not his body
        ph.organisation = ph.organisation_text = None
    if used:
        ph.start, ph.end = min(t.start for t in used), max(t.end for t in used)
        own = [t for t in used if t.kind not in ("onoun", "func") and not (t.known is not None and t.known.kind == "outlet")]
        ph.who_start = min(t.start for t in own) if own else ph.start
        ph.who_end = max(t.end for t in own) if own else ph.end
        if ph.role_end:
            ph.end = max(ph.end, ph.role_end)
        ph.end = _close_paren(text, ph.end, end)
    elif lex.phrases[f"pronouns.{lang}"].match(seg):
        ph.anaphor = True
    elif speech and after_verb and toks and toks[0].kind == "noun" and not _DEFINITE.match(toks[0].text):
        # "وقدّر كلفة الأضرار": an indefinite noun after the verb is its object, the subject the one
        # before ("وأكدت التقارير أن": a definite noun is the subject, one we cannot name)
        ph.anaphor = True
    return ph


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


def _unit_word(word: str) -> bool:
    """"الإدارة الأوروبية الرابعة (في وزارة الخارجية)": a department inside a body named after it, which the
    title's reading keeps (entities._of_unit)."""
    w = fold_word(word)
    units = _unit_nouns()
    return w in units or (w.startswith("ال") and w[2:] in units) or ("ال" + w) in units


def _strip_bi(word: str) -> str:
    """"بوزارة" -> "وزارة": the preposition ب joined to a body noun (a noun that is not one by itself)."""
    return word[1:] if word.startswith("ب") and not _body_noun(word, True) and _body_noun(word[1:], True) else word


def _country_only(used: list) -> bool:
    """Every word read so far names a country ("Iranian", "Syrian"): it owns what follows, it does not speak."""
    return bool(used) and all(u.kind == "gaz" and u.known is not None and u.known.kind == "country" for u in used)


def _particle_run(toks: list, j: int, particles: frozenset[str]) -> bool:
    """"de Keranrouë", "von der Leyen": lower-case particles, then a name, all with no comma between."""
    k = j
    while k < len(toks) and k - j < 2 and toks[k].text in particles and not toks[k].comma_before:
        k += 1
    return j < k < len(toks) and toks[k].kind == "name" and not toks[k].comma_before


def _known_person_prefix(name: list) -> int:
    """How many leading words of ``name`` are a known person's name ("أردوغان الزلزال": 1); 0 when none is."""
    by_key = _person_keys()
    for n in range(len(name) - 1, 0, -1):
        if name_key(" ".join(t.text for t in name[:n])) in by_key:
            return n
    return 0


@lru_cache(maxsize=1)
def _person_keys() -> frozenset[str]:
    from ..entities import known

    return frozenset(name_key(a) for k in known() if k.kind == "person" for a in (*k.aliases, k.name))


def _close_paren(text: str, pos: int, limit: int) -> int:
    """Keep "(إس.إس.بي)" whole: a phrase ending inside brackets ends after them."""
    close = text.find(")", pos, limit)
    if close != -1 and text.count("(", 0, pos) > text.count(")", 0, pos):
        return close + 1
    return pos


def _genitive_owner_end(toks: list, i: int) -> int | None:
    """Where a Russian title's genitive body ends, when a name of two or three words follows it.

    The body opens with a capitalised word and holds a lower-case noun ("Белого дома", "Счётной
    палаты"); the name is the run of capitalised words after it. None when the words do not read so.
    """
    if i + 1 >= len(toks) or toks[i + 1].kind != "name" or not _CYRILLIC.match(toks[i + 1].text):
        return None
    for k in range(i + 2, min(i + 6, len(toks))):
        if toks[k].comma_before:
            return None
        if toks[k].kind != "name":
            continue
        run = k
        while run < len(toks) and toks[run].kind == "name" and not toks[run].comma_before:
            run += 1
        lower = any(u.text[:1].islower() for u in toks[i + 1:k])
        return k if lower and 2 <= run - k <= 3 else None
    return None


def _typed_owner_end(text: str, toks: list, k: int, e: int, function_words) -> int:
    """"président du Haut comité électoral turc": the lower-case words after the owner's capitalised
    one belong to it when together they name a kind of institution (consistency/entities.py)."""
    j = e
    while j < len(toks) and j - e < 4 and not toks[j].comma_before and toks[j].text[:1].islower() \
            and fold_word(toks[j].text) not in function_words:
        j += 1
    if j > e and institution_type(text[toks[k].start:toks[j - 1].end]) is not None:
        return j
    return e


def _locative_body(toks: list, function_words) -> bool:
    """The phrase is "в/во" and a capitalised Cyrillic place with at most two lower-case words after it."""
    if not 2 <= len(toks) <= 4 or toks[0].text.lower() not in ("в", "во") or toks[1].kind not in ("name", "gaz") \
            or not _CYRILLIC.match(toks[1].text) or any(t.comma_before for t in toks[1:]):
        return False
    return all(t.kind in ("name", "gaz") or (t.text.islower() and fold_word(t.text) not in function_words)
               for t in toks[2:])


def _own(ph, owner: str) -> None:
    """The body or place a title is of ("глава Йошкар-Олы", "محافظ حمص") is the phrase's organisation."""
    ph.organisation_text = owner
    ph.organisation = Known(resolve(owner, "organisation").id, "organisation", owner, (owner,))
