"""The PLOVER ontology (types, modes, contexts, quad classes, scores) and its link to CAMEO codes.

Everything comes from the tables in `codebook/data/ontology/`; this module only reads, checks and looks up.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import TypeVar

from tidings.codebook.schema import Column, Row, parse_choice, parse_number, read_tsv
from tidings.errors import TidingsError

K = TypeVar("K")
SUBDIR = "ontology"
QUAD_NAMES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}

_TYPES = [Column("name"), Column("quad_class"), Column("requires_recipient"), Column("description")]
_MODES = [Column("type"), Column("mode"), Column("adds_context", required=False), Column("description")]
_NAMED = [Column("name"), Column("description")]
_SCORES = [Column("type"), Column("mode", required=False), Column("score")]
_CAMEO = [Column("code"), Column("goldstein"), Column("name")]
_MAP = [Column("type"), Column("mode", required=False), Column("context", required=False), Column("cameo"),
        Column("note", required=False)]


def default_data_dir() -> Path:
    """The codebook data shipped in the package (the directory holding `ontology/`, `actors/`, ...)."""
    return Path(__file__).with_name("data")


@dataclass(frozen=True, slots=True)
class EventType:
    name: str
    description: str
    quad_class: int
    requires_recipient: bool
    modes: tuple[str, ...]
    default_score: float


@dataclass(frozen=True, slots=True)
class Mode:
    type: str
    name: str
    description: str
    adds_context: str | None  # a context that always comes with this mode
    score: float | None  # None: the type's default score applies


@dataclass(frozen=True, slots=True)
class CameoCode:
    code: str
    name: str
    goldstein: float


@dataclass(frozen=True, slots=True)
class CameoRule:
    """One row of the PLOVER -> CAMEO mapping; None mode/context means "any other"."""

    type: str
    mode: str | None
    context: str | None
    cameo: str
    note: str


class Ontology:
    """The loaded, validated ontology. Build it with `Ontology.load()`; it is read-only afterwards."""

    def __init__(
        self,
        types: Mapping[str, EventType],
        modes: Mapping[tuple[str, str], Mode],
        contexts: frozenset[str],
        auxiliary_modes: frozenset[str],
        cameo: Mapping[str, CameoCode],
        rules: Sequence[CameoRule],
    ) -> None:
        self.types: Mapping[str, EventType] = MappingProxyType(dict(types))
        self.modes: Mapping[tuple[str, str], Mode] = MappingProxyType(dict(modes))
        self.contexts = contexts
        self.auxiliary_modes = auxiliary_modes
        self.cameo_codes: Mapping[str, CameoCode] = MappingProxyType(dict(cameo))
        self.rules: tuple[CameoRule, ...] = tuple(rules)
        by_key: dict[tuple[str, str | None], list[CameoRule]] = {}
        for rule in self.rules:
            by_key.setdefault((rule.type, rule.mode), []).append(rule)
        self._rules_by_key = {k: tuple(v) for k, v in by_key.items()}

    @classmethod
    def load(cls, data_dir: Path | str | None = None) -> "Ontology":
        ontology, problems = _read(data_dir)
        if problems or ontology is None:
            more = f" (and {len(problems) - 1} more problem(s); `tidings rules validate` lists them)" if len(problems) > 1 else ""
            raise TidingsError("E106", (problems[0] if problems else "ontology did not load") + more)
        return ontology

    # -- checks -------------------------------------------------------------------------------------------

    def check(self, type: str, mode: str | None, contexts: Sequence[str]) -> list[str]:
        """What is wrong with this type/mode/contexts combination; [] when it is valid."""
        problems: list[str] = []
        event_type = self.types.get(type)
        if event_type is None:
            problems.append(f"unknown PLOVER type {type!r}")
        elif mode is not None and mode not in event_type.modes:
            allowed = ", ".join(event_type.modes) or "none"
            problems.append(f"{type} has no mode {mode!r} (modes: {allowed})")
        for context in contexts:
            # the manual lets auxiliary modes (future, negation...) travel in the context list
            if context not in self.contexts and context not in self.auxiliary_modes:
                problems.append(f"unknown context {context!r}")
        return problems

    # -- lookups --------------------------------------------------------------------------------------------

    def quad_class(self, type: str) -> int:
        return self._type(type).quad_class

    def plover_score(self, type: str, mode: str | None) -> float:
        event_type = self._type(type)
        if mode is None:
            return event_type.default_score
        score = self._mode(event_type, mode).score
        return event_type.default_score if score is None else score

    def cameo_for(self, type: str, mode: str | None, contexts: Sequence[str] = ()) -> str:
        """The most specific CAMEO code for the type and mode, refined by the first fitting context."""
        event_type = self._type(type)
        if mode is not None:
            self._mode(event_type, mode)
        rules = self._rules_by_key.get((type, mode), ())
        wanted = set(contexts)
        hits = [r for r in rules if r.context is not None and r.context in wanted]
        if hits:
            return max(hits, key=lambda r: len(r.cameo)).cameo  # max keeps the earliest of equal length
        for rule in rules:
            if rule.context is None:
                return rule.cameo
        raise TidingsError("E106", f"no CAMEO mapping for {type}/{mode or '-'}")  # validation prevents this

    def goldstein(self, cameo: str) -> float:
        """The Goldstein weight of a CAMEO code, or of its nearest listed parent (4 -> 3 -> 2 digits)."""
        code = cameo.strip()
        for length in range(len(code), 1, -1):
            entry = self.cameo_codes.get(code[:length])
            if entry is not None:
                return entry.goldstein
        raise TidingsError("E107", f"unknown CAMEO code {cameo!r}: no Goldstein weight for it or its parents")

    def cameo_name(self, cameo: str) -> str:
        entry = self.cameo_codes.get(cameo.strip())
        if entry is None:
            raise TidingsError("E107", f"unknown CAMEO code {cameo!r}")
        return entry.name

    def _type(self, type: str) -> EventType:
        event_type = self.types.get(type)
        if event_type is None:
            raise TidingsError("E107", f"unknown PLOVER type {type!r} (types: {', '.join(self.types)})")
        return event_type

    def _mode(self, event_type: EventType, mode: str) -> Mode:
        found = self.modes.get((event_type.name, mode))
        if found is None:
            allowed = ", ".join(event_type.modes) or "none"
            raise TidingsError("E107", f"{event_type.name} has no mode {mode!r} (modes: {allowed})")
        return found


def validate_ontology(data_dir: Path | str | None = None) -> list[str]:
    """Every problem in the ontology tables, each as "file:line: message"; [] when they are sound."""
    return _read(data_dir)[1]


# -- reading ----------------------------------------------------------------------------------------------


def _read(data_dir: Path | str | None) -> tuple[Ontology | None, list[str]]:
    folder = (default_data_dir() if data_dir is None else Path(data_dir)) / SUBDIR
    problems: list[str] = []
    cameo = _read_cameo(folder / "cameo.tsv", problems)
    contexts = _read_names(folder / "contexts.tsv", problems)
    auxiliary = _read_names(folder / "auxiliary_modes.tsv", problems)
    for name, row in auxiliary.items():
        if name in contexts:
            problems.append(f"{row.where()}: auxiliary mode {name!r} is also a context")
    type_rows = _read_types(folder / "types.tsv", problems)
    modes = _read_modes(folder / "modes.tsv", type_rows, contexts, problems)
    scores = _read_scores(folder / "scores.tsv", type_rows, modes, problems)
    rules = _read_rules(folder / "cameo_map.tsv", type_rows, modes, contexts, cameo, problems)

    for name, (row, quad, _, _) in type_rows.items():
        if (name, None) not in scores:
            problems.append(f"{row.where()}: type {name} has no score in scores.tsv (a row with an empty mode)")
        elif quad is not None and _wrong_sign(quad, scores[(name, None)][1]):
            score_row = scores[(name, None)][0]
            problems.append(f"{score_row.where()}: score of {name} should be "
                            f"{'>= 0' if quad <= 2 else '<= 0'} for a {QUAD_NAMES[quad]} type")
        if (name, None, None) not in rules:
            problems.append(f"{row.where()}: type {name} has no CAMEO row in cameo_map.tsv (empty mode and context)")
    for (type_name, mode_name), (row, _) in modes.items():
        if (type_name, mode_name, None) not in rules:
            problems.append(f"{row.where()}: {type_name}/{mode_name} has no CAMEO row in cameo_map.tsv "
                            "(with an empty context)")
    if problems:
        return None, problems

    types = {}
    for name, (row, quad, recipient, description) in type_rows.items():
        type_modes = tuple(m for (t, m) in modes if t == name)
        types[name] = EventType(name, description, int(quad), bool(recipient), type_modes, scores[(name, None)][1])
    mode_records = {
        key: Mode(key[0], key[1], row["description"], adds or None, scores[key][1] if key in scores else None)
        for key, (row, adds) in modes.items()
    }
    ontology = Ontology(types, mode_records, frozenset(contexts), frozenset(auxiliary), cameo,
                        [rule for rule, _ in rules.values()])
    return ontology, problems


def _wrong_sign(quad: int, score: float) -> bool:
    return score < 0 if quad <= 2 else score > 0


def _first_seen(seen: dict[K, Row], key: K, row: Row, what: str, problems: list[str]) -> bool:
    """Record `key`; report a duplicate and return False if it was already there."""
    if key in seen:
        problems.append(f"{row.where()}: duplicate {what} (first at line {seen[key].line})")
        return False
    seen[key] = row
    return True


def _read_cameo(path: Path, problems: list[str]) -> dict[str, CameoCode]:
    codes: dict[str, CameoCode] = {}
    seen: dict[object, Row] = {}
    for row in read_tsv(path, _CAMEO, problems):
        code = row["code"]
        if not (code.isdigit() and 2 <= len(code) <= 4):
            problems.append(f"{row.where()}: CAMEO code {code!r} should be 2 to 4 digits")
            continue
        weight = parse_number(row, "goldstein", problems, -10.0, 10.0)
        if weight is not None and _first_seen(seen, code, row, f"CAMEO code {code}", problems):
            codes[code] = CameoCode(code, row["name"], weight)
    return codes


def _read_names(path: Path, problems: list[str]) -> dict[str, Row]:
    names: dict[str, Row] = {}
    for row in read_tsv(path, _NAMED, problems):
        _first_seen(names, row["name"], row, f"name {row['name']!r}", problems)
    return names


TypeRow = tuple[Row, int | None, bool | None, str]


def _read_types(path: Path, problems: list[str]) -> dict[str, TypeRow]:
    types: dict[str, TypeRow] = {}
    seen: dict[object, Row] = {}
    for row in read_tsv(path, _TYPES, problems):
        name = row["name"]
        if name != name.upper() or not name.isalpha():
            problems.append(f"{row.where()}: type name {name!r} should be one upper-case word")
            continue
        quad = parse_choice(row, "quad_class", problems, {str(q): q for q in QUAD_NAMES})
        recipient = parse_choice(row, "requires_recipient", problems, {"yes": True, "no": False})
        if _first_seen(seen, name, row, f"type {name}", problems):
            types[name] = (row, quad, recipient, row["description"])  # type: ignore[assignment]  # parse_choice is untyped
    return types


def _read_modes(path: Path, types: Mapping[str, TypeRow], contexts: Mapping[str, Row],
                problems: list[str]) -> dict[tuple[str, str], tuple[Row, str]]:
    modes: dict[tuple[str, str], tuple[Row, str]] = {}
    seen: dict[object, Row] = {}
    for row in read_tsv(path, _MODES, problems):
        key = (row["type"], row["mode"])
        if key[0] not in types:
            problems.append(f"{row.where()}: unknown type {key[0]!r}")
        elif row["adds_context"] and row["adds_context"] not in contexts:
            problems.append(f"{row.where()}: unknown context {row['adds_context']!r} in adds_context")
        elif _first_seen(seen, key, row, f"mode {key[0]}/{key[1]}", problems):
            modes[key] = (row, row["adds_context"])
    return modes


def _known_mode(row: Row, modes: Mapping[tuple[str, str], object], problems: list[str]) -> str | None | bool:
    """The row's mode (None when empty), or False after reporting a mode its type does not have."""
    mode = row["mode"] or None
    if mode is not None and (row["type"], mode) not in modes:
        problems.append(f"{row.where()}: {row['type']} has no mode {mode!r} (see modes.tsv)")
        return False
    return mode


def _read_scores(path: Path, types: Mapping[str, TypeRow], modes: Mapping[tuple[str, str], object],
                 problems: list[str]) -> dict[tuple[str, str | None], tuple[Row, float]]:
    scores: dict[tuple[str, str | None], tuple[Row, float]] = {}
    seen: dict[object, Row] = {}
    for row in read_tsv(path, _SCORES, problems):
        if row["type"] not in types:
            problems.append(f"{row.where()}: unknown type {row['type']!r}")
            continue
        mode = _known_mode(row, modes, problems)
        score = parse_number(row, "score", problems, -10.0, 10.0)
        if mode is False or score is None:
            continue
        key = (row["type"], mode)
        if _first_seen(seen, key, row, f"score for {row['type']}/{mode or '-'}", problems):
            scores[key] = (row, score)  # type: ignore[index]
    return scores


def _read_rules(path: Path, types: Mapping[str, TypeRow], modes: Mapping[tuple[str, str], object],
                contexts: Mapping[str, Row], cameo: Mapping[str, CameoCode],
                problems: list[str]) -> dict[tuple[str, str | None, str | None], tuple[CameoRule, Row]]:
    rules: dict[tuple[str, str | None, str | None], tuple[CameoRule, Row]] = {}
    seen: dict[object, Row] = {}
    for row in read_tsv(path, _MAP, problems):
        if row["type"] not in types:
            problems.append(f"{row.where()}: unknown type {row['type']!r}")
            continue
        mode = _known_mode(row, modes, problems)
        context = row["context"] or None
        ok = mode is not False
        if context is not None and context not in contexts:
            problems.append(f"{row.where()}: unknown context {context!r} (see contexts.tsv)")
            ok = False
        if row["cameo"] not in cameo:
            problems.append(f"{row.where()}: CAMEO code {row['cameo']!r} is not in cameo.tsv")
            ok = False
        key = (row["type"], mode, context)
        if ok and _first_seen(seen, key, row, f"mapping for {row['type']}/{mode or '-'}/{context or '-'}", problems):
            rules[key] = (CameoRule(row["type"], mode, context, row["cameo"], row["note"]), row)  # type: ignore[arg-type]
    return rules
