"""Generate a reproducible benchmark corpus of Arabic and English news articles.

    python bench/generate.py N OUT_DIR [--seed 0] [--conflict-share 0.1]

writes ``OUT_DIR/articles/*.txt`` (YAML front matter: title, published,
outlet, language; 20-40 sentences each), ``OUT_DIR/rules/<story>/<fact>.yaml``
(one rule per planted-able fact, when a rule format is known) and
``OUT_DIR/manifest.json`` (the stories, their true values, and every planted
conflict with its article path and character span).

Articles are built from the story templates in ``bench/stories.yaml``: each
story kind (arms delivery, port concession, merger, aid pledge, solar plant,
football transfer) is instantiated many times with different entities and
values (about one story per 25 articles), so a large corpus is many stories,
as an archive is. Every article states some of its story's three facts (a
date, an amount, a quoted statement with speaker and agency) in varied but
compatible forms ("12 July 2019", "mid-July 2019", "تموز/ يوليو 2019", "in
July last year"); a share of articles state one fact with a value that
contradicts the others: those are the planted conflicts. The same N and seed
always give byte-identical files.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import random
import shutil
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
FACTS = ("when", "amount", "quote")
FACT_KIND = {"when": "date", "amount": "quantity", "quote": "attribution"}
ARTICLES_PER_STORY = 25

EN_MONTHS = ["January", "February", "March", "April", "May", "June", "July",
             "August", "September", "October", "November", "December"]
AR_EGYPT = ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو",
            "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"]
AR_LEVANT = ["كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز",
             "آب", "أيلول", "تشرين الأول", "تشرين الثاني", "كانون الأول"]
AR_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
CURRENCY = {
    "USD": {"en": [("${v} {scale}", 1), ("{v} {scale} dollars", 1), ("US${v}{short}", 1)],
            "ar": [("{v} {scale} دولار", 3), ("{v} {scale} دولار أمريكي", 1)]},
    "EUR": {"en": [("€{v} {scale}", 1), ("{v} {scale} euros", 2)],
            "ar": [("{v} {scale} يورو", 1)]},
}
SCALE = {"en": {1e9: ("billion", "bn"), 1e6: ("million", "m")},
         "ar": {1e9: ("مليار", ""), 1e6: ("مليون", "")}}
APPROX = {"en": "about ", "ar": "نحو "}


@dataclass(frozen=True)
class Story:
    id: str
    kind: str
    slots: dict  # slot -> (en, ar)
    when: date
    amount: float
    currency: str
    speaker: tuple[str, str]
    via: tuple[str, str]


def _load_templates() -> dict:
    with open(HERE / "stories.yaml", encoding="utf-8") as f:
        return yaml.safe_load(f)


def _round_sig(x: float, digits: int = 2) -> float:
    return float(f"{x:.{digits}g}")


def _stories(rng: random.Random, t: dict, count: int) -> list[Story]:
    kinds = sorted(t["kinds"])
    out = []
    used: set[tuple] = set()
    for k in range(count):
        kind = kinds[k % len(kinds)]  # every kind present even in a small corpus
        spec = t["kinds"][kind]
        # Two stories of one kind never share their key names (the rule of one
        # would match the other); past ~60 stories per kind the pools run out
        # and keys repeat, which the manifest then shows.
        for _ in range(50):
            slots = {}
            for item in spec["slots"]:
                (slot, pool), = item.items()
                choices = [tuple(p) for p in t["pools"][pool] if tuple(p) not in slots.values()]
                slots[slot] = rng.choice(choices)
            story_key = (kind, *(slots[k] for k in spec["rule_keys"]))
            if story_key not in used:
                break
        used.add(story_key)
        lo, hi = (float(x) for x in spec["amount"])
        amount = _round_sig(rng.uniform(lo, hi))
        when = date(2014, 1, 1) + timedelta(days=rng.randrange(365 * 10))
        out.append(Story(f"{kind}-{k:04d}", kind, slots, when, amount, spec["currency"],
                         slots["speaker"], slots["via"]))
    return out


def _digits(text: str, lang: str, rng: random.Random) -> str:
    return text.translate(AR_DIGITS) if lang == "ar" and rng.random() < 0.25 else text


def render_date(d: date, lang: str, published: date, rng: random.Random) -> tuple[str, str]:
    """A phrase for date ``d`` at a random granularity, and that granularity."""
    forms = ["day", "day", "month", "part", "year"]
    if published.year == d.year + 1:
        forms.append("relative")
    form = rng.choice(forms)
    part = "early" if d.day <= 10 else "mid" if d.day <= 20 else "late"
    y, dd = str(d.year), str(d.day)
    if lang == "en":
        m = EN_MONTHS[d.month - 1]
        phrase = {
            "day": rng.choice([f"on {dd} {m} {y}", f"on {m} {dd}, {y}"]),
            "month": f"in {m} {y}",
            "part": f"in {part}-{m} {y}" if part == "mid" else f"in {part} {m} {y}",
            "year": f"in {y}",
            "relative": f"in {m} last year",
        }[form]
        return phrase, form
    lev, egy = AR_LEVANT[d.month - 1], AR_EGYPT[d.month - 1]
    m = rng.choice([f"{lev}/ {egy}", egy, egy, lev])
    qual = {"early": "أوائل", "mid": "منتصف", "late": "أواخر"}[part]
    phrase = {
        "day": f"{dd} {m} {y}",
        "month": rng.choice([f"{m} {y}", f"{m} عام {y}"]),
        "part": f"{qual} {m} {y}",
        "year": f"عام {y}",
        "relative": f"{m} من العام الماضي",
    }[form]
    return _digits(phrase, lang, rng), form


def render_amount(v: float, currency: str, lang: str, rng: random.Random) -> str:
    scale = 1e9 if v >= 1e9 else 1e6
    num = f"{v / scale:.3g}"
    word, short = SCALE[lang][scale]
    forms = CURRENCY[currency][lang]
    pattern = rng.choices([f for f, _ in forms], weights=[w for _, w in forms])[0]
    if "{short}" in pattern and not short:
        pattern = forms[0][0]
    text = pattern.format(v=num, scale=word, short=short)
    if rng.random() < 0.25:
        text = APPROX[lang] + text
    return _digits(text, lang, rng)


def _conflicting_date(d: date, rng: random.Random) -> date:
    # A different year: no rendering of either date (day .. year) can overlap.
    years = rng.choice([-2, -1, 1, 2])
    return date(d.year + years, rng.randint(1, 12), rng.randint(1, 28))


def _conflicting_amount(v: float, rng: random.Random) -> float:
    # At least 30% away: beyond any precision "about 2.5 billion" implies.
    return _round_sig(v * rng.choice([rng.uniform(1.3, 2.0), rng.uniform(0.4, 0.7)]))


class _Writer:
    """Builds one article's text while recording where each fact sentence lands."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.spans: dict[str, tuple[int, int]] = {}

    def add(self, text: str, sep: str, fact: str | None = None) -> None:
        if self.parts:
            self.parts.append(sep)
            self.length += len(sep)
        if fact:
            self.spans[fact] = (self.length, self.length + len(text))
        self.parts.append(text)
        self.length += len(text)


def _fill(template: str, values: dict, lang: str) -> str:
    i = 0 if lang == "en" else 1
    return template.format(**{k: (v[i] if isinstance(v, tuple) else v) for k, v in values.items()})


def _pool_values(rng: random.Random, t: dict, story: Story) -> dict:
    ents = [v for k, v in story.slots.items() if k not in ("speaker", "role", "via", "city")]
    v = {name: tuple(rng.choice(t["pools"][name])) for name in
         ("analyst_firm", "city", "country", "company", "weekday", "person", "outlet", "via")}
    v.update(e1=rng.choice(ents), e2=rng.choice(ents), x=str(rng.randint(2, 40)),
             pct=f"{rng.uniform(0.5, 19.9):.1f}", year=str(rng.randint(1998, story.when.year)))
    return v


def _filler(rng: random.Random, t: dict, story: Story, lang: str) -> str:
    values = _pool_values(rng, t, story)
    text = _fill(rng.choice(t["filler"][lang]), values, lang)
    if rng.random() < 0.7:
        text = text[:-1] + _fill(rng.choice(t["tails"][lang]), values, lang)
    return _digits(text, lang, rng) if lang == "ar" and rng.random() < 0.2 else text


def _article(rng, t, story: Story, idx: int, conflict_share: float):
    lang = "ar" if rng.random() < 0.55 else "en"
    published = story.when + timedelta(days=rng.randint(1, 420))
    spec = t["kinds"][story.kind]
    stated = [f for f in FACTS if rng.random() < 0.7] or [rng.choice(FACTS)]
    planted = rng.choice(stated) if rng.random() < conflict_share else None
    facts: dict[str, tuple[str, object]] = {}
    for fact in stated:
        values = dict(story.slots)
        true = {"when": story.when, "amount": story.amount, "quote": story.speaker}[fact]
        value = true
        if fact == planted:
            value = {"when": lambda: _conflicting_date(story.when, rng),
                     "amount": lambda: _conflicting_amount(story.amount, rng),
                     "quote": lambda: rng.choice([tuple(p) for p in t["pools"]["person"]
                                                  if tuple(p) != story.speaker])}[fact]()
        if fact == "when":
            values["date"], _ = render_date(value, lang, published, rng)
            text = _fill(rng.choice(spec["when"][lang]), values, lang)
        elif fact == "amount":
            values["amount"] = render_amount(value, story.currency, lang, rng)
            text = _fill(rng.choice(spec["amount_text"][lang]), values, lang)
        else:
            values["speaker"] = value
            text = _fill(rng.choice(spec["quote"][lang]), values, lang)
        facts[fact] = (text, value)
    n = rng.randint(20, 40)
    order = ["filler"] * (n - len(facts)) + list(facts)
    rng.shuffle(order)
    if rng.random() < 0.5 and order[0] == "filler" and facts:  # a lede that states a fact
        first = next(i for i, o in enumerate(order) if o != "filler")
        order[0], order[first] = order[first], order[0]
    w = _Writer()
    head = ("---\n" + yaml.safe_dump(
        {"title": _fill(spec["title"][lang], story.slots, lang), "published": published,
         "outlet": rng.choice(t["pools"]["outlet"])[0 if lang == "en" else 1], "language": lang},
        allow_unicode=True, sort_keys=False) + "---\n")
    w.add(head, "")
    in_para = 0
    for o in order:
        text = facts[o][0] if o != "filler" else _filler(rng, t, story, lang)
        sep = "" if len(w.parts) == 1 else (" " if in_para else "\n\n")
        w.add(text, sep, o if o != "filler" else None)
        in_para = (in_para + 1) % rng.randint(1, 3) if in_para or rng.random() < 0.7 else 0
    path = f"articles/{idx:06d}_{story.id}.txt"
    record = {"path": path, "story": story.id, "language": lang, "published": published.isoformat(),
              "facts": {f: list(w.spans[f]) for f in facts}}
    plant = None
    if planted:
        start, end = w.spans[planted]
        plant = {"article": path, "story": story.id, "fact": f"{story.id}.{planted}",
                 "kind": FACT_KIND[planted], "start": start, "end": end,
                 "sentence": facts[planted][0], "value": _json_value(facts[planted][1])}
    return path, "".join(w.parts) + "\n", record, plant


def _json_value(v) -> object:
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, tuple):
        return {"en": v[0], "ar": v[1]}
    return v


def _rulegen():
    # bench/ is a folder of scripts, not a package: load the sibling by path.
    spec = importlib.util.spec_from_file_location("bench_rulegen", HERE / "rulegen.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def generate(n: int, out: Path, *, seed: int = 0, conflict_share: float = 0.1) -> dict:
    """Write N articles, their rules and manifest.json under ``out``; return the manifest."""
    rng = random.Random(seed)
    t = _load_templates()
    stories = _stories(rng, t, max(len(t["kinds"]), round(n / ARTICLES_PER_STORY)))
    out = Path(out)
    if (out / "articles").exists():
        shutil.rmtree(out / "articles")
    (out / "articles").mkdir(parents=True)
    records, planted = [], []
    for i in range(n):
        story = stories[rng.randrange(len(stories))]
        path, text, record, plant = _article(rng, t, story, i, conflict_share)
        (out / path).write_text(text, encoding="utf-8")
        records.append(record)
        if plant:
            planted.append(plant)
    manifest = {
        "generator": "bench/generate.py", "n": n, "seed": seed, "conflict_share": conflict_share,
        "stories": [{"id": s.id, "kind": s.kind, "when": s.when.isoformat(), "amount": s.amount,
                     "currency": s.currency, "speaker": {"en": s.speaker[0], "ar": s.speaker[1]},
                     "via": {"en": s.via[0], "ar": s.via[1]},
                     "slots": {k: {"en": v[0], "ar": v[1]} for k, v in sorted(s.slots.items())}}
                    for s in stories],
        "articles": records,
        "planted": planted,
    }
    manifest["rules"] = _rulegen().write_rules(out / "rules", stories, t)
    (out / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return manifest


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int, help="number of articles")
    ap.add_argument("out", type=Path, help="output folder (articles/, rules/, manifest.json)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--conflict-share", type=float, default=0.1,
                    help="share of articles with one planted conflicting fact (default 0.1)")
    a = ap.parse_args(argv)
    m = generate(a.n, a.out, seed=a.seed, conflict_share=a.conflict_share)
    print(f"{a.n} articles, {len(m['stories'])} stories, {len(m['planted'])} planted conflicts -> {a.out}")


if __name__ == "__main__":
    main()
