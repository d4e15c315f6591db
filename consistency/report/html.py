"""The HTML report: one self-contained page for editorial review.

No network and nothing outside the file: the CSS and the small filtering
script are inline, and a Content-Security-Policy forbids every other source,
so that the page opens the same from a mail attachment or an archive. All
article text (titles, sentences, evidence, outlets, paths, URLs) is
untrusted: it is escaped where it is written, links keep only http(s)
addresses, and the policy lets no script run but the page's own (by its
hash), should anything ever slip through.

Layout: a summary, filters (verdict, level, kind, language), then one card
per finding, conflicts first: its verdict and level, message and reasons,
the claims side by side with each article's title, outlet, date and source
link, the evidence sentence with the value highlighted and the normalized
value, and for dates a timeline of what each source says. Right-to-left
sentences are laid out right to left.
"""

from __future__ import annotations

import base64
import hashlib
from datetime import date
from html import escape

from ..model import LEVELS
from .text import _PAIR_PREFIX, _strip_isolates, describe_value
from .view import EVERYTHING, KINDS, VERDICT_ORDER, View, hidden_counts, shown_findings, text_direction, value_span

_CSS = """
:root { --conflict:#b3261e; --update:#8e24aa; --unresolved:#b26a00; --agree:#2e7d32; --single-source:#1565c0;
        --line:#d8d8d8; --muted:#5f6368; --mark:#fff1a8; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, "Segoe UI", "Noto Sans", "Noto Naskh Arabic", Tahoma, sans-serif; margin: 0;
       color: #1f1f1f; background: #f6f6f4; }
header, main, footer { max-width: 1200px; margin: 0 auto; padding: 12px 20px; }
h1 { font-size: 22px; margin: 8px 0; }
h2 { font-size: 17px; margin: 18px 0 8px; }
.muted { color: var(--muted); }
.summary { display: flex; flex-wrap: wrap; gap: 8px; margin: 8px 0; }
.stat { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 6px 10px; }
.stat b { font-size: 18px; margin-right: 4px; }
.filters { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; position: sticky;
           top: 0; z-index: 1; }
.filters fieldset { display: inline-block; border: 0; margin: 0 16px 0 0; padding: 2px 0; }
.filters legend { float: left; font-weight: 600; margin-right: 6px; padding: 0; }
.filters label { margin-right: 8px; white-space: nowrap; }
.finding { background: #fff; border: 1px solid var(--line); border-left: 6px solid var(--line); border-radius: 6px;
           margin: 12px 0; padding: 10px 14px; }
.finding[hidden] { display: none; }
.v-conflict { border-left-color: var(--conflict); } .v-update { border-left-color: var(--update); }
.v-unresolved { border-left-color: var(--unresolved); } .v-agree { border-left-color: var(--agree); }
.v-single-source { border-left-color: var(--single-source); }
.badge { display: inline-block; border-radius: 4px; padding: 0 6px; font-size: 13px; font-weight: 600; color: #fff;
         background: var(--muted); margin-right: 4px; }
.badge.conflict { background: var(--conflict); } .badge.update { background: var(--update); }
.badge.unresolved { background: var(--unresolved); } .badge.agree { background: var(--agree); }
.badge.single-source { background: var(--single-source); }
.badge.level { background: #fff; color: #1f1f1f; border: 1px solid var(--line); }
.badge.level.error { color: var(--conflict); border-color: var(--conflict); }
.badge.level.warning { color: var(--unresolved); border-color: var(--unresolved); }
.head { display: flex; flex-wrap: wrap; gap: 6px; align-items: baseline; }
.origin { font-family: ui-monospace, monospace; font-size: 13px; }
.id { font-family: ui-monospace, monospace; font-size: 12px; color: var(--muted); margin-left: auto; }
.message { margin: 6px 0; font-weight: 500; }
.reasons { margin: 4px 0 8px; padding-left: 20px; color: var(--conflict); }
.claims { display: grid; grid-template-columns: repeat(auto-fill, minmax(300px, 1fr)); gap: 10px; }
.claim { border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px; background: #fcfcfb; }
.claim.in-conflict { border-color: var(--conflict); }
.claim .n { font-weight: 700; margin-inline-end: 4px; }
.claim .title { font-weight: 600; }
.claim .meta { font-size: 13px; color: var(--muted); }
.claim .where { font-family: ui-monospace, monospace; font-size: 12px; color: var(--muted); word-break: break-all; }
.sentence { margin: 6px 0; font-size: 16px; }
.sentence[dir=rtl] { font-size: 17px; }
mark { background: var(--mark); padding: 0 2px; border-radius: 2px; }
.value { font-family: ui-monospace, monospace; font-size: 13px; background: #eef2f7; border-radius: 4px; padding: 2px 6px;
         display: inline-block; }
.timeline { margin: 10px 0 4px; }
.tl-row { display: grid; grid-template-columns: 40px 1fr 200px; gap: 8px; align-items: center; font-size: 12px; }
.tl-track { position: relative; height: 12px; background: #f0f0ee; border-radius: 6px; }
.tl-bar { position: absolute; top: 1px; height: 10px; min-width: 4px; border-radius: 5px; background: var(--single-source); }
.tl-bar.in-conflict { background: var(--conflict); }
.tl-axis { display: flex; justify-content: space-between; margin-left: 48px; margin-right: 208px; font-size: 11px;
           color: var(--muted); }
table { border-collapse: collapse; width: 100%; background: #fff; font-size: 13px; }
th, td { border: 1px solid var(--line); padding: 4px 6px; text-align: start; vertical-align: top; }
details summary { cursor: pointer; font-weight: 600; margin: 12px 0; }
#shown { font-weight: 600; }
"""

# Filtering: a finding is shown when its verdict, level and kind are ticked
# and at least one of its claims comes from an article in a ticked language.
_JS = """
(function () {
  var form = document.getElementById('filters');
  var cards = document.querySelectorAll('.finding');
  function ticked(name) {
    var out = {};
    form.querySelectorAll('input[name="' + name + '"]').forEach(function (box) { out[box.value] = box.checked; });
    return out;
  }
  function apply() {
    var verdict = ticked('verdict'), level = ticked('level'), kind = ticked('kind'), lang = ticked('language');
    var shown = 0;
    cards.forEach(function (card) {
      var langs = card.dataset.languages.split(' ');
      var ok = verdict[card.dataset.verdict] && level[card.dataset.level] && kind[card.dataset.kind] &&
               langs.some(function (l) { return lang[l]; });
      card.hidden = !ok;
      if (ok) { shown += 1; }
    });
    document.getElementById('shown').textContent = String(shown);
  }
  form.addEventListener('change', apply);
  apply();
})();
"""
_SCRIPT_HASH = base64.b64encode(hashlib.sha256(_JS.encode("utf-8")).digest()).decode("ascii")
_CSP = f"default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-{_SCRIPT_HASH}'; img-src data:"


def render_html(records: dict, *, view: View = EVERYTHING) -> str:
    """The whole page as one string."""
    articles = {a["id"]: a for a in records["articles"]}
    findings = shown_findings(records, view)
    filtered, baselined = hidden_counts(records, len(findings))
    languages = sorted({a["language"] for a in records["articles"]})
    tool = records["tool"]
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(tool['name'])} report: {len(findings)} findings</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>Consistency report</h1><div class=\"muted\">{_e(tool['name'])} {_e(tool['version'])}</div>",
        _summary(records, len(findings), filtered, baselined, view),
        "</header>",
        "<main>",
        _filters(languages),
        f'<p class="muted"><span id="shown">{len(findings)}</span> of {len(findings)} findings shown</p>',
    ]
    out.extend(_finding(f, articles) for f in findings)
    if not findings:
        out.append("<p>No findings.</p>")
    out.append(_articles(records))
    out.append("</main>")
    out.append(f"<script>{_JS}</script>")
    out.append("</body>\n</html>\n")
    return "\n".join(out)


def _e(value) -> str:
    return escape("" if value is None else str(value), quote=True)


def _summary(records: dict, shown: int, filtered: int, baselined: int, view: View) -> str:
    s = records["summary"]
    stats = [
        (s["articles"], "articles"), (s["statements"], "statements"), (s["skipped"], "skipped"),
    ] + [(s["findings"][v], v) for v in VERDICT_ORDER if v in s["findings"]]
    parts = ['<div class="summary" id="summary">']
    parts.extend(f'<span class="stat"><b>{n}</b>{_e(label)}</span>' for n, label in stats)
    problems = ", ".join(f"{n} {lv}" for lv, n in s.get("problems", {}).items() if n)
    parts.append("</div>")
    if problems:
        parts.append(f"<p>Problems by level: {_e(problems)}</p>")
    if filtered:
        parts.append(f"<p>{shown} of {len(records['findings'])} findings in this page ({_e(view.describe())}).</p>")
    if baselined:
        parts.append(f"<p>{baselined} reviewed finding{'s' if baselined != 1 else ''} hidden by the baseline "
                     f"({_e(records['settings'].get('baseline'))}).</p>")
    return "\n".join(parts)


def _filters(languages: list[str]) -> str:
    groups = (("verdict", VERDICT_ORDER), ("level", tuple(reversed(LEVELS))), ("kind", KINDS), ("language", languages))
    parts = ['<form id="filters" class="filters">']
    for name, values in groups:
        parts.append(f"<fieldset><legend>{name.capitalize()}</legend>")
        for v in values:
            parts.append(f'<label><input type="checkbox" name="{name}" value="{_e(v)}" checked> {_e(v)}</label>')
        parts.append("</fieldset>")
    parts.append("</form>")
    return "".join(parts)


def _finding(f: dict, articles: dict) -> str:
    langs = sorted({articles.get(c["article"], {}).get("language") or "und" for c in f["claims"]})
    in_conflict = {i for pair in f["conflicts"] for i in pair}
    origin = f["rule"] or (f"cluster {f['cluster']}" if f["cluster"] is not None else "discovered")
    parts = [
        f'<section class="finding v-{_e(f["verdict"])}" id="f-{_e(f["id"])}" data-verdict="{_e(f["verdict"])}" '
        f'data-level="{_e(f["level"])}" data-kind="{_e(f["kind"])}" data-languages="{_e(" ".join(langs))}">',
        '<div class="head">',
        f'<span class="badge {_e(f["verdict"])}">{_e(f["verdict"])}</span>',
        f'<span class="badge level {_e(f["level"])}">{_e(f["level"])}</span>',
        f'<span>{_e(f["kind"])}</span> <span class="origin">{_e(origin)}</span>',
        f'<span class="id">{_e(f["id"])}</span>',
        "</div>",
        f'<p class="message" dir="auto">{_e(f["message"])}</p>',
    ]
    reasons = f.get("reasons") or []
    if reasons or f["conflicts"]:
        parts.append('<ul class="reasons">')
        for k, (i, j) in enumerate(f["conflicts"]):
            why = f": {_e(_PAIR_PREFIX.sub('', reasons[k]))}" if k < len(reasons) else ""
            parts.append(f"<li>[{i + 1}] vs [{j + 1}]{why}</li>")
        unlisted = f.get("conflict_count", len(f["conflicts"])) - len(f["conflicts"])
        if unlisted > 0:
            parts.append(f"<li>and {unlisted} more conflicting pairs among these claims</li>")
        parts.extend(f'<li dir="auto">{_e(r)}</li>' for r in reasons[len(f["conflicts"]):])
        parts.append("</ul>")
    if f["kind"] == "date":
        parts.append(_timeline(f["claims"], in_conflict))
    parts.append('<div class="claims">')
    parts.extend(_claim(n, c, articles.get(c["article"], {}), n in in_conflict) for n, c in enumerate(f["claims"]))
    parts.append("</div></section>")
    return "\n".join(parts)


def _claim(n: int, c: dict, article: dict, conflicting: bool) -> str:
    title = article.get("title") or c["article"]
    meta = [article.get("outlet"), article.get("published") or "date unknown", article.get("language")]
    url = article.get("source_url")
    link = f' · <a href="{_e(url)}" rel="noopener noreferrer">source</a>' if _safe_url(url) else ""
    sentence = c.get("sentence_text") or c["text"]
    direction = text_direction(sentence)
    return "".join([
        f'<article class="claim{" in-conflict" if conflicting else ""}" data-claim="{n + 1}">',
        f'<div dir="{text_direction(title)}"><span class="n">[{n + 1}]</span><span class="title">{_e(title)}</span></div>',
        f'<div class="meta">{" · ".join(_e(m) for m in meta if m)}{link}</div>',
        f'<p class="sentence" dir="{direction}" lang="{_e(article.get("language") or "")}">'
        f"{_highlight(sentence, c['text'])}</p>",
        f'<div class="value">{_e(_strip_isolates(describe_value(c["value"])))}</div>',
        f'<div class="where">{_e(c["path"])}:{c["line"]}:{c["column"]} · sentence {c["sentence"]}</div>',
        "</article>",
    ])


def _highlight(sentence: str, evidence: str) -> str:
    span = value_span(sentence, evidence)
    if span is None:
        return _e(sentence)
    s, e = span
    return f"{_e(sentence[:s])}<mark>{_e(sentence[s:e])}</mark>{_e(sentence[e:])}"


def _safe_url(url) -> bool:
    return isinstance(url, str) and url.lower().startswith(("http://", "https://"))


def _timeline(claims: list[dict], in_conflict: set[int]) -> str:
    """Each source's date interval on one shared axis; open bounds run to the axis' end."""
    spans = []
    for n, c in enumerate(claims):
        v = c["value"] or {}
        if v.get("unresolved") or not (v.get("start") or v.get("end")):
            continue
        spans.append((n, _day(v.get("start")), _day(v.get("end"))))
    known = [d for _, s, e in spans for d in (s, e) if d is not None]
    if not known:
        return ""
    lo, hi = min(known), max(known)
    total = max((hi - lo).days + 1, 1)
    rows = ['<div class="timeline" aria-label="timeline">']
    for n, s, e in spans:
        s, e = s or lo, e or hi
        left = 100 * (s - lo).days / total
        width = max(100 * ((e - s).days + 1) / total, 0.5)
        label = str(s) if s == e else f"{s} .. {e}"
        cls = "tl-bar in-conflict" if n in in_conflict else "tl-bar"
        rows.append(f'<div class="tl-row"><span>[{n + 1}]</span><div class="tl-track">'
                    f'<div class="{cls}" style="left:{left:.2f}%;width:{min(width, 100 - left):.2f}%"></div></div>'
                    f"<span>{_e(label)}</span></div>")
    rows.append(f'<div class="tl-axis"><span>{lo}</span><span>{hi}</span></div></div>')
    return "".join(rows)


def _day(text) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _articles(records: dict) -> str:
    rows = ["<details><summary>Articles</summary><table><thead><tr><th>id</th><th>title</th><th>language</th>"
            "<th>published</th><th>outlet</th><th>source</th></tr></thead><tbody>"]
    for a in records["articles"]:
        published = a["published"] or "date unknown"
        if a["published"] and a["published_source"]:
            published += f" ({a['published_source']})"
        link = f'<a href="{_e(a["source_url"])}" rel="noopener noreferrer">{_e(a["source_url"])}</a>' \
            if _safe_url(a["source_url"]) else _e(a["source_url"])
        rows.append(f'<tr><td>{_e(a["path"])}</td><td dir="auto">{_e(a["title"])}</td><td>{_e(a["language"])}</td>'
                    f'<td dir="auto">{_e(published)}</td><td>{_e(a["outlet"])}</td><td>{link}</td></tr>')
    rows.append("</tbody></table></details>")
    if records["skipped"]:
        rows.append("<details><summary>Skipped files</summary><ul>")
        rows.extend(f"<li>{_e(s['path'])}: {_e(s['reason'])}</li>" for s in records["skipped"])
        rows.append("</ul></details>")
    return "\n".join(rows)

