"""The command line: formats, exit codes, error messages."""

from __future__ import annotations

import json

import pytest

from consistency import __version__

FAST = ("--embedder", "tfidf", "--no-rules", "--quiet")


def test_version(cli):
    """--version prints the tool name and version."""
    result = cli("--version")
    assert result.exit_code == 0 and result.stdout.strip() == f"consistency {__version__}"


def test_seeds_json_default_settings(cli, seeds_dir, validate_report):
    """The JSON report on the seeds validates, lists 5 Arabic articles, and is byte-identical twice."""
    first = cli("check", seeds_dir, "--format", "json")
    second = cli("check", seeds_dir, "--format", "json")
    assert first.exit_code in (0, 1), first.stderr
    assert first.stdout == second.stdout
    records = json.loads(first.stdout)
    validate_report(records)
    assert [a["language"] for a in records["articles"]] == ["ar"] * 5
    assert records["summary"]["articles"] == 5 and records["skipped"] == []


def test_text_report_on_seeds(cli, seeds_dir):
    """The default text report summarises the run and names every article."""
    result = cli("check", seeds_dir, *FAST)
    assert result.exit_code == 0, result.stderr
    assert "5 articles" in result.stdout
    assert all(p.name in result.stdout for p in seeds_dir.glob("*.txt"))
    assert result.stderr == ""  # no progress bar when stderr is not a terminal


def test_output_file(cli, seeds_dir, tmp_path):
    """--output writes the report to a file and nothing to stdout."""
    out = tmp_path / "report.json"
    result = cli("check", seeds_dir, *FAST, "--format", "json", "--output", out)
    assert result.exit_code == 0 and result.stdout == ""
    assert json.loads(out.read_text(encoding="utf-8"))["summary"]["articles"] == 5


def test_sarif_format(cli, seeds_dir):
    """--format sarif gives a SARIF 2.1.0 log."""
    pytest.importorskip("consistency.report.sarif")
    result = cli("check", seeds_dir, *FAST, "--format", "sarif")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["version"] == "2.1.0"


def _good(tmp_path):
    (tmp_path / "good.txt").write_text("The council approved the plan on Monday.\n", encoding="utf-8")


BAD_INPUTS = [
    # (setup, args after check, exit code, stderr fragment)
    ("missing", ["{tmp}/nope"], 2, "nope: no such file or directory"),
    ("empty", ["{tmp}/empty.txt"], 2, "no readable article"),
    ("binary", ["{tmp}/image.png"], 2, "no readable article"),
    ("empty-dir", ["{tmp}"], 2, "no readable article"),
    ("good+binary", ["{tmp}"], 0, "image.png: skipped: binary file"),
    ("good+empty", ["{tmp}"], 0, "empty.txt: skipped: empty file"),
    ("good", ["{tmp}", "--rules", "{tmp}/no-rules-here"], 2, "no such rules directory"),
    ("bad-rule", ["{tmp}", "--rules", "{tmp}/rules"], 2, "bad.yaml"),
]


@pytest.mark.parametrize("setup,args,code,message", BAD_INPUTS)
def test_bad_input(cli, tmp_path, setup, args, code, message):
    """Each bad input gives its exit code and one readable line on stderr, never a traceback."""
    if "good" in setup:
        _good(tmp_path)
    if "empty" in setup and setup != "empty-dir":
        (tmp_path / "empty.txt").write_bytes(b"")
    if "binary" in setup:
        (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    if setup == "bad-rule":
        (tmp_path / "rules").mkdir()
        (tmp_path / "rules" / "bad.yaml").write_text("kind: date\nnot_a_key: [\n", encoding="utf-8")
    argv = [a.replace("{tmp}", str(tmp_path)) for a in args]
    result = cli("check", *argv, "--embedder", "tfidf", "--quiet")
    assert result.exit_code == code, (result.stdout, result.stderr)
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    error_lines = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(error_lines) == (1 if code == 2 else 0)


def test_usage_error_exit_code(cli):
    """A missing argument or unknown option is a usage error, exit code 2."""
    assert cli("check").exit_code == 2
    assert cli("check", ".", "--format", "pdf").exit_code == 2


FAIL_ON = [
    # (verdict, level, --fail-on, exit code)
    ("conflict", "error", None, 1),
    ("conflict", "warning", None, 0),
    ("conflict", "warning", "warning", 1),
    ("conflict", "error", "never", 0),
    ("agree", "error", "suggestion", 0),
    ("update", "suggestion", "suggestion", 1),
]


@pytest.mark.parametrize("verdict,level,fail_on,code", FAIL_ON)
def test_fail_on(cli, monkeypatch, tmp_path, sample_report, verdict, level, fail_on, code):
    """Exit 1 only for a problem (conflict, update, unresolved) at or above --fail-on (default error)."""
    import consistency.api

    monkeypatch.setattr(consistency.api, "check", lambda paths, options, progress=None: sample_report(verdict, level))
    _good(tmp_path)
    args = ["check", tmp_path, *FAST] + (["--fail-on", fail_on] if fail_on else [])
    result = cli(*args)
    assert result.exit_code == code, result.stderr


def test_rules_test_command(cli, tmp_path):
    """`consistency rules test` runs the rule tests, or says clearly that it cannot."""
    result = cli("rules", "test", tmp_path / "missing")
    assert result.exit_code == 2 and "Traceback" not in result.stderr
    assert result.stderr.startswith("error:")


def test_progress_bar_only_when_enabled():
    """The progress callback exists only when enabled, and accepts stage updates in any order."""
    from consistency.cli import _progress

    with _progress(enabled=False) as progress:
        assert progress is None
    with _progress(enabled=True) as progress:
        for stage, total in (("ingest", 3), ("extract", 10)):
            for done in range(total + 1):
                progress(stage, done, total)
        progress("ingest", 3, 3)


def test_report_to_closed_pipe(seeds_dir):
    """Piping the report into a reader that stops early (head) is not an error."""
    import subprocess
    import sys

    cmd = [sys.executable, "-m", "consistency.cli", "check", str(seeds_dir), *FAST]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()  # closed before the report is written: every write meets a broken pipe
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 0 and b"Traceback" not in err


def test_malformed_data_file_is_one_line(cli, seeds_dir, monkeypatch):
    """A broken data file under consistency/data/ is reported as one line with exit code 2."""
    import consistency.ingest
    from consistency.datafiles import DataError

    def broken(*args, **kwargs):
        raise DataError("consistency/data/boilerplate.yaml: drop.en[0]: not a valid regular expression")

    monkeypatch.setattr(consistency.ingest, "prose_regions", broken)
    # --no-cache: a real broken file changes the cache key (code_version digests
    # the data files); this in-process stand-in does not.
    result = cli("check", seeds_dir, *FAST, "--no-cache")
    assert result.exit_code == 2
    assert result.stderr == "error: consistency/data/boilerplate.yaml: drop.en[0]: not a valid regular expression\n"
