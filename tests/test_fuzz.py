"""Property tests over hostile text: reading, segmentation, normalization, the three extractors.

Whatever the input, each stage either returns or (readers only) raises the
documented ``Unreadable``; every offset points into the original text; every
value is finite and on the calendar. The strategies (fuzz_strategies.py)
draw words from consistency/data/*.yaml so the grammar is reached, not only
its early exits.

Runs are reproducible (a fixed seed) and small by default. For a nightly run,
``CONSISTENCY_FUZZ_EXAMPLES=20000`` sets every test's example count, and in
that mode each call must also finish within ``CONSISTENCY_FUZZ_HANG_SECONDS``
(default 2) of CPU time: a hang detector, not a benchmark, so it is off in
ordinary runs where a slow machine must not fail a test. ``CONSISTENCY_FUZZ_SEED=N`` explores
from another seed.
"""

from __future__ import annotations

import gc
import math
import os
import time
from datetime import date

from hypothesis import HealthCheck, example, given, seed, settings
from hypothesis import strategies as st

from consistency.boilerplate import prose_regions
from consistency.extract.attributions import extract_attributions
from consistency.extract.dates import extract_dates
from consistency.extract.quantities import extract_quantities
from consistency.ingest import _article
from consistency.model import Article, Statement
from consistency.normalize import normalize, normalize_with_map, to_original_span
from consistency.readers import Document, Unreadable, decode, parse_published, read_html, read_plain, read_records
from consistency.segment import segment

from fuzz_strategies import (
    articles,
    encodings,
    html_files,
    large_texts,
    json_files,
    plain_files,
    published,
    sentences,
)

EXAMPLES = int(os.environ.get("CONSISTENCY_FUZZ_EXAMPLES") or 0)
HANG_SECONDS = float(os.environ.get("CONSISTENCY_FUZZ_HANG_SECONDS") or 2)
SEED = os.environ.get("CONSISTENCY_FUZZ_SEED")

GRANULARITIES = {"day", "week", "part-of-month", "month", "season", "half", "quarter", "part-of-year", "year", "decade"}
QUANTITY_KINDS = {"money", "count", "percent", "duration", "ordinal", "other"}


def fuzz(examples: int):
    """Hypothesis settings: ``examples`` by default (or the nightly count), fixed seed, no deadline."""
    def wrap(test):
        test = settings(
            max_examples=EXAMPLES or examples,
            derandomize=SEED is None,
            database=None,
            deadline=None,  # a slow CI machine is not a bug; hangs are caught by timed() at night
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
        )(test)
        return seed(int(SEED))(test) if SEED is not None else test
    return wrap


def timed(fn, *args, **kwargs):
    """``fn(*args, **kwargs)``; in the nightly mode, a call over HANG_SECONDS fails as a hang.

    CPU time of this process, with the garbage collector held off during the
    call: other jobs on the machine and a collection of the extractors' memo
    caches once stalled a 4-character call for 3.8 s of wall time. A blocked
    call (no CPU used) still fails at five times the bound of wall time.
    """
    if not EXAMPLES:
        return fn(*args, **kwargs)
    gc.disable()
    try:
        t0, c0 = time.perf_counter(), time.process_time()
        out = fn(*args, **kwargs)
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    finally:
        gc.enable()
    size = sum(len(a) for a in args if isinstance(a, (str, list, tuple)))
    assert cpu < HANG_SECONDS and wall < 5 * HANG_SECONDS, (
        f"{fn.__name__} took {cpu:.1f} s of CPU ({wall:.1f} s wall) on an input of length {size}")
    return out


def timed_cold(fn, *args, **kwargs):
    """``timed`` for the readers, whose first use of a language is slow once:
    dateparser loads that language's data (3.7 s of CPU for one Persian-digit
    date in a loaded nightly run). A slow call is run again and fails only if
    it is slow again; a hang is slow every time."""
    try:
        return timed(fn, *args, **kwargs)
    except AssertionError:
        return timed(fn, *args, **kwargs)


def _warm_up() -> None:
    """Load the extractors' lexicons before anything is timed (the first call reads the data files)."""
    text = "وقال الوزير إن 5 مليارات دولار دُفعت في 12 يوليو 2019, Reuters said."
    st_ = Statement("warm", 0, text, 0, len(text))
    extract_dates(st_.text, published=date(2020, 1, 1))
    extract_quantities(st_.text)
    extract_attributions([st_])
    prose_regions(st_.text)


if EXAMPLES:
    _warm_up()


def _article_of(text: str, pub: date | None = None) -> Article:
    return Article("fuzz", "fuzz.txt", None, text, pub, None, "und", "0" * 64, ((0, len(text)),))


# ---------------------------------------------------------------- reading
@fuzz(300)
@given(st.binary(max_size=2000))
def test_decode_random_bytes(raw):
    """Any bytes decode to text or raise Unreadable, nothing else."""
    try:
        text, encoding = timed_cold(decode, raw)
    except Unreadable:
        return
    assert isinstance(text, str) and isinstance(encoding, str)


@fuzz(100)
@given(st.data())
def test_decode_encoded_text(data):
    """Fuzzed prose in any encoding decodes or is refused; UTF-8 without NUL decodes to itself."""
    text = data.draw(articles())
    raw = data.draw(encodings(text))
    try:
        got, _ = timed_cold(decode, raw)
    except Unreadable:
        return
    assert isinstance(got, str)
    plain = text.encode("utf-8", errors="replace")
    if raw == plain and "\x00" not in text and plain.strip():
        assert got == plain.decode("utf-8")


@fuzz(120)
@given(plain_files())
@example("---\npublished: 2019-02-30\n---\nنص المقال.\n")
@example("---\ntitle: 0000-01-01\n---\nText.\n")
@example("---\npublished: 2019-07-12T10:00:00+99:00\n---\nText.\n")
def test_read_plain(text):
    """A .txt/.md file gives a Document over the same text, or Unreadable."""
    try:
        doc = timed_cold(read_plain, text)
    except Unreadable:
        return
    assert isinstance(doc, Document)
    assert doc.text == text and 0 <= doc.body_start <= len(text)
    if "published" in doc.meta:  # other fields are typed by limits.check_metadata (see _check_article)
        got = timed_cold(parse_published, doc.meta["published"])
        assert got is None or isinstance(got, date)


@fuzz(80)
@given(st.booleans().flatmap(lambda lines: st.tuples(st.just(lines), json_files(lines))))
@example((False, '[{"text": "\\ud800 "}, {"text": "ok"}]'))
@example((True, '{"text": "ok", "title": "\\udc80"}'))
@example((False, "[" * 5000 + "]" * 5000))
@example((True, "[" * 5000 + "]" * 5000 + '\n{"text": "ok"}'))
def test_read_records(file):
    """A .json/.jsonl file yields Documents and per-record Unreadables, or raises Unreadable."""
    lines, text = file
    try:
        items = timed_cold(lambda: list(read_records(text, lines=lines)))
    except Unreadable:
        return
    for item in items:
        assert isinstance(item, (Document, Unreadable))
        if isinstance(item, Document):
            assert item.text.strip() and isinstance(item.record_bytes, bytes)
            item.text.encode("utf-8")  # no lone surrogate from a "\ud800" escape goes on to the report
            _check_article(item)


@fuzz(40)
@given(html_files())
def test_read_html(page):
    """An HTML page gives a Document with text, or Unreadable."""
    try:
        doc = timed_cold(read_html, page)
    except Unreadable:
        return
    assert isinstance(doc, Document) and doc.text.strip()
    _check_article(doc)


def _check_article(doc: Document) -> None:
    """Build the Article as ingest does: regions in order inside the text, metadata of the right types."""
    try:
        art = timed_cold(_article, doc, "fuzz", "fuzz.txt", "0" * 64, None)
    except Unreadable:
        return
    last = doc.body_start
    for s, e in art.regions:
        assert last <= s < e <= len(doc.text), (s, e)
        last = e
    assert art.published is None or isinstance(art.published, date)
    for value in (art.title, art.outlet, art.source_url, art.language):
        assert value is None or isinstance(value, str)


@fuzz(100)
@given(plain_files())
def test_article_regions(text):
    """Boilerplate removal and the article built from a .txt Document keep regions inside the text."""
    try:
        doc = read_plain(text)
    except Unreadable:
        return
    _check_article(doc)


# ---------------------------------------------------------- segmentation
@fuzz(150)
@given(articles())
@example("1st 1st 1st\na ")  # a hard-wrapped sentence joins two regions across one line break
def test_segment_offsets(text):
    """Statements are in order, quote the original text exactly, and never take in a dropped line."""
    regions = tuple(prose_regions(text)) or ((0, len(text)),)
    art = Article("fuzz", "fuzz.txt", None, text, None, None, "und", "0" * 64, regions)
    statements = timed(segment, art)
    last = 0
    for i, s in enumerate(statements):
        assert s.index == i and s.article_id == "fuzz"
        assert last <= s.start < s.end <= len(text)
        assert s.text == text[s.start:s.end]
        assert s.norm == normalize(s.text)
        covered = [(rs, re_) for rs, re_ in regions if rs < s.end and s.start < re_]
        assert covered and covered[0][0] <= s.start and s.end <= covered[-1][1]
        for (_, a), (b, _) in zip(covered, covered[1:]):
            assert text[a:b].count("\n") == 1, text[a:b]  # only a line break between joined lines
        last = s.end


# ---------------------------------------------------------- normalization
@fuzz(300)
@given(sentences(), st.data())
def test_normalize_map(text, data):
    """normalize_with_map agrees with normalize and maps every character back into the original."""
    norm, offsets = timed(normalize_with_map, text)
    assert norm == normalize(text)
    assert len(offsets) == len(norm)
    assert offsets == sorted(offsets) and all(0 <= o < len(text) for o in offsets)
    if norm:
        a = data.draw(st.integers(0, len(norm)))
        b = data.draw(st.integers(a, len(norm)))
        s, e = to_original_span(offsets, a, b, text)
        assert 0 <= s <= e <= len(text)


@fuzz(300)
@given(sentences())
def test_normalize_idempotent(text):
    """Folding folded text changes nothing: patterns are folded once, text once."""
    once = normalize(text)
    assert normalize(once) == once


# ------------------------------------------------------------- extractors
def _check_span(text: str, offset: int, m) -> None:
    s, e = m.start - offset, m.end - offset
    assert 0 <= s < e <= len(text), (m.start, m.end, offset, len(text))
    assert text[s:e] == m.text


@fuzz(400)
@given(sentences("dates"), published, st.integers(0, 10**6))
@example("Relations soured later in the 1990s", date(2020, 1, 1), 0)
def test_extract_dates(text, pub, offset):
    """Date mentions quote the statement at their span; intervals are real dates in order."""
    for m in timed(extract_dates, text, published=pub, offset=offset):
        _check_span(text, offset, m)
        v = m.value
        assert v.granularity in GRANULARITIES
        for d in (v.start, v.end, v.anchor):
            assert d is None or isinstance(d, date)
        if v.start is not None and v.end is not None:
            assert v.start <= v.end, v
        if v.unresolved is None:
            assert v.start is not None or v.end is not None, v


@fuzz(400)
@given(sentences("quantities"), st.integers(0, 10**6))
@example("1" + "0" * 400 + " dollars", 0)  # inf once reached the JSON report
@example("9" * 309 + " ", 0)
def test_extract_quantities(text, offset):
    """Quantity mentions quote the statement at their span; values are finite and ordered."""
    for m in timed(extract_quantities, text, offset=offset):
        _check_span(text, offset, m)
        v = m.value
        assert v.kind in QUANTITY_KINDS
        for x in (v.low, v.high, v.precision):
            assert math.isfinite(x), v
        assert v.low <= v.high and v.precision >= 0, v


@fuzz(100)
@given(articles("attributions"))
def test_extract_attributions(text):
    """One tuple per statement; each attribution and its content lie inside its statement."""
    statements = segment(_article_of(text))
    found = timed(extract_attributions, statements)
    assert len(found) == len(statements)
    for st_, mentions in zip(statements, found):
        for m in mentions:
            assert st_.start <= m.start < m.end <= st_.end
            assert text[m.start:m.end] == m.text
            v = m.value
            if v.content_start is not None or v.content_end is not None:
                assert st_.start <= v.content_start <= v.content_end <= st_.end, (v.content_start, v.content_end)


@fuzz(80)
@given(st.lists(sentences("attributions"), min_size=1, max_size=6), st.integers(0, 10**5))
def test_extract_attributions_offsets(texts, base):
    """Statements at any article offset (as segment gives them) keep attributions in article offsets."""
    article, statements, pos = " " * base, [], base
    for i, t in enumerate(texts):
        statements.append(Statement("fuzz", i, t, pos, pos + len(t), normalize(t)))
        article += t + "\n"
        pos += len(t) + 1
    for st_, mentions in zip(statements, timed(extract_attributions, statements)):
        for m in mentions:
            assert st_.start <= m.start <= m.end <= st_.end
            assert article[m.start:m.end] == m.text


# ------------------------------------------------------------ long input
@fuzz(8)
@given(large_texts())
@example("ا" * 8000 + " 2019")  # a long word: boilerplate's nested quantifier took 9.4 s
def test_large_input(text):
    """Long words, runs of marks, lines of dates or cues: every stage returns (in bounded time at night)."""
    regions = tuple(timed(prose_regions, text)) or ((0, len(text)),)
    timed(normalize_with_map, text)
    statements = timed(segment, Article("fuzz", "fuzz.txt", None, text, None, None, "und", "0" * 64, regions))
    for s in statements:
        for m in timed(extract_dates, s.text, published=date(2020, 1, 1), offset=s.start):
            assert text[m.start:m.end] == m.text
        for m in timed(extract_quantities, s.text, offset=s.start):
            assert text[m.start:m.end] == m.text
    timed(extract_attributions, statements)


# ------------------------------------------------- reproducers found by fuzzing
def test_front_matter_impossible_date_is_no_date():
    """A front matter date that is not on the calendar (Feb 30, year 0) once crashed; now it is no date."""
    for value in ("2019-02-30", "0000-01-01"):
        try:
            doc = read_plain(f"---\npublished: {value}\n---\nThe deal was signed.\n")
        except Unreadable:
            continue
        assert parse_published(doc.meta.get("published")) is None


def test_records_lone_surrogate_kept_apart():
    """A JSON record with a lone surrogate escape (once UnicodeEncodeError) never carries it on; the next record is read."""
    items = list(read_records('[{"text": "\\ud800 قال"}, {"text": "The deal was signed."}]', lines=False))
    assert len(items) == 2
    if isinstance(items[0], Document):
        items[0].text.encode("utf-8")
    assert isinstance(items[1], Document) and items[1].text == "The deal was signed."


def test_records_deep_nesting_unreadable():
    """JSON nested past the parser's recursion limit is Unreadable; in .jsonl only its own line is lost."""
    deep = "[" * 5000 + "]" * 5000
    try:
        list(read_records(deep, lines=False))
    except Unreadable as exc:
        assert "nested too deeply" in str(exc)
    else:
        raise AssertionError("deep JSON was read")
    items = list(read_records(deep + '\n{"text": "The deal was signed."}', lines=True))
    assert isinstance(items[0], Unreadable) and items[0].args[1] == 1
    assert isinstance(items[1], Document) and items[1].record == 2


def test_decade_with_earlier_or_later():
    """'later in the 1990s' (once KeyError 'later') reads as the whole decade."""
    for phrase in ("later in the 1990s", "earlier in the 1990s"):
        (m,) = extract_dates(f"Relations soured {phrase}", published=date(2020, 1, 1))
        assert m.text == phrase
        assert (m.value.start, m.value.end, m.value.granularity) == (date(1990, 1, 1), date(1999, 12, 31), "decade")


def test_quantity_past_float_range_left_out():
    """A 400-digit figure (once inf in the report) is left out; the sentence's other figures stay."""
    found = extract_quantities("1" + "0" * 400 + " dollars and 5 people")
    assert [(m.text, m.value.low) for m in found] == [("5 people", 5.0)]
