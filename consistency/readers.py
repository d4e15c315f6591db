"""Bytes to text, and text to (metadata, body): the format-specific half of ingest.

Every reader raises ``Unreadable(reason)`` for a file that cannot be read;
ingest turns that into a skipped entry with one warning, never a traceback.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Iterator

from . import safe_yaml
from .errors import UserError
from .limits import clean_text

METADATA_FIELDS = ("title", "published", "source_url", "outlet", "language")

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S | re.M)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
# One "field: value" per line whose value opens no YAML syntax (flow, quote,
# block, anchor, tag): how CMS exports and hand-made files write front matter.
_PLAIN_FIELD = re.compile(r"^([A-Za-z_][\w-]*):[ \t]+([^\s\[\]{}\"'|>&*!%@`#].*?)[ \t]*$")


def _binary(text: str) -> bool:
    """More control characters than a stray one or two per hundred: not prose."""
    return len(_CONTROL.findall(text)) > max(2, len(text) // 100)


class Unreadable(Exception):
    """This file (or record) cannot be read as an article; the message says why."""


@dataclass(frozen=True)
class Document:
    """One article's decoded text and metadata, before boilerplate and language."""

    text: str
    body_start: int = 0  # where the prose starts in ``text`` (after front matter)
    meta: dict[str, Any] = field(default_factory=dict)
    meta_source: str | None = None  # "front-matter", "json", "html-metadata"
    record: int | None = None  # record number in a .json/.jsonl file (1-based)
    record_bytes: bytes | None = None  # what the record's sha256 is taken of


def decode(raw: bytes) -> tuple[str, str]:
    """(text, encoding name): UTF-8 (with or without BOM), UTF-16/32, or what charset-normalizer finds."""
    if not raw.strip():
        raise Unreadable("empty file")
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            if encoding.startswith("utf-16") and len(raw) % 2:
                raw = raw[:-1]  # a stray last byte (a truncated copy): drop it, not the article
            try:
                return raw.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise Unreadable(f"not valid {encoding} despite its byte-order mark ({exc.reason})") from exc
    # Before UTF-8: ASCII in UTF-16 is valid UTF-8 too (with a NUL every other byte).
    encoding = _utf16_without_bom(raw) or (len(raw) % 2 and _utf16_without_bom(raw[:-1]))
    if encoding:  # a stray last byte (a truncated copy) is dropped, not the article
        return raw[: len(raw) - len(raw) % 2].decode(encoding), encoding
    if b"\x00" in raw:
        raise Unreadable("binary file (contains NUL bytes)")
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    mostly = _mostly_utf8(raw)
    if mostly is not None:
        return mostly, "utf-8 (invalid bytes replaced)"
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    if best is None:
        raise Unreadable("binary file or unknown encoding")
    text = str(best)
    if _binary(text):
        raise Unreadable("binary file (control characters)")
    return text, best.encoding


def _mostly_utf8(raw: bytes) -> str | None:
    """UTF-8 with a few stray bytes (a paste from a Windows-1256 file): decoded with U+FFFD for them.

    Guessing one legacy encoding for the whole file would garble the UTF-8
    part; a few replaced characters lose a word at most.
    """
    text = raw.decode("utf-8", "replace")
    bad = text.count("\ufffd")
    letters = sum(1 for ch in text if ord(ch) > 127 and ch != "\ufffd")
    return text if letters and bad <= letters // 4 else None


def _utf16_without_bom(raw: bytes) -> str | None:
    """UTF-16 without a BOM: NUL bytes on one side only (the high byte of ASCII
    letters, digits and spaces; Arabic text has its spaces and digits there)."""
    if len(raw) < 4 or len(raw) % 2:
        return None
    n = len(raw) // 2
    even, odd = raw[0::2].count(0), raw[1::2].count(0)
    for encoding, nuls, other in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if nuls >= 0.05 * n and other <= 0.01 * n:
            try:
                raw.decode(encoding)
            except UnicodeDecodeError:
                continue
            return encoding
    return None


def check_text(text: str) -> None:
    if not text.strip():
        raise Unreadable("empty file")
    if _binary(text):
        raise Unreadable("binary file (control characters)")


def read_plain(text: str) -> Document:
    """.txt/.md: optional YAML front matter between '---' lines, then the prose."""
    check_text(text)
    m = _FRONT_MATTER.match(text)
    if not m:
        return Document(text)
    try:
        meta = safe_yaml.load(m.group(1))
    except safe_yaml.ERRORS as exc:
        meta = _plain_fields(m.group(1))
        if meta is not None:
            return _document(text, m, meta)
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark else ""
        raise Unreadable(f"front matter is not valid YAML{where}: {str(exc).splitlines()[0][:120]}") from exc
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise Unreadable(f"front matter must be a mapping of fields, got {type(meta).__name__}")
    return _document(text, m, meta)


def _document(text: str, m: re.Match, meta: dict) -> Document:
    if not text[m.end():].strip():
        raise Unreadable("no article text after the front matter")
    return Document(text, body_start=m.end(), meta=_metadata(meta), meta_source="front-matter")


def _plain_fields(block: str) -> dict | None:
    """Front matter that YAML refuses only for a colon inside a plain value.

    "title: Minister: 30 dead" is not YAML (a second mapping on one line), yet
    it is how headlines are written; one of the annotated Beirut articles was
    skipped whole for it. Read such lines as field and value, split at the
    first colon; anything else YAML refused (an unclosed list, a quote) stays
    an error. None when a line is not of that form.
    """
    out = {}
    for line in block.splitlines():
        if not line.strip():
            continue
        fm = _PLAIN_FIELD.match(line)
        if fm is None or fm.group(1) in out:
            return None
        out[fm.group(1)] = fm.group(2)
    return out or None


def read_html(text: str) -> Document:
    """.html: the main article text and metadata, as trafilatura extracts them."""
    check_text(text)
    try:
        import trafilatura

        doc = trafilatura.bare_extraction(text, with_metadata=True, include_comments=False, include_tables=False)
    except ImportError as exc:  # a broken install, not a bad file: stop with the fix
        raise UserError(f"reading HTML needs trafilatura and lxml_html_clean: {exc}") from exc
    if doc is None:
        raise Unreadable("no article text found in the HTML page")
    data = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    body = (data.get("text") or "").strip()
    if not body:
        raise Unreadable("no article text found in the HTML page")
    meta = {
        "title": data.get("title"),
        "published": data.get("date"),
        "source_url": data.get("url"),
        "outlet": data.get("sitename"),
        "language": data.get("language"),
    }
    return Document(body, meta=_metadata(meta), meta_source="html-metadata")


# Where common exports keep each field, tried in order (dotted paths into the
# record): ours first, then WordPress REST (title.rendered, content.rendered,
# date, link), trafilatura's JSON (text, date, source, hostname) and
# schema.org-like names. ``--field NAME=PATH`` puts a path of the user's first.
FIELD_PATHS: dict[str, tuple[str, ...]] = {
    "text": ("text", "content.rendered", "content", "body", "articleBody", "raw_text"),
    "title": ("title.rendered", "title", "headline"),
    "published": ("published", "date", "datePublished", "published_at", "pubDate"),
    "source_url": ("source_url", "link", "url", "source"),
    "outlet": ("outlet", "sitename", "source-hostname", "hostname", "publisher.name", "publisher"),
    "language": ("language", "lang", "inLanguage"),
}
FIELDS = tuple(FIELD_PATHS)


def field_paths(overrides: dict[str, str] | None = None) -> dict[str, tuple[str, ...]]:
    """The paths to try for each field, a user's own (``--field text=body.html``) first."""
    paths = dict(FIELD_PATHS)
    for name, path in (overrides or {}).items():
        if name not in paths:
            raise UserError(f"--field {name}={path}: unknown field {name!r}; expected one of {', '.join(FIELDS)}")
        if not path.strip():
            raise UserError(f"--field {name}=: the path is empty (write --field {name}=KEY or KEY.SUBKEY)")
        paths[name] = (path.strip(),)  # the user's path alone: a silent fallback would hide a typo
    return paths


def _lookup(item: dict, path: str) -> Any:
    value: Any = item
    for key in path.split("."):
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    return value


def _field(item: dict, paths: tuple[str, ...]) -> Any:
    for path in paths:
        value = _lookup(item, path)
        if isinstance(value, (str, int, float)) and not isinstance(value, bool) and str(value).strip():
            return value
    return None


def read_records(text: str, *, lines: bool, fields: dict[str, str] | None = None) -> Iterator[Document | Unreadable]:
    """.json (an object or a list of objects) or .jsonl (one object a line).

    Yields a Document per record with a text, and an Unreadable (carrying its
    record number in ``args[1]``) per record without one, so one bad record
    does not lose the file. Fields are found where common CMS exports keep
    them (``FIELD_PATHS``, or ``fields`` given by the user); HTML in the text
    becomes plain text, which the offsets then point into.
    """
    if not lines:
        check_text(text)
    elif not text.strip():
        raise Unreadable("empty file")
    paths = field_paths(fields)
    if lines:
        items: list[tuple[int, Any]] = []
        for n, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            if "\x00" in line:  # one corrupt line costs itself, not the file's other records
                yield Unreadable(f"line {n}: binary (NUL bytes)", n)
                continue
            try:
                items.append((n, json.loads(line)))
            except json.JSONDecodeError as exc:
                yield Unreadable(f"line {n}: not valid JSON ({exc.msg})", n)
            except RecursionError:
                yield Unreadable(f"line {n}: JSON nested too deeply", n)
    else:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise Unreadable(f"not valid JSON ({exc.msg} at line {exc.lineno})") from exc
        except RecursionError as exc:
            raise Unreadable("JSON nested too deeply") from exc
        if isinstance(data, dict):
            items = [(0, data)]
        elif isinstance(data, list):
            items = list(enumerate(data, start=1))
        else:
            raise Unreadable(f"expected a JSON object or a list of objects, got {type(data).__name__}")
    for n, item in items:
        label = f"record {n}" if n else "the JSON object"
        if not isinstance(item, dict):
            yield Unreadable(f"{label}: expected an object, got {type(item).__name__}", n)
            continue
        body = _field(item, paths["text"])
        if not isinstance(body, str) or not body.strip():
            yield Unreadable(f"{label}: no article text (looked for {', '.join(repr(p) for p in paths['text'])}; "
                             f"name the field with --field text=KEY)", n)
            continue
        if _binary(body):
            yield Unreadable(f"{label}: binary text (control characters)", n)
            continue
        body = html_to_text(body) if looks_like_html(body) else body
        if not body.strip():
            yield Unreadable(f"{label}: no article text left once the HTML tags are removed", n)
            continue
        meta = {k: _field(item, paths[k]) for k in FIELDS if k != "text"}
        if isinstance(meta.get("title"), str) and looks_like_html(meta["title"]):
            meta["title"] = " ".join(html_to_text(meta["title"]).split())
        raw = json.dumps(item, ensure_ascii=False, sort_keys=True).encode("utf-8", "surrogatepass")
        yield Document(clean_text(body), meta=_metadata(meta), meta_source="json", record=n or None, record_bytes=raw)


_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>|&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);")
_BLOCK = frozenset("p div br li ul ol h1 h2 h3 h4 h5 h6 blockquote figure figcaption section article header "
                   "footer table tr pre hr aside".split())
_DROPPED = frozenset("script style noscript template iframe object svg".split())


def looks_like_html(text: str) -> bool:
    """A text field that carries markup (tags or entities), as CMS exports do."""
    return bool(_TAG.search(text))


def html_to_text(markup: str) -> str:
    """The text of an HTML fragment: a line per block element, no scripts or styles, entities decoded."""
    from lxml import etree, html

    try:
        root = html.fragment_fromstring(markup, create_parent="div")
    except (etree.ParserError, ValueError):
        return markup
    parts: list[str] = []

    def walk(el) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in _DROPPED:
            if el.tail:
                parts.append(el.tail)
            return
        if tag in _BLOCK:
            parts.append("\n")
        if el.text and tag not in _DROPPED and isinstance(el.tag, str):
            parts.append(el.text)
        for child in el:
            walk(child)
        if tag in _BLOCK:
            parts.append("\n")
        if el.tail:
            parts.append(el.tail)

    walk(root)
    lines = (" ".join(line.split()) for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line) + "\n"


def _metadata(meta: dict[str, Any]) -> dict[str, Any]:
    """The known fields, as strings (published as a date or the raw value)."""
    out: dict[str, Any] = {}
    for key in METADATA_FIELDS:
        value = meta.get(key)
        if value is None or value == "":
            continue
        out[key] = value  # types and ranges: limits.check_metadata, where the warnings can name the file
    return out


class RelativeDate(ValueError):
    """A metadata date written relative to the day it was read ("yesterday"): it has no fixed meaning."""


def parse_published(value: Any) -> date | None:
    """A metadata date (YAML date, ISO string, or a date in words); None if it is not one.

    A relative value ("yesterday", "3 days ago", "أمس") raises RelativeDate:
    resolved against the day of the run, it would give another verdict on
    another day.
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not value.strip():
        return None
    s = value.strip()
    try:
        return date.fromisoformat(s[:10])
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(s.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    import dateparser

    # Absolute forms only: dateparser would otherwise read "yesterday" against today.
    parsed = dateparser.parse(s, settings={"STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"],
                                           "PARSERS": ["custom-formats", "absolute-time"]})
    if parsed:
        return parsed.date()
    if dateparser.parse(s, settings={"PARSERS": ["relative-time"]}):
        raise RelativeDate(f"published: {s!r} is a relative date, which would be read against the day of the run; "
                           f"write the date itself (YYYY-MM-DD)")
    return None
