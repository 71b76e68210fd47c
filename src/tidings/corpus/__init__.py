"""Corpus stages: what happens once many articles are coded.

Pure functions over typed records (no store access): duplicates find copies of one report, stories group
articles, merging turns per-article events into event records, links connect responses to what they answer,
dyads and relations summarise how pairs of actors get on over time.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from tidings.corpus.duplicates import Duplicate, DuplicateGroups, Signatures, find_duplicates
from tidings.corpus.dyads import DyadPoint, RelationPoint, dyad_series, relation_index
from tidings.corpus.links import link_records
from tidings.corpus.merge import merge_events
from tidings.corpus.params import CorpusParams
from tidings.corpus.stories import StoryAssignment, group_stories
from tidings.records import Article, Event, EventLink, EventRecord, Story

__all__ = [
    "CorpusParams", "CorpusResult", "Duplicate", "DuplicateGroups", "DyadPoint", "RelationPoint", "Signatures",
    "StoryAssignment", "dyad_series", "find_duplicates", "group_stories", "link_records", "merge_events",
    "relation_index", "update_corpus",
]


@dataclass(slots=True)
class CorpusResult:
    stories: list[Story]
    membership: dict[str, str]  # article id -> story id
    records: list[EventRecord]  # each carries its own response links in `links`
    links: list[EventLink]
    duplicates: DuplicateGroups | None = None
    moved: dict[str, tuple[str, str]] = field(default_factory=dict)  # article -> (old story, new story)


def update_corpus(articles: Sequence[Article], events: Sequence[Event], existing_stories: Sequence[Story] = (),
                  existing_membership: Mapping[str, str] = {}, params: CorpusParams | None = None,
                  stored_signatures: Signatures | None = None) -> CorpusResult:
    """Duplicates, stories, event records, then response links, over all the articles and events given.
    `stored_signatures` (MinHash signatures kept from an earlier update) are reused when their parameters
    are the current ones."""
    params = params or CorpusParams.load()
    duplicates = find_duplicates(articles, params.duplicates, stored_signatures)
    canonical = {a: c for a, c in duplicates.canonical.items() if a != c}
    assignment = group_stories(articles, events, existing_stories, existing_membership, params, canonical)
    by_article = {a.id: a for a in articles}
    records = merge_events(events, by_article, assignment.membership, canonical)
    links = link_records(records, {e.id: e for e in events}, params)
    outgoing: dict[str, list[dict[str, str]]] = {}
    for link in links:
        outgoing.setdefault(link.source, []).append({"type": link.type, "record": link.target})
    records = [r.replace(links=tuple(outgoing[r.id])) if r.id in outgoing else r for r in records]
    return CorpusResult(assignment.stories, assignment.membership, records, links, duplicates, assignment.moved)
