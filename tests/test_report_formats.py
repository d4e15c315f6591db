"""The csv and github formats, and the text report's filters, wrapping, colour and baseline line."""

from __future__ import annotations

import csv
import io
import re

import pytest

from consistency.report import View, as_records
from consistency.report.csv import COLUMNS, render_csv
from consistency.report.github import render_github
from consistency.report.text import FSI, render_text
from consistency.report.view import parse_verdicts

FAST = ("--embedder", "tfidf", "--no-rules", "--quiet")


@pytest.fixture
def records(sample_report):
    return as_records(sample_report())


def test_csv_one_row_per_claim(records):
    """Each claim is one row with its finding, article, position, evidence and value; Arabic kept as is."""
    rows = list(csv.DictReader(io.StringIO(render_csv(records))))
    assert len(rows) == sum(len(f["claims"]) for f in records["findings"]) == 4
    assert list(rows[0]) == list(COLUMNS)
    first, second = rows[0], rows[1]
    assert (first["verdict"], first["level"], first["rule"], first["claim"]) == ("conflict", "error", "deal.signed", "1")
    assert first["text"] == "ديسمبر 2017" and first["title"] == "عنوان" and first["published"] == "2021-09-29"
    assert first["value"] == "2017-12-01 .. 2017-12-31 (month)" and '"granularity": "month"' in first["value_json"]
    assert first["in_conflict"] == second["in_conflict"] == "yes"
    assert second["path"] == "in/b.txt" and second["line"] == "2" and second["text"] == "2018"
    assert rows[2]["in_conflict"] == "no" and rows[2]["verdict"] == "single-source"


def test_csv_follows_the_view(records):
    """--show conflict keeps only the conflict's rows."""
    rows = list(csv.DictReader(io.StringIO(render_csv(records, view=View(("conflict",))))))
    assert {r["finding"] for r in rows} == {"f-date"} and len(rows) == 2


def test_csv_formula_is_text(records):
    """Article text that a spreadsheet would run as a formula is written with a leading apostrophe."""
    records["articles"][0]["title"] = '=HYPERLINK("http://x","y")'
    records["findings"][0]["claims"][0]["sentence_text"] = "@SUM(A1)"
    row = next(csv.DictReader(io.StringIO(render_csv(records))))
    assert row["title"] == "'=HYPERLINK(\"http://x\",\"y\")" and row["sentence"] == "'@SUM(A1)"
    assert row["line"] == "2"  # numbers untouched


def test_github_annotations(records):
    """A conflict is one ::error annotation per conflicting claim, with file, line and column; agreements none."""
    lines = render_github(records).splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("::error file=in/a.txt,line=2,col=")
    assert lines[1].startswith("::error file=in/b.txt,line=2,col=24,endColumn=28,")
    message = lines[1].split("::", 2)[2]
    assert "%0A" in message and "\n" not in message  # multi-line message escaped as the runner expects
    assert "Conflicts with in/a.txt:2: “ديسمبر 2017”" in message.replace("%0A", "\n")
    assert "title=consistency%3A conflict (deal.signed) [f-date]" in lines[1]


@pytest.mark.parametrize("level,command", [("error", "::error "), ("warning", "::warning "), ("suggestion", "::notice ")])
def test_github_levels(sample_report, level, command):
    """Levels map to the workflow commands error, warning and notice."""
    out = render_github(as_records(sample_report("conflict", level)))
    assert out and all(line.startswith(command) for line in out.splitlines())


def test_github_escapes_properties(sample_report):
    """A comma or colon in a path cannot end the file property early."""
    rec = as_records(sample_report())
    for claim in rec["findings"][0]["claims"]:
        claim["path"] = "in/a,b:c.txt"
    assert "file=in/a%2Cb%3Ac.txt," in render_github(rec)


def test_text_summary_first_and_filters(records):
    """The summary comes before the findings; --show and --min-level filter and say how many are hidden."""
    out = render_text(records)
    assert out.index("3 findings") < out.index("Findings") < out.index("Articles")
    only = render_text(records, view=View(("conflict",)))
    assert "showing 1 of 3 findings (--show conflict)" in only
    assert "single-source  cluster" not in only and "conflict  deal.signed" in only
    high = render_text(records, view=View(min_level="warning"))
    assert "showing 1 of 3 findings (--min-level warning)" in high


def test_text_wraps_at_word_boundaries(sample_report):
    """At a narrow width every line fits and no word is cut, Arabic included; each piece is isolated apart."""
    rec = as_records(sample_report())
    rec["findings"][0]["message"] = "التاريخ الذي وقعت فيه روسيا وتركيا الاتفاق يختلف بين المصادر " * 3
    out = render_text(rec, width=50)
    for line in out.splitlines():
        plain = line.replace(FSI, "").replace("\u2069", "")
        assert len(plain) <= 50 or " " not in plain.strip(), line
    pieces = [line for line in out.splitlines() if "التاريخ" in line or "المصادر" in line]
    assert len(pieces) >= 3 and all(p.strip().startswith(FSI) for p in pieces)
    joined = " ".join(p.replace(FSI, "").replace("\u2069", "").strip() for p in pieces)
    assert joined == " ".join(rec["findings"][0]["message"].split())  # every word whole, none lost


def test_text_no_wrap_without_width(sample_report):
    """Piped output (no width) keeps each line whole, for grep."""
    rec = as_records(sample_report())
    rec["findings"][0]["message"] = "word " * 60
    assert any(len(line) > 250 for line in render_text(rec).splitlines())


def test_text_says_how_many_the_baseline_hid(records):
    """A report made with --baseline says how many reviewed findings it left out."""
    records["settings"].update({"baseline": "reviewed.yaml", "baselined": 2})
    assert "2 reviewed findings hidden by the baseline (reviewed.yaml)" in render_text(records)


def test_parse_verdicts():
    """--show takes verdict names, 'problems' and 'all'; an unknown name is an error naming it."""
    assert parse_verdicts("conflict,update") == ("conflict", "update")
    assert parse_verdicts("problems") == ("conflict", "update", "unresolved")
    with pytest.raises(ValueError, match="'conflicts'"):
        parse_verdicts("conflicts")


COLOR = [
    # (--color, NO_COLOR, stdout a terminal, colour expected)
    ("always", None, False, True),
    ("never", None, True, False),
    ("auto", None, True, True),
    ("auto", "1", True, False),
    ("auto", None, False, False),
]


@pytest.mark.parametrize("choice,no_color,tty,expected", COLOR)
def test_colour_choice(monkeypatch, choice, no_color, tty, expected):
    """--color always/never win; auto means a terminal without NO_COLOR."""
    from consistency.cli import _use_color

    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("TERM", raising=False)
    if no_color:
        monkeypatch.setenv("NO_COLOR", no_color)

    class Stream:
        def isatty(self):
            return tty

    assert _use_color(choice, Stream()) is expected


def test_cli_color_always_and_show(cli, seeds_dir):
    """--color always puts ANSI codes in a piped report; --show problems on the seeds shows no finding."""
    coloured = cli("check", seeds_dir, *FAST, "--color", "always")
    assert "\x1b[" in coloured.stdout
    plain = cli("check", seeds_dir, *FAST)
    assert "\x1b[" not in plain.stdout
    problems = cli("check", seeds_dir, *FAST, "--show", "problems")
    assert "Findings: none" in problems.stdout and "showing 0 of" in problems.stdout
    bad = cli("check", seeds_dir, *FAST, "--show", "conflicts")
    assert bad.exit_code == 2 and "unknown verdict 'conflicts'" in bad.stderr


@pytest.mark.parametrize("fmt,probe", [("csv", "finding,rule,kind"), ("github", ""), ("html", "<!DOCTYPE html>")])
def test_cli_new_formats(cli, seeds_dir, fmt, probe):
    """--format csv, github and html run end to end on the seeds."""
    result = cli("check", seeds_dir, *FAST, "--format", fmt)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(probe)


def test_output_suffix_picks_the_format(cli, seeds_dir, tmp_path):
    """-o report.html without --format writes HTML; an explicit --format wins."""
    cli("check", seeds_dir, *FAST, "-o", tmp_path / "r.html")
    assert (tmp_path / "r.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    cli("check", seeds_dir, *FAST, "--format", "text", "-o", tmp_path / "t.html")
    assert (tmp_path / "t.html").read_text(encoding="utf-8").startswith("consistency ")


def test_html_page_without_a_browser(sample_report):
    """The page orders conflicts first, escapes article text, keeps only http(s) links and allows only its own script."""
    from consistency.report.html import render_html

    rec = as_records(sample_report())
    rec["articles"][1]["title"] = "<script>alert(1)</script>"
    rec["articles"][0]["source_url"] = "javascript:alert(2)"
    rec["articles"][1]["source_url"] = "https://example.org/a?x=1&y=2"
    page = render_html(rec)
    assert page.index('data-verdict="conflict"') < page.index('data-verdict="single-source"')
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert 'href="javascript' not in page and 'href="https://example.org/a?x=1&amp;y=2"' in page
    assert "Content-Security-Policy" in page and "script-src 'sha256-" in page and page.count("<script>") == 1
    assert '<p class="sentence" dir="rtl" lang="ar">' in page and "<mark>ديسمبر 2017</mark>" in page
    assert 'class="tl-bar in-conflict"' in page  # the date conflict's timeline
    assert render_html(rec) == page  # deterministic


def test_progress_names_the_stages_after_the_counted_ones(monkeypatch):
    """Once ingest, extract and embed are complete, the bar adds a line naming what still runs."""
    from rich.progress import Progress

    from consistency.cli import FINISHING, _progress

    added: list[str] = []
    original = Progress.add_task

    def record(self, description, *args, **kwargs):
        added.append(description)
        return original(self, description, *args, **kwargs)

    monkeypatch.setattr(Progress, "add_task", record)
    with _progress(enabled=True, color=False) as progress:
        progress("ingest", 5, 5)
        progress("extract", 3, 10)
        progress("embed", 10, 10)
        assert FINISHING not in added  # extraction is still running
        progress("extract", 10, 10)
    assert added == ["ingest", "extract", "embed", FINISHING]
