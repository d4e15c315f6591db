"""Date extraction, as tables (tests/fixtures/dates/extract.yaml, holdout*.yaml).

Run as a script to print extraction accuracy per language:
    python tests/test_dates_extract.py
"""

from __future__ import annotations

import sys
from collections import defaultdict
from datetime import date
from pathlib import Path

import pytest
import yaml

from consistency.extract.dates import extract_dates

TABLES = Path(__file__).resolve().parent / "fixtures" / "dates"
TABLE_FILES = ("extract.yaml", "holdout.yaml", "holdout2.yaml")
OFFSET = 1000  # statements sit somewhere inside an article


def _rows(name: str = "extract.yaml") -> list[dict]:
    return yaml.safe_load((TABLES / name).read_text(encoding="utf-8"))


def _expected(row: dict) -> list[tuple]:
    out = []
    for e in row["expect"]:
        out.append((e["span"], e["start"], e["end"], e["gran"], e.get("bound"), e.get("qualifier"),
                    bool(e.get("unresolved"))))
    return out


def _got(row: dict) -> list[tuple]:
    mentions = extract_dates(row["text"], published=row["published"], offset=OFFSET)
    out = []
    for m in mentions:
        v = m.value
        out.append((m.text, v.start, v.end, v.granularity, v.bound, v.qualifier, v.unresolved is not None))
    return out


def _params():
    for name in TABLE_FILES:
        for i, row in enumerate(_rows(name)):
            marks = [pytest.mark.xfail(strict=True, reason=row["xfail"])] if row.get("xfail") else []
            yield pytest.param(row, id=f"{name.split('.')[0]}-{i:03d}-{row['lang']}", marks=marks)


@pytest.mark.parametrize("row", list(_params()))
def test_table_row(row):
    """Each row's text yields exactly the expected spans, intervals and granularities."""
    assert _got(row) == _expected(row)


@pytest.mark.parametrize("row", [r for r in _rows() if r["expect"]][:40], ids=lambda r: r["text"][:30])
def test_spans_point_into_the_text(row):
    """Every mention's span, shifted by the offset, slices its own text out of the statement."""
    for m in extract_dates(row["text"], published=row["published"], offset=OFFSET):
        assert row["text"][m.start - OFFSET:m.end - OFFSET] == m.text


def test_table_size_and_languages():
    """The table holds at least 60 rows with both Arabic and English, seed and own phrasing."""
    rows = _rows()
    langs = {r["lang"] for r in rows}
    assert len(rows) >= 60 and {"ar", "en"} <= langs
    assert sum(r.get("source") == "seed" for r in rows) >= 15
    assert sum(r.get("source") != "seed" for r in rows) >= 45


def test_relative_dates_without_publication_stay_unresolved():
    """With no publication date, every relative phrase has no interval and says why."""
    text = "قال أمس إن الاتفاق وُقّع العام الماضي وسيُنفَّذ في أبريل المقبل، and last month, three weeks ago"
    mentions = extract_dates(text)
    assert len(mentions) == 5
    for m in mentions:
        assert m.value.relative and m.value.start is None and m.value.end is None
        assert "publication" in m.value.unresolved


def test_diacritics_and_tatweel_inside_names():
    """Harakat and tatweel inside a month name neither break the match nor move the span."""
    text = "وقّعت في كانونُ الأوّل/ ديســمبر عامَ 2017 اتفاقاً"
    [m] = extract_dates(text, offset=5)
    assert m.text == "كانونُ الأوّل/ ديســمبر عامَ 2017"
    assert text[m.start - 5:m.end - 5] == m.text
    assert (m.value.start, m.value.end) == (date(2017, 12, 1), date(2017, 12, 31))


def accuracy(rows: list[dict]) -> dict[str, dict[str, float]]:
    """Per language: share of rows exactly right, and mention precision / recall."""
    stats: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in rows:
        got, want = _got(row), _expected(row)
        s = stats[row["lang"]]
        s["rows"] += 1
        s["rows_ok"] += got == want
        s["got"] += len(got)
        s["want"] += len(want)
        s["hit"] += sum(1 for g in got if g in want)
    out = {}
    for lang, s in sorted(stats.items()):
        out[lang] = {
            "rows": s["rows"],
            "row_accuracy": s["rows_ok"] / s["rows"],
            "precision": s["hit"] / s["got"] if s["got"] else 1.0,
            "recall": s["hit"] / s["want"] if s["want"] else 1.0,
        }
    return out


if __name__ == "__main__":
    for name in TABLE_FILES:
        print(name)
        for lang, a in accuracy(_rows(name)).items():
            print(f"  {lang:6} rows={a['rows']:3d}  rows exactly right={a['row_accuracy']:.1%}  "
                  f"mention precision={a['precision']:.1%}  recall={a['recall']:.1%}")
    sys.exit(0)


def test_invariants_on_shuffled_vocabulary():
    """On random runs of date words and numbers: no crash, spans slice the text, intervals are ordered."""
    import random
    from importlib.resources import files

    data = yaml.safe_load((files("consistency.data") / "dates.yaml").read_text(encoding="utf-8"))
    vocab: list[str] = ["2019", "٢٠٢٠", "31", "29", "0", "1441", "هـ", "/", "-", "،", "(", "2019-2020",
                        "29/02/2021", "31/04/2020", "2021/13/40", "ّ", "ـ"]

    def walk(x):
        if isinstance(x, str):
            vocab.append(x)
        elif isinstance(x, list):
            for i in x:
                walk(i)
        elif isinstance(x, dict):
            for v in x.values():
                walk(v)

    walk(data)
    rng = random.Random(7)
    for _ in range(1500):
        text = " ".join(rng.choice(vocab) for _ in range(rng.randint(1, 8)))
        for published in (None, date(2020, 2, 29), date(2021, 12, 31)):
            for m in extract_dates(text, published=published, offset=3):
                v = m.value
                assert text[m.start - 3:m.end - 3] == m.text
                assert (v.start is None) == (v.end is None)
                assert v.start is None or v.start <= v.end, (text, v)
                assert v.unresolved is not None or v.start is not None, (text, v)
