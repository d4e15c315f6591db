"""Configuration discovery (.consistency.yaml, [tool.consistency]) and reading an article from stdin."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from consistency.config import find_config
from consistency.errors import UserError
from consistency.stdin import sniff_suffix

FAST = ("--embedder", "tfidf", "--no-rules", "--quiet")


def test_yaml_found_upward(tmp_path):
    """A .consistency.yaml in a parent folder is found, its paths taken relative to it."""
    (tmp_path / ".consistency.yaml").write_text("fail-on: warning\nrules: my-rules\nformat: csv\n", encoding="utf-8")
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    config = find_config(deep)
    assert config.path == tmp_path.resolve() / ".consistency.yaml"
    assert config.defaults == {"fail_on": "warning", "rules_dir": str(tmp_path.resolve() / "my-rules"), "fmt": "csv"}


def test_pyproject_table(tmp_path):
    """[tool.consistency] in pyproject.toml is read; a pyproject without it is passed over."""
    (tmp_path / "pyproject.toml").write_text('[tool.consistency]\nembedder = "tfidf"\nshow = ["conflict", "update"]\n'
                                             'fields = { text = "body.html" }\n', encoding="utf-8")
    inner = tmp_path / "inner"
    inner.mkdir()
    (inner / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    config = find_config(inner)
    assert config.path == tmp_path.resolve() / "pyproject.toml"
    assert config.defaults == {"embedder": "tfidf", "show": "conflict,update", "fields": ("text=body.html",)}


def test_nearest_wins_and_yaml_before_pyproject(tmp_path):
    """In one folder .consistency.yaml comes before pyproject.toml; a nearer folder before a farther one."""
    (tmp_path / ".consistency.yaml").write_text("fail-on: never\n", encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text('[tool.consistency]\nfail-on = "warning"\n', encoding="utf-8")
    assert find_config(tmp_path).defaults == {"fail_on": "never"}
    near = tmp_path / "near"
    near.mkdir()
    (near / "pyproject.toml").write_text('[tool.consistency]\nfail-on = "suggestion"\n', encoding="utf-8")
    assert find_config(near).defaults == {"fail_on": "suggestion"}


BAD = [
    ("fail-on: sometimes\n", "fail-on: expected one of error, warning, suggestion, never, got 'sometimes'"),
    ("colour: always\n", "unknown setting 'colour'"),
    ("jobs: 0\n", "jobs: expected a whole number of 1 or more"),
    ("- a list\n", "expected a mapping of settings"),
    ("fields: body\n", "fields: expected a mapping of field name to path"),
]


@pytest.mark.parametrize("text,message", BAD)
def test_bad_config_names_file_and_key(tmp_path, text, message):
    """A bad key or value is a UserError that names the file and what is wrong."""
    (tmp_path / ".consistency.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(UserError, match=message) as info:
        find_config(tmp_path)
    assert ".consistency.yaml" in str(info.value)


def test_rules_false_means_no_rules(tmp_path):
    """rules: false is --no-rules."""
    (tmp_path / ".consistency.yaml").write_text("rules: false\n", encoding="utf-8")
    assert find_config(tmp_path).defaults == {"no_rules": True}


def test_cli_reads_config_and_flags_win(cli, seeds_dir, tmp_path, monkeypatch):
    """The command line takes its defaults from the config found; a flag overrides them."""
    (tmp_path / ".consistency.yaml").write_text("format: csv\nembedder: tfidf\nrules: false\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    from_config = cli("check", seeds_dir, "--quiet")
    assert from_config.exit_code == 0, from_config.stderr
    assert from_config.stdout.startswith("finding,rule,kind")
    flagged = cli("check", seeds_dir, "--quiet", "--format", "json")
    assert json.loads(flagged.stdout)["settings"]["embedder"].startswith("tfidf")


def test_cli_bad_config_is_exit_2(cli, seeds_dir, tmp_path, monkeypatch):
    """A malformed configuration stops the run with one line and exit code 2."""
    (tmp_path / "pyproject.toml").write_text('[tool.consistency]\nformat = "pdf"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = cli("check", seeds_dir, "--quiet")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ") and "pyproject.toml: format: expected one of" in result.stderr


SNIFF = [
    (b'{"text": "A", "title": "T"}', ".json"),
    (b'[{"text": "A"}]', ".json"),
    (b'{"text": "A"}\n{"text": "B"}\n', ".jsonl"),
    (b'{"text": "A"}\n{broken\n', ".jsonl"),
    (b"<!DOCTYPE html><html><body><p>x</p></body></html>", ".html"),
    ("---\ntitle: t\n---\nقال الوزير".encode(), ".txt"),
    ("\ufeff{\"text\": \"A\"}".encode(), ".json"),
    ("نص عربي".encode("cp1256"), ".txt"),
]


@pytest.mark.parametrize("raw,suffix", SNIFF)
def test_stdin_format_from_content(raw, suffix):
    """Standard input has no suffix: JSON, JSON lines, HTML or text is told from its bytes."""
    assert sniff_suffix(raw) == suffix


def _run_stdin(data: bytes, *args: str) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "consistency.cli", "check", "-", *FAST, *args]
    return subprocess.run(cmd, input=data, capture_output=True, timeout=300)


def test_stdin_article(tmp_path):
    """`consistency check -` reads one article from standard input, shown as <stdin>."""
    article = ("---\ntitle: Bridge\npublished: 2024-03-02\n---\nThe council approved the bridge on Monday.\n"
               "Work will start in May 2024, the mayor said.\n")
    proc = _run_stdin(article.encode("utf-8"), "--format", "json")
    assert proc.returncode == 0, proc.stderr.decode()
    (a,) = json.loads(proc.stdout)["articles"]
    assert (a["id"], a["path"], a["title"], a["published"]) == ("stdin", "<stdin>", "Bridge", "2024-03-02")


def test_stdin_jsonl_beside_a_folder(seeds_dir):
    """JSON lines on standard input are records like a .jsonl file's, beside the files named."""
    lines = "\n".join(json.dumps({"text": f"Officials said {n} ships were waiting in port.", "title": f"T{n}"})
                      for n in (12, 14))
    proc = _run_stdin(lines.encode("utf-8"), str(seeds_dir), "--format", "json")
    assert proc.returncode == 0, proc.stderr.decode()
    ids = [a["id"] for a in json.loads(proc.stdout)["articles"]]
    assert "stdin#1" in ids and "stdin#2" in ids and len(ids) == 7


def test_stdin_empty_is_a_clear_error():
    """Nothing on standard input: one line, exit code 2."""
    proc = _run_stdin(b"")
    assert proc.returncode == 2 and b"Traceback" not in proc.stderr
    assert b"<stdin>" in proc.stderr or b"no readable article" in proc.stderr
