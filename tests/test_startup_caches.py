"""Derived forms kept in the user's model cache: compiled lexicon regexes and unpacked models give what the originals give."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from consistency import lang, regex_cache
from consistency.embed.unpacked import mapped_npz, unpacked, unxz
from consistency.embed.use_weights import rest_arrays
from consistency.extract import attributions_lexicon, dates_lexicon


@pytest.fixture
def model_cache(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("CONSISTENCY_MODEL_CACHE", str(tmp_path))
    return tmp_path


# A pattern long enough to be cached, with named groups, a back-reference and flags.
LONG = r"(?P<w>(?:" + "|".join(f"word{i}" for i in range(400)) + r"))\s+(?P<n>\d+)(?:-(?P=n))?"


def test_cached_regex_is_the_same_compiled_code(model_cache):
    first = regex_cache.compile(LONG, re.IGNORECASE)  # compiled, then written
    assert list(model_cache.glob("re-*.marshal"))
    second = regex_cache.compile(LONG, re.IGNORECASE)  # read back
    plain = re.compile(LONG, re.IGNORECASE)
    # compiled patterns compare equal only when pattern, flags and code are identical
    assert first == plain and second == plain and second is not plain
    assert second.groupindex == plain.groupindex and second.groups == plain.groups
    text = "WORD17 12-12 and word399 7, word4000 3"
    assert [m.groupdict() for m in second.finditer(text)] == [m.groupdict() for m in plain.finditer(text)]
    assert second.search("word3 5").group("w", "n") == ("word3", "5")


def test_damaged_or_switched_off_cache_falls_back_to_re(model_cache, monkeypatch):
    regex_cache.compile(LONG)
    (path,) = model_cache.glob("re-*.marshal")
    path.write_bytes(b"not marshal")
    assert regex_cache.compile(LONG) == re.compile(LONG)
    monkeypatch.setenv("CONSISTENCY_MODEL_CACHE", "off")
    for p in model_cache.iterdir():
        p.unlink()
    assert regex_cache.compile(LONG + "x") == re.compile(LONG + "x")
    assert not list(model_cache.iterdir())


def test_lexicon_patterns_from_the_cache_equal_fresh_compiles(model_cache):
    """The date tokenizer and the attribution cues, built twice: the second time from the cache."""
    dates_lexicon.lexicon.cache_clear()
    attributions_lexicon.lexicon.cache_clear()
    try:
        d1, a1 = dates_lexicon.lexicon(), attributions_lexicon.lexicon()
        dates_lexicon.lexicon.cache_clear()
        attributions_lexicon.lexicon.cache_clear()
        d2, a2 = dates_lexicon.lexicon(), attributions_lexicon.lexicon()
    finally:
        dates_lexicon.lexicon.cache_clear()
        attributions_lexicon.lexicon.cache_clear()
    assert len(list(model_cache.glob("re-*.marshal"))) >= 4
    for cached, fresh in [(d2.token_re, d1.token_re), (a2.cue_re, a1.cue_re), (a2.role_re, a1.role_re),
                          *((a2.phrases[k], a1.phrases[k]) for k in a1.phrases)]:
        assert cached == re.compile(fresh.pattern, fresh.flags)


def test_unpacked_npz_holds_the_shipped_arrays(model_cache, tmp_path_factory):
    src = tmp_path_factory.mktemp("pkg") / "resources" / "w.npz"
    src.parent.mkdir()
    arrays = {"a": (np.arange(4096, dtype=np.float32) % 7).reshape(64, 64), "q1": np.array([1, 2, 250], dtype=np.uint8)}
    np.savez_compressed(src, **arrays)
    plain = unpacked(src, rest_arrays, "rest.npz")
    assert plain is not None and plain.parent == model_cache and plain.stat().st_size > src.stat().st_size
    with np.load(plain) as z:  # every array but the embedding table's chunks (use_weights.assemble_table)
        assert set(z.files) == {"a"} and np.array_equal(z["a"], arrays["a"]) and z["a"].dtype == arrays["a"].dtype
    assert unpacked(src, lambda *_: pytest.fail("unpacked again"), "rest.npz") == plain  # the second start reads it
    assert unpacked(src, lambda src, out: out.write(b"x"), "other.npy") != plain  # another form, another file


def test_unpacked_is_none_where_it_cannot_be_kept(tmp_path, monkeypatch):
    src = tmp_path / "pkg" / "data" / "m.npz"
    src.parent.mkdir(parents=True)
    np.savez_compressed(src, a=np.zeros(3))
    monkeypatch.setenv("CONSISTENCY_MODEL_CACHE", "off")
    assert unpacked(src, rest_arrays) is None
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    monkeypatch.setenv("CONSISTENCY_MODEL_CACHE", str(blocker / "models"))  # a folder under a file
    assert unpacked(src, rest_arrays) is None
    assert not list(blocker.parent.glob("*.part"))


# Written before the unpacked model was first loaded: py3langid's own identifier and
# the one built from the unpacked copy must rank these the same.
LANGID_ROWS = [
    "Les secours ont fouillé les décombres toute la nuit, sans trouver d'autres survivants.",
    "Kurtarma ekipleri gece boyunca enkazı aradı ancak başka hayatta kalan bulamadı.",
    "Спасатели всю ночь разбирали завалы, но других выживших не нашли.",
    "Rescue crews searched the rubble through the night but found no more survivors.",
    "Il ministro ha detto che il porto riaprirà entro la fine del mese.",
    "La cifra oficial de muertos subió a 43, según el ministerio.",
    "AFP, Reuters et AP citent des sources différentes.",
    "ok",
]


def _mapped_plain(a) -> bool:
    """A plain ndarray whose memory is a map of the file: not np.memmap itself, whose Python
    __array_finalize__ runs on every array computed from it (0.06 CPU-s of the seeds' embedding)."""
    return type(a) is np.ndarray and isinstance(a.base, np.memmap)


@pytest.fixture(scope="module")
def unpacked_identifier(tmp_path_factory):
    from py3langid import langid

    with pytest.MonkeyPatch.context() as mp:
        folder = tmp_path_factory.mktemp("langid-cache")
        mp.setenv("CONSISTENCY_MODEL_CACHE", str(folder))
        lang._identifier.cache_clear()
        try:
            ours = lang._identifier()
        finally:
            lang._identifier.cache_clear()
    assert ours is not langid._get_identifier() and list(folder.glob("py3langid-*.npz"))  # built from the copy
    assert isinstance(ours.tk_nextmove, memoryview) and _mapped_plain(ours.nb_ptc)  # mapped, not read whole
    return ours


@pytest.mark.parametrize("text", LANGID_ROWS)
def test_language_identifier_from_the_unpacked_model_ranks_as_py3langid(unpacked_identifier, text):
    import py3langid

    assert unpacked_identifier.rank(text) == py3langid.rank(text)


def test_mapped_npz_maps_each_stored_array_and_refuses_a_compressed_one(tmp_path):
    arrays = {"f16": np.arange(600, dtype=np.float16).reshape(20, 30), "u4": np.arange(9, dtype=np.uint32) * 70000,
              "fortran": np.asfortranarray(np.arange(12, dtype=np.int32).reshape(3, 4)), "labels": np.array(["en", "fr"]),
              "scalar": np.array(0.5), "empty": np.zeros((0, 3), dtype=np.uint8)}
    np.savez(tmp_path / "plain.npz", **arrays)
    mapped = mapped_npz(tmp_path / "plain.npz")
    assert set(mapped) == set(arrays)
    for name, a in arrays.items():
        assert mapped[name].dtype == a.dtype and mapped[name].shape == a.shape and np.array_equal(mapped[name], a), name
    assert all(_mapped_plain(mapped[name]) for name in ("f16", "u4", "fortran", "labels"))
    assert not mapped["f16"].flags.writeable
    assert mapped["fortran"].flags.f_contiguous
    np.savez_compressed(tmp_path / "small.npz", **arrays)
    with pytest.raises(ValueError, match="not a stored"):
        mapped_npz(tmp_path / "small.npz")


def test_unxz_gives_the_decompressed_model(model_cache):
    import lzma

    from py3langid import langid

    src = langid.MODEL_DIR / langid.MODEL_FILE
    plain = unpacked(src, unxz)
    with lzma.open(src) as f:
        assert plain.read_bytes() == f.read()


def test_remembered_pattern_text_is_reused_by_a_new_process(model_cache):
    calls = []

    def build(items, *, case_sensitive=False):
        calls.append(items)
        return "|".join(sorted(items, key=len, reverse=True)) + ("" if case_sensitive else "(?i)")

    build.__qualname__ = "build_for_test"
    first = regex_cache.remembered(build)
    assert first(["a", "bb"]) == "bb|a(?i)" and first(["a", "bb"], case_sensitive=True) == "bb|a"
    again = regex_cache.remembered(build)  # a new process: its memo starts empty, the file is there
    assert again(["a", "bb"]) == "bb|a(?i)" and again(["a", "bb"], case_sensitive=True) == "bb|a"
    assert len(calls) == 2  # each distinct call built once
    assert again(["c"]) == "c(?i)" and len(calls) == 3


def test_lexicons_built_from_the_cache_equal_lexicons_built_without_it(model_cache, monkeypatch):
    def patterns():
        dates_lexicon.lexicon.cache_clear()
        attributions_lexicon.lexicon.cache_clear()
        try:
            d, a = dates_lexicon.lexicon(), attributions_lexicon.lexicon()
        finally:
            dates_lexicon.lexicon.cache_clear()
            attributions_lexicon.lexicon.cache_clear()
        return [d.token_re, a.cue_re, a.role_re, *(a.phrases[k] for k in sorted(a.phrases))]

    patterns()  # fills the cache
    cached = patterns()  # reads it
    monkeypatch.setenv("CONSISTENCY_MODEL_CACHE", "off")
    assert cached == patterns()


def test_kept_lexicons_read_back_equal_to_a_fresh_build(model_cache, monkeypatch):
    """The dates, quantities and attribution lexicons, pickled once per code version, come back equal, patterns
    and gates and all."""
    from consistency.extract import quantities_lexicon

    lexicons = (dates_lexicon, quantities_lexicon, attributions_lexicon)

    def each():
        for m in lexicons:
            m.lexicon.cache_clear()
        try:
            return tuple(m.lexicon() for m in lexicons)
        finally:
            for m in lexicons:
                m.lexicon.cache_clear()

    built = each()  # built, then kept
    assert len(list(model_cache.glob("kept-*.pickle"))) == 3
    read = each()
    monkeypatch.setenv("CONSISTENCY_MODEL_CACHE", "off")
    fresh = each()
    for r, f in zip(read, fresh):
        assert r is not f and r == f
    for gate in ("cue_gate", "role_gate"):  # a gate read back keeps the word-start pattern it was built with
        r, f = getattr(read[2], gate), getattr(fresh[2], gate)
        assert r.on and r._starts == f._starts and r.keys == f.keys
    said = "Le porte-parole a déclaré jeudi, selon l'agence, que le ministre avait démissionné"
    assert read[2].cue_gate.starts(said) == fresh[2].cue_gate.starts(said) != ()
    assert [m.span() for m in read[2].role_gate.finditer(said)] == [m.span() for m in fresh[2].role_gate.finditer(said)]
    assert read[0].token_re == re.compile(fresh[0].token_re.pattern) and read[0].token_re.groupindex == fresh[0].token_re.groupindex
    text = "le 12 mars 2023, soit 3,5 millions de dollars"
    assert [m.span() for m in read[0].token_re.finditer(text)] == [m.span() for m in fresh[0].token_re.finditer(text)]
    assert built[1].currency_words == read[1].currency_words and built[1].scales == read[1].scales


def test_kept_builds_again_when_the_file_is_damaged_or_the_object_will_not_pickle(model_cache):
    calls = []

    def build():
        calls.append(1)
        return {"words": frozenset({"a", "b"}), "re": re.compile(r"(?P<x>\d+)-(?P=x)", re.I)}

    build.__qualname__ = "kept_for_test"
    kept = regex_cache.kept(build)
    first = kept()
    (path,) = model_cache.glob("kept-*kept_for_test*.pickle")
    assert kept() == first and len(calls) == 1  # read back
    path.write_bytes(b"not a pickle")
    assert kept() == first and len(calls) == 2  # built again, and kept again
    assert kept() == first and len(calls) == 2

    def unpicklable():
        return {"f": lambda: 1}

    unpicklable.__qualname__ = "unpicklable_for_test"
    assert regex_cache.kept(unpicklable)()["f"]() == 1
    assert not list(model_cache.glob("kept-*unpicklable_for_test*"))


# Written before seeding existed: short patterns of several scripts and flag sets, as modules and
# rule files compile them; none is a corpus phrasing. (pattern, flags)
SHORT = [
    (r"(?<!\w)(?:le|la|les)\s+(?P<noun>port|gare|pont)s?\b", re.IGNORECASE),
    (r"(?P<d>\d{1,2})\s+(?:يناير|فبراير|مارس)\s+(?P<y>\d{4})", 0),
    (r"""
        (?P<amount>\d+(?:[.,]\d+)?)   # the number
        \s* (?:млн|млрд|тыс)\.?        # a Russian scale word
     """, re.VERBOSE | re.UNICODE),
    (r"^(?:Kaynak|Source|Источник):\s*(.+)$", re.MULTILINE),
    (r"(?:\bü[çc]\s+gün\b|\bthree\s+days\b)", re.IGNORECASE | re.ASCII),
    (r"([«\"“])(?P<q>[^»\"”]{3,80})[»\"”]", 0),
]


def _fresh_process_cache():
    """re's own cache emptied, as in a new process (the seeds below are checked against it)."""
    re.purge()


def test_seeded_re_cache_gives_the_same_patterns_without_compiling(model_cache, monkeypatch):
    """A run's compiled patterns, kept at its end, are in re's cache at the next start: re.compile
    hands back equal patterns (same code, flags, groups) and never calls the compiler."""
    _fresh_process_cache()
    fresh = [re.compile(p, f) for p, f in SHORT]
    re.compile(LONG)
    regex_cache.remember_compiled()  # the end of a run: what re compiled is kept
    assert list(model_cache.glob("re-seen-*.marshal"))
    _fresh_process_cache()
    regex_cache.seed_compiled()  # the next start
    assert (str, LONG, 0) not in re._cache  # long ones are compile's and kept's, read where asked for
    real, ours = re._compiler.compile, {p for p, _ in SHORT}
    monkeypatch.setattr(re._compiler, "compile",
                        lambda p, f=0: pytest.fail(f"compiled again: {p!r}") if p in ours else real(p, f))
    again = [re.compile(p, f) for p, f in SHORT]
    assert again == fresh and all(a is not b for a, b in zip(again, fresh))
    assert [a.groupindex for a in again] == [b.groupindex for b in fresh]
    assert again[1].search("وصل في 12 مارس 2031").group("d", "y") == ("12", "2031")
    assert again[2].search("около 3,5 млрд рублей").group("amount") == "3,5"


def test_seeding_from_a_damaged_or_absent_file_or_no_cache_changes_nothing(model_cache, monkeypatch):
    _fresh_process_cache()
    regex_cache.seed_compiled()  # no file yet
    assert re.compile(SHORT[0][0], SHORT[0][1]).search("LES PONTS").group("noun") == "PONT"
    regex_cache.remember_compiled()
    (path,) = model_cache.glob("re-seen-*.marshal")
    path.write_bytes(b"\x00 not marshal")
    _fresh_process_cache()
    regex_cache.seed_compiled()
    assert re.compile(SHORT[3][0], SHORT[3][1]).findall("x\nSource: AFP\n") == ["AFP"]
    monkeypatch.setenv("CONSISTENCY_MODEL_CACHE", "off")
    for p in model_cache.iterdir():
        p.unlink()
    regex_cache.remember_compiled()
    regex_cache.seed_compiled()
    assert not list(model_cache.iterdir())
