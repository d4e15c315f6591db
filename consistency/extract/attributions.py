"""Attributions: who said it, and through which outlets it reached the article.

``extract_attributions`` reads one article's statements in order, because a
statement often leans on the ones before it: "وأضاف أن ..." and "He added"
continue the last speaker; "وقال دمير" is the "اسماعيل دمير" named earlier;
"المدير العام للشركة" is the head of the company named in the sentence before;
and a speaker first quoted "through Interfax" is still quoted through it when
the article goes on with "وقال ميخيف". Statement-level reading lives in
attributions_read.py (cues and their reading), attributions_zones.py (where the
speaker and the words said lie around a cue), attributions_speaker.py
(the speaker phrase) and attributions_tokens.py (its words, classed); the language knowledge is consistency/data/*.yaml.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Sequence

from ..entities import government_of, local_body, name_key, portfolio, refine_org, resolve, role_class, role_id, same_entity, skeleton
from ..model import AttributionMention, AttributionValue, Entity, Statement
from ..normalize import normalize
from . import TEXT_MEMO
from .attributions_agent import passive_agent
from .attributions_cueless import colon_quote, estimate_of
from .attributions_bodies import is_body_anaphor
from .attributions_issuer import statement_issuer
from .attributions_memory import BodyMemory, _impersonal, _personal, _possessives, _untitled, _word_lists, lone_body, place_in
from .attributions_lexicon import cue_data, fold_word, known_in, lexicon
from .attributions_read import Draft, read_statement

def _read_any(text: str) -> Draft | None:
    return read_statement(text) or estimate_of(text) or colon_quote(text) or passive_agent(text)


# A statement's reading depends on its text alone (what came before is
# _settle's business), and nothing changes a Draft once read.
_read = lru_cache(maxsize=TEXT_MEMO)(_read_any)

__all__ = ["extract_attributions"]

_CONTINUE_WINDOW = 3  # statements a bare "وأضاف" / "He added" may reach back
_ANAPHOR_WINDOW = 6  # "وقال الدبلوماسي" may reach a little further


@lru_cache(maxsize=1)
def _government_nouns() -> frozenset[str]:
    return frozenset(fold_word(w) for words in _word_lists("government_nouns").values() for w in words)


@dataclass
class _Article:
    """What the article has said so far about who speaks, and about which country and city."""

    history: list[tuple[int, AttributionValue]] = field(default_factory=list)
    people: dict[str, tuple[Entity, str | None, Entity | None]] = field(default_factory=dict)
    last_org: Entity | None = None
    countries: Counter = field(default_factory=Counter)  # country id -> mentions (names, capitals, bodies)
    country_names: dict[str, str] = field(default_factory=dict)
    place: str | None = None  # the last "city of X" named
    bodies: BodyMemory = field(default_factory=BodyMemory)  # every body named so far, said or not
    texts: list[str] = field(default_factory=list)  # the statements read so far

    def read_places(self, text: str) -> None:
        for _, _, k in known_in(text):
            cid = k.id if k.kind == "country" else k.country
            if cid:
                self.countries[cid] += 1
                self.country_names.setdefault(cid, k.name if k.kind == "country" else cid.split(":", 1)[1].title())
        self.place = place_in(text) or self.place

    def country(self) -> Entity | None:
        """The country the article has named most so far (the first named on a tie)."""
        if not self.countries:
            return None
        cid = self.countries.most_common(1)[0][0]
        return Entity(cid, self.country_names[cid], "country", self.country_names[cid])

    def remember(self, index: int, v: AttributionValue, act: bool = False) -> None:
        # a body's act ("the miner halted work") names a body, not the last speaker that "the regulator said"
        # or a bare "He added" may point back to (a person's act does: "Judge X ordered ... she said")
        speaker = not act or (v.speaker is not None and v.speaker.kind == "person")
        if speaker:
            self.history.append((index, v))
        if v.speaker is not None and v.speaker.kind == "person":
            surname = skeleton(v.speaker.name).split("-")[-1]
            old = self.people.get(surname)
            # keep the fullest form: "اسماعيل دمير" outlives a later bare "دمير"
            if old is None or len(v.speaker.name.split()) >= len(old[0].name.split()):
                self.people[surname] = (v.speaker, v.role or (old and old[1]), v.organisation or (old and old[2]))
        if v.organisation is not None and v.organisation.kind == "organisation" and speaker:
            self.last_org = v.organisation
            self.bodies.add(index, v.organisation)

    def body(self, noun: str, index: int) -> Entity | None:
        """The body a generic noun stands for: one named in reach of a compatible kind, else the last body
        that spoke if its kind is known to fit (never a body of another kind: "the regulator" is no bank)."""
        found = self.bodies.find(noun, index)
        return found or (self.last_org if self.bodies.fits(noun, self.last_org) else None)

    def person(self, written: str) -> tuple[Entity, str | None, Entity | None]:
        ent = resolve(written, "person")
        sk = skeleton(written).split("-")
        known = self.people.get(sk[-1])
        if known is None and len(written.split()) == 1:
            # "Choi said" after "Choi Sang-mok": a family name written first is a word of the full name too
            known = next((p for p in self.people.values() if len(p[0].name.split()) > 1 and written in p[0].name.split()), None)
        if known is not None and (len(sk) == 1 or same_entity(ent, known[0])):
            first = known[0]
            return Entity(first.id, written, "person", first.canonical), known[1], known[2]
        return ent, None, None

    def previous(self, index: int, noun: str | None, *, strict: bool = False) -> AttributionValue | None:
        window = _ANAPHOR_WINDOW if noun else _CONTINUE_WINDOW
        recent = [(i, v) for i, v in reversed(self.history) if index - i <= window]
        if noun:
            stem = name_key(noun)
            stem = stem[2:] if stem.startswith("ال") else stem
            for _, v in recent:
                said = " ".join(x for x in (v.speaker.name if v.speaker else "", v.role or "",
                                            v.organisation.name if v.organisation else "") if x)
                if stem and stem in name_key(said):
                    return v
            if strict:
                return None  # only the speaker the noun names, not the last one whoever it was
            if fold_word(noun) in _personal():
                # "she said": the last person (or title, or unnamed official) who spoke, not an outlet's report
                # or a body's statement in between
                person = next((v for _, v in recent if v.speaker is not None
                               and v.speaker.kind in ("person", "role", "unnamed")), None)
                if person is not None:
                    return person
        return recent[0][1] if recent else None

    def titled(self, role: str) -> AttributionValue | None:
        """The speaker named earlier with this title: "the minister" after "Health Minister Hamad Hassan"."""
        cls, pf = role_class(role), portfolio(role)
        if cls is None:
            return None
        found: AttributionValue | None = None
        for _, v in reversed(self.history):
            if v.speaker is None or v.unnamed or not v.role or role_class(v.role) != cls:
                continue
            if pf is not None and portfolio(v.role) != pf:
                continue
            if found is None and (v.organisation is not None or v.speaker.kind == "person"):
                found = v
            if found is not None and found.organisation is None and v.organisation is not None:
                # "Lebanon's health minister said ..." then "Minister Hamad Hassan said ...": one holder, his body
                return replace(found, role=v.role, organisation=v.organisation)
        return found

    def via_of(self, speaker: Entity, rid: str | None) -> tuple[Entity, ...]:
        """The outlets that carried this speaker earlier in the article."""
        for _, v in reversed(self.history):
            if not v.via or v.speaker is None:
                continue
            if same_entity(v.speaker, speaker) or (rid and rid in (v.speaker.id, role_id(v.role, v.organisation))):
                return v.via
        return ()


def _org(ph, ctx: _Article, text: str, index: int) -> Entity | None:
    if ph.organisation is not None:
        k = ph.organisation
        return Entity(k.id, ph.organisation_text or k.name, k.kind, k.name)
    # "the company's chief executive": the body of that kind the article named before
    return ctx.body(text[ph.start:ph.end], index) if ph.org_anaphor else None


@lru_cache(maxsize=1)
def _country_anaphor_re() -> re.Pattern | None:
    words = [w for ws in _word_lists("country_anaphors").values() for w in ws]
    return re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE) if words else None


def _qualified_body(body: tuple, ctx: _Article, index: int) -> Entity | None:
    """A place and a generic noun ("the California regulator", "the Ohio company"): the body of a compatible
    kind named before in the article whose name holds that place, if any."""
    k, text = body
    words = text.split()
    if not k.id.startswith("name:") or len(words) < 2 or not words[-1].islower() or not all(
            w[:1].isupper() for w in words[:-1]):
        return None
    return ctx.bodies.find_qualified(words[-1], words[:-1], index)


def _country_body(text: str, ctx: _Article) -> Entity | None:
    """"the country's emergency management office" -> the body of that name of the article's country, when known."""
    rx, country = _country_anaphor_re(), ctx.country()
    m = None
    for m in (rx.finditer(text) if rx is not None and country is not None else ()):
        pass  # the last one: the nearest to the phrase
    if m is None or any(c in text[m.end():] for c in ",;:"):
        return None
    named = country.name + "'s" + text[m.end():]
    for s, _, k in known_in(named):
        if s == 0 and k.kind == "organisation":
            return Entity(k.id, text[m.start():].strip(), k.kind, k.name)
    return None


def _settle(d: Draft, st: Statement, ctx: _Article) -> AttributionValue | None:
    ph = d.phrase
    sourceless = d.cue.lang == "tr" and not (ph.person or ph.role or ph.body or ph.outlets or ph.unnamed or ph.anaphor)
    if fold_word(st.text[d.cue_start:d.cue_end]) in _impersonal() or sourceless:
        # an impersonal passive has no subject: "Kentte ... öldüğü bildirildi" (it was reported) names no source;
        # "Açıklamada ... belirtildi" names the statement of the body the article named last
        body = statement_issuer(st.text, st.index, ctx.bodies, ctx.history, ctx.body)
        return AttributionValue(cue=d.cue.cue, speaker=body, organisation=body, inherited=True) if body else None
    # the phrase may start after "the country's health" (function and portfolio words)
    body = _country_body(st.text[max(0, ph.start - 40):ph.end], ctx) if not ph.person and not ph.organisation else None
    if body is not None:
        return AttributionValue(cue=d.cue.cue, speaker=body, role=ph.role, organisation=body,
                                via=tuple(e for _, e in d.via))
    org = _org(ph, ctx, st.text, st.index)
    via: list[Entity] = []
    for _, e in d.via:
        if all(e.id != x.id for x in via):
            via.append(e)
    role = ph.role
    speaker: Entity | None = None
    org = refine_org(role, org)  # "وزير الدفاع التركي": Turkey's defence ministry
    if org is not None and role_class(role) == "governor" and org.id.startswith(("country:", "name:")):
        org = local_body(org.name)  # "the governor of Beirut", "عمدة درنة": the place's administration
    acronym = _ACRONYM.fullmatch(_CASE_END.sub("", ph.person or "")) if not role else None
    if acronym:
        # "FDIC'nin açıklamasına göre", "SVB said": capitals alone name a body, never a person
        speaker = org = ctx.bodies.named(resolve(acronym.group(), "organisation"))
    elif ph.person and not role and lone_body(ph.person, st.text[ph.who_start or ph.start:ph.who_end or ph.end],
                                              st.text[d.cue_start:d.cue_end], ctx.texts, st.text, ctx.people):
        # "Microsoft said", "CrowdStrike acknowledged": a lone name the article never gave a first name is a body
        speaker = org = ctx.bodies.named(resolve(_CASE_END.sub("", ph.person), "organisation"))
    elif ph.person:
        speaker, old_role, old_org = ctx.person(_untitled(ph.person))
        role, org = role or old_role, org or old_org
    elif ph.unnamed:
        if not role:
            org = government_of(org)  # "مسؤولون لبنانيون", "Lebanese officials": the country's government
        text = st.text[ph.who_start or ph.start:ph.who_end or ph.end].rstrip(" ،,\"“”«»")
        speaker = Entity(f"unnamed:{org.id if org else 'unknown'}", text, "unnamed")
    elif role:
        earlier = ctx.titled(role) if org is None else None
        if earlier is not None:
            # "the governor", "le ministre": the holder of that title the article named before
            speaker, role, org = earlier.speaker, earlier.role, earlier.organisation
        else:
            if org is None and role_class(role) == "governor" and ctx.place:
                org = local_body(ctx.place)  # "in the city of Derna ..., the mayor said": that city's administration
            rid = role_id(role, org)
            speaker = Entity(rid or f"role:{name_key(role)}", role, "role")
    elif ph.body is not None and ph.org_anaphor and len(ph.body[1].split()) == 1 and ph.body[0].id.startswith("name:") \
            and not ph.body[1][:1].isupper():  # not "la compagnie ferroviaire publique SNCF": a name, not the noun
        # "selon un communiqué de l'alliance", "وأكدت الشركة": the body of that kind the article named before;
        # with none named, a company nobody named (never a body called "company")
        speaker = org = ctx.body(ph.body[1], st.index)
        if speaker is None and (ph.unlisted or d.cue.kind == "according"):
            # "selon la coopérative", "بحسب بيان المجموعة" with no body of its kind named before: a body
            # spoke that the article does not name, an unnamed source (compared weakly: never a conflict
            # with the named body it may well be)
            return _unnamed_body(d, ph.body[1], via)
    elif ph.body is not None and _qualified_body(ph.body, ctx, st.index) is not None:
        # "the California regulator": the body of that kind and place the article named before
        speaker = org = _qualified_body(ph.body, ctx, st.index)
    elif ph.body is not None and ph.unlisted:
        return _unnamed_body(d, ph.body[1], via)  # "according to the haulage syndicate": a body in no list
    elif ph.body is not None:
        k, text = ph.body
        # "Kyiv said", "Selon Moscou": a country or its capital speaking is its government
        speaker = Entity(k.id, text, k.kind, k.name)
        if k.kind == "country":
            speaker = org = government_of(speaker)  # "Kyiv said", "Selon Moscou": a country speaking is its government
        elif k.id.startswith("name:") and fold_word(text) in _government_nouns() and ctx.country() is not None:
            # "وبحسب السلطات", "Local authorities say": the government of the country the article is about
            speaker = org = government_of(replace(ctx.country(), name=text))
        if k.id.startswith("type:") and "@" not in k.id and ctx.country() is not None:
            # "a indiqué la télévision d'Etat", "the Red Crescent said": the kind of institution of the
            # country the article is about
            speaker = Entity(f"{k.id}@{ctx.country().id}", text, k.kind, k.name)
            org = speaker if org is None or org.id == k.id else org
        org = org or speaker
    pronoun = d.cue.kind == "according" and bool(st.text[ph.start:ph.end].strip(" ,،"))  # "selon lui", "according to him"
    # "وذكر الصندوق أن": a body named before, pointed back to, speaks whatever the verb ("ذكر" also reports)
    back = lexicon().phrases.get(f"anaphoric_orgs.{d.cue.lang}")
    body_back = ph.anaphor and back is not None and back.fullmatch(st.text[ph.start:ph.end].strip(" ,،")) is not None
    # "По его словам", "По их данным": the pronoun is inside the cue, and points to the speaker before
    owned = d.cue.kind == "according" and not ph.person and not ph.body and not ph.role and not via \
        and bool(set(fold_word(st.text[d.cue_start:d.cue_end]).split()) & _possessives())
    if speaker is None and (ph.anaphor or owned) and (d.cue.kind in ("speech", "continuation", "act") or pronoun or body_back
                                                      or owned):
        # only a verb with nothing after it ("وأضاف أن", "He added") continues a speaker (an act only
        # with its pronoun or noun written: "She ordered", read_statement drops a bare one);
        # "وأكدت التقارير أن" names a subject we cannot read, not the last speaker
        noun = st.text[ph.start:ph.end].strip() if ph.anaphor and ph.end > ph.start else None
        inverted = _INVERTED.search(st.text, d.cue_start, d.cue_end)
        if inverted and not (noun or "").strip(" ,،"):
            noun = inverted.group(1)  # "a-t-elle ajouté": the subject pronoun is written inside the verb
        generic = bool(noun) and is_body_anaphor(noun, d.cue.lang)
        prev = ctx.previous(st.index, normalize(noun) if noun else None, strict=generic)
        body = ctx.bodies.find(noun, st.index) if generic and prev is None else None
        if body is not None:
            # "The company said", "В корпорации заявили", "Açıklamada ... belirtildi": the body named before
            return AttributionValue(cue=d.cue.cue, speaker=body, organisation=body, via=tuple(via), inherited=True)
        if prev is None and generic:
            prev = ctx.previous(st.index, normalize(noun))
            if prev is not None and not ctx.bodies.fits(noun, prev.organisation or prev.speaker):
                prev = None  # the last speaker is no body of the noun's kind: leave the noun unresolved
        if prev is None and d.cue.kind == "according" and d.cue.lang != "tr" and noun and (
                generic or is_body_anaphor(st.text[d.cue_end:ph.end], d.cue.lang)):  # ("the agency": with its article)
            # "according to the agency" with no body of its kind in reach: a body spoke that the article does
            # not name; its words are the value (an "according to" phrase always names a source; Turkish
            # "Kurumdan yapılan açıklamada" is the impersonal statement, statement_issuer's)
            return _unnamed_body(d, noun, via)
        if prev is None:
            return None
        return AttributionValue(
            cue=d.cue.cue, speaker=prev.speaker, role=prev.role, organisation=prev.organisation,
            via=tuple(via) or prev.via, content_start=None, content_end=None,
            unnamed=prev.unnamed, inherited=True,
        )
    noun = st.text[ph.start:ph.end].strip() if speaker is None and ph.anaphor and ph.end > ph.start else ""
    if noun and _unnamed_noun(noun):
        # "نقلت وكالة شفق نيوز عن المصدر قوله", "told the source": the unnamed source named before,
        # or, when the article named none, an unnamed source still
        prev = ctx.previous(st.index, normalize(noun))
        if prev is not None and prev.unnamed:
            speaker, role, org = prev.speaker, prev.role, prev.organisation
        else:
            speaker = Entity("unnamed:unknown", noun, "unnamed")
        return AttributionValue(cue=d.cue.cue, speaker=speaker, role=role, organisation=org, via=tuple(via),
                                unnamed=True, inherited=prev is not None and prev.unnamed)
    if speaker is None and ph.org_anaphor and org is not None and d.cue.kind == "according":
        speaker = org  # "according to the ministry's update": the body the article named before
    if speaker is None and not via:
        return None
    if speaker is None:
        org = None  # "وفق ما أفادت وكالة بلومبرغ الأميركية": the adjective is the outlet's
    if speaker is not None and not via:
        via = list(ctx.via_of(speaker, role_id(role, org)))
    return AttributionValue(
        cue=d.cue.cue, speaker=speaker, role=role, organisation=org, via=tuple(via),
        unnamed=ph.unnamed and not ph.person,
    )


def _unnamed_body(d: Draft, words: str, via) -> AttributionValue:
    """A body named by a common noun only ("the haulage syndicate", "l'alliance"): an unnamed source, its words kept."""
    return AttributionValue(cue=d.cue.cue, speaker=Entity("unnamed:unknown", words, "unnamed"), via=tuple(via),
                            unnamed=True)


_ACRONYM = re.compile(r"[A-ZА-ЯÇĞİÖŞÜ]{2,6}")
_INVERTED = re.compile(r"-t-(il|elle)\b", re.IGNORECASE)
_CASE_END = re.compile(r"['’][a-zçğıöşü]{1,5}$")


def _unnamed_noun(noun: str) -> bool:
    """"المصدر", "the source": an unnamed noun made definite (the article word or "the" dropped)."""
    words = fold_word(noun).split()
    if not words:
        return False
    last = words[-1]
    nouns = lexicon().unnamed_nouns
    return last in nouns or (last.startswith("ال") and last[2:] in nouns)


def extract_attributions(statements: Sequence[Statement]) -> list[tuple[AttributionMention, ...]]:
    """One tuple of attributions per statement (one article's, in order), spans in article offsets."""
    out: list[tuple[AttributionMention, ...]] = []
    ctx = _Article()
    for st in statements:
        ctx.read_places(st.text)
        d = _read(st.text)
        value = _settle(d, st, ctx) if d is not None else None
        ctx.bodies.read(st.index, st.text)  # after the reading: a noun points back to what came before it
        ctx.texts.append(st.text)
        if value is None:
            out.append(())
            continue
        s = min(a for a, _ in d.spans)
        e = max(b for _, b in d.spans)
        content = d.content
        value = AttributionValue(
            cue=value.cue, speaker=value.speaker, role=value.role, organisation=value.organisation,
            via=value.via, unnamed=value.unnamed, inherited=value.inherited,
            content_start=st.start + content[0] if content else None,
            content_end=st.start + content[1] if content else None,
        )
        ctx.remember(st.index, value, act=d.cue.kind == "act")
        out.append((AttributionMention(st.start + s, st.start + e, st.text[s:e], value),))
    return out
