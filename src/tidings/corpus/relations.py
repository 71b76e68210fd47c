"""Relations between two actors over time, from merged event records (never per-article mentions), and the
turns they take ("JPN-RUS deteriorating since 2022-09-22, driven by: ...").

A relation pools both directions of a pair. Per period it counts records by quad class, sums and averages
their PLOVER and Goldstein scores, and carries a smoothed index (index = (1 - alpha) * previous + alpha *
mean PLOVER score of the period; a period without scored records keeps the index). A turn is found on the
index as a zigzag does on a price: the relation deteriorates when the index falls `turn_threshold` below its
last peak, improves when it rises that far above its last trough; the turn is dated by the first record that
pushed it that way, and named by the heaviest such records.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from tidings.corpus.dates import window_of
from tidings.corpus.dyads import DyadStats, next_period, period_start, placed, summarise
from tidings.corpus.params import CorpusParams, RelationParams
from tidings.errors import TidingsError
from tidings.records import EventRecord, Record

Pair = tuple[str, str]


@dataclass(slots=True, frozen=True)
class RelationPeriod(Record):
    """One period of a relation: its records' numbers and the smoothed index after it."""

    actor: str  # the pair as asked (or sorted, for all pairs)
    recipient: str
    period: dt.date  # first day of the period
    count: int
    quad_counts: tuple[int, ...]  # records per quad class 1..4
    plover_sum: float
    plover_mean: float | None
    goldstein_sum: float
    goldstein_mean: float | None
    index: float
    records: tuple[str, ...]


@dataclass(slots=True, frozen=True)
class RelationTurn(Record):
    """A relation that turned: which way, since when, from and to which index, and the records behind it."""

    actor: str
    recipient: str
    direction: str  # deteriorating | improving
    since: dt.date  # the first day of the first record that pushed the index this way
    detected: dt.date  # first day of the period in which the move passed the threshold
    from_index: float
    to_index: float
    records: tuple[str, ...]  # the driving records, heaviest first
    message: str


def sides(record_actors: Iterable) -> set[str]:
    """What a pair side may name for these actors: the whole key ("RUS|FSB"), the country, the group."""
    found: set[str] = set()
    for actor in record_actors:
        if actor.key != "?":
            found.add(actor.key)
            found.update(p for p in (actor.country, actor.group) if p)
    return found


def involves(record: EventRecord, a: str, b: str) -> bool:
    actors, recipients = sides(record.actor), sides(record.recipient)
    return (a in actors and b in recipients) or (b in actors and a in recipients)


def relation_series(records: Sequence[EventRecord], a: str, b: str, period: str | None = None,
                    params: CorpusParams | RelationParams | None = None, fill: bool = True) -> list[RelationPeriod]:
    """The relation of `a` and `b` (country codes, group names or actor keys), both directions pooled, per
    period from the first to the last period with records (empty periods filled when `fill`)."""
    settings = _settings(params)
    period = period or settings.period
    period_start(dt.date(2000, 1, 1), period)  # a bad period is refused before any work
    if a == b:
        raise TidingsError("E107", f"a relation needs two different sides, not {a!r} twice")
    return _series(a, b, [r for r in records if involves(r, a, b)], period, settings, fill)


def all_relations(records: Sequence[EventRecord], period: str | None = None,
                  params: CorpusParams | RelationParams | None = None) -> dict[Pair, list[RelationPeriod]]:
    """Every undirected pair of actor keys with counted records, each with its series (gaps not filled)."""
    settings = _settings(params)
    period = period or settings.period
    by_pair: dict[Pair, list[EventRecord]] = {}
    for record in records:
        pairs: set[Pair] = set()
        for actor in {x.key for x in record.actor} - {"?"}:
            for recipient in {x.key for x in record.recipient} - {"?"}:
                if actor != recipient:
                    pairs.add((actor, recipient) if actor < recipient else (recipient, actor))
        for pair in pairs:
            by_pair.setdefault(pair, []).append(record)
    return {pair: _series(pair[0], pair[1], group, period, settings, fill=False)
            for pair, group in sorted(by_pair.items())}


def relation_turns(records: Sequence[EventRecord], period: str | None = None,
                   params: CorpusParams | RelationParams | None = None) -> list[RelationTurn]:
    """The turns of every relation in the records (for alerts), in order of detection."""
    settings = _settings(params)
    by_id = {r.id: r for r in records}
    turns = [turn for series in all_relations(records, period, settings).values()
             for turn in find_turns(series, by_id, settings)]
    return sorted(turns, key=lambda t: (t.detected, t.actor, t.recipient))


def find_turns(series: Sequence[RelationPeriod], records: dict[str, EventRecord],
               params: CorpusParams | RelationParams | None = None) -> list[RelationTurn]:
    """Where the index of one relation turned. The index starts from neutral (0) before the first period."""
    settings = _settings(params)
    turns: list[RelationTurn] = []
    direction: str | None = None
    high = low = 0.0
    high_at = low_at = -1
    for i, point in enumerate(series):
        value = point.index
        if value > high:
            high, high_at = value, i
        if value < low:
            low, low_at = value, i
        if direction != "deteriorating" and high - value >= settings.turn_threshold:
            turns.append(_turn(series, high_at + 1, i, "deteriorating", high, value, records, settings))
            direction, low, low_at = "deteriorating", value, i
        elif direction != "improving" and value - low >= settings.turn_threshold:
            turns.append(_turn(series, low_at + 1, i, "improving", low, value, records, settings))
            direction, high, high_at = "improving", value, i
    return turns


def describe(record: EventRecord) -> str:
    """A record in a few words: "RUS->JPN SANCTION/expel 2022-09-26 (2 outlets)"."""
    actors = ",".join(sorted({a.key for a in record.actor})) or "?"
    recipients = ",".join(sorted({r.key for r in record.recipient})) or "?"
    mode = f"/{record.mode}" if record.mode else ""
    when = record.date or (record.date_window[0] if record.date_window else None) or \
        (record.first_seen.isoformat() if record.first_seen else "undated")
    outlets = f"{record.num_sources} outlet{'s' if record.num_sources != 1 else ''}"
    return f"{actors}->{recipients} {record.type}{mode} {when} ({outlets})"


def _settings(params: CorpusParams | RelationParams | None) -> RelationParams:
    if isinstance(params, RelationParams):
        return params
    return (params or CorpusParams.load()).relations


def _series(a: str, b: str, records: Sequence[EventRecord], period: str, settings: RelationParams,
            fill: bool) -> list[RelationPeriod]:
    by_period: dict[dt.date, list[EventRecord]] = {}
    for record in records:
        if record.modality in ("negated", "hypothetical"):
            continue
        when = placed(record, period)
        if when is not None:
            by_period.setdefault(when, []).append(record)
    if not by_period:
        return []
    days = sorted(by_period)
    if fill:
        days, day = [], min(by_period)
        while day <= max(by_period):
            days.append(day)
            day = next_period(day, period)
    out: list[RelationPeriod] = []
    index = 0.0
    for day in days:
        point: DyadStats = summarise(a, b, day, sorted(by_period.get(day, []), key=lambda r: r.id))
        if point.mean_score is not None:
            index = (1 - settings.alpha) * index + settings.alpha * point.mean_score
        out.append(RelationPeriod(a, b, day, point.count, point.quad_counts, point.plover_sum, point.mean_score,
                                  point.goldstein_sum, point.mean_goldstein, round(index, 6), point.records))
    return out


def _turn(series: Sequence[RelationPeriod], first: int, last: int, direction: str, start: float, end: float,
          records: dict[str, EventRecord], settings: RelationParams) -> RelationTurn:
    sign = -1.0 if direction == "deteriorating" else 1.0
    pushing = [records[rid] for point in series[first:last + 1] for rid in point.records
               if rid in records and (records[rid].plover_score or 0.0) * sign > 0]
    heaviest = sorted(pushing, key=lambda r: (-abs(r.plover_score or 0.0) * max(1, r.num_sources),
                                              _first_day(r) or dt.date.max, r.id))
    driving = heaviest[: settings.driving_records]
    starts = [d for d in (_first_day(r) for r in pushing) if d is not None]
    since = min(starts) if starts else series[first].period
    point = series[last]
    names = "; ".join(describe(r) for r in driving) or "no scored records"
    message = (f"{point.actor}-{point.recipient} {direction} since {since.isoformat()} "
               f"(index {start:+.2f} to {end:+.2f}), driven by: {names}")
    return RelationTurn(point.actor, point.recipient, direction, since, point.period, round(start, 6),
                        round(end, 6), tuple(r.id for r in driving), message)


def _first_day(record: EventRecord) -> dt.date | None:
    window = window_of(record)
    return window[0] if window else record.first_seen
