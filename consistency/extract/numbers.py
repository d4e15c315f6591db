"""Read one number phrase from a token list: digits, words, scales, fractions.

"8.6 مليار", "$2.5bn", "two and a half billion", "ثلاثة آلاف", "مليارا",
"مليار ونصف المليار", "عشرات الآلاف", "1 مليار و200 مليون" all come out as a
value (or a vague range) with the precision of their writing: half a unit
of the last written component ("2.5 billion" is +/- 0.05 billion, "three
thousand" +/- 500, "3000" +/- 0.5). Arithmetic is Decimal so 52.1e9 stays
52100000000 exactly.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from .quantities_lexicon import ARTICLE, PREFIXES, Lexicon, Scale
from .quantities_text import Token

HALF = Decimal("0.5")
ONE = Decimal(1)


@dataclass
class Number:
    low: Decimal
    high: Decimal
    precision: Decimal
    start: int  # token index of the first token
    end: int  # token index after the last token
    cut: int = 0  # characters of an attached prefix ("و3") left out of the span
    prefix: str = ""
    scale: Decimal | None = None  # trailing scale word's value, if any
    vague: bool = False
    words: bool = False
    plain_digits: bool = False  # one bare integer token: may be a year or a day
    needs_unit: bool = False  # "one" alone is a quantity only with a unit or currency
    ordinal: int | None = None  # "2nd"


def parse_digits(text: str) -> Decimal | None:
    """'8.6', '8,600', '1.000.000', '2,5' (decimal comma) -> Decimal, keeping decimals."""
    text = text.replace(" ", "")  # "5 000": French and Russian group thousands with a space
    dots, commas = text.count("."), text.count(",")
    if dots and commas:
        dec = "." if text.rfind(".") > text.rfind(",") else ","
        text = text.replace("," if dec == "." else ".", "").replace(",", ".")
    elif commas or dots > 1:
        sep = "," if commas else "."
        groups = text.split(sep)
        if 1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:]):
            text = text.replace(sep, "")
        elif commas == 1:
            text = text.replace(",", ".")  # "2,5": a decimal comma
        else:
            return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def _decimals(d: Decimal) -> int:
    exp = d.as_tuple().exponent
    return -exp if isinstance(exp, int) and exp < 0 else 0


def _unit_of(value: Decimal, scale: Decimal) -> Decimal:
    return scale * Decimal(1).scaleb(-_decimals(value))


def _is_arabic(s: str) -> bool:
    return "\u0600" <= s[:1] <= "\u06ff"


def word(lx: Lexicon, text: str) -> tuple[str, object, int]:
    """What a token is as a number word: (kind, payload, prefix length) or ("", None, 0)."""
    for cut in (0, 1, 2):
        if cut:
            pre = text[:cut]
            if pre not in PREFIXES or len(text) <= cut + 1 or not _is_arabic(text):
                continue
        w = text[cut:]
        if w in lx.cardinals:
            return "card", lx.cardinals[w], cut
        if w in lx.hundred:
            return "hundred", None, cut
        if w in lx.scales:
            return "scale", lx.scales[w], cut
        if w in lx.fractions:
            return "frac", lx.fractions[w], cut
        if w in lx.vague:
            return "vague", lx.vague[w], cut
        if not cut and w in lx.indefinite:
            return "indef", None, 0
    return "", None, 0


class _Reader:
    """State of one phrase: total of closed components plus the open one."""

    def __init__(self, lx: Lexicon, toks: list[Token], i: int) -> None:
        self.lx, self.toks, self.start, self.j = lx, toks, i, i
        self.total = Decimal(0)
        self.current: Decimal | None = None
        self.unit = ONE  # place value of the last written component
        self.last_scale: Decimal | None = None
        self.vague: tuple[Decimal, Decimal] | None = None
        self.words = False
        self.cards: list[Decimal] = []

    def kind(self, j: int) -> tuple[str, object, int]:
        if j >= len(self.toks):
            return "", None, 0
        t = self.toks[j].text
        if t[0].isdigit():
            return "digits", t, 0
        if t in self.lx.joiners or t == "-":
            return "join", t, 0
        return word(self.lx, t)

    def apply_scale(self, sc: Scale) -> None:
        if self.vague is not None:
            self.vague = (self.vague[0] * sc.value, self.vague[1] * sc.value)
        elif self.current is None:
            mult = {"dual": 2, "dual_or_singular": 2, "plural": None}.get(sc.form, 1)
            if mult is None:  # "آلاف الأشخاص", "thousands": a vague plural
                self.vague = (2 * sc.value, 10 * sc.value)
            else:
                self.total += mult * sc.value
                self.unit = sc.value
        else:
            self.total += self.current * sc.value
            self.unit = _unit_of(self.current, sc.value)
            self.current = None
        self.last_scale = sc.value
        self.cards = []


def read_number(lx: Lexicon, toks: list[Token], i: int) -> Number | None:
    """The number phrase starting at token ``i``, or None if there is none."""
    r = _Reader(lx, toks, i)
    k, p, cut = r.kind(i)
    tok = toks[i]
    prefix = tok.text[:cut]
    needs_unit = False
    if k == "digits":
        val = parse_digits(p)  # type: ignore[arg-type]
        if val is None:
            return None
        r.current, r.unit, r.j = val, Decimal(1).scaleb(-_decimals(val)), i + 1
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        if nxt is not None and nxt.start == tok.end and nxt.text[0].isalpha() and not _is_arabic(nxt.text):
            sc = lx.scales.get(nxt.text)
            if sc is not None and sc.form == "singular":
                r.apply_scale(sc)
                r.j = i + 2
            elif nxt.text in lx.ordinal_suffixes and "." not in p and "," not in p:
                return Number(val, val, Decimal(0), i, i + 2, ordinal=int(val))
            elif any(len(ph) == 1 for ph, _ in lx.unit_words.get(nxt.text, ())):
                pass  # "5km", "20kg", "60pc": a unit glued on, read as the unit after the figure
            else:
                return None  # "400s", "35A": part of a name or code
    elif k == "card":
        if tok.text[cut:] in lx.compound_only:
            k2, p2, c2 = r.kind(i + 1)
            if not (k2 == "card" and p2 == 10 and not c2):
                return None
        needs_unit = tok.text[cut:] in lx.standalone_never
        r.current, r.j, r.words = p, i + 1, True  # type: ignore[assignment]
        r.cards.append(p)  # type: ignore[arg-type]
    elif k == "hundred":
        r.current, r.j, r.words = Decimal(100), i + 1, True
    elif k == "scale":
        if p.definite or p.attached_only:  # type: ignore[union-attr]
            return None
        r.apply_scale(p)  # type: ignore[arg-type]
        r.j, r.words = i + 1, True
    elif k == "vague":
        r.vague, r.j, r.words = p, i + 1, True  # type: ignore[assignment]
    elif k in ("frac", "indef"):
        # "نصف مليون", "half a billion", "a billion": only before a scale word
        j = i + 1
        while j < len(toks) and toks[j].text in lx.indefinite:
            j += 1
        k2, p2, c2 = r.kind(j)
        if k2 != "scale" and not (k == "indef" and k2 == "hundred"):
            return None
        r.current, r.j, r.words = (p if k == "frac" else ONE), j, True  # type: ignore[assignment]
    else:
        return None
    _continue(r)
    if r.vague is not None:
        lo, hi = r.vague
        return Number(lo, hi, Decimal(0), i, r.j, cut, prefix, r.last_scale, vague=True, words=True)
    if r.current is not None and r.last_scale is not None:
        r.unit = _unit_of(r.current, ONE)  # "three thousand five hundred": units are written
    value = r.total + (r.current or 0)
    plain = k == "digits" and r.j == i + 1 and p.isdigit()  # type: ignore[union-attr]
    return Number(value, value, r.unit * HALF, i, r.j, cut, prefix, r.last_scale,
                  words=r.words, plain_digits=plain, needs_unit=needs_unit and r.last_scale is None)


def _continue(r: _Reader) -> None:
    """Extend the phrase while the next tokens belong to it."""
    lx, toks = r.lx, r.toks
    while r.j < len(toks):
        j = r.j
        k, p, cut = r.kind(j)
        joined = False
        if toks[j].text == "of" and r.vague is not None:  # "hundreds of thousands"
            k2, p2, c2 = r.kind(j + 1)
            if k2 != "scale" or p2.form != "plural":  # type: ignore[union-attr]
                return
            j += 1
            k, p, cut = k2, p2, c2
        elif k == "join":
            # "and", "و", or an English hyphen ("twenty-five"); a dangling one is not ours
            if p == "-" and not (j + 1 < len(toks) and toks[j - 1].end == toks[j].start == toks[j + 1].start - 1):
                return
            joined = p != "-"  # a hyphen glues like a space: "twenty-five"
            j += 1
            while j < len(toks) and toks[j].text in lx.indefinite and joined:
                j += 1  # "and a half"
            k, p, cut = r.kind(j)
        elif k == "frac" and not cut and toks[j].text in lx.whole_then_fraction and not r.cards[1:] \
                and r.current is not None and r.current == r.current.to_integral_value():
            joined = True  # "iki buçuk", "3 buçuk": Turkish glues the half on with no "and"
        elif toks[j].text in lx.fraction_joiners and r.current is not None and r.kind(j + 1)[0] == "frac":
            joined, j = True, j + 1  # "два с половиной": "с" joins a fraction, never two numbers
            k, p, cut = r.kind(j)
        elif cut and toks[j].text[:cut] in lx.joiners:
            joined = True  # "وعشرون", "ونصف"
        elif cut:
            return
        if k == "scale":
            sc: Scale = p  # type: ignore[assignment]
            if joined or sc.attached_only:
                return
            if sc.definite and not (r.vague is not None or r.current is not None and r.current < 1):
                return
            if r.last_scale is not None and sc.value >= r.last_scale and r.current is None and r.vague is None:
                return
            r.apply_scale(sc)
            r.words, r.j = True, j + 1
        elif k == "hundred" and r.vague is None and not joined:
            if r.current is not None and r.current >= 100:
                return
            r.current = (r.current or ONE) * 100
            r.words, r.j = True, j + 1
        elif k == "card" and r.vague is None:
            v: Decimal = p  # type: ignore[assignment]
            if r.current is not None and not r.words:
                return  # "3 أربعة": digits do not take words
            prev = r.cards[-1] if r.cards else None
            cur = r.current or Decimal(0)
            if joined:
                # "خمسة وعشرون", "three hundred and five", "ألفين وخمسمئة";
                # never "اثنين وثلاثة" (that is a range or a list)
                ok = (prev is not None and prev < 10 and v >= 20 and v % 10 == 0 and cur < 10) or (
                    cur >= 100 and cur % 100 == 0 and v < 100) or (
                    r.current is None and r.last_scale is not None and v < r.last_scale)
            else:
                ok = (prev is not None and prev >= 20 and prev % 10 == 0 and v < 10 and cur == prev) or (
                    prev is not None and v == 10 and prev < 10 and cur == prev) or (
                    cur >= 100 and cur % 100 == 0 and v < 100) or (
                    r.current is None and r.last_scale is not None and v < r.last_scale and not _is_arabic(toks[j].text))
            if not ok:
                return
            r.current = cur + v
            r.cards.append(v)
            r.words, r.j = True, j + 1
        elif k == "frac" and r.vague is None and joined:
            f: Decimal = p  # type: ignore[assignment]
            if r.current is not None:  # "two and a half billion"
                r.current += f
                r.unit = _unit_of(r.current, ONE)
                r.j = j + 1
            elif r.last_scale is not None:  # "مليار ونصف", "a billion and a half"
                r.total += f * r.last_scale
                r.unit = _unit_of(f, r.last_scale)
                r.j = j + 1
                k2, p2, _ = r.kind(r.j)
                if k2 == "scale" and p2.definite and p2.value == r.last_scale:  # type: ignore[union-attr]
                    r.j += 1  # "ونصف المليار"
            else:
                return
            r.words = True
        elif (k == "digits" and not joined and r.last_scale is not None and r.current is None
              and toks[j - 1].text in lx.sum_after_scale):
            # "50 bin 783": Turkish writes the rest after the scale with no "and"
            val = parse_digits(p)  # type: ignore[arg-type]
            if val is None or val >= r.last_scale or val != val.to_integral_value():
                return
            r.current, r.unit = val, ONE
            r.j = j + 1
            k2, p2, c2 = r.kind(r.j)
            if k2 == "scale" and not c2 and p2.value < r.last_scale:  # type: ignore[union-attr]
                r.total += val * p2.value  # "1 milyon 200 bin"
                r.current, r.unit, r.last_scale = None, p2.value, p2.value  # type: ignore[union-attr]
                r.j += 1
        elif k == "digits" and joined and r.last_scale is not None and r.current is None:
            # "1 مليار و200 مليون": only when a smaller scale follows
            val = parse_digits(p)  # type: ignore[arg-type]
            k2, p2, c2 = r.kind(j + 1)
            if val is None or val >= r.last_scale:
                return
            if k2 == "scale" and not c2 and p2.value < r.last_scale:  # type: ignore[union-attr]
                r.current = val  # "1 مليار و200 مليون"
            elif k2 != "scale" and val == val.to_integral_value() and r.last_scale <= 1000:
                # "5 آلاف و385 مصابا": the rest of the thousands, in digits
                r.total += val
                r.unit = ONE
            else:
                return
            r.j = j + 1
        else:
            return


def strip_article(text: str) -> str:
    return text[2:] if text.startswith(ARTICLE) and len(text) > 3 else text
