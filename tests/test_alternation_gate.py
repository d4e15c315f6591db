"""The cue and title gates find exactly what scanning the whole alternation finds (alternation_gate.py)."""

import pickle
import random
import re

import pytest

from consistency.extract import alternation_gate as ag
from consistency.extract import attributions_lexicon as lx
from consistency.extract import attributions_patterns as pt


def _gates():
    lex = lx.lexicon()
    return (("cue", lex.cue_gate), ("role", lex.role_gate))


def _forms() -> list[str]:
    data = lx.cue_data()
    return ([f.rstrip(" *") for entries in data["cues"].values() for e in entries for f in e["forms"]]
            + [w for ws in data["roles"].values() for w in ws])


def _spans(matches) -> list:
    return [(m.span(), m.groupdict(), m.group()) for m in matches]


def _same(gate: ag.Gate, text: str, start: int = 0, end: int | None = None) -> list:
    stop = len(text) if end is None else end
    scanned = list(gate.pattern.finditer(text, start, stop))
    gated = gate.finditer(text, start, end)
    assert _spans(gated) == _spans(scanned), (text, start, end)
    return gated


def test_both_gates_are_on():
    # a gate that fell back to scanning would pass every other test here and save nothing
    for name, gate in _gates():
        assert gate.on, name
        assert len(gate.keys) > 100, name


def test_fold_keeps_every_letter_the_engine_matches_without_case():
    """Every character an IGNORECASE literal of a form matches folds to that literal's letter."""
    everything = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    letters = sorted(set("".join(_forms())) | set("وف") | set("İIıiSsſKk"))
    for ch in letters:
        if ag._SKIP.match(ch):
            continue
        matched = re.findall(re.escape(ch), everything, re.IGNORECASE)
        assert {ag.fold(t) for t in matched} == {ag.fold(ch)}, (ch, matched)
    for cls in set(pt._CLASSES.values()):  # the Arabic letter classes a form's letter stands for
        assert len({ag.fold(c) for c in cls[1:-1]}) == 1, cls


def test_lower_case_makes_no_word_character_of_a_non_word_one():
    # the gate's (?<!\w) runs over the lower-cased text: a word start there must be one in the text
    word = re.compile(r"\w")
    for c in range(0x110000):
        ch = chr(c)
        if 0xD800 <= c < 0xE000 or word.match(ch):
            continue
        assert not word.match(ag.lower(ch)), hex(c)
    assert len(ag.lower("İSTANBUL İçişleri")) == len("İSTANBUL İçişleri")


def _texts(n: int) -> list[str]:
    rnd = random.Random(23)
    forms = _forms()
    marks = "ًٌٍَُِّْـٰ"
    noise = sorted(set("".join(forms)) | set(marks) | set(" -‐.'’\"«»“”،,:;()أإآٱةهىيİıIi"))
    out = []
    for _ in range(n):
        parts = []
        for _ in range(rnd.randint(1, 5)):
            if rnd.random() < 0.6:
                f = rnd.choice(["", "", "و", "ف", "ب", "ل", "لل", "وال", "(", "«", "-"]) + rnd.choice(forms)
                for _ in range(rnd.randint(0, 2)):
                    i = rnd.randrange(len(f) + 1)
                    f = f[:i] + rnd.choice([*marks, " ", "-", ".", "'", "  ", "x", "ـ"]) + f[i:]
                if rnd.random() < 0.2:
                    f = f[:rnd.randrange(1, len(f) + 1)]
                parts.append(rnd.choice([f, f, f.upper(), f.title(), f.replace("i", "İ"), f.replace("I", "ı")]))
            else:
                parts.append("".join(rnd.choice(noise) for _ in range(rnd.randint(1, 6))))
        out.append(rnd.choice(["", " ", ", ", " ـ "]).join(parts))
    return out


def test_gates_find_what_the_scan_finds_on_random_text():
    rnd = random.Random(7)
    found = {name: 0 for name, _ in _gates()}
    for text in _texts(4000):
        for name, gate in _gates():
            found[name] += len(_same(gate, text))
            a, b = sorted(rnd.randrange(len(text) + 1) for _ in range(2))
            _same(gate, text, a, b)  # a window of the text, as a speaker phrase's words are read
            assert _spans([gate.search(text)] if gate.search(text) else []) == \
                _spans([gate.pattern.search(text)] if gate.pattern.search(text) else []), text
            for w in text.split():
                assert bool(gate.fullmatch(w)) == bool(gate.pattern.fullmatch(w)), w
    assert min(found.values()) > 500, found  # the texts are full of forms: the comparison is not empty


# Sentences written for this test before the gate ran on them, phrased unlike the corpora: each holds
# at least one cue or title the scan finds (first run: 14/14 same as the scan and non-empty).
WRITTEN = [
    "وأكّدَ وزيرُ الماليّة أن العجز تراجع",
    "فقالــت المتحدثة باسم البلدية إن المياه انحسرت",
    "ووفقاً لبيان صادر عن الهيئة، ارتفع العدد",
    "The deputy mayor told reporters that two schools had closed.",
    "“We will rebuild,” said the Lieutenant-Colonel, speaking from the airport.",
    "Sen. Okafor and Rep. Lindqvist said the bill would pass.",
    "Le porte parole du ministère a déclaré que la route restait fermée.",
    "«Nous attendons», a-t-elle dit au téléphone, selon la préfète.",
    "D’après la vice-présidente, le budget sera voté lundi.",
    "İÇİŞLERİ BAKANI açıkladı: köprü yeniden açıldı.",
    "Şirketin CEO'su yaptığı açıklamada zarar olmadığını söyledi.",
    "Как сообщил пресс-секретарь губернатора, мост закрыт.",
    "ВИЦЕ-ПРЕМЬЕР заявил журналистам, что поставки продолжатся.",
    "وصرّح المدير العام للشركة بأن الإنتاج سيُستأنف",
]


@pytest.mark.parametrize("text", WRITTEN)
def test_written_sentences(text):
    found = [m for _, gate in _gates() for m in _same(gate, text)]
    assert found, text


def test_a_branch_the_gate_cannot_key_turns_it_off():
    # a form opening with a separator could match where no word starts: the gate scans instead
    keys = ag.gate_keys.__wrapped__(["-led", "said"], False).split("\n")
    assert keys == [""]
    rx = re.compile(rf"(?<!\w)(?:{pt.alternation(['-led', 'said'], False)})(?!\w)", re.IGNORECASE)
    gate = ag.Gate(rx, keys)
    assert not gate.on
    text = "Saudi-led talks, he said"
    assert _spans(gate.finditer(text)) == _spans(rx.finditer(text)) != []


def test_gate_pickles_as_itself():
    gate = lx.lexicon().cue_gate
    again = pickle.loads(pickle.dumps(gate))
    assert again == gate and again.on
    text = "وقال المتحدث إن الطريق مغلق"
    assert _spans(again.finditer(text)) == _spans(gate.finditer(text)) != []
