"""Reports: ``records.as_records`` builds the data; each format is a small module over it."""

from __future__ import annotations

from .records import PROBLEM_VERDICTS, SCHEMA_VERSION, as_records, problem_count

FORMATS = ("text", "json", "sarif")


def render(records: dict, fmt: str, *, color: bool = False) -> str:
    """The records in format ``fmt``; optional formats are imported only when asked for."""
    if fmt == "text":
        from .text import render_text

        return render_text(records, color=color)
    if fmt == "json":
        from .json import render_json

        return render_json(records)
    if fmt == "sarif":
        from .sarif import render_sarif

        return render_sarif(records)
    raise ValueError(f"unknown report format {fmt!r}; expected one of {', '.join(FORMATS)}")


__all__ = ["FORMATS", "PROBLEM_VERDICTS", "SCHEMA_VERSION", "as_records", "problem_count", "render"]
