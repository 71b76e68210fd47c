"""Records the API returns that are not stage records: listing rows and small aggregates."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from tidings.records import PublishedBasis, Record


@dataclass(slots=True, frozen=True)
class ArticleItem(Record):
    """An article as listed: its metadata and story, without the text (fetch one article for that)."""

    id: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: dt.date | None = None
    published_basis: PublishedBasis = "none"
    dateline: str | None = None
    language: str | None = None
    format: str = "text"
    path: str | None = None
    story_id: str | None = None
    chars: int = 0


@dataclass(slots=True, frozen=True)
class DyadPair(Record):
    """One directed actor pair and how much happened between them."""

    actor: str
    recipient: str
    count: int
    mean_score: float | None = None
    first: str | None = None
    last: str | None = None


@dataclass(slots=True, frozen=True)
class SearchHit(Record):
    kind: str  # article | record | story | claim
    id: str
    title: str
    snippet: str | None = None
    date: str | None = None


@dataclass(slots=True, frozen=True)
class DayCount(Record):
    day: str
    count: int


@dataclass(slots=True, frozen=True)
class Overview(Record):
    articles: int
    events: int
    records: int
    stories: int
    events_by_type: dict[str, int] = field(default_factory=dict)
