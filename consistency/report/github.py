"""GitHub Actions workflow commands: one annotation per claim of each problem.

``::error file=seeds/a.txt,line=3,col=12,endColumn=20,title=...::message``
lines, printed by a workflow step, show up on the changed files and in the
run's summary. Problems only (conflict, update, unresolved), as in SARIF;
levels map error -> error, warning -> warning, suggestion -> notice. A
conflict is annotated on every claim that takes part in a conflicting pair,
each message naming the value it states and the values it conflicts with.
"""

from __future__ import annotations

from .records import PROBLEM_VERDICTS
from .text import _strip_isolates, describe_value
from .view import EVERYTHING, View, shown_findings

_COMMAND = {"error": "error", "warning": "warning", "suggestion": "notice"}


def render_github(records: dict, *, view: View = EVERYTHING) -> str:
    """Workflow-command lines, one per annotated claim; empty when there is no problem."""
    lines: list[str] = []
    for f in shown_findings(records, view):
        if f["verdict"] not in PROBLEM_VERDICTS:
            continue
        partners: dict[int, list[int]] = {}
        for i, j in f["conflicts"]:
            partners.setdefault(i, []).append(j)
            partners.setdefault(j, []).append(i)
        annotated = sorted(partners) or range(len(f["claims"]))
        origin = f["rule"] or f"discovered {f['kind']}"
        for n in annotated:
            c = f["claims"][n]
            message = f"{f['message']}\nThis article: “{c['text']}” = {_reading(c)}"
            for other in partners.get(n, ()):
                o = f["claims"][other]
                message += f"\nConflicts with {o['path']}:{o['line']}: “{o['text']}” = {_reading(o)}"
            props = {
                "file": c["path"] or c["article"],
                "line": c["line"],
                "col": c["column"],
                "endColumn": c["column"] + (c["end"] - c["start"]),
                "title": f"consistency: {f['verdict']} ({origin}) [{f['id']}]",
            }
            head = ",".join(f"{k}={_property(str(v))}" for k, v in props.items())
            lines.append(f"::{_COMMAND[f['level']]} {head}::{_data(message)}")
    return "".join(line + "\n" for line in lines)


def _reading(c: dict) -> str:
    return _strip_isolates(describe_value(c["value"]))


def _data(text: str) -> str:
    # The escapes the runner undoes in a command's message (actions/toolkit, command.ts).
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")
