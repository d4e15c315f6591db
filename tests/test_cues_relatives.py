"""The relatives section of event_cues.yaml: validated on load, and where relative clauses open."""

from __future__ import annotations

import copy

import pytest

from consistency.datafiles import load
from consistency.match.cues import _validate, relative_pronouns
from consistency.normalize import fold


def test_relatives_must_be_word_lists():
    data = copy.deepcopy(load("event_cues.yaml", _validate))
    data["relatives"] = {"en": "which"}
    with pytest.raises(ValueError, match="relatives"):
        _validate(data)
    data["relatives"] = {"xx": ["which"]}
    with pytest.raises(ValueError, match="relatives"):
        _validate(data)


@pytest.mark.parametrize("language, text, pronoun", [
    ("en", "The barge, which drifted into the pier on Tuesday, was towed away.", "which"),
    ("fr", "La barge, qui a dérivé contre la jetée mardi, a été remorquée.", "qui"),
    ("ru", "Баржа, которую отнесло к пирсу во вторник, отбуксировали.", "которую"),
    ("ar", "الحافلة التي انزلقت عن الطريق يوم الثلاثاء سحبت إلى المرآب.", "التي"),
])
def test_relative_pronoun_found(language, text, pronoun):
    norm = fold(text)
    assert [norm[i:i + len(pronoun)] for i in relative_pronouns(norm, language)] == [fold(pronoun)]


def test_no_relatives_without_a_list():
    # Turkish marks relative clauses by suffix: no list, no pronoun found
    assert relative_pronouns(fold("Salı günü iskeleye sürüklenen mavna çekildi."), "tr") == []
    # a word that merely starts like a pronoun is not one
    assert relative_pronouns(fold("Whichever barge drifted first was towed."), "en") == []
