"""Claim frames on a table of Arabic and English sentences: anchor, role, modality, ordinal."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from consistency.extract import extract_article
from consistency.match.frames import frames_of
from consistency.model import Article, Statement

TABLE = yaml.safe_load((Path(__file__).parent / "fixtures" / "frames" / "table.yaml").read_text(encoding="utf-8"))["rows"]
PUBLISHED = date(2023, 6, 16)


def frame_for(row: dict):
    text = row["text"]
    article = Article("a", "a.txt", None, text, PUBLISHED, "front-matter", row["lang"], "0", ((0, len(text)),))
    statement = Statement("a", 0, text, 0, len(text))
    (mentions,) = extract_article(article, [statement])
    frames = frames_of(statement, mentions, row["lang"])
    found = [f for f in frames if row["value"] in f.mention.text or f.mention.text in row["value"]]
    assert found, f"no mention {row['value']!r} among {[f.mention.text for f in frames]}"
    return found[0]


@pytest.mark.parametrize("row", TABLE, ids=[f"{r['lang']}-{r['value']}" for r in TABLE])
def test_frame(row):
    """The frame of the row's value says what the row says (anchor, role, modality, ordinal, running)."""
    frame = frame_for(row)
    for key in ("anchor", "role", "modality", "ordinal", "running"):
        if key in row:
            assert getattr(frame, key) == row[key], f"{key}: {getattr(frame, key)!r} != {row[key]!r} ({row['text']})"
