"""People, organisations and outlets resolved across spellings and scripts.

Two keys decide that two names are one entity: ``name_key`` within a script
and ``skeleton`` across scripts (both in consistency/names.py, re-exported here).

Known outlets, organisations, countries and a few people live in
consistency/data/outlets.yaml and organisations.yaml (read by
consistency/entity_data.py); anything else still gets a stable id from its
skeleton. Titles and portfolios are read in consistency/roles.py; this module
re-exports them, so callers keep one import.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import fuzz, process

from .datafiles import load_merged
from .entity_data import _KINDS, Known, _by_id, _generic_words, _index, _person_skeletons, _validate_orgs, known
from .model import Entity
from .names import name_key, same_entity, same_person, skeleton
from .normalize import normalize
from .roles import (RoleLinks, _of_unit, _portfolio_words, _unit_nouns, _written_portfolio, government_of, link_roles,
                    portfolio, portfolio_in, refine_org, role_class, role_id)

__all__ = ["resolve", "institution_type", "name_key", "skeleton", "same_entity", "same_person", "country_of",
           "role_class", "role_id", "portfolio", "body_portfolio", "government_of", "local_body", "refine_org",
           "RoleLinks", "link_roles", "known", "Known", "portfolio_in", "_validate_orgs", "_portfolio_words",
           "_unit_nouns", "_of_unit"]


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
        # a word joined, split or cut off ("روسوبورون إكسبورت", "Acil Durum Yönetimi Başkanlığı"), but never
        # the country: "ministère de la santé" is any country's, not "ministère turc de la Santé"
        from .body_keys import key_country

        return key_country(alias) is None or key_country(name) is not None
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


# Extraction resolves the same few names in sentence after sentence, and a name the data does not
# list costs a fuzzy search of every listed key (about a millisecond): the answer depends on the
# name, the kind and the data files alone, and an Entity is frozen.
@lru_cache(maxsize=1 << 16)
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
