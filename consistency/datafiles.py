"""Language knowledge lives in YAML under consistency/data/, validated on load.

Extractors call ``load(name, validate)``; a malformed file is a DataError that
names the file and what was expected, never a KeyError deep in a regex.
"""

from __future__ import annotations

import hashlib
import marshal
import sys
from functools import lru_cache
from importlib.resources import files
from typing import Any, Callable

from .user_cache import model_cache_dir


class DataError(Exception):
    """A data file under consistency/data/ is missing or malformed."""


def _read(name: str) -> Any:
    path = files("consistency.data") / name
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise DataError(f"consistency/data/{name}: missing (reinstall the package)") from exc
    return _parsed(text, name)


def _parsed(text: str, name: str) -> Any:
    """``text`` parsed as YAML, from the user's model cache when this exact text was parsed before.

    Even libyaml took about 0.1 CPU-s of every cold start on the same files
    (27 of them, ~10k unit keys since the Turkish endings). The parsed value
    is kept as one marshal file keyed by the text's SHA-256 and the Python
    build, so an edited file is parsed afresh and nothing stale is read;
    marshal reads plain dicts, lists and scalars back identical. A value
    marshal cannot hold (a YAML date), a damaged file or no cache folder
    falls back to parsing.
    """
    folder = model_cache_dir()
    path = None
    if folder is not None:
        key = hashlib.sha256(f"{sys.version}\0{text}".encode("utf-8", "surrogatepass")).hexdigest()[:32]
        path = folder / f"yaml-{key}.marshal"
        try:
            return marshal.loads(path.read_bytes())
        except (OSError, EOFError, ValueError, TypeError):
            pass  # not parsed yet, or unreadable: parse, and keep it for the next process
    import yaml  # here: a start that finds every file parsed in the cache never imports it (0.02 CPU-s)

    try:
        data = yaml.load(text, Loader=_unique_keys_loader())
    except yaml.YAMLError as exc:
        raise DataError(f"consistency/data/{name}: not valid YAML: {exc}") from exc
    if path is not None:
        try:
            body = marshal.dumps(data)
            from .user_cache import keep

            keep(path, lambda out: out.write(body))
        except (OSError, ValueError):
            pass  # a value marshal cannot hold, or no writable folder: parse again next time
    return data


@lru_cache(maxsize=1)
def _unique_keys_loader():
    """The safe loader (libyaml's parser when PyYAML has it: parsing the data files took 0.23 CPU-s at every
    start in pure Python, 0.03 with it), refusing a key written twice in one mapping: YAML keeps the last
    silently, and a description line left uncommented once made a second ``linkers:`` that the real one
    hid (measures.yaml)."""
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class UniqueKeys(base):  # type: ignore[misc, valid-type]
        def construct_mapping(self, node, deep=False):
            seen = set()
            for key_node, _ in node.value:
                key = self.construct_object(key_node, deep=True)
                if key in seen:
                    raise yaml.constructor.ConstructorError(None, None, f"the key {key!r} is written twice",
                                                            key_node.start_mark)
                seen.add(key)
            return super().construct_mapping(node, deep)

    return UniqueKeys


@lru_cache(maxsize=None)
def load(name: str, validate: Callable[[Any], None] | None = None) -> Any:
    """Load and validate a data file once per process.

    ``validate`` raises ValueError (or DataError) with what was expected; the
    message is prefixed with the file name here.
    """
    return _validated(_read(name), validate, name)


def _validated(data: Any, validate: Callable[[Any], None] | None, what: str) -> Any:
    """``data`` once ``validate`` accepts it; its ValueError becomes a DataError naming ``what``."""
    if validate is not None:
        try:
            validate(data)
        except (ValueError, TypeError) as exc:
            raise DataError(f"consistency/data/{what}: {exc}") from exc
    return data


def expect_mapping_of_lists(data: Any, *, keys: tuple[str, ...] = ()) -> None:
    """Common shape: {key: [str, ...]}; ``keys`` lists keys that must be present."""
    if not isinstance(data, dict):
        raise ValueError(f"expected a mapping at top level, got {type(data).__name__}")
    for k in keys:
        if k not in data:
            raise ValueError(f"expected key {k!r}")
    for k, v in data.items():
        if not isinstance(v, list) or not all(isinstance(x, str) and x for x in v):
            raise ValueError(f"{k}: expected a list of non-empty strings")


def overlays(name: str) -> list[str]:
    """The per-language files that extend ``name``: ``dates.tr.yaml`` for ``dates.yaml``, sorted."""
    stem, _, ext = name.rpartition(".")
    return sorted(p.name for p in files("consistency.data").iterdir()
                  if p.name.startswith(stem + ".") and p.name.endswith("." + ext) and p.name != name)


def _merge(base: Any, extra: Any, where: str) -> Any:
    """``extra`` added into ``base``: mappings key by key, lists extended.

    A list of mappings with a naming key (``unit``, ``code``) merges an entry
    into the base entry of the same name, so that a language file adds its
    words for "person" to the one unit "person"; other entries are appended.
    """
    if isinstance(base, dict) and isinstance(extra, dict):
        out = dict(base)
        for k, v in extra.items():
            out[k] = _merge(base[k], v, f"{where}.{k}") if k in base else v
        return out
    if isinstance(base, list) and isinstance(extra, list):
        out = list(base)
        # the first entry of each name, looked up: a scan of the list per item was quadratic
        # (quantities.yaml's overlays: 0.013 CPU-s of every start)
        first: dict[tuple, int] = {}
        for i, b in enumerate(out):
            first.setdefault(_identity(b), i)
        for item in extra:
            key = _identity(item)
            at = first.get(key) if key else None
            if at is not None:
                out[at] = _merge(out[at], item, f"{where}{list(key)}")
            else:
                first.setdefault(key, len(out))
                out.append(item)
        return out
    if base is None or base == extra:
        return extra
    raise DataError(f"{where}: cannot merge {type(extra).__name__} into {type(base).__name__}")


def _identity(item: Any) -> tuple:
    """What names an entry of a list: its unit, code and shift (``{unit: year, shift: -1}``)."""
    if not isinstance(item, dict):
        return ()
    return tuple((k, item[k]) for k in ("unit", "code", "shift") if k in item)


@lru_cache(maxsize=None)
def load_merged(name: str, validate: Callable[[Any], None] | None = None) -> Any:
    """``name`` with its per-language files (``overlays``) merged in, then validated as one.

    A language is added by a file of its own (``dates.fr.yaml``): the same
    sections as the base file, holding only that language's words.
    """
    data = _read(name)
    for extra in overlays(name):
        data = _merge(data, _read(extra), extra)
    return _validated(data, validate, f"{name} (with {', '.join(overlays(name)) or 'no overlay'})")


_BODY_LANGUAGES = ("ar", "en", "fr", "ru", "tr")


def validate_body_concepts(data: Any) -> None:
    """body_concepts.yaml: heads and modifiers {concept: {lang: [forms]}} in the five languages, compounds
    {form: [concept, ...]} naming known concepts, stopwords and source_nouns {lang: [words]}."""
    if not isinstance(data, dict) or set(data) != {"heads", "modifiers", "compounds", "stopwords", "source_nouns"}:
        raise ValueError("expected exactly the sections heads, modifiers, compounds, stopwords, source_nouns")
    concepts: set[str] = set()
    for section in ("heads", "modifiers"):
        if not isinstance(data[section], dict) or not data[section]:
            raise ValueError(f"{section}: expected a mapping of concepts")
        for concept, forms in data[section].items():
            if concept in concepts:
                raise ValueError(f"{section}.{concept}: concept listed twice")
            concepts.add(concept)
            if not isinstance(forms, dict) or set(forms) != set(_BODY_LANGUAGES):
                raise ValueError(f"{section}.{concept}: expected forms in each of {', '.join(_BODY_LANGUAGES)}")
            for lang, words in forms.items():
                if not isinstance(words, list) or not words or not all(isinstance(w, str) and w.strip("*") for w in words):
                    raise ValueError(f"{section}.{concept}.{lang}: expected a non-empty list of words")
    if not isinstance(data["compounds"], dict):
        raise ValueError("compounds: expected {form: [concept, ...]}")
    for form, names in data["compounds"].items():
        if not isinstance(names, list) or not names or not set(names) <= concepts:
            raise ValueError(f"compounds.{form}: expected a list of concepts from heads or modifiers")
    expect_mapping_of_lists(data["stopwords"], keys=_BODY_LANGUAGES)
    expect_mapping_of_lists(data["source_nouns"], keys=_BODY_LANGUAGES)
