"""Hypothesis strategies that reach the grammar: text built from the project's own words.

Random Unicode almost never spells "كانون الأول/ ديسمبر 2017" or "8.6 مليار
دولار", so the extractors would only ever see their early exits. Here the
words come from consistency/data/*.yaml (month names, scale words,
currencies, units, attribution cues, outlets), mixed with ordinary words of
five languages, numbers in every way they are written (Arabic-Indic digits,
separators, very long runs) and the debris of scraped web text: combining
marks, bidi controls, zero-width characters, emoji, lone surrogates (legal in
a Python str: a JSON "\\ud800" escape makes one) and very long tokens.
"""

from __future__ import annotations

from datetime import date, timedelta, timezone
from functools import lru_cache
from importlib.resources import files

import yaml
from hypothesis import strategies as st

# Data files whose string leaves are words of the grammar, grouped by the
# extractor they feed. boilerplate.yaml holds regular expressions, not words.
_DATA = {
    "dates": ("dates.yaml",),
    "quantities": ("numbers.yaml", "quantities.yaml"),
    "attributions": ("attribution_cues.yaml", "outlets.yaml", "organisations.yaml"),
    "general": ("abbreviations.yaml", "languages.yaml"),
}


def _leaves(node, out: list[str]) -> None:
    if isinstance(node, str):
        if 0 < len(node) <= 60:
            out.append(node)
    elif isinstance(node, dict):
        for v in node.values():
            _leaves(v, out)
    elif isinstance(node, list):
        for v in node:
            _leaves(v, out)


@lru_cache(maxsize=None)
def data_words(group: str) -> tuple[str, ...]:
    """Every short string in the group's data files, in a stable order."""
    out: list[str] = []
    for name in _DATA[group]:
        _leaves(yaml.safe_load((files("consistency.data") / name).read_text(encoding="utf-8")), out)
    return tuple(sorted(set(out)))


# Ordinary words, so the grammar words sit in something like prose.
PLAIN = {
    "ar": "وقعت روسيا وتركيا الاتفاق في العاصمة أنقرة بعد أن المنظومة الصواريخ الدفعة الأولى قتيل منزل الزلزال".split(),
    "en": "the deal was signed in Ankara after talks on missiles killed homes earthquake officials".split(),
    "fr": "le contrat a été signé à Ankara après des négociations sur les missiles morts séisme".split(),
    "tr": "anlaşma Ankara'da imzalandı füze teslimatı ölü deprem yetkililer çok ğüşıöç İstanbul".split(),
    "ru": "сделка была подписана в Анкаре после переговоров ракеты погибших землетрясение".split(),
}

COMBINING = "\u0300\u0301\u0308\u0327\u064b\u064c\u064e\u064f\u0650\u0651\u0652\u0670\u0640"
BIDI = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c"
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
SPACES = [" ", " ", " ", "\u00a0", "\t", "\n", "\r\n", "\u2009", "\u3000", ""]
PUNCT = list(".!?؟؛…،,:;-–—/()[]«»\"“”'’%$€£₺₽+") + ["..", "...", " - ", "/ "]
EMOJI = ["😀", "🇹🇷", "👩\u200d🚒", "❤️", "🔥", "1️⃣", "🏳️\u200d🌈"]
SURROGATES = ["\ud800", "\udfff", "\udc80"]
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


@st.composite
def numbers(draw) -> str:
    """A number as a writer or a broken scraper writes it."""
    shape = draw(st.sampled_from(["int", "decimal", "grouped", "year", "long", "date", "range"]))
    if shape == "int":
        s = str(draw(st.integers(0, 10**7)))
    elif shape == "decimal":
        s = f"{draw(st.integers(0, 999))}{draw(st.sampled_from(['.', ',', '٫']))}{draw(st.integers(0, 999))}"
    elif shape == "grouped":
        sep = draw(st.sampled_from([",", ".", " ", "\u00a0", "٬", "'"]))
        groups = draw(st.lists(st.integers(0, 999), min_size=2, max_size=5))
        s = str(draw(st.integers(1, 999))) + "".join(f"{sep}{g:03d}" for g in groups)
    elif shape == "year":
        s = str(draw(st.integers(0, 10000)))
    elif shape == "long":
        s = draw(st.text("0123456789", min_size=20, max_size=450))
    elif shape == "date":
        sep = draw(st.sampled_from(["/", "-", "."]))
        parts = [draw(st.integers(0, 40)), draw(st.integers(0, 40)), draw(st.integers(0, 10000))]
        if draw(st.booleans()):
            parts.reverse()
        s = sep.join(str(p) for p in parts)
    else:
        s = f"{draw(st.integers(0, 10**4))}{draw(st.sampled_from(['-', '–', ' to ', ' و', ' إلى ']))}{draw(st.integers(0, 10**4))}"
    digits = draw(st.sampled_from(["western", "western", "arabic", "persian"]))
    if digits == "arabic":
        s = s.translate(ARABIC_INDIC)
    elif digits == "persian":
        s = s.translate(PERSIAN)
    return s


@st.composite
def odd(draw) -> str:
    """A piece of debris: marks, controls, emoji, a lone surrogate, a very long token."""
    kind = draw(st.sampled_from(["combining", "bidi", "invisible", "emoji", "surrogate", "long", "unicode"]))
    if kind == "combining":
        return draw(st.text(COMBINING, min_size=1, max_size=40))
    if kind == "bidi":
        return draw(st.text(BIDI, min_size=1, max_size=4))
    if kind == "invisible":
        return draw(st.text(INVISIBLE, min_size=1, max_size=4))
    if kind == "emoji":
        return draw(st.sampled_from(EMOJI))
    if kind == "surrogate":
        return draw(st.sampled_from(SURROGATES))
    if kind == "long":
        return draw(st.sampled_from(["ا", "a", "9", "٩", ".", "-", "ـ"])) * draw(st.integers(100, 3000))
    return draw(st.text(min_size=1, max_size=5))


@lru_cache(maxsize=None)
def words(name: str, *keys) -> tuple[str, ...]:
    """The short strings under ``keys`` in one data file ("dates.yaml", "bounds")."""
    node = yaml.safe_load((files("consistency.data") / name).read_text(encoding="utf-8"))
    for k in keys:
        node = node[k]
    out: list[str] = []
    _leaves(node, out)
    return tuple(sorted(set(out)))


def _w(name: str, *keys) -> st.SearchStrategy[str]:
    return st.sampled_from(words(name, *keys))


@st.composite
def _slots(draw, *slots) -> str:
    """Each (probability, strategy) slot in turn, kept with its probability, joined like prose."""
    parts = [draw(s) for p, s in slots if draw(st.floats(0, 1)) < p]
    seps = st.sampled_from([" ", " ", " ", "-", "/ ", "، ", ", ", ""])
    out = ""
    for part in parts:
        out += (draw(seps) if out else "") + part
    return out


def _digits(lo: int, hi: int) -> st.SearchStrategy[str]:
    return st.tuples(st.integers(lo, hi), st.sampled_from([None, ARABIC_INDIC, PERSIAN])).map(
        lambda t: str(t[0]).translate(t[1]) if t[1] else str(t[0]))


def _year() -> st.SearchStrategy[str]:
    return st.one_of(_digits(1990, 2030), _digits(0, 10000))


def date_phrases() -> st.SearchStrategy[str]:
    """Date expressions assembled in the grammar's order from dates.yaml words."""
    d = "dates.yaml"
    calendar = _slots(
        (0.2, _w(d, "bounds")), (0.3, _w(d, "qualifiers")), (0.2, _w(d, "weekdays")),
        (0.4, st.one_of(_digits(0, 40), _w(d, "ordinal_days"))), (0.2, _w(d, "cue_words")),
        (0.8, st.one_of(_w(d, "months"), _w(d, "months"), _w(d, "hijri_months"), _w(d, "periods"))),
        (0.3, _w(d, "months")), (0.2, _w(d, "month_relative")), (0.3, _w(d, "year_nouns")),
        (0.7, _year()), (0.1, _w(d, "year_suffixes")),
    )
    relative = _slots((0.3, _w(d, "bounds")), (0.3, _w(d, "qualifiers")), (1, _w(d, "relative")),
                      (0.2, _w(d, "weekdays")), (0.2, _w(d, "weak_relative_days")))
    ago = st.one_of(
        _slots((1, _w(d, "ago", "before")), (0.7, st.one_of(_w(d, "ago", "numbers"), _digits(0, 99))),
               (1, st.one_of(_w(d, "ago", "units"), _w(d, "ago", "duals")))),
        _slots((1, st.one_of(_w(d, "ago", "numbers"), _digits(0, 99))), (1, _w(d, "ago", "units")),
               (1, _w(d, "ago", "after"))),
    )
    decade = st.tuples(_w(d, "qualifiers"), st.sampled_from(["", "the ", "in the "]), _digits(0, 999),
                       st.sampled_from(["0s", "0's", "0", "s"]), st.sampled_from([" ", "-", ""])).map(
        lambda t: f"{t[0]}{t[4]}{t[1]}{t[2]}{t[3]}")
    return st.one_of(calendar, calendar, relative, ago, decade, numbers())


def quantity_phrases() -> st.SearchStrategy[str]:
    """Amounts assembled from numbers.yaml and quantities.yaml: bounds, ranges, scales, currencies, units."""
    q, n = "quantities.yaml", "numbers.yaml"
    number = st.one_of(numbers(), numbers(), _w(n, "ar", "cardinals"), _w(n, "en", "cardinals"),
                       _w(n, "ar", "fractions"), _w(n, "en", "fractions"))
    unit = st.one_of(_w(q, "currencies"), _w(q, "units"))
    return _slots(
        (0.3, _w(q, "qualifiers", "before")), (0.15, _w(q, "ranges", "between")), (0.2, _w(q, "currencies")),
        (1, number), (0.2, st.one_of(_w(q, "ranges", "connectors"), _w(q, "ranges", "between_and"))),
        (0.2, number), (0.4, st.one_of(_w(n, "ar", "scales"), _w(n, "en", "scales"))), (0.6, unit),
        (0.2, _w(q, "qualifiers", "after")), (0.15, _w(q, "running")),
    )


def attribution_phrases() -> st.SearchStrategy[str]:
    """Speech and sourcing, in Arabic verb-first and English orders, from the cue and entity files."""
    a = "attribution_cues.yaml"
    name = st.one_of(_w("outlets.yaml", "outlets"), _w("organisations.yaml", "organisations"),
                     _w("organisations.yaml", "people"), _w(a, "unnamed"), _w(a, "pronouns"),
                     _w(a, "anaphoric_orgs"), st.sampled_from(["Ahmed Ali", "محمد الأحمد", "J. Smith", "Jean Dupont"]))
    speaker = _slots((0.4, _w(a, "roles")), (0.2, _w(a, "portfolios")), (0.3, _w(a, "common_nouns")), (1, name),
                     (0.2, _w(a, "zone_stops")))
    cue = st.tuples(st.sampled_from(["", "", "و", "ف"]), _w(a, "cues")).map("".join)
    that = st.sampled_from(["إن", "أن", "that", ":", "«", "\"", "“", "،", ","])
    clause = sentences(max_tokens=8, phrases=False)
    return st.one_of(
        _slots((1, cue), (1, speaker), (0.7, that), (0.8, clause), (0.3, st.sampled_from(["»", "\"", "”"]))),
        _slots((1, speaker), (1, cue), (0.7, that), (0.8, clause)),
        _slots((1, clause), (1, speaker), (1, cue), (0.3, name)),
        _slots((1, cue), (1, name), (0.6, st.sampled_from(["عن", "from", "as saying"])), (1, speaker), (0.6, clause)),
    )


_PHRASES = {"dates": date_phrases, "quantities": quantity_phrases, "attributions": attribution_phrases}


@lru_cache(maxsize=None)
def token(group: str | None = None, phrases: bool = True) -> st.SearchStrategy[str]:
    """One word or phrase: grammar built from the data files (mostly ``group``'s), plain prose, a number,
    punctuation or debris. ``phrases=False``: single words only (for the clauses inside phrases)."""
    grammar = [st.sampled_from(data_words(g)) for g in _DATA if g == group or group is None]
    phrases = [_PHRASES[g]() for g in _PHRASES if phrases and (g == group or group is None)]
    others = [st.sampled_from(data_words(g)) for g in _DATA if group is not None and g != group]
    return st.one_of(
        *phrases, *phrases, *phrases,
        *grammar,
        *others,
        st.sampled_from([w for ws in PLAIN.values() for w in ws]),
        numbers(), numbers(),
        st.sampled_from(PUNCT),
        odd(),
    )


@st.composite
def sentences(draw, group: str | None = None, max_tokens: int = 20, phrases: bool = True) -> str:
    """Tokens joined by assorted spaces (sometimes none, as in "الشهر.وقال")."""
    words = draw(st.lists(token(group, phrases), min_size=0, max_size=max_tokens))
    out = []
    for w in words:
        out.append(w)
        out.append(draw(st.sampled_from(SPACES)))
    return "".join(out)


def articles(group: str | None = None, max_sentences: int = 8) -> st.SearchStrategy[str]:
    """Several sentences, one per line or run together, with the odd blank or boilerplate line."""
    line = st.one_of(
        sentences(group), sentences(group),
        st.sampled_from(BOILERPLATE),
        st.just(""),
    )
    return st.lists(line, min_size=1, max_size=max_sentences).map("\n".join)


BOILERPLATE = [
    "اقرأ أيضاً", "قد يعجبك ايضا", "Read more", "Share", "شارك", "موسكو - رويترز", "Moscow (Reuters) -",
    "5 min read", "Leave a comment", "Image: AFP", "الأربعاء 29 سبتمبر 2021 - 10:30 GMT", "Published 12 July 2019",
]

# Publication dates over the whole calendar, with timestamps (metadata gives them).
published = st.one_of(
    st.none(),
    st.dates(),
    st.sampled_from([date(1, 1, 1), date(9999, 12, 31), date(1, 1, 7), date(9999, 12, 25)]),
    st.datetimes(timezones=st.sampled_from([None, timezone.utc, timezone(timedelta(hours=14))])),
)


@st.composite
def front_matter_values(draw):
    """A value for a front matter field as a YAML scalar, valid or not."""
    return draw(st.one_of(
        sentences(max_tokens=4).map(lambda s: s.replace("\n", " ").replace("\r", " ")),
        st.sampled_from([
            "2019-02-30", "0000-01-01", "2019-07-12T10:00:00+99:00", "2019-07-12 10:00:00+05:30",
            "9999-12-31", "2999-01-01", "12 July 2019", "٢٩ سبتمبر ٢٠٢١", "null", "~", "[1, 2]", "{a: b}",
            "&a [*a, *a]", "!!binary aGk=", "!custom x", "'", "\"\\ud800\"", "1e999", ".nan", "-.inf", "yes",
        ]),
        st.dates().map(str),
        st.integers().map(str),
    ))


@st.composite
def plain_files(draw) -> str:
    """A .txt/.md article, often with YAML front matter (well-formed or not)."""
    body = draw(articles())
    if not draw(st.booleans()):
        return body
    keys = ["title", "published", "source_url", "outlet", "language", "extra"]
    lines = [f"{k}: {draw(front_matter_values())}" for k in draw(st.lists(st.sampled_from(keys), max_size=5))]
    close = draw(st.sampled_from(["---", "...", "--- ", ""]))
    return "---\n" + "\n".join(lines) + f"\n{close}\n" + body


def _json_leaf():
    return st.one_of(
        st.none(), st.booleans(), st.integers(), st.floats(), sentences(max_tokens=6),
    )


json_values = st.recursive(
    _json_leaf(),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.sampled_from(
        ["text", "title", "published", "source_url", "outlet", "language", "x"]), inner, max_size=5)),
    max_leaves=12,
)


@st.composite
def record(draw) -> dict:
    """A record as a scraper writes it: usually with a text, metadata of any type."""
    item = draw(st.dictionaries(st.sampled_from(["title", "published", "source_url", "outlet", "language", "x"]),
                                json_values, max_size=5))
    if draw(st.integers(0, 4)):
        item["text"] = draw(articles(max_sentences=3))
    return item


@st.composite
def json_files(draw, lines: bool) -> str:
    """A .json or .jsonl file: records, broken lines, deep nesting, surrogate escapes."""
    import json

    items = draw(st.lists(record(), min_size=1, max_size=4))
    if lines:
        rows = [json.dumps(i, ensure_ascii=draw(st.booleans())) for i in items]
        rows += draw(st.lists(st.sampled_from([
            "", "{", "[]", "null", '"text"', '{"text": "\\ud800 قال"}', "[" * 2000 + "]" * 2000,
            '{"text": "x", "published": "2019-02-30"}', "\x00",
        ]), max_size=2))
        return "\n".join(draw(st.permutations(rows)))
    if len(items) == 1 and draw(st.booleans()):
        return json.dumps(items[0], ensure_ascii=draw(st.booleans()))
    return json.dumps(items, ensure_ascii=draw(st.booleans()))


@st.composite
def html_files(draw) -> str:
    """An HTML page with metadata and paragraphs of fuzzed prose (escaped or not)."""
    import html

    paras = draw(st.lists(sentences(), min_size=1, max_size=5))
    escape = draw(st.booleans())
    body = "".join(f"<p>{html.escape(p) if escape else p}</p>" for p in paras)
    meta = draw(st.sampled_from([
        "", '<meta property="article:published_time" content="2019-02-30">',
        '<meta name="date" content="0000-01-01"><meta property="og:site_name" content="رويترز">',
        '<meta property="og:title" content="\u202etitle">',
    ]))
    title = html.escape(draw(sentences(max_tokens=5)))
    wrap = draw(st.sampled_from(["article", "div", "main", "table"]))
    if wrap == "table":
        body = "<table>" + "".join(f"<tr><td>{html.escape(p)}</td></tr>" for p in paras) + "</table>"
    else:
        body = f"<{wrap}>{body}</{wrap}>"
    return f"<html><head><title>{title}</title>{meta}</head><body>{body}</body></html>"


def encodings(text: str) -> st.SearchStrategy[bytes]:
    """``text`` as bytes in the encodings readers meet (losing what a legacy one cannot hold)."""
    def enc(name: str, bom: bytes = b"") -> bytes:
        return bom + text.encode(name, errors="replace")

    return st.sampled_from([
        enc("utf-8"), enc("utf-8", b"\xef\xbb\xbf"), enc("utf-16-le"), enc("utf-16-be"), enc("utf-16"),
        enc("utf-32"), enc("cp1256"), enc("iso-8859-6"), enc("cp1254"), enc("koi8-r"), enc("latin-1"),
    ])


# Runs that once took quadratic time or more: a long word, a run of marks, a
# line of nothing but dates or cues, unclosed quotes.
_RUNS = ["ا", "\u0651", "ب\u0651", "a", "9", "٩", "ـ", "\u202e", "😀", ".", "..", "«", "\"", "(", "1,", "$1 ",
         "قال إن ", "said that ", "في 12 يوليو 2019 و", "between 1 and ", "according to Reuters, ", "مليار ",
         "اقرأ أيضاً\n", "a\n", "\n", "x. ", "U.S. ", "تابعونا على ", "Moscow (Reuters) - "]


@st.composite
def large_texts(draw, max_size: int = 50_000) -> str:
    """One to three long runs of a repeated piece, up to ``max_size`` characters in all."""
    out = ""
    for _ in range(draw(st.integers(1, 3))):
        piece = draw(st.sampled_from(_RUNS))
        out += piece * (draw(st.integers(1000, max_size)) // len(piece))
    return out[:max_size]
