"""PLACEHOLDER until issue 2 lands (utf-8 .txt only)."""
import hashlib
from pathlib import Path
from .model import Article

def ingest(paths, progress=None):
    out = []
    for p in paths:
        files = sorted(p.rglob("*.txt")) if p.is_dir() else [p]
        for f in files:
            raw = f.read_bytes()
            text = raw.decode("utf-8")
            out.append(Article(f.stem, str(f), None, text, None, None, "ar",
                               hashlib.sha256(raw).hexdigest(), ((0, len(text)),)))
    return out, []
