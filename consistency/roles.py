"""Titles and portfolios: what class of title a speaker holds, in which body.

``role_class`` reads the class ("head", "minister", "spokesperson"), ``portfolio``
the ministry a minister's title names, ``role_id`` the comparable title in a body
("role:head@org:rosoboronexport"), and ``RoleLinks`` ties each title to the
people the corpus (and the data files) name in it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable, Mapping

from .datafiles import load_merged
from .entity_data import _by_id, known
from .model import AttributionMention, AttributionValue, Entity
from .names import same_person
from .normalize import normalize


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
