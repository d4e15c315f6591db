"""What a person sees of the records: which findings, in which order.

The JSON and SARIF reports always hold every finding (they are contracts);
the formats meant for people and for CI annotations (text, html, csv,
github) show the findings a ``View`` selects, problems first. A view never
changes the summary: the counts stay those of the whole run, and the report
says how many findings the filters (and a baseline) left out.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import LEVELS, VERDICTS
from .records import PROBLEM_VERDICTS

KINDS = ("date", "quantity", "attribution")
# Conflicts first, then the other problems, then what is fine.
VERDICT_ORDER = ("conflict", "update", "unresolved", "single-source", "agree")


@dataclass(frozen=True)
class View:
    verdicts: tuple[str, ...] = VERDICTS  # --show
    min_level: str = "suggestion"  # --min-level

    def __post_init__(self) -> None:
        unknown = sorted(set(self.verdicts) - set(VERDICTS))
        if unknown:
            raise ValueError(f"unknown verdict {unknown[0]!r}; expected some of {', '.join(VERDICTS)}")
        if self.min_level not in LEVELS:
            raise ValueError(f"unknown level {self.min_level!r}; expected one of {', '.join(LEVELS)}")

    @property
    def is_everything(self) -> bool:
        return set(self.verdicts) >= set(VERDICTS) and self.min_level == LEVELS[0]

    def keeps(self, finding: dict) -> bool:
        return finding["verdict"] in self.verdicts and LEVELS.index(finding["level"]) >= LEVELS.index(self.min_level)

    def describe(self) -> str:
        """The filters in the words of the command line ("--show conflict --min-level warning")."""
        parts = []
        if set(self.verdicts) < set(VERDICTS):
            parts.append("--show " + ",".join(v for v in VERDICTS if v in self.verdicts))
        if self.min_level != LEVELS[0]:
            parts.append(f"--min-level {self.min_level}")
        return " ".join(parts)


EVERYTHING = View()


def parse_verdicts(text: str) -> tuple[str, ...]:
    """``conflict,update`` -> ("conflict", "update"); "problems" stands for conflict, update, unresolved."""
    out: list[str] = []
    for word in (w.strip().lower() for w in text.split(",")):
        if not word:
            continue
        names = PROBLEM_VERDICTS if word == "problems" else VERDICTS if word == "all" else (word,)
        for name in names:
            if name not in VERDICTS:
                raise ValueError(f"unknown verdict {word!r}; expected some of {', '.join(VERDICTS)}, problems or all")
            if name not in out:
                out.append(name)
    if not out:
        raise ValueError("--show needs at least one verdict")
    return tuple(out)


def shown_findings(records: dict, view: View = EVERYTHING) -> list[dict]:
    """The findings the view keeps, conflicts first, the most severe first, then in the report's order."""
    kept = [f for f in records["findings"] if view.keeps(f)]
    return sorted(kept, key=lambda f: (VERDICT_ORDER.index(f["verdict"]), -LEVELS.index(f["level"])))


def hidden_counts(records: dict, shown: int) -> tuple[int, int]:
    """(findings left out by the view's filters, findings left out by the baseline)."""
    baselined = records.get("settings", {}).get("baselined") or 0
    return len(records["findings"]) - shown, int(baselined)


def text_direction(text: str | None) -> str:
    """"rtl" when most letters of ``text`` are Arabic or Hebrew, else "ltr"."""
    if not text:
        return "ltr"
    rtl = sum(1 for ch in text if "\u0590" <= ch <= "\u08ff" or "\ufb1d" <= ch <= "\ufefc")
    ltr = sum(1 for ch in text if ch.isalpha()) - rtl
    return "rtl" if rtl > ltr else "ltr"


def value_span(sentence: str | None, evidence: str) -> tuple[int, int] | None:
    """Where the evidence sits in its sentence (the first place it occurs), or None."""
    if not sentence or not evidence:
        return None
    at = sentence.find(evidence)
    return (at, at + len(evidence)) if at >= 0 else None
