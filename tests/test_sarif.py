"""SARIF 2.1.0 output: valid against the schema subset, levels, regions, stable fingerprints."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import jsonschema

from consistency.align import align
from consistency.model import Report
from consistency.report.records import as_records
from consistency.report.sarif import FINGERPRINT_KEY, render_sarif
from consistency.rules import load_rules
from consistency.verdicts import judge_all

from test_align import DEC_2017, MID_JULY_2019, SIGNED_AND_DELIVERED, Y2019, make_corpus
from test_verdicts import AUG_2020, AUGUST_2020, DELIVERED_2019

SCHEMA = json.loads((Path(__file__).parent / "fixtures" / "sarif" / "sarif-2.1.0-essential.schema.json").read_text())
RULES = load_rules(Path(__file__).parent.parent / "rules")


def report(*extra) -> tuple[Report, dict]:
    corpus = make_corpus([
        ("001", [(DELIVERED_2019, [("عام 2019", Y2019)])]),
        ("003", [(SIGNED_AND_DELIVERED, [("كانون الأول/ ديسمبر عام 2017", DEC_2017), ("منتصف تموز/ يوليو 2019", MID_JULY_2019)])]),
        *extra,
    ])
    findings = tuple(judge_all(RULES, align(RULES, corpus), corpus))
    rep = Report(corpus.articles, (), corpus.statements, corpus.clusters, findings, {})
    return rep, as_records(rep)


def test_conflict_is_a_valid_sarif_result_with_evidence_regions():
    """A conflict becomes one error result whose locations point at the evidence in the original text."""
    rep, records = report(("new", [(AUGUST_2020, [("آب/ أغسطس 2020", AUG_2020)])]))
    log = json.loads(render_sarif(records))
    jsonschema.validate(log, SCHEMA)
    (result,) = log["runs"][0]["results"]
    assert (result["ruleId"], result["level"], result["kind"]) == ("s400.first-delivery", "error", "fail")
    conflict = next(f for f in rep.findings if f.verdict == "conflict")
    assert result["partialFingerprints"] == {FINGERPRINT_KEY: conflict.id}
    texts = {a.path: a.text for a in rep.articles}
    for loc in result["locations"]:
        region = loc["physicalLocation"]["region"]
        text = texts[loc["physicalLocation"]["artifactLocation"]["uri"]]
        assert text[region["charOffset"]:region["charOffset"] + region["charLength"]] == region["snippet"]["text"]
    assert {loc["physicalLocation"]["artifactLocation"]["uri"] for loc in result["locations"]} == {"001.txt", "003.txt", "new.txt"}
    assert log["runs"][0]["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == result["ruleId"]


def test_agreement_is_not_a_result_and_levels_map():
    """Agreements stay out of SARIF; suggestion maps to note, warning to warning."""
    rep, records = report()
    log = json.loads(render_sarif(records))
    jsonschema.validate(log, SCHEMA)
    assert log["runs"][0]["results"] == []
    f = records["findings"][0]
    levels = []
    for level in ("error", "warning", "suggestion"):
        one = dict(records, findings=[dict(f, verdict="conflict", level=level, conflicts=[])])
        levels.append(json.loads(render_sarif(one))["runs"][0]["results"][0]["level"])
    assert levels == ["error", "warning", "note"]


def test_discovered_finding_gets_a_rule_id_and_output_is_deterministic():
    """A rule-free finding is reported under discovered.<kind>; two renderings are byte-identical."""
    rep, records = report(("new", [(AUGUST_2020, [("آب/ أغسطس 2020", AUG_2020)])]))
    f = next(f for f in records["findings"] if f["verdict"] == "conflict")
    discovered = dict(records, findings=[dict(f, rule=None)])
    out = render_sarif(discovered)
    log = json.loads(out)
    jsonschema.validate(log, SCHEMA)
    assert log["runs"][0]["results"][0]["ruleId"] == "discovered.date"
    assert render_sarif(discovered) == out


def test_schema_subset_rejects_a_wrong_level():
    """The schema subset is strict enough to catch a level SARIF does not know."""
    _, records = report(("new", [(AUGUST_2020, [("آب/ أغسطس 2020", AUG_2020)])]))
    log = json.loads(render_sarif(records))
    log["runs"][0]["results"][0]["level"] = "suggestion"
    try:
        jsonschema.validate(log, SCHEMA)
    except jsonschema.ValidationError:
        return
    raise AssertionError("a SARIF level 'suggestion' passed validation")
