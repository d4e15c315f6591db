"""The JSON report: the records as they are, in their fixed key order."""

from __future__ import annotations

import json


def render_json(records: dict) -> str:
    """Indented UTF-8 JSON (Arabic stays readable), one trailing newline."""
    return json.dumps(records, ensure_ascii=False, indent=2, allow_nan=False) + "\n"
