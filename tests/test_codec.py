"""codec: cached data round-trips to equal values, and bytes it did not write are refused, never built."""

from __future__ import annotations

from datetime import date

import pytest

from consistency import codec
from consistency.model import DateValue, Mentions, QuantityMention, QuantityValue


def test_model_values_round_trip():
    value = {"when": date(2023, 2, 6), "gone": (1, float("inf"), None), (1, 2): "tuple key",
             "m": Mentions(quantities=(QuantityMention(3, 9, "5,000 dead", QuantityValue(5000.0, "people", "count")),)),
             "d": DateValue(date(2020, 8, 4), date(2020, 8, 4), "day")}
    back = codec.loads(codec.dumps(value))
    assert back == value
    assert codec.dumps(back) == codec.dumps(value)


@pytest.mark.parametrize("blob", [
    b'{"~C":"Popen","f":[]}',                      # not a model class
    b'{"~C":"DateValue","f":[null]}',               # too few fields
    b'{"~C":"DateValue"}',                          # a class without its fields
    b'{"~C":"DateValue","f":{"start":null}}',       # fields not as a list
    b'{"~x":1}',                                    # an unknown tag
    b'{"~t":[1],"~d":"2020-01-01"}',                # two tags at once
    b'{"~f":"1e400"}',                              # a float that is not one of the three non-finite ones
    b'{"~d":"not a date"}',                         # a date that does not parse
])
def test_bytes_it_did_not_write_are_refused(blob):
    with pytest.raises(codec.CodecError):
        codec.loads(blob)
