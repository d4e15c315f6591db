"""The report cache: an unchanged batch is answered from disk; any change to what decides the report runs the pipeline."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import consistency.api
from consistency.api import Options, check
from consistency.result_cache import FOLDER, KEEP, SUFFIX

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
RULES = ROOT / "rules"


@pytest.fixture
def batch(tmp_path):
    """A private copy of the seeds and rules (the tests edit them) and an empty cache folder."""
    shutil.copytree(SEEDS, tmp_path / "articles")
    shutil.copytree(RULES, tmp_path / "rules")
    return tmp_path


def options(batch: Path, **kw) -> Options:
    return Options(rules_dir=batch / "rules", embedder="tfidf", cache_dir=batch / "cache", jobs=1, **kw)


@pytest.fixture
def segment_calls(monkeypatch):
    """The articles of every pipeline run (a run the report cache does not answer checks every article).

    Counted at the pipeline, not at segmentation: the per-file read cache
    (read_cache.py) segments only files it has not seen.
    """
    calls = []
    real = consistency.api._pipeline

    def counted(*args, **kw):
        report = real(*args, **kw)
        calls.extend(a.id for a in report.articles)
        return report
    monkeypatch.setattr(consistency.api, "_pipeline", counted)
    return calls


def test_unchanged_batch_is_read_back(batch, segment_calls):
    """A second run over the same files, rules and options returns an equal report without running the pipeline."""
    first = check([batch / "articles"], options(batch))
    ran = len(segment_calls)
    assert ran == 5
    second = check([batch / "articles"], options(batch))
    assert len(segment_calls) == ran
    assert second == first
    assert any(f.verdict == "agree" for f in second.findings)


def test_a_changed_article_runs_again(batch, segment_calls):
    """Editing one article (the first delivery moved to August 2020) gives a new report, not the cached one."""
    before = check([batch / "articles"], options(batch))
    target = sorted((batch / "articles").glob("*.txt"))[1]
    text = target.read_text(encoding="utf-8")
    assert "2019" in text
    target.write_text(text.replace("2019", "2020"), encoding="utf-8")
    after = check([batch / "articles"], options(batch))
    assert len(segment_calls) == 10
    assert after != before
    assert any(a.sha256 != b.sha256 for a, b in zip(after.articles, before.articles))


def test_rule_and_option_changes_run_again(batch, segment_calls):
    """A changed rule file, another threshold and discovery off are each a miss; the original inputs then hit."""
    check([batch / "articles"], options(batch))
    rule = sorted((batch / "rules").rglob("*.yaml"))[0]
    rule.write_text(rule.read_text(encoding="utf-8") + "\n# reviewed\n", encoding="utf-8")
    check([batch / "articles"], options(batch))
    check([batch / "articles"], options(batch, threshold=0.5))
    check([batch / "articles"], options(batch, discover=False))
    assert len(segment_calls) == 4 * 5
    check([batch / "articles"], options(batch, discover=False))
    assert len(segment_calls) == 4 * 5


def test_added_file_runs_again(batch, segment_calls):
    """A new article in the folder is a different batch."""
    check([batch / "articles"], options(batch))
    (batch / "articles" / "extra.txt").write_text(
        "Russia delivered the first S-400 batch to Turkey in July 2019, the defence ministry said.\n", encoding="utf-8"
    )
    report = check([batch / "articles"], options(batch))
    assert len(report.articles) == 6 and len(segment_calls) == 5 + 6


def test_broken_cache_file_is_replaced(batch, segment_calls):
    """A truncated cached report is ignored (the pipeline runs) and written anew."""
    first = check([batch / "articles"], options(batch))
    (stored,) = (batch / "cache" / FOLDER).glob(f"*{SUFFIX}")
    stored.write_bytes(stored.read_bytes()[:100])
    again = check([batch / "articles"], options(batch))
    assert again == first and len(segment_calls) == 10
    assert check([batch / "articles"], options(batch)) == first and len(segment_calls) == 10


def test_only_the_newest_reports_are_kept(batch):
    """Reports beyond KEEP are pruned, oldest first."""
    for n in range(KEEP + 2):
        check([batch / "articles"], options(batch, threshold=0.3 + n / 100))
    assert len(list((batch / "cache" / FOLDER).glob(f"*{SUFFIX}"))) == KEEP


def test_no_cache_writes_nothing(batch, segment_calls):
    """--no-cache neither reads nor writes a report."""
    check([batch / "articles"], options(batch, use_cache=False))
    check([batch / "articles"], options(batch, use_cache=False))
    assert len(segment_calls) == 10
    assert not (batch / "cache" / FOLDER).exists()


def test_rule_file_broken_after_a_cached_run_is_still_an_error(batch):
    """The cache never hides a malformed rule file: its new bytes are a miss, and loading it fails as usual."""
    from consistency.errors import UserError

    check([batch / "articles"], options(batch))
    rule = sorted((batch / "rules").rglob("*.yaml"))[0]
    rule.write_text(rule.read_text(encoding="utf-8") + "\nnot_a_key: 1\n", encoding="utf-8")
    with pytest.raises(UserError, match="not_a_key"):
        check([batch / "articles"], options(batch))
