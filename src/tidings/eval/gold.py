"""Score a store against a gold file in the format of shared/gold/seeds.json.

The matching rule is the gold file's own ("about"): a gold event is found in an article when that article
has an event of the same PLOVER type, an actor whose country is in the gold actor list and, when the gold
recipient list is not empty, a recipient whose country is in it. Its date is right when the windows overlap.
Precision is the share of the system's counted events (negated and hypothetical ones are stored but not
asserted) that match some gold event, must or should, of their article on type and actors.

Stories, when the gold file labels them, are scored over the gold file's articles found in the store (an
article in no gold story is a story of its own): pairwise (pairs of articles put together) and B-cubed
(per article, the share of its system story that is its gold story and the reverse) precision, recall, F1.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from tidings.errors import TidingsError
from tidings.records import Article, Event, Quote


@dataclass(slots=True, frozen=True)
class GoldEvent:
    id: str
    level: str
    type: str
    actor: frozenset[str]
    recipient: frozenset[str]
    articles: tuple[str, ...]  # article keys as the gold file writes them ("000")
    window: tuple[str, str] | None
    place: str | None


@dataclass(slots=True, frozen=True)
class Gold:
    articles: dict[str, dict[str, Any]]  # file name -> its gold facts
    events: tuple[GoldEvent, ...]
    quotes: tuple[dict[str, str], ...]
    stories: tuple[tuple[str, ...], ...]

    def key_of(self, path: str | None) -> str | None:
        """The gold article key ("000") of a stored article path, matched by file name."""
        if not path:
            return None
        name = Path(path).name
        for file_name in self.articles:
            if file_name == name:
                return file_name.split("_")[0]
        return None


def load_gold(path: str | Path) -> Gold:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        events = tuple(
            GoldEvent(
                id=e["id"], level=e.get("level", "must"), type=e["plover"], actor=frozenset(e.get("actor", ())),
                recipient=frozenset(e.get("recipient", ())), articles=tuple(e.get("articles", ())),
                window=tuple(e["date_window"]) if e.get("date_window") else None, place=e.get("place"),
            )
            for e in data.get("events", ())
        )
        return Gold(
            articles=dict(data.get("articles", {})), events=events, quotes=tuple(data.get("quotes", ())),
            stories=tuple(tuple(s.get("articles", ())) for s in data.get("stories", ())),
        )
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise TidingsError("E107", f"cannot read gold file {path}: {exc}") from None


def matches(event: Event, gold: GoldEvent) -> bool:
    if event.type != gold.type:
        return False
    if not any(a.country in gold.actor for a in event.actor):
        return False
    return not gold.recipient or any(r.country in gold.recipient for r in event.recipient)


def windows_overlap(a: Sequence[str] | None, b: Sequence[str] | None) -> bool:
    return bool(a and b) and a[0] <= b[1] and b[0] <= a[1]  # type: ignore[index]


@dataclass(slots=True, frozen=True)
class ClusterScore:
    precision: float
    recall: float
    f1: float

    @classmethod
    def of(cls, precision: float, recall: float) -> "ClusterScore":
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return cls(round(precision, 4), round(recall, 4), round(f1, 4))

    def line(self) -> str:
        return f"P {self.precision:.2f} R {self.recall:.2f} F1 {self.f1:.2f}"


def pairwise(system: dict[str, str], gold: dict[str, str]) -> ClusterScore:
    """Pairs of items clustered together: precision over the system's pairs, recall over the gold's. With
    no pair on a side, that side's score is 1 (nothing claimed, nothing wrong; nothing to find)."""
    items = sorted(gold)
    together = [(a, b) for i, a in enumerate(items) for b in items[i + 1:]]
    system_pairs = {p for p in together if system[p[0]] == system[p[1]]}
    gold_pairs = {p for p in together if gold[p[0]] == gold[p[1]]}
    hits = len(system_pairs & gold_pairs)
    return ClusterScore.of(hits / len(system_pairs) if system_pairs else 1.0,
                           hits / len(gold_pairs) if gold_pairs else 1.0)


def bcubed(system: dict[str, str], gold: dict[str, str]) -> ClusterScore:
    """B-cubed: per item, |its system cluster ∩ its gold cluster| over each cluster's size, averaged."""
    if not gold:
        return ClusterScore.of(1.0, 1.0)
    members: dict[tuple[str, str], set[str]] = {}
    for item in gold:
        members.setdefault(("s", system[item]), set()).add(item)
        members.setdefault(("g", gold[item]), set()).add(item)
    precision = recall = 0.0
    for item in gold:
        mine, truth = members[("s", system[item])], members[("g", gold[item])]
        shared = len(mine & truth)
        precision += shared / len(mine)
        recall += shared / len(truth)
    return ClusterScore.of(precision / len(gold), recall / len(gold))


@dataclass(slots=True)
class Scores:
    must_found: list[str] = field(default_factory=list)  # "E2@002"
    must_missed: list[str] = field(default_factory=list)
    should_found: list[str] = field(default_factory=list)
    dates_right: list[str] = field(default_factory=list)
    dates_wrong: list[str] = field(default_factory=list)
    places_right: list[str] = field(default_factory=list)
    places_wrong: list[str] = field(default_factory=list)
    events_counted: int = 0
    events_matching: int = 0
    unmatched_events: list[str] = field(default_factory=list)
    quotes_found: int = 0
    quotes_total: int = 0
    published_right: int = 0
    published_total: int = 0
    stories_right: int = 0
    stories_total: int = 0
    story_pairwise: ClusterScore | None = None
    story_bcubed: ClusterScore | None = None

    @property
    def must_recall(self) -> float:
        total = len(self.must_found) + len(self.must_missed)
        return len(self.must_found) / total if total else 0.0

    @property
    def precision(self) -> float:
        return self.events_matching / self.events_counted if self.events_counted else 0.0

    def as_dict(self) -> dict[str, Any]:
        return asdict(self) | {"must_recall": self.must_recall, "precision": self.precision}

    def lines(self) -> list[str]:
        total_must = len(self.must_found) + len(self.must_missed)
        return [
            f"must events found: {len(self.must_found)}/{total_must} ({self.must_recall:.2f})",
            f"  missed: {', '.join(self.must_missed) or 'none'}",
            f"should events found: {len(self.should_found)}",
            f"precision: {self.events_matching}/{self.events_counted} ({self.precision:.2f})",
            f"  unmatched: {'; '.join(self.unmatched_events) or 'none'}",
            f"dates right (window overlap): {len(self.dates_right)}/{len(self.dates_right) + len(self.dates_wrong)}"
            + (f"  wrong: {', '.join(self.dates_wrong)}" if self.dates_wrong else ""),
            f"places right: {len(self.places_right)}/{len(self.places_right) + len(self.places_wrong)}"
            + (f"  wrong: {', '.join(self.places_wrong)}" if self.places_wrong else ""),
            f"quotes found: {self.quotes_found}/{self.quotes_total}",
            f"publication dates right: {self.published_right}/{self.published_total}",
            f"gold stories kept together: {self.stories_right}/{self.stories_total}",
        ] + ([f"stories pairwise: {self.story_pairwise.line()}"] if self.story_pairwise else []) + (
            [f"stories B-cubed: {self.story_bcubed.line()}"] if self.story_bcubed else [])


def score(gold: Gold, articles: Iterable[Article], events: Iterable[Event], quotes: Iterable[Quote],
          story_of: dict[str, str] | None = None) -> Scores:
    scores = Scores()
    key_to_article: dict[str, Article] = {}
    for article in articles:
        key = gold.key_of(article.path)
        if key is not None:
            key_to_article[key] = article
            scores.published_total += 1
            expected = _gold_article(gold, key).get("published")
            if expected and article.published and article.published.isoformat() == expected:
                scores.published_right += 1
    by_article: dict[str, list[Event]] = {}
    for event in events:
        by_article.setdefault(event.article_id, []).append(event)

    for key, article in sorted(key_to_article.items()):
        own = by_article.get(article.id, [])
        golds = [g for g in gold.events if key in g.articles]
        for g in golds:
            found = [e for e in own if e.counted and matches(e, g)]
            label = f"{g.id}@{key}"
            if g.level == "must":
                (scores.must_found if found else scores.must_missed).append(label)
            elif found:
                scores.should_found.append(label)
            if found and g.window:
                right = any(windows_overlap(e.date_window, g.window) for e in found)
                (scores.dates_right if right else scores.dates_wrong).append(label)
            if found and g.place:
                right = any(e.place is not None and e.place.name.lower() == g.place.lower() for e in found)
                (scores.places_right if right else scores.places_wrong).append(label)
        for event in own:
            if not event.counted:
                continue
            scores.events_counted += 1
            if any(matches(event, g) for g in golds):
                scores.events_matching += 1
            else:
                actors = ",".join(a.key for a in event.actor)
                recipients = ",".join(r.key for r in event.recipient)
                scores.unmatched_events.append(f"{key} {event.type}/{event.mode} {actors}->{recipients} ({event.rule})")

    article_quotes: dict[str, list[Quote]] = {}
    for quote in quotes:
        article_quotes.setdefault(quote.article_id, []).append(quote)
    for expected in gold.quotes:
        scores.quotes_total += 1
        article = key_to_article.get(expected["article"])
        if article is None:
            continue
        wanted = _norm(expected["text"])
        speaker = expected["speaker"].split()[-1].lower()
        for quote in article_quotes.get(article.id, []):
            said_by = " ".join(filter(None, (quote.speaker.text, quote.speaker.name) if quote.speaker else ()))
            if wanted in _norm(quote.text) and speaker in said_by.lower():
                scores.quotes_found += 1
                break

    if story_of is not None:
        for story in gold.stories:
            scores.stories_total += 1
            ids = {story_of.get(key_to_article[k].id) for k in story if k in key_to_article}
            if len(ids) == 1 and None not in ids and len(story) == sum(k in key_to_article for k in story):
                scores.stories_right += 1
        if gold.stories:
            system, truth = _story_labels(gold, key_to_article, story_of)
            scores.story_pairwise, scores.story_bcubed = pairwise(system, truth), bcubed(system, truth)
    return scores


def _story_labels(gold: Gold, key_to_article: dict[str, Article],
                  story_of: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """System and gold story of every gold article found in the store; unlabelled ones stand alone."""
    truth: dict[str, str] = {}
    for number, story in enumerate(gold.stories):
        for key in story:
            truth.setdefault(key, f"gold-{number}")
    system: dict[str, str] = {}
    found: dict[str, str] = {}
    for key, article in key_to_article.items():
        found[key] = truth.get(key, f"alone-{key}")
        system[key] = story_of.get(article.id) or f"none-{key}"
    return system, found


def _gold_article(gold: Gold, key: str) -> dict[str, Any]:
    for file_name, facts in gold.articles.items():
        if file_name.split("_")[0] == key:
            return facts
    return {}


def _norm(text: str) -> str:
    return " ".join(text.replace("’", "'").replace("\u201c", '"').replace("\u201d", '"').lower().split())


def score_store(store: Any, gold: Gold) -> Scores:
    membership = {article: story.id for story in store.stories() for article in story.articles}
    return score(gold, store.articles(), store.events(), store.quotes(), membership)
