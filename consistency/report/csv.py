"""CSV for spreadsheets: one row per claim, the finding's fields repeated on each.

A fact-checker sorts and filters the rows in a spreadsheet; every row carries
enough to stand alone: the finding (id, rule, kind, verdict, level, message),
the article (path, title, outlet, published), where the evidence is (line,
column, character offsets), the evidence itself, its sentence and its
normalized value, both as a short reading and as JSON.

Article text is untrusted: a cell that starts with ``=``, ``+``, ``-``, ``@``
or a tab would be run as a formula by a spreadsheet (CSV injection), so such
a cell gets a leading apostrophe, which spreadsheets show as text. The
character offsets still locate the evidence in the article.
"""

from __future__ import annotations

import csv
import io
import json

from .text import _strip_isolates, describe_value
from .view import EVERYTHING, View, shown_findings

COLUMNS = (
    "finding", "rule", "kind", "verdict", "level", "message", "claim", "in_conflict",
    "article", "path", "title", "outlet", "published", "line", "column", "start", "end",
    "text", "value", "value_json", "sentence",
)


def render_csv(records: dict, *, view: View = EVERYTHING) -> str:
    """The claims of the findings ``view`` keeps as CSV (RFC 4180: CRLF rows, a header row)."""
    articles = {a["id"]: a for a in records["articles"]}
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for f in shown_findings(records, view):
        in_conflict = {i for pair in f["conflicts"] for i in pair}
        for n, c in enumerate(f["claims"]):
            a = articles.get(c["article"], {})
            writer.writerow(_cell(v) for v in (
                f["id"], f["rule"] or "", f["kind"], f["verdict"], f["level"], f["message"], n + 1,
                "yes" if n in in_conflict else "no",
                c["article"], c["path"] or "", a.get("title") or "", a.get("outlet") or "", a.get("published") or "",
                c["line"], c["column"], c["start"], c["end"],
                c["text"], _strip_isolates(describe_value(c["value"])),
                json.dumps(c["value"], ensure_ascii=False, sort_keys=True), c["sentence_text"] or "",
            ))
    return out.getvalue()


_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _cell(value):
    return "'" + value if isinstance(value, str) and value.startswith(_FORMULA) else value
