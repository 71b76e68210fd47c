"""Dyad series: how often, and how hostilely, one actor acted on another per period; and a smoothed index."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from tidings.corpus.dates import window_of
from tidings.errors import TidingsError
from tidings.records import EventRecord

PERIODS = ("day", "week", "month", "year")


@dataclass(slots=True, frozen=True)
class DyadPoint:
    actor: str  # Actor.key of who acted
    recipient: str  # Actor.key of whom it was done to
    period: dt.date  # first day of the period
    count: int
    mean_score: float | None  # mean PLOVER score of the records that have one
    goldstein_sum: float
    conflict_share: float  # share of records in the conflict quad classes (3, 4), or scored below zero


@dataclass(slots=True, frozen=True)
class DyadStats:
    """A dyad period in full: DyadPoint's numbers plus counts per quad class, sums and the records."""

    actor: str
    recipient: str
    period: dt.date
    count: int
    mean_score: float | None
    goldstein_sum: float
    conflict_share: float
    quad_counts: tuple[int, int, int, int]  # records per quad class 1..4
    plover_sum: float
    mean_goldstein: float | None
    records: tuple[str, ...]  # the event record ids placed here

    def point(self) -> DyadPoint:
        return DyadPoint(self.actor, self.recipient, self.period, self.count, self.mean_score,
                         self.goldstein_sum, self.conflict_share)


@dataclass(slots=True, frozen=True)
class RelationPoint:
    actor: str
    recipient: str
    period: dt.date
    index: float  # exponentially weighted mean of PLOVER scores up to this period
    count: int


def period_start(day: dt.date, period: str) -> dt.date:
    if period == "day":
        return day
    if period == "week":
        return day - dt.timedelta(day.weekday())
    if period == "month":
        return day.replace(day=1)
    if period == "year":
        return day.replace(month=1, day=1)
    raise TidingsError("E107", f"period {period!r} is not one of {', '.join(PERIODS)}")


def dyad_series(records: Sequence[EventRecord], period: str = "month") -> list[DyadPoint]:
    """Directed dyad counts per period over counted records (see `dyad_stats`)."""
    return [stats.point() for stats in dyad_stats(records, period)]


def dyad_stats(records: Sequence[EventRecord], period: str = "month") -> list[DyadStats]:
    """Directed dyad counts per period over counted records. A record is placed at its date window's midpoint;
    one whose window spans more than two periods is too vague to place and is left out; one with no window
    at all is placed at its first publication, as GDELT does."""
    period_start(dt.date(2000, 1, 1), period)  # reject a bad period before any work
    groups: dict[tuple[str, str, dt.date], list[EventRecord]] = {}
    for record in records:
        if record.modality in ("negated", "hypothetical"):
            continue
        when = _placed(record, period)
        if when is None:
            continue
        actors = sorted({a.key for a in record.actor} - {"?"})
        recipients = sorted({r.key for r in record.recipient} - {"?"})
        for actor in actors:
            for recipient in recipients:
                groups.setdefault((actor, recipient, when), []).append(record)
    return [summarise(actor, recipient, when, group) for (actor, recipient, when), group in sorted(groups.items())]


def summarise(actor: str, recipient: str, when: dt.date, group: Sequence[EventRecord]) -> DyadStats:
    """One period's numbers over its records (each record once)."""
    scores = [r.plover_score for r in group if r.plover_score is not None]
    goldstein = [r.goldstein for r in group if r.goldstein is not None]
    quads = [0, 0, 0, 0]
    for record in group:
        if record.quad_class in (1, 2, 3, 4):
            quads[record.quad_class - 1] += 1
    return DyadStats(
        actor, recipient, when, len(group), sum(scores) / len(scores) if scores else None, sum(goldstein),
        sum(1 for r in group if _conflict(r)) / len(group) if group else 0.0,
        (quads[0], quads[1], quads[2], quads[3]), sum(scores),
        sum(goldstein) / len(goldstein) if goldstein else None, tuple(r.id for r in group))


def relation_index(points: Sequence[DyadPoint], alpha: float = 0.5, directed: bool = False,
                   prior: float = 0.0) -> list[RelationPoint]:
    """A smoothed score per dyad and period: index = (1 - alpha) * previous + alpha * period mean, starting
    from `prior` (neutral). Undirected by default: both directions of a pair make one relation."""
    if not 0 < alpha <= 1:
        raise TidingsError("E107", f"alpha={alpha!r} must be in (0, 1]: it is the weight of the newest period")
    merged: dict[tuple[str, str, dt.date], tuple[float, int, int]] = {}
    for point in points:
        pair = (point.actor, point.recipient) if directed else tuple(sorted((point.actor, point.recipient)))
        key = (pair[0], pair[1], point.period)
        total, scored, count = merged.get(key, (0.0, 0, 0))
        if point.mean_score is not None:
            # The point's mean over its records: weight by count so busier directions weigh more.
            total, scored = total + point.mean_score * point.count, scored + point.count
        merged[key] = (total, scored, count + point.count)
    out: list[RelationPoint] = []
    state: dict[tuple[str, str], float] = {}
    for (actor, recipient, when), (total, scored, count) in sorted(merged.items()):
        current = state.get((actor, recipient), prior)
        if scored:
            current = (1 - alpha) * current + alpha * (total / scored)
        state[(actor, recipient)] = current
        out.append(RelationPoint(actor, recipient, when, round(current, 6), count))
    return out


def placed(record: EventRecord, period: str) -> dt.date | None:
    """The first day of the period a counted record falls in, or None when it is too vague to place."""
    return _placed(record, period)


def next_period(start: dt.date, period: str) -> dt.date:
    return period_start(_after(start, period), period)


def _placed(record: EventRecord, period: str) -> dt.date | None:
    window = window_of(record)
    if window is None:
        return period_start(record.first_seen, period) if record.first_seen else None
    first, last = period_start(window[0], period), period_start(window[1], period)
    middle = window[0] + (window[1] - window[0]) / 2
    if last > period_start(_after(first, period), period):
        return None  # more than two periods wide
    return period_start(middle, period)


def _after(start: dt.date, period: str) -> dt.date:
    """A day in the period after the one starting at `start`."""
    step = {"day": 1, "week": 7, "month": 32, "year": 366}[period]
    return start + dt.timedelta(step)


def _conflict(record: EventRecord) -> bool:
    if record.quad_class is not None:
        return record.quad_class in (3, 4)
    return record.plover_score is not None and record.plover_score < 0
