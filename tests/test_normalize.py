"""Normalization for matching, and its map back to original offsets."""

from __future__ import annotations

import pytest

from consistency.normalize import fold_char, normalize, normalize_with_map, to_original_span

CASES = [
    # (language, original, normalized)
    ("ar", "أحمد إبراهيم آمال ٱلله", "احمد ابراهيم امال الله"),
    ("ar", "مدينة القاهرة", "مدينه القاهره"),
    ("ar", "على مستوى", "علي مستوي"),
    ("ar", "مُحَمَّدٌ يَكْتُبُ", "محمد يكتب"),
    ("ar", "أمســ الجمـــعة", "امس الجمعه"),
    ("ar", "عام ٢٠١٩ وعام ۱۴۰۲", "عام 2019 وعام 1402"),
    ("ar", "٨٫٦ مليار و١٬٢٠٠ دولار", "8.6 مليار و1,200 دولار"),
    ("ar", "الوﻻيات المتحدة اﻷمريكية", "الولايات المتحده الامريكيه"),
    ("ar", "قالت\u200f إنّ", "قالت ان"),
    ("ar", "پاکستان و ایران", "پاكستان و ايران"),
    ("en", "  The U.S.  Army\tsaid\n\nMONDAY ", "the u.s. army said monday"),
    ("en", "Straße", "strasse"),
    ("mixed", "منظومة S-400  الروسية", "منظومه s-400 الروسيه"),
]


@pytest.mark.parametrize("lang,text,expected", CASES)
def test_normalize_table(lang, text, expected):
    """Each writing variant folds to one canonical form."""
    assert normalize(text) == expected


@pytest.mark.parametrize("lang,text,expected", CASES)
def test_map_agrees_with_normalize(lang, text, expected):
    """normalize_with_map gives the same text, and one original offset per character."""
    norm, offsets = normalize_with_map(text)
    assert norm == normalize(text)
    assert len(offsets) == len(norm)
    assert offsets == sorted(offsets)
    for ch, off in zip(norm, offsets):
        source = text[off]
        if ch == " ":
            assert source.isspace()
        else:
            assert ch in fold_char(source)


def test_map_on_seeds(seeds_dir):
    """On real articles every normalized character maps back to a character that produced it."""
    for path in sorted(seeds_dir.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        norm, offsets = normalize_with_map(text)
        assert norm == normalize(text)
        assert all(c == " " or c in fold_char(text[o]) for c, o in zip(norm, offsets))


@pytest.mark.parametrize(
    "text,needle,original",
    [
        ("وعلى رأسهم الوﻻيات المتحدة اﻷمريكية.", "الولايات المتحده", "الوﻻيات المتحدة"),
        ("قال أمســ إنّ الصفقة ٢٠١٩ تمت", "امس ان", "أمســ إنّ"),
        ("Deal   signed IN  2019", "signed in 2019", "signed IN  2019"),
    ],
)
def test_span_maps_back_to_original(text, needle, original):
    """A match found in normalized text maps back to the exact original span."""
    norm, offsets = normalize_with_map(text)
    i = norm.index(needle)
    s, e = to_original_span(offsets, i, i + len(needle), text)
    assert text[s:e] == original
