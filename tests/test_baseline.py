"""--baseline: reviewed findings (from a previous report or a reviewed list) are dropped; bad files are UserErrors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from consistency.baseline import apply_baseline
from consistency.errors import UserError
from consistency.report.records import as_records
from consistency.report.json import render_json

from test_sarif import report
from test_verdicts import AUG_2020, AUGUST_2020

NEW = ("new", [(AUGUST_2020, [("آب/ أغسطس 2020", AUG_2020)])])


def test_previous_json_report_drops_its_findings(tmp_path):
    """Every finding of a previous JSON report is baselined; a finding with new evidence is kept."""
    before, _ = report()
    previous = tmp_path / "previous.json"
    previous.write_text(render_json(as_records(before)), encoding="utf-8")
    assert apply_baseline(before, previous).findings == ()
    after, _ = report(NEW)
    kept = apply_baseline(after, previous)
    assert [f.verdict for f in kept.findings] == ["conflict"]
    assert kept.settings["baselined"] == len(after.findings) - 1


def test_reviewed_list_with_justifications(tmp_path):
    """A YAML list of reviewed ids drops exactly those findings and counts stale entries."""
    rep, _ = report(NEW)
    conflict = next(f for f in rep.findings if f.verdict == "conflict")
    path = tmp_path / "reviewed.yaml"
    path.write_text(
        "reviewed:\n"
        f"  - id: {conflict.id}\n    justification: The August 2020 report is a known error, corrected later.\n    by: desk\n"
        "  - id: 0123456789abcdef\n    justification: an old finding\n",
        encoding="utf-8",
    )
    out = apply_baseline(rep, path)
    assert conflict.id not in {f.id for f in out.findings}
    assert len(out.findings) == len(rep.findings) - 1
    assert out.settings["baseline_unmatched"] == 1


BAD = [
    ("reviewed.yaml", "reviewed:\n  - id: 0123456789abcdef\n", "justification"),
    ("reviewed.yaml", "reviewed:\n  - id: nothex!\n    justification: x\n", "'id' must be a finding id"),
    ("reviewed.yaml", "reviewed:\n  - id: 0123456789abcdef\n    justification: x\n    note: y\n", "unknown key 'note'"),
    ("reviewed.yaml", "reviewed: [\n", "not valid YAML"),
    ("report.json", "{\"findings\": [{\"rule\": null}]}", "has no 'id'"),
    ("report.json", "{not json", "not valid JSON"),
    ("reviewed.yaml", "just text\n", "expected a JSON report"),
]


@pytest.mark.parametrize("name,text,words", BAD, ids=[b[2] for b in BAD])
def test_bad_baseline_is_a_user_error(tmp_path, name, text, words):
    """A malformed baseline is one UserError that names the file and the problem."""
    rep, _ = report()
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(UserError) as info:
        apply_baseline(rep, path)
    assert str(path) in str(info.value) and words in str(info.value)


def test_json_reviewed_list_is_accepted(tmp_path):
    """The reviewed list may be JSON as well as YAML."""
    rep, _ = report(NEW)
    ids = [{"id": f.id, "justification": "reviewed"} for f in rep.findings]
    path = tmp_path / "reviewed.json"
    path.write_text(json.dumps({"reviewed": ids}), encoding="utf-8")
    assert apply_baseline(rep, path).findings == ()
