"""Alert rules, read from a small TOML file and validated with one clear line per problem.

    [[rule]]
    id = "jpn-rus-coercion"
    kind = "events"                 # any merged event of these types between the two sides
    types = ["SANCTION", "ASSAULT"]
    between = ["JPN", "RUS"]        # either direction; `actor` + `recipient` for one direction

    [[rule]]
    id = "usa-chn-drop"
    kind = "relation"               # the weekly relation index of the pair falls by more than `drop`
    between = ["USA", "CHN"]
    drop = 1.5

    [[rule]]
    id = "jpn-rus-turn"
    kind = "turn"                   # the relation turns (corpus setting relations.turn_threshold), with the
    between = ["JPN", "RUS"]        # records that drove it; direction: deteriorating (default), improving, any
    direction = "deteriorating"
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from tidings.errors import TidingsError

RuleKind = Literal["events", "relation", "turn"]
_COMMON = {"id", "kind", "between", "actor", "recipient", "description"}
_FIELDS = {"events": _COMMON | {"types", "modes", "min_confidence", "include_uncounted"},
           "relation": _COMMON | {"drop", "alpha"},
           "turn": _COMMON | {"direction", "period"}}
DIRECTIONS = ("deteriorating", "improving", "any")
PERIODS = ("day", "week", "month")


@dataclass(slots=True, frozen=True)
class AlertRule:
    id: str
    kind: RuleKind
    actor: str  # a country code or group name (one side)
    recipient: str  # the other side
    directed: bool  # False: either side may act on the other
    types: tuple[str, ...] = ()  # events rules: PLOVER types (empty: any)
    modes: tuple[str, ...] = ()
    min_confidence: float = 0.0
    include_uncounted: bool = False  # negated and hypothetical events too
    drop: float = 0.0  # relation rules: the fall of the index from one week to the next that alerts
    alpha: float = 0.5
    direction: str = "deteriorating"  # turn rules: which turns alert
    period: str = "week"  # turn rules: the series the turn is read from
    description: str | None = None

    def sides_match(self, actor_keys: set[str], recipient_keys: set[str]) -> bool:
        forward = self.actor in actor_keys and self.recipient in recipient_keys
        return forward or (not self.directed and self.recipient in actor_keys and self.actor in recipient_keys)


def load_rules(path: str | Path, known_types: set[str] | None = None) -> list[AlertRule]:
    """Read and check a rules file; raises TidingsError naming the file, the rule and what to fix."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise TidingsError("E107", f"{path}: cannot read the alert rules ({exc.strerror or exc})") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise TidingsError("E107", f"{path}: not valid TOML ({exc}); no rules loaded") from None
    extra = set(data) - {"rule"}
    if extra:
        raise TidingsError("E107", f"{path}: unknown top-level key(s) {', '.join(sorted(extra))}; "
                                   "write each rule as a [[rule]] table")
    raw_rules = data.get("rule", [])
    if not isinstance(raw_rules, list) or not raw_rules:
        raise TidingsError("E107", f"{path}: no [[rule]] tables found")
    rules: list[AlertRule] = []
    for number, raw in enumerate(raw_rules, 1):
        rules.append(_rule(raw, f"{path}: rule {number}", known_types))
    ids = [r.id for r in rules]
    twice = sorted({i for i in ids if ids.count(i) > 1})
    if twice:
        raise TidingsError("E107", f"{path}: rule id(s) used twice: {', '.join(twice)}")
    return rules


def _rule(raw: Any, where: str, known_types: set[str] | None) -> AlertRule:
    def fail(what: str) -> TidingsError:
        return TidingsError("E107", f"{where}: {what}; no rules loaded")

    if not isinstance(raw, dict):
        raise fail("is not a table")
    rule_id = raw.get("id")
    if not isinstance(rule_id, str) or not rule_id.strip():
        raise fail("needs an `id` (a short name)")
    where = f"{where} ({rule_id})"
    kind = raw.get("kind", "events")
    if kind not in _FIELDS:
        raise fail(f"kind {kind!r} is not one of events, relation, turn")
    unknown = set(raw) - _FIELDS[kind]
    if unknown:
        raise fail(f"unknown key(s) {', '.join(sorted(unknown))} for a {kind} rule")
    if "between" in raw:
        if "actor" in raw or "recipient" in raw:
            raise fail("give either `between` or `actor` and `recipient`, not both")
        pair = raw["between"]
        if not (isinstance(pair, list) and len(pair) == 2 and all(_side(p) for p in pair)):
            raise fail("`between` must be two country codes or group names, e.g. [\"JPN\", \"RUS\"]")
        actor, recipient, directed = pair[0].strip(), pair[1].strip(), False
    elif _side(raw.get("actor")) and _side(raw.get("recipient")):
        actor, recipient, directed = raw["actor"].strip(), raw["recipient"].strip(), True
    else:
        raise fail("needs `between = [A, B]`, or `actor` and `recipient`")
    fields: dict[str, Any] = {}
    if kind == "events":
        types = _strings(raw.get("types", []), "types", fail)
        if known_types is not None:
            bad = [t for t in types if t not in known_types]
            if bad:
                raise fail(f"unknown PLOVER type(s) {', '.join(bad)}")
        fields["types"] = tuple(types)
        fields["modes"] = tuple(_strings(raw.get("modes", []), "modes", fail))
        fields["min_confidence"] = _number(raw.get("min_confidence", 0.0), "min_confidence", fail, 0.0, 1.0)
        uncounted = raw.get("include_uncounted", False)
        if not isinstance(uncounted, bool):
            raise fail("`include_uncounted` must be true or false")
        fields["include_uncounted"] = uncounted
    elif kind == "turn":
        fields["direction"] = raw.get("direction", "deteriorating")
        if fields["direction"] not in DIRECTIONS:
            raise fail(f"`direction` must be one of {', '.join(DIRECTIONS)}")
        fields["period"] = raw.get("period", "week")
        if fields["period"] not in PERIODS:
            raise fail(f"`period` must be one of {', '.join(PERIODS)}")
    else:
        if "drop" not in raw:
            raise fail("a relation rule needs `drop`, the fall of the index in a week that alerts")
        fields["drop"] = _number(raw["drop"], "drop", fail, 0.0, 20.0)
        fields["alpha"] = _number(raw.get("alpha", 0.5), "alpha", fail, 0.0, 1.0)
        if fields["alpha"] == 0:
            raise fail("`alpha` must be above 0 (it is the weight of the newest week)")
    description = raw.get("description")
    if description is not None and not isinstance(description, str):
        raise fail("`description` must be text")
    return AlertRule(rule_id.strip(), kind, actor, recipient, directed, description=description, **fields)


def _side(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _strings(value: Any, name: str, fail: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise fail(f"`{name}` must be a list of names")
    return [v.strip() for v in value]


def _number(value: Any, name: str, fail: Any, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
        raise fail(f"`{name}` must be a number from {low:g} to {high:g}, not {value!r}")
    return float(value)
