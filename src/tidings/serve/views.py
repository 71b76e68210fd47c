"""What each dashboard page shows, read from the store in a few bounded queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from tidings.corpus.dyads import DyadPoint, RelationPoint
from tidings.records import Claim, Event, EventLink, EventRecord, Quote, Story
from tidings.serve import dyads
from tidings.serve.items import DayCount
from tidings.serve.reader import Reader
from tidings.store import StoreSummary

STORY_RECORDS = 200  # a story page lists at most this many records (the API pages through the rest)
SPOKEN = 100
CONTEXT = 160  # characters of article text shown around an evidence sentence
DAYS = 90
RECENT_DAYS = 365


@dataclass(slots=True, frozen=True)
class Told:
    """One article's telling of an event: the event, where it appeared, and its sentence in context."""

    event: Event
    outlet: str | None
    title: str | None
    url: str | None
    published: dt.date | None
    before: str
    sentence: str
    after: str


@dataclass(slots=True, frozen=True)
class AlertLine:
    rule: str
    kind: str  # events: subject is a record id; relation: subject is the pair "A~B"
    subject: str
    day: dt.date | None
    message: str


@dataclass(slots=True)
class OverviewView:
    summary: StoreSummary
    stories: list[Story]
    movers: list[tuple[str, str, float, float]]
    per_day: list[DayCount]
    alerts: list[AlertLine] = field(default_factory=list)


@dataclass(slots=True)
class StoryView:
    story: Story
    records: list[EventRecord]
    told: dict[str, list[Told]]  # record id -> tellings
    quotes: list[Quote]
    claims: list[Claim]
    links: list[EventLink]
    more_records: bool = False


@dataclass(slots=True)
class RecordView:
    record: EventRecord
    told: list[Told]
    story: Story | None
    links: list[EventLink]
    pairs: list[tuple[str, str]] = field(default_factory=list)


@dataclass(slots=True)
class DyadView:
    actor: str
    recipient: str
    period: str
    points: list[DyadPoint]
    index: list[RelationPoint]
    turns: list[dyads.Turn]
    quad_counts: dict[int, int]
    records: list[EventRecord]


def overview(reader: Reader) -> OverviewView:
    """Counts, latest stories, and the pairs of the last RECENT_DAYS of records (all history would make the
    page as slow as the store is big)."""
    stories = reader.records(Story, 'SELECT * FROM stories ORDER BY "end" DESC NULLS LAST, id LIMIT 10')
    latest = reader.scalar("SELECT max(date) FROM records WHERE length(date) = 10 AND date <= '9999'")
    since = (dt.date.fromisoformat(latest) - dt.timedelta(RECENT_DAYS)).isoformat() if latest else None
    return OverviewView(counts(reader, since), stories, dyads.movers(reader, since=since), per_day(reader),
                        latest_alerts(reader))


def latest_alerts(reader: Reader, limit: int = 10) -> list[AlertLine]:
    """The newest alerts `tidings watch` raised (the table is empty in stores that were never watched)."""
    rows = reader.table("SELECT rule, kind, subject, day, message FROM alerts ORDER BY created DESC, id LIMIT ?",
                        [limit]).to_pylist()
    return [AlertLine(r["rule"], r["kind"], r["subject"], r["day"], r["message"]) for r in rows]


def counts(reader: Reader, since: str | None) -> StoreSummary:
    """The store summary, with the busiest pairs taken from recent records only."""
    by_type = reader.table("SELECT type, count(*) AS n FROM events WHERE modality NOT IN ('negated', "
                           "'hypothetical') GROUP BY type ORDER BY n DESC, type").to_pylist()
    sizes = {t: reader.scalar(f"SELECT count(*) FROM {t}") for t in ("articles", "events", "records", "stories")}
    top = [(p.actor, p.recipient, p.count, p.mean_score) for p in dyads.pairs(reader, limit=10, since=since)]
    return StoreSummary(sizes["articles"], sizes["events"], {r["type"]: r["n"] for r in by_type},
                        sizes["stories"], sizes["records"], top)


def per_day(reader: Reader, days: int = DAYS) -> list[DayCount]:
    """Counted events per day over the last `days` days that have any, zeros filled in."""
    rows = reader.table(f"""
        WITH dated AS (
            SELECT try_cast(date AS DATE) AS d FROM events
            WHERE length(date) = 10 AND modality NOT IN ('negated', 'hypothetical')
        )
        SELECT d, count(*) AS n FROM dated
        WHERE d IS NOT NULL AND d > (SELECT max(d) FROM dated) - {int(days)}
        GROUP BY d ORDER BY d""").to_pylist()
    if not rows:
        return []
    counts = {r["d"]: r["n"] for r in rows}
    first, last = rows[0]["d"], rows[-1]["d"]
    return [DayCount((first + dt.timedelta(i)).isoformat(), counts.get(first + dt.timedelta(i), 0))
            for i in range((last - first).days + 1)]


def tellings(reader: Reader, event_ids: list[str]) -> list[Told]:
    if not event_ids:
        return []
    rows = reader.rows(f"""
        SELECT e.*, a.outlet AS _outlet, a.title AS _title, a.url AS _url, a.published AS _published,
               CASE WHEN e.evidence IS NOT NULL AND
                         substr(a.text, e.evidence."start" + 1, e.evidence."end" - e.evidence."start")
                         = e.evidence.sentence THEN
                 [substr(a.text, greatest(e.evidence."start" - {CONTEXT}, 0) + 1,
                         e.evidence."start" - greatest(e.evidence."start" - {CONTEXT}, 0)),
                  substr(a.text, e.evidence."end" + 1, {CONTEXT})]
               END AS _context
        FROM events AS e LEFT JOIN articles AS a ON a.id = e.article_id
        WHERE e.id IN (SELECT unnest(?::VARCHAR[]))
        ORDER BY a.published NULLS LAST, a.outlet, e.id""", [event_ids])
    out = []
    for row in rows:
        event = Event.from_dict(row)
        before, after = row["_context"] or ("", "")
        sentence = event.evidence.sentence if event.evidence else ""
        out.append(Told(event, row["_outlet"], row["_title"], row["_url"], row["_published"],
                        ("…" + before.lstrip()) if before else "", sentence, (after.rstrip() + "…") if after else ""))
    return out


def story(reader: Reader, story_id: str) -> StoryView | None:
    found = reader.records(Story, "SELECT * FROM stories WHERE id = ? LIMIT 1", [story_id])
    if not found:
        return None
    records = reader.records(EventRecord, f"""
        SELECT * FROM records WHERE story_id = ?
        ORDER BY coalesce(date, CAST(first_seen AS VARCHAR)) NULLS LAST, id LIMIT {STORY_RECORDS + 1}""",
                             [story_id])
    more = len(records) > STORY_RECORDS
    records = records[:STORY_RECORDS]
    told: dict[str, list[Told]] = {}
    by_event = {e: r.id for r in records for e in r.mentions}
    for item in tellings(reader, list(by_event)):
        told.setdefault(by_event[item.event.id], []).append(item)
    in_story = "article_id IN (SELECT article_id FROM story_articles WHERE story_id = ?)"
    quotes = reader.records(Quote, f"SELECT * FROM quotes WHERE {in_story} ORDER BY article_id, seq LIMIT {SPOKEN}",
                            [story_id])
    claims = reader.records(Claim, f"SELECT * FROM claims WHERE {in_story} "
                                   f"ORDER BY len(disputed_by) > 0 DESC, article_id, seq LIMIT {SPOKEN}", [story_id])
    ids = [r.id for r in records]
    links = reader.records(EventLink, "SELECT * FROM links WHERE source IN (SELECT unnest(?::VARCHAR[])) "
                                      "OR target IN (SELECT unnest(?::VARCHAR[])) ORDER BY seq LIMIT 500", [ids, ids])
    return StoryView(found[0], records, told, quotes, claims, links, more)


def record(reader: Reader, record_id: str) -> RecordView | None:
    found = reader.records(EventRecord, "SELECT * FROM records WHERE id = ? LIMIT 1", [record_id])
    if not found:
        return None
    rec = found[0]
    stories = reader.records(Story, "SELECT * FROM stories WHERE id = ? LIMIT 1", [rec.story_id]) \
        if rec.story_id else []
    links = reader.records(EventLink, "SELECT * FROM links WHERE source = ? OR target = ? ORDER BY seq LIMIT 200",
                           [record_id, record_id])
    actors = sorted({a.key for a in rec.actor} - {"?"})
    recipients = sorted({r.key for r in rec.recipient} - {"?"})
    pairs = [(a, r) for a in actors for r in recipients if a != r]
    return RecordView(rec, tellings(reader, list(rec.mentions)), stories[0] if stories else None, links, pairs)


def dyad(reader: Reader, actor: str, recipient: str, period: str = "month", limit: int = 50) -> DyadView:
    points = dyads.series(reader, actor, recipient, period)
    index = dyads.relation(points)
    turns = dyads.turns(reader, actor, recipient, index, period)
    quads = dyads.pair_quads(reader, actor, recipient)
    records = dyads.pair_records(reader, actor, recipient, limit)
    return DyadView(actor, recipient, period, points, index, turns, quads, records)
