"""What input the checker accepts: sizes, file kinds, paths and metadata, checked before any work.

A newsroom CI gate runs on whatever lands in a folder: scraped pages, CMS
exports, a stray FIFO, a symbolic link to a file elsewhere, a 100 MB dump.
Each limit here skips or truncates with a reason, so a hostile or broken
item costs itself, never the batch, and never hangs the run. The figures are
far above real articles (the longest of the bench's 6,400 is 14 kB) and low
enough that the quadratic corners of reading (boilerplate, segmentation,
regular expressions) stay in milliseconds.
"""

from __future__ import annotations

import math
import os
import stat
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

MAX_ARTICLE_BYTES = 8 * 2**20  # a .txt/.md/.html file: larger is not one article
MAX_RECORDS_BYTES = 512 * 2**20  # a .json/.jsonl export of many articles
MAX_RECORDS = 100_000  # records read from one file; the rest skipped with one reason
MAX_ARTICLE_CHARS = 300_000  # article text kept; a longer text is cut (offsets stay valid)
MAX_STATEMENT_CHARS = 2_000  # a longer "sentence" (a table, a list run together) is cut in pieces
MAX_TITLE_CHARS = 500
EARLIEST = date(1800, 1, 1)  # before this, a "publication date" is a typo


class Refused(type(Path())):  # type: ignore[misc]  # PosixPath/WindowsPath: Path itself cannot be subclassed on 3.11
    """A path that is listed (so it is reported as skipped) but never opened; ``reason`` says why."""

    reason: str = ""

    @classmethod
    def of(cls, path: Path, reason: str) -> "Refused":
        p = cls(path)
        p.reason = reason
        return p


def refusal(path: Path, root: Path | None, follow_symlinks: bool, records: bool) -> str | None:
    """Why ``path`` (found under ``root``, or given itself) must not be read; None when it may be."""
    try:
        st = path.stat()  # follows links: a dangling or looping one fails here
    except OSError as exc:
        if path.is_symlink():
            return "a dangling or looping symbolic link"
        return f"cannot read: {exc.strerror or exc}"
    if stat.S_ISDIR(st.st_mode):
        return "a symbolic link to a folder (use --follow-symlinks to read it)"
    if not stat.S_ISREG(st.st_mode):
        # A FIFO or /dev/zero blocks or never ends; a socket cannot be read.
        return "not a regular file (a FIFO, device or socket)"
    if root is not None and not follow_symlinks:
        real, base = Path(os.path.realpath(path)), Path(os.path.realpath(root))
        if real != base and base not in real.parents:
            return "a symbolic link to a file outside the folder given (use --follow-symlinks to read it)"
    limit = MAX_RECORDS_BYTES if records else MAX_ARTICLE_BYTES
    if st.st_size > limit:
        return f"{st.st_size / 2**20:.0f} MB is over the {limit / 2**20:.0f} MB limit for one file"
    return None


def shown(path: Path) -> str:
    """A path as text that can always be printed and written to JSON (undecodable bytes as \\xNN)."""
    text = path.as_posix()
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return os.fsencode(text).decode("utf-8", "backslashreplace")


def clean_text(text: str) -> str:
    """Lone surrogates (from JSON escapes) become U+FFFD: they cannot be written as UTF-8."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogatepass").decode("utf-8", "replace")


def check_metadata(meta: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The metadata fields of usable type and range, and a warning for each one dropped."""
    out: dict[str, Any] = {}
    problems: list[str] = []
    for key, value in meta.items():
        if key == "published":
            out[key] = value  # parsed and range-checked by the reader (check_published)
            continue
        if isinstance(value, bool) or not isinstance(value, (str, int, float)) or (
                isinstance(value, float) and not math.isfinite(value)):
            problems.append(f"{key} is a {type(value).__name__}, not text; ignored")
            continue
        text = clean_text(str(value)).strip()
        if key == "title" and len(text) > MAX_TITLE_CHARS:
            text = text[:MAX_TITLE_CHARS] + "…"
        if key == "language" and not (text.isascii() and text.isalpha() and 2 <= len(text) <= 3):
            problems.append(f"language {text[:20]!r} is not a language code; ignored")
            continue
        if key == "source_url" and urlsplit(text).scheme.lower() not in ("http", "https"):
            problems.append(f"source_url {text[:40]!r} is not an http(s) address; ignored")
            continue
        if text:
            out[key] = text
    return out, problems


def check_published(value: date, today: date | None = None) -> str | None:
    """Why a publication date cannot be true (None if it can): before 1800, or after tomorrow."""
    today = today or date.today()
    if value < EARLIEST:
        return f"published {value.isoformat()} is before {EARLIEST.year}; ignored"
    if value > today + timedelta(days=1):
        return f"published {value.isoformat()} is in the future; ignored"
    return None
