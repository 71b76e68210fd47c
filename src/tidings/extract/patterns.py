"""Event patterns: the data that says which words trigger which PLOVER event and where its actors sit.

Patterns live in TOML files under `codebook/data/patterns/` (one `[[pattern]]` table each), so a political
scientist can add a trigger or a shape without touching Python. `load_patterns` reads and checks them;
`validate_patterns` lists every problem with its file instead of stopping at the first.

Role specs (the `actor` and `recipient` lists) name where to look, tried in order; see `roles.py`:
  subj agent obj subjpass dative modified poss amod prep:<word> ccomp_subj source counterpart place_owner
  gov_subj (the subject of the verb a nominal trigger is the object of: "Iran joined the talks")
"""

from __future__ import annotations

import functools

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tidings.errors import TidingsError

if TYPE_CHECKING:
    from tidings.codebook.ontology import Ontology

ROLE_SPECS = {
    "subj", "agent", "obj", "subjpass", "dative", "modified", "poss", "amod", "ccomp_subj", "source",
    "counterpart", "place_owner", "head_obj", "context", "gov_subj",
}
BOOL_FIELDS = ("object_person", "negated_trigger", "requires_recipient", "requires_actor", "promise_retype",
               "foreign_recipient", "single_actor")
POS_TAGS = {"VERB", "NOUN", "ADJ", "PROPN"}
# Role specs that guess rather than read: events built from them get a lower confidence.
INFERRED_SPECS = {"counterpart", "place_owner", "source", "context"}


@dataclass(slots=True, frozen=True)
class Example:
    """A sentence the pattern must code (or, with `code = false`, must not)."""

    text: str
    actor: str | None = None
    recipient: str | None = None
    code: bool = True


@dataclass(slots=True, frozen=True)
class Pattern:
    id: str
    type: str
    mode: str | None
    contexts: tuple[str, ...]
    lemmas: tuple[str, ...]
    pos: tuple[str, ...]
    actor: tuple[str, ...]
    recipient: tuple[str, ...]
    confidence: float
    # Extra conditions on the trigger, each a set of lemmas:
    head: tuple[str, ...] = ()          # a nominal trigger must be the object of one of these verbs ("impose")
    not_head: tuple[str, ...] = ()      # ... and must not hang from these ("in protest of")
    # "dep:lemma|lemma" a direct dependent must be there ("dobj:apology"); "dep>dep2:lemma" a dependent of that
    # dependent ("ccomp>aux:should": the modal belongs to the reported clause's verb, not to a clause below it)
    child: tuple[str, ...] = ()
    not_child: tuple[str, ...] = ()     # ... and these must not be ("dobj:*": "met" alone, not "met the deadline")
    subtree: tuple[str, ...] = ()       # one of these lemmas must appear under the trigger ("leave", "grata")
    not_subtree: tuple[str, ...] = ()   # ... and none of these ("agreed to a withdrawal" is a concession)
    object_person: bool = False         # the recipient must be a person or body, not a thing ("seize")
    negated_trigger: bool = False       # the pattern is negative in itself ("would not recognize")
    requires_recipient: bool = True
    requires_actor: bool = True
    # False: an act of this pattern agreed or offered stays its own type, not AGREE ("agreed to forgive the
    # debt" is AID in the PLOVER manual).
    promise_retype: bool = True
    # True: the recipient must be of another country than the actor ("opened a factory in Kenya" is investment,
    # so cooperation, only for a foreign firm).
    foreign_recipient: bool = False
    # True: the act is one side's own; an actor list of two or more countries builds no event ("China held
    # exercises" is MOBILIZE, "China and Russia held exercises" is their cooperation, not a show of force).
    single_actor: bool = False
    examples: tuple[Example, ...] = field(default=())
    source: str = ""                    # file the pattern came from, for messages

    def child_conditions(self, negative: bool = False) -> list[tuple[frozenset[str], frozenset[str]]]:
        """[(deps, lemmas)] from the `child` (or `not_child`) strings; "*" for deps means any dependency, and
        "dep~" a dependent whose compound or adjective modifier may carry the lemma instead."""
        return _conditions(self.not_child if negative else self.child)


@functools.lru_cache(maxsize=4096)
def _conditions(conditions: tuple[str, ...]) -> list[tuple[frozenset[str], frozenset[str]]]:
    # Read once per condition list: the matcher asks at every token whose lemma a pattern lists.
    out = []
    for cond in conditions:
        deps, _, lemmas = cond.partition(":")
        out.append((frozenset(deps.split(",")), frozenset(lemmas.split("|"))))
    return out


def _data_dir(data_dir: Path | str | None) -> Path:
    if data_dir is not None:
        return Path(data_dir) / "patterns"
    return Path(str(resources.files("tidings").joinpath("codebook/data/patterns")))


def _strings(entry: dict[str, Any], key: str, where: str, problems: list[str]) -> tuple[str, ...]:
    value = entry.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        problems.append(f"{where}: '{key}' must be a list of strings")
        return ()
    return tuple(value)


def _check_specs(specs: Sequence[str], key: str, where: str, problems: list[str]) -> None:
    for spec in specs:
        name = spec.split(":")[0]
        if name == "prep":
            if not spec.partition(":")[2]:
                problems.append(f"{where}: '{key}' spec {spec!r} needs a preposition, e.g. prep:against")
        elif name not in ROLE_SPECS:
            problems.append(f"{where}: unknown {key} spec {spec!r} (known: {', '.join(sorted(ROLE_SPECS))}, prep:X)")


def _parse(entry: Any, where: str, problems: list[str]) -> Pattern | None:
    if not isinstance(entry, dict):
        problems.append(f"{where}: a pattern must be a table")
        return None
    before = len(problems)
    for key in ("id", "type", "lemmas", "actor"):
        if key not in entry:
            problems.append(f"{where}: missing '{key}'")
    known = set(Pattern.__slots__) - {"source"}  # type: ignore[attr-defined]
    for key in entry:
        if key not in known:
            problems.append(f"{where}: unknown field '{key}'")
    if len(problems) > before:
        return None
    where = f"{where} ({entry['id']})"
    confidence = entry.get("confidence", 0.7)
    if not isinstance(confidence, (int, float)) or not 0 < confidence <= 1:
        problems.append(f"{where}: confidence must be a number in (0, 1]")
    pos = _strings(entry, "pos", where, problems) or ("VERB", "NOUN")
    if set(pos) - POS_TAGS:
        problems.append(f"{where}: pos must be among {', '.join(sorted(POS_TAGS))}")
    actor = _strings(entry, "actor", where, problems)
    recipient = _strings(entry, "recipient", where, problems)
    _check_specs(actor, "actor", where, problems)
    _check_specs(recipient, "recipient", where, problems)
    examples = []
    for raw in entry.get("examples", []):
        if not isinstance(raw, dict) or not isinstance(raw.get("text"), str):
            problems.append(f"{where}: each example needs a 'text'")
            continue
        examples.append(Example(raw["text"], raw.get("actor"), raw.get("recipient"), bool(raw.get("code", True))))
    if not any(e.code for e in examples):
        problems.append(f"{where}: give at least one example sentence the pattern codes")
    for key in BOOL_FIELDS:
        if key in entry and not isinstance(entry[key], bool):
            problems.append(f"{where}: '{key}' must be true or false")
    for key in ("child", "not_child"):
        for cond in _strings(entry, key, where, problems):
            deps, colon, lemmas = cond.partition(":")
            if not colon or not lemmas or any(not step for d in deps.split(",") for step in d.split(">")):
                problems.append(f"{where}: '{key}' condition {cond!r} must read dep:lemma|lemma (dep may be a>b)")
    if len(problems) > before:
        return None
    return Pattern(
        id=entry["id"], type=entry["type"], mode=entry.get("mode") or None,
        contexts=_strings(entry, "contexts", where, problems), lemmas=_strings(entry, "lemmas", where, problems),
        pos=pos, actor=actor, recipient=recipient, confidence=float(confidence),
        head=_strings(entry, "head", where, problems), not_head=_strings(entry, "not_head", where, problems),
        child=_strings(entry, "child", where, problems), not_child=_strings(entry, "not_child", where, problems),
        subtree=_strings(entry, "subtree", where, problems),
        not_subtree=_strings(entry, "not_subtree", where, problems),
        object_person=bool(entry.get("object_person", False)),
        negated_trigger=bool(entry.get("negated_trigger", False)),
        requires_recipient=bool(entry.get("requires_recipient", True)),
        requires_actor=bool(entry.get("requires_actor", True)),
        promise_retype=bool(entry.get("promise_retype", True)),
        foreign_recipient=bool(entry.get("foreign_recipient", False)),
        single_actor=bool(entry.get("single_actor", False)),
        examples=tuple(examples), source=where,
    )


def _read_all(data_dir: Path | str | None) -> tuple[list[Pattern], list[str]]:
    folder = _data_dir(data_dir)
    problems: list[str] = []
    patterns: list[Pattern] = []
    files = sorted(folder.glob("*.toml")) if folder.is_dir() else []
    if not files:
        problems.append(f"{folder}: no pattern files (*.toml)")
    seen: dict[str, str] = {}
    for path in files:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            problems.append(f"{path.name}: cannot read: {exc}")
            continue
        for key in data:
            if key not in ("pattern", "grammar"):
                problems.append(f"{path.name}: unknown table '{key}' (patterns go in [[pattern]])")
        for index, entry in enumerate(data.get("pattern", []), 1):
            pattern = _parse(entry, f"{path.name}: pattern {index}", problems)
            if pattern is None:
                continue
            if pattern.id in seen:
                problems.append(f"{pattern.source}: id also used in {seen[pattern.id]}")
                continue
            seen[pattern.id] = pattern.source
            patterns.append(pattern)
    return patterns, problems


def validate_patterns(data_dir: Path | str | None = None, ontology: Ontology | None = None) -> list[str]:
    """Every problem in the pattern files, one line each; empty when they are sound."""
    patterns, problems = _read_all(data_dir)
    if ontology is None:
        try:
            from tidings.codebook.ontology import Ontology

            ontology = Ontology.load(data_dir)
        except (ImportError, TidingsError) as exc:
            return problems + [f"patterns: cannot check types against the ontology: {exc}"]
    for pattern in patterns:
        for problem in ontology.check(pattern.type, pattern.mode, pattern.contexts):
            problems.append(f"{pattern.source}: {problem}")
    return problems


def load_patterns(data_dir: Path | str | None = None, ontology: Ontology | None = None) -> list[Pattern]:
    """The patterns, checked; a broken pattern file stops loading with one line naming the problem."""
    problems = validate_patterns(data_dir, ontology) if ontology is not None else _read_all(data_dir)[1]
    if problems:
        more = f" (and {len(problems) - 1} more; run `tidings rules validate`)" if len(problems) > 1 else ""
        raise TidingsError("E106", problems[0] + more)
    return _read_all(data_dir)[0]
