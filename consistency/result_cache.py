"""The last few reports, keyed by everything that decides them: a re-run on an unchanged batch is a file read.

CI gates and editors re-run the checker on the same batch (another output
format, a baseline, a second look). The report is a pure function of the
input files' bytes and paths, the rule files, the options that shape it and
the code and data of the checker (``extract.code_version``, a digest of every
module and data file), so when none of those changed, the previous report is
the answer. Any change, down to one byte of one article or rule, is a new
key, and the run goes through the pipeline (whose own caches then make the
unchanged articles cheap: mentions and vectors are cached per text).

Stored as one JSON file per key under ``<cache dir>/reports/`` (``codec``:
data only, so a file placed there can never run code), written to a
temporary file and renamed (a killed run leaves no half file), the oldest
pruned beyond ``KEEP``. A file that cannot be read is a miss with a warning,
and is replaced.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import os
from pathlib import Path
from typing import Iterable

from . import codec
from .model import Report
from .store import write_whole

log = logging.getLogger(__name__)

KEEP = 4  # reports kept: a few batches or option sets in turn stay warm
FOLDER = "reports"
SUFFIX = ".report.json"


def result_key(files: Iterable[tuple[Path, str, str]], rules_dir: Path | None, settings: dict, code: str) -> str:
    """Digest of the inputs (path shown, id, bytes), the rule files, the settings and the code version."""
    h = hashlib.sha256()
    h.update(f"code\0{code}\0".encode())
    for name in sorted(settings):
        h.update(f"setting\0{name}\0{settings[name]!r}\0".encode())
    for file, shown, ident in files:
        h.update(f"file\0{shown}\0{ident}\0".encode())
        h.update(_digest(file))
    if rules_dir is not None:
        for rule in sorted(p for p in Path(rules_dir).rglob("*") if p.is_file()):
            h.update(f"rule\0{rule.relative_to(rules_dir).as_posix()}\0".encode())
            h.update(_digest(rule))
    return h.hexdigest()


def _digest(path: Path) -> bytes:
    if getattr(path, "reason", None):  # limits.Refused: never opened (a FIFO would block here)
        return f"refused:{path.reason}".encode()
    try:
        return hashlib.sha256(path.read_bytes()).digest()
    except OSError as exc:  # unreadable now: part of the key, so it never matches a readable state
        return f"unreadable:{exc.errno}".encode()


class ResultCache:
    def __init__(self, directory: Path):
        self.folder = Path(directory) / FOLDER

    def get(self, key: str) -> Report | None:
        path = self.folder / f"{key}{SUFFIX}"
        try:
            report = codec.loads(path.read_bytes())
        except FileNotFoundError:
            return None
        except Exception as exc:  # truncated, another build's classes: run the pipeline instead
            log.warning("cached report %s is not usable, checking again: %s", path, exc)
            return None
        if not isinstance(report, Report):
            return None
        try:
            os.utime(path)  # recently used: pruned last
        except OSError:
            pass
        return report

    def put(self, key: str, report: Report, fragments=None) -> None:
        """``fragments``: id(object of the report) -> its encoding, made earlier (cached findings)."""
        try:
            blob = codec.dumps_with(report, {**(fragments or {}), **_bulk(report)})
            write_whole(self.folder / f"{key}{SUFFIX}", lambda f: f.write(blob))
            self._prune()
        except (OSError, codec.CodecError) as exc:  # costs the next run time, never this run
            log.warning("could not keep the report in %s: %s", self.folder, exc)

    def _prune(self) -> None:
        kept = sorted(self.folder.glob(f"*{SUFFIX}"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
        for old in kept[KEEP:]:
            old.unlink(missing_ok=True)


# The three big plain tuples of a report, encoded as ``codec`` encodes them but each in one ``json.dumps``
# of rows built by comprehension: the generic encoder's call per field was 2 of the 4.5 CPU-s of writing the
# report of 1,600 articles (on every added article). A class whose fields are not these takes the codec's way.
_STATEMENT = ("article_id", "index", "text", "start", "end", "norm")
_CLUSTER = ("id", "members")
_ARTICLE = ("id", "path", "title", "text", "published", "published_source", "language", "sha256", "regions",
            "outlet", "source_url")


def _bulk(report: Report) -> dict[int, bytes]:
    from .model import Article, Cluster, Statement

    def names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in dataclasses.fields(cls) if f.init)

    def tagged(rows: list) -> bytes:
        return json.dumps({"~t": rows}, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")

    out: dict[int, bytes] = {}
    if names(Statement) == _STATEMENT and all(type(s) is Statement for s in report.statements):
        out[id(report.statements)] = tagged([{"~C": "Statement", "f": [s.article_id, s.index, s.text, s.start, s.end,
                                                                      s.norm]} for s in report.statements])
    if names(Cluster) == _CLUSTER and all(type(c) is Cluster for c in report.clusters):
        out[id(report.clusters)] = tagged([{"~C": "Cluster", "f": [c.id, {"~t": [{"~t": [a, i]} for a, i in c.members]}]}
                                           for c in report.clusters])
    if names(Article) == _ARTICLE and all(type(a) is Article for a in report.articles):
        out[id(report.articles)] = tagged([{"~C": "Article", "f": [
            a.id, a.path, a.title, a.text, {"~d": a.published.isoformat()} if a.published is not None else None,
            a.published_source, a.language, a.sha256, {"~t": [{"~t": list(r)} for r in a.regions]}, a.outlet,
            a.source_url]} for a in report.articles])
    return out
