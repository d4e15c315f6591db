"""Ingest: formats, encodings, metadata, ids, language, and bad inputs."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path

import pytest

from consistency.errors import UserError
from consistency.ingest import ingest
from consistency.lang import detect_language
from consistency.segment import segment


def _read(*paths: Path):
    warnings: list[str] = []
    articles, skipped = ingest(list(paths), warn=warnings.append)
    return articles, skipped, warnings


def _statements(article) -> list[str]:
    return [s.text for s in segment(article)]


FORMATS = [
    # (file, id, language, title, published, published_source, a sentence it must hold)
    ("ar_windows1256.txt", "ar_windows1256", "ar", "وزارة الصحة تعلن افتتاح مستشفى جديد في الإسكندرية", None, None,
     "وقال المتحدث باسم الوزارة إن تكلفة المشروع بلغت 1.2 مليار جنيه، مضيفاً أن العمل بدأ في آذار/ مارس 2019."),
    ("en_utf16.txt", "en_utf16", "en", "City council approves new bridge", None, None,
     "The mayor said construction would start in March 2024 and take about two years."),
    ("front_matter_bom.md", "front_matter_bom", "en", "Port reopens after storm", date(2023, 10, 5), "front-matter",
     "Officials said 12 ships were waiting to enter."),
    ("page.html", "page", "ar", "البنك المركزي يرفع سعر الفائدة", date(2022, 6, 15), "html-metadata",
     "وأضاف أن البنك سيواصل مراقبة الأسعار خلال الأشهر المقبلة."),
    ("single.json", "single", "en", "Summit date set", date(2024, 11, 20), "json",
     "Officials confirmed that the summit will take place in Cairo in April 2025."),
    ("records.jsonl", "records#1", "en", "Teachers hired", date(2021, 9, 6), "json",
     "The ministry said on Monday that 1,200 new teachers had been hired."),
    ("records.jsonl", "records#3", "ar", "أرباح الشركة", date(2022, 2, 1), "json",
     "أعلنت الشركة أن أرباحها ارتفعت بنسبة 8 في المئة خلال العام الماضي."),
]


@pytest.mark.parametrize("name,ident,lang,title,published,source,sentence", FORMATS)
def test_each_format_and_encoding(ingest_fixtures, name, ident, lang, title, published, source, sentence):
    """Every supported format and encoding yields the article, its metadata and its sentences."""
    articles, _, _ = _read(ingest_fixtures / name)
    a = {x.id: x for x in articles}[ident]
    assert (a.language, a.title, a.published, a.published_source) == (lang, title, published, source)
    assert sentence in _statements(a)


def test_encodings_are_decoded_not_guessed_wrong(ingest_fixtures):
    """Windows-1256 bytes become Arabic letters; a UTF-16 BOM and a UTF-8 BOM leave no trace."""
    (ar,), _, _ = _read(ingest_fixtures / "ar_windows1256.txt")
    assert "الإسكندرية" in ar.text
    (en,), _, _ = _read(ingest_fixtures / "en_utf16.txt")
    assert en.text.startswith("City council")
    (md,), _, _ = _read(ingest_fixtures / "front_matter_bom.md")
    assert md.text.startswith("---") and "\ufeff" not in md.text


UTF16_NO_BOM = [
    ("en", "Prices rose by 4 percent in May. Officials said so.", ["Prices rose by 4 percent in May.", "Officials said so."]),
    ("ar", "ارتفعت الأسعار بنسبة 4 في المئة في مايو. قال ذلك المسؤولون.", ["ارتفعت الأسعار بنسبة 4 في المئة في مايو.", "قال ذلك المسؤولون."]),
]


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("lang,text,expected", UTF16_NO_BOM)
def test_utf16_without_bom(tmp_path, encoding, lang, text, expected):
    """UTF-16 text without a byte-order mark is recognised from its byte pattern."""
    path = tmp_path / "a.txt"
    path.write_bytes(text.encode(encoding))
    (a,), _, _ = _read(path)
    assert a.language == lang
    assert _statements(a) == expected


def test_sha256_is_of_the_original_bytes(ingest_fixtures):
    """A file article's sha256 is the hash of the bytes on disk."""
    path = ingest_fixtures / "ar_windows1256.txt"
    (a,), _, _ = _read(path)
    assert a.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_front_matter_is_not_prose(ingest_fixtures):
    """Front matter fields never become statements, and offsets still count them."""
    (a,), _, _ = _read(ingest_fixtures / "front_matter_bom.md")
    assert a.outlet == "Harbour Times" and a.source_url == "https://example.org/port"
    assert all("source_url" not in s and "Harbour" not in s for s in _statements(a))
    assert a.regions[0][0] > a.text.index("---\n#") - 1


def test_html_boilerplate_is_not_prose(ingest_fixtures):
    """Navigation, share buttons, related links and the footer of an HTML page are left out."""
    (a,), _, _ = _read(ingest_fixtures / "page.html")
    joined = "\n".join(_statements(a))
    for debris in ("الرئيسية", "واتساب", "أسعار الذهب تتراجع", "جميع الحقوق محفوظة"):
        assert debris not in joined


SEED_DEBRIS = [
    ("000_773bdea29f931674", "قد يعجبك ايضا"),
    ("000_773bdea29f931674", "جسر: متابعات:"),
    ("000_773bdea29f931674", "انترنت"),
    ("001_e636ae8fef2e6c52", "time reading iconدقائق القراءة - 4"),
    ("001_e636ae8fef2e6c52", "موسكو -رويترز"),
    ("001_e636ae8fef2e6c52", "اقرأ أيضاً:"),
    ("002_c7d5f26613e093f1", "Written by نور الدين"),
    ("002_c7d5f26613e093f1", "اترك تعليقاً"),
    ("002_c7d5f26613e093f1", "لن يتم نشر عنوان بريدك الإلكتروني"),
    ("002_c7d5f26613e093f1", "فيضانات غير مسبوقة في إسرائيل"),
    ("002_c7d5f26613e093f1", "نور الدين من مواليد عام 1984"),
    ("003_63f51ba8109d67b9", "اخترنا لك"),
    ("004_0182e0fe94a047d4", "موسكو-رويترز"),
]


@pytest.mark.parametrize("ident,debris", SEED_DEBRIS)
def test_boilerplate_removed_from_seeds(seeds_dir, ident, debris):
    """Web debris in the seed pages is not in any statement."""
    articles, _, _ = _read(seeds_dir)
    a = {x.id: x for x in articles}[ident]
    assert debris in a.text  # still in the original: offsets are untouched
    assert not any(debris in s for s in _statements(a))


def test_seed_repeated_caption_kept_once(seeds_dir):
    """An image caption repeated as alt text becomes one statement, not two."""
    articles, _, _ = _read(seeds_dir)
    a = {x.id: x for x in articles}["001_e636ae8fef2e6c52"]
    captions = [s for s in _statements(a) if s.startswith("منظومة الصواريخ الروسية")]
    assert len(captions) == 1


def test_seeds_are_arabic_with_titles(seeds_dir):
    """All five seeds are read as Arabic, titled by their headline, ids from file names."""
    articles, skipped, warnings = _read(seeds_dir)
    assert [a.language for a in articles] == ["ar"] * 5
    assert [a.id for a in articles] == sorted(p.stem for p in seeds_dir.glob("*.txt"))
    assert all(a.title and len(a.title) < 120 for a in articles)
    assert skipped == [] and warnings == []


BOILERPLATE_LINES = [
    # (language, line, dropped?)
    ("ar", "اقرأ أيضاً: الحكومة تخصص ميزانية جديدة", True),
    ("ar", "شارك على فيسبوك", True),
    ("ar", "تابعونا على تويتر", True),
    ("ar", "مدة القراءة: 3 دقائق", True),
    ("ar", "بقلم: أحمد علي", True),
    ("ar", "القاهرة - أ ف ب", True),
    ("ar", "مقالات ذات صلة", True),
    ("ar", "الصورة: أرشيفية", True),
    ("ar", "شارك في المؤتمر وزراء الخارجية العرب", False),
    ("ar", "نشر الجيش 300 جندي على الحدود", False),
    ("ar", "كتب الرئيس رسالة إلى نظيره الروسي", False),
    ("ar", "روسيا - تركيا: صفقة جديدة", False),
    ("en", "Share this article", True),
    ("en", "Read more: Markets fall again", True),
    ("en", "5 min read", True),
    ("en", "By Jane Doe", True),
    ("en", "Leave a reply", True),
    ("en", "Your email address will not be published. Required fields are marked *", True),
    ("en", "Photo: Reuters/John Smith", True),
    ("en", "Advertisement", True),
    ("en", "Updated: 12 May 2023, 10:40", True),
    ("en", "By the end of 2019 the army had withdrawn.", False),
    ("en", "Posted troops returned home on Friday.", False),
    ("en", "Share prices fell 3% on Monday.", False),
]


@pytest.mark.parametrize("lang,line,dropped", BOILERPLATE_LINES)
def test_boilerplate_lines(lang, line, dropped):
    """Boilerplate lines are dropped in both languages; prose that looks similar is kept."""
    from consistency.boilerplate import prose_regions

    prose = "The council met on Monday and approved the plan after a long debate."
    text = f"{prose}\n{line}\n{prose.replace('Monday', 'Tuesday')}"
    kept = [text[s:e] for s, e in prose_regions(text)]
    assert (line not in kept) == dropped


def test_tail_after_end_marker_dropped_only_late():
    """A 'related articles' marker late in the page cuts the tail; early it only drops itself."""
    from consistency.boilerplate import prose_regions

    body = [f"Paragraph {i} says the council approved plan number {i}." for i in range(6)]
    late = "\n".join(body + ["Related articles", "Another story headline about something else"])
    kept = [late[s:e] for s, e in prose_regions(late)]
    assert kept == body
    early = "\n".join(body[:1] + ["Related articles", "A sentence that is still article prose here."] + body[1:])
    kept = [early[s:e] for s, e in prose_regions(early)]
    assert "A sentence that is still article prose here." in kept and "Related articles" not in kept


def test_wrapped_line_is_never_debris():
    """In hard-wrapped text a line that carries on the previous sentence is kept, even if it looks like a byline."""
    from consistency.boilerplate import prose_regions

    text = "The plan was approved on Monday after a long debate\nby the city council and the mayor\nin\nMarch. By Jane Doe\nBy Jane Doe\n"
    kept = [text[s:e] for s, e in prose_regions(text)]
    assert kept == ["The plan was approved on Monday after a long debate", "by the city council and the mayor", "in", "March. By Jane Doe"]


LANGUAGES = [
    ("ar", "قال المسؤول إن الحكومة ستعلن عن الخطة في الأسبوع المقبل بعد اجتماع مع الوزراء."),
    ("ar", "أفادت صحيفة Defense News نقلاً عن مسؤولين أن تركيا قد تشتري منظومة S-500 من روسيا في عام 2025."),
    ("en", "The minister said on Monday that the government would publish the plan after the meeting."),
    ("fr", "Le ministre a déclaré lundi que le gouvernement publierait le plan après la réunion."),
    ("es", "El ministro dijo el lunes que el gobierno publicará el plan después de la reunión con los alcaldes."),
    ("de", "Der Minister sagte am Montag, dass die Regierung den Plan nach dem Treffen veröffentlichen wird."),
    ("mixed", "The minister said the plan is ready. وقال الوزير إن الخطة جاهزة وستعلن قريبا."),
    ("und", "2019 — 2020 — 12/04"),
]


@pytest.mark.parametrize("expected,text", LANGUAGES)
def test_language_detection(expected, text):
    """Language is told by script, then by common words within the script."""
    assert detect_language(text) == expected


def test_front_matter_language_wins(tmp_path):
    """A language given in front matter is used as is."""
    path = tmp_path / "a.md"
    path.write_text("---\nlanguage: ar\n---\nThe text is in English but the editor says otherwise.\n", encoding="utf-8")
    (a,), _, _ = _read(path)
    assert a.language == "ar"


def test_inferred_publication_date(tmp_path, monkeypatch):
    """Without metadata, the publication date comes from the text, with its evidence recorded."""
    import consistency.extract.dates as dates

    monkeypatch.setattr(dates, "infer_publication_date", lambda text: (date(2021, 9, 29), "dateline '29 سبتمبر 2021'"))
    path = tmp_path / "a.txt"
    path.write_text("عنوان الخبر\nقال الوزير إن الخطة جاهزة.\n", encoding="utf-8")
    (a,), _, _ = _read(path)
    assert a.published == date(2021, 9, 29)
    assert a.published_source == "inferred: dateline '29 سبتمبر 2021'"


def test_bad_metadata_date_warns(tmp_path, monkeypatch):
    """A published field that is not a date is ignored with a warning naming the file."""
    import consistency.extract.dates as dates

    monkeypatch.setattr(dates, "infer_publication_date", lambda text: None)
    path = tmp_path / "a.md"
    path.write_text("---\npublished: someday soon\n---\nThe council approved the plan.\n", encoding="utf-8")
    (a,), _, warnings = _read(path)
    assert a.published is None and a.published_source is None
    assert len(warnings) == 1 and "a.md" in warnings[0] and "someday soon" in warnings[0]


def test_ids_are_unique_and_stable(tmp_path):
    """Ids come from relative paths; two files that would share an id get distinct ones."""
    (tmp_path / "sub").mkdir()
    for name in ("a.txt", "a.md", "sub/a.txt"):
        (tmp_path / name).write_text("The council approved the plan on Monday.\n", encoding="utf-8")
    first = [a.id for a in _read(tmp_path)[0]]
    again = [a.id for a in _read(tmp_path)[0]]
    assert first == again
    assert sorted(first) == ["a", "a~2", "sub/a"]


def test_hidden_files_are_ignored(tmp_path):
    """Dot files and dot folders (.git, .DS_Store) are not articles."""
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (tmp_path / ".DS_Store").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "a.txt").write_text("The council approved the plan on Monday.\n", encoding="utf-8")
    articles, skipped, warnings = _read(tmp_path)
    assert [a.id for a in articles] == ["a"] and skipped == [] and warnings == []


BAD_FILES = [
    # (file name, content, reason fragment)
    ("empty.txt", b"", "empty file"),
    ("blank.txt", b"  \n\n \t\n", "empty file"),
    ("image.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256)), "binary file"),
    ("broken.json", b'{"text": "unfinished', "not valid JSON"),
    ("notext.json", json.dumps({"title": "x"}).encode(), "no article text (looked for 'text'"),
    ("front.md", b"---\ntitle: [unclosed\n---\nBody text here.\n", "front matter is not valid YAML"),
    ("debris.txt", "Share this article\nLeave a comment\n".encode(), "no article text left"),
    ("empty.html", b"<html><body><nav>Home</nav></body></html>", "no article text"),
]


@pytest.mark.parametrize("name,content,reason", BAD_FILES)
def test_bad_file_is_skipped_with_one_warning(tmp_path, name, content, reason):
    """An unreadable file is skipped, listed with its reason, and warned about once; others are read."""
    (tmp_path / "good.txt").write_text("The council approved the plan on Monday.\n", encoding="utf-8")
    (tmp_path / name).write_bytes(content)
    articles, skipped, warnings = _read(tmp_path)
    assert [a.id for a in articles] == ["good"]
    assert len(skipped) == 1 and skipped[0].path.endswith(name) and reason in skipped[0].reason
    assert len(warnings) == 1 and name in warnings[0] and reason in warnings[0]


def test_jsonl_bad_records_skipped_individually(ingest_fixtures):
    """One bad record of a JSONL file is skipped on its own; the good records are read."""
    articles, skipped, warnings = _read(ingest_fixtures / "records.jsonl")
    assert [a.id for a in articles] == ["records#1", "records#3"]
    assert [s.path.rsplit("/", 1)[-1] for s in skipped] == ["records.jsonl#2", "records.jsonl#4"]
    assert len(warnings) == 2


def test_nonexistent_path_is_a_user_error(tmp_path):
    """A path that does not exist stops the run with a UserError naming it."""
    with pytest.raises(UserError, match="nope: no such file or directory"):
        ingest([tmp_path / "nope"], warn=None)


def test_nothing_readable_is_a_user_error(tmp_path):
    """If no file yields an article, the run stops with a UserError."""
    (tmp_path / "empty.txt").write_bytes(b"")
    with pytest.raises(UserError, match="no readable article"):
        ingest([tmp_path], warn=None)
    with pytest.raises(UserError, match="no readable article"):
        ingest([tmp_path / "empty.txt"], warn=None)


BAD_BOILERPLATE_DATA = [
    ({"min_words": 2, "drop": {"ar": ["مقالات ذات صلة"]}, "end": {}, "trim": {}}, "write 'ه' for 'ة'"),
    ({"min_words": 2, "drop": {"en": ["Read more"]}, "end": {}, "trim": {}}, "write 'r' for 'R'"),
    ({"min_words": 2, "drop": {"en": ["(unclosed"]}, "end": {}, "trim": {}}, "not a valid regular expression"),
    ({"min_words": 2, "drop": {}, "end": {}, "trim": {}, "extra": 1}, "unknown key(s) ['extra']"),
    ({"min_words": "two", "drop": {}, "end": {}, "trim": {}}, "min_words: expected a non-negative integer"),
]


@pytest.mark.parametrize("data,message", BAD_BOILERPLATE_DATA)
def test_boilerplate_data_is_validated(data, message):
    """The boilerplate data file is checked on load: patterns compile and are written normalized."""
    from consistency.boilerplate import _validate

    with pytest.raises(ValueError) as err:
        _validate(data)
    assert message in str(err.value)


def test_front_matter_title_with_a_colon_is_read(tmp_path):
    # Headlines carry colons ("Minister: 30 dead"), which YAML refuses in a
    # plain value; such an article used to be skipped whole.
    (tmp_path / "a.md").write_text(
        "---\ntitle: وزير الصحة: أكثر من 30 قتيلا\npublished: 2020-08-04\nlanguage: ar\n---\n"
        "قال وزير الصحة إن أكثر من 30 شخصا لقوا حتفهم.\n", encoding="utf-8")
    (tmp_path / "b.md").write_text(
        "---\ntitle: Beirut: the toll rises\ntags: [unclosed\n---\nThe toll rose to 70.\n", encoding="utf-8")
    articles, skipped = ingest([tmp_path])
    assert [a.title for a in articles] == ["وزير الصحة: أكثر من 30 قتيلا"]
    assert articles[0].published == date(2020, 8, 4) and articles[0].language == "ar"
    assert [Path(s.path).name for s in skipped] == ["b.md"]  # real YAML errors still skip
