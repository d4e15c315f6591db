"""Report records (the JSON contract) and the text and JSON formats."""

from __future__ import annotations

import json
from datetime import date

import pytest

from consistency.model import DateValue, QuantityValue
from consistency.report import as_records, problem_count
from consistency.report.json import render_json
from consistency.report.text import describe_value, render_text


@pytest.fixture
def report(sample_report):
    """The factory of the small conflict report (see conftest)."""
    return sample_report


def test_records_validate_against_schema(report, validate_report):
    """The records of a report with every kind of value match the shipped JSON Schema."""
    validate_report(as_records(report()))


def test_records_content(report):
    """Claims carry article, path, sentence, offsets, line/column, raw text and the value."""
    built = report()
    text_a = built.articles[0].text
    rec = as_records(built)
    assert rec["schema_version"] == 2 and rec["tool"]["name"] == "consistency"
    assert rec["articles"][0]["published"] == "2021-09-29"
    assert rec["skipped"] == [{"path": "in/c.bin", "reason": "binary file (contains NUL bytes)"}]
    claim = rec["findings"][0]["claims"][0]
    assert claim["article"] == "a" and claim["path"] == "in/a.txt" and claim["sentence"] == 1
    assert text_a[claim["start"]:claim["end"]] == claim["text"] == "ديسمبر 2017"
    assert claim["line"] == 2 and claim["column"] == text_a.index("ديسمبر") - text_a.index("\n")
    assert claim["value"]["granularity"] == "month"
    assert rec["findings"][0]["conflicts"] == [[0, 1]]
    assert rec["clusters"] == [{"id": 3, "statements": [["a", 1], ["b", 1]], "articles": 2}]
    assert rec["summary"]["findings"] == {"agree": 0, "conflict": 1, "single-source": 2, "unresolved": 0, "update": 0}
    assert rec["summary"]["problems"] == {"error": 1, "warning": 0, "suggestion": 0}


def test_open_bound_is_null_not_infinity(report):
    """A value with no upper bound is written as null: JSON has no Infinity."""
    rec = as_records(report())
    value = rec["findings"][1]["claims"][0]["value"]
    assert value["high"] is None and value["qualifier"] == "more-than"
    json.loads(render_json(rec))  # strict JSON


def test_json_is_deterministic_and_readable(report):
    """The same report renders to identical JSON, Arabic unescaped, with one trailing newline."""
    one, two = render_json(as_records(report())), render_json(as_records(report()))
    assert one == two
    assert "ديسمبر 2017" in one and "\\u" not in one
    assert one.endswith("}\n") and not one.endswith("\n\n")


def test_text_report_quotes_evidence(report):
    """The text report names each claim's position and quotes its evidence, problems first."""
    out = render_text(as_records(report()))
    assert "in/a.txt:2:" in out and "ديسمبر 2017" in out and "Interfax" in out
    assert out.index("CONFLICT".lower()) < out.index("single-source")
    assert "✗ [1] vs [2]: December 2017 does not overlap 2018" in out
    assert "binary file" in out
    assert "\u2068" in out  # Arabic isolated for bidi display
    assert "\x1b[" not in out  # no colour unless asked


def test_text_report_colour_on_request(report):
    """Colour codes appear only when asked for."""
    assert "\x1b[" in render_text(as_records(report()), color=True)


VALUES = [
    (DateValue(date(2019, 7, 10), date(2019, 7, 20), "part-of-month", qualifier="mid").to_json(), "2019-07-10 .. 2019-07-20 (part-of-month, mid)"),
    (DateValue(date(2017, 12, 1), date(2017, 12, 1), "day").to_json(), "2017-12-01 (day)"),
    (DateValue(None, None, "month", relative=True, unresolved="no publication date").to_json(), "unresolved (no publication date)"),
    (QuantityValue(8.6e9, 8.6e9, "money", "USD").to_json(), "8,600,000,000 USD (money)"),
    (QuantityValue(2.5, 3.5, "count").to_json(), "2.5 .. 3.5 (count)"),
]


@pytest.mark.parametrize("value,expected", VALUES)
def test_describe_value(value, expected):
    """Values read as short human phrases in the text report."""
    assert describe_value(value) == expected


FAIL_ON = [
    # (verdict, level, fail_on, counted)
    ("conflict", "error", "error", 1),
    ("conflict", "warning", "error", 0),
    ("conflict", "warning", "warning", 1),
    ("conflict", "suggestion", "warning", 0),
    ("conflict", "suggestion", "suggestion", 1),
    ("update", "warning", "suggestion", 1),
    ("unresolved", "error", "error", 1),
    ("agree", "error", "suggestion", 0),
    ("conflict", "error", "never", 0),
]


@pytest.mark.parametrize("verdict,level,fail_on,counted", FAIL_ON)
def test_problem_count(report, verdict, level, fail_on, counted):
    """Only conflict, update and unresolved findings at or above the fail-on level count."""
    rec = as_records(report(verdict, level))
    assert problem_count(rec, fail_on) == counted


def test_text_context_window_shows_the_evidence():
    """In a long sentence, the quoted context is a window that contains the evidence."""
    from consistency.report.text import MAX_CONTEXT, _context

    sentence = "كلمة " * 80 + "في منتصف تموز/ يوليو 2019" + " نهاية" * 40
    shown = _context(sentence, "منتصف تموز/ يوليو 2019")
    assert "منتصف تموز/ يوليو 2019" in shown
    assert shown.startswith("…") and shown.endswith("…") and len(shown) <= MAX_CONTEXT + 2
