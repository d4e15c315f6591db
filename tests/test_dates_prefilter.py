"""The shortcuts of date extraction change no result.

dates_lexicon guards each token kind with a look-ahead on its first
characters, and dates_grammar skips statements that cannot hold a date
(no word with a four-digit year or a letter run of the word lists every
date needs, no token of such a kind). Each must only ever skip work: these
tests compare with the unguarded regex and with the full parse on texts
generated from the vocabulary itself, marks, proclitics, digits and case
variants included.
"""

from __future__ import annotations

import itertools
import random

import pytest

import consistency.extract.dates_grammar as grammar
import consistency.extract.dates_forms as df
import consistency.extract.dates_lexicon as dl
from consistency.datafiles import load


def _strings(x):
    if isinstance(x, str):
        yield x
    elif isinstance(x, dict):
        for v in x.values():
            yield from _strings(v)
    elif isinstance(x, list):
        for v in x:
            yield from _strings(v)


def _texts(n: int, seed: int) -> list[str]:
    vocab = sorted(set(_strings(load("dates.yaml", dl.validate))))
    pieces = vocab + ["و", "ف", "ب", "ل", "ك", "ال", "\u064e", "\u0640", "\u0651", "2019", "1441", "12", "3",
                      "5", "9", "31", "08/09/2021", "1990s", "۲۰۲۱", "٥",
                      "/", "-", " ", ",", ".", "(", "\n", "x", "É", "İ", "ſ", "K", "_", "%", "٢٠١٩", "أ", "ة"]
    seps = ["", " ", " ", " ", "/", "-", "\u064e", "\u0651 ", ", "]
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        parts = [rng.choice(pieces) + rng.choice(seps) for _ in range(rng.randint(1, 8))]
        case = [str, str.upper, str.lower]
        out.append("".join(rng.choice(case)(p) for p in parts))
    return out


# Marks inside and after a listed word; a year inside a longer number; a
# listed word behind proclitics or before digits.
_EDGES = ["هذا العَام", "قبل ثلاثة أيّام", "هذا العامّكذا", "قبل ثلاثة أيامٍكذا", "this yearّx",
          "وللعام 2019", "يوليو2019", "في12/05/2019م", "H1 2020", "قبل ثلاثة أيامٍ", "three days agoً",
          "شهر يوليو الماضي", "منتصف تموز/ يوليو 2019"]


@pytest.fixture(scope="module")
def texts() -> list[str]:
    return _EDGES + _texts(4000, seed=11)


def test_guards_change_no_token_match(texts, monkeypatch):
    guarded = dl.lexicon().token_re
    monkeypatch.setattr(dl, "_guard", lambda pattern: "")
    monkeypatch.setenv("CONSISTENCY_MODEL_CACHE", "off")  # built again, not read as kept (regex_cache.kept)
    dl.lexicon.cache_clear()
    try:
        plain = dl.lexicon().token_re
    finally:
        monkeypatch.undo()
        dl.lexicon.cache_clear()
    assert plain.pattern != guarded.pattern
    for text in texts:
        folded = df.fold(text)
        for pos in range(len(folded) + 1):
            a, b = plain.match(folded, pos), guarded.match(folded, pos)
            assert (a and (a.span(), a.lastgroup, a.groups())) == (b and (b.span(), b.lastgroup, b.groups())), text


def test_statement_gate_drops_no_date(texts, monkeypatch):
    gated = [grammar.parse(t) for t in texts]
    words = grammar._words
    monkeypatch.setattr(grammar, "_words", lambda folded, lex: (words(folded, lex)[0], True))
    monkeypatch.setattr(grammar, "_CORE", frozenset(dl.lexicon().token_re.groupindex))  # every token counts
    full = [grammar.parse(t) for t in texts]
    assert gated == full
    assert sum(1 for p in full if p) > 100  # the texts do hold dates


def test_every_reading_holds_a_core_token():
    letters = sorted(set("ABDEGHMNOPQSTWXYcdmtwy") - set("ARTGEHPMWNY") - set("ymwd")) + ["|"]
    for n in range(1, 6):
        for combo in itertools.product(letters, repeat=n):
            s = "".join(combo)
            assert all(m.end() == m.start() for m in grammar._GRAMMAR.finditer(s)), s


def test_fold_equals_translate():
    pool = [chr(k) for k in df._FOLD] + list("abcXYZ 019.,-") + [chr(c) for c in range(0x600, 0x700)]
    rng = random.Random(3)
    for _ in range(20000):
        t = "".join(rng.choice(pool) for _ in range(rng.randint(0, 30)))
        assert df.fold(t) == t.translate(df._FOLD)
