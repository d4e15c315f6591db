"""The quantity lexicon: numbers.yaml and quantities.yaml, validated and indexed once.

Every form is normalized (quantities_text.normalize_form) and tokenized the
way the text will be, then indexed by token so the extractor does dict
look-ups only. Arabic and English share one lexicon: their scripts never
collide, and mixed statements ("8.6 مليار USD") just work.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Any

from .. import regex_cache
from ..datafiles import load_merged
from .quantities_schema import LANGS, validate_numbers, validate_quantities  # validate_*: also imported from here
from .quantities_text import normalize_form, tokenize_form

# Attached Arabic conjunctions and prepositions: "و3 آخرين", "بـ8.6", "وثلاثة".
PREFIXES = ("وب", "ول", "فب", "فل", "و", "ب", "ل", "ف", "ك")
ARTICLE = "ال"

Phrase = tuple[str, ...]


@dataclass(frozen=True)
class Scale:
    value: Decimal
    form: str  # singular | plural | dual | dual_or_singular
    attached_only: bool = False
    definite: bool = False  # written with the article: "عشرات الآلاف"


@dataclass(frozen=True)
class Unit:
    unit: str
    kind: str
    display: str
    base: str | None = None  # the unit it converts into ("second" for an hour)
    factor: float = 1.0  # how many of ``base`` one of it is


@dataclass
class Lexicon:
    cardinals: dict[str, Decimal] = field(default_factory=dict)
    compound_only: set[str] = field(default_factory=set)
    standalone_never: set[str] = field(default_factory=set)
    hundred: set[str] = field(default_factory=set)
    scales: dict[str, Scale] = field(default_factory=dict)
    indefinite: set[str] = field(default_factory=set)
    fractions: dict[str, Decimal] = field(default_factory=dict)
    vague: dict[str, tuple[Decimal, Decimal]] = field(default_factory=dict)
    ordinals_after: dict[str, int] = field(default_factory=dict)  # follow their noun
    ordinals_before: dict[str, int] = field(default_factory=dict)  # precede it
    ordinal_suffixes: set[str] = field(default_factory=set)
    joiners: set[str] = field(default_factory=set)
    sum_after_scale: set[str] = field(default_factory=set)  # "50 bin 783": digits after it add up
    whole_then_fraction: set[str] = field(default_factory=set)  # "iki buçuk": a fraction glued on with no "and"
    fraction_joiners: set[str] = field(default_factory=set)  # "два с половиной": joins a fraction only
    # phrase indexes: first token -> [(tokens, payload)], longest first
    currency_words: dict[str, list[tuple[Phrase, str]]] = field(default_factory=dict)
    currency_symbols: dict[str, list[tuple[Phrase, str]]] = field(default_factory=dict)  # by last token
    iso_codes: dict[str, str] = field(default_factory=dict)  # "usd" -> "USD"
    currency_minor: dict[str, list[tuple[Phrase, tuple[str, Decimal]]]] = field(default_factory=dict)
    fraction_words: set[str] = field(default_factory=set)
    fraction_shares: dict[str, int] = field(default_factory=dict)  # "thirds" -> 3: "two-thirds" is 66.67 percent
    referential_before: set[str] = field(default_factory=set)
    unit_words: dict[str, list[tuple[Phrase, Unit]]] = field(default_factory=dict)
    unit_duals: dict[str, Unit] = field(default_factory=dict)
    units: dict[str, Unit] = field(default_factory=dict)  # canonical unit -> Unit
    # qualifiers before a number, indexed by their LAST token
    qualifiers_before: dict[str, list[tuple[Phrase, str]]] = field(default_factory=dict)
    qualifiers_after: dict[str, list[tuple[Phrase, str]]] = field(default_factory=dict)
    widen: dict[str, float] = field(default_factory=dict)
    not_before_durations: set[str] = field(default_factory=set)
    noun_gap: set[str] = field(default_factory=set)
    noun_gap_stop: set[str] = field(default_factory=set)
    # "the driver and two others": N others with someone named are N + 1 people
    companion_and: set[str] = field(default_factory=set)
    companion_others: set[str] = field(default_factory=set)
    # "Reisi ile 8 kişi daha": N more with someone named; "sürücü ve beraberindeki 2 kişi": N with him
    companion_with: dict[str, list] = field(default_factory=dict)  # by last token; payload: needs "more"
    companion_more: set[str] = field(default_factory=set)
    # "a 7.7 quake", "measuring 6.4": a figure with one decimal next to these is a magnitude
    magnitude_before: dict[str, list] = field(default_factory=dict)
    magnitude_after: set[str] = field(default_factory=set)
    # "تجاوز عدد المصابين 5 آلاف": a verb with the figure's subject between them (word -> semantics)
    qualifiers_gapped: dict[str, str] = field(default_factory=dict)
    # nouns of a total ("bilan", "toll"): they name what a figure before them
    # counts, but "un bilan" is one report, not one death
    totals: set[str] = field(default_factory=set)
    # "per hour", "a day", "يوميا" (first token -> phrases with their period)
    rates: dict[str, list] = field(default_factory=dict)
    # "قتل 12 ...", "12 climbers died": the verb of a toll says what an otherwise bare count counts
    toll_before: dict[str, list[tuple[Phrase, str]]] = field(default_factory=dict)  # by last token
    toll_after: dict[str, list[tuple[Phrase, str]]] = field(default_factory=dict)  # by first token
    rates_before: dict[str, list[tuple[Phrase, str]]] = field(default_factory=dict)  # "günlük", "her gün" (last token)
    rate_stop: set[str] = field(default_factory=set)
    rate_each: set[str] = field(default_factory=set)  # "for each day of": a rate all the same
    hour_marks: set[str] = field(default_factory=set)  # "2 h 45 min"
    number_of: dict = field(default_factory=dict)  # "900 le nombre de sinistrés": the noun after these
    of_which: set[str] = field(default_factory=set)  # "60 blessés, dont 8": a part, of the whole's unit
    partitive: set[str] = field(default_factory=set)  # "five of its residents": a count of the noun
    percent_before: set[str] = field(default_factory=set)  # "yüzde 68": the percent word goes first
    target_words: set[str] = field(default_factory=set)  # "до": up to, or the level a change reached
    change_stems: tuple[str, ...] = ()  # "повыс", "сниз": a change before "до" makes it its level
    change_amounts: set[str] = field(default_factory=set)  # "с 8,5%", "на 1 пункт": so does a change's start or size
    point_words: set[str] = field(default_factory=set)  # "0,25 point", "7,5 puan", "200 نقطة": points of a rate
    percent_words: set[str] = field(default_factory=set)  # one-word percent forms and the sign
    between: dict[str, list[tuple[Phrase, str]]] = field(default_factory=dict)  # by last token
    between_and: set[str] = field(default_factory=set)
    connectors: set[str] = field(default_factory=set)
    from_words: set[str] = field(default_factory=set)
    to_words: set[str] = field(default_factory=set)  # "from 2.80 to 3.20 pounds" (quantities_exchange.from_to)
    from_endings: set[str] = field(default_factory=set)  # "34,2'den 34,9'a": Turkish writes "from" as an ending
    exchange_per: dict[str, list[tuple[Phrase, bool]]] = field(default_factory=dict)  # "to the", "pour un", "مقابل"
    exchange_glued: set[str] = field(default_factory=set)  # "للدولار": the same word glued on
    exchange_again: set[str] = field(default_factory=set)  # "from", "عند": a later amount of a rate's currency
    interest_rates: dict[str, list[tuple[Phrase, bool]]] = field(default_factory=dict)  # "key rate", "taux", "faiz"
    change_by: set[str] = field(default_factory=set)  # "by 6%", "بنسبة 6%", "на 3,5 пункта"
    stands_for: dict[str, frozenset[str]] = field(default_factory=dict)  # "pound" -> EGP, GBP, ...
    rate_only: dict[str, list[tuple[Phrase, str]]] = field(default_factory=dict)  # "pounds" in "47 pounds per dollar"
    running: dict[str, list[Phrase]] = field(default_factory=dict)  # by first token, longest first
    model_prefixes: set[str] = field(default_factory=set)
    identifier_words: set[str] = field(default_factory=set)
    time_before: set[str] = field(default_factory=set)
    time_after: dict[str, list[tuple[Phrase, str]]] = field(default_factory=dict)
    months: set[str] = field(default_factory=set)
    year_range: tuple[int, int] = (1800, 2100)
    year_words: set[str] = field(default_factory=set)
    year_after: set[str] = field(default_factory=set)
    ordinal_nouns: set[str] = field(default_factory=set)
    triggers: set[str] = field(default_factory=set)  # words that may start a quantity
    unit_starts: set[str] = field(default_factory=set)  # tokens a currency or unit can start at
    decimal_comma_letters: frozenset[str] = frozenset()  # a statement with one writes "2,5" for 2.5
    adjective_endings: tuple[str, ...] = ()  # "украинских": an adjective between a number and its noun
    inflected: set[str] = field(default_factory=set)  # Turkish forms with an ending ("evini"): no English compound head
    position_units: set[str] = field(default_factory=set)  # "the 36th minute": an ordinal of these is a value
    position_marks: set[str] = field(default_factory=set)  # "36-й": an ordinal's ending after a hyphen
    position_bare: str | None = None  # "(36e)": the unit of an ordinal alone in brackets ...
    position_cues: set[str] = field(default_factory=set)  # ... in a statement with one of these
    per_item: dict[str, list[tuple[Phrase, str]]] = field(default_factory=dict)  # "per share" (first token)
    per_item_before: dict[str, list[tuple[Phrase, str]]] = field(default_factory=dict)  # "hisse başına" (last token)
    # shares of a group (quantities_shares): fraction word -> denominator, and the words around it
    shares_before: dict[str, int] = field(default_factory=dict)  # "half", "نصف": the group after
    shares_after: dict[str, int] = field(default_factory=dict)  # "yarısı": the group before, genitive
    share_articles: set[str] = field(default_factory=set)
    share_needs_article: set[str] = field(default_factory=set)
    share_links: dict[str, list[tuple[Phrase, bool]]] = field(default_factory=dict)  # "of its", "des", "из"
    share_between: set[str] = field(default_factory=set)
    share_stop: set[str] = field(default_factory=set)
    share_words: set[str] = field(default_factory=set)  # the fraction words of both sides
    genitive_endings: tuple[str, ...] = ()
    ablative_endings: tuple[str, ...] = ()
    dimension_marks: dict[str, str] = field(default_factory=dict)  # "400m long": glued "m" -> metre
    dimension_words: dict[str, list[tuple[Phrase, bool]]] = field(default_factory=dict)  # "long", "wide"
    one_before: dict[str, list[tuple[Phrase, bool]]] = field(default_factory=dict)  # "for a", "مهلة" (last token)
    one_nouns: dict[str, str] = field(default_factory=dict)  # "week", "неделю" -> week
    unit_adjectives: dict[str, str] = field(default_factory=dict)  # "300-метровый": adjective -> unit


# -------------------------------------------------------------------- indexing
def _index(target: dict, form: str, payload: Any, *, by_last: bool = False) -> None:
    toks = tokenize_form(form)
    if toks:
        target.setdefault(toks[-1] if by_last else toks[0], []).append((toks, payload))


def _sort(target: dict) -> None:
    for v in target.values():
        v.sort(key=lambda e: -len(e[0]))


def _words(forms: list[str] | None) -> set[str]:
    return {normalize_form(f).lower() for f in forms or ()}


def _all_langs(section: dict | None) -> list[str]:
    return [f for lang in LANGS for f in (section or {}).get(lang) or ()]


def _with_article(form: str) -> list[str]:
    """Arabic noun forms also appear with the article ("الدولارات"), on a noun and its adjective alike
    ("الجنيه المصري", "الدولار الأمريكي")."""
    n = normalize_form(form)
    if not "\u0600" <= n[:1] <= "\u06ff":
        return [n]
    words = n.split()
    return [n, ARTICLE + n] + ([" ".join(ARTICLE + w for w in words)] if len(words) > 1 else [])


def _suffixed(forms: list[str] | None, suffixes: set[str]) -> list[str]:
    """Turkish nouns take their case and possessive endings glued on ("liraya",
    "seçmenin", "aydaki", "yaşındaki"): each one-word form with each ending.
    A two-letter stem takes only endings of two letters or more ("il" + "e"
    would be "ile", "and")."""
    out = []
    for f in forms or ():
        n = normalize_form(f)
        if " " in n or not n.isalpha() or len(n) < 2:
            continue
        out += [n + s for s in suffixes if len(n) >= 3 or len(s) >= 2]
    return out


def _build_numbers(lx: Lexicon, data: dict) -> None:
    for lang in LANGS:
        sec = data.get(lang) or {}
        for value, forms in (sec.get("cardinals") or {}).items():
            for f in forms:
                lx.cardinals[normalize_form(f)] = Decimal(str(value))
        lx.compound_only |= _words(sec.get("compound_only"))
        lx.standalone_never |= _words(sec.get("standalone_never"))
        lx.hundred |= _words(sec.get("hundred"))
        lx.indefinite |= _words(sec.get("indefinite"))
        lx.joiners |= _words(sec.get("joiners"))
        lx.sum_after_scale |= _words(sec.get("sum_after_scale"))
        lx.whole_then_fraction |= _words(sec.get("whole_then_fraction"))
        lx.fraction_joiners |= _words(sec.get("fraction_joiners"))
        lx.decimal_comma_letters |= {c for f in sec.get("decimal_comma_letters") or () for c in f}
        lx.ordinal_suffixes |= _words(sec.get("ordinal_suffixes"))
        for sc in sec.get("scales") or ():
            attached = _words(sc.get("attached_only"))
            for form in ("singular", "plural", "dual", "dual_or_singular"):
                for f in sc.get(form) or ():
                    n = normalize_form(f)
                    value = Decimal(str(sc["value"]))
                    lx.scales[n] = Scale(value, form, n in attached)
                    if "\u0600" <= n[:1] <= "\u06ff":
                        lx.scales.setdefault(ARTICLE + n, Scale(value, form, False, True))
        for value, forms in (sec.get("fractions") or {}).items():
            for f in forms:
                lx.fractions[normalize_form(f)] = Decimal(str(value))
        for vg in sec.get("vague") or ():
            for f in vg["forms"]:
                lx.vague[normalize_form(f)] = (Decimal(str(vg["low"])), Decimal(str(vg["high"])))
        for value, forms in (sec.get("ordinals") or {}).items():
            lx.ordinals_after.update((normalize_form(f), int(value)) for f in forms)
        for value, forms in (sec.get("ordinals_before_noun") or {}).items():
            lx.ordinals_before.update((normalize_form(f), int(value)) for f in forms)


def _build_quantities(lx: Lexicon, data: dict) -> None:
    for c in data.get("currencies") or ():
        code = c["code"]
        for f in c.get("symbols") or ():
            _index(lx.currency_symbols, f, code, by_last=True)
            if f.isalpha() and f.isupper():
                lx.iso_codes[f.lower()] = code
        for f in _all_langs(c):
            for g in _with_article(f):
                _index(lx.currency_words, g, code)
        if c.get("stands_for"):
            lx.stands_for[code] = frozenset(c["stands_for"])
        for f in _all_langs(c.get("rate_only")):
            _index(lx.rate_only, f, code)
        minor = c.get("minor") or {}
        for f in _all_langs(minor):
            _index(lx.currency_minor, f, (code, Decimal(str(minor["factor"]))))
    suffixes = _words(_all_langs(data.get("noun_suffixes")))
    for c in data.get("currencies") or ():
        for f in _suffixed(c.get("tr"), suffixes):
            _index(lx.currency_words, f, c["code"])
    for u in data.get("units") or ():
        b = u.get("base") or {}
        unit = Unit(u["unit"], u["kind"], u["display"], b.get("unit"), float(b.get("factor", 1)))
        lx.units[unit.unit] = unit
        for f in _all_langs(u):
            for g in _with_article(f):
                _index(lx.unit_words, g, unit)
        for f in _suffixed(u.get("tr"), suffixes):
            _index(lx.unit_words, f, unit)
            lx.inflected.add(f)
        for f in u.get("ar_dual") or ():
            lx.unit_duals[normalize_form(f)] = unit
    lx.percent_words = {p[0] for k, v in lx.unit_words.items() for p, u in v if u.unit == "percent" and len(p) == 1}
    for where, target in (("before", lx.qualifiers_before), ("after", lx.qualifiers_after)):
        for sem, langs in data["qualifiers"][where].items():
            for f in _all_langs(langs):
                _index(target, f, sem, by_last=(where == "before"))
    for sem, langs in data["qualifiers"].get("gapped", {}).items():
        for w in _words(_all_langs(langs)):
            lx.qualifiers_gapped[w] = sem
    lx.widen = {k: float(v) for k, v in data["widen"].items()}
    lx.not_before_durations = _words(_all_langs(data["qualifiers"].get("not_before_durations")))
    lx.noun_gap = {t for f in _all_langs(data.get("noun_gap")) for t in tokenize_form(f)} - {"-"}
    lx.noun_gap_stop = _words(_all_langs(data.get("noun_gap_stop")))
    from .quantities_lexicon_apart import build_apart  # after noun_gap_stop: shares stop at its words

    build_apart(lx, data)
    lx.adjective_endings = tuple(sorted(_words(_all_langs(data.get("adjective_endings")))))
    mag = data.get("magnitude_cues", {})
    for f in _all_langs(mag.get("before", {})):
        _index(lx.magnitude_before, f, "magnitude", by_last=True)
    lx.magnitude_after = _words(_all_langs(mag.get("after", {})))
    lx.totals = _words(_all_langs(data.get("totals", {})))
    lx.rate_stop = _words(_all_langs(data.get("rate_stop", {})))
    lx.hour_marks = _words(_all_langs(data.get("hour_marks", {})))
    for f in _all_langs(data.get("number_of", {})):
        _index(lx.number_of, f, True)
    lx.of_which = _words(_all_langs(data.get("of_which", {})))
    lx.partitive = _words(_all_langs(data.get("partitive", {})))
    lx.percent_before = _words(_all_langs(data.get("percent_before", {})))
    tgt = data.get("change_targets", {})
    lx.target_words = _words(_all_langs(tgt.get("words", {})))
    lx.change_stems = tuple(sorted(_words(_all_langs(tgt.get("stems", {})))))
    lx.change_amounts = _words(_all_langs(tgt.get("amounts", {})))
    lx.point_words = _words(_all_langs(data.get("point_words", {})))
    lx.point_words |= set(_suffixed(data.get("point_words", {}).get("tr"), suffixes))  # "puanı", "puanlık"
    for period, langs in data.get("rates", {}).items():
        for f in _all_langs(langs):
            _index(lx.rates, f, period)
    for unit, where in (data.get("toll_verbs") or {}).items():
        for side, target in (("before", lx.toll_before), ("after", lx.toll_after)):
            for f in _all_langs((where or {}).get(side)):
                _index(target, f, unit, by_last=(side == "before"))
    _sort(lx.toll_before)
    _sort(lx.toll_after)
    for period, langs in data.get("rates_before", {}).items():
        for f in _all_langs(langs):
            _index(lx.rates_before, f, period, by_last=True)
    comp = data.get("companions", {})
    lx.companion_and = _words(_all_langs(comp.get("and", {})))
    lx.companion_others = _words(_all_langs(comp.get("others", {})))
    lx.companion_more = _words(_all_langs(comp.get("more", {})))
    for key, needs_more in (("with_more", True), ("with", False)):
        for f in _all_langs(comp.get(key, {})):
            _index(lx.companion_with, f, needs_more, by_last=True)
    _sort(lx.companion_with)
    rg = data["ranges"]
    for f in _all_langs(rg.get("between")):
        _index(lx.between, f, "between", by_last=True)
    lx.between_and = _words(_all_langs(rg.get("between_and")))
    lx.connectors = _words(_all_langs(rg.get("connectors")))
    lx.from_words = _words(_all_langs(rg.get("from_words")))
    lx.to_words = _words(_all_langs(rg.get("to_words")))
    lx.from_endings = _words(_all_langs(rg.get("from_endings")))
    for f in _all_langs(data.get("exchange_per", {})):
        if len(f) == 1 and "\u0600" <= f <= "\u06ff":
            lx.exchange_glued.add(f)
        else:
            _index(lx.exchange_per, f, True)
    for f in _all_langs(data.get("interest_rates", {})):
        _index(lx.interest_rates, f, True)
    lx.change_by = _words(_all_langs(data.get("change_by", {})))
    lx.exchange_again = _words(_all_langs(data.get("exchange_again", {})))
    for phrase in sorted({tokenize_form(f) for f in _all_langs(data.get("running"))}, key=lambda p: (-len(p), p)):
        lx.running.setdefault(phrase[0], []).append(phrase)
    ex = data["exclude"]
    lx.model_prefixes = _words(_all_langs(ex.get("model_prefixes")))
    lx.identifier_words = _words(_all_langs(ex.get("identifier_words")))
    lx.time_before = _words(_all_langs(ex.get("time_before")))
    for f in _all_langs(ex.get("time_after")):
        _index(lx.time_after, f, "time")
    lx.months = _words(_all_langs(ex.get("months")))
    lx.fraction_words = _words(_all_langs(ex.get("fraction_words")))
    for den, langs in data.get("fraction_shares", {}).items():
        if not isinstance(den, int) or den < 2:
            raise ValueError(f"fraction_shares: expected denominators (integers from 2), got {den!r}")
        for w in _words(_all_langs(langs)):
            lx.fraction_shares[w] = den
    lx.fraction_words |= set(lx.fraction_shares)
    lx.referential_before = _words(_all_langs(ex.get("referential_before")))
    lx.year_range = (ex["year_range"][0], ex["year_range"][1])
    lx.year_words = _words(_all_langs(ex.get("year_words")))
    lx.year_after = _words(_all_langs(ex.get("year_after")))
    lx.ordinal_nouns = {w[2:] if w.startswith(ARTICLE) else w for w in _words(_all_langs(ex.get("ordinal_nouns")))}


@lru_cache(maxsize=1)
@regex_cache.kept
def lexicon() -> Lexicon:
    """The lexicon, built once per code version from the data files (regex_cache.kept), read once per process."""
    lx = Lexicon()
    _build_numbers(lx, load_merged("numbers.yaml", validate_numbers))
    _build_quantities(lx, load_merged("quantities.yaml", validate_quantities))
    for d in (lx.currency_words, lx.currency_symbols, lx.currency_minor, lx.unit_words, lx.qualifiers_before, lx.magnitude_before, lx.rates,
              lx.qualifiers_after, lx.between, lx.time_after, lx.exchange_per, lx.interest_rates,
              lx.rate_only, lx.per_item, lx.per_item_before, lx.rates_before, lx.share_links, lx.dimension_words, lx.one_before):
        _sort(d)
    base = (set(lx.cardinals) | lx.hundred | set(lx.vague) | set(lx.fractions) | set(lx.ordinals_after)
            | set(lx.ordinals_before) | set(lx.unit_duals)
            | {k for k, s in lx.scales.items() if not s.attached_only and not s.definite})
    lx.triggers = base | {p + w for w in base for p in PREFIXES if "\u0600" <= w[:1] <= "\u06ff"}
    # "الأشهر الستة": a definite Arabic cardinal after its noun
    lx.triggers |= {ARTICLE + w for w, v in lx.cardinals.items() if "\u0600" <= w[:1] <= "\u06ff" and v >= 3}
    # quantities_nouns.unit_here looks these up at one token; most tokens are in none
    lx.unit_starts = set(lx.currency_words) | set(lx.currency_symbols) | set(lx.currency_minor) \
        | set(lx.iso_codes) | set(lx.unit_words)
    return lx
