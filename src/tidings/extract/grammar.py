"""The word lists the engine reads sentence structure with (speech verbs, control verbs, modal cues, ...).

They live in `codebook/data/patterns/grammar.toml` beside the event patterns, as data.
"""

from __future__ import annotations

import tomllib
from dataclasses import MISSING, dataclass, field, fields
from importlib import resources
from pathlib import Path

from tidings.errors import TidingsError


@dataclass(slots=True, frozen=True)
class Grammar:
    speech: frozenset[str]
    object_control: frozenset[str]
    comitative: frozenset[str]
    future_heads: frozenset[str]
    negating_heads: frozenset[str]
    future_aux: frozenset[str]
    hypothetical_aux: frozenset[str]
    conditional_marks: frozenset[str]
    sports: frozenset[str]
    metaphors: tuple[str, ...]
    person_nouns: frozenset[str]
    body_nouns: frozenset[str]
    reciprocal_types: frozenset[str]
    # Plural nouns that "the two"/"both" make stand for the last two parties named ("the two countries").
    pair_nouns: frozenset[str]
    # Nouns that count or group people ("hundreds of students"): the actor is what they count.
    partitive_nouns: frozenset[str]
    # Heads whose complement is asked for, not done ("urged Japan to lift the ban").
    requesting_heads: frozenset[str]
    # Heads that ask for their infinitive only ("ordered Poland to suspend"), not for their object.
    commanding_heads: frozenset[str]
    # Heads that refuse what follows ("refused to", "ruled out"), as against denying it happened.
    refusing_heads: frozenset[str]
    # Heads and auxiliaries under which an announced act is a threat or promise, not a plan or forecast.
    intent_cues: frozenset[str]
    promise_cues: frozenset[str]
    # Of those, the ones that announce a plan: the planned act is kept beside what it announces.
    plan_cues: frozenset[str]
    # Of those, the bare modal auxiliaries: they make a threat only of an act aimed at a named target.
    modal_cues: frozenset[str]
    # Things, not agents: a country adjective on them ("the Kenyan plan calls for") names no actor.
    thing_nouns: frozenset[str]
    # Natural forces and mishaps: a subject of these ("a typhoon struck ... killing 400") leaves no actor to guess.
    natural_hazards: frozenset[str]
    # Heads whose "of"/"for" complement is what the accuser says was done ("accused X of killing"): claimed.
    accusing_heads: frozenset[str]
    # Phrases before a noun that make it supposed, not done ("in the event of a bombing").
    conditional_phrases: frozenset[str]
    # Nouns under which an infinitive is not done ("a threat to expel", "a plan to close the border").
    unrealised_nouns: frozenset[str]
    # Nouns whose owner does what their infinitive says ("Russia's move to suspend the talks").
    control_nouns: frozenset[str]
    # Verbs whose subject owns the control noun they govern ("announced a plan to suspend talks").
    owning_verbs: frozenset[str]
    # "type/mode" of acts a court does: with no doer in the text, the article country's judiciary (JUD).
    court_acts: frozenset[str]
    # "TYPE" or "TYPE/mode" of acts done to people: an unplaced person they are done to ("police detained Ms.
    # Sobchak", "gunmen killed 12") is a civilian of the article's country.
    civilian_targets: frozenset[str]
    # Pronouns that stand for unnamed people ("arrested those responsible", "detained others").
    people_pronouns: frozenset[str]
    # Prepositions that put a place in a clause ("deployed to", "in", "into"): a place of the actor's own country
    # read through one of them is where the act happened, not a party it was done to.
    place_prepositions: frozenset[str]
    # Prepositions that set a noun in time or circumstance ("after several visits", "amid talks"): the noun is
    # background to the verb, and does not take its modality.
    background_prepositions: frozenset[str]
    # Sectors of groups of people who may act with no country, in an article that names none ("the workers went on
    # strike"); single people and state bodies need a country.
    placeless_sectors: frozenset[str]
    # "TYPE" or "TYPE/mode" of an act -> the THREATEN mode when the act is only announced ("will expel").
    threat_modes: dict[str, str] = field(default_factory=dict)
    # "TYPE" or "TYPE/mode" of a material concession -> "" when it is only announced (CONCEDE has no modes).
    concession_modes: dict[str, str] = field(default_factory=dict)
    # "TYPE" or "TYPE/mode" of a cooperative act -> "" when it is only announced (AGREE has no modes).
    promise_modes: dict[str, str] = field(default_factory=dict)
    # "TYPE" or "TYPE/mode" of a cooperative act -> the REJECT mode when it is refused ("will not send aid").
    refusal_modes: dict[str, str] = field(default_factory=dict)
    # Words that put a present-tense act ahead ("meets Uganda tomorrow", "are meeting next week", "in the coming
    # days"), and the days an "on" puts ahead with it ("travels to Togo on Monday"). Optional: older copies lack them.
    scheduled_times: frozenset[str] = frozenset()
    weekdays: frozenset[str] = frozenset()
    # Plural state nouns: qualified ("the neighbouring Arab nations", "Gulf states") they name other states, never
    # the one named before; a region word among the qualifiers makes them a group ("Arab states").
    state_nouns: frozenset[str] = frozenset()
    state_group_words: frozenset[str] = frozenset()
    # Onlookers whose "X could/will/is expected to" is a forecast, not X's announcement. Optional, as above.
    forecasters: frozenset[str] = frozenset()
    # Verbs that set another party a deadline ("gave Britain 48 hours to release"): the act is demanded. Optional.
    deadline_heads: frozenset[str] = frozenset()
    # Marks of a condition that backs an announced act ("would strike if", "could close it unless"): a threat.
    threat_conditions: frozenset[str] = frozenset()
    # Heads of conditions that consent rather than defy ("if asked", "if the UN approves"): no threat. Optional.
    consenting_conditions: frozenset[str] = frozenset()
    # Prepositions of topic: a definite act under one ("details about the killings") is known, not asked or refused.
    topic_prepositions: frozenset[str] = frozenset()
    # Diseases and disasters, and the types ("MOBILIZE") not coded when their act is aimed at one. Optional.
    hazard_words: frozenset[str] = frozenset()
    hazard_types: frozenset[str] = frozenset()
    # Types whose announced act is kept, in the future, beside the AGREE it makes ("will meet on Monday"). Optional.
    kept_promises: frozenset[str] = frozenset()

    def mode_for(self, table: dict[str, str], type: str, mode: str | None) -> str | None:
        """The mode `table` gives an act of this type and mode; None when the type is not in it."""
        return table.get(f"{type}/{mode}", table.get(type))

    @classmethod
    def load(cls, data_dir: Path | str | None = None) -> "Grammar":
        if data_dir is not None:
            path = Path(data_dir) / "patterns" / "grammar.toml"
        else:
            path = Path(str(resources.files("tidings").joinpath("codebook/data/patterns/grammar.toml")))
        try:
            table = tomllib.loads(path.read_text(encoding="utf-8"))["grammar"]
        except (OSError, KeyError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise TidingsError("E106", f"{path.name}: cannot read the [grammar] table: {exc}") from None
        values = {}
        for f in fields(cls):
            if f.name.endswith("_modes"):
                values[f.name] = _mode_table(table.get(f.name), f.name, path.name)
                continue
            words = table.get(f.name)
            if words is None and f.default is not MISSING:
                continue
            if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
                raise TidingsError("E106", f"{path.name}: '{f.name}' must be a list of strings")
            upper = f.name in ("reciprocal_types", "hazard_types", "kept_promises")  # type names
            lowered = [w.upper() if upper else w.lower() for w in words]
            values[f.name] = tuple(lowered) if f.name == "metaphors" else frozenset(lowered)
        return cls(**values)


def _mode_table(value: object, name: str, file: str) -> dict[str, str]:
    if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        raise TidingsError("E106", f"{file}: '{name}' must be a table of \"TYPE\" or \"TYPE/mode\" = \"mode\"")
    return {k.split("/")[0].upper() + k[len(k.split("/")[0]):]: v for k, v in value.items()}
