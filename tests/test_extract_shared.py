"""Answers remembered per text (known names, bodies named, resolved names, position nouns) are shared by
every reader: reading an article must leave them as a fresh lookup gives them, and reading with them
remembered must give what reading from scratch gives."""

from __future__ import annotations

from datetime import date

import pytest

from consistency.entities import resolve
from consistency.extract import extract_article
from consistency.extract.attributions import _read
from consistency.extract.attributions_bodies import _arabic_body_word, named_body_kinds
from consistency.extract.attributions_lexicon import known_in
from consistency.extract.dates import _parse
from consistency.extract.quantities import _read as _read_quantities
from consistency.extract.quantities_lexicon import lexicon as quantities_lexicon
from consistency.extract.quantities_positions import _position_noun, _read_position_noun
from consistency.model import Article, Statement

# Written for this test, unlike any corpus sentence: a body named, then a noun pointing back to it.
ARTICLES = {
    "ar": ["أعلنت شركة النور للطيران إلغاء 14 رحلة إلى بيروت يوم الخميس.",
           "وقالت الشركة في بيان إن وزارة النقل اللبنانية طلبت تأجيل الرحلات حتى إشعار آخر."],
    "en": ["Harbourline Shipping Company cancelled 14 sailings to Valletta on Thursday, Reuters reported.",
           "The company said the Maltese transport ministry had asked it to wait until further notice."],
    "fr": ["La compagnie « Air Vallon » a annulé 14 vols vers Lyon jeudi, selon l'AFP.",
           "L'entreprise a précisé que le ministère des Transports lui avait demandé d'attendre."],
    "ru": ["Концерн «Северный металл» сократил выпуск на 4% в третьем квартале.",
           "В концерне заявили, что министерство промышленности России просило подождать."],
    "tr": ["Doğu Enerji Şirketi, üretimin yüzde 7 düştüğünü açıkladı.",
           "Şirketten yapılan açıklamada Enerji Bakanlığı'nın beklemeyi istediği belirtildi."],
}


def _article(lang: str) -> tuple[Article, list[Statement]]:
    texts = ARTICLES[lang]
    statements, at = [], 0
    for i, t in enumerate(texts):
        statements.append(Statement(f"shared-{lang}", i, t, at, at + len(t)))
        at += len(t) + 1
    return Article(f"shared-{lang}", f"shared-{lang}.txt", None, " ".join(texts), date(2025, 3, 6), "front-matter",
                   lang, "0" * 64), statements


def _forget() -> None:
    for memo in (_read, _parse, _read_quantities, known_in, named_body_kinds, resolve, _arabic_body_word):
        memo.cache_clear()


@pytest.mark.parametrize("lang", sorted(ARTICLES))
def test_shared_answers_left_as_fresh_ones(lang):
    """After an article is read, what is remembered for its sentences equals a fresh lookup (no reader changed it)."""
    article, statements = _article(lang)
    _forget()
    extract_article(article, statements)
    remembered = {s.text: (list(known_in(s.text)), list(named_body_kinds(s.text))) for s in statements}
    _forget()
    fresh = {s.text: (known_in(s.text), named_body_kinds(s.text)) for s in statements}
    assert remembered == fresh


@pytest.mark.parametrize("lang", sorted(ARTICLES))
def test_reading_again_equals_reading_from_scratch(lang):
    """An article read with every answer remembered (its own sentences read before) gives what a fresh read gives."""
    article, statements = _article(lang)
    _forget()
    first = extract_article(article, statements)
    again = extract_article(article, statements)
    _forget()
    assert first == again == extract_article(article, statements)
    assert any(m.attributions for m in first)


def test_position_nouns_remembered_per_lexicon():
    """A position noun's unit, remembered, is the one read afresh, for each lexicon object."""
    lx = quantities_lexicon()
    words = ["minute", "الدقيقة", "dakikasında", "минуте", "company", "الشركة"]
    assert [_position_noun(lx, w) for w in words] == [_read_position_noun(lx, w) for w in words]
    assert [_position_noun(lx, w) for w in words] == [_read_position_noun(lx, w) for w in words]
    assert _position_noun(lx, "minute") == "minute"
    assert _position_noun(lx, "company") is None
