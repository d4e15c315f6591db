"""Same-fact linking on written cases: two-fact sentences, phases, modality, ordinals, across languages."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from consistency.embed import get_embedder
from consistency.match.link import load_model
from one_sentence import case_probabilities

CASES = yaml.safe_load((Path(__file__).parent / "fixtures" / "link" / "cases.yaml").read_text(encoding="utf-8"))["cases"]


@pytest.fixture(scope="module")
def embedder():
    return get_embedder("use")


@pytest.mark.parametrize("name", list(CASES))
def test_case(name, embedder, request):
    """The pair that states one fact links, surer than the pair of two facts, which stays unlinked."""
    case = CASES[name]
    if case.get("known_limit"):
        request.applymarker(pytest.mark.xfail(reason=case["known_limit"], strict=True))
    same, other = case_probabilities(case, embedder, "date")
    cut = load_model().link_cut("date")
    assert same >= cut and other < cut and same > other, (same, other, cut)


def test_kind_conflict_cut_overrides_the_shared_one():
    """A kind's own conflict cut (link_model.json's kind_conflict) is the one its findings use; other kinds keep the shared cut."""
    import json
    from importlib.resources import files

    from consistency.datafiles import DataError
    from consistency.match.link import model_from

    data = json.loads((files("consistency.data") / "link_model.json").read_text(encoding="utf-8"))
    model = model_from({**data, "conflict": 0.4, "kind_conflict": {"date": 0.3}})
    assert (model.conflict_cut("date"), model.conflict_cut("quantity")) == (0.3, 0.4)
    with pytest.raises(DataError):
        model_from({**data, "kind_conflict": {"date": 1.5}})


def test_kind_link_cut_overrides_the_shared_one():
    """A kind's own link cut (link_model.json's kind_link) groups and judges that kind; other kinds keep the shared
    cut, and a kind's conflict cut is never under its link cut (a conflict is between linked frames)."""
    import json
    from importlib.resources import files

    from consistency.datafiles import DataError
    from consistency.match.link import model_from

    data = json.loads((files("consistency.data") / "link_model.json").read_text(encoding="utf-8"))
    data = {k: v for k, v in data.items() if k not in ("kind_link", "kind_conflict")}
    model = model_from({**data, "link": 0.25, "conflict": 0.3, "kind_link": {"quantity": 0.35}})
    assert (model.link_cut("quantity"), model.link_cut("date")) == (0.35, 0.25)
    assert (model.conflict_cut("quantity"), model.conflict_cut("date")) == (0.35, 0.3)
    for bad in ({"quantity": 0.0}, {"money": 0.3}):
        with pytest.raises(DataError):
            model_from({**data, "kind_link": bad})
