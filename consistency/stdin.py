"""``consistency check -``: one article, a JSON document or JSON lines on standard input.

Standard input is read once per process and kept in a private temporary file,
so that every later step (the report cache's key, forked readers) reads it
like any other file. Its format is told by its content, since it has no
suffix: JSON lines, a JSON document, an HTML page, or else text (with
optional front matter). In the report it is ``<stdin>``, id ``stdin``.
"""

from __future__ import annotations

import atexit
import json
import shutil
import sys
import tempfile
from functools import lru_cache
from pathlib import Path

from .errors import UserError

STDIN = Path("-")
STDIN_SHOWN = "<stdin>"
STDIN_ID = "stdin"


@lru_cache(maxsize=1)
def stdin_file() -> Path:
    """A file holding standard input's bytes, named with the suffix its content calls for."""
    stream = sys.stdin
    if stream is None:
        raise UserError("-: there is no standard input to read an article from")
    if stream.isatty():
        raise UserError("-: standard input is a terminal; pipe an article in (consistency check - < article.txt)")
    raw = stream.buffer.read() if hasattr(stream, "buffer") else stream.read().encode("utf-8")
    folder = Path(tempfile.mkdtemp(prefix="consistency-stdin-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    path = folder / f"stdin{sniff_suffix(raw)}"
    path.write_bytes(raw)
    return path


def sniff_suffix(raw: bytes) -> str:
    """".jsonl", ".json", ".html" or ".txt", from the bytes themselves."""
    try:
        text = raw.decode("utf-8-sig").strip()
    except UnicodeDecodeError:
        return ".txt"  # a legacy encoding: the plain-text reader detects it
    if text[:1] in ("{", "["):
        try:
            json.loads(text)
            return ".json"
        except json.JSONDecodeError:
            pass
        try:  # the first line an object: JSON lines, whose bad lines are then skipped one by one
            json.loads(text.splitlines()[0])
            return ".jsonl"
        except json.JSONDecodeError:
            pass
    head = text[:2000].lower()
    if head.startswith(("<!doctype html", "<html")) or "<body" in head:
        return ".html"
    return ".txt"
