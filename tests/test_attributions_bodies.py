"""A body's whole name, read by structure: an Arabic construct (إضافة) runs through its indefinite
nouns to the first definite one; a body's head noun in any language is never a person's first name;
an acronym begun in brackets is an alias, not part of the name.

Rows written before the code ran on them (the first run read the first three as 'هيئة', 'هيئة' and
'Autorité': 0/3); the last three were written after, in phrasings unlike any corpus sentence.
"""

import pytest

from consistency.extract.attributions import extract_attributions
from consistency.model import Statement

ROWS = [
    ("وأعلنت هيئة قناة السويس قبيل ظهر اليوم نجاح تعويم السفينة.", "هيئة قناة السويس"),
    ("وقدرت هيئة القناة خسائر البلاد بما بين 12 و15 مليون دولار.", "هيئة القناة"),
    ("L'Autorité du canal de Suez (SCA) a annoncé lundi la reprise de la navigation.", "Autorité du canal de Suez"),
    ("قالت وزارة شؤون المرأة إن البرنامج بدأ أمس.", "وزارة شؤون المرأة"),
    ("La Banque centrale a annoncé mardi une hausse de deux points.", "Banque centrale"),
    ("وأعلنت وزارة الصحة ارتفاع الحصيلة إلى 30 قتيلا.", "وزارة الصحة"),
]


@pytest.mark.parametrize("text, body", ROWS)
def test_body_named_whole(text, body):
    (mentions,) = extract_attributions([Statement("a.txt", 0, text, 0, len(text))])
    assert mentions, text
    v = mentions[0].value
    assert v.speaker is not None and v.speaker.name == body
    assert v.speaker.kind == "organisation"
