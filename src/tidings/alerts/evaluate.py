"""Rules against merged event records: which records, and which weekly turns of a relation, raise an alert."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field

from tidings.alerts.rules import AlertRule
from tidings.corpus.dyads import dyad_series, relation_index
from tidings.records import EventRecord, Record


@dataclass(slots=True, frozen=True)
class Alert(Record):
    id: str  # stable: the same match found again is the same alert
    rule: str
    kind: str
    subject: str  # the event record id, or the pair "A~B" of a relation rule
    day: dt.date | None  # when it happened: the event's first day, or the week of the turn
    message: str
    events: tuple[str, ...] = ()  # the per-article event ids behind it
    created: dt.datetime | None = None
    detail: dict[str, str] = field(default_factory=dict)


def evaluate(rules: Sequence[AlertRule], records: Sequence[EventRecord]) -> list[Alert]:
    """Every match of every rule in the records (already-stored alerts are filtered by the log)."""
    alerts: list[Alert] = []
    for rule in rules:
        if rule.kind == "events":
            alerts.extend(_event_alerts(rule, records))
        elif rule.kind == "turn":
            alerts.extend(_turn_alerts(rule, records))
        else:
            alerts.extend(_relation_alerts(rule, records))
    return alerts


def _keys(actors: Sequence) -> set[str]:
    # A rule side names a country code or a group: match either part of Actor.key.
    found: set[str] = set()
    for actor in actors:
        found.update(p for p in (actor.country, actor.group) if p)
    return found


def _event_alerts(rule: AlertRule, records: Sequence[EventRecord]) -> list[Alert]:
    out = []
    for record in records:
        if rule.types and record.type not in rule.types:
            continue
        if rule.modes and record.mode not in rule.modes:
            continue
        if not rule.include_uncounted and record.modality in ("negated", "hypothetical"):
            continue
        if record.confidence < rule.min_confidence:
            continue
        if not rule.sides_match(_keys(record.actor), _keys(record.recipient)):
            continue
        # Keyed by the earliest mention, which stays the same as later articles join the record.
        anchor = min(record.mentions) if record.mentions else record.id
        actors = ", ".join(sorted(_keys(record.actor))) or "?"
        recipients = ", ".join(sorted(_keys(record.recipient))) or "?"
        mode = f" ({record.mode})" if record.mode else ""
        when = record.date or (record.first_seen.isoformat() if record.first_seen else "date unknown")
        out.append(Alert(
            id=_id(rule.id, anchor), rule=rule.id, kind="events", subject=record.id,
            day=_first_day(record), events=tuple(record.mentions),
            message=f"{record.type}{mode}: {actors} -> {recipients}, {when}, "
                    f"{record.num_articles} article(s) from {record.num_sources} outlet(s)",
            detail={"type": record.type, "modality": record.modality}))
    return out


def _relation_alerts(rule: AlertRule, records: Sequence[EventRecord]) -> list[Alert]:
    points = relation_index(dyad_series(records, "week"), alpha=rule.alpha, directed=rule.directed)
    pair = (rule.actor, rule.recipient) if rule.directed else tuple(sorted((rule.actor, rule.recipient)))
    out = []
    previous = 0.0  # relation_index starts every pair from a neutral prior of 0
    for point in points:
        if (point.actor, point.recipient) != pair:
            continue
        fall = previous - point.index
        if fall > rule.drop:
            subject = f"{pair[0]}~{pair[1]}"
            out.append(Alert(
                id=_id(rule.id, subject, point.period.isoformat()), rule=rule.id, kind="relation", subject=subject,
                day=point.period,
                message=f"relation index {pair[0]}-{pair[1]} fell by {fall:.2f} in the week of "
                        f"{point.period.isoformat()} ({previous:+.2f} to {point.index:+.2f}, {point.count} event(s))",
                detail={"from": f"{previous:.4f}", "to": f"{point.index:.4f}"}))
        previous = point.index
    return out


def _turn_alerts(rule: AlertRule, records: Sequence[EventRecord]) -> list[Alert]:
    """One alert per turn of the rule's relation, naming the records that drove it (corpus.relations)."""
    from tidings.corpus.relations import relation_turns

    out = []
    for turn in relation_turns(records, rule.period):
        if rule.direction != "any" and turn.direction != rule.direction:
            continue
        forward = (turn.actor, turn.recipient) == (rule.actor, rule.recipient)
        if not forward and (rule.directed or (turn.recipient, turn.actor) != (rule.actor, rule.recipient)):
            continue
        subject = f"{turn.actor}~{turn.recipient}"
        out.append(Alert(
            id=_id(rule.id, subject, turn.direction, turn.since.isoformat()), rule=rule.id, kind="relation",
            subject=subject, day=turn.since, message=turn.message,
            detail={"direction": turn.direction, "records": " ".join(turn.records),
                    "from": f"{turn.from_index:.4f}", "to": f"{turn.to_index:.4f}"}))
    return out


def _first_day(record: EventRecord) -> dt.date | None:
    if record.date_window:
        try:
            return dt.date.fromisoformat(record.date_window[0][:10])
        except ValueError:
            pass
    return record.first_seen


def _id(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]
