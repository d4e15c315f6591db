"""One body named in five languages (tests/fixtures/attributions/body_names.yaml): the key of each name
(consistency/body_keys.py) says same body, different bodies, or compatible (one name says less).

The table was written before the code first ran on it. Run as a script for the score:
python tests/test_body_keys.py
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from consistency.body_keys import body_key, names_relation

PAIRS = yaml.safe_load((Path(__file__).parent / "fixtures" / "attributions" / "body_names.yaml")
                       .read_text("utf-8"))["pairs"]


@pytest.mark.parametrize("pair", PAIRS, ids=[f"{p['a'][:20]}-{p['b'][:20]}" for p in PAIRS])
def test_pair(pair):
    assert names_relation(pair["a"], pair["b"]) == pair["expect"]
    assert names_relation(pair["b"], pair["a"]) == pair["expect"]  # the order of the two names is no matter


def test_key_is_order_free_and_reads_inflection():
    a, b = body_key("Министерства обороны Бразилии"), body_key("Brazil's Ministry of Defence")
    assert len(a) == len(b) == 3
    assert {frozenset(i.concepts) for i in a if i.concepts} == {frozenset(i.concepts) for i in b if i.concepts}


if __name__ == "__main__":
    ok = 0
    for p in PAIRS:
        got = names_relation(p["a"], p["b"])
        ok += got == p["expect"]
        if got != p["expect"]:
            print(f"want {p['expect']}, got {got}: {p['a']} | {p['b']}")
    print(f"{ok}/{len(PAIRS)}")
