"""bench/run.py's figures across sizes: growth exponent, memory per statement, the printed table."""

from __future__ import annotations

import math

STAGES = ("rules", "ingest", "extract", "embed", "link", "align", "report")  # ingest includes segmentation


def slope(xs: list[float], ys: list[float]) -> float | None:
    """Least-squares slope of log(y) on log(x): the growth exponent."""
    pts = [(math.log(x), math.log(y)) for x, y in zip(xs, ys) if x > 0 and y > 0]
    if len(pts) < 2:
        return None
    mx = sum(p[0] for p in pts) / len(pts)
    my = sum(p[1] for p in pts) / len(pts)
    den = sum((p[0] - mx) ** 2 for p in pts)
    return round(sum((p[0] - mx) * (p[1] - my) for p in pts) / den, 3) if den else None


def summarize(rows: list[dict]) -> dict:
    ns = [r["n"] for r in rows]
    tot = [r["cold"]["total_s"] for r in rows]
    return {
        "growth_exponent_fit": slope(ns, tot),
        "growth_exponent_last_two": slope(ns[-2:], tot[-2:]) if len(rows) >= 2 else None,
        "largest_n": ns[-1] if ns else None,
        "pipeline_over_embed_at_largest": rows[-1]["pipeline_over_embed"] if rows else None,
        # the target is read in CPU seconds (whole process trees): wall times drift on a shared machine
        "pipeline_over_embed_cpu_at_largest": rows[-1].get("pipeline_over_embed_cpu") if rows else None,
        "stages_cpu_s_at_largest": rows[-1]["cold"].get("stages_cpu_s") if rows else None,
        "warm_speedup_at_largest": rows[-1]["warm_speedup"] if rows else None,
        "one_added_speedup_at_largest": rows[-1]["one_added_speedup"] if rows else None,
        "peak_rss_mib_at_largest": rows[-1]["cold"]["peak_rss_mib"] if rows else None,
        "peak_tree_pss_mib_at_largest": rows[-1]["cold"].get("peak_tree_pss_mib") if rows else None,
        # KiB of peak memory each statement added between one size and the next: flat if memory is linear
        "marginal_pss_kib_per_statement": {
            f"{r0['n']}->{r1['n']}": round((r1["cold"]["peak_tree_pss_mib"] - r0["cold"]["peak_tree_pss_mib"]) * 1024
                                          / (r1["statements"] - r0["statements"]), 2)
            for r0, r1 in zip(rows, rows[1:])
            if r1["statements"] > r0["statements"] and r0["cold"].get("peak_tree_pss_mib") and r1["cold"].get("peak_tree_pss_mib")
        },
        "added_over_warm_at_largest": {k: v["over_warm"] for k, v in rows[-1]["added"].items()} if rows else None,
    }


def table(rows: list[dict], summary: dict) -> str:
    head = ["N", "stmts"] + [s for s in STAGES] + ["total", "CPU s", "warm", "x warm", "+1 art", "+50 art",
                                                   "emb-only", "pipe/emb", "RSS MiB", "PSS MiB", "found"]
    lines = [" ".join(f"{h:>9}" for h in head)]
    for r in rows:
        c = r["cold"]
        det = c["detection"]
        cells = [str(r["n"]), str(r["statements"])]
        cells += [f"{c['stages_s'].get(s, 0):.2f}" for s in STAGES]
        added = [r["added"].get(k) for k in ("1", "50")]
        cells += [f"{c['total_s']:.2f}", f"{c['process_cpu_s']:.2f}", f"{r['warm']['total_s']:.2f}",
                  f"{r['warm_speedup']}", *(f"{x['total_s']:.2f}" if x else "-" for x in added),
                  f"{r['embed_only']['total_s']:.2f}" if r["embed_only"] else "-",
                  f"{r['pipeline_over_embed']}" if r["pipeline_over_embed"] else "-",
                  f"{c['peak_rss_mib']:.0f}",
                  f"{c['peak_tree_pss_mib']:.0f}" if c.get("peak_tree_pss_mib") else "-",
                  f"{det['found']}/{det['planted']}"]
        lines.append(" ".join(f"{x:>9}" for x in cells))
    lines.append(" ".join(f"{h:>9}" for h in ["N", "CPU s:"] + list(STAGES) + ["pipeline", "emb-only", "pipe/emb"]))
    for r in rows:
        c, e = r["cold"], r["embed_only"]
        cells = [str(r["n"]), ""] + [f"{c.get('stages_cpu_s', {}).get(s, 0):.2f}" for s in STAGES]
        cells += [f"{c['cpu_s']:.2f}", f"{e['cpu_s']:.2f}" if e else "-",
                  f"{r['pipeline_over_embed_cpu']}" if r.get("pipeline_over_embed_cpu") else "-"]
        lines.append(" ".join(f"{x:>9}" for x in cells))
    lines.append("stage columns: wall seconds (cold run; CPU seconds per stage and statements/s are in the JSON);"
                 " ingest includes segmentation; CPU s: the whole cold process tree; RSS: the main process;"
                 " PSS: the main process and its workers together")
    lines.append(
        f"growth exponent of total time: {summary['growth_exponent_fit']} (fit), "
        f"{summary['growth_exponent_last_two']} (two largest sizes)"
    )
    return "\n".join(lines)


def seeds_line(seeds: dict) -> str:
    made = "from bytecode" if seeds.get("bytecode", False) else "compiled from source"
    return (f"cold seeds run (empty cache, {len(seeds['runs'])} runs, modules {made}): {seeds['cpu_s_median']} CPU-s median,"
            f" {seeds['cpu_s_min']} least; {seeds['wall_s_median']} s wall median")
