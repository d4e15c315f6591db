"""Shared test helpers: fixture folders, the report JSON Schema, a CLI runner."""

from __future__ import annotations

import json
from datetime import date
from importlib.resources import files
from pathlib import Path

import pytest
from click.testing import CliRunner

from consistency.model import (
    Article,
    AttributionMention,
    AttributionValue,
    Claim,
    Cluster,
    DateMention,
    DateValue,
    Entity,
    Finding,
    QuantityMention,
    QuantityValue,
    Report,
    Skipped,
    Statement,
)

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="session", autouse=True)
def private_cache(tmp_path_factory):
    """Tests never read or fill the user's own cache folder: a stale vector there could hide a bug."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CONSISTENCY_CACHE_DIR", str(tmp_path_factory.mktemp("user-cache")))
        # unpacked models and compiled regexes too (consistency/user_cache.py)
        mp.setenv("CONSISTENCY_MODEL_CACHE", str(tmp_path_factory.mktemp("model-cache")))
        yield


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture(scope="session")
def ingest_fixtures() -> Path:
    return FIXTURES / "ingest"


@pytest.fixture(scope="session")
def report_schema() -> dict:
    return json.loads((files("consistency.report") / "schema.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def validate_report(report_schema):
    """A function that raises jsonschema.ValidationError unless a report matches the schema."""
    jsonschema = pytest.importorskip("jsonschema")
    validator = jsonschema.Draft202012Validator(report_schema)

    def validate(records: dict) -> None:
        validator.validate(records)

    return validate


@pytest.fixture
def cli():
    """Run ``consistency ARGS...`` in-process; the result has exit_code, stdout and stderr apart."""
    from consistency.cli import main

    runner = CliRunner()

    def run(*args: str):
        return runner.invoke(main, [str(a) for a in args], catch_exceptions=False)

    return run



TEXT_A = "عنوان\nوقعت روسيا وتركيا الاتفاق في ديسمبر 2017 بقيمة 2.5 مليار دولار."
TEXT_B = "Title\nThe deal was signed in 2018, Interfax reported."


def _span(text: str, needle: str) -> tuple[int, int]:
    i = text.index(needle)
    return i, i + len(needle)


def _sample_report(verdict: str = "conflict", level: str = "error") -> Report:
    a = Article("a", "in/a.txt", "عنوان", TEXT_A, date(2021, 9, 29), "front-matter", "ar", "a" * 64, ((0, len(TEXT_A)),))
    b = Article("b", "in/b.txt", "Title", TEXT_B, None, None, "en", "b" * 64, ((0, len(TEXT_B)),))
    sa = Statement("a", 1, TEXT_A[6:], 6, len(TEXT_A))
    sb = Statement("b", 1, TEXT_B[6:], 6, len(TEXT_B))
    s, e = _span(TEXT_A, "ديسمبر 2017")
    da = DateMention(s, e, TEXT_A[s:e], DateValue(date(2017, 12, 1), date(2017, 12, 31), "month"))
    s, e = _span(TEXT_B, "2018")
    db = DateMention(s, e, TEXT_B[s:e], DateValue(date(2018, 1, 1), date(2018, 12, 31), "year"))
    s, e = _span(TEXT_A, "2.5 مليار دولار")
    qa = QuantityMention(s, e, TEXT_A[s:e], QuantityValue(2.5e9, float("inf"), "money", "USD", 5e7, "more-than"))
    s, e = _span(TEXT_B, "Interfax reported")
    at = AttributionMention(s, e, TEXT_B[s:e], AttributionValue("reported", via=(Entity("outlet:interfax", "Interfax", "outlet", "Interfax"),)))
    findings = (
        Finding("f-date", "deal.signed", "date", verdict, level, "The signing date differs",
                (Claim("deal.signed", "a", 1, da), Claim("deal.signed", "b", 1, db)), ((0, 1),), ("December 2017 does not overlap 2018",)),
        Finding("f-qty", None, "quantity", "single-source", "suggestion", "Only one source gives the value",
                (Claim("cluster:3", "a", 1, qa),), cluster=3),
        Finding("f-attr", None, "attribution", "single-source", "suggestion", "Only one source", (Claim("cluster:4", "b", 1, at),), cluster=4),
    )
    return Report(
        articles=(a, b),
        skipped=(Skipped("in/c.bin", "binary file (contains NUL bytes)"),),
        statements=(sa, sb),
        clusters=(Cluster(3, (("a", 1), ("b", 1))),),
        findings=findings,
        settings={"embedder": "tfidf", "rules": None},
    )



@pytest.fixture(scope="session")
def sample_report():
    """A factory of a small two-article Report with a date conflict and one claim of every kind:
    ``sample_report(verdict="conflict", level="error")``."""
    return _sample_report
