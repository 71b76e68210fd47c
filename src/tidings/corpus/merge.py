"""Event records: the same event told by several articles (or twice by one) becomes one record.

Events are blocked by what must be equal (PLOVER type, actor keys, recipient keys, counted or not), so only
events of one block are ever compared; inside a block they join by overlapping date windows, found through
a week index. Precise events are placed first so vaguer ones attach to them. An event of a duplicate article
(a wire copy, an updated version) joins the record of the same event in its group's other articles first,
so a report copied ten times is still one record, and counts one article however many outlets carried it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from tidings.corpus.dates import PRECISION_RANK, Window, as_strings, overlap, published, width, window_of
from tidings.records import Article, Event, EventRecord

BlockKey = tuple[str, frozenset[str], frozenset[str], str]


def record_id(earliest_mention_id: str) -> str:
    return "rec-" + hashlib.sha1(earliest_mention_id.encode("utf-8")).hexdigest()[:16]


def block_key(event: Event) -> BlockKey:
    # Counted modalities (asserted, historical, future, claimed) merge together; a negated or hypothetical
    # event only with events of its own modality.
    modality = "counted" if event.counted else event.modality
    return (event.type, frozenset(a.key for a in event.actor), frozenset(r.key for r in event.recipient),
            modality)


@dataclass(slots=True)
class _Cluster:
    events: list[Event] = field(default_factory=list)
    window: Window | None = None
    mode: str | None = None
    stories: Counter[str] = field(default_factory=Counter)

    def accepts_mode(self, mode: str | None) -> bool:
        return mode is None or self.mode is None or mode == self.mode

    def add(self, event: Event, window: Window | None, story: str | None) -> None:
        self.events.append(event)
        self.mode = self.mode or event.mode
        if window is not None:
            self.window = window if self.window is None else (overlap(self.window, window) or self.window)
        if story is not None:
            self.stories[story] += 1


def merge_events(events: Sequence[Event], articles: Mapping[str, Article],
                 membership: Mapping[str, str], canonical: Mapping[str, str] = {}) -> list[EventRecord]:
    """One EventRecord per real event, with every mention of it; output sorted by date, then id.
    `canonical` maps a duplicate article to the canonical article of its group (see corpus.duplicates)."""
    blocks: dict[BlockKey, list[Event]] = {}
    for event in events:
        blocks.setdefault(block_key(event), []).append(event)
    records: list[EventRecord] = []
    for block in blocks.values():
        for cluster in _cluster(block, membership, canonical):
            records.append(_record(cluster.events, articles, membership, canonical))
    records.sort(key=lambda r: (r.date_window is None, r.date_window or ("", ""), r.id))
    return records


def _cluster(block: list[Event], membership: Mapping[str, str],
             canonical: Mapping[str, str] = {}) -> list[_Cluster]:
    windows = {e.id: window_of(e) for e in block}
    group = {e.id: canonical.get(e.article_id, e.article_id) for e in block}
    # Originals first, copies after, so a copy finds the original's record in place.
    order = sorted(block, key=lambda e: (group[e.id] != e.article_id, windows[e.id] is None,
                                         width(windows[e.id]), windows[e.id] or (dt.date.min, dt.date.min),
                                         e.id))
    clusters: list[_Cluster] = []
    by_week: dict[int, list[int]] = {}
    by_story: dict[str, set[int]] = {}
    by_group: dict[str, set[int]] = {}
    for event in order:
        window, story = windows[event.id], membership.get(event.article_id)
        copied = _copied(event, window, clusters, by_group.get(group[event.id], ()), windows)
        if copied is not None:
            clusters[copied].add(event, window, story)
            by_group.setdefault(group[event.id], set()).add(copied)
            continue
        if window is not None:
            candidates = {i for w in _weeks(window) for i in by_week.get(w, ())}
            fits = [i for i in candidates if clusters[i].window and overlap(clusters[i].window, window)
                    and clusters[i].accepts_mode(event.mode)]
        else:
            # No window: the only evidence it is the same event is that the same story tells it.
            fits = [i for i in by_story.get(story, ()) if clusters[i].accepts_mode(event.mode)]
        if fits:
            chosen = min(fits, key=lambda i: (-clusters[i].stories[story] if story else 0,
                                              -len(clusters[i].events), i))
        else:
            chosen = len(clusters)
            clusters.append(_Cluster())
            if window is not None:
                for week in _weeks(window):
                    by_week.setdefault(week, []).append(chosen)
        clusters[chosen].add(event, window, story)
        by_group.setdefault(group[event.id], set()).add(chosen)
        if story is not None:
            by_story.setdefault(story, set()).add(chosen)
    return clusters


def _copied(event: Event, window: Window | None, clusters: list[_Cluster], candidates: Iterable[int],
            windows: Mapping[str, Window | None]) -> int | None:
    """The record of the same event in another article of the event's duplicate group: the same evidence
    sentence, or an overlapping date window (an updated version may date it a day apart)."""
    sentence = event.evidence.sentence.strip() if event.evidence else None
    best: tuple[int, int] | None = None
    for index in sorted(candidates):
        cluster = clusters[index]
        if not cluster.accepts_mode(event.mode):
            continue
        same_sentence = bool(sentence) and any(
            e.evidence is not None and e.evidence.sentence.strip() == sentence for e in cluster.events)
        overlapping = window is not None and cluster.window is not None and overlap(cluster.window, window)
        undated = window is None and all(windows[e.id] is None for e in cluster.events)
        if same_sentence or overlapping or undated:
            rank = (0 if same_sentence else 1, index)
            if best is None or rank < best:
                best = rank
    return best[1] if best else None


def _weeks(window: Window) -> range:
    return range(window[0].toordinal() // 7, window[1].toordinal() // 7 + 1)


def _record(mentions: list[Event], articles: Mapping[str, Article],
            membership: Mapping[str, str], canonical: Mapping[str, str] = {}) -> EventRecord:
    def seen(event: Event) -> tuple[bool, dt.date, str, int, str]:
        day = published(articles.get(event.article_id))
        start = event.evidence.start if event.evidence else 0
        return (day is None, day or dt.date.max, event.article_id, start, event.id)

    mentions = sorted(mentions, key=seen)
    windows = {e.id: window_of(e) for e in mentions}
    # Most confident first; among equals the most precisely dated.
    ranked = sorted(mentions, key=lambda e: (-e.confidence, PRECISION_RANK.get(e.date_precision, 4),
                                             width(windows[e.id]), seen(e)))
    canon = ranked[0]

    def first(attribute: str):
        return next((getattr(e, attribute) for e in ranked if getattr(e, attribute) is not None), None)

    article_ids = list(dict.fromkeys(e.article_id for e in mentions))
    days = [d for d in (published(articles.get(a)) for a in article_ids) if d is not None]
    stories = Counter(membership[a] for a in article_ids if a in membership)
    story = min(stories, key=lambda s: (-stories[s], s)) if stories else None
    context = tuple(dict.fromkeys(c for e in ranked for c in e.context))
    return EventRecord(
        id=record_id(mentions[0].id), type=canon.type, mode=first("mode"), context=context,
        cameo=canon.cameo or first("cameo"),
        plover_score=canon.plover_score if canon.plover_score is not None else first("plover_score"),
        goldstein=canon.goldstein if canon.goldstein is not None else first("goldstein"),
        quad_class=canon.quad_class if canon.quad_class is not None else first("quad_class"),
        actor=canon.actor, recipient=canon.recipient, date=canon.date, date_precision=canon.date_precision,
        date_window=as_strings(_merged_window([windows[e.id] for e in ranked])),
        place=first("place"), modality=canon.modality,
        # Copies are further reports from their outlets (sources) but not further articles.
        mentions=tuple(e.id for e in mentions), articles=tuple(article_ids),
        num_articles=len({canonical.get(a, a) for a in article_ids}),
        num_sources=len({_source(articles.get(a), a) for a in article_ids}),
        first_seen=min(days) if days else None, last_seen=max(days) if days else None, story_id=story,
        confidence=combined_confidence(mentions, articles, canonical))


# A record is never certain however many outlets report it: they may all repeat one wrong source.
MAX_CONFIDENCE = 0.99


def combined_confidence(mentions: Sequence[Event], articles: Mapping[str, Article],
                        canonical: Mapping[str, str]) -> float:
    """How sure the record is, from its mentions as independent witnesses: 1 - prod(1 - c) over one witness per
    independent source, where a source is an outlet and a syndicated or updated copy is not a new one (it
    counts under its original). Each source weighs in with its most confident mention."""
    best: dict[str, float] = {}
    for event in mentions:
        original = canonical.get(event.article_id, event.article_id)
        source = _source(articles.get(original), original)
        best[source] = max(best.get(source, 0.0), min(max(event.confidence, 0.0), 1.0))
    doubt = 1.0
    for confidence in best.values():
        doubt *= 1.0 - confidence
    return round(min(1.0 - doubt, MAX_CONFIDENCE), 4)


def _merged_window(windows: list[Window | None]) -> Window | None:
    """The intersection of the mentions' windows when they share days, else the tightest one."""
    present = [w for w in windows if w is not None]
    if not present:
        return None
    common: Window | None = present[0]
    for window in present[1:]:
        common = overlap(common, window) if common else None
    return common or min(present, key=lambda w: (width(w), w))


def _source(article: Article | None, article_id: str) -> str:
    # An article without a known outlet is a source of its own.
    if article is not None and article.outlet and article.outlet.strip():
        return "outlet:" + article.outlet.strip().lower().removeprefix("www.")
    return "article:" + article_id
