"""The data files of known entities, read once, and the indexes over them.

Known outlets, organisations, countries, kinds of institution and a few people
live in consistency/data/outlets.yaml and organisations.yaml (validated on
load); consistency/entities.py resolves written names against these indexes.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .datafiles import load, load_merged
from .names import name_key, skeleton
from .normalize import normalize


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
