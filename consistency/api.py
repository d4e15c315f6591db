"""check(paths, options) -> Report: the whole pipeline, what the CLI and tests call.

One pass, left to right (see DESIGN.md). Each stage is a plain function from
its own module; this file only wires them and times them.
"""

from __future__ import annotations

import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator, Sequence

from . import __version__
from .gc_pause import paused_gc
from .later import Later
from .model import Corpus, Report


@dataclass(frozen=True)
class Options:
    rules_dir: Path | None = None  # None: no rules, discovery only
    embedder: str = "use"  # use | sentence-transformers | tfidf
    model: str | None = None  # model name or path for sentence-transformers
    cache_dir: Path | None = None  # None: the user cache folder
    use_cache: bool = True
    threshold: float | None = None  # no longer used: same-fact links come from the link model (match/link.py)
    jobs: int | None = None  # worker processes (reading, extraction, embedding); None: all cores
    discover: bool = True  # rule-free findings from clusters
    follow_symlinks: bool = False  # read links that lead out of the folders given
    fields: tuple[tuple[str, str], ...] = ()  # where JSON records keep each field (--field text=body)


Progress = Callable[[str, int, int], None]  # (stage, done, total)


@dataclass
class Timings:
    """Wall time per stage, filled in by check(); the benchmark reads it."""

    seconds: dict[str, float] = field(default_factory=dict)

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        t0 = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - t0


def check(
    paths: Sequence[str | Path],
    options: Options = Options(),
    *,
    progress: Progress | None = None,
    timings: Timings | None = None,
) -> Report:
    with paused_gc():  # see gc_pause.py: most of a run's objects live to its end
        return _check(paths, options, progress, timings or Timings())


def _check(paths, options: Options, progress: Progress | None, t: Timings) -> Report:
    from .embed import get_embedder
    from .embed.cache import default_dir as default_cache_dir
    from .extract import code_version
    from .ingest import input_files, warn_skipped
    from .result_cache import ResultCache, result_key
    from .rules import load_rules

    base = {  # an unknown backend fails here, before any work
        "embedder": get_embedder(options.embedder, options.model).model_id,
        "rules": str(options.rules_dir) if options.rules_dir else None,
        "tool_version": __version__,
    }
    results = key = files = None
    if options.use_cache:
        # The rule files' bytes are in the key, so a hit needs no rule loading:
        # the cached report was made from these very files by this very code.
        with t.stage("ingest"):
            results = ResultCache(options.cache_dir or default_cache_dir())
            shaping = dict(base, threshold=options.threshold, discover=options.discover, fields=list(options.fields))
            files = input_files([Path(p) for p in paths], options.follow_symlinks)  # listed once: ingest reads it
            key = result_key(files, options.rules_dir, shaping, code_version())
            cached = results.get(key)
        if cached is not None:
            warn_skipped(list(cached.skipped))
            return cached
    # Rules before the pipeline: a malformed rule file is a usage error before any slow work.
    with t.stage("rules"):
        rules = load_rules(options.rules_dir) if options.rules_dir else ()
    settings = dict(base, rule_count=len(rules))
    later = Later()  # the caches' writes, on the core that falls idle once embedding ends
    fragments: dict = {}  # id(finding) -> its encoding, for the report cache (match/finding_cache.py)
    try:
        report = _pipeline(paths, files, options, rules, settings, progress, t, later, fragments)
        if results is not None:
            with t.stage("report"):
                results.put(key, report, fragments)
    finally:
        with t.stage("report"):
            later.wait()  # a run that returns has left its caches complete
    return report


def _pipeline(paths, files, options: Options, rules, settings: dict, progress: Progress | None, t: Timings,
              later: Later, fragments: dict) -> Report:
    from .align import align
    from .match import match
    from .match.finding_cache import discover_cached
    from .match.findings import discover
    from .match.frame_cache import cached_frames
    from .match.group_cache import GroupCache
    from .match.incremental import Archive, active
    from .match.link_cache import LinkCache
    from .embed import embed_statements
    from .embed.cache import default_dir as default_cache_dir
    from .extract import code_version, extract_start
    from .ingest import ingest_segmented
    from .verdicts import judge_all, shared_links

    with t.stage("ingest"):  # segmentation included: both run per file, in worker processes on large inputs
        articles, skipped, statements = ingest_segmented([Path(p) for p in paths], progress, jobs=options.jobs, files=files,
                                                         follow_symlinks=options.follow_symlinks, fields=dict(options.fields),
                                                         cache_dir=(options.cache_dir or default_cache_dir()) if options.use_cache else None)
    # Extraction runs in a worker process while embedding goes on: the two are
    # independent, and embedding is the floor of the whole run's time.
    with t.stage("extract"):
        pending = extract_start(articles, statements, jobs=options.jobs, progress=progress,
                                cache_dir=(options.cache_dir or default_cache_dir()) if options.use_cache else None,
                                later=later)
    with t.stage("embed"):
        def embed_progress(stage: str, done: int, total: int) -> None:
            pending.running()  # takes in finished extraction chunks, so their progress shows too
            progress(stage, done, total)

        # Without a progress bar the chunks are taken in once embedding is done.
        vectors, embedder = embed_statements(statements, options, progress=embed_progress if progress else None,
                                             later=later)
    with t.stage("extract"):
        mentions = pending.result()
    corpus = Corpus(tuple(articles), statements, mentions)
    # Same-fact linking: frames, candidates, the link model, facts (match/).
    with t.stage("link"):
        # The archive's k-nearest lists (match/incremental.py): a batch added to a
        # checked archive extends them instead of searching every statement again.
        # Frames per article and link probabilities per pair are cached too; every run
        # scores through LinkCache, so cached and computed probabilities are the same bits.
        cache_dir = (options.cache_dir or default_cache_dir()) if options.use_cache else None
        archive = frames = groups = None
        if cache_dir is not None:
            archive = Archive(cache_dir, code_version())
            frames = cached_frames(corpus, cache_dir, code_version(), later)
            groups = GroupCache(cache_dir, code_version())
        scores = LinkCache(cache_dir, code_version(), embedder.model_id, articles)
        with active(archive):
            matching = match(corpus, vectors, embed=_window_embedder(options, embedder, later), frames=frames,
                             scores=scores, groups=groups)
        if archive is not None:
            later.add(archive.save)
            later.add(scores.save)
            later.add(groups.save)
        # Their saves are all they are still needed for: each is freed once its save has run, not
        # held through alignment and discovery, the run's memory peak (at 6,400 articles the link
        # cache's sorted keys and probabilities are 24 bytes per candidate pair).
        del archive, frames, groups, scores
        clusters = matching.clusters()
        corpus = Corpus(tuple(articles), statements, mentions, clusters)
    with t.stage("align"), shared_links():  # the corpus's role links gathered once for rules and discovery
        hits = None
        if cache_dir is not None and rules:  # each article's pattern hits, kept by its content (align_cache.py)
            from .align_cache import PatternCache

            hits = PatternCache(cache_dir, code_version(), options.rules_dir, later)
        claims = align(rules, corpus, vectors=vectors, embedder=embedder, matching=matching, hits=hits)
        findings = list(judge_all(rules, claims, corpus))
        if options.discover:
            # A statement a rule claims is covered for that rule's kind only.
            kinds = {r.id: r.extends for r in rules}
            covered: dict[str, set] = {}
            for rid, cs in claims.items():
                covered.setdefault(kinds[rid], set()).update((c.article_id, c.statement) for c in cs)
            if cache_dir is not None:  # each fact's finding cached by its content: only changed facts are judged
                findings.extend(discover_cached(matching, corpus, covered=covered, directory=cache_dir, code=code_version(),
                                                later=later, fragments=fragments))
            else:
                findings.extend(discover(matching, corpus, covered=covered))
    return Report(
        articles=tuple(articles),
        skipped=tuple(skipped),
        statements=statements,
        clusters=tuple(clusters),
        findings=tuple(sorted(findings, key=lambda f: (f.rule is None, f.rule or "", f.kind, f.id))),
        settings=settings,
    )


def _window_embedder(options: Options, embedder, later: Later):
    """Embeds the words around each value, through the vector cache like statements."""
    from .embed import embed_texts
    from .embed.cache import VectorCache, default_dir

    def embed(texts):
        if not options.use_cache:
            return embed_texts(texts, embedder, None, jobs=options.jobs)
        with VectorCache(options.cache_dir or default_dir()) as cache:
            return embed_texts(texts, embedder, cache, jobs=options.jobs, later=later)
    return embed
