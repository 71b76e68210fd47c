"""The corpus stages' settings and cue lexicon, read from `data/corpus.toml` and checked on load."""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from tidings.errors import TidingsError

PLOVER_TYPES = frozenset({
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
})


@dataclass(slots=True, frozen=True)
class StoryParams:
    window_days: int = 45
    text_weight: float = 0.5
    join_threshold: float = 0.3
    min_text_similarity: float = 0.1
    text_only_threshold: float = 0.2
    max_terms: int = 60
    index_terms: int = 10
    max_candidates: int = 30
    key_actors: int = 5
    # A later pass moves an article to another story whose score beats its own story's by this much.
    reassign_margin: float = 0.1


@dataclass(slots=True, frozen=True)
class DuplicateParams:
    threshold: float = 0.8  # estimated Jaccard of the shingle sets at which two texts are one report
    num_perm: int = 128
    seed: int = 1
    shingle_words: int = 3


@dataclass(slots=True, frozen=True)
class RelationParams:
    alpha: float = 0.5  # weight of the newest period in the smoothed index
    turn_threshold: float = 1.5  # how far the index must move from its last peak or trough to call a turn
    driving_records: int = 3  # records named for each turn
    period: str = "week"


@dataclass(slots=True, frozen=True)
class Cue:
    phrase: str
    answered_follows: bool
    pattern: re.Pattern[str]


@dataclass(slots=True, frozen=True)
class LinkParams:
    max_days: int
    cues: tuple[Cue, ...]
    related: tuple[frozenset[str], ...]

    def related_types(self, a: str, b: str) -> bool:
        return a == b or any(a in group and b in group for group in self.related)


@dataclass(slots=True, frozen=True)
class CorpusParams:
    stories: StoryParams
    links: LinkParams
    duplicates: DuplicateParams = DuplicateParams()
    relations: RelationParams = RelationParams()

    @classmethod
    def load(cls, path: str | Path | None = None) -> "CorpusParams":
        """Read the packaged file, or `path` when given; any problem is one [E106] line naming the file."""
        if path is None:
            return _packaged()
        return _parse(Path(path).read_text(encoding="utf-8"), str(path))


@functools.lru_cache(maxsize=1)
def _packaged() -> CorpusParams:
    # Cached: the object is frozen, so sharing it is safe.
    source = resources.files("tidings.corpus").joinpath("data/corpus.toml")
    return _parse(source.read_text(encoding="utf-8"), "tidings/corpus/data/corpus.toml")


def _parse(text: str, name: str) -> CorpusParams:
    def bad(what: str) -> TidingsError:
        return TidingsError("E106", f"{name}: {what}; fix the file (nothing was run)")

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise bad(f"not valid TOML ({exc})") from None
    unknown = set(data) - {"stories", "links", "duplicates", "relations"}
    if unknown:
        raise bad(f"unknown section(s) {', '.join(sorted(unknown))}")
    stories = _story_params(data.get("stories", {}), bad)
    links = _link_params(data.get("links", {}), bad)
    duplicates = _simple(DuplicateParams, "duplicates", data.get("duplicates", {}), bad)
    if not 0 < duplicates.threshold <= 1 or duplicates.num_perm < 2 or duplicates.shingle_words < 1:
        raise bad("duplicates.threshold must be in (0, 1], num_perm at least 2 and shingle_words at least 1")
    relations = _simple(RelationParams, "relations", data.get("relations", {}), bad)
    if not 0 < relations.alpha <= 1 or relations.period not in ("day", "week", "month", "year"):
        raise bad("relations.alpha must be in (0, 1] and relations.period one of day, week, month, year")
    return CorpusParams(stories, links, duplicates, relations)


def _simple(cls: Any, section: str, raw: dict[str, Any], bad: Any) -> Any:
    """A section of plain typed values: unknown keys and wrong types are refused, negatives too."""
    defaults = cls()
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if not hasattr(defaults, key):
            raise bad(f"unknown setting {section}.{key}")
        expected = type(getattr(defaults, key))
        if expected is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if type(value) is not expected:
            raise bad(f"{section}.{key} must be a {expected.__name__}, not {value!r}")
        if isinstance(value, (int, float)) and value < 0:
            raise bad(f"{section}.{key}={value!r} must not be negative")
        values[key] = value
    return cls(**values)


def _story_params(raw: dict[str, Any], bad: Any) -> StoryParams:
    defaults = StoryParams()
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if not hasattr(defaults, key):
            raise bad(f"unknown setting stories.{key}")
        expected = type(getattr(defaults, key))
        if expected is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if type(value) is not expected:
            raise bad(f"stories.{key} must be a {expected.__name__}, not {value!r}")
        if value < 0 or (expected is float and key != "window_days" and value > 1):
            raise bad(f"stories.{key}={value!r} is out of range")
        values[key] = value
    params = StoryParams(**values)
    if params.max_terms < 1 or params.index_terms < 1 or params.max_candidates < 1:
        raise bad("stories.max_terms, index_terms and max_candidates must be at least 1")
    return params


def _link_params(raw: dict[str, Any], bad: Any) -> LinkParams:
    unknown = set(raw) - {"max_days", "cue", "related_types"}
    if unknown:
        raise bad(f"unknown setting(s) links.{', links.'.join(sorted(unknown))}")
    max_days = raw.get("max_days", 60)
    if type(max_days) is not int or max_days < 0:
        raise bad(f"links.max_days must be a non-negative integer, not {max_days!r}")
    cues: list[Cue] = []
    for i, item in enumerate(raw.get("cue", [])):
        if not isinstance(item, dict) or set(item) - {"phrase", "answered_follows"}:
            raise bad(f"links.cue #{i + 1} must have only 'phrase' and 'answered_follows'")
        phrase = item.get("phrase")
        follows = item.get("answered_follows", False)
        if not isinstance(phrase, str) or not phrase.strip() or not isinstance(follows, bool):
            raise bad(f"links.cue #{i + 1} needs a non-empty phrase and a true/false answered_follows")
        words = [re.escape(w) for w in phrase.lower().split()]
        # Hyphens and spaces vary between outlets ("tit-for-tat", "tit for tat").
        body = r"[\s-]+".join(words).replace(r"\-", r"[\s-]+")
        cues.append(Cue(phrase, follows, re.compile(rf"(?<!\w){body}(?!\w)", re.IGNORECASE)))
    groups: list[frozenset[str]] = []
    for group, types in raw.get("related_types", {}).items():
        if not isinstance(types, list) or not all(isinstance(t, str) for t in types):
            raise bad(f"links.related_types.{group} must be a list of PLOVER types")
        wrong = sorted(set(types) - PLOVER_TYPES)
        if wrong:
            raise bad(f"links.related_types.{group} names unknown PLOVER type(s) {', '.join(wrong)}")
        groups.append(frozenset(types))
    return LinkParams(max_days, tuple(cues), tuple(groups))
