"""Paths to Articles: walk folders, read each format, drop boilerplate, detect language.

``ingest(paths) -> (articles, skipped)``. A folder is read recursively (hidden
files and folders left out); a file is read whatever its suffix. Formats by
suffix: .txt/.md (optional YAML front matter), .html/.htm (trafilatura), .json
and .jsonl (records with a ``text`` field, or where a CMS export keeps it:
readers.FIELD_PATHS); anything else is tried as plain text. ``-`` is standard
input: one article, a JSON document or JSON lines, told apart by content. A
file that cannot be read is skipped with one warning on stderr and listed in
the report; if nothing at all can be read, that is a UserError. A relative
``published`` date ("yesterday") is a UserError naming the file.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import sys
from pathlib import Path
from typing import Callable, Iterator

from .boilerplate import prose_regions
from .errors import UserError
from .lang import detect_language
from .limits import MAX_ARTICLE_CHARS, MAX_RECORDS, Refused, check_metadata, check_published, refusal, shown
from .model import Article, Skipped, Statement
from .readers import (
    Document,
    RelativeDate,
    Unreadable,
    decode,
    parse_published,
    read_html,
    read_plain,
    read_records,
)
from .stdin import STDIN, STDIN_ID, STDIN_SHOWN, stdin_file

Progress = Callable[[str, int, int], None]
Warn = Callable[[str], None]
Files = list[tuple[Path, str, str]]  # (file, path as shown, id)

HTML = {".html", ".htm", ".xhtml"}
RECORDS = {".json": False, ".jsonl": True, ".ndjson": True}
# A title is a short first line; a long one is the lead sentence of an untitled text.
MAX_TITLE = 200


def _stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def ingest(
    paths: list[Path],
    progress: Progress | None = None,
    *,
    warn: Warn | None = _stderr,
    files: Files | None = None,
    follow_symlinks: bool = False,
    fields: dict[str, str] | None = None,
) -> tuple[list[Article], list[Skipped]]:
    """Read every article under ``paths``; ids are unique and stable across runs.

    ``files``: ``input_files(paths)``, when the caller has listed them already.
    ``fields``: where JSON records keep each field (``--field text=body``).
    """
    files = list(_files(paths, follow_symlinks)) if files is None else files
    articles: list[Article] = []
    skipped: list[Skipped] = []
    for done, (file, shown, ident) in enumerate(files, start=1):
        for item in _read_file(file, shown, ident, warn, fields):
            (articles if isinstance(item, Article) else skipped).append(item)
        if progress:
            progress("ingest", done, len(files))
    return _settle(paths, articles, skipped, warn), skipped


def _settle(paths: list[Path], articles: list[Article], skipped: list[Skipped], warn: Warn | None) -> list[Article]:
    """Warn about the skipped files; the articles with unique ids, or a UserError when there are none."""
    warn_skipped(skipped, warn)
    if not articles:
        where = ", ".join(str(p) for p in paths)
        detail = f" ({len(skipped)} file(s) skipped)" if skipped else ""
        raise UserError(f"no readable article in {where}{detail}")
    return _unique(articles)


MIN_PARALLEL_FILES = 400  # below this, forking readers costs more than it saves


def ingest_segmented(
    paths: list[Path],
    progress: Progress | None = None,
    *,
    jobs: int | None = None,
    warn: Warn | None = _stderr,
    files: Files | None = None,
    follow_symlinks: bool = False,
    fields: dict[str, str] | None = None,
    cache_dir: Path | None = None,
) -> tuple[list[Article], list[Skipped], tuple[Statement, ...]]:
    """``ingest`` and ``segment.segment`` in one pass, in forked worker processes on large inputs.

    Same articles, skipped files and statements, in the same order, as
    ingesting and then segmenting in this process: both are per file, and on
    two cores they were 17 of 400 s at 6,400 articles. With ``cache_dir``,
    each file's result (and its warnings, replayed) is kept by its bytes
    (read_cache.py): a batch added to an archive reads only its new files.
    """
    from .read_cache import ReadCache

    files = list(_files(paths, follow_symlinks)) if files is None else files
    cache = ReadCache(cache_dir) if cache_dir is not None else None
    done: dict[int, tuple[list, list[str]]] = cache.get(files, fields) if cache is not None else {}
    todo = [i for i in range(len(files)) if i not in done]
    fresh = _read_many([files[i] for i in todo], jobs, fields, progress, len(files) - len(todo), len(files))
    done.update(zip(todo, fresh))
    if cache is not None and todo:
        cache.put([(files[i], done[i]) for i in todo], fields)
    read: list[tuple[Article | Skipped, list[Statement]]] = []
    for i in range(len(files)):
        part, warnings = done[i]
        for message in warnings:
            if warn:
                warn(message)
        read.extend(part)
    articles = [item for item, _ in read if isinstance(item, Article)]
    skipped = [item for item, _ in read if isinstance(item, Skipped)]
    unique = _settle(paths, articles, skipped, warn)
    statements: list[Statement] = []
    from .segment import segment

    for before, after, (_, sts) in zip(articles, unique, (r for r in read if isinstance(r[0], Article))):
        # A renamed duplicate id (a.txt and a.md) is segmented again under its new id.
        statements.extend(sts if after.id == before.id else segment(after))
    return unique, skipped, tuple(statements)


def _read_many(files: Files, jobs: int | None, fields, progress: Progress | None, base: int, total: int) -> list:
    """Per file: ([(article or skipped, statements)], warnings), in forked workers when there are many."""
    from .extract import cores

    workers = min(jobs or cores(), len(files) // (MIN_PARALLEL_FILES // 2))
    if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        out = []
        for n, f in enumerate(files, start=1):
            out.append(_read_one(f, fields))
            if progress:
                progress("ingest", base + n, total)
        return out
    global _FORKED
    step = -(-len(files) // (8 * workers))
    _FORKED = (files, fields)
    out = []
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            chunks = [(lo, min(lo + step, len(files))) for lo in range(0, len(files), step)]
            for (lo, hi), part in zip(chunks, pool.imap(_read_and_segment, chunks)):
                out.extend(part)
                if progress:
                    progress("ingest", base + hi, total)
    finally:
        _FORKED = None
    return out


_FORKED = None  # (files, fields) for forked readers


def _read_and_segment(bounds: tuple[int, int]) -> list:
    files, fields = _FORKED
    return [_read_one(f, fields) for f in files[bounds[0] : bounds[1]]]


def _read_one(entry: tuple[Path, str, str], fields) -> tuple[list, list[str]]:
    """One file's (article or skipped, statements) items and the warnings reading it gave, in order."""
    from .segment import segment

    file, shown, ident = entry
    warnings: list[str] = []
    items = [(item, segment(item) if isinstance(item, Article) else [])
             for item in _read_file(file, shown, ident, warnings.append, fields)]
    return items, warnings


def input_files(paths: list[Path], follow_symlinks: bool = False) -> Files:
    """(file, path as shown, id) of every file ``ingest(paths)`` reads, in its order."""
    return list(_files(paths, follow_symlinks))


def warn_skipped(skipped: list[Skipped], warn: Warn | None = _stderr) -> None:
    for s in skipped:
        if warn:
            warn(f"warning: {s.path}: skipped: {s.reason}")


def _files(paths: list[Path], follow_symlinks: bool = False) -> Iterator[tuple[Path, str, str]]:
    """(file, path as shown, id) for every file to read, in a stable order.

    Entries that must not be opened (a FIFO, a device, a dangling link, a link
    out of the folder, a file over the size limit) are listed as ``Refused``
    paths, so that they are reported as skipped and never read.
    """
    seen: set[Path] = set()
    for root in paths:
        if root == STDIN:
            if STDIN not in seen:
                seen.add(STDIN)
                yield stdin_file(), STDIN_SHOWN, STDIN_ID
            continue
        if not root.exists() and not root.is_symlink():
            raise UserError(f"{shown(root)}: no such file or directory")
        if root.is_dir():
            found = sorted(
                (f for f in _walk(root, follow_symlinks) if not _hidden(f.relative_to(root))),
                key=lambda f: f.relative_to(root).as_posix(),
            )
            for f in found:
                real = Path(os.path.realpath(f))  # never raises, even on a link loop
                if real not in seen:
                    seen.add(real)
                    yield _admit(f, root, follow_symlinks), shown(f), shown(f.relative_to(root).with_suffix(""))
        elif (real := Path(os.path.realpath(root))) not in seen:
            seen.add(real)
            yield _admit(root, None, follow_symlinks), shown(root), shown(Path(root.stem))


def _walk(root: Path, follow_symlinks: bool) -> Iterator[Path]:
    """Every entry below ``root`` that is not a folder (files, links, FIFOs...), links to folders not entered."""
    for folder, dirs, names in os.walk(root, followlinks=follow_symlinks):
        base = Path(folder)
        for d in dirs:
            if (base / d).is_symlink() and not follow_symlinks:
                yield base / d  # refused below: a link to a folder is not followed
        for name in names:
            yield base / name


def _admit(path: Path, root: Path | None, follow_symlinks: bool) -> Path:
    reason = refusal(path, root, follow_symlinks, records=path.suffix.lower() in RECORDS)
    return path if reason is None else Refused.of(path, reason)


def _hidden(rel: Path) -> bool:
    return any(part.startswith(".") for part in rel.parts)


def _unique(articles: list[Article]) -> list[Article]:
    """Two files can share an id (a.txt and a.md, or two roots): number the later ones."""
    count: dict[str, int] = {}
    out = []
    for a in articles:
        n = count.get(a.id, 0) + 1
        count[a.id] = n
        if n > 1:
            from dataclasses import replace

            a = replace(a, id=f"{a.id}~{n}")
        out.append(a)
    return out


def _read_file(
    file: Path, shown: str, ident: str, warn: Warn | None, fields: dict[str, str] | None = None
) -> Iterator[Article | Skipped]:
    if isinstance(file, Refused):
        yield Skipped(shown, file.reason)
        return
    try:
        raw = file.read_bytes()
    except OSError as exc:
        yield Skipped(shown, f"cannot read: {exc.strerror or exc}")
        return
    try:
        suffix = file.suffix.lower()
        if RECORDS.get(suffix) and b"\x00" in raw:  # JSONL: read_records skips the NUL lines alone
            text = raw.decode("utf-8", "replace")
        else:
            text, _encoding = decode(raw)
        if suffix in RECORDS:
            for n, item in enumerate(read_records(text, lines=RECORDS[suffix], fields=fields)):
                if n == MAX_RECORDS:
                    yield Skipped(shown, f"records after the first {MAX_RECORDS:,} were not read (the limit per file)")
                    return
                if isinstance(item, Unreadable):
                    record = item.args[1] if len(item.args) > 1 else None
                    yield Skipped(f"{shown}#{record}" if record else shown, str(item.args[0]))
                    continue
                rid = f"{ident}#{item.record}" if item.record else ident
                rpath = f"{shown}#{item.record}" if item.record else shown
                yield _article(item, rid, rpath, hashlib.sha256(item.record_bytes or b"").hexdigest(), warn)
            return
        doc = read_html(text) if suffix in HTML else read_plain(text)
        yield _article(doc, ident, shown, hashlib.sha256(raw).hexdigest(), warn)
    except Unreadable as exc:
        yield Skipped(shown, str(exc))
    except RecursionError:
        yield Skipped(shown, "nested too deeply to read")


def _article(doc: Document, ident: str, shown: str, sha: str, warn: Warn | None) -> Article:
    text, meta = doc.text, doc.meta
    meta, problems = check_metadata(meta)
    if len(text) > MAX_ARTICLE_CHARS:
        # Cut, not skipped: the evidence in the first 300,000 characters still
        # counts, and every offset into what is kept stays true.
        problems.append(f"{len(text):,} characters; only the first {MAX_ARTICLE_CHARS:,} are checked")
        text = text[:MAX_ARTICLE_CHARS]
    for problem in problems:
        if warn:
            warn(f"warning: {shown}: {problem}")
    regions = tuple(prose_regions(text, doc.body_start))
    if not regions:
        raise Unreadable("no article text left after removing web boilerplate")
    prose = "\n".join(text[s:e] for s, e in regions)
    published, source = None, None
    if "published" in meta:
        try:
            published = parse_published(meta["published"])
        except RelativeDate as exc:
            raise UserError(f"{shown}: {exc}") from None
        wrong = check_published(published) if published is not None else None
        if wrong:
            published = None
            if warn:
                warn(f"warning: {shown}: {wrong}")
        elif published is None and warn:
            warn(f"warning: {shown}: published {str(meta['published'])[:40]!r} is not a date; ignored")
        elif published is not None:
            source = doc.meta_source
    if published is None:
        from .extract.dates import infer_publication_date

        # From the body only: the front matter's own rejected "published:" is no dateline.
        found = infer_publication_date(text[doc.body_start:])
        if found and check_published(found[0]) is None:
            published, evidence = found
            source = f"inferred: {evidence}"
    title = meta.get("title")
    if title is None:
        first = text[regions[0][0]:regions[0][1]].strip()
        title = first if len(first) <= MAX_TITLE else None
    return Article(
        id=ident,
        path=shown,
        title=title,
        text=text,
        published=published,
        published_source=source,
        language=meta.get("language") or detect_language(prose),
        sha256=sha,
        regions=regions,
        outlet=meta.get("outlet"),
        source_url=meta.get("source_url"),
    )
