"""The word lists the engine reads sentence structure with (speech verbs, control verbs, modal cues, ...).

They live in `codebook/data/patterns/grammar.toml` beside the event patterns, as data.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields
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
            words = table.get(f.name)
            if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
                raise TidingsError("E106", f"{path.name}: '{f.name}' must be a list of strings")
            lowered = [w.upper() if f.name == "reciprocal_types" else w.lower() for w in words]
            values[f.name] = tuple(lowered) if f.name == "metaphors" else frozenset(lowered)
        return cls(**values)
