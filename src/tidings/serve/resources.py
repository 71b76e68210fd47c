"""The listable resources: which table each reads, the record it returns and the orders it sorts by."""

from __future__ import annotations

from tidings.records import Claim, Event, EventLink, EventRecord, Quote, Story
from tidings.serve.items import ArticleItem
from tidings.serve.listing import KeyTable, Resource, SortKey
from tidings.store import record_list

ARTICLES = Resource(
    name="articles",
    source="articles AS t LEFT JOIN story_articles AS m ON m.article_id = t.id",
    columns="t.id, t.title, t.url, t.outlet, t.published, t.published_basis, t.dateline, t.language, t.format, "
            "t.path, m.story_id, length(t.text) AS chars",
    id="t.id",
    item=ArticleItem,
    sorts={"published": SortKey("t.published", "date"), "title": SortKey("t.title", "text"),
           "outlet": SortKey("t.outlet", "text"), "id": SortKey("t.id", "text")},
    default_sort="-published",
)

_EVENT_SORTS = {
    "date": SortKey("t.date", "text"), "plover_score": SortKey("t.plover_score", "number"),
    "goldstein": SortKey("t.goldstein", "number"), "type": SortKey("t.type", "text"),
    "id": SortKey("t.id", "text"),
}

EVENTS = Resource(
    name="events", source="events AS t", columns="t.*", id="t.id", item=Event,
    sorts={**_EVENT_SORTS, "confidence": SortKey("t.confidence", "number")}, default_sort="-date",
    keys=KeyTable("event_keys", "event_id", {"date": SortKey("k.date", "text"), "id": SortKey("k.event_id", "text")}),
)

# Records are listed from their compact listing table (migration 0006): same content, nested columns as JSON.
RECORDS = Resource(
    name="records", source="record_list AS t", columns=f"t.* EXCLUDE ({', '.join(record_list.EXTRA_COLUMNS)})",
    id="t.id",
    item=EventRecord,
    sorts={**_EVENT_SORTS, "first_seen": SortKey("t.first_seen", "date"),
           "last_seen": SortKey("t.last_seen", "date"), "num_articles": SortKey("t.num_articles", "number"),
           "num_sources": SortKey("t.num_sources", "number")},
    default_sort="-date",
    json_columns=record_list.JSON_COLUMNS,
    keys=KeyTable("record_keys", "record_id", {"date": SortKey("k.date", "text"),
                                               "id": SortKey("k.record_id", "text")}),
)

STORIES = Resource(
    name="stories", source="stories AS t", columns="t.*", id="t.id", item=Story,
    sorts={"start": SortKey('t."start"', "date"), "end": SortKey('t."end"', "date"),
           "title": SortKey("t.title", "text"), "size": SortKey("len(t.articles)", "number"),
           "id": SortKey("t.id", "text")},
    default_sort="-start",
)

CLAIMS = Resource(
    name="claims", source="claims AS t", columns="t.*", id="t.id", item=Claim,
    sorts={"article": SortKey("t.article_id", "text"), "id": SortKey("t.id", "text")}, default_sort="article",
)

QUOTES = Resource(
    name="quotes", source="quotes AS t", columns="t.*", id="t.id", item=Quote,
    sorts={"article": SortKey("t.article_id", "text"), "id": SortKey("t.id", "text")}, default_sort="article",
)

LINKS = Resource(
    name="links", source="links AS t", columns="t.*", id="t.seq", item=EventLink,
    sorts={"seq": SortKey("t.seq", "number"), "type": SortKey("t.type", "text")}, default_sort="seq",
)
