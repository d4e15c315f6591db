"""Discovery compares two attributions only when they credit (nearly) the same words."""

from __future__ import annotations

import pytest

from consistency.discover import _same_words, discover
from consistency.model import Claim

from test_discover_context import conflicts, corpus_of

QUOTES = {
    "en": {
        # the same words, credited to two different people
        "a": 'Ismail Demir, head of the Defence Industries Agency, said: "The second batch of the system will arrive next year."',
        "b": 'Hulusi Akar, the defence minister, said: "The second batch of the system will arrive next year."',
        # another speaker saying something else: no conflict with either
        "c": 'Ibrahim Kalin, the presidential spokesman, said: "We will not accept any sanctions over this purchase."',
        # the first speaker again, nearly the same words: agrees with a
        "d": 'Ismail Demir, head of the Defence Industries Agency, said: "The second batch of the system will arrive next year, too."',
    },
    "ar": {
        "a": "وقال رئيس هيئة الصناعات الدفاعية إسماعيل دمير: «ستصل الدفعة الثانية من المنظومة العام المقبل».",
        "b": "وقال وزير الدفاع خلوصي أكار: «ستصل الدفعة الثانية من المنظومة العام المقبل».",
        "c": "وقال المتحدث باسم الرئاسة إبراهيم قالن: «لن نقبل أي عقوبات بسبب هذه الصفقة».",
        "d": "وقال رئيس هيئة الصناعات الدفاعية إسماعيل دمير: «ستصل الدفعة الثانية من المنظومة العام المقبل أيضا».",
    },
}


@pytest.mark.parametrize("lang", sorted(QUOTES))
def test_same_words_other_speaker_conflicts(tmp_path, lang):
    """One quote credited to two people conflicts; a different quote by a third is never compared."""
    corpus = corpus_of(tmp_path, QUOTES[lang])
    found = discover(corpus)
    pairs = conflicts(found, "attribution")
    assert pairs == [("a", "b"), ("b", "d")]
    (f,) = [f for f in found if f.kind == "attribution"]
    assert f.conflict_count == 2
    assert all("c" not in (f.claims[i].article_id, f.claims[j].article_id) for i, j in f.conflicts)


@pytest.mark.parametrize("lang", sorted(QUOTES))
def test_word_pairs_are_every_matching_pair_once(tmp_path, lang):
    """_same_words lists each pair of claims with matching words once, lower index first, and no other."""
    corpus = corpus_of(tmp_path, QUOTES[lang])
    claims = [Claim("t", s.article_id, s.index, m)
              for s in corpus.statements for m in corpus.mentions[s.key].attributions]
    names = [c.article_id for c in claims]
    assert sorted(names) == ["a", "b", "c", "d"]
    pairs = _same_words(claims, corpus)
    assert all(i < j for i, j in pairs)
    assert sorted(tuple(sorted((names[i], names[j]))) for i, j in pairs) == [("a", "b"), ("a", "d"), ("b", "d")]
