"""JSON exports of content systems, --field mappings, HTML inside a text field, and relative `published`."""

from __future__ import annotations

import json
from datetime import date

import pytest

from consistency.errors import UserError
from consistency.ingest import ingest
from consistency.segment import segment

WORDPRESS = [{
    "id": 4411,
    "date": "2023-02-07T09:30:00",
    "date_gmt": "2023-02-07T07:30:00",
    "link": "https://news.example.org/2023/02/07/aftershock/",
    "title": {"rendered": "Aftershock &#8220;felt across&#8221; the region"},
    "content": {"rendered": "<p>Rescue teams reached <strong>Antakya</strong> on Tuesday.</p>\n"
                            "<p>The toll rose to 5,434 people, officials said.</p>"
                            "<script>track()</script>", "protected": False},
    "excerpt": {"rendered": "<p>Rescue teams reached Antakya.</p>"},
}]

TRAFILATURA = {
    "title": "انخفاض منسوب المياه في السد",
    "author": None,
    "hostname": "example.net",
    "date": "2023-09-14",
    "source": "https://example.net/dam",
    "source-hostname": "صحيفة المثال",
    "text": "قال المسؤول إن منسوب المياه انخفض بمقدار 3 أمتار خلال يومين.",
    "language": "ar",
}


def _read(tmp_path, name, content, **kw):
    path = tmp_path / name
    path.write_text(content if isinstance(content, str) else json.dumps(content, ensure_ascii=False), encoding="utf-8")
    warnings: list[str] = []
    articles, skipped = ingest([path], warn=warnings.append, **kw)
    return articles, skipped, warnings


def test_wordpress_rest_export(tmp_path):
    """WordPress REST posts: title.rendered, content.rendered (HTML reduced to text), date and link."""
    (a,), skipped, _ = _read(tmp_path, "posts.json", WORDPRESS)
    assert skipped == []
    assert a.title == "Aftershock “felt across” the region"
    assert (a.published, a.published_source) == (date(2023, 2, 7), "json")
    assert a.source_url == "https://news.example.org/2023/02/07/aftershock/"
    assert "<" not in a.text and "track()" not in a.text
    sentences = [s.text for s in segment(a)]
    assert "The toll rose to 5,434 people, officials said." in sentences
    assert "Rescue teams reached Antakya on Tuesday." in sentences


def test_trafilatura_json(tmp_path):
    """trafilatura's JSON output: text, date, source (the URL) and source-hostname (the outlet)."""
    (a,), _, _ = _read(tmp_path, "page.json", TRAFILATURA)
    assert (a.title, a.published, a.source_url, a.outlet, a.language) == (
        "انخفاض منسوب المياه في السد", date(2023, 9, 14), "https://example.net/dam", "صحيفة المثال", "ar")


def test_field_option_names_other_keys(tmp_path):
    """--field maps any export's keys, nested ones with dots; only the named path is used for that field."""
    record = {"story": {"body": "<div>The port reopened after 9 days.</div>"}, "meta": {"when": "2022-11-03"},
              "text": "not the article"}
    fields = {"text": "story.body", "published": "meta.when"}
    (a,), _, _ = _read(tmp_path, "feed.jsonl", json.dumps(record) + "\n", fields=fields)
    assert a.text.strip() == "The port reopened after 9 days."
    assert a.published == date(2022, 11, 3)


def test_unknown_field_is_a_user_error(tmp_path):
    """--field with a field the checker does not know names it and the known ones."""
    with pytest.raises(UserError, match="unknown field 'body'.*text, title, published"):
        _read(tmp_path, "a.json", {"text": "x"}, fields={"body": "content"})


def test_record_without_text_says_where_it_looked(tmp_path):
    """A record with no text under any known key is skipped with the keys tried and the --field hint."""
    _, skipped, warnings = _read(tmp_path, "two.json", [{"text": "A sentence here."}, {"headline": "only a title"}])
    assert len(skipped) == 1 and "content.rendered" in skipped[0].reason and "--field text=" in skipped[0].reason


def test_html_entities_alone_are_decoded(tmp_path):
    """A text field with entities but no tags is still read as HTML: &amp; becomes &."""
    (a,), _, _ = _read(tmp_path, "a.json", {"text": "Profits at Smith &amp; Sons rose 4%."})
    assert a.text.strip() == "Profits at Smith & Sons rose 4%."


def test_plain_text_field_is_untouched(tmp_path):
    """A text field without markup is kept byte for byte, so offsets point into it as written."""
    body = "The ratio was 3 < 4 and 5 > 2, the report said.\nSecond line."
    (a,), _, _ = _read(tmp_path, "a.json", {"text": body})
    assert a.text == body


RELATIVE = ["yesterday", "3 days ago", "last week", "أمس", "منذ يومين"]


@pytest.mark.parametrize("value", RELATIVE)
def test_relative_published_is_rejected(tmp_path, value):
    """A relative published value stops the run with one line naming the file and the value."""
    with pytest.raises(UserError) as info:
        _read(tmp_path, "a.md", f"---\npublished: {value}\n---\nThe council approved the plan.\n")
    message = str(info.value)
    assert "a.md" in message and repr(value) in message and "relative" in message and "\n" not in message


@pytest.mark.parametrize("value,expected", [("2024-05-01", date(2024, 5, 1)), ("5 May 2024", date(2024, 5, 5)),
                                            ("29 سبتمبر 2021", date(2021, 9, 29))])
def test_absolute_published_still_read(tmp_path, value, expected):
    """Absolute dates, in figures or in words, are read as before."""
    (a,), _, _ = _read(tmp_path, "a.md", f"---\npublished: {value}\n---\nThe council approved the plan.\n")
    assert a.published == expected


def test_relative_published_in_json_names_the_record(tmp_path):
    """In a JSON lines file the message names the record."""
    lines = json.dumps({"text": "A sentence.", "date": "2023-01-01"}) + "\n" + json.dumps({"text": "The council approved the plan on Monday.", "date": "yesterday"})
    with pytest.raises(UserError, match=r"feed\.jsonl#2: published: 'yesterday'"):
        _read(tmp_path, "feed.jsonl", lines)


def test_relative_published_on_the_command_line(cli, tmp_path):
    """The CLI turns it into exit code 2 and one line on stderr."""
    (tmp_path / "a.md").write_text("---\npublished: yesterday\n---\nThe council approved the plan.\n", encoding="utf-8")
    result = cli("check", tmp_path, "--embedder", "tfidf", "--no-rules", "--quiet", "--no-cache")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "a.md: published: 'yesterday' is a relative date" in result.stderr
