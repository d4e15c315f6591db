"""People, organisations and outlets resolved across spellings and scripts.

Two keys decide that two names are one entity: ``name_key`` within a script
and ``skeleton`` across scripts (both in consistency/names.py, re-exported here).

Known outlets, organisations, countries and a few people live in
consistency/data/outlets.yaml and organisations.yaml; anything else still gets
a stable id from its skeleton. ``RoleLinks`` ties a title ("head of
Rosoboronexport") to the person the corpus names in it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Iterable, Mapping

from rapidfuzz import fuzz, process

from .datafiles import load, load_merged
from .model import AttributionMention, AttributionValue, Entity
from .names import name_key, skeleton
from .names import voiceless as _voiceless
from .normalize import normalize

__all__ = ["resolve", "institution_type", "name_key", "skeleton", "same_entity", "same_person", "country_of",
           "role_class", "role_id", "portfolio", "body_portfolio", "government_of", "local_body", "refine_org", "RoleLinks", "link_roles", "known", "Known"]

# -------------------------------------------------------------------- data
@dataclass(frozen=True)
class Known:
    """One data-file entry: an outlet, organisation, country or person."""

    id: str  # "outlet:interfax", "org:ssb", "country:turkey", "person:mikheev"
    kind: str  # outlet | organisation | country | person
    name: str
    aliases: tuple[str, ...]
    adjectives: tuple[str, ...] = ()
    country: str | None = None  # "country:<id>" for organisations
    portfolio: str | None = None  # ministries: defence, foreign ...
    roles: tuple[tuple[str, str], ...] = ()  # (role class, organisation id) for people


def _validate_entries(data: Any, section: str, extra: tuple[str, ...] = ()) -> None:
    if not isinstance(data, dict) or not isinstance(data.get(section), list):
        raise ValueError(f"expected a top-level {section!r} list")
    for i, e in enumerate(data[section]):
        if not isinstance(e, dict) or not isinstance(e.get("id"), str) or not isinstance(e.get("name"), str):
            raise ValueError(f"{section}[{i}]: expected a mapping with string 'id' and 'name'")
        aliases = e.get("aliases")
        if not isinstance(aliases, list) or not aliases or not all(isinstance(a, str) and a for a in aliases):
            raise ValueError(f"{section}[{i}] ({e['id']}): expected 'aliases': a non-empty list of strings")
        unknown = set(e) - {"id", "name", "aliases", *extra}
        if unknown:
            raise ValueError(f"{section}[{i}] ({e['id']}): unknown key(s) {sorted(unknown)}")


def _validate_outlets(data: Any) -> None:
    _validate_entries(data, "outlets")


def _validate_orgs(data: Any) -> None:
    _validate_entries(data, "organisations", ("country", "portfolio"))
    _validate_entries(data, "countries", ("adjectives",))
    _validate_entries(data, "people", ("roles",))
    if "institution_types" in data:
        _validate_entries(data, "institution_types")
    for p in data["people"]:
        for r in p.get("roles", []):
            if not isinstance(r, dict) or set(r) != {"role", "of"}:
                raise ValueError(f"people ({p['id']}): each role must be {{role: <class>, of: <entity id>}}")


@lru_cache(maxsize=1)
def known() -> tuple[Known, ...]:
    """Every data-file entry, outlets first (their aliases win a tie)."""
    out = [Known(f"outlet:{e['id']}", "outlet", e["name"], tuple(e["aliases"]))
           for e in load("outlets.yaml", _validate_outlets)["outlets"]]
    data = load("organisations.yaml", _validate_orgs)
    out += [Known(f"org:{e['id']}", "organisation", e["name"], tuple(e["aliases"]),
                  country=f"country:{e['country']}" if e.get("country") else None, portfolio=e.get("portfolio"))
            for e in data["organisations"]]
    out += [Known(f"country:{e['id']}", "country", e["name"], tuple(e["aliases"]),
                  adjectives=tuple(e.get("adjectives", [])), country=f"country:{e['id']}")
            for e in data["countries"]]
    out += [Known(f"type:{e['id']}", "organisation", e["name"], tuple(e["aliases"]), portfolio=f"type:{e['id']}")
            for e in data.get("institution_types", [])]
    out += [Known(f"person:{e['id']}", "person", e["name"], tuple(e["aliases"]),
                  roles=tuple((r["role"], r["of"]) for r in e.get("roles", [])))
            for e in data["people"]]
    return tuple(out)


@lru_cache(maxsize=1)
def _by_id() -> dict[str, Known]:
    return {k.id: k for k in known()}


@lru_cache(maxsize=None)
def _index(kinds: tuple[str, ...]) -> tuple[dict[str, Known], dict[str, Known]]:
    """(name key -> entry, skeleton -> entry) over the given kinds."""
    by_key: dict[str, Known] = {}
    by_skel: dict[str, Known] = {}
    for k in known():
        if k.kind not in kinds:
            continue
        for alias in (*k.aliases, *k.adjectives, k.name):
            by_key.setdefault(name_key(alias), k)
            s = skeleton(alias).replace("-", "")
            if len(s) >= 3:
                by_skel.setdefault(s, k)
    return by_key, by_skel


_KINDS = {
    "outlet": ("outlet",),
    "organisation": ("organisation", "country", "outlet"),
    "country": ("country",),
    "person": ("person",),
}


@lru_cache(maxsize=1)
def _generic_words() -> frozenset[str]:
    """Nouns of bodies in general ("authorities", "السلطات"): never a near-spelling of a known name
    ("authorities" and ITAR-TASS share the skeleton trts)."""
    data = load_merged("attribution_cues.yaml")
    return frozenset(normalize(w) for section in ("common_nouns", "body_nouns", "government_nouns")
                     for words in (data.get(section) or {}).values() for w in words)


def _lookup(name: str, kind: str) -> Known | None:
    by_key, by_skel = _index(_KINDS.get(kind, ("outlet", "organisation", "country")))
    key = name_key(name)
    if not key:
        return None
    hit = by_key.get(key)
    if hit is None and kind != "person" and normalize(name) not in _generic_words():
        # Outlets and bodies: one extra or missing letter (بلومبيرغ) is still them.
        s = skeleton(name).replace("-", "")
        hit = by_skel.get(s) if len(s) >= 4 else None
        if hit is None and len(key) >= 5:
            best = process.extractOne(key, list(by_key), scorer=fuzz.ratio, score_cutoff=88)
            hit = by_key[best[0]] if best and _word_variants(name, best[0], by_key[best[0]]) else None
        if hit is not None and hit.kind != "country" and hit.country is not None:
            # "الحكومة الإيرانية" is one letter pair from "الحكومة الأوكرانية": a near spelling naming
            # another country is another body
            words = _WORDS.findall(normalize(name))
            named = next((cid for cid, forms in _country_forms() if any(_prefix_at(words, list(f)) for f in forms)), None)
            if named is not None and named != hit.country:
                hit = None
    return hit


def _word_variants(name: str, key: str, k: Known) -> bool:
    """A near spelling of a listed name changes letters inside words, never a whole word: "وزارة الصحة
    السعودية" is no spelling of "وزارة الصحة السورية" (the skeletons of السعودية and السورية differ)."""
    alias = next((a for a in (*k.aliases, k.name) if name_key(a) == key), None)
    if alias is None:
        return True
    mine, theirs = _WORDS.findall(normalize(name)), _WORDS.findall(normalize(alias))
    if len(mine) != len(theirs):
        return True
    return all(skeleton(a) == skeleton(b) or min(len(a), len(b)) < 3 for a, b in zip(mine, theirs))


def _person(name: str) -> Known | None:
    by_key, _ = _index(("person",))
    hit = by_key.get(name_key(name))
    if hit:
        return hit
    sk = skeleton(name).split("-")
    if not sk or not sk[-1]:
        return None
    for ak, k in _person_skeletons().get(sk[-1], ()):
        if len(sk) == 1 or len(ak) == 1 or ak[0] == sk[0]:
            return k
    return None


@lru_cache(maxsize=1)
def _person_skeletons() -> dict[str, tuple[tuple[tuple[str, ...], Known], ...]]:
    """Surname skeleton -> (alias skeleton words, person): _person runs per speaker, the data never changes."""
    out: dict[str, list[tuple[tuple[str, ...], Known]]] = {}
    for k in known():
        if k.kind != "person":
            continue
        for alias in k.aliases:
            ak = tuple(skeleton(alias).split("-"))
            out.setdefault(ak[-1], []).append((ak, k))
    return {key: tuple(v) for key, v in out.items()}


@lru_cache(maxsize=1)
def _local_words() -> frozenset[str]:
    words = load_merged("attribution_cues.yaml").get("local_bodies", [])
    if not isinstance(words, list) or not all(isinstance(w, str) and w for w in words):
        raise ValueError("attribution_cues.yaml: 'local_bodies' must be a list of strings")
    return frozenset(normalize(w) for w in words)


def local_body(place: str) -> Entity:
    """The administration of a city or province (what its governor or mayor heads), by the place's skeleton."""
    sk = skeleton(place).replace("-", "") or name_key(place)
    return Entity(f"local:{sk}", place, "organisation")


@lru_cache(maxsize=8192)
def _local_place(name: str) -> str | None:
    """"Beirut Governorate", "محافظة بيروت", "gouvernorat de Beyrouth" -> the place; None for other names."""
    words = re.sub(r"\b[ldLD]['’]", " ", name).split()
    local = _local_words()
    if not any(normalize(w) in local for w in words):
        return None
    rest = [w for w in words if normalize(w) not in local and normalize(w) not in ("of", "the", "de", "du", "la", "le")]
    return " ".join(rest) if 1 <= len(rest) <= 3 else None


_WORDS = re.compile(r"[^\W_]+")


def _prefix_at(words: list[str], form: list[str]) -> bool:
    """``form`` occurs in ``words``, each word maybe with a suffix ("Kızılayı", "Иранского")."""
    n = len(form)
    return any(all(w.startswith(f) and len(w) - len(f) <= 3 for w, f in zip(words[i:i + n], form))
               for i in range(len(words) - n + 1))


@lru_cache(maxsize=1)
def _type_forms() -> tuple[tuple[str, tuple[tuple[str, ...], ...]], ...]:
    return tuple((k.id, tuple(tuple(_WORDS.findall(normalize(a))) for a in (*k.aliases, k.name)))
                 for k in known() if k.id.startswith("type:"))


@lru_cache(maxsize=1)
def _country_forms() -> tuple[tuple[str, tuple[tuple[str, ...], ...]], ...]:
    return tuple((k.id, tuple(tuple(_WORDS.findall(normalize(a))) for a in (*k.aliases, *k.adjectives, k.name)
                              if len(normalize(a)) >= 4))
                 for k in known() if k.kind == "country")


@lru_cache(maxsize=8192)
def institution_type(name: str) -> str | None:
    """"Iranian Red Crescent Society" -> "type:red-crescent@country:iran"; None when the name holds no type."""
    words = _WORDS.findall(normalize(name))
    kind = next((tid for tid, forms in _type_forms() if any(_prefix_at(words, list(f)) for f in forms)), None)
    if kind is None:
        return None
    country = next((cid for cid, forms in _country_forms() if any(_prefix_at(words, list(f)) for f in forms)), None)
    return f"{kind}@{country}" if country else kind


@lru_cache(maxsize=1)
def _government_words() -> frozenset[str]:
    data = load_merged("attribution_cues.yaml").get("government_nouns") or {}
    return frozenset(normalize(w) for words in data.values() for w in words if " " not in w)


def _government_of_name(name: str) -> Entity | None:
    """"Government of Iran", "İran hükümeti", "الحكومة الإيرانية": the country's government, as
    "the Iranian government" read in a sentence is (government_of)."""
    words = _WORDS.findall(normalize(name))
    if not 2 <= len(words) <= 5 or not any(w in _government_words() for w in words):
        return None
    country = next((cid for cid, forms in _country_forms() if any(_prefix_at(words, list(f)) for f in forms)), None)
    if country is None:
        return None
    k = _by_id()[country]
    return government_of(Entity(k.id, name, "country", k.name))


def resolve(name: str, kind: str) -> Entity:
    """An Entity with a stable id for ``name`` written any way (kind: person | organisation | outlet | country)."""
    name = name.strip()
    place = _local_place(name) if kind == "organisation" else None
    if place:
        return Entity(local_body(place).id, name, "organisation")
    hit = _person(name) if kind == "person" else _lookup(name, kind)
    if kind == "organisation" and (hit is None or hit.id.startswith("type:")):
        typed = institution_type(name)
        if typed:
            return Entity(typed, name, "organisation", _by_id()[typed.split("@")[0]].name)
        governed = _government_of_name(name) if hit is None else None
        if governed is not None:
            return governed
    if hit is not None:
        return Entity(hit.id, name, hit.kind, hit.name)
    sk = skeleton(name)
    if kind == "person":
        return Entity(f"person:{sk or name_key(name)}", name, "person")
    return Entity(f"name:{sk.replace('-', '') or name_key(name)}", name, kind)


def country_of(entity: Entity | None) -> str | None:
    """The country id an organisation, outlet or country belongs to, when known."""
    if entity is None:
        return None
    if entity.id.startswith("type:") and "@" in entity.id:
        return entity.id.split("@", 1)[1]  # "type:red-crescent@country:iran"
    k = _by_id().get(entity.id)
    return k.country if k else None


def same_person(a: Entity, b: Entity) -> bool:
    """Same person: one id, or the same surname with compatible given names (دمير ~ إسماعيل دمير)."""
    if a.id == b.id:
        return True
    if a.kind != "person" or b.kind != "person":
        return False
    sa, sb = [_voiceless(p) for p in skeleton(a.name).split("-")], [_voiceless(p) for p in skeleton(b.name).split("-")]
    if not sa[-1]:
        return False
    if len(sa) == len(sb) == 2 and sa == sb[::-1]:
        return True  # "حسن حمد" / "Hamad Hassan": the given name and surname written the other way round
    if sa[-1] != sb[-1]:
        # "ميميش أوغلو" / "Memişoğlu": one surname written as two words
        for x, y in ((sa, sb), (sb, sa)):
            if len(x) >= 2 and x[-2] + x[-1] == y[-1]:
                x[-2:] = [y[-1]]
    ar_a, ar_b = _ARABIC_SCRIPT.search(a.name) is not None, _ARABIC_SCRIPT.search(b.name) is not None
    if sa[-1] != sb[-1] and ar_a != ar_b:
        # "وحيدي" / "Vahidi": Arabic writes a first v or w as و, which the skeleton drops as a vowel
        arabic, latin = (sa, sb) if ar_a else (sb, sa)
        if latin[-1][:1] == "f" and latin[-1][1:] == arabic[-1]:
            latin[-1] = arabic[-1]
    if sa[-1] != sb[-1]:
        return False
    return len(sa) == 1 or len(sb) == 1 or _given_alike(sa[0], sb[0])


def _given_alike(a: str, b: str) -> bool:
    """One given name across transliterations: "إيفغور" / "Ihor" (kfkr, kr): the same first letter and
    one skeleton inside the other ("محمد" / "أحمد", mhmt and hmt, differ at the first letter)."""
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    if len(short) < 2 or short[0] != long[0]:
        return False
    it = iter(long)
    return all(c in it for c in short)


_ARABIC_SCRIPT = re.compile(r"[\u0600-\u06ff]")


def same_entity(a: Entity, b: Entity) -> bool:
    """Same id, or the same person across spellings."""
    return a.id == b.id or same_person(a, b)


# ------------------------------------------------------------------- roles
@lru_cache(maxsize=1)
def _role_words() -> tuple[tuple[str, str], ...]:
    data = load_merged("attribution_cues.yaml")
    pairs = [(normalize(w), cls) for cls, words in data["roles"].items() for w in words]
    # the longest written title decides: "نائب رئيس" is a deputy, "المدير العام" a head
    return tuple(sorted(pairs, key=lambda p: -len(p[0])))


@lru_cache(maxsize=8192)
def role_class(role: str | None) -> str | None:
    """The class of a written title: head, minister, deputy, spokesperson, ambassador ..."""
    if not role:
        return None
    words = normalize(role).split()
    best: tuple[int, int, str] | None = None
    for form, cls in _role_words():
        n = len(form.split())
        for i in range(len(words) - n + 1):
            if " ".join(words[i:i + n]) == form:
                cand = (i, -n, cls)
                best = cand if best is None or cand < best else best
                break
    return best[2] if best else None


@lru_cache(maxsize=1)
def _unit_nouns() -> frozenset[str]:
    return frozenset(normalize(w) for w in load_merged("attribution_cues.yaml").get("unit_nouns", []))


@lru_cache(maxsize=8192)
def _of_unit(role: str) -> bool:
    """"مدير الإدارة الأوروبية في وزارة الخارجية": the title is over a unit, not the body."""
    words = [w.lstrip("ل").removeprefix("ب") if w.startswith(("لل", "بال")) else w for w in normalize(role).split()]
    units = _unit_nouns()
    for i, w in enumerate(words[:-1]):
        if role_class(w) is not None:
            # a unit named within the next few words: "director of the Fourth European Department"
            return any(n in units or ("ال" + n) in units for n in words[i + 1:i + 6])
    return False


@lru_cache(maxsize=1)
def _portfolio_words() -> dict[str, str]:
    data = load_merged("attribution_cues.yaml").get("portfolios", {})
    return {normalize(w): p for p, words in data.items() for w in words}


@lru_cache(maxsize=8192)
def portfolio(role: str | None) -> str | None:
    """The ministry a minister's title names: "وزير الدفاع التركي" -> defence."""
    if not role or role_class(role) != "minister":
        return None
    words = _portfolio_words()
    # "ministre de l'Intérieur": an elided article is no part of the portfolio word
    text = re.sub(r"\b[ld]['’]", " ", normalize(role).replace("'s", ""))
    return next((words[w] for w in text.split() if w in words), None)


_MINISTRY_WORDS = ("ministry", "ministries", "department", "وزارة", "ministère", "bakanlığı", "министерство")


@lru_cache(maxsize=1)
def _ministry_re() -> re.Pattern:
    return re.compile("(?<!\\w)(?:" + "|".join(re.escape(normalize(w)) for w in _MINISTRY_WORDS) + ")(?!\\w)")


@lru_cache(maxsize=8192)
def _written_portfolio(name: str) -> str | None:
    text = re.sub(r"\b[ld]['’]", " ", normalize(name).replace("'s", ""))
    if not _ministry_re().search(text) and not text.startswith("минздрав"):
        return None
    words = _portfolio_words()
    if text.startswith("минздрав"):
        return words.get("здравоохранения")
    return portfolio_in(text.split())


def portfolio_in(toks: list[str]) -> str | None:
    """The portfolio a run of normalized words names ("public health" -> health), two-word names first."""
    words = _portfolio_words()
    for n in (2, 1):
        for i in range(len(toks) - n + 1):
            hit = words.get(" ".join(toks[i:i + n]))
            if hit:
                return hit
    return None


def government_of(organisation: Entity | None) -> Entity | None:
    """A country's government when the data holds one (organisation id "<country>-government"), else as given.

    Unnamed officials of a country ("Lebanese officials", "مسؤولون لبنانيون")
    speak for its government: FORMAT.md compares attributions by organisation.
    """
    if organisation is None or not organisation.id.startswith("country:"):
        return organisation
    k = _by_id().get("org:" + organisation.id.split(":", 1)[1] + "-government")
    return Entity(k.id, organisation.name, "organisation", k.name) if k is not None else organisation


def body_portfolio(entity: Entity | None) -> str | None:
    """The ministry a body is, from the data or its written name: "وزارة الصحة", "Syrian Ministry of Health" -> health."""
    if entity is None:
        return None
    if entity.id.startswith("type:"):
        return entity.id.split("@", 1)[0]  # one kind of institution: "type:red-crescent"
    k = _by_id().get(entity.id)
    if k is not None and k.portfolio:
        return k.portfolio
    return (_written_portfolio(entity.name) or (_written_portfolio(entity.canonical) if entity.canonical else None)
            or (institution_type(entity.canonical or entity.name) or "").split("@", 1)[0] or None)


def refine_org(role: str | None, organisation: Entity | None) -> Entity | None:
    """A country's minister of X belongs to its ministry of X when the data knows it."""
    pf = portfolio(role)
    if pf is None or organisation is None or organisation.kind != "country":
        return organisation
    for k in known():
        if k.kind == "organisation" and k.portfolio == pf and k.country == organisation.id:
            return Entity(k.id, organisation.name, "organisation", k.name)
    return organisation


def role_id(role: str | None, organisation: Entity | None) -> str | None:
    """"role:head@org:rosoboronexport": a title in a body, comparable across articles."""
    cls = role_class(role)
    if cls is None or organisation is None:
        return None
    if _of_unit(role or ""):
        cls += "-of-unit"
    organisation = refine_org(role, organisation)
    pf = portfolio(role)
    if pf and organisation.kind == "country":
        cls += f":{pf}"  # a minister of a country with no ministry in the data
    return f"role:{cls}@{organisation.id}"


@dataclass(frozen=True)
class RoleLinks:
    """Which people the corpus (and the data files) name in which roles."""

    holders: Mapping[str, tuple[Entity, ...]] = field(default_factory=dict)

    def of(self, role: str | None) -> tuple[Entity, ...]:
        return self.holders.get(role, ()) if role else ()

    def linked(self, role: str | None, person: Entity) -> bool:
        return any(same_person(p, person) for p in self.of(role))


def link_roles(mentions: Iterable[AttributionMention | AttributionValue]) -> RoleLinks:
    """Tie every titled role to the named people who hold it, in this corpus and in the data."""
    holders: dict[str, dict[str, Entity]] = {}
    for k in known():
        for cls, org in k.roles:
            holders.setdefault(f"role:{cls}@{org}", {})[k.id] = Entity(k.id, k.name, "person", k.name)
    for m in mentions:
        v = m.value if isinstance(m, AttributionMention) else m
        if v.speaker is None or v.speaker.kind != "person":
            continue
        rid = role_id(v.role, v.organisation)
        if rid:
            holders.setdefault(rid, {}).setdefault(v.speaker.id, v.speaker)
    return RoleLinks({r: tuple(p[k] for k in sorted(p)) for r, p in sorted(holders.items())})
