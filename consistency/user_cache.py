"""The per-user folder for derived forms of shipped files (unpacked models, compiled regexes).

Not the report's --cache-dir (statements, vectors, results of one corpus):
what lives here depends only on the installed packages and the Python
running, is rebuilt from them when missing, and is shared by every corpus.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import IO, Callable

ENV = "CONSISTENCY_MODEL_CACHE"  # a folder, or "off" to always read and compile from the shipped files
BUDGET_ENV = "CONSISTENCY_MODEL_CACHE_MB"  # the folder's size kept after a write, in MiB
# Entries are keyed by what they were built from (a code version, a data
# file's text, an installed model file's size and time), so every upgrade
# and every virtualenv adds a set and nothing ever reads the old ones again:
# on a developer's machine the folder had grown to 6.1 GB in 2,759 files.
# One install's set is about 0.3 GB (the unpacked USE weights 0.16 of it).
DEFAULT_BUDGET_MB = 2048
_trimmed = False  # this process has trimmed the folder


def user_cache_home() -> Path:
    """$XDG_CACHE_HOME/consistency, else ~/.cache/consistency: where both caches live by default."""
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg).expanduser() if xdg else Path.home() / ".cache") / "consistency"


def model_cache_dir() -> Path | None:
    """$CONSISTENCY_MODEL_CACHE, else <user cache>/consistency/models; None when switched off."""
    chosen = os.environ.get(ENV)
    if chosen is not None:
        return None if chosen.strip().lower() in ("", "off", "0", "no") else Path(chosen).expanduser()
    return user_cache_home() / "models"


def keep(path: Path, fill: Callable[[IO[bytes]], None]) -> None:
    """Write one entry of the model cache (whole, then renamed), then trim the folder to its budget."""
    from .store import write_whole  # here: store imports sqlite3, which a cache hit never needs

    global _trimmed
    write_whole(path, fill)
    # Once per process: a cold start after an upgrade writes dozens of
    # entries, and listing a few thousand files each time would cost more
    # than the entries save. The folder exceeds its budget by at most one
    # process's writes (about 0.3 GB), until the next process trims it.
    if not _trimmed:
        _trimmed = True
        trim(Path(path).parent, spare=Path(path).name)


def budget_bytes() -> int:
    """$CONSISTENCY_MODEL_CACHE_MB in bytes (at least 1 MiB), else the default."""
    raw = os.environ.get(BUDGET_ENV, "").strip()
    try:
        mb = float(raw) if raw else DEFAULT_BUDGET_MB
    except ValueError:
        mb = DEFAULT_BUDGET_MB
    return int(max(mb, 1.0) * 1024 * 1024)


def trim(folder: Path, spare: str = "", budget: int | None = None) -> list[str]:
    """Delete the entries written longest ago until the folder fits its budget; the names deleted.

    Only after a write, so a run that finds everything cached never lists
    the folder. Oldest first by modification time: an entry is written once
    and then only read, so the oldest are those of upgrades and virtualenvs
    gone by. One still in use is built again by the next run that needs it
    (readers treat a missing file as not cached). ``spare`` (the entry just
    written) and files being written (".tmp-") are never deleted.
    """
    limit = budget_bytes() if budget is None else budget
    entries = []
    try:
        with os.scandir(folder) as it:
            for e in it:
                if e.name == spare or e.name.startswith(".tmp-") or not e.is_file(follow_symlinks=False):
                    continue
                st = e.stat(follow_symlinks=False)
                entries.append((st.st_mtime_ns, e.name, st.st_size))
        total = sum(size for _, _, size in entries)
        written = Path(folder) / spare
        if spare and written.is_file():
            total += written.stat().st_size
    except OSError:
        return []
    removed = []
    for _, name, size in sorted(entries):
        if total <= limit:
            break
        try:
            (Path(folder) / name).unlink()
        except OSError:
            continue  # another process removed it, or it is not ours to remove
        total -= size
        removed.append(name)
    return removed
