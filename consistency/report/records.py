"""as_records(report) -> dict: the one JSON-ready structure every output format uses.

This is the contract editorial tools rely on (schema_version 2, README "JSON
report", consistency/report/schema.json). Everything here is plain data in a
fixed order, so the same input gives byte-identical output.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections import Counter

from .. import __version__
from ..gc_pause import paused_gc
from ..model import LEVELS, VERDICTS, Article, Claim, Finding, Report, Statement

SCHEMA_VERSION = 2
TOOL_NAME = "consistency"
# Verdicts that report a problem; agree and single-source never fail a CI run.
PROBLEM_VERDICTS: tuple[str, ...] = ("conflict", "update", "unresolved")


def as_records(report: Report) -> dict:
    """The report as plain JSON-ready data (dicts, lists, str, int, float, bool, None)."""
    with paused_gc():  # a container or more per claim, none of them cyclic (see gc_pause.py)
        return _records(report)


def _records(report: Report) -> dict:
    articles = {a.id: a for a in report.articles}
    statements = {s.key: s for s in report.statements}
    line_starts = {a.id: _line_starts(a.text) for a in report.articles}
    findings = [_finding(f, articles, statements, line_starts) for f in report.findings]
    by_verdict = Counter(f.verdict for f in report.findings)
    by_level = Counter(f.level for f in report.findings if f.verdict in PROBLEM_VERDICTS)
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": TOOL_NAME, "version": __version__},
        "settings": {k: _plain(report.settings[k]) for k in sorted(report.settings)},
        "articles": [_article(a) for a in report.articles],
        "skipped": [{"path": s.path, "reason": s.reason} for s in report.skipped],
        "findings": findings,
        "clusters": [
            {
                "id": c.id,
                "statements": [[a, i] for a, i in c.members],
                "articles": len({a for a, _ in c.members}),
            }
            for c in report.clusters
        ],
        "summary": {
            "articles": len(report.articles),
            "statements": len(report.statements),
            "skipped": len(report.skipped),
            "findings": {v: by_verdict.get(v, 0) for v in VERDICTS},
            # problems (conflict, update, unresolved) by level: what --fail-on counts
            "problems": {lv: by_level.get(lv, 0) for lv in reversed(LEVELS)},
        },
    }


def _article(a: Article) -> dict:
    return {
        "id": a.id,
        "path": a.path,
        "title": a.title,
        "language": a.language,
        "published": a.published.isoformat() if a.published else None,
        "published_source": a.published_source,
        "outlet": a.outlet,
        "source_url": a.source_url,
        "sha256": a.sha256,
    }


def _finding(f: Finding, articles: dict[str, Article], statements: dict, line_starts: dict) -> dict:
    return {
        "id": f.id,
        "rule": f.rule,
        "kind": f.kind,
        "verdict": f.verdict,
        "level": f.level,
        "message": f.message,
        "claims": [_claim(c, articles, statements, line_starts) for c in f.claims],
        "conflicts": list(map(list, f.conflicts)),
        "conflict_count": f.conflicts_total,
        "reasons": list(f.reasons),
        "cluster": f.cluster,
        **({"link": f.link} if f.link is not None else {}),
    }


def _claim(c: Claim, articles: dict[str, Article], statements: dict, line_starts: dict) -> dict:
    article = articles.get(c.article_id)
    statement: Statement | None = statements.get((c.article_id, c.statement))
    m = c.mention
    line, column = _line_column(line_starts.get(c.article_id, [0]), m.start)
    return {
        "article": c.article_id,
        "path": article.path if article else None,
        "sentence": c.statement,
        "start": m.start,
        "end": m.end,
        "line": line,
        "column": column,
        "text": m.text,
        "sentence_text": statement.text if statement else None,
        "value": _plain(m.value.to_json()),
    }


_AS_IS = frozenset({str, int, bool, type(None)})  # JSON already: most fields of most claims


def _plain(value):
    """JSON-safe data: tuples as lists, dates as ISO strings, no NaN or infinity
    (JSON has none: an open bound is null, its qualifier says which)."""
    kind = type(value)
    if kind in _AS_IS:
        return value
    if kind is dict:  # the values' to_json: string keys already
        # Fields that are JSON already are taken without a call: at 6,400 bench
        # articles the calls were two million, most of building the records.
        return {k if type(k) is str else str(k): v if type(v) in _AS_IS else _plain(v) for k, v in value.items()}
    if kind is float:
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, (str, int, float, bool)):
        return value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _line_starts(text: str) -> list[int]:
    starts = [0]
    pos = text.find("\n")
    while pos >= 0:
        starts.append(pos + 1)
        pos = text.find("\n", pos + 1)
    return starts


def _line_column(starts: list[int], offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of an offset, as editors count them."""
    i = bisect_right(starts, offset) - 1
    return i + 1, offset - starts[i] + 1


def problem_count(records: dict, fail_on: str) -> int:
    """How many findings are problems at or above ``fail_on`` ("never": none)."""
    if fail_on == "never":
        return 0
    threshold = LEVELS.index(fail_on)
    return sum(
        1
        for f in records["findings"]
        if f["verdict"] in PROBLEM_VERDICTS and LEVELS.index(f["level"]) >= threshold
    )
