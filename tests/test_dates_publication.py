"""Publication-date inference from a dateline or caption, and the date data file's validation."""

from __future__ import annotations

import copy
from datetime import date
from importlib.resources import files
from pathlib import Path

import pytest
import yaml

from consistency.extract.dates import infer_publication_date
from consistency.extract.dates_lexicon import validate

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
PROSE = "وقال الوزير في كلمة أمام البرلمان إن بلاده ماضية في خططها الدفاعية " * 4  # one long paragraph


def _seed(prefix: str) -> str:
    [path] = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def test_seed_caption_gives_the_date_with_its_evidence():
    """The Reuters caption near the top of seed 004 gives 29 September 2021, quoted as evidence."""
    got = infer_publication_date(_seed("004"))
    assert got is not None
    day, evidence = got
    assert day == date(2021, 9, 29)
    assert "29 سبتمبر 2021" in evidence and "REUTERS" in evidence


@pytest.mark.parametrize("prefix", ["000", "002", "003"])
def test_seeds_without_a_full_date_in_the_header_give_none(prefix):
    """Articles whose header holds no day-month-year infer nothing."""
    assert infer_publication_date(_seed(prefix)) is None


def test_seed_file_photo_caption_is_not_taken():
    """Seed 001's caption (Thursday 8 July 2021) contradicts the story's "الاثنين": a file photo."""
    assert infer_publication_date(_seed("001")) is None


LEAD_WED = "أجرى الرئيسان، الأربعاء، محادثات في أنقرة تناولت التعاون العسكري بين البلدين " * 3

CASES = [
    ("a caption on the weekday the story names is kept",
     "عنوان\nالرئيسان في أنقرة - 29 سبتمبر 2021 - AFP\n" + LEAD_WED, date(2021, 9, 29)),
    ("a caption on another weekday than the story's is a file photo",
     "عنوان\nالرئيسان في أنقرة - 30 سبتمبر 2021 - AFP\n" + LEAD_WED, None),
    ("of two captions, the one on the story's weekday wins even if older",
     "عنوان\nصورة - 29 سبتمبر 2021 - AFP\nصورة - 2 أكتوبر 2021 - AFP\n" + LEAD_WED, date(2021, 9, 29)),
    ("a dateline with a publication cue beats a later caption",
     "عنوان الخبر\nنشر في: 3 أكتوبر 2021 - 10:30\nالرئيس في أنقرة - 5 أكتوبر 2021 - AFP\n" + PROSE,
     date(2021, 10, 3)),
    ("an archive picture's date is skipped",
     "عنوان الخبر\nالرئيس خلال زيارة سابقة (صورة أرشيفية) - 12 مارس 2015 - رويترز\n" + PROSE,
     None),
    ("of two captions the later date wins",
     "عنوان\nالوزير في موسكو - 2 يونيو 2021 - TASS\nالرئيس في سوتشي، روسيا، 29 سبتمبر 2021 - via REUTERS\n" + PROSE,
     date(2021, 9, 29)),
    ("an English published line",
     "Turkey to buy more S-400s\nPublished September 29, 2021 10:30 GMT\n" + "The minister said more. " * 12,
     date(2021, 9, 29)),
    ("an agency dateline opening the first paragraph",
     "Headline\nANKARA, 29 September 2021 (Reuters) - Turkey still intends to buy a second batch of S-400s, "
     + "the president said on Wednesday, after talks with his Russian counterpart. " * 3,
     date(2021, 9, 29)),
    ("a date deep in the body is not a dateline",
     "عنوان\n" + PROSE + "\n" + PROSE + "\nوفي 12 مارس 2020 وقعت الاتفاقية\n",
     None),
    ("a month and year alone is not enough",
     "عنوان\nتحديث: سبتمبر 2021\n" + PROSE,
     None),
    ("a relative date is not enough",
     "عنوان\nنشر أمس الخميس\n" + PROSE,
     None),
    ("a line holding only a date with its weekday and time",
     "عنوان\nالأربعاء 29 سبتمبر 2021 - 10:30 GMT\nالرئيس في أنقرة - 2 أكتوبر 2021 - AFP\n" + PROSE,
     date(2021, 9, 29)),
    ("Arabic-Indic digits",
     "عنوان\nتاريخ النشر: ٢٩ سبتمبر ٢٠٢١\n" + PROSE,
     date(2021, 9, 29)),
]


@pytest.mark.parametrize("why,text,expected", CASES, ids=[c[0] for c in CASES])
def test_inference_heuristic(why, text, expected):
    """Datelines win over captions, the latest wins, archives and body dates are ignored."""
    got = infer_publication_date(text)
    assert (got[0] if got else None) == expected


def test_evidence_is_a_quoted_snippet_of_the_line():
    """The evidence quotes the words around the date so an editor can find the line."""
    text = "عنوان\nنشر في: 3 أكتوبر 2021 - 10:30\n" + PROSE
    _, evidence = infer_publication_date(text)
    assert evidence.startswith("\u201c") and evidence.endswith("\u201d")
    assert "نشر في: 3 أكتوبر 2021" in evidence


def _data() -> dict:
    return yaml.safe_load((files("consistency.data") / "dates.yaml").read_text(encoding="utf-8"))


def test_shipped_data_file_is_valid():
    """consistency/data/dates.yaml passes its own validation."""
    validate(_data())


@pytest.mark.parametrize("break_it,named", [
    (lambda d: d["months"].pop(7), "months"),
    (lambda d: d["qualifiers"].update(soonish=["soon"]), "qualifiers"),
    (lambda d: d["relative"].append({"unit": "fortnight", "shift": 1, "phrases": ["x"]}), "relative[15]"),
    (lambda d: d.update(cue_words=["في", True]), "cue_words"),
])
def test_malformed_data_names_the_key(break_it, named):
    """A broken data file is rejected with a message naming the key at fault."""
    data = copy.deepcopy(_data())
    break_it(data)
    with pytest.raises(ValueError, match=named.replace("[", r"\[").replace("]", r"\]")):
        validate(data)
