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
import textwrap

import click

from .terminal import safe_records
from .view import EVERYTHING, View, hidden_counts, shown_findings

FSI, PDI = "\u2068", "\u2069"
# A reason that names its own pair ("claims 0 and 1: ...") is shown after "[1] vs [2]" already.
_PAIR_PREFIX = re.compile(r"^claims? \d+ (?:and|vs) \d+:\s*")
MAX_CONTEXT = 160
_LEVEL_COLOR = {"error": "red", "warning": "yellow", "suggestion": "cyan"}
_VERDICT_COLOR = {"agree": "green", "single-source": "blue", "conflict": "red", "update": "magenta", "unresolved": "yellow"}


def render_text(records: dict, *, color: bool = False, view: View = EVERYTHING, width: int | None = None) -> str:
    """The whole report as text, ending in one newline.

    Summary first, then the findings ``view`` keeps (problems first), then the
    articles. ``width``: wrap long lines at word boundaries to this many
    columns (the terminal's width); None keeps each line whole, for grep.
    """
    records = safe_records(records)  # article text and file names may hold terminal escapes
    style = click.style if color else (lambda s, **_: s)
    wrap = _Wrapper(width)
    out: list[str] = []
    summary = records["summary"]
    tool = records["tool"]
    head = wrap(f"{tool['name']} {tool['version']}: {summary['articles']} articles, {summary['statements']} "
                f"statements, {summary['skipped']} skipped", "  ", "")
    name = f"{tool['name']} {tool['version']}"
    out.append(head[0].replace(name, style(name, bold=True), 1))
    out.extend(head[1:])
    findings = shown_findings(records, view)
    filtered, baselined = hidden_counts(records, len(findings))
    out.extend(wrap(_summary_line(summary), "  ", ""))
    if filtered:
        out.extend(wrap(f"showing {len(findings)} of {len(records['findings'])} findings ({view.describe()})", "  ", ""))
    if baselined:
        out.extend(wrap(f"{baselined} reviewed finding{'s' if baselined != 1 else ''} hidden by the baseline "
                        f"({records['settings'].get('baseline')})", "  ", ""))
    if records["skipped"]:
        out.append("")
        out.append(style("Skipped", bold=True))
        for s in records["skipped"]:
            out.extend(wrap(f"{s['path']}: {s['reason']}", "  "))
    out.append("")
    out.append(style("Findings", bold=True) + ("" if findings else ": none"))
    for f in findings:
        out.extend(_finding(f, style, wrap))
    out.append("")
    out.append(style("Articles", bold=True))
    for a in records["articles"]:
        published = a["published"] or "date unknown"
        if a["published_source"] and a["published"]:
            published += f" ({a['published_source']})"
        out.extend(wrap(f"{a['path']}  [{a['language']}]  {published}", "  "))
        if a["title"]:
            out.extend(wrap(_shorten(a["title"]), "      "))
    return "\n".join(out) + "\n"


class _Wrapper:
    """Lines wrapped at word boundaries (never inside a word), each piece
    isolated for bidi display on its own: a terminal lays out each line apart."""

    def __init__(self, width: int | None) -> None:
        self.width = width

    def __call__(self, text: str, indent: str, first: str | None = None) -> list[str]:
        first = indent if first is None else first
        if not self.width:
            return [first + _isolate(text)]
        pieces = textwrap.wrap(text, width=max(20, self.width), initial_indent=first, subsequent_indent=indent,
                               break_long_words=False, break_on_hyphens=False) or [first]
        out = []
        for n, piece in enumerate(pieces):
            prefix = first if n == 0 else indent
            out.append(prefix + _isolate(piece[len(prefix):]))
        return out


def _finding(f: dict, style, wrap: _Wrapper) -> list[str]:
    level = style(f["level"].upper(), fg=_LEVEL_COLOR.get(f["level"]), bold=True)
    verdict = style(f["verdict"], fg=_VERDICT_COLOR.get(f["verdict"]))
    origin = f["rule"] or (f"cluster {f['cluster']}" if f["cluster"] is not None else "discovered")
    head = wrap(f"{f['level'].upper()} {f['verdict']}  {origin}  ({f['kind']})  [{f['id']}]", "  ", "")
    lines = ["", head[0].replace(f"{f['level'].upper()} {f['verdict']}", f"{level} {verdict}", 1), *head[1:]]
    lines.extend(wrap(f["message"], "  "))
    for n, c in enumerate(f["claims"], start=1):
        lines.extend(wrap(f"[{n}] {c['path']}:{c['line']}:{c['column']}  (article {c['article']}, sentence "
                          f"{c['sentence']})", "      ", "  "))
        lines.extend(_evidence(c, wrap))
        if c.get("sentence_text") and c["sentence_text"] != c["text"]:
            lines.extend(wrap(_context(c["sentence_text"], c["text"]), "          ", "      in: "))
    reasons = f.get("reasons") or []
    for k, (i, j) in enumerate(f["conflicts"]):
        head = f"  ✗ [{i + 1}] vs [{j + 1}]"
        if k < len(reasons):
            why = wrap(_PAIR_PREFIX.sub("", reasons[k]), "      ", head + ": ")
            lines.append(why[0].replace(head, style(head, fg="red"), 1))
            lines.extend(why[1:])
        else:
            lines.append(style(head, fg="red"))
    unlisted = f.get("conflict_count", len(f["conflicts"])) - len(f["conflicts"])
    if unlisted > 0:
        lines.append(style(f"  ✗ and {unlisted} more conflicting pairs among these claims", fg="red"))
    for extra in reasons[len(f["conflicts"]):]:
        lines.extend(wrap(extra, "    ", "  · "))
    return lines


def _evidence(c: dict, wrap: _Wrapper) -> list[str]:
    """The quoted evidence and its reading; the quotation is isolated apart from the value."""
    quoted = _isolate("“" + c["text"] + "”")
    line = f"      {quoted}  =  {describe_value(c['value'])}"
    if not wrap.width or len(line) <= wrap.width:
        return [line]
    return [f"      {quoted}", *wrap("= " + _strip_isolates(describe_value(c["value"])), "        ")]


def _strip_isolates(text: str) -> str:
    return text.replace(FSI, "").replace(PDI, "")


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
