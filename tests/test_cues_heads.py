"""find_cues with candidates looked up by a word's first letters gives what reading every word gave.

The reference below is find_cues as it was before ``_heads`` (issue 23), kept
here as the oracle: its output must be identical on every line of the dev
stories (bench/corpora/split.yaml, never the test ones), in each language's
lexicon and in all of them at once, and on rows written for this test.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from consistency.match import cues
from consistency.match.cues import _CLITICS_BY_LETTER, _WORDS, Cue, _index, find_cues
from consistency.normalize import normalize

CORPORA = Path(__file__).resolve().parent.parent / "bench" / "corpora"


def reference(norm: str, language: str) -> list[Cue]:
    index = _index(language)
    out = []
    n = len(norm)
    for w in _WORDS.finditer(norm):
        start = w.start()
        word = w.group()
        prefixes = [p for p in _CLITICS_BY_LETTER.get(word[0], ("",)) if word.startswith(p)]
        best: dict = {}
        for p in prefixes:
            at = start + len(p)
            for entry, whole, section, cls in index.get(norm[at:at + 2], ()):
                end = at + len(entry)
                if not norm.startswith(entry, at):
                    continue
                if whole and end < n and (norm[end].isalnum() or norm[end] == "_"):
                    continue
                found = best.get(section)
                if found is None or len(entry) > found[0]:
                    best[section] = (len(entry), at, cls, bool(p) and p[0] in "وف")
        for section, (length, at, cls, conj) in best.items():
            out.append(Cue(start, at + length, section, cls, conj))
    return out


def _dev_lines() -> list[str]:
    dev = yaml.safe_load((CORPORA / "split.yaml").read_text(encoding="utf-8"))["dev"]
    lines = []
    for story in dev:
        for path in sorted((CORPORA / story / "articles").glob("*.txt")):
            lines.extend(line for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    return lines


def test_identical_on_every_dev_line():
    lines = [normalize(line) for line in _dev_lines()]
    if not lines:
        pytest.skip("no dev corpus")
    found = 0
    for language in (*cues.LANGUAGES, "und"):
        for norm in lines:
            got = find_cues(norm, language)
            assert got == reference(norm, language), (language, norm)
            found += len(got)
    assert found > 1000  # the lines hold cues: the comparison is not of empty lists


# Written before the new find_cues first ran: clitic stacks, a word cut by the
# end of the text, entries spanning words, the same heads in different contexts.
ROWS = [
    ("ar", "وبالانفجار الذي وقع أمس، ثم بدأت عملية الإجلاء"),
    ("ar", "فللتسليم"),
    ("ar", "و"),
    ("en", "The shipment was delivered, then deliveries resumed and the first convoy started"),
    ("en", "start"),
    ("fr", "La livraison a commencé ; les premières livraisons prévues"),
    ("tr", "Teslimat başladı ve ilk sevkiyat planlandı"),
    ("ru", "Поставки начались, первая партия запланирована"),
    ("und", "started بدأت commencé başladı начались"),
]


@pytest.mark.parametrize(("language", "text"), ROWS)
def test_identical_on_written_rows(language, text):
    norm = normalize(text)
    assert find_cues(norm, language) == reference(norm, language)
    assert find_cues(norm, language) == reference(norm, language)  # again, from the remembered heads
