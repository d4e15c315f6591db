#!/usr/bin/env python3
"""Value accuracy of the date and quantity extractors on text nobody tuned on.

Scores tests/fixtures/values/unseen.yaml: clauses from news stories outside
bench/corpora/, each with the dates and quantities a reader finds in it,
written down before the extractors ever ran on them. A value counts as read
when one mention carries it:

- date: the same start and end, the same granularity, and the same bound
  ("since", "until") when the table gives one;
- quantity: the same value (or low and high) to a part in a million, the
  same unit (a count of people in any role reads as "person"; a per-period
  money unit such as "EUR per year" as its currency), the same qualifier
  ("about", "more-than", ... or none); "about N" is also met by the vague
  band N +/- 10% the project gives round-number nouns ("une vingtaine").

Prints accuracy per half (dev, held_out), language and kind; ``--misses``
lists what was not read with what was found instead.

    python bench/unseen.py                 # both halves
    python bench/unseen.py --half dev --misses
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections import defaultdict
from datetime import date
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from consistency.extract.dates import extract_dates  # noqa: E402
from consistency.extract.quantities import extract_quantities  # noqa: E402

TABLE = ROOT / "tests" / "fixtures" / "values" / "unseen.yaml"
PEOPLE = frozenset(("person", "death", "injury", "missing", "refugee", "soldier"))


def rows(path: Path = TABLE) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _day(v) -> date | None:
    return v if v is None or isinstance(v, date) else date.fromisoformat(str(v))


def _date_ok(want: dict, m) -> bool:
    v = m.value
    if (v.start, v.end, v.granularity) != (_day(want["start"]), _day(want["end"]), want["gran"]):
        return False
    return "bound" not in want or v.bound == want["bound"]


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9)


def _unit_ok(want: str, got: str | None) -> bool:
    if got is None:
        return False
    if got == want:
        return True
    if want in PEOPLE and got in PEOPLE and "person" in (want, got):
        return True
    return got.split(" per ")[0] == want  # "EUR per year": a salary is still euros


def _quantity_ok(want: dict, m) -> bool:
    v = m.value
    if not _unit_ok(want["unit"], v.unit):
        return False
    lo, hi = (want["low"], want["high"]) if "low" in want else (want["value"], want["value"])
    if _close(v.low, lo) and _close(v.high, hi) and v.qualifier == want.get("qualifier"):
        return True
    # "une vingtaine", "a dozen": the project writes a round-number noun as the vague band
    # of "about N" (FORMAT.md: N +/- 10%), the same meaning as the table's "about"
    return (want.get("qualifier") == "about" and v.qualifier == "vague"
            and _close(v.low, 0.9 * lo) and _close(v.high, 1.1 * hi))


def score(table: list[dict]) -> list[dict]:
    """One record per expected value: row id, half, language, kind, read or not, what was found."""
    out = []
    for row in table:
        pub = _day(row.get("published"))
        dates = extract_dates(row["text"], published=pub)
        quants = extract_quantities(row["text"], published=pub)
        for want in row["expect"]:
            found, ok = (dates, _date_ok) if want["kind"] == "date" else (quants, _quantity_ok)
            out.append({"id": row["id"], "half": row["half"], "lang": row["lang"], "kind": want["kind"],
                        "ok": any(ok(want, m) for m in found), "want": want,
                        "got": [f"«{m.text}» {m.value.to_json()}" for m in found]})
    return out


def summary(records: list[dict]) -> dict:
    """{half: {lang or "all": {kind or "all": [read, total]}}}."""
    acc: dict = defaultdict(lambda: defaultdict(lambda: defaultdict(lambda: [0, 0])))
    for r in records:
        for lang in (r["lang"], "all"):
            for kind in (r["kind"], "all"):
                cell = acc[r["half"]][lang][kind]
                cell[0] += r["ok"]
                cell[1] += 1
    return {h: {lg: dict(k) for lg, k in v.items()} for h, v in acc.items()}


def _cell(c) -> str:
    return f"{c[0]:>3}/{c[1]:<3} {c[0] / c[1]:.2f}" if c and c[1] else " " * 12


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--half", choices=("dev", "held_out"))
    ap.add_argument("--misses", action="store_true")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    table = [r for r in rows() if args.half in (None, r["half"])]
    records = score(table)
    summ = summary(records)
    if args.json:
        print(json.dumps(summ, indent=1))
        return 0
    for half in ("dev", "held_out"):
        if half not in summ:
            continue
        print(f"{half:<8}        date        quantity         all")
        for lang in ("ar", "en", "fr", "ru", "tr", "all"):
            k = summ[half].get(lang, {})
            print(f"{lang:<8} {_cell(k.get('date'))}  {_cell(k.get('quantity'))}  {_cell(k.get('all'))}")
        print()
    if args.misses:
        for r in records:
            if not r["ok"]:
                print(f"{r['id']} [{r['half']}] want {r['want']}")
                for g in r["got"] or ["(nothing)"]:
                    print(f"      got {g}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
