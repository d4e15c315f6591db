"""Read one statement's attribution: the cue, the speaker phrase, the outlets, the content.

Works on the statement's own text (local offsets); attributions.py turns the
result into article offsets and settles what only the article knows (who "he"
is, which outlet carried the speaker before).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..entities import resolve
from ..model import Entity
from ..normalize import normalize
from .attributions_lexicon import SAYING, Cue, cue_data, cue_of, fold_word, is_arabic, known_in, lexicon
from .attributions_speaker import Phrase, parse_phrase
from .attributions_order import word_order
from .attributions_tokens import clause_start
from .attributions_clause import _RELATIVE_HEAD, _clause_subject, _noun_use, _passive
from .attributions_unlisted import opens_clause, unlisted_body
from .attributions_zones import (
    _AN, _APPOSED_NAME, _BY, _CLAUSE_HEAD, _CLAUSE_SUBJECT, _MARKER, _MEDIUM, _QAD, _content_after,
    _content_before, _inside, _saying_end, _trim, _zone_after, _zone_before, quote_spans,
)


@dataclass
class Draft:
    """One attribution read from one statement, in statement offsets."""

    cue: Cue
    cue_start: int
    cue_end: int
    phrase: Phrase
    via: list[tuple[int, Entity]] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)
    content: tuple[int, int] | None = None
    clause_initial: bool = True


@lru_cache(maxsize=1)
def _written_cues() -> frozenset[str]:
    return frozenset(f for entries in cue_data()["cues"].values() for e in entries for f in e["forms"])


def read_statement(text: str, lang: str | None = None) -> Draft | None:
    """The statement's main attribution, or None when it has no cue outside its quotes."""
    lex = lexicon()
    found = iter(lex.cue_gate.finditer(text))
    first = next(found, None)
    if first is None:  # the cheap test that many statements stop at
        return None
    quotes = quote_spans(text)
    lang = lang or ("ar" if is_arabic(text) else "en")
    hits = known_in(text)
    # a name that is also a cue word as written does not hide the verb: "أفاد" (AFAD's آفاد folds to it)
    hits = [h for h in hits if text[h[0]:h[1]].lstrip("وف") not in _written_cues()]
    # a known name in quotes is a name, not words said: «Анадолу», "بي إيه ميديا"
    quotes = [q for q in quotes if not any(q[0] <= s and e <= q[1] and (q[1] - q[0]) - (e - s) <= 2 for s, e, _ in hits)]
    masked = quotes + [(s - 1, e) for s, e, _ in hits]
    markers = lex.phrases[f"markers.{lang}"]

    def in_marker(m: re.Match) -> bool:
        # "لم يكشف عن اسمه": the verb belongs to the anonymity phrase
        near = markers.search(text, max(0, m.start() - 30), min(len(text), m.end() + 30))
        return near is not None and near.start() <= m.start() < near.end()

    cues = [m for m in (first, *found)
            if not _inside(m.start(), masked) and cue_of(m).kind != "participle" and not _noun_use(text, m)
            and not in_marker(m) and not (cue_of(m).kind == "act" and _passive(text, m))]
    if not cues:
        return None
    # a verb of saying before an act: "X said the court ordered ..." reports X's words, not the court's act
    primary = next((m for m in cues if cue_of(m).kind not in ("citing", "act")),
                   next((m for m in cues if cue_of(m).kind != "citing"), cues[0]))
    cue = cue_of(primary)
    rest = [m for m in cues if m is not primary]
    d = _read_primary(text, primary, cue, rest, quotes, hits, lang)
    d = word_order(text, primary, cue, d, quotes, hits, lang)
    if d is None or (d.phrase.empty and not d.phrase.outlets) or d.phrase.unlisted:
        # "D'après les premières investigations, ..., a dénoncé le Premier ministre X":
        # a first cue that names nobody gives way to a later one that does
        for m in rest:
            c = cue_of(m)
            if c.kind in ("citing", "participle"):
                continue
            other = _read_primary(text, m, c, [x for x in cues if x is not m], quotes, hits, lang)
            if other is not None and not other.phrase.empty and not (d is not None and d.phrase.unlisted and (
                    other.phrase.unlisted or other.phrase.anaphor or m.start() < d.phrase.end)):
                # (a body read from structure alone gives way only to a speaker the lexicon knows, after it)
                d, primary, cue = other, m, c
                rest = [x for x in cues if x is not m]
                break
    if d is None or (d.cue.kind == "act" and not (d.phrase.score or d.phrase.outlets or (
            d.phrase.anaphor and text[d.phrase.start:d.phrase.end].strip()))):
        # an act names its actor or is no attribution ("ordered a curfew" alone): the passive's agent
        # or the other readers may still find one
        return None
    # secondary "citing" / "according to" cues lengthen the chain (or name the source)
    for m in rest:
        c = cue_of(m)
        if d.cue.kind == "according" and c.kind == "speech" and m.start() >= d.phrase.end and (
                (d.phrase.outlets and not (d.phrase.person or d.phrase.role or d.phrase.body or d.phrase.unnamed))
                or (not (d.phrase.role or d.phrase.unnamed) and _published(text, d, m))):
            # "According to Reuters, the port director Ali Hamdan said ...": the
            # outlet carried the words, the speaker is the subject of the inner verb (not of an act:
            # "according to Reuters, Musk fired ..." is Reuters' report of the act)
            # (the according phrase blanked out, offsets kept, so it is not read as the subject)
            # (Turkish writes the source before its postposition: "X'in haberine göre")
            lo, hi = min(d.cue_start, d.phrase.start), max(d.cue_end, d.phrase.end)
            blank = text[:lo] + " " * (hi - lo) + text[hi:]
            inner = _read_primary(blank, m, c, [x for x in rest if x is not m], quotes, hits, lang)
            # (its subject where the language puts it: "X'in haberine göre Hastane yetkilileri, ... açıkladı")
            inner = word_order(blank, m, c, inner, quotes, hits, lang)
            if inner is not None and (inner.phrase.person or inner.phrase.role or inner.phrase.body
                                      # "Reuters'ın haberine göre hastane yetkilileri ... açıkladı": officials
                                      # the outlet heard are its source, as when it quotes them
                                      or inner.phrase.unnamed):
                outer = d.via + [o for o in d.phrase.outlets if o not in d.via]
                inner.via = outer + [o for o in inner.via if o not in outer]
                inner.spans = d.spans + inner.spans
                d = inner
                break
        if d.cue.kind == "according" and c.kind in SAYING and not text[d.phrase.end:m.start()].strip():
            # "according to what X told Reuters": the inner verb's outlet is the medium
            end = _zone_after(text, m.end(), quotes, [x for x in cues if x.start() > m.start()], comma=True, hits=hits)
            inner = parse_phrase(text, m.end(), end, hits, lang)
            d.via += [o for o in inner.outlets if o not in d.via]
            continue
        if c.kind == "report" and d.cue.kind in (*SAYING, "continuation") and m.start() > d.cue_end and lang == "en":
            # "Peskov said on Tuesday that ..., TASS reported": the outlet closing the sentence carried the words
            comma = text.rfind(",", d.cue_end, m.start())
            tail = parse_phrase(text, comma + 1, m.start(), hits, lang, before_verb=True) if comma > 0 else None
            if tail is not None and tail.outlets and tail.score <= 0.25:
                d.via += [o for o in tail.outlets if o not in d.via]
                d.spans.append((min(o[0] for o in tail.outlets), m.end()))
            continue
        # "according to TASS, which cited a source": a later relay verb lengthens the chain too
        if c.kind not in ("citing", "according", "relay") or (d.content and d.content[0] <= m.start() < d.content[1]
                                                      and c.kind == "according" and d.cue.kind != "report"):
            continue
        end = _zone_after(text, m.end(), quotes, [x for x in cues if x.start() > m.start()], hits=hits)
        ph = parse_phrase(text, m.end(), end, hits, lang)
        if ph.empty or ph.anaphor:
            continue
        takes = d.phrase.score - 0.25 * bool(d.phrase.outlets) <= 0 and ph.score > 0.25
        if not ph.outlets and not takes:
            continue
        d.via += [o for o in ph.outlets if o not in d.via]
        d.spans.append((m.start(), ph.end if ph.score else m.end()))
        if takes:
            d.phrase = ph
            if d.content is None or d.content[0] < m.end() < d.content[1]:
                d.content = _content_after(text, ph.end, quotes)
    d.via.sort(key=lambda o: o[0])
    d.content = _trim(text, d.content)
    return d


def _read_primary(text, m, cue, rest, quotes, hits, lang) -> Draft | None:
    later = [x for x in rest if x.start() > m.start()]
    d = Draft(cue, m.start(), m.end(), Phrase(m.end(), m.end()))
    d.spans.append((m.start(), m.end()))
    before_start = _zone_before(text, m.start(), quotes)
    d.clause_initial = bool(_CLAUSE_HEAD.match(text[before_start:m.start()])) or not text[
        before_start:m.start()].strip(" ،,\u200f")
    if cue.kind == "relay" and lang == "ar":
        # نقلت وكالة X [عن وكالة Y] عن Z قوله ...; نسبت وكالة X إلى Z قوله ...
        subj_end = _zone_after(text, m.end(), quotes, later, stop_at_an=True, hits=hits)
        subj = parse_phrase(text, m.end(), subj_end, hits, lang)
        d.via += subj.outlets
        pos = subj_end
        src = Phrase(pos, pos)
        for _ in range(4):
            an = _AN.match(text, pos) or _AN.match(text, pos + len(text[pos:]) - len(text[pos:].lstrip(" ،,")))
            if not an:
                break
            end = _zone_after(text, an.end(), quotes, later, stop_at_an=True, hits=hits)
            src = parse_phrase(text, an.end(), end, hits, lang)
            d.spans.append((an.start(), max(src.end, an.end())))
            d.via += src.outlets
            pos = end
            if src.score > 0.25 * bool(src.outlets) or not src.outlets:
                break
        d.phrase = src if not src.empty else subj
        d.spans.append((subj.start, subj.end) if subj.score else (m.start(), m.end()))
        d.content = _content_after(text, _saying_end(text, max(d.phrase.end, pos)), quotes)
        return d
    # "According to a senior official, ...", "وبحسب الأرقام، بلغت ...": the source ends at the comma
    after_end = _zone_after(text, m.end(), quotes, later, comma=cue.kind == "according", hits=hits)
    if lang != "ar" and cue.kind != "according" and _CLAUSE_SUBJECT.match(text, m.end()):
        after_end = m.end()  # "said it was centred in Pazarcik": a clause follows the verb, not its speaker
    if lang != "ar" and cue.kind != "according" and text[m.end():].split()[:1] and fold_word(
            text[m.end():].split()[0]) in lexicon().words["topic_prepositions"]:
        after_end = m.end()  # "заявил о победе Эрдогана": the topic follows the verb, not its speaker
    after = parse_phrase(text, m.end(), after_end, hits, lang, after_verb=lang == "ar",
                         speech=cue.kind in (*SAYING, "continuation"))
    if cue.kind == "according" and lang != "ar" and after.empty and not after.outlets:
        # "selon un nouveau bilan fourni jeudi par le ministre": the toll names nobody, its giver does
        comma = min((i for i in (text.find(",", m.end()), text.find(".", m.end())) if i != -1), default=len(text))
        by = _BY.search(text, m.end(), comma)
        if by:
            after_end = _zone_after(text, by.end(), quotes, later, comma=True, hits=hits)
            after = parse_phrase(text, by.end(), after_end, hits, lang)
    if cue.kind == "according" and (after.empty or after.anaphor) and not after.outlets:
        # "according to the haulage syndicate", "selon un communiqué de l'alliance": a body in no list
        # (statement-level ``lang`` only tells Arabic from the rest; the cue knows its language)
        after = unlisted_body(text, m.end(), after_end, cue.lang) or after
        if cue.lang == "ar" and after.score == 0 and text[m.end():after_end].strip() == "ما" and later:
            # "وفق ما أعلنت الرابطة": the verb after "ما" is a cue of its own; its subject is the body
            end = _zone_after(text, later[0].end(), quotes, later[1:], comma=True, hits=hits)
            after = unlisted_body(text, later[0].end(), end, "ar", subject=True) or after
    if lang != "ar" and after.role:
        # "annoncés par le ministre de la Santé, Hamad Hassan.", "a précisé la procureure du parquet
        # d'Aix-en-Provence, Dominique Moyal.": the name in apposition is the speaker's
        named = _APPOSED_NAME.match(text, after_end)
        if named and cue.kind == "according" and not after.person:
            after_end = named.end()
            after = parse_phrase(text, m.end(), after_end, hits, lang)
        elif cue.kind in SAYING and cue.lang != "en":
            comma = text.rfind(",", m.end(), after_end)
            if named or (comma > 0 and _APPOSED_NAME.match(text, comma) is not None
                         and _APPOSED_NAME.match(text, comma).end() >= len(text[:after_end].rstrip(" .;"))):
                after_end = named.end() if named else after_end
                after = parse_phrase(text, m.end(), after_end, hits, lang, before_verb=True)
    # an Arabic verb with its و/ف clitic opens a clause: its subject follows it
    clitic = lang == "ar" and m.group("c") is not None and m.start("c") > m.start()
    frame = before_start
    if lang == "en" and before_start < m.start():
        before_start = clause_start(text, before_start, m.start())
        # "In comments to Anadolu Agency, the minister said": the medium opens the sentence
        d.via += [(hs, Entity(k.id, text[hs:he], "outlet", k.name)) for hs, he, k in hits
                  if k.kind == "outlet" and frame <= hs < before_start and _MEDIUM.search(text, max(0, hs - 25), hs)]
    before_end = m.start()
    if lang != "ar":
        # "Leonid Slutsky, who heads the International Affairs Committee, said": the subject stands
        # before the relative clause that describes it
        comma = text.rfind(",", 0, m.start())
        if comma > 0 and not text[comma + 1:m.start()].strip():
            comma = text.rfind(",", 0, comma)  # ", who heads ..., said": the clause closes with a comma
        opener = text[comma + 1:m.start()].split()[:1] if comma > 0 else []
        if opener and fold_word(opener[0]) in lexicon().words["relative_openers"]:
            if cue.kind == "act":
                return None  # "shut down by the regulator, which appointed a receiver": the passive's agent acts
            before_end = comma
            before_start = clause_start(text, _zone_before(text, comma, quotes), comma)
    if before_start < before_end and not clitic:
        before = parse_phrase(text, before_start, before_end, hits, lang, before_verb=True)
    else:
        before = Phrase(m.start(), m.start())
    if lang != "ar" and not clitic and (before.empty or before.anaphor):
        # "Le président par intérim, Choi Sang-mok, a déclaré", "X, à la tête du complot, avait alors annoncé":
        # an auxiliary (and an adverb) after the comma; the subject stands before the comma
        comma = text.rfind(",", 0, m.start())
        gap = text[comma + 1:m.start()].split()
        if comma > 0 and len(gap) <= 2 and all(w.islower() for w in gap) \
                and not lexicon().phrases[f"pronouns.{lang}"].search(" ".join(gap)):  # not "..., she has said"
            lead = parse_phrase(text, _zone_before(text, comma, quotes), comma, hits, lang, before_verb=True)
            # (over what follows the verb only when it names as much: "..., le Conseil (SAC), a déclaré l'état
            # de catastrophe dans six régions et Etats" is the council's)
            if (lead.person or lead.role or lead.institution) and (after.empty or after.anaphor or _who(lead) >= _who(after)):
                before = lead
    rel = _RELATIVE_HEAD.search(text, 0, before_start) if lang == "en" and not clitic and before.empty else None
    if rel is not None and cue.kind in (*SAYING, "continuation"):
        # "the company that organised the voyage said": the relative clause describes the subject before it
        head = parse_phrase(text, rel.start(1), rel.end(1), hits, lang, before_verb=True)
        if head.person or head.role or head.body or head.unnamed or head.anaphor:
            before, before_start = head, rel.start(1)
    if lang == "en" and before.anaphor and frame < before_start:
        # "L'ONU, elle, fait état de ...", "Moscow, for its part, said": a pronoun or an aside
        # takes up the subject set off by the first comma
        comma = text.find(",", frame, before_end)
        aside = normalize(text[comma + 1:before_end].strip(" ,")) if comma > frame else ""
        head = parse_phrase(text, frame, comma, hits, lang, before_verb=True) \
            if aside in lexicon().words["asides"] else None
        if head is not None and (head.person or head.body or head.role):
            before = head
    pronoun = before.anaphor and bool(text[before_start:m.start()].strip(" ,\u200f"))
    # English puts the speaker after the verb only in "..., said X": a subject
    # before the verb that names someone (a person, a title, a body) wins
    named_before = bool(before.person or before.role or before.institution) or (
        # "Iranian state television said President Raisi ... had been found dead": a body right before
        # the verb is its subject; the name after the verb belongs to the words
        before.body is not None and before.body[0].kind == "organisation" and not text[before.end:m.start()].strip()) or (
        # "Saudi state news agency SPA said the deal was signed in Beijing": an outlet right before the verb
        # reports; the place after the verb is in the words
        bool(before.outlets) and not text[before.end:m.start()].strip() and cue.kind in (*SAYING, "report")
        and (not (after.person or after.role) or _clause_subject(text, after)))
    use_before = (
        (lang == "en" and (not before.empty or pronoun) and (_who(before) >= _who(after) or pronoun or named_before))
        or (lang != "en" and _who(before) > _who(after))
    )
    if lang == "ar" and not before.empty and _QAD.search(text, before_start, m.start()):
        use_before = True  # "وكان الهلال الأحمر قد أعلن": the subject stands between كان and قد
    if cue.kind == "according":
        use_before = False
    if lang == "en" and (m.group("e") or "").lower() == "told" and not before.empty:
        # "a port official told the Guardian that": the addressee follows "told", the speaker comes before it;
        # "the" and a capitalised name there is the newspaper that heard the words
        use_before = True
        if after.person and not after.role and re.match(r"\s*the\s+[A-Z]", text[m.end():]):
            after.outlets.append((after.start, resolve(text[m.end():after.end].strip(), "outlet")))
    ph = before if use_before else after
    if cue.kind == "speech" and ph.score == 0 and cue.lang in ("ar", "en", "fr"):
        # "The weather service warned that", "وقالت الرابطة إن": a definite subject of a saying verb
        # followed by its words is a body speaking, even one in no list (VSO Arabic puts it after the verb)
        # (a noun the lexicon lists as pointing back, "L'entreprise a précisé", stays the anaphor reader's)
        u = None
        if lang == "ar" and opens_clause(text, after_end, cue.lang):
            u = unlisted_body(text, m.end(), after_end, cue.lang, subject=True)
        elif lang != "ar" and before_start < before_end and not before.anaphor and opens_clause(text, m.end(), cue.lang):
            u = unlisted_body(text, before_start, before_end, cue.lang, subject=True)
            use_before = use_before or (u is not None and u.unlisted)
        ph = u if u is not None and u.unlisted else ph
    d.phrase = ph
    # outlets on either side are the medium: "قال أردوغان لصحيفة X", "told Bloomberg", "في مقابلة مع شبكة CBS"
    # ... but before "بحسب" / "according to" stands the reported content, not a medium
    d.via += [o for o in (*(before.outlets if cue.kind != "according" else ()), *after.outlets)]
    if not ph.empty and not ph.anaphor:
        d.spans.append((ph.start, ph.end))
    elif use_before and pronoun:  # "He added": the pronoun belongs to the mention
        seg = text[before_start:m.start()]
        d.spans.append((before_start + len(seg) - len(seg.lstrip()), m.start()))
    for other in (after, before):
        if other is not ph and other.outlets:
            d.spans.append((min(o[0] for o in other.outlets), max(o[0] + len(o[1].name) for o in other.outlets)))
    if cue.kind == "according" and (d.clause_initial is False or m.start() > 0 and text[:m.start()].strip()):
        d.content = _content_before(text, m.start(), quotes)
        if d.content is None:
            d.content = _content_after(text, after.end, quotes)
    else:
        d.content = _content_after(text, _saying_end(text, after_end if not use_before else m.end()), quotes)
        if lang == "en" and not use_before and not ph.empty:  # "“...,” said Dmitry Shugaev"
            pre = _content_before(text, m.start(), quotes)
            if pre and text[pre[1]:pre[1] + 1] in "”\"″»":
                d.content = pre
        short = d.content is None or len(text[d.content[0]:d.content[1]].split()) < 4
        if lang == "en" and use_before and short and _content_before(text, before.start, quotes):
            # "..., Sputnik reported.", "..., X was quoted as saying on Monday."
            d.content = _content_before(text, before.start, quotes)
        elif lang == "en" and use_before:
            pre = _content_before(text, before.start if not before.empty else m.start(), quotes)
            if pre and text[pre[1]:pre[1] + 1] in "”\"″»" and not _MARKER.match(text, m.end() + 1):
                d.content = pre
    if cue.kind in (*SAYING, "continuation") and not use_before and d.content is not None and d.content[1] <= m.start():
        # "», ont indiqué les secours à l'AFP": after the speaker, the outlet that heard the words
        d.via += [(s, Entity(k.id, text[s:e], "outlet", k.name)) for s, e, k in hits
                  if k.kind == "outlet" and after_end <= s < after_end + 12 and (s, k) not in d.via]
    if cue.kind in (*SAYING, "continuation") and d.content is not None:
        # "قال بيسكوف في تصريح لوكالة سبوتنيك إن ...": the medium sits between speaker and words
        medium = [(s, Entity(k.id, text[s:e], "outlet", k.name)) for s, e, k in hits
                  if k.kind == "outlet" and after_end <= s < d.content[0] and s - after_end < 60]
        d.via += medium
        d.spans += [(s, s + len(o.name)) for s, o in medium]
    if cue.kind == "report" and not ph.outlets and ph.score == 0 and not ph.anaphor:
        return None
    return d


def _who(ph: Phrase) -> float:
    """How much a phrase says about the speaker (outlets aside)."""
    return ph.score - 0.25 * bool(ph.outlets)


def _published(text: str, d: Draft, m: re.Match) -> bool:
    """"According to the Kremlin website, Putin said": the according phrase names where a body published
    the words (a website, an account, a communiqué), not who spoke them (a capitalised owner read as a
    name, "the Elysee website", is no speaker either)."""
    comma = text.find(",", d.cue_end, m.start())
    zone = text[d.cue_end:comma if comma > 0 else m.start()]
    media = lexicon().words["publication_media"]
    return any(fold_word(w) in media for w in re.findall(r"[\w'-]+", zone))
