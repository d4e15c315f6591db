"""Extraction alone, in CPU seconds: every article of the given folders read, segmented and extracted in this process.

    python bench/extract_cpu.py FOLDER... [--profile OUT.prof] [--dump OUT.tsv]

Serial and in one process (no workers, no caches), so the figure is the
extractors' own cost: dates, quantities, ordinals and attributions, with their
data files loaded on first use (as a cold run pays them). Per language too.
The cyclic garbage collector is off, as it is for the whole of a check
(api.check, gc_pause.py): with it on, its walks over the statements and the
extractors' memos were another 2-2.5 CPU-s at 1,600 articles that a check
does not pay (``--gc`` keeps it on).
``--dump`` writes every statement's mentions (repr, one line each) to compare
two versions of the code: a speed change must leave the file byte-identical.
``--profile`` keeps a cProfile of the extraction (it inflates Python calls).
The CPU of each extractor (dates, quantities, ordinals, attributions) is
timed around its calls (a clock read per call: well under 1% of the total).
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import json
import time
from collections import defaultdict
from pathlib import Path


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="+", type=Path)
    ap.add_argument("--profile", type=Path)
    ap.add_argument("--dump", type=Path)
    ap.add_argument("--gc", action="store_true", help="leave the cyclic garbage collector on")
    a = ap.parse_args(argv)
    if not a.gc:
        gc.disable()

    from consistency.extract import extract_article
    from consistency.ingest import ingest_segmented

    per_extractor = _time_extractors()

    c0 = time.process_time()
    articles, _, statements = ingest_segmented(a.paths, jobs=1, warn=None)
    c1 = time.process_time()
    by_article: dict[str, list] = defaultdict(list)
    for s in statements:
        by_article[s.article_id].append(s)
    prof = cProfile.Profile() if a.profile else None
    per_lang: dict[str, float] = defaultdict(float)
    done = []
    if prof:
        prof.enable()
    for art in articles:
        sts = by_article.get(art.id)
        if sts:
            c = time.process_time()
            done.append((art, sts, extract_article(art, sts)))
            per_lang[art.language] += time.process_time() - c
    if prof:
        prof.disable()
        prof.dump_stats(a.profile)
    c2 = time.process_time()
    print(json.dumps({"articles": len(articles), "statements": len(statements), "ingest_cpu_s": round(c1 - c0, 2),
                      "extract_cpu_s": round(c2 - c1, 2),
                      "per_language_cpu_s": {k: round(v, 2) for k, v in sorted(per_lang.items())},
                      "per_extractor_cpu_s": {k: round(v, 2) for k, v in per_extractor.items()}}))
    if a.dump:
        with a.dump.open("w", encoding="utf-8") as out:
            for art, sts, mentions in done:
                for s, m in zip(sts, mentions):
                    out.write(f"{art.id}\t{s.index}\t{m!r}\n")


def _time_extractors() -> dict[str, float]:
    """Wrap each extractor (as extract_article imports it, at call time) with a CPU clock; the totals fill in."""
    from consistency.extract import attributions, dates, quantities

    spent: dict[str, float] = {}
    depth = [0]  # only the outermost call counts: dates.py calls extract_dates itself
    for module, name, label in ((dates, "extract_dates", "dates"), (quantities, "extract_quantities", "quantities"),
                                (quantities, "extract_ordinals", "ordinals"),
                                (attributions, "extract_attributions", "attributions")):
        spent[label] = 0.0

        def timed(*args, _run=getattr(module, name), _label=label, **kwargs):
            if depth[0]:
                return _run(*args, **kwargs)
            depth[0] += 1
            c = time.process_time()
            try:
                return _run(*args, **kwargs)
            finally:
                spent[_label] += time.process_time() - c
                depth[0] -= 1

        setattr(module, name, timed)
    return spent


if __name__ == "__main__":
    main()
