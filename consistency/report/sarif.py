"""SARIF 2.1.0 for CI annotations (GitHub code scanning, GitLab, Azure DevOps).

SARIF is for problems: each finding whose verdict is a problem (conflict,
update, unresolved) is one result; agreements and single sources stay in
the JSON report. Levels map error -> error, warning -> warning,
suggestion -> note. Each result carries the finding id as a
``partialFingerprints`` entry, so code-scanning services track it across
runs, and one location per claim: the article's path with the evidence's
character span and line/column. Offsets count Unicode code points, which the
run declares with ``columnKind``.
"""

from __future__ import annotations

import json
from urllib.parse import quote

from .records import PROBLEM_VERDICTS

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
FINGERPRINT_KEY = "consistencyFindingId/v1"
_LEVEL = {"error": "error", "warning": "warning", "suggestion": "note"}


def render_sarif(records: dict) -> str:
    """The records as a SARIF 2.1.0 log (one run), deterministic JSON."""
    problems = [f for f in records["findings"] if f["verdict"] in PROBLEM_VERDICTS]
    rule_ids = sorted({_rule_id(f) for f in problems})
    index = {rid: i for i, rid in enumerate(rule_ids)}
    tool = records.get("tool", {})
    log = {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": tool.get("name", "consistency"),
                        "version": str(tool.get("version", "")),
                        "rules": [_descriptor(rid) for rid in rule_ids],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": [_result(f, index[_rule_id(f)]) for f in problems],
            }
        ],
    }
    return json.dumps(log, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def _rule_id(f: dict) -> str:
    return f["rule"] or f"discovered.{f['kind']}"


def _descriptor(rid: str) -> dict:
    if rid.startswith("discovered."):
        text = f"Sources disagree on a {rid.split('.', 1)[1]} (found from similar statements, no rule)"
    else:
        text = f"Fact rule {rid}"
    return {"id": rid, "name": rid, "shortDescription": {"text": text}}


def _result(f: dict, rule_index: int) -> dict:
    claims = f["claims"]
    in_conflict = sorted({i for pair in f["conflicts"] for i in pair})
    primary = in_conflict or list(range(len(claims)))
    return {
        "ruleId": _rule_id(f),
        "ruleIndex": rule_index,
        "level": _LEVEL[f["level"]],
        "kind": "fail" if f["verdict"] in ("conflict", "update") else "review",
        "message": {"text": f["message"]},
        "locations": [_location(claims[i], i) for i in primary],
        "relatedLocations": [_location(c, i) for i, c in enumerate(claims) if i not in primary],
        "partialFingerprints": {FINGERPRINT_KEY: f["id"]},
        "properties": {
            "verdict": f["verdict"],
            "factKind": f["kind"],
            "conflicts": [list(p) for p in f["conflicts"]],
            "reasons": list(f.get("reasons", [])),
        },
    }


def _location(c: dict, index: int) -> dict:
    region = {
        "charOffset": c["start"],
        "charLength": c["end"] - c["start"],
        "snippet": {"text": c["text"]},
    }
    if c.get("line"):
        region["startLine"] = c["line"]
        region["startColumn"] = c["column"]
    return {
        "id": index,
        "physicalLocation": {
            "artifactLocation": {"uri": quote((c["path"] or c["article"]).replace("\\", "/"), safe="/")},
            "region": region,
        },
        "message": {"text": f"{c['article']}, sentence {c['sentence']}: {c['text']}"},
    }
