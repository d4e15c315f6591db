#!/usr/bin/env python3
"""Value accuracy of the extractors on the annotated statements of the corpora.

For every statement of every fact in ``bench/corpora/<story>/truth.yaml``,
run the extractors on that sentence (with its article's publication date and,
for attributions, the article's earlier sentences) and check that a mention of
the fact's kind carries the annotated value:

- date: a mention with the same interval (start and end; null = open);
- quantity: a mention in the same unit whose interval meets the annotated one
  (the truth's ``lower_exclusive`` and the mention's "more than" both honoured);
- attribution: a mention whose speaker is the annotated speaker (names matched
  across spellings, consistency/entities.py), or, when the truth names no
  speaker, whose speaker or organisation is the annotated organisation.

Prints accuracy per language and kind (and per story with ``--stories``);
``--json`` prints the same as JSON, ``--misses`` lists what was not read.

    python bench/values.py                       # the dev stories of split.yaml
    python bench/values.py --split test          # the test stories, at the end only
    python bench/values.py --corpora DIR --misses --kind date --lang tr
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from consistency.compare.attributions import as_source  # noqa: E402
from consistency.entities import resolve, same_entity, same_person  # noqa: E402
from consistency.extract.attributions import extract_attributions  # noqa: E402
from consistency.extract.dates import extract_dates  # noqa: E402
from consistency.extract.quantities import extract_quantities  # noqa: E402
from consistency.model import Statement  # noqa: E402

KINDS = ("date", "quantity", "attribution")


@dataclass
class Row:
    story: str
    sid: str
    kind: str
    lang: str
    sentence: str
    truth: dict
    got: list
    ok: bool


# ------------------------------------------------------------------ articles
def _front(text: str) -> tuple[dict, list[tuple[int, int]]]:
    """Front matter and the (start, end) of each body line (1-based list index + 1)."""
    raw = text.split("\n")
    meta, body_start = {}, 0
    if raw and raw[0].strip() == "---":
        end = next(i for i in range(1, len(raw)) if raw[i].strip() == "---")
        # line by line: a corpus being written may hold an unquoted colon in a title
        meta = dict(line.split(":", 1) for line in raw[1:end] if ":" in line)
        meta = {k.strip(): v.strip().strip("'\"") for k, v in meta.items()}
        body_start = end + 1
    spans, pos = [], 0
    for i, line in enumerate(raw):
        if i >= body_start:
            spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return meta, spans


def _date(v) -> date | None:
    if v is None or isinstance(v, date):
        return v
    return date.fromisoformat(str(v)[:10])


class Article:
    """One annotated article: its lines as statements, attributions read once."""

    def __init__(self, path: Path) -> None:
        self.text = path.read_text(encoding="utf-8")
        meta, spans = _front(self.text)
        self.published = _date(meta.get("published"))
        self.statements = [Statement(path.name, i, self.text[s:e], s, e) for i, (s, e) in enumerate(spans)]
        self._attr = None

    def attributions(self, line: int):
        if self._attr is None:
            self._attr = extract_attributions(self.statements)
        return self._attr[line - 1]


# ------------------------------------------------------------------ checks
def _date_ok(truth: dict, mentions) -> bool:
    lo, hi = (_date(x) for x in truth["interval"])
    return any(m.value.start == lo and m.value.end == hi for m in mentions)


def _unit_key(unit: str | None) -> str | None:
    """The project's canonical unit (or currency code) for a unit as annotated (the first of ``_unit_keys``)."""
    keys = _unit_keys(unit)
    return keys[0] if keys else None


def _unit_keys(unit: str | None) -> tuple[str, ...]:
    """The project's canonical units for a unit as annotated, each a reading the mention may have.

    Annotators write units freely: "basis_point", "EGP_per_USD", "USD/day", "percent of staff" (a
    share of something), "drones and missiles" (two nouns counted together: either reading is the
    figure). Underscores are spaces, "/" and "_per_" are " per " (each side mapped on its own), a
    unit followed by what it is of or above keeps its head, and "X and Y" is X or Y.
    """
    if unit is None:
        return ()
    import re

    u = str(unit).strip()
    parts = [p for p in re.split(r"\s+and\s+|\s*,\s*", u) if p] if re.search(r"\sand\s|,", u) else [u]
    out: list[str] = []
    for p in parts:
        p = re.sub(r"\s*/\s*|_per_|\s+per\s+", " per ", p).replace("_", " ").strip()
        base, _, per = p.partition(" per ")
        key = _one_key(base)
        if per:
            key = f"{key} per {_one_key(per)}"
        if key not in out:
            out.append(key)
    return tuple(out)


def _one_key(u: str) -> str:
    from consistency.extract.quantities_lexicon import lexicon
    from consistency.extract.quantities_text import normalize_form, tokenize_form

    lx = lexicon()
    if u.upper() in lx.iso_codes.values():
        return u.upper()
    if u in lx.units:
        return u
    toks = tokenize_form(u)
    # the longest known head: "percent of staff" is percent, "year of age" year
    for n in range(len(toks), 0, -1):
        head = toks[:n]
        for table in (lx.unit_words, lx.currency_words):
            for phrase, payload in table.get(head[0], ()) if head else ():
                if phrase == head:
                    return payload.unit if hasattr(payload, "unit") else payload
        if " ".join(head) in lx.units:
            return " ".join(head)
    return normalize_form(u).lower()


def _interval(v) -> tuple[float, float, bool, bool]:
    """(low, high, low open, high open) of an extracted quantity, by its qualifier."""
    from consistency.compare import quantities as q

    ends = q.open_ends(v) if hasattr(q, "open_ends") else (False, False)  # older code: closed
    return (*q._core(v), *ends)


def _meets(a: tuple, b: tuple) -> bool:
    """Whether two intervals (low, high, low open, high open) share a point."""
    lo = max(a[0], b[0])
    lo_open = (a[0] == lo and a[2]) or (b[0] == lo and b[2])
    hi = min(a[1], b[1])
    hi_open = (a[1] == hi and a[3]) or (b[1] == hi and b[3])
    return lo < hi or (lo == hi and not lo_open and not hi_open)


# Counts of people by what befell them: an annotated "person" is any of them.
PEOPLE = frozenset(("person", "death", "injury", "missing", "refugee", "soldier"))


def _in_truth_unit(v, unit: str | None):
    """The mention's value in the annotated unit (people of any kind count as persons), or None."""
    from consistency.compare import quantities as q

    if unit == "person" and (v.unit in PEOPLE or getattr(q, "counts_as", dict)().get(v.unit or "") == "person"):
        return v
    base, per, _ = (v.unit or "").partition(" per ")
    if per and unit is not None and " per " not in unit:
        # A rate annotated by what it counts ("barrel" for "2 million barrels a day"): the
        # period is the fact's, not a second reading, so the annotator may leave it out
        # (FORMAT.md compares rates per the same period; the shared scorer ignores units).
        # A value annotated as a rate still needs the extractor's rate.
        from dataclasses import replace
        v = replace(v, unit=base)
    if hasattr(q, "in_unit"):
        return q.in_unit(v, unit)
    return v if v.unit == unit else None


def _quantity_ok(truth: dict, mentions) -> bool:
    units = _unit_keys(truth.get("unit")) or (None,)
    lo, hi = truth["interval"]
    t = (-math.inf if lo is None else float(lo), math.inf if hi is None else float(hi),
         bool(truth.get("lower_exclusive")), bool(truth.get("upper_exclusive")))
    for m in mentions:
        for unit in units:
            v = _in_truth_unit(m.value, unit)
            if v is not None and _meets(_interval(v), t):
                return True
    return False


def _portfolio(text: str | None) -> str | None:
    """The ministry a name or title speaks of ("Ministry of Public Health", "وزير الصحة"): health."""
    from consistency.entities import portfolio_in
    from consistency.normalize import normalize

    return portfolio_in(normalize(text).replace("'s", "").split()) if text else None


def _attribution_ok(truth: dict, mentions) -> bool:
    """The annotated speaker (across spellings); with none, the organisation (or an outlet on its own authority).

    An institution and its head or spokesperson are compatible (FORMAT.md):
    "Lebanon's health minister" gives the Ministry of Public Health, matched
    by the ministry's portfolio when the organisation is not in the data.
    """
    speaker, org = truth.get("speaker"), truth.get("organization") or truth.get("organisation")
    for m in mentions:
        # compared as compare/attributions.py compares it: an outlet reporting on its own
        # authority ("Reuters reported that ...") is the source, as the annotators record it
        v = as_source(m.value)
        if speaker:
            if v.speaker is not None and same_person(v.speaker, resolve(speaker, "person")):
                return True
            continue
        if org:
            want = resolve(org, "organisation")
            if any(e is not None and same_entity(e, want) for e in (v.speaker, v.organisation)):
                return True
            pf = _portfolio(org)
            mine = {_portfolio(v.role), *(_portfolio(e.name) for e in (v.speaker, v.organisation) if e is not None)}
            if pf is not None and pf in mine:
                return True
    return False


# ------------------------------------------------------------------ run
def measure(story_dir: Path) -> list[Row]:
    truth = yaml.safe_load((story_dir / "truth.yaml").read_text(encoding="utf-8"))
    adir = story_dir / truth.get("article_dir", "articles/")
    articles: dict[str, Article] = {}
    rows = []
    for fact in truth["facts"]:
        kind = fact["kind"]
        for st in fact["statements"]:
            name = st["article"]
            if name not in articles:
                articles[name] = Article(adir / name)
            art = articles[name]
            published = _date(st.get("published")) or art.published
            s = art.statements[st["line"] - 1]
            if kind == "date":
                got = extract_dates(s.text, published=published, offset=s.start)
                ok = _date_ok(st["value"], got)
            elif kind == "quantity":
                got = extract_quantities(s.text, offset=s.start)
                ok = _quantity_ok(st["value"], got)
            else:
                got = list(art.attributions(st["line"]))
                ok = _attribution_ok(st["value"], got)
            rows.append(Row(story_dir.name, st["sid"], kind, st.get("language") or "?", s.text,
                            st["value"], got, ok))
    return rows


def _describe(m) -> str:
    from consistency.compare import describe

    return f"«{m.text}» = {describe(m)}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpora", type=Path, default=ROOT / "bench" / "corpora")
    ap.add_argument("--split", default="dev", help="dev | test | held_out | all (from split.yaml)")
    ap.add_argument("--story", action="append", help="only these stories")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--misses", action="store_true", help="list the statements whose value was not read")
    ap.add_argument("--kind", choices=KINDS)
    ap.add_argument("--lang")
    ap.add_argument("--stories", action="store_true", help="also per story")
    args = ap.parse_args(argv)

    if args.story:
        stories = args.story
    else:
        split = yaml.safe_load((args.corpora / "split.yaml").read_text(encoding="utf-8"))
        stories = split["dev"] + split["test"] if args.split == "all" else (split.get(args.split) or [])
    rows: list[Row] = []
    for story in stories:
        d = args.corpora / story
        if (d / "truth.yaml").exists():
            rows += measure(d)
        else:
            print(f"warning: {d}/truth.yaml missing: skipped", file=sys.stderr)
    rows = [r for r in rows if (not args.kind or r.kind == args.kind) and (not args.lang or r.lang == args.lang)]

    table: dict = defaultdict(lambda: [0, 0])
    for r in rows:
        for key in ((r.lang, r.kind), ("all", r.kind), (r.lang, "all"), ("all", "all")):
            table[key][0] += r.ok
            table[key][1] += 1
        if args.stories:
            table[(r.story, r.kind)][0] += r.ok
            table[(r.story, r.kind)][1] += 1
    result = {f"{a}/{k}": {"ok": ok, "n": n, "accuracy": round(ok / n, 3)} for (a, k), (ok, n) in sorted(table.items())}
    if args.json:
        out = {"stories": stories, "accuracy": result}
        if args.misses:
            out["misses"] = [{"sid": r.sid, "kind": r.kind, "lang": r.lang, "sentence": r.sentence,
                              "truth": r.truth, "got": [_describe(m) for m in r.got]} for r in rows if not r.ok]
        print(json.dumps(out, ensure_ascii=False, indent=1, default=str))
        return 0
    if args.misses:
        for r in rows:
            if not r.ok:
                print(f"{r.sid} [{r.lang} {r.kind}] {r.sentence}\n    truth: {r.truth}\n    got:   "
                      + ("; ".join(_describe(m) for m in r.got) or "nothing"))
        print()
    langs = sorted({a for a, _ in table if a != "all" and a not in stories}) + ["all"]
    print(f"stories: {', '.join(stories)}")
    print(f"{'':8}" + "".join(f"{k:>16}" for k in (*KINDS, "all")))
    for lang in langs + ([s for s in stories] if args.stories else []):
        cells = []
        for k in (*KINDS, "all"):
            ok, n = table.get((lang, k), (0, 0))
            cells.append(f"{ok:>4}/{n:<4} {ok / n:5.2f}" if n else f"{'-':>16}")
        print(f"{lang:8}" + "".join(f"{c:>16}" for c in cells))
    return 0


if __name__ == "__main__":
    sys.exit(main())
