"""Large lexicon regexes compiled once per Python, not once per process.

The lexicons build a few very large alternations (the date tokenizer's
pattern is 42,000 characters, the attribution cues' 28,000): compiling them
with ``re`` took about 1.0 of the 3.3 CPU-s of a cold check of the five
seeds, every run, for the same data. ``re.compile`` is pure Python down to
one call: ``_sre.compile(pattern, flags, code, groups, groupindex,
indexgroup)``, where ``code`` is a list of integers. Those arguments are
kept in the user's model cache (user_cache.py), one marshal file per
pattern, keyed by the pattern, its flags, the exact Python build and the
regex engine's version (``_sre.MAGIC``); a later process hands them to
``_sre.compile`` directly. The result is the same compiled object: compiled
patterns compare equal only when their code is identical, and tests check
that against ``re.compile``. Anything unexpected (another Python, a
damaged file, no writable folder) falls back to ``re.compile``.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import marshal
import pickle
import re
import sys
from pathlib import Path
from typing import Callable, TypeVar

try:  # the engine's private compiler (3.11+ names); without it, plain re.compile
    import _sre
    from re import _compiler, _parser
except ImportError:  # pragma: no cover - another Python implementation
    _sre = None

from .user_cache import keep, model_cache_dir

# Below this length compiling costs less than reading a file.
MIN_LENGTH = 1000
T = TypeVar("T")


def compile(pattern: str, flags: int = 0) -> re.Pattern:  # noqa: A001 - re.compile's name, on purpose
    """``re.compile(pattern, flags)``, its code read from the cache when this Python compiled it before."""
    folder = model_cache_dir()
    if _sre is None or folder is None or len(pattern) < MIN_LENGTH or not isinstance(pattern, str):
        return re.compile(pattern, flags)
    flags = int(flags)
    key = hashlib.sha256(f"{sys.version}\0{_sre.MAGIC}\0{flags}\0{pattern}".encode("utf-8", "surrogatepass"))
    path = folder / f"re-{key.hexdigest()[:32]}.marshal"
    try:
        args = marshal.loads(path.read_bytes())
        return _sre.compile(pattern, *args)
    except (OSError, EOFError, ValueError, TypeError):
        pass  # not compiled yet, or unreadable: compile, and keep it for the next process
    args = _code(pattern, flags)
    if args is None:  # pragma: no cover - a Python whose compile() differs from this
        return re.compile(pattern, flags)
    try:
        body = marshal.dumps(args)
        keep(path, lambda out: out.write(body))
    except (OSError, ValueError):
        pass
    return _sre.compile(pattern, *args)


def _code(pattern: str, flags: int) -> tuple | None:
    """What ``re.compile`` hands ``_sre.compile`` after the pattern, or None where that gives another pattern."""
    parsed = _parser.parse(pattern, flags)
    code = _compiler._code(parsed, flags)
    groupindex = dict(parsed.state.groupdict)
    indexgroup = [None] * parsed.state.groups
    for name, i in groupindex.items():
        indexgroup[i] = name
    # int(): the opcodes are int subclasses (_NamedIntConstant), which marshal refuses
    args = (int(flags | parsed.state.flags), [int(c) for c in code], parsed.state.groups - 1, groupindex,
            tuple(indexgroup))
    return args if _sre.compile(pattern, *args) == re.compile(pattern, flags) else None


def remembered(build: Callable[..., str]) -> Callable[..., str]:
    """``build`` (word lists -> pattern text) with its results kept in the model cache across processes.

    Compiling was half of the lexicons' start-up; the other half is writing
    the patterns from the word lists (tries, merged alternations, guards
    worked out by parsing each kind), the same text every run. Its results
    are kept in one JSON file per function, keyed by the package's code and
    data digest (extract.code_version: any edit starts afresh) and by the
    arguments, which must be JSON (lists of words, flags). Written on each
    new result, not at exit: lexicons are often built in a forked worker,
    which ends without running exit handlers.
    """
    memo: dict[str, str] = {}
    path: Path | None = None  # the file memo was read from (tests change the folder)

    @functools.wraps(build)
    def cached(*args, **kwargs) -> str:
        nonlocal memo, path
        folder = model_cache_dir()
        if folder is None:
            return build(*args, **kwargs)
        try:
            key = json.dumps([args, kwargs], ensure_ascii=False, sort_keys=True)
        except TypeError:
            return build(*args, **kwargs)
        from .extract import code_version

        name = f"built-{build.__module__}.{build.__qualname__}-{sys.version_info[0]}{sys.version_info[1]}-{code_version()}.json"
        if path != folder / name:
            path = folder / name
            try:
                memo = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                memo = {}
        if key in memo:
            return memo[key]
        memo[key] = text = build(*args, **kwargs)
        try:
            body = json.dumps(memo, ensure_ascii=False).encode("utf-8")
            keep(path, lambda out: out.write(body))
        except OSError:
            pass
        return text

    return cached


def kept(build: Callable[[], T]) -> Callable[[], T]:
    """``build()`` (no arguments: a lexicon, from the data files) kept whole in the model cache across processes.

    The lexicons are the same objects every run, built from the same data
    by the same code: sets and tables of folded words, dataclasses,
    compiled patterns. Building them was 0.15-0.25 CPU-s of a cold check of
    the five seeds (the Python loops over ~15,000 forms, a dozen patterns
    of a few hundred characters with Arabic classes that ``re`` takes
    10-30 ms each to compile). The built object is pickled once per code
    version (extract.code_version: any edit to the package's code or data
    starts afresh), its compiled patterns as their engine code (as
    ``compile`` keeps them), so a later process reads one file. Anything
    unexpected (no cache folder, an object pickle refuses, a damaged file)
    builds as before.
    """
    @functools.wraps(build)
    def cached() -> T:
        folder = model_cache_dir()
        if folder is None or _sre is None:
            return build()
        from .extract import code_version

        digest = hashlib.sha256(f"{sys.version}\0{_sre.MAGIC}".encode()).hexdigest()[:8]
        path = folder / f"kept-{build.__module__}.{build.__qualname__}-{digest}-{code_version()}.pickle"
        try:
            return pickle.loads(path.read_bytes())
        except Exception:  # noqa: BLE001 - not built yet, or unreadable: build it again
            pass
        built = build()
        try:
            out = io.BytesIO()
            _Pickler(out, protocol=pickle.HIGHEST_PROTOCOL).dump(built)
            body = out.getvalue()
            if pickle.loads(body) == built:  # what the next process reads is what it would build
                keep(path, lambda f: f.write(body))
        except (pickle.PicklingError, TypeError, AttributeError, ValueError, OSError):
            pass
        return built

    return cached


# re's own cache of compiled patterns (3.11+: a dict keyed (type, pattern, flags), the oldest dropped
# past _MAXCACHE), read by every re.compile, re.search(pattern, ...) and so on.
_RE_CACHE = getattr(re, "_cache", None)
_RE_CACHE_MAX = getattr(re, "_MAXCACHE", 512)
_seeded: dict[Path, set] = {}  # file -> the keys read from it (remember_compiled writes only when more came)


def _seen_path(folder: Path) -> Path:
    digest = hashlib.sha256(f"{sys.version}\0{_sre.MAGIC}".encode()).hexdigest()[:16]
    return folder / f"re-seen-{digest}.marshal"


def seed_compiled() -> None:
    """re's cache filled with the patterns the last run compiled, from their kept code (``remember_compiled``).

    Besides the lexicons' large patterns (``compile``, ``kept``), a check
    compiles some 390 short ones: module constants, the rule files'
    patterns, data-file forms, yaml's and click's own. Each is under
    MIN_LENGTH, too short for a file of its own, but together they were
    0.045-0.05 CPU-s of the cold seeds run. Kept as one file, their code goes
    straight to ``_sre.compile`` (about 0.005 s for all) and into re's
    cache under re's own key, so every later ``re.compile`` of the same
    pattern and flags returns it without compiling. A key holds the whole
    pattern text, so a seeded entry is that very pattern whatever code or
    rules asked for it last time; the file is per Python build. The console
    script calls this at its start (cli.run); a damaged or missing file
    seeds nothing.
    """
    folder = model_cache_dir()
    if _sre is None or folder is None or not isinstance(_RE_CACHE, dict):
        return
    path = _seen_path(folder)
    seeded = _seeded.setdefault(path, set())
    try:
        entries = marshal.loads(path.read_bytes())
        for pattern, flags, args in entries:
            key = (str, pattern, flags)
            seeded.add(key)
            if key not in _RE_CACHE and len(_RE_CACHE) < _RE_CACHE_MAX:
                _RE_CACHE[key] = _sre.compile(pattern, *args)
    except (OSError, EOFError, ValueError, TypeError, OverflowError, RuntimeError):
        pass  # not written yet, or unreadable: the patterns compile as usual (and are kept at the end)


def remember_compiled() -> None:
    """The code of every str pattern in re's cache kept for ``seed_compiled``, when some were compiled
    since the start (the first run after an upgrade, new rule files); otherwise nothing is written."""
    folder = model_cache_dir()
    if _sre is None or folder is None or not isinstance(_RE_CACHE, dict):
        return
    # the long ones are ``compile``'s and ``kept``'s, read only where asked for: a first run's lexicon
    # builds put 7 MB of them in re's cache, which every start would have read and compiled again
    keys = [k for k in list(_RE_CACHE) if len(k) == 3 and k[0] is str and isinstance(k[2], int)
            and not k[2] & re.DEBUG and len(k[1]) < MIN_LENGTH]
    path = _seen_path(folder)
    if set(keys) <= _seeded.get(path, set()):
        return
    entries = []
    for _, pattern, flags in keys:
        try:
            args = _code(pattern, flags)
        except Exception:  # noqa: BLE001 - a pattern that will not redo its compile is just not kept
            args = None
        if args is not None:
            entries.append((pattern, flags, args))
    try:
        body = marshal.dumps(entries)
        keep(path, lambda out: out.write(body))
        _seeded[path] = set(keys)
    except (OSError, ValueError):
        pass


def _pattern(pattern: str, args: tuple) -> re.Pattern:
    return _sre.compile(pattern, *args)


class _Pickler(pickle.Pickler):
    """Compiled patterns stored with their engine code: unpickled without re's compiler (see ``compile``)."""

    def reducer_override(self, obj):
        if isinstance(obj, re.Pattern) and isinstance(obj.pattern, str):
            args = _code(obj.pattern, obj.flags)
            if args is not None and _sre.compile(obj.pattern, *args) == obj:
                return _pattern, (obj.pattern, args)
        return NotImplemented
