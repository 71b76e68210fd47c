"""Corpus stages: what happens once many articles are coded.

Pure functions over typed records (no store access): stories group articles, merging turns per-article events
into event records, links connect responses to what they answer, dyads summarise relations over time.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from tidings.corpus.dyads import DyadPoint, RelationPoint, dyad_series, relation_index
from tidings.corpus.links import link_records
from tidings.corpus.merge import merge_events
from tidings.corpus.params import CorpusParams
from tidings.corpus.stories import StoryAssignment, group_stories
from tidings.records import Article, Event, EventLink, EventRecord, Story

__all__ = [
    "CorpusParams", "CorpusResult", "DyadPoint", "RelationPoint", "StoryAssignment", "dyad_series",
    "group_stories", "link_records", "merge_events", "relation_index", "update_corpus",
]


@dataclass(slots=True)
class CorpusResult:
    stories: list[Story]
    membership: dict[str, str]  # article id -> story id
    records: list[EventRecord]  # each carries its own response links in `links`
    links: list[EventLink]


def update_corpus(articles: Sequence[Article], events: Sequence[Event], existing_stories: Sequence[Story] = (),
                  existing_membership: Mapping[str, str] = {}, params: CorpusParams | None = None,
                  ) -> CorpusResult:
    """Stories, then event records, then response links, over all the articles and events given."""
    params = params or CorpusParams.load()
    assignment = group_stories(articles, events, existing_stories, existing_membership, params)
    by_article = {a.id: a for a in articles}
    records = merge_events(events, by_article, assignment.membership)
    links = link_records(records, {e.id: e for e in events}, params)
    outgoing: dict[str, list[dict[str, str]]] = {}
    for link in links:
        outgoing.setdefault(link.source, []).append({"type": link.type, "record": link.target})
    records = [r.replace(links=tuple(outgoing[r.id])) if r.id in outgoing else r for r in records]
    return CorpusResult(assignment.stories, assignment.membership, records, links)
