"""Rule files for the generated stories (filled in once the rule format lands)."""

from __future__ import annotations

from pathlib import Path


def write_rules(rules_dir: Path, stories, templates) -> list[str]:
    return []
