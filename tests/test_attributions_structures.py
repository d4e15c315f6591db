"""Structures the speakers3 round reads, on sentences written for this file before the code first ran on them.

Each row is phrased unlike any corpus sentence and names institutions, people and outlets no dev story
names; the expected speaker (and outlets) follow tests/fixtures/attributions/unseen.yaml's notation and
FORMAT.md's convention (a body and its spokesperson or press office are one source). First run 10/12
(the two gaps below); rows that still fail carry ``gap`` (the test fails when one starts to pass).
"""

from __future__ import annotations

import pytest

from test_attributions_unseen import problems

ROWS = [
    # a subordinate clause's subject follows its conjunction; a central bank is a kind of institution
    {"lang": "en", "text": "Bond yields jumped when the Central Bank of Kenya announced a new banknote series.",
     "speaker": "org:Central Bank of Kenya"},
    {"lang": "ru", "text": "Рубль ослаб после того, как Центральный банк России объявил о снижении ставки.",
     "speaker": "org:Центральный банк России"},
    # "وفقا ل" joined to the body it introduces
    {"lang": "ar", "text": "وفقاً لهيئة الأرصاد الجوية، فإن العاصفة ستضرب الساحل غداً.",
     "speaker": "org:هيئة الأرصاد الجوية"},
    # definite words and a nationality: that country's body, not the country
    {"lang": "ar", "text": "وقالت الخطوط الجوية التركية إن الرحلات ستستأنف مساء الأحد.",
     "speaker": "org:الخطوط الجوية التركية"},
    # a press office speaks for the body named after it
    {"lang": "ru", "text": "Об этом сообщила пресс-служба Роскосмоса.", "speaker": "org:Роскосмос"},
    # a spokesperson's lower-case body after "de la"
    {"lang": "fr", "text": "D'après le porte-parole de la préfecture maritime, deux marins ont été secourus.",
     "speaker": "org:préfecture maritime"},
    # a Turkish genitive ending is no part of the name
    {"lang": "tr", "text": "Dışişleri Bakanı Hakan Fidan'ın yaptığı açıklamaya göre görüşmeler sürecek.",
     "speaker": "person:Hakan Fidan"},
    # a place preposition ends an Arabic name
    {"lang": "ar", "text": "وقال الوزير خالد الفالح أمام الصحفيين إن الإنتاج سيرتفع.",
     "speaker": "person:خالد الفالح",
     "gap": "a definite surname not ending in ي before a preposition (الفالح أمام) is not read as the surname; "
            "'وصف محمد الوضع في' has the same shape with an object"},
    # the outlet in the clause before the subject heard the words
    {"lang": "en", "text": "Speaking to Reuters, Finance Minister Jan Novak said the budget was balanced.",
     "speaker": "person:Jan Novak", "via": ["Reuters"]},
    # a lower-case body and its "des" complement
    {"lang": "fr", "text": "Le syndicat des enseignants a dénoncé une réforme « précipitée ».",
     "speaker": "org:syndicat des enseignants"},
    # a madda: the name آن, not the conjunction أن
    {"lang": "ar", "text": "وقالت المغنية آن كلير إن الحفل ألغي.", "speaker": "person:آن كلير"},
    # a spokeswoman "for" a body
    {"lang": "en", "text": "The spokeswoman for the fire brigade said the blaze was contained by midnight.",
     "speaker": "org:fire brigade",
     "gap": "'brigade' is no body noun in the data, so the spokeswoman's body is not read"},
]


@pytest.mark.parametrize("row", ROWS, ids=[f"{r['lang']}-{r['text'][:28]}" for r in ROWS])
def test_structure_row(row):
    found = problems(row)
    if row.get("gap"):
        assert found, f"gap now passes, update the row: {row['gap']}"
    else:
        assert not found, "; ".join(found)
