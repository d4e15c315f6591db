"""A speaker phrase read: the Phrase it yields and the small readings parse_phrase shares.

consistency/extract/attributions_speaker.py walks the phrase's tokens;
``finish_phrase`` turns what the walk found (the name, the title, the words
used) into the Phrase's person, role, body and spans.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..entities import Known, _unit_nouns, institution_type, name_key, resolve, role_class
from ..model import Entity
from .attributions_lexicon import fold_word, lexicon
from .attributions_tokens import _DEFINITE, _OF, _body_end, _body_noun

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
    unlisted: bool = False  # a body read from structure alone, its head in no list (attributions_unlisted.py)

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
_COMMA_IN = re.compile(r"[,،]")
_PATRONYMIC = re.compile(r"(?:вич|вна|чна)$")


def finish_phrase(ph: Phrase, text: str, start: int, end: int, seg: str, lang: str, toks: list, used: list,
                  name: list, role_i: int | None, title_from: int | None, *, after_verb: bool, speech: bool) -> Phrase:
    """Set the phrase's person, role, body and spans from the walk over its tokens."""
    lex = lexicon()
    ar = lang == "ar"
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
        if not ar:
            ph.person = _CASE_ENDING.sub("", ph.person)  # "Fahrettin Koca'nın": the name, not its genitive
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
        if ph.organisation is None and ph.body is not None and ph.body[0].kind == "organisation" and (
                ph.person or ph.role or not _COMMA_IN.search(text, start, end)):
            # "Süveyş Kanalı Otoritesi Başkanı Usame Rabi", "Sources at the Ministry of Transport": the body
            # named with the title or the unnamed source is theirs (not "29,605 people, the ... office")
            ph.organisation, ph.organisation_text = ph.body
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


def _own(ph, owner: str) -> None:
    """The body or place a title is of ("глава Йошкар-Олы", "محافظ حمص") is the phrase's organisation."""
    ph.organisation_text = owner
    ph.organisation = Known(resolve(owner, "organisation").id, "organisation", owner, (owner,))


def _kind_owner_end(toks: list, i: int) -> int:
    """Where "of Egypt" / "d'Egypte" after a kind of institution at toks[i] ends (i + 1 when none follows):
    one to three capitalised words or known places after "of", with no comma between."""
    k = i + 1
    while k < len(toks) and toks[k].text.lower() in _OF and not toks[k].comma_before:
        k += 1
    e = k
    while k > i + 1 and e < len(toks) and e - k < 3 and not toks[e].comma_before and (
            toks[e].kind == "name" or (toks[e].kind == "gaz" and toks[e].known is not None
                                       and toks[e].known.kind == "country")):
        e += 1
    return e if e > k else i + 1


def _named_body(toks: list):
    """The known organisation a body noun's words name ("شركة روستيخ الروسية": Rostec), or None."""
    return next((u.known for u in toks if u.kind == "gaz" and u.known is not None and u.known.kind == "organisation"
                 and not u.known.id.startswith("type:")), None)


def _national_body(toks: list, i: int) -> bool:
    """toks[i] is a nationality after definite words only ("السكك الحديدية الفرنسية"), with no comma between:
    together they name a body of that country, not the country itself."""
    t = toks[i]
    return bool(i) and t.kind == "gaz" and t.known is not None and t.known.kind == "country" \
        and all(u.kind == "def" for u in toks[:i]) and not any(u.comma_before for u in toks[1:i + 1])


def _kind_with_owner(ph: Phrase, text: str, toks: list, i: int) -> int:
    """A kind of institution at toks[i] and whose it is ("Central Bank of Egypt", "Banque centrale d'Egypte")
    are one body: set it on the phrase and return where it ends (i + 1 when no owner follows)."""
    t = toks[i]
    if not t.known.id.startswith("type:") or "@" in t.known.id:
        return i + 1
    e = _kind_owner_end(toks, i)
    if e > i + 1:
        whole = _CASE_ENDING.sub("", text[t.start:toks[e - 1].end])
        k = Known(resolve(whole, "organisation").id, "organisation", whole, (whole,))
        if ph.organisation is not None and ph.organisation.id == t.known.id:
            ph.organisation, ph.organisation_text = k, whole
        if ph.body is not None and ph.body[0].id == t.known.id:
            ph.body = (k, whole)
    return e


_FR_ARTICLE = re.compile(r"(?<![\w'’])(?:l['’]|la\s+|le\s+|les\s+)$")


def _article_before(text: str, first, lang: str) -> bool:
    """Whether a French definite article stands right before the name ("l'Irna", "la Sonatrach").

    Statements in Latin and Cyrillic script are all read as lang "en"; a lower-case "l'", "la", "le" before
    a capitalised word is French (or Italian) in any of them.
    """
    return lang != "ar" and bool(_FR_ARTICLE.search(text, max(0, first.start - 5), first.start))


def _arabic_title_body(ph: Phrase, text: str, toks: list, i: int) -> int | None:
    """"المتحدث باسم مستشفى زوارة المحلي فهد قرب", "الناطق الإعلامي بوزارة الصحة": the body an Arabic title at
    toks[i] speaks for, set as the phrase's organisation; where it ends (the name comes after it), or None."""
    k = i + 1
    while k < len(toks) and k - i <= 2 and toks[k].kind in ("func", "def", "role") \
            and not toks[k].comma_before and not _body_noun(toks[k].text, True):
        k += 1  # "المتحدث الرسمي باسم ...", "الناطق الإعلامي ب..."
    if not (k < len(toks) and _body_noun(_strip_bi(toks[k].text), True) and not toks[k].comma_before
            and ph.organisation is None and not (_unit_word(_strip_bi(toks[k].text)) and any(
                _body_noun(_strip_bi(u.text), True) or (u.kind == "gaz" and u.known is not None
                                                       and u.known.kind == "organisation") for u in toks[k + 1:]))):
        return None
    e = _body_end(toks, k, True)
    body = text[toks[k].start:toks[e - 1].end]
    body = body[1:] if _strip_bi(toks[k].text) != toks[k].text else body
    ph.organisation_text = body
    oid = resolve(body, "organisation").id
    named = _named_body(toks[k + 1:e])
    if oid.startswith("name:") and named is not None:
        ph.organisation = named  # "رئيس شركة روستيخ": the company the data knows
    else:
        ph.organisation = Known(oid, "organisation", body, (body,))
    return e


def _owned(used: list) -> bool:
    """The words read so far end in a body or a title's "for"/"of": capitalised words after them name another body
    ("White House National Security Council", "Minister for Consular Affairs"), not a person."""
    last = used[-1] if used else None
    return last is not None and ((last.kind == "gaz" and last.known is not None and last.known.kind == "organisation")
                                 or (last.kind == "func" and fold_word(last.text) in ("for", "of")))
