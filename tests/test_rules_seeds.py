"""End to end on the seed corpus: the shipped rules' verdicts, discovery without rules,
SARIF through the CLI, and the rules commands' exit codes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from consistency.api import Options, check
from consistency.cli import main

ROOT = Path(__file__).parent.parent
SEEDS = ROOT / "seeds"
CASES = ROOT / "tests" / "rules" / "s400.first-delivery"
AUGUST = CASES / "conflict-august-2020" / "august-2020.txt"
MURTED = CASES / "agree-english-murted" / "murted.txt"
SARIF_SCHEMA = json.loads((ROOT / "tests" / "fixtures" / "sarif" / "sarif-2.1.0-essential.schema.json").read_text())


@pytest.fixture(scope="module")
def cache(tmp_path_factory):
    return tmp_path_factory.mktemp("cache")


def run(cache, *extra, rules=True):
    options = Options(rules_dir=ROOT / "rules" if rules else None, cache_dir=cache, jobs=1)
    return check([SEEDS, *extra], options)


def by_rule(report):
    return {f.rule: f for f in report.findings if f.rule}


def values(report, finding):
    paths = {a.id: Path(a.path).name for a in report.articles}
    return sorted((paths[c.article_id][:3], c.mention.text) for c in finding.claims)


def test_seeds_first_delivery_and_signing_agree(cache):
    """On the seeds, the first delivery (2019, mid-July 2019) and the signing (December 2017) agree."""
    report = run(cache)
    rules = by_rule(report)
    first, signing = rules["s400.first-delivery"], rules["s400.agreement-signing"]
    assert first.verdict == "agree"
    assert values(report, first) == [("001", "عام 2019"), ("003", "منتصف تموز/ يوليو 2019")]
    assert signing.verdict == "agree"
    assert values(report, signing) == [("000", "ديسمبر 2017"), ("003", "كانون الأول/ ديسمبر عام 2017")]


def test_august_2020_article_turns_first_delivery_into_a_conflict(cache):
    """One article saying August 2020 conflicts with both seed claims, and is named."""
    report = run(cache, AUGUST)
    first = by_rule(report)["s400.first-delivery"]
    assert (first.verdict, first.level) == ("conflict", "error")
    ids = [c.article_id for c in first.claims]
    assert sorted(tuple(sorted((ids[i], ids[j]))) for i, j in first.conflicts) == [
        ("001_e636ae8fef2e6c52", "august-2020"), ("003_63f51ba8109d67b9", "august-2020")]
    assert "august-2020.txt" in first.message


def test_murted_article_keeps_agreement_and_adds_its_claim(cache):
    """An English '12 July 2019 at Murted' article agrees and adds its claim."""
    first = by_rule(run(cache, MURTED))["s400.first-delivery"]
    assert first.verdict == "agree"
    assert "murted" in {c.article_id for c in first.claims}


def test_without_rules_the_august_article_is_a_discovered_conflict(cache):
    """With no rules at all, the August 2020 article still conflicts with a seed statement."""
    report = run(cache, AUGUST, rules=False)
    found = [f for f in report.findings if f.rule is None and f.verdict == "conflict" and f.kind == "date"]
    assert found and all(f.level == "suggestion" for f in found)
    pairs = {tuple(sorted((f.claims[i].article_id, f.claims[j].article_id))) for f in found for i, j in f.conflicts}
    assert any("august-2020" in p and any(a[:3].isdigit() for a in p) for p in pairs), pairs


def test_cli_sarif_and_baseline(cache, tmp_path):
    """`check --format sarif` is valid SARIF; with the JSON report as baseline nothing fails."""
    runner = CliRunner()
    args = ["check", str(SEEDS), str(AUGUST), "--rules", str(ROOT / "rules"), "--cache-dir", str(cache)]
    sarif = runner.invoke(main, [*args, "--format", "sarif"])
    assert sarif.exit_code == 1, sarif.output
    log = json.loads(sarif.output)
    jsonschema.validate(log, SARIF_SCHEMA)
    assert "s400.first-delivery" in {r["ruleId"] for r in log["runs"][0]["results"]}
    previous = tmp_path / "previous.json"
    first = runner.invoke(main, [*args, "--format", "json", "--output", str(previous)])
    assert first.exit_code == 1
    again = runner.invoke(main, [*args, "--format", "json", "--baseline", str(previous)])
    assert again.exit_code == 0, again.output
    assert json.loads(again.output)["findings"] == []


def test_rules_test_command_passes_on_shipped_rules():
    """`consistency rules test` passes on the shipped rules and their cases."""
    result = CliRunner().invoke(main, ["rules", "test", str(ROOT / "rules")])
    assert result.exit_code == 0, result.output
    assert "0 failed" in result.output


def test_malformed_rule_is_exit_2_with_file_line_and_key(tmp_path):
    """A rule with an unknown key stops `check` with exit 2, naming file, line and key."""
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    bad = rules / "s400" / "first-delivery.yaml"
    bad.write_text(bad.read_text(encoding="utf-8").replace("level: error", "level: error\nseverity: high"), encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(SEEDS), "--rules", str(rules)])
    assert result.exit_code == 2
    assert "s400/first-delivery.yaml:" in result.output and "unknown key 'severity'" in result.output


def test_december_2017_agreement_statements_of_seeds_000_and_003_are_linked(cache):
    """Without rules, the signing date in seed 000 links to the signing date in seed 003 (same fact, two wordings)."""
    from consistency.embed import embed_statements, embed_texts
    from consistency.extract import extract_all
    from consistency.ingest import ingest_segmented
    from consistency.match import match
    from consistency.model import Corpus

    options = Options(cache_dir=cache, jobs=1)
    articles, _, statements = ingest_segmented([SEEDS], None, jobs=1)
    corpus = Corpus(tuple(articles), statements, extract_all(articles, statements, jobs=1))
    vectors, embedder = embed_statements(statements, options)
    matching = match(corpus, vectors, embed=lambda texts: embed_texts(texts, embedder, None, jobs=1))
    frames = matching.frames["date"]
    pairs, probs = matching.pairs["date"], matching.probs["date"]
    found = {}
    for a, b, p in zip(pairs.a.tolist(), pairs.b.tolist(), probs.tolist()):
        ends = sorted((frames[a].article[:3], frames[a].mention.text) for _ in [0]) + [(frames[b].article[:3], frames[b].mention.text)]
        found[tuple(sorted(ends))] = p
    pair = (("000", "ديسمبر 2017"), ("003", "كانون الأول/ ديسمبر عام 2017"))
    assert found.get(pair, 0.0) >= matching.model.link_cut("date"), found.get(pair)
    # and the two are one fact
    assert any({(f.article[:3], f.mention.text) for f in fact.frames} >= set(pair) for fact in matching.facts)
