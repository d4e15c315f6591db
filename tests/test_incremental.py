"""Archive-incremental checking: a batch added to (or taken from) a checked archive gives exactly a cold run's report.

The caches at work: per-file reading and segmentation (read_cache.py), per-
article frames (match/frame_cache.py) and the archive's k-nearest lists
(match/incremental.py), on top of the vector and mention caches. Each case
compares the whole JSON report of a run on a warm cache with that of a run
with no cache at all, and checks the lists were extended, not searched again.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from consistency import align_cache
from consistency.api import Options, check
from consistency.match import incremental, link_cache, neighbours
from consistency.match.link import FEATURES, load_model
from consistency.report import as_records
from consistency.report.json import render_json

ROOT = Path(__file__).resolve().parent.parent
STORY = ROOT / "bench" / "corpora" / "beirut-port-explosion" / "articles"  # a dev story
RULES = ROOT / "rules"


def _json(report) -> str:
    return render_json(as_records(report))


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    """A folder of dev-story articles plus the seeds, three held back to be added, and a cache warmed on the rest."""
    root = tmp_path_factory.mktemp("archive")
    files = sorted(p for p in STORY.iterdir() if p.is_file())
    (root / "articles").mkdir()
    (root / "later").mkdir()
    for f in files[:-3]:
        shutil.copy(f, root / "articles" / f.name)
    for f in files[-3:]:
        shutil.copy(f, root / "later" / f.name)
    for f in (ROOT / "seeds").iterdir():
        shutil.copy(f, root / "articles" / f"seed-{f.name}")
    check([root / "articles"], _options(root))
    return root


def _story_folder(folder: Path, n: int) -> Path:
    """``folder``, made and holding the story's first ``n`` articles."""
    folder.mkdir()
    for f in sorted(p for p in STORY.iterdir() if p.is_file())[:n]:
        shutil.copy(f, folder / f.name)
    return folder


def _options(root: Path, cache: bool = True) -> Options:
    return Options(rules_dir=RULES, cache_dir=root / "cache", use_cache=cache, jobs=1)


@pytest.fixture
def extended(monkeypatch):
    """How many searches extended the archive's lists instead of searching every row."""
    calls = []
    real = incremental.extend
    monkeypatch.setattr(incremental, "extend", lambda *a, **kw: calls.append(1) or real(*a, **kw))
    return calls


@pytest.fixture
def scored(monkeypatch):
    """Pairs whose features were computed, per run (the rest came from the link cache)."""
    runs = [0]

    class Counted(link_cache.PairFeatures):
        def rows(self, a, b, sim):
            runs[-1] += len(a)
            return super().rows(a, b, sim)
    monkeypatch.setattr(link_cache, "PairFeatures", Counted)
    return runs


def _same_as_cold(root: Path, scored: list) -> str:
    scored.append(0)
    warm = _json(check([root / "articles"], _options(root)))
    scored.append(0)
    cold = _json(check([root / "articles"], _options(root, cache=False)))
    assert warm == cold
    assert 0 < scored[-2] < scored[-1] / 2, "the link cache scored most pairs again"
    return warm


def test_added_articles_give_a_cold_runs_report(archive, extended, scored):
    before = _json(check([archive / "articles"], _options(archive)))
    for f in (archive / "later").iterdir():
        shutil.copy(f, archive / "articles" / f.name)
    after = _same_as_cold(archive, scored)
    assert extended, "the archive's lists were searched again instead of extended"
    assert after != before


def test_a_removed_and_a_changed_article_give_a_cold_runs_report(archive, extended, scored):
    files = sorted((archive / "articles").glob("*.txt"))
    files[0].unlink()
    target = files[3]
    text = target.read_text(encoding="utf-8")
    changed = text.replace("2020", "2021", 1) if "2020" in text else text + "\nThe blast killed 219 people.\n"
    target.write_text(changed, encoding="utf-8")
    _same_as_cold(archive, scored)
    assert extended


def _unit(rng, n, d=48):
    x = rng.standard_normal((n, d)).astype(np.float32)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


@pytest.mark.parametrize("dim", [48, 512])  # 512: the embedder's size, searched through the codebook's cells
@pytest.mark.parametrize("change", ["add one", "add many", "remove", "replace", "shuffle", "add a copy"])
def test_extended_lists_equal_an_exact_search(tmp_path, change, dim, extended):
    """Row for row and bit for bit, with copies, ties and every kind of change."""
    from consistency.match import cells

    rng = np.random.default_rng(7)
    base = _unit(rng, 300, dim)
    base = np.concatenate([base, base[:12], np.repeat(base[20:21], 3, axis=0)])  # wire copies
    base[40] = base[41] * 1.0  # identical rows whose ties are decided by content
    after = {
        "add one": lambda v: np.concatenate([v, _unit(rng, 1, dim)]),
        "add many": lambda v: np.concatenate([_unit(rng, 40, dim), v]),
        "remove": lambda v: np.delete(v, [0, 5, 41, 77], axis=0),
        "replace": lambda v: np.concatenate([v[:9], _unit(rng, 1, dim), v[10:]]),
        "shuffle": lambda v: v[rng.permutation(len(v))],
        "add a copy": lambda v: np.concatenate([v, v[100:101]]),
    }[change](base)
    assert (cells.probes(after) is not None) == (dim == 512)
    archive = incremental.Archive(tmp_path, "test")
    with incremental.active(archive):
        neighbours.nearest_pairs(base, 12)
    archive.save()
    again = incremental.Archive(tmp_path, "test")
    with incremental.active(again):
        got = neighbours.nearest_pairs(after, 12)
    want = neighbours.nearest_pairs(after, 12)  # no archive: an exact search
    for g, w in zip(got, want):
        assert np.array_equal(g, w)
    assert extended and len(again.now) == 1 and len(again.now[0].ids) == len(np.unique(neighbours.row_ids(after), axis=0))


def test_row_by_row_probability_is_the_models():
    """link_cache.probability is LinkModel.probability, computed so that no batch changes its bits."""
    rng = np.random.default_rng(3)
    x = rng.standard_normal((5001, len(FEATURES)))
    model = load_model()
    for kind in model.coef:
        whole = link_cache.probability(model, kind, x)
        assert np.allclose(whole, model.probability(kind, x), rtol=1e-12, atol=0)
        part = rng.choice(len(x), size=777, replace=False)
        assert np.array_equal(link_cache.probability(model, kind, x[part]), whole[part])


def test_scoring_in_slices_gives_the_whole_kinds_bits(tmp_path, monkeypatch):
    """link_cache scores a kind's pairs a slice at a time from frames prepared once (link.PairFeatures):
    every slice's feature rows and probabilities are the bits of the whole kind's feature matrix."""
    import consistency.match as match_module
    from consistency.match.link import PairFeatures, features

    seen = []
    real = match_module.match
    monkeypatch.setattr(match_module, "match", lambda *a, **kw: seen.append(real(*a, **kw)) or seen[-1])
    monkeypatch.setattr(link_cache, "_ROWS", 97)  # many slices, the last one short
    check([_story_folder(tmp_path / "story", 12)], _options(tmp_path, cache=False))
    (matching,) = seen
    model = load_model()
    for kind, pairs in matching.pairs.items():
        assert len(pairs) > 97 * 3, kind
        fs, windows = matching.frames[kind], matching.windows.get(kind)
        whole = features(fs, pairs, windows, matching.nouns)
        assert np.array_equal(matching.probs[kind], link_cache.probability(model, kind, whole))
        prepared = PairFeatures(fs, windows, matching.nouns)
        odd = np.sort(np.random.default_rng(5).choice(len(pairs), size=len(pairs) // 3, replace=False))
        assert np.array_equal(prepared.rows(pairs.a[odd], pairs.b[odd], pairs.sim_at(odd)), whole[odd])
        assert np.array_equal(link_cache._score(model, kind, fs, pairs, odd, windows, matching.nouns),
                              link_cache.probability(model, kind, whole[odd]))


def test_unreadable_index_files_cost_a_search_not_the_run(tmp_path, caplog):
    """A truncated or foreign file in the archive folders is a cold search and a warning, never a wrong answer."""
    rng = np.random.default_rng(11)
    rows = _unit(rng, 80)
    archive = incremental.Archive(tmp_path, "v1")
    with incremental.active(archive):
        neighbours.nearest_pairs(rows, 5)
    archive.save()
    saved = next((tmp_path / incremental.FOLDER / "v1").glob("knn-*.npz"))
    saved.write_bytes(saved.read_bytes()[:100])
    again = incremental.Archive(tmp_path, "v1")
    with incremental.active(again):
        got = neighbours.nearest_pairs(rows, 5)
    assert all(np.array_equal(g, w) for g, w in zip(got, neighbours.nearest_pairs(rows, 5)))
    assert "not usable" in caplog.text
    newer = incremental.Archive(tmp_path, "v2")  # another code version: the old lists are dropped
    newer.now = again.now
    newer.save()
    assert not (tmp_path / incremental.FOLDER / "v1").exists()


def test_cached_files_warn_as_read_ones(tmp_path, monkeypatch):
    """The read cache answers unchanged files without segmenting them again, and replays their warnings."""
    import consistency.segment
    from consistency.ingest import ingest_segmented

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.md").write_text("---\npublished: sometime soon\n---\nThe bridge opened on 3 May 2021.\n",
                                          encoding="utf-8")
    (tmp_path / "in" / "b.txt").write_text("Officials said 40 trucks crossed the bridge.\n", encoding="utf-8")
    calls = []
    real = consistency.segment.segment
    monkeypatch.setattr(consistency.segment, "segment", lambda a: calls.append(a.id) or real(a))
    runs = []
    for _ in range(2):
        warned: list[str] = []
        runs.append((ingest_segmented([tmp_path / "in"], jobs=1, warn=warned.append, cache_dir=tmp_path / "cache"),
                     warned))
    (first, warned_first), (second, warned_second) = runs
    assert first == second and warned_first == warned_second
    assert any("sometime soon" in w for w in warned_first)
    assert sorted(calls) == ["a", "b"]  # the second run segmented nothing
    (tmp_path / "in" / "b.txt").write_text("Officials said 41 trucks crossed the bridge.\n", encoding="utf-8")
    third, _ = ingest_segmented([tmp_path / "in"], jobs=1, warn=None, cache_dir=tmp_path / "cache"), None
    assert sorted(calls) == ["a", "b", "b"] and "41" in third[2][-1].text


def test_rows_are_found_by_their_whole_content_id():
    """Two ids sharing their first half are still told apart; unknown ids are -1."""
    rng = np.random.default_rng(5)
    known = rng.integers(0, 2**63, size=(500, 2), dtype=np.uint64)
    known[5, 0] = known[6, 0]
    asked = np.concatenate([known[[6, 5, 0, 499]], rng.integers(0, 2**63, size=(2, 2), dtype=np.uint64)])
    asked[-1, 0] = known[7, 0]  # first half known, second not
    assert incremental._find(known, asked).tolist() == [6, 5, 0, 499, -1, -1]


def test_frames_of_known_articles_are_read_not_built(tmp_path, monkeypatch):
    """Every field of a frame round-trips through the frame cache, so a second run builds none.

    A Frame field of a type the cache did not know (the window's ``limits``
    tuple) once made every article a miss: the archive rebuilt all its frames
    on each added article (12 of 50 CPU-s at 1,600 articles).
    """
    from consistency import match as match_pkg

    folder = _story_folder(tmp_path / "articles", 6)
    options = Options(cache_dir=tmp_path / "cache", use_cache=True, jobs=1, rules_dir=None)
    first = _json(check([folder], options))
    built = []
    real = match_pkg.build_frames
    monkeypatch.setattr(match_pkg, "build_frames", lambda corpus: built.append(len(corpus.articles)) or real(corpus))
    (folder / "zz-note.txt").write_text("The port reopened on 12 August 2020, officials said.\n", encoding="utf-8")
    second = check([folder], options)
    assert built == [1], "frames of cached articles were built again"
    assert first != _json(second)  # the new article was read


def test_only_facts_an_added_article_touches_are_judged_again(tmp_path, monkeypatch):
    """Each fact's finding is cached by its content (match/finding_cache.py): a second run judges only
    the facts whose frames, links or role links changed, and its report is still a cold run's."""
    from consistency.match import findings

    folder = _story_folder(tmp_path / "articles", 10)
    options = Options(cache_dir=tmp_path / "cache", use_cache=True, jobs=1, rules_dir=None)
    judged = []
    real = findings.discover
    monkeypatch.setattr(findings, "discover", lambda m, c, **kw: judged.append(len(m.facts)) or real(m, c, **kw))
    first = check([folder], options)
    assert judged == [len(first.clusters)] and judged[0] > 5
    files = sorted(p for p in STORY.iterdir() if p.is_file())
    for f in files[:11]:
        shutil.copy(f, folder / f.name)
    second = check([folder], options)
    added = files[10].stem
    assert any(a.startswith(added[:12]) for c in second.clusters for a, _ in c.members)  # the new article joined a fact
    assert 0 < judged[1] < len(second.clusters) / 2, (judged, len(second.clusters))
    cold = _json(check([folder], Options(use_cache=False, jobs=1, rules_dir=None)))
    assert _json(second) == cold
    # The report cache was written from the records' encodings of the reused findings: read back, it is the same.
    third = check([folder], options)
    assert len(judged) == 3 and _json(third) == cold  # the cold run judged all; the third nothing


def test_findings_reused_under_another_folder_name_name_its_paths(tmp_path, monkeypatch):
    """The same articles checked from another folder (a copy, a link): findings come from the records,
    and their messages name the new paths, as a cold run's do."""
    from consistency.match import findings

    judged = []
    real = findings.discover
    monkeypatch.setattr(findings, "discover", lambda m, c, **kw: judged.append(len(m.facts)) or real(m, c, **kw))
    folder = _story_folder(tmp_path / "first", 8)
    options = Options(cache_dir=tmp_path / "cache", use_cache=True, jobs=1, rules_dir=None)
    check([folder], options)
    moved = shutil.copytree(folder, tmp_path / "second")
    again = check([moved], options)
    assert len(judged) == 1, "findings were judged again under the new folder name"
    assert any("second" in f.message for f in again.findings)
    assert not any("first" in f.message for f in again.findings)
    assert _json(again) == _json(check([moved], Options(use_cache=False, jobs=1, rules_dir=None)))
    assert _json(check([moved], options)) == _json(again)  # the report cache, read back


@pytest.fixture
def paired(monkeypatch):
    """The candidate pairs each run built, per kind: a list of {kind: (frame ids of a, of b, sims)} per run."""
    import consistency.match as match_pkg

    runs: list = []
    real = match_pkg.candidate_pairs

    def recorded(frames, row_of, vectors, **kw):
        pairs = real(frames, row_of, vectors, **kw)
        kind = frames[0].kind if len(frames) else None
        ident = [(f.key, f.mention.start) for f in frames]
        if runs:  # the run that fills the cache is not compared
            runs[-1][kind] = ([ident[i] for i in pairs.a], [ident[i] for i in pairs.b], pairs.sim.tolist())
        return pairs
    monkeypatch.setattr(match_pkg, "candidate_pairs", recorded)
    return runs


def _pairs_as_cold(root: Path, paired: list) -> dict:
    paired.append({})
    check([root / "articles"], _options(root))
    paired.append({})
    check([root / "articles"], _options(root, cache=False))
    warm, cold = paired[-2], paired[-1]
    assert set(warm) == set(cold) and any(len(v[0]) for v in cold.values())
    for kind in cold:
        # Same pairs in the same order. The similarities agree to float32 rounding only:
        # the embedder gives a new statement's vector 1-ulp different bits when it is
        # embedded with two articles than with all of them (seen on this story).
        assert warm[kind][:2] == cold[kind][:2], kind
        assert np.allclose(warm[kind][2], cold[kind][2], rtol=0, atol=1e-6), kind
    return warm


def test_candidate_pairs_after_adding_removing_and_changing_equal_a_cold_runs(tmp_path, paired, extended):
    root = tmp_path
    files = sorted(p for p in STORY.iterdir() if p.is_file())
    (root / "articles").mkdir()
    for f in files[:-2]:
        shutil.copy(f, root / "articles" / f.name)
    check([root / "articles"], _options(root))
    for f in files[-2:]:  # added
        shutil.copy(f, root / "articles" / f.name)
    _pairs_as_cold(root, paired)
    assert extended, "the archive's lists were searched again instead of extended"
    kept = sorted((root / "articles").glob("*.txt"))
    kept[1].unlink()  # removed
    text = kept[4].read_text(encoding="utf-8")  # changed: a sentence with a new count of the dead
    kept[4].write_text(text + "\nOfficials said on Friday that 231 people had died in the explosion.\n", encoding="utf-8")
    _pairs_as_cold(root, paired)


def test_the_same_files_under_another_folder_are_not_read_again(tmp_path, monkeypatch):
    """The file cache keys a file by its bytes, id and suffix, not the path shown (read_cache.py): a copy of
    the archive in another folder reads no file, and its report (paths included) is a cold run's."""
    from consistency import ingest

    folder = _story_folder(tmp_path / "first", 6)
    options = Options(cache_dir=tmp_path / "cache", use_cache=True, jobs=1, rules_dir=None)
    check([folder], options)
    moved = shutil.copytree(folder, tmp_path / "second")
    (moved / "zz-note.txt").write_text("The port reopened on 12 August 2020, officials said.\n", encoding="utf-8")
    read = []
    real = ingest._read_one
    monkeypatch.setattr(ingest, "_read_one", lambda entry, fields: read.append(entry[1]) or real(entry, fields))
    again = check([moved], options)
    assert [Path(p).name for p in read] == ["zz-note.txt"]
    assert all("second" in a.path for a in again.articles)
    assert _json(again) == _json(check([moved], Options(use_cache=False, jobs=1, rules_dir=None)))


def test_finding_records_of_facts_gone_are_pruned(tmp_path):
    """Each changed fact leaves its old record behind; past STALE_SHARE of the live ones they are dropped,
    the live ones kept (a run after the pruning judges nothing again)."""
    import sqlite3

    from consistency.match import finding_cache, findings

    folder = _story_folder(tmp_path / "articles", 8)
    files = sorted(folder.iterdir())
    options = Options(cache_dir=tmp_path / "cache", use_cache=True, jobs=1, rules_dir=None)
    db = tmp_path / "cache" / finding_cache.FILENAME

    def rows() -> int:
        with sqlite3.connect(db) as con:
            return con.execute("SELECT count(*) FROM findings").fetchone()[0]
    live = [len(check([folder], options).clusters)]
    seen = [rows()]
    assert seen[0] == live[0]
    target = folder / files[0].name
    text = target.read_text(encoding="utf-8")
    steps = 20  # enough changes for the stale rows to pass STALE_SHARE of the live ones (about 16 live facts; a change
    # leaves one or two stale rows, as many as the model splits the changed toll into)
    for n in range(steps):  # the same article said again and again with another toll: its facts change each time
        target.write_text(text + f"\nOfficials said {200 + n} people had died in the explosion.\n", encoding="utf-8")
        live.append(len(check([folder], options).clusters))
        seen.append(rows())
    assert all(s <= (1 + finding_cache.STALE_SHARE) * n for s, n in zip(seen, live)), (seen, live)
    assert max(seen) > seen[0] and any(b < a for a, b in zip(seen, seen[1:])), (seen, live)  # kept a while, then dropped
    judged = []
    real = findings.discover
    findings.discover = lambda m, c, **kw: judged.append(len(m.facts)) or real(m, c, **kw)
    try:
        target.write_text(text + f"\nOfficials said {200 + steps - 1} people had died in the explosion.\n", encoding="utf-8")
        check([folder], Options(cache_dir=tmp_path / "cache", use_cache=True, jobs=1, rules_dir=None, discover=True,
                                fields=(("text", "body"),)))  # another option: the report cache misses
    finally:
        findings.discover = real
    assert not judged, "live records were pruned"  # the last state again: every fact's record is there


def test_bulk_report_encoding_is_the_codecs(tmp_path):
    """result_cache writes statements, clusters and articles in one json.dumps each: the very bytes codec writes."""
    from consistency import codec, result_cache

    folder = _story_folder(tmp_path / "articles", 5)
    report = check([folder], Options(use_cache=False, jobs=1, rules_dir=None))
    bulk = result_cache._bulk(report)
    assert len(bulk) == 3
    assert codec.dumps_with(report, bulk) == codec.dumps(report)


def _graph(rng, n: int, m: int, strong: float = 0.0):
    """A random link graph on n frames: m unique pairs a < b and their probabilities (``strong``: share near 1)."""
    a, b = rng.integers(0, n, m), rng.integers(0, n, m)
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    code = np.unique(lo[lo < hi] * n + hi[lo < hi])
    p = rng.random(len(code))
    sure = rng.random(len(code)) < strong
    p[sure] = rng.uniform(0.9, 1.0, int(sure.sum()))
    return code // n, code % n, p


def _insert(rng, n, a, b, p, links: int):
    """The graph with a frame inserted at a random place (later frames shift up) and linked to ``links`` others."""
    at = int(rng.integers(0, n + 1))
    a, b = a + (a >= at), b + (b >= at)
    others = rng.integers(0, n + 1, links)
    others = others[others != at]
    a = np.concatenate([a, np.minimum(others, at)])
    b = np.concatenate([b, np.maximum(others, at)])
    p = np.concatenate([p, rng.uniform(0.5, 1.0, len(others))])
    _, first = np.unique(a * (n + 1) + b, return_index=True)
    return a[first], b[first], p[first]


@pytest.mark.parametrize("n,m,strong,seed", [(40, 60, 0.0, 1), (900, 1500, 0.3, 2), (2500, 9000, 0.5, 3),
                                             (3400, 4000, 0.0, 4), (1800, 20000, 0.9, 5)])
def test_group_cache_labels_are_group_frames(tmp_path, n, m, strong, seed):
    """GroupCache.group gives facts.group_frames's labels, cold and after a frame is inserted (the big
    graphs hold components over facts.DENSE_LIMIT, split by raising the cut), and reads unchanged components back."""
    from consistency.match.group_cache import GroupCache
    from consistency.match.facts import DENSE_LIMIT, components, group_frames

    rng = np.random.default_rng(seed)
    a, b, p = _graph(rng, n, m, strong)
    cut = 0.55
    first = GroupCache(tmp_path, "v")
    assert np.array_equal(first.group("date", n, a, b, p, cut), group_frames(n, a, b, p, cut))
    first.save()
    for step in range(2):  # two additions in turn, each on the previous one's cache
        a, b, p = _insert(rng, n, a, b, p, links=3)
        n += 1
        again = GroupCache(tmp_path, "v")
        assert np.array_equal(again.group("date", n, a, b, p, cut), group_frames(n, a, b, p, cut)), step
        again.save()
        keep = p >= cut
        count, comp = components(n, a[keep], b[keep])
        many = int((np.bincount(comp) >= 2).sum())
        assert again.grouped + again.reused >= many  # each component of the first level met once, and split ones' parts
        assert again.grouped <= 2 or again.reused > 0
    if m == 20000:
        assert np.bincount(comp).max() > DENSE_LIMIT  # the raising path was taken


def test_two_additions_in_turn_give_cold_reports_and_regroup_only_what_they_touch(tmp_path, monkeypatch):
    """An archive grown by one article, then by another: each report is a cold run's, byte for byte, and the
    second addition reads most components' groupings back (group_cache.py) instead of grouping them again."""
    from consistency.match import group_cache

    caches: list = []
    linkers: list = []
    real = group_cache.GroupCache.__init__
    real_links = link_cache.LinkCache.__init__

    def kept(self, *a, **kw):
        real(self, *a, **kw)
        caches.append(self)

    def kept_links(self, *a, **kw):
        real_links(self, *a, **kw)
        linkers.append(self)
    monkeypatch.setattr(group_cache.GroupCache, "__init__", kept)
    monkeypatch.setattr(link_cache.LinkCache, "__init__", kept_links)
    patterns: list = []
    real_patterns = align_cache.PatternCache.__call__

    def counted(self, *a, **kw):
        patterns.append(self)
        return real_patterns(self, *a, **kw)
    monkeypatch.setattr(align_cache.PatternCache, "__call__", counted)
    files = sorted(p for p in STORY.iterdir() if p.is_file())
    (tmp_path / "articles").mkdir()
    for f in files[:-2]:
        shutil.copy(f, tmp_path / "articles" / f.name)
    check([tmp_path / "articles"], _options(tmp_path))
    for f in files[-2:]:  # one, then the other
        shutil.copy(f, tmp_path / "articles" / f.name)
        warm = _json(check([tmp_path / "articles"], _options(tmp_path)))
        assert caches[-1].reused > caches[-1].grouped, "most components were grouped again"
        assert patterns[-1].found == 1 and patterns[-1].reused == len(list((tmp_path / "articles").iterdir())) - 1, "rules ran on old articles again"
        own = sum(len(rows) for _, _, rows in linkers[-1].windows_now.values())
        assert own > 0 and linkers[-1].windows_reused > own / 2, "most window vectors were looked up again"
        assert warm == _json(check([tmp_path / "articles"], _options(tmp_path, cache=False)))


def test_an_edited_or_moved_rule_file_is_another_pattern_cache_key(tmp_path):
    """The pattern cache (align_cache.py) keys every article's hits on the rule files: an edit of one byte, or a
    rule moved to another id, must never read the previous hits back."""
    rules = tmp_path / "rules"
    shutil.copytree(RULES, rules)
    first = align_cache.rules_digest(rules)
    assert align_cache.rules_digest(rules) == first
    one = sorted(rules.rglob("*.yaml"))[0]
    one.write_bytes(one.read_bytes() + b"\n")
    edited = align_cache.rules_digest(rules)
    assert edited != first
    one.rename(one.with_name("zz-" + one.name))
    assert align_cache.rules_digest(rules) not in (first, edited)
    assert align_cache.rules_digest(None) != first


def test_frame_rows_index_like_the_matrix_they_stand_for():
    """match.FrameRows (a frame's window row, else its statement's, without a copy per frame) gives the rows
    the (frames x d) matrix would: for index arrays, a boolean mask, a slice, one frame, and np.asarray."""
    from consistency.match import FrameRows

    rng = np.random.default_rng(7)
    vectors = rng.normal(size=(9, 4)).astype(np.float32)
    rows = np.array([0, 0, 2, 3, 3, 3, 8, 5], dtype=np.int64)  # frame -> statement row
    own = np.array([1, 4, 7], dtype=np.int64)  # frames with a window of their own
    own_rows = rng.normal(size=(3, 4)).astype(np.float32)
    matrix = vectors[rows]
    matrix[own] = own_rows
    lazy = FrameRows(vectors, rows, own, own_rows)
    assert len(lazy) == 8 and lazy.shape == (8, 4)
    for idx in (np.array([4, 0, 7, 7, 1]), np.arange(8)[::-1], np.array([], dtype=np.int64)):
        assert np.array_equal(lazy[idx], matrix[idx])
    assert np.array_equal(lazy[np.arange(8) % 3 == 0], matrix[np.arange(8) % 3 == 0])
    assert np.array_equal(lazy[2:6], matrix[2:6])
    assert np.array_equal(lazy[4], matrix[4]) and np.array_equal(lazy[5], matrix[5])
    assert np.array_equal(np.asarray(lazy), matrix) and np.array_equal(np.vstack([lazy, matrix[:1]])[:8], matrix)
    lazy[np.array([1, 2])][:] = 0  # rows handed out are copies: the view stays as it was
    assert np.array_equal(np.asarray(lazy), matrix)
    lazy[5][:] = 0
    assert np.array_equal(np.asarray(lazy), matrix) and np.array_equal(vectors[3], matrix[5])


def test_role_links_are_gathered_once_per_check(tmp_path, monkeypatch):
    """Rule judging, the finding cache's keys and discovery all read the corpus's role links: one walk
    of the archive's attributions serves them, with or without the caches, and the report is unchanged."""
    from consistency import entities

    calls = []
    real = entities.link_roles

    def counted(mentions):
        calls.append(1)
        return real(mentions)

    seeds = ROOT / "seeds"
    plain = _json(check([seeds], Options(rules_dir=RULES, use_cache=False, jobs=1)))
    monkeypatch.setattr(entities, "link_roles", counted)
    for cache in (False, True):
        calls.clear()
        report = check([seeds], Options(rules_dir=RULES, cache_dir=tmp_path / "cache", use_cache=cache, jobs=1))
        assert any(f.kind == "attribution" for f in report.findings)
        assert len(calls) == 1
        assert _json(report) == plain
