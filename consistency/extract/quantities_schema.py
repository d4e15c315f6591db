"""The shape of numbers.yaml and quantities.yaml, checked on load (datafiles.load_merged).

Kept apart from quantities_lexicon, which indexes the checked data: a wrong
entry fails here with the path of the entry, before any index is built.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

LANGS = ("ar", "en", "fr", "tr", "ru")
SEMANTICS = ("about", "nearly", "more-than", "at-least", "less-than", "up-to", "at-most")
KINDS = ("count", "duration", "percent", "other")

def _unit_forms(name: str, value, known) -> None:
    """{unit: {lang: [forms]}}, each unit one the lexicon knows."""
    for unit, langs in _mapping(name, value).items():
        if unit not in known:
            raise ValueError(f"{name}: unknown unit {unit!r}")
        for lang, forms in _mapping(f"{name}.{unit}", langs).items():
            _forms(f"{name}.{unit}.{lang}", forms)


def _forms(where: str, value: Any) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(x, str) and x.strip() for x in value):
        raise ValueError(f"{where}: expected a list of non-empty strings, got {value!r}")
    return value


def _mapping(where: str, value: Any) -> dict:
    if not isinstance(value, dict):
        raise ValueError(f"{where}: expected a mapping, got {type(value).__name__}")
    return value


def _number(where: str, value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"{where}: expected a number, got {value!r}")
    return Decimal(str(value))


def validate_numbers(data: Any) -> None:
    """numbers.yaml: per language, the sections described at its top."""
    _mapping("top level", data)
    for lang in LANGS:
        if lang not in data and lang not in ("ar", "en"):
            continue  # a language of its own file (numbers.fr.yaml) is checked when merged in
        sec = _mapping(lang, data.get(lang))
        for key in ("cardinals", "fractions", "ordinals", "ordinals_before_noun"):
            for k, v in _mapping(f"{lang}.{key}", sec.get(key, {}) or {}).items():
                _number(f"{lang}.{key} key", k)
                _forms(f"{lang}.{key}.{k}", v)
        for key in ("compound_only", "standalone_never", "hundred", "indefinite", "joiners", "ordinal_suffixes",
                    "sum_after_scale", "decimal_comma_letters", "whole_then_fraction", "fraction_joiners"):
            _forms(f"{lang}.{key}", sec.get(key))
        for i, sc in enumerate(sec.get("scales") or []):
            _mapping(f"{lang}.scales[{i}]", sc)
            _number(f"{lang}.scales[{i}].value", sc.get("value"))
            for key in sc:
                if key not in ("value", "singular", "plural", "dual", "dual_or_singular", "attached_only"):
                    raise ValueError(f"{lang}.scales[{i}]: unknown key {key!r}")
                if key != "value":
                    _forms(f"{lang}.scales[{i}].{key}", sc[key])
        for i, vg in enumerate(sec.get("vague") or []):
            _mapping(f"{lang}.vague[{i}]", vg)
            _forms(f"{lang}.vague[{i}].forms", vg.get("forms"))
            if _number(f"{lang}.vague[{i}].low", vg.get("low")) > _number(f"{lang}.vague[{i}].high", vg.get("high")):
                raise ValueError(f"{lang}.vague[{i}]: expected low <= high")


def validate_quantities(data: Any) -> None:
    """quantities.yaml: currencies, units, qualifiers, widen, ranges, running, exclude."""
    _mapping("top level", data)
    for i, c in enumerate(data.get("currencies") or []):
        _mapping(f"currencies[{i}]", c)
        if not isinstance(c.get("code"), str) or not c["code"]:
            raise ValueError(f"currencies[{i}]: expected a code (ISO 4217, or a lower-case generic name)")
        for key in ("symbols", *LANGS):
            _forms(f"currencies[{i}].{key}", c.get(key))
        _forms(f"currencies[{i}].stands_for", c.get("stands_for"))
        for lang, forms in _mapping(f"currencies[{i}].rate_only", c.get("rate_only", {})).items():
            _forms(f"currencies[{i}].rate_only.{lang}", forms)
        if "minor" in c:
            minor = _mapping(f"currencies[{i}].minor", c["minor"])
            _number(f"currencies[{i}].minor.factor", minor.get("factor"))
            for lang in LANGS:
                _forms(f"currencies[{i}].minor.{lang}", minor.get(lang))
    for i, u in enumerate(data.get("units") or []):
        _mapping(f"units[{i}]", u)
        if u.get("kind") not in KINDS:
            raise ValueError(f"units[{i}].kind: expected one of {KINDS}, got {u.get('kind')!r}")
        for key in ("unit", "display"):
            if not isinstance(u.get(key), str):
                raise ValueError(f"units[{i}].{key}: expected a string (a language file may add words only to a unit the base file defines)")
        for key in (*LANGS, "ar_dual"):
            _forms(f"units[{i}].{key}", u.get(key))
        if "base" in u:
            b = _mapping(f"units[{i}].base", u["base"])
            if not isinstance(b.get("unit"), str):
                raise ValueError(f"units[{i}].base.unit: expected a unit name")
            _number(f"units[{i}].base.factor", b.get("factor"))
    quals = _mapping("qualifiers", data.get("qualifiers"))
    for lang, forms in _mapping("qualifiers.not_before_durations", quals.get("not_before_durations", {})).items():
        _forms(f"qualifiers.not_before_durations.{lang}", forms)
    for where in ("before", "after", "gapped"):
        for sem, langs in _mapping(f"qualifiers.{where}", quals.get(where, {} if where == "gapped" else None)).items():
            if sem not in SEMANTICS:
                raise ValueError(f"qualifiers.{where}: unknown semantics {sem!r}, expected one of {SEMANTICS}")
            for lang, forms in _mapping(f"qualifiers.{where}.{sem}", langs).items():
                _forms(f"qualifiers.{where}.{sem}.{lang}", forms)
    for k in ("about_relative", "about_precision_factor", "nearly_relative"):
        _number(f"widen.{k}", _mapping("widen", data.get("widen")).get(k))
    for key, langs in _mapping("ranges", data.get("ranges")).items():
        for lang, forms in _mapping(f"ranges.{key}", langs).items():
            _forms(f"ranges.{key}.{lang}", forms)
    for unit, where in _mapping("toll_verbs", data.get("toll_verbs", {})).items():
        if unit not in ("death", "injury", "missing"):
            raise ValueError(f"toll_verbs: expected death, injury or missing, got {unit!r}")
        for side, langs in _mapping(f"toll_verbs.{unit}", where).items():
            if side not in ("before", "after"):
                raise ValueError(f"toll_verbs.{unit}: expected before or after, got {side!r}")
            for lang, forms in _mapping(f"toll_verbs.{unit}.{side}", langs).items():
                _forms(f"toll_verbs.{unit}.{side}.{lang}", forms)
    for key in ("rates", "rates_before"):
        if not set(_mapping(key, data.get(key, {}))) <= {"hour", "day", "week", "month", "year"}:
            raise ValueError(f"{key}: expected periods among hour, day, week, month, year")
    for key, langs in (*_mapping("companions", data.get("companions", {})).items(),
                       *_mapping("change_targets", data.get("change_targets", {})).items(),
                       *_mapping("rates", data.get("rates", {})).items(),
                       *_mapping("rates_before", data.get("rates_before", {})).items(),
                       *{k: data[k] for k in ("rate_stop", "rate_each", "hour_marks", "percent_before", "point_words", "partitive", "number_of",
                                                  "of_which", "exchange_per", "exchange_again", "interest_rates", "change_by")
                          if k in data}.items(),
                       *_mapping("magnitude_cues", data.get("magnitude_cues", {})).items()):
        for lang, forms in _mapping(f"companions.{key}", langs).items():
            _forms(f"companions.{key}.{lang}", forms)
    for key in ("running", "noun_gap", "noun_gap_stop", *(k for k in ("totals", "noun_suffixes", "adjective_endings") if k in data)):
        for lang, forms in _mapping(key, data.get(key)).items():
            _forms(f"{key}.{lang}", forms)
    pos = _mapping("positions", data.get("positions", {}))
    known = {u.get("unit") for u in data.get("units") or () if isinstance(u, dict)}
    for u in _forms("positions.units", pos.get("units")):
        if u not in known:
            raise ValueError(f"positions.units: unknown unit {u!r}")
    for lang, forms in _mapping("positions.marks", pos.get("marks", {})).items():
        _forms(f"positions.marks.{lang}", forms)
    for lang, forms in _mapping("positions.cues", pos.get("cues", {})).items():
        _forms(f"positions.cues.{lang}", forms)
    if pos.get("bare") is not None and pos["bare"] not in known:
        raise ValueError(f"positions.bare: unknown unit {pos['bare']!r}")
    dims = _mapping("dimensions", data.get("dimensions", {}))
    for mark, unit in _mapping("dimensions.marks", dims.get("marks", {})).items():
        if unit not in known:
            raise ValueError(f"dimensions.marks.{mark}: unknown unit {unit!r}")
    for lang, forms in _mapping("dimensions.words", dims.get("words", {})).items():
        _forms(f"dimensions.words.{lang}", forms)
    _unit_forms("unit_adjectives", data.get("unit_adjectives", {}), known)
    one = _mapping("one_unit", data.get("one_unit", {}))
    for lang, forms in _mapping("one_unit.before", one.get("before", {})).items():
        _forms(f"one_unit.before.{lang}", forms)
    _unit_forms("one_unit.nouns", one.get("nouns", {}), known)
    sh = _mapping("shares", data.get("shares", {}))
    for key, langs in sh.items():
        if key in ("before_group", "after_group"):
            for den, by_lang in _mapping(f"shares.{key}", langs).items():
                if not isinstance(den, int) or den < 2:
                    raise ValueError(f"shares.{key}: expected a denominator of 2 or more, got {den!r}")
                for lang, forms in _mapping(f"shares.{key}.{den}", by_lang).items():
                    _forms(f"shares.{key}.{den}.{lang}", forms)
        elif key in ("articles", "needs_article", "links", "between", "stop", "genitive_endings", "ablative_endings"):
            for lang, forms in _mapping(f"shares.{key}", langs).items():
                _forms(f"shares.{key}.{lang}", forms)
        else:
            raise ValueError(f"shares: unknown section {key!r}")
    for item, where in _mapping("per_item", data.get("per_item", {})).items():
        for side, langs in _mapping(f"per_item.{item}", where).items():
            if side not in ("before", "after"):
                raise ValueError(f"per_item.{item}: expected before or after, got {side!r}")
            for lang, forms in _mapping(f"per_item.{item}.{side}", langs).items():
                _forms(f"per_item.{item}.{side}.{lang}", forms)
    ex = _mapping("exclude", data.get("exclude"))
    yr = ex.get("year_range")
    if not (isinstance(yr, list) and len(yr) == 2 and all(isinstance(x, int) for x in yr)):
        raise ValueError("exclude.year_range: expected [first, last] years")
    for key, langs in ex.items():
        if key != "year_range":
            for lang, forms in _mapping(f"exclude.{key}", langs).items():
                _forms(f"exclude.{key}.{lang}", forms)
