"""A language file merged into its base file (datafiles._merge): entries of one name become one entry."""

import pytest

from consistency import datafiles
from consistency.datafiles import DataError, _merge

# (base, extra, merged): written from load_merged's docstring before the indexed merge ran on them
CASES = [
    # an entry of the same unit takes the language's words
    ([{"unit": "person", "en": ["people"]}], [{"unit": "person", "tr": ["kişi"]}],
     [{"unit": "person", "en": ["people"], "tr": ["kişi"]}]),
    # word lists are extended, in order
    ({"en": ["dollars"]}, {"en": ["bucks"]}, {"en": ["dollars", "bucks"]}),
    # two entries of one name in the language file both land in the base's entry
    ([{"code": "USD", "en": ["dollar"]}], [{"code": "USD", "fr": ["dollar"]}, {"code": "USD", "fr": ["dollars"]}],
     [{"code": "USD", "en": ["dollar"], "fr": ["dollar", "dollars"]}]),
    # a new name is appended, and a later entry of that name joins it
    ([{"unit": "day"}], [{"unit": "ship", "ru": ["судно"]}, {"unit": "ship", "ru": ["судов"]}],
     [{"unit": "day"}, {"unit": "ship", "ru": ["судно", "судов"]}]),
    # the shift is part of the name: last year is not the year
    ([{"unit": "year", "en": ["this year"]}], [{"unit": "year", "shift": -1, "en": ["last year"]}],
     [{"unit": "year", "en": ["this year"]}, {"unit": "year", "shift": -1, "en": ["last year"]}]),
    # entries with no naming key are appended, never merged
    ([{"pattern": "a"}], [{"pattern": "a"}], [{"pattern": "a"}, {"pattern": "a"}]),
    # a base listing one name twice: the language's words go to the first
    ([{"unit": "km", "en": ["km"]}, {"unit": "km", "en": ["kilometre"]}], [{"unit": "km", "fr": ["kilomètre"]}],
     [{"unit": "km", "en": ["km"], "fr": ["kilomètre"]}, {"unit": "km", "en": ["kilometre"]}]),
    # a same scalar is no conflict
    ([{"unit": "hour", "kind": "duration"}], [{"unit": "hour", "kind": "duration", "fr": ["heures"]}],
     [{"unit": "hour", "kind": "duration", "fr": ["heures"]}]),
]


@pytest.mark.parametrize("base, extra, merged", CASES)
def test_merge(base, extra, merged):
    assert _merge(base, extra, "test") == merged


def test_merge_leaves_its_inputs_alone():
    base, extra = [{"unit": "person", "en": ["people"]}], [{"unit": "person", "ar": ["أشخاص"]}]
    _merge(base, extra, "test")
    assert base == [{"unit": "person", "en": ["people"]}] and extra == [{"unit": "person", "ar": ["أشخاص"]}]


def test_a_language_file_that_contradicts_its_base_is_refused():
    with pytest.raises(DataError, match=r"test\[\('unit', 'hour'\)\]\.kind"):
        _merge([{"unit": "hour", "kind": "duration"}], [{"unit": "hour", "kind": "count"}], "test")


def test_shipped_overlays_leave_one_entry_per_unit():
    units = [u["unit"] for u in datafiles.load_merged("quantities.yaml")["units"]]
    assert len(units) == len(set(units))
