"""The lexicon's sections for numbers whose unit is not right after them (quantities_positions,
quantities_shares): positions, money per item, shares of a group, dimensions, adjective stems.
Indexed into the Lexicon by quantities_lexicon, which calls ``build_apart`` once the common
sections are in."""

from __future__ import annotations

from .quantities_lexicon import ARTICLE, Lexicon, _all_langs, _index, _words


def build_apart(lx: Lexicon, data: dict) -> None:
    pos = data.get("positions") or {}
    lx.position_units = set(pos.get("units") or ())
    lx.position_marks = _words(_all_langs(pos.get("marks")))
    lx.position_bare = pos.get("bare")
    lx.position_cues = _words(_all_langs(pos.get("cues")))
    for item, where in (data.get("per_item") or {}).items():
        for f in _all_langs(where.get("after")):
            _index(lx.per_item, f, item)
        for f in _all_langs(where.get("before")):
            _index(lx.per_item_before, f, item, by_last=True)
    _build_shares(lx, data.get("shares") or {})
    lx.rate_each = _words(_all_langs(data.get("rate_each")))
    one = data.get("one_unit") or {}
    for f in _all_langs(one.get("before")):
        _index(lx.one_before, f, True, by_last=True)
    for unit, langs in (one.get("nouns") or {}).items():
        lx.one_nouns.update((w, unit) for w in _words(_all_langs(langs)))
    dims = data.get("dimensions") or {}
    lx.dimension_marks = dict(dims.get("marks") or {})
    for f in _all_langs(dims.get("words")):
        _index(lx.dimension_words, f, True)
    for unit, langs in (data.get("unit_adjectives") or {}).items():
        lx.unit_adjectives.update((w, unit) for w in _words(_all_langs(langs)))


def _build_shares(lx: Lexicon, sh: dict) -> None:
    for side, target in (("before_group", lx.shares_before), ("after_group", lx.shares_after)):
        for den, langs in (sh.get(side) or {}).items():
            target.update((w, int(den)) for w in _words(_all_langs(langs)))
    lx.share_words = set(lx.shares_before) | set(lx.shares_after)
    lx.share_words |= {ARTICLE + w for w in lx.shares_before if "\u0600" <= w[:1] <= "\u06ff"}  # "بأكثر من الثلث"
    lx.share_articles = _words(_all_langs(sh.get("articles")))
    lx.share_needs_article = _words(_all_langs(sh.get("needs_article")))
    for f in _all_langs(sh.get("links")):
        _index(lx.share_links, f, True)
    lx.share_between = _words(_all_langs(sh.get("between")))
    lx.share_stop = _words(_all_langs(sh.get("stop"))) | lx.noun_gap_stop
    lx.genitive_endings = tuple(_words(_all_langs(sh.get("genitive_endings"))))
    lx.ablative_endings = tuple(_words(_all_langs(sh.get("ablative_endings"))))
