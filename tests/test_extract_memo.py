"""A sentence read once is remembered by its text: repeats elsewhere, at other offsets or dates, read as if new."""

from __future__ import annotations

from datetime import date

import pytest

from consistency.extract.attributions import _read, extract_attributions
from consistency.extract.dates import _parse, extract_dates
from consistency.extract.quantities import _read as _read_quantities
from consistency.extract.quantities import extract_quantities
from consistency.model import Statement

WIRE = {
    "ar": "وقال رئيس شركة روسوبورون إكسبورت ألكسندر ميخييف لوكالة إنترفاكس إن قيمة العقود بلغت 8.6 مليار دولار العام الماضي.",
    "en": "Rosoboronexport chief Alexander Mikheev told Interfax the contracts were worth $8.6 billion last year.",
}


@pytest.fixture(autouse=True)
def forget():
    for memo in (_read, _parse, _read_quantities):
        memo.cache_clear()
    yield


@pytest.mark.parametrize("lang", sorted(WIRE))
def test_repeat_at_another_offset_and_date(lang):
    """The same wire sentence in two articles: spans follow each copy, "last year" follows each article's date."""
    text = WIRE[lang]
    first_q, second_q = extract_quantities(text, offset=40), extract_quantities(text, offset=1200)
    assert [m.value for m in first_q] == [m.value for m in second_q] and first_q
    assert [(m.start - 40, m.end - 40) for m in first_q] == [(m.start - 1200, m.end - 1200) for m in second_q]
    assert all(m.text == text[m.start - 1200:m.end - 1200] for m in second_q)
    assert _read_quantities.cache_info().hits == 1

    in_2022 = extract_dates(text, published=date(2022, 3, 1), offset=40)
    in_2023 = extract_dates(text, published=date(2023, 3, 1), offset=1200)
    assert [m.value.start.year for m in in_2022] == [2021] and [m.value.start.year for m in in_2023] == [2022]
    assert in_2023[0].text == in_2022[0].text and in_2023[0].start - 1200 == in_2022[0].start - 40
    assert _parse.cache_info().hits == 1

    a = extract_attributions([Statement("a", 0, text, 40, 40 + len(text))])
    b = extract_attributions([Statement("b", 3, text, 1200, 1200 + len(text))])
    assert a[0] and b[0]
    assert a[0][0].value.speaker == b[0][0].value.speaker and a[0][0].value.speaker.kind == "person"
    assert a[0][0].start - 40 == b[0][0].start - 1200
    assert _read.cache_info().hits == 1


def test_remembered_reading_equals_a_fresh_one():
    """What the memo returns for a text is what reading it from scratch returns."""
    texts = [WIRE["ar"], WIRE["en"], "No figures here.", "سجلت الصادرات 52.1 مليار دولار حتى الآن."]
    remembered = [extract_quantities(t) for t in texts + texts]
    _read_quantities.cache_clear()
    fresh = [extract_quantities(t) for t in texts]
    assert remembered == fresh + fresh
