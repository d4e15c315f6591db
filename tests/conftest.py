"""Shared test helpers: fixture folders, the report JSON Schema, a CLI runner."""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEEDS = ROOT / "seeds"


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
