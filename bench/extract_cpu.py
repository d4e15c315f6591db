"""Extraction alone, in CPU seconds: every article of the given folders read, segmented and extracted in this process.

    python bench/extract_cpu.py FOLDER... [--profile OUT.prof] [--dump OUT.tsv]

Serial and in one process (no workers, no caches), so the figure is the
extractors' own cost: dates, quantities, ordinals and attributions, with their
data files loaded on first use (as a cold run pays them). Per language too.
``--dump`` writes every statement's mentions (repr, one line each) to compare
two versions of the code: a speed change must leave the file byte-identical.
``--profile`` keeps a cProfile of the extraction (it inflates Python calls).
"""

from __future__ import annotations

import argparse
import cProfile
import json
import time
from collections import defaultdict
from pathlib import Path


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="+", type=Path)
    ap.add_argument("--profile", type=Path)
    ap.add_argument("--dump", type=Path)
    a = ap.parse_args(argv)

    from consistency.extract import extract_article
    from consistency.ingest import ingest_segmented

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
                      "per_language_cpu_s": {k: round(v, 2) for k, v in sorted(per_lang.items())}}))
    if a.dump:
        with a.dump.open("w", encoding="utf-8") as out:
            for art, sts, mentions in done:
                for s, m in zip(sts, mentions):
                    out.write(f"{art.id}\t{s.index}\t{m!r}\n")


if __name__ == "__main__":
    main()
