"""The pairwise same-fact model: how likely two frames state one fact.

Features describe what the two statements say ABOUT their values, never the
values themselves: two conflicting statements of one fact must link. The
weights are a logistic regression per kind, fitted on the annotated dev
corpora by ``bench/train_link.py`` and shipped as data
(``consistency/data/link_model.json``); the cuts there say when a link joins
two frames into one fact (``link``) and when it is sure enough to report a
conflict (``conflict``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files
from typing import Sequence

import numpy as np

from ..datafiles import DataError
from .candidates import Pairs
from .claims import CLAIM_FEATURES, ClaimSets
from .frames import GRANULARITY_RANK, Frame
from .nouns import NOUN_APART, NounRows, count_class, count_classes
from .overlap import FrameSets
from .owners import is_country, measures_generic

FEATURES = (
    "sim",  # sentence cosine
    "sim_cross",  # sentence cosine when the two are in different languages (cosines run lower across)
    "cross_lingual",
    "anchor_same",  # both attached to the same event class
    "anchor_clash",  # both attached, and no event class near one value is near the other
    "anchor_none",  # at least one attached to no event word
    "role_clash",  # two roles (dates: a start against a completion or signing; a report's date is report_one's)
    "role_one",  # only one has a role (a phase, signing, a report's date)
    "report_one",  # one is the date of a report, the other not
    "modality_clash",  # happened vs planned vs expected
    "ordinal_clash",  # first vs second
    "ordinal_one",  # only one says first/second
    "unit_clash",  # quantities: another unit, deaths and people alike (counts_as); dates: granularity gap (0..1)
    "words",  # Jaccard of the statements' word skeletons (entities across scripts)
    "window",  # Jaccard of the words around the two values
    "window_sim",  # cosine of the embedded windows around the two values
    "kind_clash",  # quantities: money vs count vs percent ...
    "relative_one",  # dates: one written relative to the publication date ("on Monday"), the other not
    "crowd",  # log of how many values of the kind the two statements hold
    "published_gap",  # days between the two articles' publication (up to a week, /7): running tolls change daily
    "published_unknown",  # one of the two has no publication date
    "running",  # one of the amounts is written as a running figure ("has risen to", "so far")
    "running_one",  # only one of the two is a running figure: a day's reading against a settled one
    "count_clash",  # quantities: counts of the people of two events (the killed against the injured)
    "figure_shared",  # the two statements give one other figure too: one announcement (912 dead, 5,383 / 5,385 hurt)
    "figure_apart",  # both give other figures of a unit, and none of them alike: two announcements
    # dates: the sentence cosine when both read one ordinal ("the first batch" on both sides: one event named
    # alike); times the cosine, so two unrelated sentences that both say "first" gain nothing
    "ordinal_same",
    *CLAIM_FEATURES,  # attributions: what was said (claims.py)
    # quantities: the nouns the two numbers count fall in two count classes (nouns.py, data/count_classes.yaml;
    # one name across languages): "ستة عمال" / "22 crew members" are both people to the lexicon's units, so
    # unit_clash and count_clash stay silent. (One class as a positive column, noun_same, cost 0.003 balanced
    # out of fold: it links a toll's successive updates, which are separate facts.)
    "noun_clash",
    # quantities: the cosine of the two counted nouns embedded (nouns.noun_vectors; 0 unless both have one),
    # and whether both have one and it is under NOUN_APART ("four leaks" against "six explosions")
    "noun_sim",
    "noun_apart",
    # quantities: the two numbers belong to two known countries (owners.py: the nearest name a cue, a possessive
    # or a measured noun introduces; "Thailand's toll" against "deaths in Myanmar"); both amounts name what they
    # measure (data/measures.yaml) and it differs (assets against debt, two interest rates). Leave-one-story-out
    # (23 dev stories, 0.25 / 0.25): an owner clash between any two names (Derna against Benghazi too) fitted
    # +0.25, the wrong sign, and moved no fact; between countries -1.57, the unstudied half 0.455 -> 0.462.
    "owner_clash",
    "measure_clash",
)


_SLICE = 8192  # pairs whose window vectors are gathered at once


@dataclass(frozen=True)
class LinkModel:
    features: tuple[str, ...]
    coef: dict[str, np.ndarray]  # kind -> weights in ``features`` order
    intercept: dict[str, float]
    link: float  # probability at which a pair joins one fact (a kind without its own cut)
    conflict: float  # probability a link needs before its values may conflict (a kind without its own cut)
    # kind -> its own conflict cut, chosen out of fold per kind (bench/loso.py): a kind's pair
    # precision and recall trade at other probabilities than another's
    kind_conflict: dict[str, float] = field(default_factory=dict)
    # kind -> its own link cut, chosen out of fold with its conflict cut (bench/loso.py): each kind is
    # fitted apart, so one probability means another certainty in each (a shared cut moved from 0.25 to
    # 0.30 cost dates and attributions what it won on quantities)
    kind_link: dict[str, float] = field(default_factory=dict)

    def link_cut(self, kind: str) -> float:
        return self.kind_link.get(kind, self.link)

    def conflict_cut(self, kind: str) -> float:
        """Never under the kind's link cut: a conflict is between linked frames."""
        return max(self.kind_conflict.get(kind, self.conflict), self.link_cut(kind))

    def probability(self, kind: str, x: np.ndarray) -> np.ndarray:
        z = x @ self.coef[kind] + self.intercept[kind]
        return 1.0 / (1.0 + np.exp(-z))


@lru_cache(maxsize=None)
def load_model() -> LinkModel:
    name = "link_model.json"
    try:
        data = json.loads((files("consistency.data") / name).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise DataError(f"consistency/data/{name}: missing (reinstall the package)") from exc
    return model_from(data, name)


def model_from(data: dict, name: str = "link model") -> LinkModel:
    try:
        feats = tuple(data["features"])
        if feats != FEATURES:
            raise ValueError(f"features {list(feats)} differ from the code's {list(FEATURES)}: refit with bench/train_link.py")
        coef, intercept = {}, {}
        for kind, fit in data["kinds"].items():
            w = np.asarray(fit["coef"], dtype=np.float64)
            if w.shape != (len(FEATURES),):
                raise ValueError(f"kinds.{kind}.coef: expected {len(FEATURES)} weights, got {w.shape}")
            coef[kind], intercept[kind] = w, float(fit["intercept"])
        link, conflict = float(data["link"]), float(data["conflict"])
        own = {key: {k: float(v) for k, v in (data.get(key) or {}).items()} for key in ("kind_conflict", "kind_link")}
        if not all(0 < c < 1 for c in (link, conflict, *own["kind_conflict"].values(), *own["kind_link"].values())):
            raise ValueError("link and conflict cuts are probabilities strictly between 0 and 1")
        for key, cuts in own.items():
            if set(cuts) - set(coef):
                raise ValueError(f"{key}: kinds {sorted(set(cuts) - set(coef))} have no weights")
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise DataError(f"consistency/data/{name}: {exc}") from exc
    return LinkModel(feats, coef, intercept, link, conflict, own["kind_conflict"], own["kind_link"])


def features(frames: Sequence[Frame], pairs: Pairs, windows: np.ndarray | None = None,
             nouns: dict | None = None) -> np.ndarray:
    """(len(pairs), len(FEATURES)) feature rows; ``windows``: a unit vector per frame of the text around its value;
    ``nouns``: a unit vector per counted noun (nouns.noun_vectors), for quantities."""
    if len(pairs) == 0:
        return np.zeros((0, len(FEATURES)), dtype=np.float64)
    return PairFeatures(frames, windows, nouns).rows(pairs.a, pairs.b, pairs.sim)


class PairFeatures:
    """What ``features`` needs of each frame (codes, coded word sets, noun rows), made once per kind;
    ``rows`` fills the feature rows of any slice of pairs.

    Every feature is a function of a pair's two frames alone, so a slice's rows are the same numbers
    as the whole's: link_cache scores a kind in slices, where one (pairs x features) float64 matrix of
    a whole kind was the linking peak (~200 MB at 1,600 articles, several hundred at 6,400).
    """

    def __init__(self, frames: Sequence[Frame], windows: np.ndarray | None = None, nouns: dict | None = None):
        self.windows = windows
        self.kind = frames[0].kind if len(frames) else None
        n = len(frames)

        def codes(get) -> np.ndarray:
            table: dict = {None: -1}
            return np.fromiter((table.setdefault(get(f), len(table)) for f in frames), dtype=np.int64, count=n)

        def flags(get) -> np.ndarray:
            return np.fromiter((get(f) for f in frames), dtype=bool, count=n)

        self.lang = codes(lambda f: f.language)
        self.anchor, self.role, self.modality, self.ordinal, self.unit = (
            codes(lambda f, k=k: getattr(f, k)) for k in ("anchor", "role", "modality", "ordinal", "unit"))
        self.report = flags(lambda f: f.role == "report-date")
        self.crowd = np.fromiter((f.crowd for f in frames), dtype=np.float64, count=n)
        self.anchors = FrameSets([f.anchors for f in frames])
        if self.kind == "date":
            self.start = flags(lambda f: f.role == "start")
            self.done = flags(lambda f: f.role in ("completion", "signing"))
            self.rank = np.fromiter((GRANULARITY_RANK.get(f.unit, 6) for f in frames), dtype=np.float64, count=n)
            self.relative = flags(lambda f: bool(getattr(f.mention.value, "relative", False)))
        elif self.kind == "quantity":
            self.broad = codes(lambda f: _broad_unit(f.mention.value.unit or ""))
            self.qkind = codes(lambda f: f.mention.value.kind)
            self.counted = codes(_counted)
            self.nclass = codes(_noun_class)
            self.nouns = NounRows(frames, nouns)
            self.country = flags(lambda f: is_country(f.owner))
            self.owners = FrameSets([f.owner for f in frames])
            generic = measures_generic()
            self.measure = codes(lambda f: f.measure if f.measure not in generic else None)
            self.running = flags(lambda f: bool(f.mention.value.changes) or f.running is not None)
        self.words = FrameSets([f.words for f in frames])
        self.window = FrameSets([f.window for f in frames])
        self.pub = np.fromiter((-1 if f.published is None else f.published for f in frames), dtype=np.int64, count=n)
        self.has_figures = flags(lambda f: bool(f.figures))
        self.figures = FrameSets([f.figures for f in frames])
        self.figure_units = FrameSets([frozenset(k.split("|", 1)[0] for k in f.figures) for f in frames])
        self.claims = ClaimSets(frames)

    def rows(self, a: np.ndarray, b: np.ndarray, sim: np.ndarray) -> np.ndarray:
        """(len(a), len(FEATURES)) feature rows of the pairs (a[i], b[i]) whose sentence cosines are ``sim``."""
        n = len(a)
        x = np.zeros((n, len(FEATURES)), dtype=np.float64)
        if n == 0:
            return x
        col = _COL
        sim = np.asarray(sim).astype(np.float64)
        lang, anchor, role, ordinal = self.lang, self.anchor, self.role, self.ordinal
        cross = lang[a] != lang[b]
        x[:, col["sim"]] = sim
        x[:, col["sim_cross"]] = sim * cross
        x[:, col["cross_lingual"]] = cross
        both = (anchor[a] >= 0) & (anchor[b] >= 0)
        shared = self.anchors.intersects(a, b)
        x[:, col["anchor_same"]] = both & (anchor[a] == anchor[b])
        x[:, col["anchor_clash"]] = both & ~shared
        x[:, col["anchor_none"]] = ~both
        # Dates (the other kinds' columns are as before: changing them moved their leave-one-story-out figures
        # through the shared link cut): phases of one event, a start against its completion, or a signing (which completes a deal). A
        # completion and a signing ("the deadline to complete the deal he signed") can be one act, and a
        # report's date against a signing's is report_one's to weigh: on the dev stories those two fired
        # on 67 same-fact date pairs (403 others), start against completion or signing on 9 (88 others).
        if self.kind == "date":
            start, done = self.start, self.done
            x[:, col["role_clash"]] = (start[a] & done[b]) | (done[a] & start[b])
        else:
            x[:, col["role_clash"]] = (role[a] >= 0) & (role[b] >= 0) & (role[a] != role[b])
        x[:, col["role_one"]] = (role[a] >= 0) != (role[b] >= 0)
        x[:, col["report_one"]] = self.report[a] != self.report[b]
        x[:, col["modality_clash"]] = self.modality[a] != self.modality[b]
        x[:, col["ordinal_clash"]] = (ordinal[a] >= 0) & (ordinal[b] >= 0) & (ordinal[a] != ordinal[b])
        x[:, col["ordinal_one"]] = (ordinal[a] >= 0) != (ordinal[b] >= 0)
        if self.kind == "date":
            x[:, col["ordinal_same"]] = np.where((ordinal[a] >= 0) & (ordinal[a] == ordinal[b]), np.maximum(sim, 0.0), 0.0)
            x[:, col["unit_clash"]] = np.abs(self.rank[a] - self.rank[b]) / 7.0
            x[:, col["relative_one"]] = self.relative[a] != self.relative[b]
        elif self.kind == "quantity":
            x[:, col["unit_clash"]] = self.broad[a] != self.broad[b]
            x[:, col["kind_clash"]] = self.qkind[a] != self.qkind[b]
            counted, nclass = self.counted, self.nclass
            x[:, col["count_clash"]] = (counted[a] >= 0) & (counted[b] >= 0) & (counted[a] != counted[b])
            x[:, col["noun_clash"]] = (nclass[a] >= 0) & (nclass[b] >= 0) & (nclass[a] != nclass[b])
            cos, both = self.nouns.cosines(a, b)
            x[:, col["noun_sim"]] = cos
            x[:, col["noun_apart"]] = both & (cos < NOUN_APART)
            country = self.country
            x[:, col["owner_clash"]] = country[a] & country[b] & ~self.owners.intersects(a, b)
            measure = self.measure
            x[:, col["measure_clash"]] = (measure[a] >= 0) & (measure[b] >= 0) & (measure[a] != measure[b])
        x[:, col["words"]] = self.words.jaccard(a, b)
        x[:, col["window"]] = self.window.jaccard(a, b)
        x[:, col["crowd"]] = np.log(self.crowd[a] * self.crowd[b])
        pub = self.pub
        known = (pub[a] >= 0) & (pub[b] >= 0)
        x[:, col["published_gap"]] = np.where(known, np.minimum(np.abs(pub[a] - pub[b]), 7) / 7.0, 0.0)
        x[:, col["published_unknown"]] = ~known
        if self.kind == "quantity":
            run = self.running
            x[:, col["running"]] = run[a] | run[b]
            x[:, col["running_one"]] = run[a] != run[b]
        x[:, col["figure_shared"]], x[:, col["figure_apart"]] = self._figures(a, b)
        for name, values in self.claims.columns(a, b).items():
            x[:, col[name]] = values
        windows = self.windows
        if windows is not None:
            # In slices: windows[a] whole is pairs x 512 floats (1 GB at 470k pairs).
            for lo in range(0, n, _SLICE):
                x[lo:lo + _SLICE, col["window_sim"]] = np.einsum("ij,ij->i", windows[a[lo:lo + _SLICE]], windows[b[lo:lo + _SLICE]])
        else:
            x[:, col["window_sim"]] = sim
        return x

    def _figures(self, a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(figure_shared, figure_apart) per pair: both statements hold other figures, and one of them is the
        same figure (shared), else none is but one unit is (apart)."""
        n = len(a)
        shared, apart = np.zeros(n), np.zeros(n)
        r = np.flatnonzero(self.has_figures[a] & self.has_figures[b])
        if len(r) == 0:
            return shared, apart
        same = self.figures.intersects(a[r], b[r])
        alike = self.figure_units.intersects(a[r], b[r])
        shared[r[same]] = 1.0
        apart[r[~same & alike]] = 1.0
        return shared, apart


_COL = {f: i for i, f in enumerate(FEATURES)}


def _broad_unit(unit: str) -> str:
    from ..compare.quantities import counts_as

    return counts_as().get(unit, unit)


def _counted(f: Frame) -> str | None:
    """Whose people a count counts (an event class: kill, injure, ...): its unit's ("deaths"), else the
    event it is attached to when it counts people ("5,000 people were injured")."""
    from .cues import counted_units

    unit = f.mention.value.unit or ""
    by_unit = counted_units()
    if unit in by_unit:
        return by_unit[unit]
    if _broad_unit(unit) == "person" and f.anchor in set(by_unit.values()):
        return f.anchor
    return None


def _noun_class(f: Frame) -> str | None:
    """The count class of the noun a count counts (nouns.py); None for none or a generic one ("people"),
    which clashes with no class."""
    c = count_class(f.noun, f.language)
    return None if c is None or c in count_classes().generic else c
