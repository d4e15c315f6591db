"""Rule files: one fact per YAML file under ``rules/``, its id taken from its path.

The format is documented for editors in ``rules/README.md``. Loading is
strict (Vale's habit): an unknown key, a bad value or a pattern that does not
compile is a ``UserError`` naming the file, the line and the key, raised
before any slow work starts.

Patterns are regular expressions over *normalized* text
(``consistency.normalize``): the non-ASCII parts of a pattern are folded the
same way as the statements (أ/إ/آ -> ا, ة -> ه, ى -> ي, Arabic-Indic digits,
diacritics), while ASCII regex syntax (``\\D``, ``\\b`` ...) is left alone and
matching ignores case.
"""

from __future__ import annotations

import math
import re
import string
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from . import safe_regex, safe_yaml
from .errors import UserError
from .normalize import normalize

KINDS = ("date", "quantity", "attribution")
LEVELS = ("error", "warning", "suggestion")
GRANULARITIES = ("day", "month", "year")
QUANTITY_KINDS = ("money", "count", "percent", "duration", "ordinal", "other")
# Placeholders a message may use; verdicts.py fills them in.
PLACEHOLDERS = ("description", "verdict", "values", "articles", "conflicts", "count", "rule")

_TOP_KEYS = ("extends", "description", "message", "level", "match", "select", "compare", "tests")
_MATCH_KEYS = ("examples", "threshold", "clusters")
_PATTERN_KEYS = ("all", "any", "exceptions", "must", "must_not")
# "must" and "must_not" name the patterns as what they now are, filters on what
# the linking engine finds: the same lists as "all" and "exceptions".
_ALIASES = {"must": "all", "must_not": "exceptions"}
_SELECT_KEYS = ("near", "avoid", "not_across", "within")
_COMPARE_KEYS = ("tolerance", "granularity", "unit", "quantity_kind", "changes_over_time")
_LANGUAGE = re.compile(r"^(?:[a-z]{2}|any)$")
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


@dataclass(frozen=True)
class PatternSet:
    """The patterns of one language block: all must match, one of any, none of exceptions."""

    language: str
    all: tuple[re.Pattern, ...] = ()
    any: tuple[re.Pattern, ...] = ()
    exceptions: tuple[re.Pattern, ...] = ()

    def matches(self, norm: str) -> re.Match | None:
        """The first positive match (the anchor of the fact in the statement), or None."""
        if not self.all and not self.any:
            return None
        found: re.Match | None = None
        for p in self.all:
            m = p.search(norm)
            if m is None:
                return None
            found = found or m
        if self.any:
            hits = [m for m in (p.search(norm) for p in self.any) if m]
            if not hits:
                return None
            found = min(hits, key=lambda m: m.start()) if found is None else found
        return found


@dataclass(frozen=True)
class Select:
    """Which mention of a matched statement carries the fact."""

    near: tuple[re.Pattern, ...] = ()  # prefer the mention closest to one of these
    avoid: tuple[re.Pattern, ...] = ()  # drop a mention closer to one of these than to `near`
    not_across: tuple[re.Pattern, ...] = ()  # drop a mention cut off from `near` by one of these
    within: int | None = None  # max characters between mention and a `near` word


@dataclass(frozen=True)
class Compare:
    tolerance: float = 0.0  # days for dates; a relative fraction for quantities
    granularity: str | None = None  # dates: compare at this granularity (day|month|year)
    unit: str | None = None  # quantities: only mentions in this unit or currency
    quantity_kind: str | None = None  # quantities: only money, count, ...
    changes_over_time: bool = False  # a later, larger value is an update, not a conflict


@dataclass(frozen=True)
class Rule:
    id: str  # from the path: rules/s400/first-delivery.yaml -> s400.first-delivery
    path: str
    extends: str  # date | quantity | attribution
    description: str
    message: str
    level: str
    patterns: tuple[PatternSet, ...] = ()
    examples: tuple[str, ...] = ()
    threshold: float | None = None  # example similarity; None: the embedder's default
    clusters: bool = True  # take statements clustered with a pattern match
    select: Select = Select()
    compare: Compare = Compare()
    tests: str | None = None
    file: Path | None = field(default=None, compare=False)  # the rule file on disk

    @property
    def exceptions(self) -> tuple[re.Pattern, ...]:
        """Exceptions of every language: they veto any candidate, however it was found."""
        return tuple(p for ps in self.patterns for p in ps.exceptions)


# libyaml's parser when PyYAML was built with it: the pure-Python one took 86%
# of loading 768 generated rules (1.1 s of a 6,400-article run). Both give
# the same nodes, with the line marks that errors name.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_rules(directory: Path) -> tuple[Rule, ...]:
    """Every ``*.yaml``/``*.yml`` rule under ``directory``, sorted by id."""
    directory = Path(directory)
    if not directory.is_dir():
        raise UserError(f"{directory}: rules directory not found")
    files = sorted(p for p in directory.rglob("*") if p.is_file() and p.suffix in (".yaml", ".yml"))
    rules = [load_rule(p, directory) for p in files]
    seen: dict[str, str] = {}
    for r in rules:
        if r.id in seen:
            raise UserError(f"{r.path}: rule id {r.id!r} is also the id of {seen[r.id]}")
        seen[r.id] = r.path
    return tuple(sorted(rules, key=lambda r: r.id))


def rule_id(path: Path, root: Path) -> str:
    rel = path.relative_to(root).with_suffix("")
    return ".".join(rel.parts)


def load_rule(path: Path, root: Path) -> Rule:
    shown = _shown(path, root)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"{shown}: cannot read rule file: {exc}") from exc
    try:
        safe_yaml.refuse_aliases(text)  # an alias graph is walked exponentially below
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark else ""
        raise UserError(f"{shown}{line}: not valid YAML: {getattr(exc, 'problem', exc)}") from exc
    return replace(_Parser(shown).rule(node, rule_id(path, root)), file=path)


def _shown(path: Path, root: Path) -> str:
    try:
        return str(Path(root.name) / path.relative_to(root))
    except ValueError:
        return str(path)


def compile_pattern(source: str) -> re.Pattern:
    """Fold the non-ASCII parts like statements are folded; keep ASCII regex syntax."""
    folded = _NON_ASCII.sub(lambda m: normalize(m.group(0)), source)
    return re.compile(folded, re.IGNORECASE)


class _Parser:
    """Walks the composed YAML nodes so every error can name its line."""

    def __init__(self, shown: str) -> None:
        self.shown = shown

    def fail(self, node: yaml.Node, what: str) -> UserError:
        return UserError(f"{self.shown}:{node.start_mark.line + 1}: {what}")

    def mapping(self, node: yaml.Node, allowed: tuple[str, ...] | None, where: str) -> dict[str, tuple[yaml.Node, yaml.Node]]:
        if not isinstance(node, yaml.MappingNode):
            raise self.fail(node, f"{where}: expected a mapping, got {_kind(node)}")
        out: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        for k, v in node.value:
            key = k.value if isinstance(k, yaml.ScalarNode) else None
            if not isinstance(key, str):
                raise self.fail(k, f"{where}: keys must be strings")
            if allowed is not None and key not in allowed:
                raise self.fail(k, f"unknown key {_qualified(where, key)!r} (expected one of {', '.join(allowed)})")
            if key in out:
                raise self.fail(k, f"duplicate key {_qualified(where, key)!r}")
            out[key] = (k, v)
        return out

    def scalar(self, node: yaml.Node, key: str) -> Any:
        if not isinstance(node, yaml.ScalarNode):
            raise self.fail(node, f"{key}: expected a single value, got {_kind(node)}")
        try:
            return yaml.constructor.SafeConstructor().construct_object(node)
        except (yaml.YAMLError, ValueError, TypeError) as exc:  # an unknown tag, a 30 February
            raise self.fail(node, f"{key}: not a plain value ({str(exc).splitlines()[0][:100]})") from exc

    def text(self, node: yaml.Node, key: str) -> str:
        value = self.scalar(node, key)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(node, f"{key}: expected non-empty text, got {value!r}")
        return value.strip()

    def choice(self, node: yaml.Node, key: str, options: tuple[str, ...]) -> str:
        value = self.scalar(node, key)
        if value not in options:
            raise self.fail(node, f"{key}: expected one of {', '.join(options)}, got {value!r}")
        return value

    def number(self, node: yaml.Node, key: str, low: float, high: float | None = None) -> float:
        value = self.scalar(node, key)
        if (isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value)
                or value < low or (high is not None and value > high)):
            span = f"between {low} and {high}" if high is not None else f"a number >= {low}"
            raise self.fail(node, f"{key}: expected {span}, got {value!r}")
        return value

    def flag(self, node: yaml.Node, key: str) -> bool:
        value = self.scalar(node, key)
        if not isinstance(value, bool):
            raise self.fail(node, f"{key}: expected true or false, got {value!r}")
        return value

    def texts(self, node: yaml.Node, key: str) -> tuple[str, ...]:
        if isinstance(node, yaml.ScalarNode):
            return (self.text(node, key),)
        if not isinstance(node, yaml.SequenceNode) or not node.value:
            raise self.fail(node, f"{key}: expected a non-empty list of text, got {_kind(node)}")
        return tuple(self.text(item, key) for item in node.value)

    def patterns(self, node: yaml.Node, key: str) -> tuple[re.Pattern, ...]:
        out = []
        items = node.value if isinstance(node, yaml.SequenceNode) else [node]
        for item, source in zip(items, self.texts(node, key)):
            try:
                out.append(compile_pattern(source))
            except re.error as exc:
                raise self.fail(item, f"{key}: bad regular expression {source!r}: {exc}") from exc
            why = safe_regex.problem(source)
            if why:
                raise self.fail(item, f"{key}: regular expression {source!r} refused: {why}")
        return tuple(out)

    def rule(self, node: yaml.Node | None, rid: str) -> Rule:
        if node is None:
            raise UserError(f"{self.shown}:1: empty rule file (expected keys: {', '.join(_TOP_KEYS)})")
        top = self.mapping(node, _TOP_KEYS, "")
        for required in ("extends", "description", "match"):
            if required not in top:
                raise self.fail(node, f"missing key {required!r}")
        extends = self.choice(top["extends"][1], "extends", KINDS)
        description = self.text(top["description"][1], "description")
        message = self.text(top["message"][1], "message") if "message" in top else "{description}: sources disagree: {conflicts}"
        self.check_message(top["message"][1] if "message" in top else node, message)
        level = self.choice(top["level"][1], "level", LEVELS) if "level" in top else "warning"
        patterns, examples, threshold, clusters = self.match(top["match"][1])
        select = self.select(top["select"][1]) if "select" in top else Select()
        compare = self.compare(top["compare"][1], extends) if "compare" in top else Compare()
        tests = self.text(top["tests"][1], "tests") if "tests" in top else None
        return Rule(rid, self.shown, extends, description, message, level, patterns, examples,
                    threshold, clusters, select, compare, tests)

    def check_message(self, node: yaml.Node, message: str) -> None:
        try:
            parsed = [(f, spec, conv) for _, f, spec, conv in string.Formatter().parse(message) if f is not None]
        except ValueError as exc:
            raise self.fail(node, f"message: {exc}") from exc
        for f, spec, conv in parsed:
            if spec or conv:  # "{description:>20000000}" wrote 20 MB per finding
                raise self.fail(node, f"message: placeholders take no format ({{{f}}}, not {{{f}:{spec}}})")
        fields = [f for f, _, _ in parsed]
        for f in fields:
            if f not in PLACEHOLDERS:
                raise self.fail(node, f"message: unknown placeholder {{{f}}} (expected one of {', '.join('{' + p + '}' for p in PLACEHOLDERS)})")

    def match(self, node: yaml.Node):
        entries = self.mapping(node, None, "match")
        patterns: list[PatternSet] = []
        examples: tuple[str, ...] = ()
        threshold = None
        clusters = True
        for key, (knode, vnode) in entries.items():
            if key == "examples":
                examples = self.texts(vnode, "match.examples")
            elif key == "threshold":
                threshold = float(self.number(vnode, "match.threshold", 0.0, 1.0))
            elif key == "clusters":
                clusters = self.flag(vnode, "match.clusters")
            elif _LANGUAGE.match(key):
                block = self.mapping(vnode, _PATTERN_KEYS, f"match.{key}")
                got, given = {}, {}
                for k, (kn, v) in block.items():
                    name = _ALIASES.get(k, k)
                    if name in got:
                        raise self.fail(kn, f"match.{key}: {given[name]!r} and {k!r} are the same list; give one")
                    got[name], given[name] = self.patterns(v, f"match.{key}.{k}"), k
                if not got.get("all") and not got.get("any"):
                    raise self.fail(vnode, f"match.{key}: expected 'all' or 'any' patterns")
                patterns.append(PatternSet(key, got.get("all", ()), got.get("any", ()), got.get("exceptions", ())))
            else:
                raise self.fail(knode, f"unknown key 'match.{key}' (expected a two-letter language code, any, or one of {', '.join(_MATCH_KEYS)})")
        if not patterns and not examples:
            raise self.fail(node, "match: expected patterns for a language (ar:, en:, any:) or examples")
        return tuple(patterns), examples, threshold, clusters

    def select(self, node: yaml.Node) -> Select:
        entries = self.mapping(node, _SELECT_KEYS, "select")
        got: dict[str, Any] = {}
        for key, (_, v) in entries.items():
            if key == "within":
                got[key] = int(self.number(v, "select.within", 1))
            else:
                got[key] = self.patterns(v, f"select.{key}")
        return Select(**got)

    def compare(self, node: yaml.Node, extends: str) -> Compare:
        entries = self.mapping(node, _COMPARE_KEYS, "compare")
        got: dict[str, Any] = {}
        for key, (knode, v) in entries.items():
            if key == "tolerance":
                got[key] = float(self.number(v, "compare.tolerance", 0))
            elif key == "granularity":
                self.only(knode, key, extends, "date")
                got[key] = self.choice(v, "compare.granularity", GRANULARITIES)
            elif key == "unit":
                self.only(knode, key, extends, "quantity")
                got[key] = self.text(v, "compare.unit")
            elif key == "quantity_kind":
                self.only(knode, key, extends, "quantity")
                got[key] = self.choice(v, "compare.quantity_kind", QUANTITY_KINDS)
            else:
                got[key] = self.flag(v, "compare.changes_over_time")
        return Compare(**got)

    def only(self, knode: yaml.Node, key: str, extends: str, kind: str) -> None:
        if extends != kind:
            raise self.fail(knode, f"compare.{key}: only for extends: {kind} (this rule extends {extends})")


def _qualified(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def _kind(node: yaml.Node) -> str:
    return {yaml.MappingNode: "a mapping", yaml.SequenceNode: "a list"}.get(type(node), "a single value")
