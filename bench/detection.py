"""Which planted conflicts a report found (bench/run.py, on corpora from bench/generate.py)."""

from __future__ import annotations

from pathlib import Path


def count(items) -> dict:
    out: dict[str, int] = {}
    for x in items:
        out[x] = out.get(x, 0) + 1
    return dict(sorted(out.items()))


def score(report, manifest: dict, *, rules: bool) -> dict:
    """Which planted conflicts the report shows as a conflicting pair, and what else it flags.

    A planted conflict is found when some finding with verdict ``conflict``
    (of its fact's rule when rules are used, else any rule-free finding of
    the same kind) has a conflicting pair with a claim inside the planted
    sentence. A conflicting pair is explained when one of its claims sits in
    a planted sentence; the rest are false alarms (or conflicts the generator
    did not plan, such as two rival background figures).
    """
    name_of = {a.id: Path(a.path).name for a in report.articles}
    planted: dict[str, list[dict]] = {}
    for p in manifest["planted"]:
        planted.setdefault(Path(p["article"]).name, []).append(p)

    def planted_at(claim) -> dict | None:
        for p in planted.get(name_of.get(claim.article_id, ""), []):
            if p["start"] <= claim.mention.start < p["end"]:
                return p
        return None

    found: set[tuple[str, str]] = set()
    pairs = explained = 0
    for f in report.findings:
        if f.verdict != "conflict" or (f.rule is None) == rules:
            continue
        for i, j in f.conflicts:
            pairs += 1
            hits = [p for p in (planted_at(f.claims[i]), planted_at(f.claims[j])) if p]
            if hits:
                explained += 1
            for p in hits:
                if (f.rule == p["fact"]) if rules else (f.kind == p["kind"]):
                    found.add((p["article"], p["fact"]))
    by_kind: dict[str, list[int]] = {}
    for p in manifest["planted"]:
        hit = (p["article"], p["fact"]) in found
        k = by_kind.setdefault(p["kind"], [0, 0])
        k[0] += hit
        k[1] += 1
    n = len(manifest["planted"])
    return {
        "mode": "rules" if rules else "discovery",
        "planted": n,
        "found": len(found),
        "recall": round(len(found) / n, 3) if n else None,
        "by_kind": {k: {"found": v[0], "planted": v[1]} for k, v in sorted(by_kind.items())},
        "conflict_pairs": pairs,
        "pairs_explained": explained,
        "pair_precision": round(explained / pairs, 3) if pairs else None,
    }
