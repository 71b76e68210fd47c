"""The typed records that pass between stages.

These names are the vocabulary of the whole codebase, the database tables and the API (see
docs/ARCHITECTURE.md). Records are slotted dataclasses; `as_dict()` gives JSON-ready plain data
(dates as ISO strings) and `from_dict()` reads it back, so the store and the exports never need
to know a record's fields by hand.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import types
import typing
from dataclasses import dataclass, field
from typing import Any, Literal, Self

PublishedBasis = Literal["manifest", "metadata", "text", "option", "none"]
Modality = Literal["asserted", "negated", "future", "hypothetical", "historical", "claimed"]
DatePrecision = Literal["day", "week", "month", "year", "unknown"]
Stance = Literal["assert", "deny"]
LinkType = Literal["response_to", "cause", "same_story"]


def _encode(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, Record):
        return value.as_dict()
    if isinstance(value, (list, tuple)):
        return [_encode(v) for v in value]
    if isinstance(value, dict):
        return {k: _encode(v) for k, v in value.items()}
    return value


def _decode(hint: Any, value: Any) -> Any:
    """Turn plain JSON data back into the type named by a field's annotation."""
    if value is None:
        return None
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in args if a is not type(None)]
        return _decode(inner[0], value) if len(inner) == 1 else value
    if origin is tuple:
        item = args[0] if args else Any
        return tuple(_decode(item, v) for v in value)
    if origin is list:
        item = args[0] if args else Any
        return [_decode(item, v) for v in value]
    if hint is dt.date and isinstance(value, str):
        return dt.date.fromisoformat(value[:10])
    if hint is dt.datetime and isinstance(value, str):
        return dt.datetime.fromisoformat(value)
    if isinstance(hint, type) and issubclass(hint, Record) and isinstance(value, dict):
        return hint.from_dict(value)
    return value


@functools.cache
def _field_hints(cls: type) -> tuple[dict[str, Any], frozenset[str]]:
    """A record class's resolved field types and names. Resolving string annotations is slow and the answer
    never changes for a class, so it is worked out once per class (pages of events decode thousands)."""
    return typing.get_type_hints(cls), frozenset(f.name for f in dataclasses.fields(cls))


class Record:
    """Shared conversion helpers for every record dataclass."""

    __slots__ = ()

    def as_dict(self) -> dict[str, Any]:
        return {f.name: _encode(getattr(self, f.name)) for f in dataclasses.fields(self)}  # type: ignore[arg-type]

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        hints, known = _field_hints(cls)
        return cls(**{k: _decode(hints[k], v) for k, v in data.items() if k in known})

    def replace(self, **changes: Any) -> Self:
        return dataclasses.replace(self, **changes)  # type: ignore[type-var]


@dataclass(slots=True, frozen=True)
class SourceMeta(Record):
    """Metadata that came with an input (manifest row, record fields, HTML metadata, CLI options)."""

    id: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: dt.date | None = None
    published_basis: PublishedBasis = "none"
    title: str | None = None
    language: str | None = None


@dataclass(slots=True, frozen=True)
class RawDocument(Record):
    """One input document as read from a source, before cleaning.

    `origin` names where it came from for error messages and the `path` column: a file path, or
    `path#N` for the N-th record of a record file.
    """

    origin: str
    format: str  # text | html | record | feed | warc
    content: str
    meta: SourceMeta = field(default_factory=SourceMeta)
    path: str | None = None


@dataclass(slots=True, frozen=True)
class Article(Record):
    id: str
    text: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: dt.date | None = None
    published_basis: PublishedBasis = "none"
    dateline: str | None = None
    language: str | None = "en"
    format: str = "text"
    path: str | None = None
    ingested: dt.datetime | None = None


@dataclass(slots=True, frozen=True)
class Actor(Record):
    """Who acts. `country` is ISO 3166-1 alpha-3; `group` names an organization or non-state actor."""

    text: str
    country: str | None = None
    group: str | None = None
    sector: str | None = None
    name: str | None = None
    role: str | None = None

    @property
    def key(self) -> str:
        """The identity used for dyads and merging: country and/or group, never the surface text."""
        return "|".join(p for p in (self.country, self.group) if p) or "?"


@dataclass(slots=True, frozen=True)
class Place(Record):
    name: str
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None


@dataclass(slots=True, frozen=True)
class Mention(Record):
    """A span of an article that names an entity, with the actor or place it resolves to."""

    article_id: str
    text: str
    start: int
    end: int
    sentence: int
    kind: str  # spaCy label after gazetteer fixes: PERSON ORG GPE NORP LOC FAC ...
    actor: Actor | None = None
    place: Place | None = None


@dataclass(slots=True, frozen=True)
class Evidence(Record):
    sentence: str
    start: int
    end: int


@dataclass(slots=True, frozen=True)
class Event(Record):
    """One coded event as read in one article."""

    id: str
    article_id: str
    type: str
    mode: str | None = None
    context: tuple[str, ...] = ()
    cameo: str | None = None
    plover_score: float | None = None
    goldstein: float | None = None
    quad_class: int | None = None
    actor: tuple[Actor, ...] = ()
    recipient: tuple[Actor, ...] = ()
    date: str | None = None  # ISO day, "YYYY-MM" or "YYYY" depending on precision
    date_precision: DatePrecision = "unknown"
    date_window: tuple[str, str] | None = None
    date_basis: str | None = None
    place: Place | None = None
    modality: Modality = "asserted"
    attributed_to: Actor | None = None
    evidence: Evidence | None = None
    rule: str = ""
    confidence: float = 0.5

    @property
    def counted(self) -> bool:
        """Negated and hypothetical events are stored but left out of counts by default."""
        return self.modality not in ("negated", "hypothetical")


@dataclass(slots=True, frozen=True)
class Quote(Record):
    id: str
    article_id: str
    text: str
    start: int
    end: int
    speaker: Actor | None = None
    direct: bool = True


@dataclass(slots=True, frozen=True)
class Claim(Record):
    id: str
    article_id: str
    content: str
    start: int
    end: int
    speaker: Actor | None = None
    cue: str | None = None
    stance: Stance = "assert"
    disputed_by: tuple[str, ...] = ()


@dataclass(slots=True, frozen=True)
class Story(Record):
    id: str
    title: str | None
    start: dt.date | None
    end: dt.date | None
    articles: tuple[str, ...]
    key_actors: tuple[str, ...] = ()


@dataclass(slots=True, frozen=True)
class EventLink(Record):
    source: str  # event record id
    target: str  # event record id
    type: LinkType
    evidence: str | None = None


@dataclass(slots=True, frozen=True)
class EventRecord(Record):
    """The same event told by one or more articles, merged into one record."""

    id: str
    type: str
    mode: str | None
    context: tuple[str, ...]
    cameo: str | None
    plover_score: float | None
    goldstein: float | None
    quad_class: int | None
    actor: tuple[Actor, ...]
    recipient: tuple[Actor, ...]
    date: str | None
    date_precision: DatePrecision
    date_window: tuple[str, str] | None
    place: Place | None
    modality: Modality
    mentions: tuple[str, ...]
    articles: tuple[str, ...]
    num_articles: int
    num_sources: int
    first_seen: dt.date | None
    last_seen: dt.date | None
    story_id: str | None = None
    links: tuple[dict[str, str], ...] = ()
    confidence: float = 0.5  # rises with independent sources (see corpus.merge.combined_confidence)


@dataclass(slots=True)
class ArticleAnalysis:
    """Everything the article stages read out of one article."""

    article: Article
    mentions: list[Mention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
