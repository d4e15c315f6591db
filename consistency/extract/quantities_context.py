"""Context around a number that says it is not an amount, or that it runs on.

Names ("S-400", "إس 400", "إف - 35", "سو 35", "COVID-19"), identifiers
("القرار رقم 2231"), times of day ("الساعة 3", "10:30", "3 pm"), days and
years next to month names ("8 يوليو 2021", "ديسمبر 2017", "في عام 2021"),
and the clause markers of a running figure ("حتى الآن", "so far").
"""

from __future__ import annotations

from .numbers import Number
from .quantities_lexicon import ARTICLE, PREFIXES, Lexicon
from .quantities_text import Prepared, Token

ARTICLED = frozenset({ARTICLE} | {p + ARTICLE for p in ("و", "ب", "ف", "ك")} | {"لل", "ولل"})
CLAUSE_BREAKS = frozenset({".", "،", ",", ";", "؛", "!", "?", "؟", ":", "\n", "(", ")", "\"", "“", "”", "«", "»"})


def bare(lx: Lexicon, text: str) -> str:
    """A word without an attached Arabic conjunction or preposition ("وإف" -> "اف")."""
    for cut in (2, 1):
        if len(text) > cut + 1 and text[:cut] in PREFIXES and "\u0600" <= text[:1] <= "\u06ff":
            rest = text[cut:]
            if rest in lx.model_prefixes or rest in lx.months or rest in lx.year_words:
                return rest
    return text


def _is_letters(t: Token) -> bool:
    return t.text[0].isalpha()


def is_name(lx: Lexicon, pr: Prepared, original: str, toks: list[Token], i: int) -> bool:
    """The number at token ``i`` belongs to a model or type name."""
    tok = toks[i]
    if tok.text in lx.scales and tok.text.isalpha() and i + 1 < len(toks) and toks[i + 1].text.isalpha() \
            and original[pr.original(toks[i + 1].start)].isupper():
        return True  # "Abdulaziz bin Salman": a scale word alone before a capitalized word is in a name
    if i == 0:
        return False
    prev = toks[i - 1]
    if prev.end == tok.start and _is_letters(prev):
        if prev.text in lx.iso_codes:
            start = pr.original(prev.start)
            if original[start:pr.original(prev.end)].isupper():
                return False  # "USD8.6bn"
        # "S400", "إس400" are names; "و3", "بـ8.6", "الـ24" are not
        return prev.text not in PREFIXES and prev.text not in ARTICLED
    j = i - 1
    if prev.text == "-":
        if j >= 1 and toks[j - 1].end == prev.start and prev.end == tok.start and _is_letters(toks[j - 1]):
            return True  # "COVID-19", "كوفيد-19", "F-35": letters glued to hyphen and digits
        j -= 1
    if j < 0 or not _is_letters(toks[j]):
        return False
    word = bare(lx, toks[j].text)
    if word not in lx.model_prefixes:
        return False
    if word.isascii():
        start = pr.original(toks[j].start)
        return original[start:start + 1].isupper()
    return True


def is_identifier(lx: Lexicon, toks: list[Token], i: int) -> bool:
    """"رقم 5", "No. 5", "Resolution 2231": a label, not an amount."""
    j = i - 1
    if j >= 0 and toks[j].text in (".", "#"):
        j -= 1
    return j >= 0 and toks[j].text in lx.identifier_words


def phrase_at(index: dict, toks: list[Token], j: int):
    """Longest phrase of ``index`` (keyed by first token) starting at token ``j``."""
    if j >= len(toks):
        return None
    for phrase, payload in index.get(toks[j].text, ()):
        n = len(phrase)
        if j + n <= len(toks) and all(toks[j + k].text == phrase[k] for k in range(1, n)):
            return phrase, payload, j + n
    return None


def phrase_before(lx: Lexicon, index: dict, toks: list[Token], j: int):
    """Longest phrase of ``index`` (keyed by last token) ending just before token ``j``.

    The phrase's first word may carry an attached prefix ("بأكثر من"):
    returns (start token, characters to cut from it, payload) or None.
    """
    if j <= 0:
        return None
    last = toks[j - 1].text
    cands = list(index.get(last, ()))
    cut_last = 0
    if not cands:
        for cut in (2, 1):
            if last[:cut] in PREFIXES and last[cut:] in index and "\u0600" <= last[:1] <= "\u06ff":
                cands, cut_last = index[last[cut:]], cut
                break
    for phrase, payload in cands:
        n = len(phrase)
        s = j - n
        if s < 0:
            continue
        if n == 1:
            if cut_last or toks[s].text == phrase[0]:
                return s, cut_last, payload
            continue
        if not all(toks[s + k].text == phrase[k] for k in range(1, n - 1)) or toks[j - 1].text != phrase[-1]:
            continue
        first = toks[s].text
        if first == phrase[0]:
            return s, 0, payload
        for cut in (2, 1):
            if first[:cut] in PREFIXES and first[cut:] == phrase[0]:
                return s, cut, payload
    return None


def is_time(lx: Lexicon, toks: list[Token], i: int, end: int, has_unit: bool) -> bool:
    """"10:30", "3 pm", "الساعة 3": a time of day."""
    if end < len(toks) - 1 and toks[end].text == ":" and toks[end + 1].is_digits and toks[end].start == toks[end - 1].end:
        return True
    if i >= 2 and toks[i - 1].text == ":" and toks[i - 2].is_digits and toks[i - 1].start == toks[i - 2].end:
        return True
    if phrase_at(lx.time_after, toks, end):
        return not _hours_then_minutes(lx, toks, end)
    
    if has_unit or i < 1 or toks[i - 1].text not in lx.time_before:
        return False
    if phrase_before(lx, lx.magnitude_before, toks, i) is not None:
        return False  # "put the magnitude at 7.4"
    # "at 3", "الساعة 4,17": an hour is at most 24; "stands at 1,448" is a figure
    from .numbers import parse_digits  # numbers imports this module

    value = parse_digits(toks[i].text) if toks[i].is_digits else None
    return value is None or value <= 24


def _hours_then_minutes(lx: Lexicon, toks: list[Token], end: int) -> bool:
    """"2 h 45 min": the "h" of a duration, not of a time ("16 h 30")."""
    if end + 2 >= len(toks) or toks[end].text not in lx.hour_marks or not toks[end + 1].is_digits:
        return False
    return any(u.unit == "minute" for phrase, u in lx.unit_words.get(toks[end + 2].text, ()) if len(phrase) == 1)


def is_date(lx: Lexicon, toks: list[Token], i: int, n: Number, has_unit: bool) -> bool:
    """A day or a year: next to a month name, after a year word, or a bare year."""
    seen = date_evidence(lx, toks, i, n)
    return not has_unit if seen is None else seen


def date_evidence(lx: Lexicon, toks: list[Token], i: int, n: Number) -> bool | None:
    """is_date, read once for all units: None for a bare year (a date only without one)."""
    if not n.plain_digits:
        return False
    v = n.low
    prev = bare(lx, toks[i - 1].text) if i >= 1 else ""
    nxt = bare(lx, toks[n.end].text) if n.end < len(toks) else ""
    # "12/7/2019", "2019-07-12", "2019/2020": digits chained by tight / - .
    chain = _chain(toks, i)
    if len(chain) >= 3 or (len(chain) == 2 and (any(len(toks[k].text) == 4 for k in chain)
                                                 or toks[chain[0] + 1].text == "/")):
        return True
    if 1 <= v <= 31 and (prev in lx.months or nxt in lx.months):
        return True
    if nxt in lx.year_after and 3 <= len(toks[i].text) <= 4:
        return True  # "1446 هـ", "1445 AH": an era mark makes a year of any number (a Hijri year is < 1800)
    lo, hi = lx.year_range
    if len(toks[i].text) != 4 or not lo <= v <= hi:
        return False
    if prev in lx.months or prev in lx.year_words or nxt in lx.year_after:
        return True
    return None


def _chain(toks: list[Token], i: int) -> list[int]:
    """Indices of digit tokens glued to token ``i`` by "/", "-" or "." with no spaces."""
    out = [i]
    for step in (-2, 2):
        k = i
        while 0 <= k + step < len(toks):
            sep, nxt = toks[k + step // 2], toks[k + step]
            a, b = (nxt, toks[k]) if step < 0 else (toks[k], nxt)
            if sep.text in ("/", "-", ".") and nxt.is_digits and a.end == sep.start and sep.end == b.start:
                k += step
                out.append(k)
            else:
                break
    return sorted(out)


def clause_ids(toks: list[Token]) -> list[int]:
    """Clause number of each token; a break token closes its clause."""
    ids, c = [], 0
    for t in toks:
        ids.append(c)
        if t.text in CLAUSE_BREAKS:
            c += 1
    return ids


def running_clauses(lx: Lexicon, toks: list[Token], ids: list[int]) -> set[int]:
    """Clauses that hold a running-figure marker ("حتى الآن", "so far").

    A clause made of the marker alone ("So far, 300 people ...") lends it to
    the next clause.
    """
    out: set[int] = set()
    for j, t in enumerate(toks):
        for phrase in lx.running.get(t.text, ()):
            n = len(phrase)
            if all(j + k < len(toks) and toks[j + k].text == phrase[k] for k in range(1, n)):
                c = ids[j]
                out.add(c)
                alone = (j == 0 or toks[j - 1].text in CLAUSE_BREAKS) and (
                    j + n < len(toks) and toks[j + n].text in CLAUSE_BREAKS)
                if alone:
                    out.add(c + 1)
                break
    return out


def interest_rate_in(lx: Lexicon, toks: list[Token], lo: int = 0, hi: int | None = None) -> int | None:
    """The end token of the first interest-rate phrase ("key rate", "الفائدة", "faizini") in toks[lo:hi], or None."""
    hi = len(toks) if hi is None else hi
    for k in range(lo, hi):
        if toks[k].text in lx.interest_rates:
            m = phrase_at(lx.interest_rates, toks, k)
            if m is not None:
                return m[2]
    return None


_CLOSING_QUOTES = frozenset({"»", "”", "\"", "’"})
# After a figure these start no name: a score or range ("France 4-2"), a Turkish case
# ending ("Muhafızlarından 2'si": two of the Guards).
_NOT_NAMED_BEFORE = frozenset({"-", "–", "'", "’"})


def _bare_digits(toks: list[Token], f) -> bool:
    return f.unit is None and f.kind == "other" and f.end - f.start == 1 and toks[f.start].text.isdigit()


def _name_word(lx: Lexicon, pr: Prepared, original: str, toks: list[Token], j: int) -> bool:
    """Token ``j`` is a word of a name: Latin letters written capitalized, past the sentence start,
    and no month, qualifier or year word ("Nord Stream", "Artemis", "Kuzey Akım")."""
    t = toks[j]
    if j == 0 or not t.text.isalpha() or t.text in lx.months or t.text in lx.year_words \
            or t.text in lx.qualifiers_before:
        return False
    return original[pr.original(t.start)].isupper() and toks[j - 1].text not in (".", "!", "?")


def names_and_conversions(lx: Lexicon, pr: Prepared, original: str, toks: list[Token], found: list) -> list:
    """``found`` without the bare numbers that are part of a name ("Nord Stream 2", "Artemis 2",
    "Kuzey Akım 1 ve 2", «نورد ستريم 2») and without a sum of money in parentheses right after
    one ("40 million euros ($43 million)": the primary figure is what the article states; the
    conversion's rate and rounding are the writer's, a false conflict with another's). A measure's
    conversion ("1.6 miles (2.6 km)") stays: other articles state the figure in the second unit."""
    out = []
    named = set()
    for f in found:
        i = f.start
        if _bare_digits(toks, f):
            prev_name = i >= 1 and _name_word(lx, pr, original, toks, i - 1) \
                and not (f.end < len(toks) and toks[f.end].text in _NOT_NAMED_BEFORE)
            titled = (i >= 1 and toks[i - 1].text.isalpha() and f.end < len(toks)
                      and toks[f.end].text in _CLOSING_QUOTES)
            listed = i >= 2 and toks[i - 1].text in lx.joiners and (i - 2) in named  # "Nord Stream 1 and 2"
            if prev_name or titled or listed:
                named.add(i)
                continue
        if out and i >= 1 and toks[i - 1].text == "(" and out[-1].end == i - 1 and f.end < len(toks) \
                and toks[f.end].text == ")" and f.kind == out[-1].kind == "money":
            continue
        out.append(f)
    return out
