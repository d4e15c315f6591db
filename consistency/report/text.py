"""The text report: for a person at a terminal.

Right-to-left text is wrapped in Unicode directional isolates (FSI ... PDI),
so that in a bidi-aware terminal or editor an Arabic quotation reads right to
left without dragging the English labels and numbers around it; terminals
without bidi show the isolates as nothing. Evidence is quoted with its
position (path:line:column) so an editor can jump to it.
"""

from __future__ import annotations

import json
import re

import click

from ..model import LEVELS
from .records import PROBLEM_VERDICTS
from .terminal import safe_records

FSI, PDI = "\u2068", "\u2069"
# A reason that names its own pair ("claims 0 and 1: ...") is shown after "[1] vs [2]" already.
_PAIR_PREFIX = re.compile(r"^claims? \d+ (?:and|vs) \d+:\s*")
MAX_CONTEXT = 160
_LEVEL_COLOR = {"error": "red", "warning": "yellow", "suggestion": "cyan"}
_VERDICT_COLOR = {"agree": "green", "single-source": "blue", "conflict": "red", "update": "magenta", "unresolved": "yellow"}


def render_text(records: dict, *, color: bool = False) -> str:
    """The whole report as text, ending in one newline."""
    records = safe_records(records)  # article text and file names may hold terminal escapes
    style = click.style if color else (lambda s, **_: s)
    out: list[str] = []
    summary = records["summary"]
    tool = records["tool"]
    out.append(
        style(f"{tool['name']} {tool['version']}", bold=True)
        + f": {summary['articles']} articles, {summary['statements']} statements, {summary['skipped']} skipped"
    )
    out.append("")
    out.append(style("Articles", bold=True))
    for a in records["articles"]:
        published = a["published"] or "date unknown"
        if a["published_source"] and a["published"]:
            published += f" ({a['published_source']})"
        out.append(f"  {a['path']}  [{a['language']}]  {published}")
        if a["title"]:
            out.append(f"      {_isolate(_shorten(a['title']))}")
    if records["skipped"]:
        out.append("")
        out.append(style("Skipped", bold=True))
        for s in records["skipped"]:
            out.append(f"  {s['path']}: {s['reason']}")
    out.append("")
    findings = sorted(records["findings"], key=_order)
    out.append(style("Findings", bold=True) + ("" if findings else ": none"))
    for f in findings:
        out.extend(_finding(f, style))
    out.append("")
    out.append(_summary_line(summary))
    return "\n".join(out) + "\n"


def _order(f: dict) -> tuple:
    """Problems first, the most severe first; otherwise the report's own order."""
    return (f["verdict"] not in PROBLEM_VERDICTS, -LEVELS.index(f["level"]))


def _finding(f: dict, style) -> list[str]:
    level = style(f["level"].upper(), fg=_LEVEL_COLOR.get(f["level"]), bold=True)
    verdict = style(f["verdict"], fg=_VERDICT_COLOR.get(f["verdict"]))
    origin = f["rule"] or (f"cluster {f['cluster']}" if f["cluster"] is not None else "discovered")
    lines = ["", f"{level} {verdict}  {origin}  ({f['kind']})  [{f['id']}]", f"  {_isolate(f['message'])}"]
    for n, c in enumerate(f["claims"], start=1):
        lines.append(f"  [{n}] {c['path']}:{c['line']}:{c['column']}  (article {c['article']}, sentence {c['sentence']})")
        lines.append(f"      {_isolate('“' + c['text'] + '”')}  =  {describe_value(c['value'])}")
        if c.get("sentence_text") and c["sentence_text"] != c["text"]:
            lines.append(f"      in: {_isolate(_context(c['sentence_text'], c['text']))}")
    reasons = f.get("reasons") or []
    for k, (i, j) in enumerate(f["conflicts"]):
        why = f": {_isolate(_PAIR_PREFIX.sub('', reasons[k]))}" if k < len(reasons) else ""
        lines.append(style(f"  ✗ [{i + 1}] vs [{j + 1}]", fg="red") + why)
    unlisted = f.get("conflict_count", len(f["conflicts"])) - len(f["conflicts"])
    if unlisted > 0:
        lines.append(style(f"  ✗ and {unlisted} more conflicting pairs among these claims", fg="red"))
    for extra in reasons[len(f["conflicts"]):]:
        lines.append(f"  · {_isolate(extra)}")
    return lines


def _summary_line(summary: dict) -> str:
    counts = [f"{n} {v}" for v, n in summary["findings"].items() if n]
    total = sum(summary["findings"].values())
    problems = summary.get("problems", {})
    worst = ", ".join(f"{n} {lv}" for lv, n in problems.items() if n)
    text = f"{total} finding{'s' if total != 1 else ''}"
    if counts:
        text += ": " + ", ".join(counts)
    if worst:
        text += f" (problems by level: {worst})"
    return text


def describe_value(value: dict | None) -> str:
    """A short human reading of a normalized value."""
    if not value:
        return "?"
    kind = value.get("type")
    if kind == "date":
        if value.get("unresolved"):
            return f"unresolved ({value['unresolved']})"
        start, end = value.get("start"), value.get("end")
        span = start if start == end else f"{start or '…'} .. {end or '…'}"
        extras = [value.get("granularity")]
        extras += [value[k] for k in ("qualifier", "bound") if value.get(k)]
        if value.get("relative") and value.get("anchor"):
            extras.append(f"relative to {value['anchor']}")
        if value.get("calendar") not in (None, "gregorian"):
            extras.append(value["calendar"])
        return f"{span} ({', '.join(e for e in extras if e)})"
    if kind == "quantity":
        low, high = value.get("low"), value.get("high")
        amount = _number(low) if low == high else f"{_number(low)} .. {_number(high)}"
        parts = [p for p in (value.get("qualifier"), amount, value.get("unit")) if p]
        return " ".join(parts) + f" ({value.get('kind')})"
    if kind == "attribution":
        who = value.get("speaker") or value.get("organisation")
        name = (who.get("canonical") or who.get("name")) if who else "unnamed source"
        text = f"{value.get('cue')}: {name}"
        if value.get("role"):
            text += f", {value['role']}"
        via = [v.get("canonical") or v.get("name") for v in value.get("via") or []]
        if via:
            text += " via " + " < ".join(via)
        return _isolate(text)
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _number(x) -> str:
    if x is None:
        return "…"
    if float(x).is_integer():
        return f"{int(x):,}"
    return f"{x:,}"


def _shorten(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_CONTEXT else text[: MAX_CONTEXT - 1] + "…"


def _context(sentence: str, evidence: str) -> str:
    """The sentence, or a window of it around the evidence when it is long."""
    sentence = " ".join(sentence.split())
    if len(sentence) <= MAX_CONTEXT:
        return sentence
    at = sentence.find(" ".join(evidence.split()))
    if at < 0:
        return _shorten(sentence)
    start = max(0, min(at - (MAX_CONTEXT - len(evidence)) // 2, len(sentence) - MAX_CONTEXT))
    window = sentence[start:start + MAX_CONTEXT]
    return ("…" if start > 0 else "") + window + ("…" if start + MAX_CONTEXT < len(sentence) else "")


def _isolate(text: str) -> str:
    if any("\u0590" <= ch <= "\u08ff" or "\ufb1d" <= ch <= "\ufefc" for ch in text):
        return FSI + text + PDI
    return text
