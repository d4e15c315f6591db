"""``--baseline FILE``: findings already reviewed do not fail CI again.

A baseline is either

- a previous JSON report of this tool (``consistency check ... --format json``):
  every finding id in it counts as reviewed; or
- a file of reviewed fingerprints (YAML or JSON), each with the reason it
  was accepted::

      reviewed:
        - id: 3f1c0a9e5b7d2c41
          justification: "Both figures are right: the second one includes the loan."
          by: desk-editor        # optional
          date: 2026-11-20       # optional

Findings whose id is in the baseline are dropped from the report, so CI fails
only on new ones; ``settings`` records how many were dropped and how many
baseline entries matched nothing (stale reviews worth pruning). Ids are stable
fingerprints of the evidence (fingerprint.py): when the evidence changes, the
finding is new and must be reviewed again.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from . import safe_yaml
from .errors import UserError
from .model import Report

_ENTRY_KEYS = ("id", "justification", "by", "date", "rule")
_ID = re.compile(r"^[0-9a-f]{8,64}$")


def apply_baseline(report: Report, path: Path) -> Report:
    """The report without the findings ``path`` lists as reviewed."""
    reviewed = load_baseline(Path(path))
    kept = tuple(f for f in report.findings if f.id not in reviewed)
    matched = {f.id for f in report.findings} & set(reviewed)
    settings = dict(report.settings)
    settings.update({
        "baseline": str(path),
        "baselined": len(report.findings) - len(kept),
        "baseline_unmatched": len(set(reviewed) - matched),
    })
    return replace(report, findings=kept, settings=settings)


def load_baseline(path: Path) -> dict[str, str]:
    """Finding id -> justification ("previous report" for ids taken from a report)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"{path}: cannot read the baseline: {exc}") from exc
    data = _parse(path, text)
    if isinstance(data, dict) and "findings" in data and "reviewed" not in data:
        return _from_report(path, data)
    if isinstance(data, dict) and set(data) == {"reviewed"}:
        data = data["reviewed"]
    if not isinstance(data, list):
        raise UserError(f"{path}: expected a JSON report (with 'findings') or a list 'reviewed:' of "
                        f"{{id, justification}} entries, got {type(data).__name__}")
    out: dict[str, str] = {}
    for n, entry in enumerate(data, 1):
        where = f"{path}: reviewed entry {n}"
        if not isinstance(entry, dict):
            raise UserError(f"{where}: expected a mapping with id and justification, got {type(entry).__name__}")
        unknown = sorted(set(map(str, entry)) - set(_ENTRY_KEYS))
        if unknown:
            raise UserError(f"{where}: unknown key {unknown[0]!r} (expected one of {', '.join(_ENTRY_KEYS)})")
        fid, why = entry.get("id"), entry.get("justification")
        if not isinstance(fid, str) or not _ID.match(fid):
            raise UserError(f"{where}: 'id' must be a finding id (hex digits) from a report, got {fid!r}")
        if not isinstance(why, str) or not why.strip():
            raise UserError(f"{where}: 'justification' is required: say why finding {fid} is accepted")
        out[fid] = why.strip()
    return out


def _parse(path: Path, text: str) -> Any:
    try:
        if path.suffix.lower() == ".json":
            return json.loads(text)
        return safe_yaml.load(text)
    except (json.JSONDecodeError, *safe_yaml.ERRORS) as exc:
        raise UserError(f"{path}: not valid {'JSON' if path.suffix.lower() == '.json' else 'YAML'}: {exc}") from exc


def _from_report(path: Path, data: dict) -> dict[str, str]:
    findings = data["findings"]
    if not isinstance(findings, list):
        raise UserError(f"{path}: 'findings' must be a list")
    out: dict[str, str] = {}
    for n, f in enumerate(findings, 1):
        fid = f.get("id") if isinstance(f, dict) else None
        if not isinstance(fid, str) or not fid:
            raise UserError(f"{path}: finding {n} has no 'id': is this a report of this tool?")
        out[fid] = "previous report"
    return out
