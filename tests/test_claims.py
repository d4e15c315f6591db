"""Attribution linking on written cases: one claim from two sources links, two claims of one source do not."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from consistency.embed import get_embedder
from consistency.match.link import load_model
from one_sentence import case_probabilities

CASES = {name: case for table in ("attribution_cases.yaml", "attribution_cases_2.yaml")
         for name, case in yaml.safe_load((Path(__file__).parent / "fixtures" / "link" / table)
                                          .read_text(encoding="utf-8"))["cases"].items()}


@pytest.fixture(scope="module")
def embedder():
    return get_embedder("use")


@pytest.mark.parametrize("name", list(CASES))
def test_attribution_case(name, embedder, request):
    """The two reports of one claim link, surer than two claims of one story, which stay unlinked."""
    case = CASES[name]
    if case.get("known_limit"):
        request.applymarker(pytest.mark.xfail(reason=case["known_limit"], strict=True))
    same, other = case_probabilities(case, embedder, "attribution")
    cut = load_model().link
    assert same >= cut and other < cut and same > other, (same, other, cut)
