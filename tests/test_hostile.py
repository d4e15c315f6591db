"""Hostile and broken input: every bad item is skipped with a reason, the good ones are reported.

One batch holds the file-level cases of ``FILE_CASES`` (each a file, link or
FIFO with the skip reason it must get, or the way it must be kept) beside two
good articles; it is checked once, in a subprocess with a time limit, so a
hang fails the test instead of blocking the suite. ``CLI_CASES`` are whole
runs with the exit code each must give: 2 for bad input, never 1 (findings)
or 3 (a bug) and never a traceback.
"""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

GOOD_EN = (
    "---\ntitle: Bridge collapses on the coast road\npublished: 2024-05-03\n---\n"
    "The bridge over the Wadi Ahmar collapsed late on Thursday, the civil defence said.\n"
    "At least 14 people were killed, according to the health ministry.\n"
)
GOOD_AR = (
    "---\ntitle: انهيار جسر على الطريق الساحلي\npublished: 2024-05-03\n---\n"
    "انهار الجسر فوق وادي الأحمر مساء الخميس، بحسب الدفاع المدني.\n"
    "وقالت وزارة الصحة إن 14 شخصا على الأقل لقوا حتفهم.\n"
)
BODY = "The council met on Monday and approved the budget of 12 million dollars, the mayor said.\n"


def fm(front: str, body: str = BODY) -> bytes:
    return f"---\n{front}\n---\n{body}".encode()


ALIAS_BOMB = "\n".join(["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
                       + [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 9)]
                       + ["title: *a8"])


class Pickled:
    """A pickle that would leave a marker file if it were ever loaded."""

    def __init__(self, marker: str):
        self.marker = marker

    def __reduce__(self):
        return (open, (self.marker, "w"))


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _link(target: str):
    def make(path: Path) -> None:
        path.symlink_to(target)
    return make


def _outside(path: Path) -> None:
    target = path.parent.parent / "elsewhere.txt"
    target.write_text("SECRET first line from outside\nmore text that is a sentence.\n", encoding="utf-8")
    path.symlink_to(target)


def _outside_dir(path: Path) -> None:
    target = path.parent.parent / "elsewhere-dir"
    target.mkdir(exist_ok=True)
    (target / "x.txt").write_text(BODY, encoding="utf-8")
    path.symlink_to(target, target_is_directory=True)


def _loop(path: Path) -> None:
    other = path.with_name("loop-b.txt")
    path.symlink_to(other)
    other.symlink_to(path)


# (file name, content bytes or a function making the entry, expectation)
# expectation: ("skip", words of the reason) | ("keep", check on the article record or None)
FILE_CASES = [
    ("empty.txt", b"", ("skip", "empty")),
    ("blank.txt", b"  \n\n\t \n", ("skip", "empty")),
    ("bom-only.txt", b"\xef\xbb\xbf", ("skip", "empty")),
    ("nul.png.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(300) + b"IEND", ("skip", "binary")),
    ("bytes.bin", bytes(range(256)) * 40, ("skip", "binary")),
    ("controls.txt", ("text \x01\x02\x03\x04\x05\x06 " * 200).encode(), ("skip", "control characters")),
    ("fifo.txt", _fifo, ("skip", "not a regular file")),
    ("zero.txt", _link("/dev/zero"), ("skip", "not a regular file")),
    ("dangling.txt", _link("/nonexistent/nowhere.txt"), ("skip", "dangling or looping")),
    ("loop-a.txt", _loop, ("skip", "dangling or looping")),
    ("outside.txt", _outside, ("skip", "outside the folder")),
    ("outside-dir", _outside_dir, ("skip", "link to a folder")),
    ("big.txt", b"word " * (9 * 2**20 // 5), ("skip", "over the 8 MB limit")),
    ("fm-invalid.md", fm("title: [unclosed"), ("skip", "front matter is not valid YAML")),
    ("fm-list.md", fm("- a\n- b"), ("skip", "front matter must be a mapping")),
    ("fm-alias-bomb.md", fm(ALIAS_BOMB), ("skip", "aliases")),
    ("fm-python-tag.md", fm("title: !!python/object/apply:os.system [echo pwned]"), ("skip", "front matter")),
    ("fm-unknown-tag.md", fm("title: !weird x"), ("skip", "front matter")),
    ("fm-no-body.md", fm("title: x", body=""), ("skip", "no article text")),
    ("fm-feb30.md", fm("published: 2019-02-30"), ("keep", lambda a: a["published"] is None)),
    ("fm-year0.md", fm("published: 0000-01-01"), ("keep", lambda a: a["published"] is None)),
    ("fm-tz99.md", fm("published: 2020-03-01T10:00:00+99:00"), ("keep", lambda a: a["published"] in (None, "2020-03-01"))),
    ("fm-future.md", fm("published: 2999-01-01"), ("keep", lambda a: a["published"] is None)),
    ("fm-ancient.md", fm("published: 1200-01-01"), ("keep", lambda a: a["published"] is None)),
    ("fm-published-list.md", fm("published: [2020, 1]"), ("keep", lambda a: a["published"] is None)),
    ("fm-title-dict.md", fm("title: {a: 1}"), ("keep", lambda a: a["title"] != "{'a': 1}")),
    ("fm-title-huge.md", fm("title: " + "T" * 10_000), ("keep", lambda a: len(a["title"]) <= 501)),
    ("fm-language-int.md", fm("language: 123"), ("keep", lambda a: a["language"] == "en")),
    ("fm-language-long.md", fm("language: not-a-language-code-at-all"), ("keep", lambda a: a["language"] == "en")),
    ("fm-url-js.md", fm("source_url: javascript:alert(1)"), ("keep", lambda a: a["source_url"] is None)),
    ("fm-url-http.md", fm("source_url: https://example.org/a"), ("keep", lambda a: a["source_url"] == "https://example.org/a")),
    ("fm-nan.md", fm("title: .nan\noutlet: .inf"), ("keep", lambda a: a["outlet"] is None)),
    ("json-deep.json", b"[" * 100_000 + b"]" * 100_000, ("skip", "nested too deeply")),
    ("json-invalid.json", b'{"text": ', ("skip", "not valid JSON")),
    ("json-scalar.json", b"42", ("skip", "expected a JSON object")),
    ("json-no-text.json", b'{"title": "x"}', ("skip", "no 'text' field")),
    ("json-text-number.json", b'{"text": 5}', ("skip", "no 'text' field")),
    ("json-surrogate.json", b'{"text": "The mayor said \\ud800 that 12 people came on Monday."}',
     ("keep", lambda a: True)),
    ("json-published-bad.json", json.dumps({"text": BODY, "published": "2019-02-30"}).encode(),
     ("keep", lambda a: a["published"] is None)),
    ("json-deep-title.json", json.dumps({"text": BODY, "title": {"a": [1, {"b": 2}]}}).encode(),
     ("keep", lambda a: a["title"] is None or "{" not in a["title"])),
    ("mixed-encoding.txt", "وقال الوزير إن ".encode() + "مسؤول".encode("cp1256") + " 12 شخصا قتلوا.\n".encode() * 20,
     ("keep", lambda a: True)),
    ("utf16-odd.txt", ("The minister said 40 people were hurt on Monday.\n" * 5).encode("utf-16-le") + b"\x00",
     ("keep", lambda a: True)),
    ("utf16-bom-odd.txt", b"\xff\xfe" + ("The minister said 40 people were hurt.\n" * 5).encode("utf-16-le") + b"!",
     ("keep", lambda a: True)),
    ("latin1.txt", "Le ministre a déclaré que 40 personnes étaient blessées à Nîmes, près de la préfecture.\n".encode("cp1252") * 3,
     ("keep", lambda a: True)),
    ("ansi.txt", fm("title: \"\\e[2J\\e]0;pwned\\a red \\u202e title\"",
                    "The mayor \x1b[31msaid\x1b[0m on Monday that \x1b]8;;http://x\x07 12 people\x1b]8;;\x07 came.\n"
                    + BODY * 8),
     ("keep", lambda a: True)),
    ("\u202eevil.txt", BODY.encode(), ("keep", lambda a: True)),
    ("combining.txt", ("a" + "\u0301" * 200_000 + " said the minister on Monday.\n").encode(), ("keep", lambda a: True)),
    ("long-sentence.txt", ("word " * 280_000 + "the end.\n").encode(), ("keep", lambda a: True)),
    ("overflow.txt", ("They paid " + "9" * 400 + " dollars on Monday, the ministry said.\n").encode(),
     ("keep", lambda a: True)),
    ("decade.txt", b"Relations soured later in the 1990s, and earlier in the 1990s they were good.\n",
     ("keep", lambda a: True)),
    ("html-script.html", b"<html><head><title>T</title><script>alert(1)</script></head><body><article><p>"
     + BODY.encode() * 3 + b"</p><script>document.write('x')</script></article></body></html>",
     ("keep", lambda a: True)),
    ("html-empty.html", b"<html><body><script>x()</script></body></html>", ("skip", "no article text")),
    ("html-table.html", b"<html><body><table>" + b"<tr><td>cell 1</td><td>12</td></tr>" * 20_000
     + b"</table><p>" + BODY.encode() + b"</p></body></html>", None),
    ("crlf.txt", BODY.replace("\n", "\r\n").encode() * 3, ("keep", lambda a: True)),
    ("zero-width.txt", ("\u200b\u200d" * 5_000 + BODY).encode(), ("keep", lambda a: True)),
    ("quote-markers.md", (">" * 20_000 + " " + BODY).encode(), ("keep", lambda a: True)),
    (".hidden.txt", BODY.encode(), ("absent", None)),
]

JSONL_LINES = [
    json.dumps({"text": "The mayor said 12 people came on Monday.", "title": "one"}).encode(),
    b'{"text": "a line with \x00\x00 NUL bytes"}',
    b"{not json",
    json.dumps({"text": "The minister said 40 people were hurt on Tuesday.", "title": "three"}).encode(),
]


def _run(args: list[str], cwd: Path, timeout: float = 600) -> subprocess.CompletedProcess:
    env = dict(os.environ, CONSISTENCY_CACHE_DIR=str(cwd / "cache"))
    cmd = [sys.executable, "-c", "import sys; from consistency.cli import main; sys.exit(main())", *args]
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, timeout=timeout)


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    """The batch of every file case beside two good articles, checked once as JSON and once as text."""
    root = tmp_path_factory.mktemp("hostile")
    folder = root / "batch"
    folder.mkdir()
    (folder / "good-en.txt").write_text(GOOD_EN, encoding="utf-8")
    (folder / "good-ar.txt").write_text(GOOD_AR, encoding="utf-8")
    for name, content, _ in FILE_CASES:
        path = folder / name
        if callable(content):
            content(path)
        else:
            path.write_bytes(content)
    (folder / "records.jsonl").write_bytes(b"\n".join(JSONL_LINES) + b"\n")
    (folder.joinpath(os.fsdecode(b"bad-\xff-name.txt"))).write_bytes(BODY.encode())
    common = [str(folder), "--no-rules", "--embedder", "tfidf", "--no-cache", "--fail-on", "never", "--quiet"]
    as_json = _run(["check", *common, "--format", "json"], root)
    as_text = _run(["check", *common, "--format", "text"], root)
    return as_json, as_text, folder


def _report(batch) -> dict:
    done = batch[0]
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")[-3000:]
    return json.loads(done.stdout)


def test_batch_exits_cleanly_with_the_good_articles(batch):
    """The batch runs to the end (exit 0, no traceback) and reports both good articles."""
    report = _report(batch)
    ids = {a["id"] for a in report["articles"]}
    assert {"good-en", "good-ar"} <= ids
    assert b"Traceback" not in batch[0].stderr


@pytest.mark.parametrize("name,expect", [(n, e) for n, _, e in FILE_CASES if e], ids=[n for n, _, e in FILE_CASES if e])
def test_file_case(batch, name, expect):
    """Each bad file is skipped with its reason; each odd but readable one is kept, cleaned."""
    report = _report(batch)
    skipped = {Path(s["path"]).name: s["reason"] for s in report["skipped"]}
    articles = {Path(a["path"]).name: a for a in report["articles"]}
    what, check = expect
    if what == "skip":
        assert name in skipped, f"{name} not skipped; articles: {sorted(articles)}"
        assert check in skipped[name]
    elif what == "absent":
        assert name not in skipped and name not in articles
    else:
        assert name in articles, f"{name} not kept: {skipped.get(name)}"
        assert check(articles[name])


def test_html_table_is_read_or_skipped_not_hung(batch):
    """A page that is a 20,000-row table ends the run like any other file (read or skipped)."""
    report = _report(batch)
    names = {Path(x["path"]).name for x in report["articles"] + report["skipped"]}
    assert "html-table.html" in names


def test_jsonl_bad_lines_cost_only_themselves(batch):
    """A NUL line and a broken line of a JSONL file are skipped alone; the good records are kept."""
    report = _report(batch)
    kept = sorted(a["title"] for a in report["articles"] if a["path"].startswith(str(batch[2] / "records.jsonl")))
    assert kept == ["one", "three"]
    bad = [s for s in report["skipped"] if "records.jsonl" in s["path"]]
    assert len(bad) == 2


def test_undecodable_file_name_is_reported_printably(batch):
    """A file name with bytes that are not UTF-8 is read and shown with the byte escaped."""
    report = _report(batch)
    assert any("bad-\\xff-name" in a["path"] for a in report["articles"])


def test_no_value_is_infinite(batch):
    """A 400-digit figure gives no value at all rather than an infinite one (JSON has no inf)."""
    text = batch[0].stdout.decode()
    assert "Infinity" not in text and "NaN" not in text


def test_text_report_carries_no_terminal_control(batch):
    """Escape sequences, BEL and bidi overrides from articles and names are shown as escapes."""
    done = batch[1]
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")[-3000:]
    out = done.stdout.decode("utf-8")
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    assert "\\x1b" in out and "<U+202E>" in out
    assert "انهيار جسر على الطريق الساحلي" in out  # right-to-left text is left as it is


def test_links_out_of_the_folder_are_read_when_asked(tmp_path):
    """--follow-symlinks reads a link to a file elsewhere; without it the file is never opened."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD_EN, encoding="utf-8")
    _outside(folder / "outside.txt")
    base = ["check", str(folder), "--no-rules", "--embedder", "tfidf", "--no-cache", "--format", "json", "--quiet"]
    without = json.loads(_run(base, tmp_path).stdout)
    assert "SECRET" not in json.dumps(without)
    with_links = json.loads(_run([*base, "--follow-symlinks"], tmp_path).stdout)
    assert any(a["id"] == "outside" for a in with_links["articles"])


def _bad_baseline(kind: str):
    def make(root: Path) -> list[str]:
        path = root / "baseline.yaml"
        path.write_text({"date": "reviewed:\n- id: 3f1c0a9e5b7d2c41\n  justification: ok\n  date: 2019-02-30\n",
                         "bomb": ALIAS_BOMB.replace("title: *a8", "reviewed: *a8"),
                         "garbage": "reviewed: [\n",
                         "scalar": "42\n"}[kind], encoding="utf-8")
        return ["--baseline", str(path)]
    return make


def _planted_cache(root: Path) -> list[str]:
    reports = root / "cache" / "reports"
    reports.mkdir(parents=True)
    marker = root / "PWNED"
    for name in ("x.pickle", "0" * 64 + ".pickle", "0" * 64 + ".report.json"):
        (reports / name).write_bytes(pickle.dumps(Pickled(str(marker))))
    (root / "cache" / "mentions.v3.sqlite3").write_bytes(b"not a database")
    return []


RULE = """extends: date
description: When the bridge collapsed
match:
  en:
    all:
      - '{pattern}'
compare:
  tolerance: {tolerance}
message: "{message}"
"""


def _bad_rule(pattern: str = "collapse", tolerance: str = "0", message: str = "{description}: {conflicts}",
              text: str | None = None):
    def make(root: Path) -> list[str]:
        folder = root / "rules"
        folder.mkdir()
        (folder / "bridge.yaml").write_text(
            text if text is not None else RULE.format(pattern=pattern, tolerance=tolerance, message=message), encoding="utf-8")
        return ["--rules", str(folder)]
    return make


# (name, extra arguments or a function of the run folder giving them, paths, exit codes allowed, stderr words)
CLI_CASES = [
    ("missing-path", [], ["nowhere/"], {2}, "no such file"),
    ("dev-zero", [], ["/dev/zero"], {2}, "not a regular file"),
    ("empty-folder", [], ["empty/"], {2}, "no readable article"),
    ("only-bad-files", [], ["bad/"], {2}, "no readable article"),
    ("threshold-nan", ["--threshold", "nan"], ["good/"], {2}, "nan"),
    ("threshold-inf", ["--threshold", "inf"], ["good/"], {2}, ""),
    ("jobs-zero", ["--jobs", "0"], ["good/"], {2}, ""),
    ("baseline-impossible-date", _bad_baseline("date"), ["good/"], {0, 1}, ""),
    ("baseline-alias-bomb", _bad_baseline("bomb"), ["good/"], {2}, "aliases"),
    ("baseline-not-yaml", _bad_baseline("garbage"), ["good/"], {2}, "not valid YAML"),
    ("baseline-scalar", _bad_baseline("scalar"), ["good/"], {2}, "expected"),
    ("output-to-folder", ["--output", "good"], ["good/"], {2}, ""),
    ("planted-cache", _planted_cache, ["good/"], {0, 1}, ""),
    ("rule-good", _bad_rule(), ["good/"], {0, 1}, ""),
    ("rule-nested-quantifier", _bad_rule(pattern="(a+)+$"), ["good/"], {2}, "backtrack"),
    ("rule-nested-star", _bad_rule(pattern="(\\w+\\s?)*$"), ["good/"], {2}, "backtrack"),
    ("rule-bad-regex", _bad_rule(pattern="(unclosed"), ["good/"], {2}, "regular expression"),
    ("rule-tolerance-nan", _bad_rule(tolerance=".nan"), ["good/"], {2}, "tolerance"),
    ("rule-tolerance-inf", _bad_rule(tolerance=".inf"), ["good/"], {2}, "tolerance"),
    ("rule-unknown-tag", _bad_rule(tolerance="!weird 3"), ["good/"], {2}, "tolerance"),
    ("rule-format-width", _bad_rule(message="{description:>20000000}"), ["good/"], {2}, "no format"),
    ("rule-alias", _bad_rule(text="a: &x [1]\nextends: *x\n"), ["good/"], {2}, "aliases"),
    ("rule-not-yaml", _bad_rule(text="extends: [\n"), ["good/"], {2}, "not valid YAML"),
    ("rule-empty", _bad_rule(text=""), ["good/"], {2}, "empty rule file"),
]


@pytest.mark.parametrize("name,extra,paths,codes,words", CLI_CASES, ids=[c[0] for c in CLI_CASES])
def test_cli_case(tmp_path, name, extra, paths, codes, words):
    """Each bad run ends with its exit code and one line on stderr, never a traceback or a hang."""
    (tmp_path / "good").mkdir()
    (tmp_path / "good" / "a.txt").write_text(GOOD_EN, encoding="utf-8")
    (tmp_path / "good" / "b.txt").write_text(GOOD_AR, encoding="utf-8")
    (tmp_path / "empty").mkdir()
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "x.txt").write_bytes(b"")
    os.mkfifo(tmp_path / "bad" / "pipe.txt")
    args = extra(tmp_path) if callable(extra) else extra
    rules = [] if "--rules" in args else ["--no-rules"]
    done = _run(["check", *paths, *rules, "--embedder", "tfidf", "--quiet", "--format", "json", *args],
                tmp_path, timeout=300)
    err = done.stderr.decode("utf-8", "replace")
    assert done.returncode in codes, err[-2000:]
    assert "Traceback" not in err
    assert words.lower() in err.lower()
    assert not (tmp_path / "PWNED").exists()  # nothing in the cache folder ran
