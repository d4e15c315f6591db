"""The command line: parse options, call api.check, render, exit. No logic of its own."""

from __future__ import annotations

import atexit
import gc
import os
import shutil
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import click

from . import __version__
from .datafiles import DataError
from .errors import EXIT_FINDINGS, EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, UserError
from .report import FORMATS

FAIL_ON = ("error", "warning", "suggestion", "never")


class _Group(click.Group):
    """Every user error, wherever it is raised, is one red line and exit code 2; a bug is one line and exit 3.

    Exit 1 means "findings" to a CI gate, so a crash must never end with it:
    an unexpected exception prints one line naming it, and its traceback only
    with ``--debug`` (or CONSISTENCY_DEBUG=1).
    """

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (UserError, DataError) as exc:
            click.secho(f"error: {exc}", fg="red", err=True)
            ctx.exit(EXIT_USAGE)
        except (click.exceptions.Exit, click.ClickException, click.exceptions.Abort, SystemExit):
            raise
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            ctx.exit(130)
        except Exception as exc:  # noqa: BLE001 - the last line of defence, by design
            if (ctx.obj or {}).get("debug") or os.environ.get("CONSISTENCY_DEBUG"):
                import traceback

                traceback.print_exc()
            click.secho(f"internal error: {type(exc).__name__}: {str(exc)[:300]} "
                        "(a bug in consistency; run with --debug for the traceback)", fg="red", err=True)
            ctx.exit(EXIT_INTERNAL)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="consistency", message="%(prog)s %(version)s")
@click.option("--debug", is_flag=True, help="Print the traceback of an internal error (exit code 3).")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """Check that news articles agree on dates, quantities and attributions."""
    ctx.obj = {"debug": debug}
    if ctx.invoked_subcommand == "check":
        from .config import find_config

        # .consistency.yaml or [tool.consistency], nearest first: its settings
        # become check's defaults, so a flag on the command line still wins.
        ctx.default_map = {"check": find_config().defaults}


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--rules", "rules_dir", type=click.Path(path_type=Path, file_okay=False),
              help="Folder of rule files (default: ./rules if it exists).")
@click.option("--no-rules", is_flag=True, help="Use no rule files: findings from clusters only.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="Report format (default: text, or what the --output file's suffix names).")
@click.option("--output", "-o", type=click.Path(path_type=Path, dir_okay=False), help="Write the report here instead of stdout.")
@click.option("--fail-on", type=click.Choice(FAIL_ON), default="error", show_default=True,
              help="Exit 1 if a conflict, update or unresolved finding is at or above this level.")
@click.option("--show", "show", default="all", show_default=True, metavar="VERDICT,...",
              help="Findings to show in text, html, csv and github reports: agree, conflict, single-source, "
                   "unresolved, update, problems (the last three) or all.")
@click.option("--min-level", type=click.Choice(["suggestion", "warning", "error"]), default="suggestion",
              show_default=True, help="Show only findings at or above this level (text, html, csv, github).")
@click.option("--color", "--colour", "color", type=click.Choice(["auto", "always", "never"]), default="auto",
              show_default=True, help="Colour in the text report; auto: on a terminal unless NO_COLOR is set.")
@click.option("--field", "fields", multiple=True, metavar="NAME=PATH",
              help="Where JSON records keep a field, e.g. --field text=body.html --field published=meta.date.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.option("--embedder", type=click.Choice(["use", "sentence-transformers", "tfidf"]), default="use", show_default=True)
@click.option("--model", help="Model name or path for --embedder sentence-transformers.")
@click.option("--cache-dir", type=click.Path(path_type=Path, file_okay=False), help="Embedding cache folder.")
@click.option("--no-cache", is_flag=True, help="Do not read or write the caches (vectors, mentions, reports).")
@click.option("--threshold", type=click.FloatRange(0.0, 1.0), callback=lambda c, p, v: _finite(p, v),
              hidden=True, help="No longer used: the link model decides which statements state one fact.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), help="Worker processes for reading, extraction and embedding (default: all cores).")
@click.option("--baseline", type=click.Path(path_type=Path, dir_okay=False),
              help="File of reviewed finding fingerprints: only new findings count.")
@click.option("--follow-symlinks", is_flag=True, help="Read symbolic links that lead out of the folders given.")
@click.pass_context
def check(ctx, paths, rules_dir, no_rules, fmt, output, fail_on, show, min_level, color, fields, quiet, embedder,
          model, cache_dir, no_cache, threshold, jobs, baseline, follow_symlinks) -> None:
    """Check the articles under PATH... and report where they agree and conflict.

    PATH may be - for standard input (one article, JSON or JSON lines).
    Settings may also come from .consistency.yaml or [tool.consistency] in
    pyproject.toml, in this folder or a parent; flags win.
    """
    from .api import Options
    from .api import check as run_check
    from .report import View, as_records, problem_count, render
    from .report.view import parse_verdicts

    if threshold is not None:
        click.echo("warning: --threshold is no longer used: the link model decides which statements "
                   "state one fact (consistency/data/link_model.json)", err=True)
    if no_rules:
        rules_dir = None
    elif rules_dir is None and Path("rules").is_dir():
        rules_dir = Path("rules")
    elif rules_dir is not None and not rules_dir.is_dir():
        raise UserError(f"{rules_dir}: no such rules directory")
    if baseline is not None and not baseline.is_file():
        raise UserError(f"{baseline}: no such baseline file")
    try:
        view = View(parse_verdicts(show), min_level)
    except ValueError as exc:
        raise UserError(f"--show {show}: {exc}") from None
    if output is not None and ctx.get_parameter_source("fmt") == click.core.ParameterSource.DEFAULT:
        fmt = _SUFFIX_FORMATS.get(output.suffix.lower(), fmt)
    options = Options(
        rules_dir=rules_dir, embedder=embedder, model=model, cache_dir=cache_dir,
        use_cache=not no_cache, threshold=None, jobs=jobs, follow_symlinks=follow_symlinks,
        fields=_parse_fields(fields),
    )
    with _progress(enabled=not quiet and sys.stderr.isatty(), color=_use_color(color, sys.stderr)) as progress:
        report = run_check(list(paths), options, progress=progress)
    if baseline is not None:
        from .baseline import apply_baseline

        report = apply_baseline(report, baseline)
    records = as_records(report)
    to_terminal = output is None and sys.stdout.isatty()
    colored = output is None and _use_color(color, sys.stdout)
    if fmt == "json":
        from .report.json import iter_json

        chunks = iter_json(records)  # written piece by piece: a large report is never one string
    else:
        width = shutil.get_terminal_size().columns if to_terminal else None
        chunks = iter([render(records, fmt, color=colored, view=view, width=width)])
    if output is None:
        try:
            if fmt == "json":
                sys.stdout.writelines(chunks)  # no colour to strip: click.echo per chunk only costs
            else:
                for chunk in chunks:
                    click.echo(chunk, nl=False, color=colored)
            sys.stdout.flush()
        except BrokenPipeError:
            # The reader (head, less) stopped early: not an error, but Python
            # would complain again when it flushes stdout at exit.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        except OSError as exc:  # a full disk or a closed stdout: the report is lost, say so
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise UserError(f"cannot write the report to standard output: {exc.strerror or exc}") from exc
    else:
        try:
            with output.open("w", encoding="utf-8") as out:
                out.writelines(chunks)
        except OSError as exc:
            raise UserError(f"{output}: cannot write the report: {exc.strerror or exc}") from exc
    sys.exit(EXIT_FINDINGS if problem_count(records, fail_on) else EXIT_OK)


_SUFFIX_FORMATS = {".html": "html", ".htm": "html", ".json": "json", ".sarif": "sarif", ".csv": "csv"}


def _parse_fields(fields: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """("text=body.html", ...) -> (("text", "body.html"), ...), checked against the known fields."""
    from .readers import field_paths

    pairs = []
    for item in fields:
        name, sep, path = item.partition("=")
        if not sep:
            raise UserError(f"--field {item}: expected NAME=PATH, e.g. --field text=body.html")
        pairs.append((name.strip(), path.strip()))
    field_paths(dict(pairs))  # a UserError for an unknown field or an empty path
    return tuple(pairs)


def _use_color(choice: str, stream) -> bool:
    """--color always/never; auto: a terminal, and neither NO_COLOR (no-color.org) nor TERM=dumb set."""
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _finite(param: click.Parameter, value: float | None) -> float | None:
    if value is not None and value != value:  # FloatRange lets NaN through: every comparison with it is False
        raise click.BadParameter("must be a number, not nan", param=param)
    return value


@main.group()
def rules() -> None:
    """Work with rule files."""


@rules.command("test")
@click.argument("directory", required=False, default="rules", type=click.Path(path_type=Path))
def rules_test(directory: Path) -> None:
    """Run each rule's test cases (tiny article sets with the expected verdict)."""
    try:
        from .rules_test import run
    except ImportError as exc:
        raise UserError(f"rule tests are not available in this version ({exc})") from exc
    if not directory.is_dir():
        raise UserError(f"{directory}: no such rules directory")
    sys.exit(run(directory))


@contextmanager
def _progress(enabled: bool, color: bool = True) -> Iterator:
    """A rich progress bar on stderr, one task per stage; None when disabled.

    Once every stage that reports progress is done, a last line names what
    is still running (matching and comparing), so the bar never sits at 100%
    with nothing said.
    """
    if not enabled:
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    tasks: dict[str, int] = {}
    console = Console(stderr=True, no_color=not color)
    with Progress(SpinnerColumn(), TextColumn("{task.description:<10}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=console, transient=True) as bar:

        def progress(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total)
            bar.update(tasks[stage], completed=done, total=total)
            if "embed" in tasks and FINISHING not in tasks and all(t.finished for t in bar.tasks):
                tasks[FINISHING] = bar.add_task(FINISHING, total=None)

        yield progress


FINISHING = "clustering, matching and comparing"


def run() -> None:
    """The console script: ``main`` in a process of its own, set up for a process that ends when it does.

    - One BLAS thread, unless OPENBLAS_NUM_THREADS says otherwise. Every
      product the checker makes is small or already runs on one thread
      (embedding batches, the neighbour search, forked workers); OpenBLAS
      otherwise starts a thread per core at numpy's import and keeps it
      spinning after each product. A cold check of the five seeds cost
      0.12-0.14 CPU-s more with its default (measured interleaved,
      bench/coldstart.py). One thread also gives the same numbers on any
      machine: with two, some vector-matrix products differed in their last
      bits (3.8e-6 on a synthetic one); the seeds' and the 21 dev stories'
      reports were identical either way.
    - No cyclic collector: the check itself runs with it paused (gc_pause.py),
      and what is left (imports, the report's text) makes no cyclic garbage
      worth a pass. At exit the objects are frozen, so the interpreter's last
      full collection walks none of them: the report is written and the
      caches closed by then, and the system frees the memory. Collections
      were 0.07-0.1 CPU-s of the seeds' check (the last alone 0.03-0.04).

    - Freed memory kept for reuse (``_keep_freed_memory``).
    - re's cache seeded with the patterns the last run compiled, and this
      run's kept at exit if it compiled new ones (regex_cache.seed_compiled).

    Only here, not in ``main``: tests and callers that run ``main`` in their
    own process keep their collector, their threads and their allocator.
    """
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # read once, when numpy is first imported (after this)
    gc.disable()
    atexit.register(gc.freeze)
    _keep_freed_memory()
    from . import regex_cache

    regex_cache.seed_compiled()
    atexit.register(regex_cache.remember_compiled)
    main()


# glibc's ceilings for its own adjustment (DEFAULT_MMAP_THRESHOLD_MAX on 64-bit, and twice it).
MMAP_THRESHOLD = 32 << 20
TRIM_THRESHOLD = 64 << 20


def _keep_freed_memory() -> None:
    """glibc's allocator set where its own adjustment ends up in any large run, from the start.

    glibc maps each allocation over 128 KiB afresh and unmaps it when freed,
    raising that threshold to the size of each mapped block freed (up to 32
    MiB), and gives a freed heap top of more than twice the threshold back to
    the system. Embedding makes a few MB of temporaries per batch of
    sentences, so in a small check every batch faulted new zeroed pages in
    (42,000 page faults in a cold check of the five seeds; 24,000 with this,
    0.05-0.07 CPU-s less). A large check reaches these values within its
    first batches anyway, so its memory is as before. Elsewhere than glibc,
    nothing is changed.
    """
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None)
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return
    m_trim_threshold, m_mmap_threshold = -1, -3  # malloc.h
    mallopt(m_mmap_threshold, MMAP_THRESHOLD)
    mallopt(m_trim_threshold, TRIM_THRESHOLD)


if __name__ == "__main__":  # pragma: no cover
    run()
