"""A lone name as the speaker ("Microsoft said", "CrowdStrike acknowledged", "Hagari said"): a surname or a body.

Reporting introduces a person by full name ("Daniel Hagari", "Choi Sang-mok") before it shortens him to a
surname; a single capitalised word that the article has never written beside another name, and that no list
knows as a person, is a company or another body speaking for itself. Read as a person, "Microsoft" is a
speaker that never matches the body another article names; read as a body it does. A surname the article
introduced (as a speaker or anywhere in its text) stays a person.
"""

from __future__ import annotations

import re

from ..entities import resolve, skeleton
from .attributions_lexicon import fold_word, lexicon
from .attributions_patterns import is_arabic

__all__ = ["lone_body"]

_CASE_END = re.compile(r"['’][a-zçğıöşü]{1,5}$")
_WORD = re.compile(r"[\w'’-]+")
# a feminine verb: past "قالت", "أعلنت"; present "تقول", "تشير" (with its و/ف clitic)
_FEMININE = re.compile(r"^[وف]?(?:ت\w+|\w+ت)$")
_CAP = re.compile(r"[A-ZÀ-ÖØ-ÞА-ЯЁÇĞİÖŞÜ]")


def _beside_a_name(word: str, text: str) -> bool:
    """Whether ``text`` writes ``word`` next to another capitalised word (a first name or a surname)."""
    words = _WORD.findall(text)
    for i, w in enumerate(words):
        if _CASE_END.sub("", w) != word:
            continue
        for k in (i - 1, i + 1):
            if 0 <= k < len(words) and _CAP.match(words[k]) and fold_word(words[k]) not in lexicon().words["function_words"]:
                return True
    return False


def lone_body(name: str, phrase: str, verb: str, earlier: list[str], sentence: str, people: dict) -> bool:
    """Whether the speaker ``name`` read as a person is rather a body speaking for itself (see the module doc).

    ``verb``: the cue as written; ``phrase``: the speaker phrase's own words; only a name standing alone there is weighed ("وقالت القاضية
    ليندا تشان": a name read out of a longer phrase is a person's, cut short).
    """
    word = _CASE_END.sub("", name.strip())
    if not earlier:
        return False  # a sentence read alone tells nothing of whom its article introduced
    if _CASE_END.sub("", phrase.strip(" ,،\"“”«»")) != word or " " in word or len(word) < 3 or skeleton(word).split("-")[-1] in people:
        return False
    if resolve(word, "person").canonical is not None:
        return False  # a person the data knows by one name
    if is_arabic(word):
        # no capitals to tell a name's neighbours: a feminine verb ("وقالت مايكروسوفت": a company is feminine) and
        # a word the article has not written before; "قال بيسكوف", masculine, is a man known by his surname
        return _FEMININE.search(verb) is not None and not any(word in t for t in earlier)
    return not any(_beside_a_name(word, t) for t in (*earlier, sentence))
