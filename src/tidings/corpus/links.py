"""Response links between event records: "Japan expelled X in retaliation for Russia's expulsion of Y".

An event whose evidence sentence carries a response cue (phrases in data/corpus.toml) answers either the event
named after the cue in the same sentence or, failing that, the most recent earlier record of the reverse dyad
with the same or a related PLOVER type.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from tidings.corpus.dates import window_of
from tidings.corpus.params import CorpusParams, Cue, LinkParams
from tidings.records import Event, EventLink, EventRecord


@dataclass(slots=True, frozen=True)
class CueMatch:
    cue: Cue
    start: int
    end: int


def find_cues(sentence: str, params: LinkParams) -> list[CueMatch]:
    """Cue phrases in a sentence, longest first where they overlap ("in retaliation for" over "in retaliation")."""
    found = [CueMatch(c, m.start(), m.end()) for c in params.cues for m in c.pattern.finditer(sentence)]
    found.sort(key=lambda m: (m.start, -(m.end - m.start)))
    kept: list[CueMatch] = []
    for match in found:
        if not kept or match.start >= kept[-1].end:
            kept.append(match)
    return kept


def link_records(records: Sequence[EventRecord], events: Mapping[str, Event],
                 params: CorpusParams | None = None) -> list[EventLink]:
    """`response_to` links (source answers target), one per answering record and answered record, sorted."""
    settings = (params or CorpusParams.load()).links
    record_of = {mention: r.id for r in records for mention in r.mentions}
    by_id = {r.id: r for r in records}
    sentences: dict[tuple[str, str], list[Event]] = {}
    for mention in record_of:
        event = events.get(mention)
        if event is not None and event.evidence is not None and event.counted:
            sentences.setdefault((event.article_id, event.evidence.sentence), []).append(event)
    dyads = _DyadIndex(records)
    links: dict[tuple[str, str], EventLink] = {}
    for (_, sentence), group in sorted(sentences.items()):
        for match in find_cues(sentence, settings):
            for source, target in _answers(sentence, match, group, record_of, by_id, dyads, settings):
                if source != target and (target, source) not in links:
                    links.setdefault((source, target), EventLink(source, target, "response_to", sentence))
    return sorted(links.values(), key=lambda link: (link.source, link.target))


def _answers(sentence: str, match: CueMatch, group: list[Event], record_of: Mapping[str, str],
             by_id: Mapping[str, EventRecord], dyads: "_DyadIndex", settings: LinkParams):
    """(answering record, answered record) pairs that one cue in one sentence supports."""
    places = {e.id: _place(e, sentence, match) for e in group}
    responders = [e for e in group if places[e.id][0] != "outside"]
    answered: str | None = None
    if match.cue.answered_follows:
        after = [e for e in group if places[e.id][0] == "after"]
        if after:
            nearest = min(after, key=lambda e: (places[e.id][1], e.id))
            answered = record_of[nearest.id]
            # "In response to X, Y did Z": when nothing comes before the cue, the later events answer.
            leading = not any(places[e.id][0] == "before" for e in group)
            responders = [e for e in responders if e is not nearest and (leading or places[e.id][0] != "after")]
        else:
            responders = [e for e in responders if places[e.id][0] != "after"]
    for event in sorted(responders, key=lambda e: e.id):
        source = record_of[event.id]
        if answered is not None and answered != source:
            yield source, answered
            continue
        target = dyads.earlier_reverse(by_id[source], settings)
        if target is not None:
            yield source, target


def _place(event: Event, sentence: str, match: CueMatch) -> tuple[str, int]:
    """Where the event's actors and recipients are named relative to the cue: before, after, outside (only
    in another paragraph of a badly split sentence) or unknown, with how far after the cue all of them are
    named (to pick the nearest answered event)."""
    low = sentence.rfind("\n\n", 0, match.start)
    high = sentence.find("\n\n", match.end)
    low, high = (0 if low < 0 else low), (len(sentence) if high < 0 else high)
    before_all, after_all, found, elsewhere = True, True, False, False
    reach = 0
    for text in {a.text.strip() for a in (*event.actor, *event.recipient) if a.text and a.text.strip()}:
        pattern = rf"(?<!\w){re.escape(text)}(?!\w)"
        spots = [m.start() for m in re.finditer(pattern, sentence, re.IGNORECASE)]
        near = [s for s in spots if low <= s < high]
        elsewhere |= bool(spots) and not near
        if not near:
            continue
        found = True
        before_all &= any(s < match.start for s in near)
        later = [s for s in near if s >= match.end]
        after_all &= bool(later)
        if later:
            reach = max(reach, min(later))
    if not found:
        return ("outside" if elsewhere else "unknown"), reach
    if after_all and not before_all:
        return "after", reach
    if before_all and not after_all:
        return "before", reach
    return "unknown", reach


class _DyadIndex:
    """Counted records by directed (actor key, recipient key), for reverse-dyad look-ups."""

    def __init__(self, records: Sequence[EventRecord]) -> None:
        self.index: dict[tuple[str, str], list[EventRecord]] = {}
        for record in records:
            if record.modality in ("negated", "hypothetical") or window_of(record) is None:
                continue
            for pair in record_pairs(record):
                self.index.setdefault(pair, []).append(record)

    def earlier_reverse(self, record: EventRecord, settings: LinkParams) -> str | None:
        when = _start(record)
        if when is None:
            return None
        seen: dict[str, EventRecord] = {}
        for actor, recipient in record_pairs(record):
            for other in self.index.get((recipient, actor), ()):
                seen[other.id] = other
        best: tuple[tuple[int, int, str], str] | None = None
        for other in seen.values():
            if other.id == record.id or not settings.related_types(record.type, other.type):
                continue
            start = window_of(other)[0]  # type: ignore[index]  (indexed records all have windows)
            if start > when or (when - start).days > settings.max_days:
                continue
            kinship = 0 if (other.type, other.mode) == (record.type, record.mode) else 1 if other.type == record.type else 2
            rank = (kinship, -start.toordinal(), other.id)
            if best is None or rank < best[0]:
                best = (rank, other.id)
        return best[1] if best else None


def record_pairs(record: EventRecord) -> set[tuple[str, str]]:
    """The directed (actor key, recipient key) pairs of a record, unknown sides left out."""
    actors = {a.key for a in record.actor} - {"?"}
    recipients = {r.key for r in record.recipient} - {"?"}
    return {(a, r) for a in actors for r in recipients}


_pairs = record_pairs  # the former private name


def _start(record: EventRecord) -> dt.date | None:
    window = window_of(record)
    return window[0] if window else record.first_seen
