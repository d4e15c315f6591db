"""The date vocabulary of consistency/data/dates.yaml, validated and compiled once into regexes.

The word lists become regexes by dates_forms.words (folded text, tries);
this module checks the data's shape and joins the token kinds into the one
tokenizer regex the grammar (dates_grammar) reads.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from .. import regex_cache
from ..datafiles import load, load_merged
from .dates_forms import MARK_RE, PROCLITICS, WORD, _endings, _forms, _or, canon, words
from .regex_guard import guard

_guard = regex_cache.remembered(guard)  # a module global: tests switch it off


# --------------------------------------------------------------- validation
def _expect_numbered(data: Any, name: str, lo: int, hi: int) -> None:
    if not isinstance(data, dict) or sorted(data) != list(range(lo, hi + 1)):
        raise ValueError(f"{name}: expected keys {lo}..{hi}, got {sorted(data) if isinstance(data, dict) else data!r}")
    for k, v in data.items():
        if not isinstance(v, list) or not v or not all(isinstance(x, str) and x.strip() for x in v):
            raise ValueError(f"{name}.{k}: expected a non-empty list of words")


def _expect_lists(data: Any, name: str, keys: tuple[str, ...]) -> None:
    if not isinstance(data, dict) or set(data) != set(keys):
        got = sorted(data) if isinstance(data, dict) else type(data).__name__
        raise ValueError(f"{name}: expected exactly the keys {list(keys)}, got {got}")
    for k, v in data.items():
        if not isinstance(v, list) or not all(isinstance(x, str) and x.strip() for x in v):
            raise ValueError(f"{name}.{k}: expected a list of words")


def validate(data: Any) -> None:
    """Shape of dates.yaml; raises ValueError naming the key at fault."""
    if not isinstance(data, dict):
        raise ValueError("expected a mapping at top level")
    _expect_numbered(data.get("months"), "months", 1, 12)
    _expect_numbered(data.get("hijri_months"), "hijri_months", 1, 12)
    _expect_numbered(data.get("weekdays"), "weekdays", 0, 6)
    _expect_numbered(data.get("ordinal_days"), "ordinal_days", 1, 31)
    _expect_lists(data.get("qualifiers"), "qualifiers",
                  ("early", "beginning", "mid", "late", "end", "earlier", "later"))
    _expect_lists(data.get("bounds"), "bounds", ("by", "before", "after", "since", "until"))
    _expect_lists(data.get("qualifiers_after"), "qualifiers_after", ("beginning", "mid", "end"))
    _expect_lists(data.get("month_relative"), "month_relative", ("past", "next", "current"))
    _expect_lists(data.get("year_suffixes"), "year_suffixes", ("hijri", "gregorian"))
    periods = data.get("periods")
    period_key = re.compile(r"half-[12]|quarter-[1-4]|season-(spring|summer|autumn|winter)")
    if not isinstance(periods, dict) or not all(period_key.fullmatch(k) for k in periods):
        raise ValueError("periods: expected keys half-N, quarter-N or season-NAME")
    for key in ("future_endings", "future_endings_after"):
        if key in data and not (isinstance(data[key], list) and all(isinstance(x, str) and x for x in data[key])):
            raise ValueError(f"{key}: expected a list of word endings")
    for key in ("year_nouns", "cue_words", "not_year_followers", "publication_cues", "archive_markers", "future_cues",
                "future_cues_after", "same_month", "event_labels", "month_nouns", "month_nouns_after", "month_or", "report_verbs", "report_that",
                "report_perfect"):
        v = data.get(key)
        if not isinstance(v, list) or not all(isinstance(x, str) and x.strip() for x in v):
            raise ValueError(f"{key}: expected a list of words")
    for i, entry in enumerate(data.get("relative") or [None]):
        if not (isinstance(entry, dict) and entry.get("unit") in ("year", "month", "week", "day", "weekend", "night")
                and isinstance(entry.get("shift"), int) and isinstance(entry.get("phrases"), list)):
            raise ValueError(f"relative[{i}]: expected {{unit: year|month|week|day|weekend|night, shift: int, phrases: [...]}}")
    for i, entry in enumerate(data.get("weak_relative_days") or [None]):
        if not (isinstance(entry, dict) and isinstance(entry.get("shift"), int)
                and isinstance(entry.get("phrases"), list)):
            raise ValueError(f"weak_relative_days[{i}]: expected {{shift: int, phrases: [...]}}")
    marks = data.get("decade_marks")
    if not isinstance(marks, dict) or set(marks) != {"after", "before"} or not all(
            isinstance(v, list) and all(isinstance(x, str) and x.strip() for x in v) for v in marks.values()):
        raise ValueError("decade_marks: expected lists 'after' (glued to the year) and 'before' (words)")
    ago = data.get("ago")
    if not isinstance(ago, dict) or set(ago) != {"units", "duals", "numbers", "before", "after"}:
        raise ValueError("ago: expected keys units, duals, numbers, before, after")
    _expect_lists(ago["units"], "ago.units", ("day", "week", "month", "year"))
    _expect_numbered(ago["numbers"], "ago.numbers", 1, 10)


# --------------------------------------------------------------- lexicon
@dataclass(frozen=True)
class Lexicon:
    token_re: re.Pattern
    lookup: dict[str, dict[str, Any]]  # token type -> canon(phrase) -> meaning
    first_words: frozenset[str]  # canon() of every word a token can start with
    not_year_after: re.Pattern
    publication_cue_re: re.Pattern
    archive_re: re.Pattern
    future_re: re.Pattern  # a clause about the future: a year-less date is the next one
    future_after_re: re.Pattern | None  # the same, written after the date (Turkish verbs)
    event_before_re: re.Pattern | None  # "مونديال 2018": an event's name before a bare year
    month_noun_after_re: re.Pattern | None  # "Mart ayı": the noun "month" after a month's name
    month_case_re: re.Pattern | None  # "kasımdan", "Haziran'da": a month's case ending, glued or after "'"
    month_or_re: re.Pattern  # "June or July", "июне-июле": what parts two months named as one span
    # "announced on D that X had happened": a report verb, then after the
    # date a "that" whose clause is in the perfect (dates.reported_before)
    report_verb_re: re.Pattern | None
    report_that_re: re.Pattern | None
    # Letter runs, one of which every word list a date needs puts in the
    # text (see _core_runs); None when the data defeats the reasoning.
    core_runs: frozenset[str] | None
    # word -> what it can hold (dates_grammar._words): the words of a
    # language repeat, so each is judged once.
    word_kinds: dict[str, int] = field(default_factory=dict, compare=False, repr=False)


def _table(mapping: dict, *, wrap=lambda k: k) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, phrases in mapping.items():
        for p in phrases:
            c = canon(p)
            out[c] = wrap(key)
            if c.startswith("ال"):
                out[c[1:]] = wrap(key)
    return out


@lru_cache(maxsize=1)
@regex_cache.kept  # built once per code version, read once per process
def lexicon() -> Lexicon:
    data = load_merged("dates.yaml", validate)
    rel = {}
    for e in data["relative"]:
        rel.update(_table({(e["unit"], e["shift"]): e["phrases"]}))
    weak = {}
    for e in data["weak_relative_days"]:
        weak.update(_table({e["shift"]: e["phrases"]}))
    ago = data["ago"]
    numbers = _table(ago["numbers"])
    units = _table(ago["units"])
    duals = _table(ago["duals"])
    lookup = {
        "month": _table(data["months"]),
        "hijri": _table(data["hijri_months"]),
        "weekday": _table(data["weekdays"]),
        "ordinal": _table(data["ordinal_days"]),
        "qual": _table(data["qualifiers"]),
        "qual_after": _table(data["qualifiers_after"]),
        "bound": _table(data["bounds"]),
        "mrel": _table(data["month_relative"]),
        "period": _table(data["periods"]),
        "suffix": _table(data["year_suffixes"]),
        "rel": rel, "weak": weak, "number": numbers, "unit": units, "dual": duals,
    }
    flat = lambda m: [w for ws in m.values() for w in ws]  # noqa: E731
    month = words(flat(data["months"]), case_sensitive=True)
    number_words = words(flat(ago["numbers"]))
    digits_l = r"(?:(?<![\w.,/:])|(?<=(?<!\w)[وفبل]))(?<![A-Z0-9\u0621-\u064a]-)"
    digits_r = r"(?![\d]|[.,:/-]\d|\s*[%٪])"
    suffix = r"(?:\s*(?P<ysuf>" + words(flat(data["year_suffixes"]), case_sensitive=True) + "))?"
    unit_any = words(flat(ago["units"]) + flat(ago["duals"]))
    # "1950s", "1950-е", "1950'li": a decade mark glued to the year (apostrophes folded to one)
    decade_after = "(?:" + "|".join(re.escape(m).replace("'", "['’]")
                                     for m in sorted(data["decade_marks"]["after"], key=len, reverse=True)) + ")"
    groups = [
        # Order matters where two kinds start at the same place: the first wins.
        ("A", r"(?:" + words(ago["before"]) + r"\s+(?:(?P<an1>" + number_words + r"|\d{1,3})\s+)?(?P<au1>" + unit_any
         + r")(?!\s*[12]\d{3})(?!\s+" + words(["من", "of"]) + r")|(?:(?P<an2>" + number_words + r"|\d{1,3})\s+)(?P<au2>"
         + unit_any + r")\s+" + words(ago["after"]) + ")"),
        ("R", words([p for e in data["relative"] for p in e["phrases"]])),
        ("T", digits_l + r"(?:(?P<t1>\d{1,2})(?P<ts>[/.-])(?P<t2>\d{1,2})(?P=ts)(?P<t3>[12]\d{3})|(?P<i1>[12]\d{3})(?P<is>[/.-])(?P<i2>\d{1,2})(?P=is)(?P<i3>\d{1,2}))" + digits_r),
        ("G", digits_l + r"(?P<g1>[12]\d{3})\s*[-–]\s*(?P<g2>[12]\d{3})" + digits_r),
        ("E", r"(?<!\w)(?<![\dA-Za-z]-)(?:(?i:the)\s+)?(?P<e>(?:1[89]|20)\d0)" + decade_after + r"(?!\w)"
         + (r"|(?<!\w)" + words(data["decade_marks"]["before"]) + r"\s+(?P<e2>(?:1[89]|20)\d0)(?!\d|[.,]\d)"
            if data["decade_marks"]["before"] else "")),
        ("H", words(flat(data["hijri_months"]), case_sensitive=True)),
        ("P", words(flat(data["periods"]))),
        # "تشرين الثاني/ نوفمبر", "نوفمبر (تشرين الثاني)", "تموز يوليو", "شهر يوليو"
        ("M", r"(?:" + words(["شهر"]) + r"\s+)?" + month
         + r"(?:\s*[/\\]\s*" + month + r"|\s*\(\s*" + month + r"\s*\)|\s+" + month
         + r"|\s*[-–]\s*" + month + r"|\s+" + words(data["month_or"]) + r"\s+" + month + ")?"
         + (r"(?:\s+" + words(data["month_nouns_after"]) + ")?" if data["month_nouns_after"] else "")),
        ("W", words(flat(data["weekdays"]), case_sensitive=True)),
        ("t", words([p for e in data["weak_relative_days"] for p in e["phrases"]])),
        ("Q", r"(?<![\w-])(?i:mid|mi)-(?=\w)|" + words(flat(data["qualifiers"]))),
        ("B", words(flat(data["bounds"]))),
        # after the month: Turkish "Mart başında", "ayın sonunda"
        ("q", words(flat(data["qualifiers_after"]))),
        ("S", words(flat(data["month_relative"]))),
        ("N", words(data["year_nouns"])),
        # "ayın" (of the month): the month of publication, only before a qualifier
        ("K", words(data["month_nouns"])) if data["month_nouns"] else ("K", r"(?!)"),
        ("O", words(flat(data["ordinal_days"]))),
        ("Z", words(data["same_month"])),
        ("c", words(data["cue_words"])),
        ("Y", digits_l + r"(?P<y>[12]\d{3})" + digits_r + suffix),
        # "12", "12th", and day ranges "12-15" ("12-15 July 2019")
        ("D", digits_l + r"(?:(?P<d1>[0-3]?\d)\s*[-–]\s*)?(?P<d>[0-3]?\d)(?:st|nd|rd|th)?" + digits_r),
    ]
    # Tokens start only at a word start, or after one or two proclitic
    # letters: asserting that once, up front, lets the scan skip the inside
    # of every word cheaply (the per-word lookbehinds stay for correctness).
    # Each kind is guarded by a look-ahead on the characters it can start
    # with (worked out from its own pattern, see regex_guard.py): the engine
    # otherwise walks every kind's look-behinds at every word tried, and a
    # look-ahead that only restates what the kind needs changes no match.
    kinds = "|".join(f"(?P<{k}>{_guard(p)}{p})" for k, p in groups)
    token_re = regex_cache.compile(r"(?<!\w)[وفبلك]{0,2}?(?:" + kinds + ")")
    vocabulary = [
        *flat(data["months"]), *flat(data["hijri_months"]), *flat(data["weekdays"]),
        *flat(data["ordinal_days"]), *flat(data["qualifiers"]), *flat(data["bounds"]),
        *flat(data["month_relative"]), *flat(data["periods"]), *flat(ago["numbers"]),
        *flat(data["qualifiers_after"]), *data["month_nouns"],
        *ago["before"], *data["year_nouns"], *data["cue_words"], *data["same_month"], "شهر", "the", "mid", "mi",
        *data["decade_marks"]["before"],
        *(p for e in data["relative"] + data["weak_relative_days"] for p in e["phrases"]),
    ]
    first = set()
    for phrase in vocabulary:
        word = canon(phrase).split()[0].rstrip("-")
        first.add(word)
        head = WORD.match(word)
        if head:
            first.add(head.group())  # "l'année": the text's word is "l"
        if word.startswith("ال"):
            first.add(word[1:])  # "للعام": the article's alef drops after lam
    return Lexicon(
        token_re=token_re,
        first_words=frozenset(first),
        lookup=lookup,
        not_year_after=re.compile(r"\s*" + words(data["not_year_followers"])),
        publication_cue_re=re.compile(words(data["publication_cues"])),
        archive_re=re.compile(words(data["archive_markers"])),
        future_re=re.compile(_or(words(data["future_cues"]), _endings(data.get("future_endings")))),
        future_after_re=re.compile(_or(words(data["future_cues_after"]) if data["future_cues_after"] else "",
                                       _endings(data.get("future_endings_after"))) or "(?!)"),
        month_noun_after_re=re.compile(r"\s+(?:" + words(data["month_nouns_after"]) + ")$")
        if data["month_nouns_after"] else None,
        month_case_re=_month_case(data.get("month_case_endings") or []),
        month_or_re=re.compile(r"\s+" + words(data["month_or"]) + r"\s+|\s*[-–]\s*"),
        event_before_re=re.compile("(?:" + words(data["event_labels"]) + r")\s+$") if data["event_labels"] else None,
        report_verb_re=re.compile(words(data["report_verbs"])) if data["report_verbs"] else None,
        # the perfect within five words of "that", nothing of another sentence between
        report_that_re=re.compile(r"[^.!?؟;]{0,60}?" + words(data["report_that"]) + r"(?:\s+[^\s.!?؟;]+){0,5}?\s+"
                                  + words(data["report_perfect"])) if data["report_that"] else None,
        core_runs=_core_runs(data),
    )


def _month_case(endings: list[str]) -> re.Pattern | None:
    """A month's written form with a case ending, searched in the month and the few characters after
    it: "kasımdan" (glued on) or "haziran'da" (after the apostrophe)."""
    glued = [e for e in endings if not e.startswith(("'", "’"))]
    marked = [e.lstrip("'’") for e in endings]
    if not endings:
        return None
    alts = [r"['’](?:" + "|".join(map(re.escape, sorted(set(marked), key=len, reverse=True))) + r")\b"]
    if glued:
        alts.append(r"\w{3}(?:" + "|".join(map(re.escape, sorted(glued, key=len, reverse=True))) + r")\b")
    return re.compile("|".join(alts))


LETTERS = re.compile(r"[^\W\d_]+")
# Latin with diacritics (French, Turkish) and Cyrillic lower-case one for one.
NOT_PLAIN = re.compile(r"[^\x00-\x7f\u00c0-\u024f\u0400-\u04ff\u0600-\u06ff\u2019]")


def _core_runs(data: dict) -> frozenset[str] | None:
    """What a word of the lists of token kinds A R H P M W N K leaves in the text.

    A phrase of these lists matches as its folded words, marks allowed
    after Arabic letters, whitespace between them, no letter right after
    the last; its first word may follow one or two proclitics, its other
    words (and the unit of A, the month after "شهر") follow whitespace.
    So a word of the text without marks, ASCII lower-cased, holds the
    leading letter run of any of the phrase's words as a whole run of
    letters, behind at most two proclitics (a word with marks is not
    judged: a mark splits a run of letters). The longest word is taken,
    the rarest in practice.
    """
    flat = lambda m: [w for ws in m.values() for w in ws]  # noqa: E731
    lists = [(flat(data["months"]), True), (flat(data["hijri_months"]), True),
             (flat(data["weekdays"]), True), (flat(data["periods"]), False), (data["year_nouns"], False),
             ([p for e in data["relative"] for p in e["phrases"]], False),
             (flat(data["ago"]["units"]) + flat(data["ago"]["duals"]), False), (data["month_nouns"], False)]
    runs = set()
    for items, case_sensitive in lists:
        for form in (f for item in items for f in _forms(item, case_sensitive)):
            heads = [LETTERS.match(MARK_RE.sub("", w)) for w in form.split(" ")]
            if not all(heads) or NOT_PLAIN.search(form):
                return None  # a word starting with a non-letter, or beyond ASCII and Arabic
            runs.add(max((h.group().lower() for h in heads), key=len))
    before = ["", *PROCLITICS, *(a + b for a in PROCLITICS for b in PROCLITICS)]
    return frozenset(b + r for r in runs for b in before)
