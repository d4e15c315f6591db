"""Sentence segmentation with offsets into the original text."""

from __future__ import annotations

from pathlib import Path

import pytest

from consistency.ingest import ingest
from consistency.model import Article
from consistency.normalize import normalize
from consistency.segment import segment


def _article(text: str, regions=()) -> Article:
    return Article("t", "t.txt", None, text, None, None, "und", "0" * 64, tuple(regions))


def _sentences(text: str) -> list[str]:
    return [s.text for s in segment(_article(text))]


CASES = [
    # (language, text, expected sentences)
    ("ar", "وقعت روسيا العقد. وبدأ التسليم في 2019.", ["وقعت روسيا العقد.", "وبدأ التسليم في 2019."]),
    ("ar", "هل وقعت تركيا؟ نعم وقعت! والتسليم قريب", ["هل وقعت تركيا؟", "نعم وقعت!", "والتسليم قريب"]),
    ("ar", "ودعت واشنطن أنقرة إلى التخلي عن الصفقة؛ مهددة بعقوبات.", ["ودعت واشنطن أنقرة إلى التخلي عن الصفقة؛", "مهددة بعقوبات."]),
    ("ar", "بلغت قيمة العقود 8.6 مليار دولار هذا العام.", ["بلغت قيمة العقود 8.6 مليار دولار هذا العام."]),
    ("ar", "قال رئيس هيئة (إس.إس.بي) إن العمل جار.", ["قال رئيس هيئة (إس.إس.بي) إن العمل جار."]),
    ("ar", "التقى د. محمد بالوزير أمس.", ["التقى د. محمد بالوزير أمس."]),
    ("ar", "انتهى الاجتماع.وقال الوزير إن النتائج جيدة.", ["انتهى الاجتماع.", "وقال الوزير إن النتائج جيدة."]),
    ("ar", "بعد الصفقة.. روسيا وتركيا تتفقان على مشروع مشترك", ["بعد الصفقة.. روسيا وتركيا تتفقان على مشروع مشترك"]),
    ("ar", "وقال الوزير: «المحادثات مستمرة. وسنوقع قريباً». ثم غادر.", ["وقال الوزير: «المحادثات مستمرة. وسنوقع قريباً».", "ثم غادر."]),
    ("ar", "وأضاف أن “العمل يجري. والنتائج قريبة” إلى تركيا.", ["وأضاف أن “العمل يجري. والنتائج قريبة” إلى تركيا."]),
    ("ar", "وأضاف أن \"المفاوضات صعبة. لكنها مستمرة\nوقال آخر إن الوضع هادئ.", ["وأضاف أن \"المفاوضات صعبة.", "لكنها مستمرة", "وقال آخر إن الوضع هادئ."]),
    ("ar", "عنوان قصير\nنص المقال يبدأ هنا.", ["عنوان قصير", "نص المقال يبدأ هنا."]),
    ("en", "U.S. officials met Mr. Smith on Monday. They agreed.", ["U.S. officials met Mr. Smith on Monday.", "They agreed."]),
    ("en", "The deal is worth $8.6 billion. It was signed in 2019.", ["The deal is worth $8.6 billion.", "It was signed in 2019."]),
    ("en", "J. R. Smith said so. Then he left.", ["J. R. Smith said so.", "Then he left."]),
    ("en", "He said: \"We will sign. It is close.\" Then he left.", ["He said: \"We will sign. It is close.\"", "Then he left."]),
    ("en", "Talks stalled... Officials left early.", ["Talks stalled...", "Officials left early."]),
    ("en", "Is it final? Yes! It is.", ["Is it final?", "Yes!", "It is."]),
    ("en", "The minister said the deal,\nsigned in July, was final.", ["The minister said the deal,\nsigned in July, was final."]),
    ("en", "The army arrived in approx. five hours.", ["The army arrived in approx. five hours."]),
    ("mixed", "اشترت تركيا منظومة S-400 من روسيا. Turkey bought the S-400.", ["اشترت تركيا منظومة S-400 من روسيا.", "Turkey bought the S-400."]),
]


@pytest.mark.parametrize("lang,text,expected", CASES)
def test_segment_table(lang, text, expected):
    """Sentences end where a reader would end them, and nowhere else."""
    assert _sentences(text) == expected


def test_bullets_and_blank_lines_are_not_statements():
    """Leading bullets, markdown heading marks and lines without words do not make statements."""
    text = "  • مبنى وزارة الدفاع\n\n# Heading here\n---\n*  *\n"
    assert _sentences(text) == ["مبنى وزارة الدفاع", "Heading here"]


def test_regions_limit_statements():
    """Only text inside the article's regions is segmented."""
    text = "debris line\nReal sentence one. Real two.\nmore debris"
    start = text.index("Real")
    end = text.index("\nmore")
    got = segment(_article(text, [(start, end)]))
    assert [s.text for s in got] == ["Real sentence one.", "Real two."]


def _all_articles(seeds_dir: Path, fixtures: Path) -> list[Article]:
    articles, _ = ingest([seeds_dir, fixtures], warn=None)
    return articles


def test_offsets_point_into_original_text(seeds_dir, ingest_fixtures):
    """For every statement of every article, text[start:end] of the original is the statement."""
    articles = _all_articles(seeds_dir, ingest_fixtures)
    assert len(articles) >= 10
    for a in articles:
        statements = segment(a)
        assert statements, a.id
        last_end = 0
        for i, s in enumerate(statements):
            assert s.index == i and s.article_id == a.id
            assert a.text[s.start:s.end] == s.text
            assert s.norm == normalize(s.text)
            assert s.start >= last_end and s.text == s.text.strip()
            assert any(rs <= s.start and s.end <= re_ for rs, re_ in a.regions) or "\n" in s.text
            last_end = s.end


def test_offsets_in_original_file_bytes(seeds_dir):
    """Statement offsets hold against the file as decoded from disk, not a cleaned copy."""
    articles, _ = ingest([seeds_dir], warn=None)
    for a in articles:
        original = (seeds_dir.parent / a.path).read_text(encoding="utf-8")
        for s in segment(a):
            assert original[s.start:s.end] == s.text


def test_seed_statement_counts(seeds_dir):
    """Each seed article yields a plausible number of statements (headline and prose, no debris)."""
    articles, _ = ingest([seeds_dir], warn=None)
    counts = {a.id: len(segment(a)) for a in articles}
    # one statement per sentence: between 10 and 40 for these 300-900 word articles
    assert all(10 <= n <= 40 for n in counts.values()), counts
