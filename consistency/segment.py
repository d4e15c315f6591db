"""PLACEHOLDER until issue 2 lands: one statement per non-empty line."""
import re
from .model import Statement

def segment(article):
    out = []
    for m in re.finditer(r"[^\n]+", article.text):
        if m.group().strip():
            out.append(Statement(article.id, len(out), m.group(), m.start(), m.end(), m.group()))
    return out
