"""Reports: ``records.as_records`` builds the data; each format is a small module over it."""

from __future__ import annotations

from .records import PROBLEM_VERDICTS, SCHEMA_VERSION, as_records, problem_count
from .view import EVERYTHING, View

FORMATS = ("text", "html", "json", "sarif", "csv", "github")


def render(records: dict, fmt: str, *, color: bool = False, view: View = EVERYTHING, width: int | None = None) -> str:
    """The records in format ``fmt``; each format's module is imported only when asked for.

    ``view`` selects and orders the findings of the text, html, csv and github
    formats; json and sarif always hold every finding.
    """
    if fmt == "text":
        from .text import render_text

        return render_text(records, color=color, view=view, width=width)
    if fmt == "html":
        from .html import render_html

        return render_html(records, view=view)
    if fmt == "json":
        from .json import render_json

        return render_json(records)
    if fmt == "sarif":
        from .sarif import render_sarif

        return render_sarif(records)
    if fmt == "csv":
        from .csv import render_csv

        return render_csv(records, view=view)
    if fmt == "github":
        from .github import render_github

        return render_github(records, view=view)
    raise ValueError(f"unknown report format {fmt!r}; expected one of {', '.join(FORMATS)}")


__all__ = ["EVERYTHING", "FORMATS", "PROBLEM_VERDICTS", "SCHEMA_VERSION", "View", "as_records", "problem_count", "render"]
