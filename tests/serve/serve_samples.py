"""A small hand-made store for the API and dashboard tests: four outlets, three actor pairs, two stories."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tidings.records import (
    Actor, Article, ArticleAnalysis, Claim, Event, EventLink, EventRecord, Evidence, Place, Quote, Story,
)
from tidings.alerts.evaluate import Alert
from tidings.alerts.log import AlertLog
from tidings.store import Store

JAPAN = Actor("Japan", "JPN", None, "GOV")
RUSSIA = Actor("Russia", "RUS", None, "GOV")
DIPLOMAT = Actor("a Russian diplomat", "RUS", None, "DIP", role="diplomat")
CONSUL = Actor("a Japanese consul", "JPN", None, "DIP", role="consul")
USA = Actor("Washington", "USA", None, "GOV")
UN = Actor("the UN", None, "United Nations", "IGO")
SAPPORO = Place("Sapporo", "JPN", 43.06, 141.35, 2128295)

# (article id, outlet, published, title, sentences)
ARTICLES = [
    ("a1", "Kyodo", dt.date(2022, 10, 4), "Japan expels Russian diplomat",
     ["Japan expelled a Russian diplomat on Tuesday.", "The consul in Sapporo must leave within a week."]),
    ("a2", "TASS", dt.date(2022, 10, 5), "Moscow vows response to expulsion",
     ["Tokyo ordered a Russian diplomat to leave the country.", "Moscow said the spying charge was false."]),
    ("a3", "Reuters", dt.date(2022, 9, 27), "Russia expels Japanese consul",
     ["Russia expelled a Japanese consul from Vladivostok.", "Japan protested the detention of its consul."]),
    ("a4", "Reuters", dt.date(2022, 11, 20), "Washington and the UN agree on aid",
     ["Washington agreed with the UN on a new aid plan.", "Nothing was signed by Japan."]),
]


def _text(sentences: list[str]) -> str:
    return " ".join(sentences)


def _evidence(aid: str, index: int) -> Evidence:
    sentences = next(s for a, _, _, _, s in ARTICLES if a == aid)
    start = len(" ".join(sentences[:index])) + (1 if index else 0)
    return Evidence(sentences[index], start, start + len(sentences[index]))


def _event(eid: str, aid: str, sentence: int, type_: str, mode: str | None, actor, recipient, day: str | None,
           score: float, quad: int, modality: str = "asserted", window: tuple[str, str] | None = None) -> Event:
    return Event(
        id=eid, article_id=aid, type=type_, mode=mode, context=("diplomatic",), cameo="174" if type_ == "SANCTION"
        else "057", plover_score=score, goldstein=score - 0.5, quad_class=quad, actor=tuple(actor),
        recipient=tuple(recipient), date=day, date_precision="day" if day else "unknown",
        date_window=window or ((day, day) if day else None), date_basis="text: Tuesday" if day else None,
        place=SAPPORO, modality=modality, evidence=_evidence(aid, sentence), rule=f"{(mode or type_).lower()}.v1",
        confidence=0.8)


EVENTS = {
    "e1": _event("e1", "a1", 0, "SANCTION", "expel", [JAPAN], [DIPLOMAT], "2022-10-04", -5.5, 4),
    "e2": _event("e2", "a2", 0, "SANCTION", "expel", [JAPAN], [DIPLOMAT], "2022-10-04", -5.5, 4),
    "e3": _event("e3", "a3", 0, "SANCTION", "expel", [RUSSIA], [CONSUL], "2022-09-26", -5.5, 4),
    "e4": _event("e4", "a3", 1, "PROTEST", None, [JAPAN], [RUSSIA], "2022-09-27", -3.0, 3),
    "e5": _event("e5", "a4", 0, "AGREE", None, [USA], [UN], "2022-11-20", 6.0, 1),
    "e6": _event("e6", "a4", 1, "AGREE", None, [JAPAN], [UN], None, 4.0, 1, modality="negated"),
}


def _record(rid: str, events: list[str], story: str | None, **changes) -> EventRecord:
    first = EVENTS[events[0]]
    articles = tuple(dict.fromkeys(EVENTS[e].article_id for e in events))
    published = [p for a, _, p, _, _ in ARTICLES if a in articles]
    outlets = {o for a, o, _, _, _ in ARTICLES if a in articles}
    record = EventRecord(
        id=rid, type=first.type, mode=first.mode, context=first.context, cameo=first.cameo,
        plover_score=first.plover_score, goldstein=first.goldstein, quad_class=first.quad_class, actor=first.actor,
        recipient=first.recipient, date=first.date, date_precision=first.date_precision,
        date_window=first.date_window, place=first.place, modality=first.modality, mentions=tuple(events),
        articles=articles, num_articles=len(articles), num_sources=len(outlets), first_seen=min(published),
        last_seen=max(published), story_id=story)
    return record.replace(**changes) if changes else record


RECORDS = [
    _record("r1", ["e3"], "s1"),
    _record("r2", ["e4"], "s1"),
    _record("r3", ["e1", "e2"], "s1", links=({"type": "response_to", "record": "r1"},)),
    _record("r4", ["e5"], "s2"),
    _record("r5", ["e6"], "s2"),
    # No date window at all: placed at its first publication (2022-11-20).
    _record("r6", ["e5"], "s2", id="r6", date=None, date_precision="unknown", date_window=None, plover_score=2.0),
]

STORIES = [
    Story("s1", "Japan and Russia expel diplomats", dt.date(2022, 9, 26), dt.date(2022, 10, 5), ("a1", "a2", "a3"),
          ("JPN", "RUS")),
    Story("s2", "Aid agreement at the UN", dt.date(2022, 11, 20), dt.date(2022, 11, 20), ("a4",),
          ("USA", "United Nations")),
]
LINKS = [EventLink("r3", "r1", "response_to", "in retaliation for")]


def analyses() -> list[ArticleAnalysis]:
    out = []
    for aid, outlet, published, title, sentences in ARTICLES:
        article = Article(id=aid, text=_text(sentences), title=title, url=f"https://news.example/{aid}",
                          outlet=outlet, published=published, published_basis="manifest", format="text")
        out.append(ArticleAnalysis(article=article, events=[e for e in EVENTS.values() if e.article_id == aid]))
    out[1].quotes.append(Quote("q1", "a2", "the spying charge was false", 70, 97, speaker=RUSSIA, direct=False))
    out[1].claims.append(Claim("c1", "a2", "the spying charge was false", 70, 97, speaker=RUSSIA, cue="said",
                               stance="deny", disputed_by=("a1",)))
    out[2].claims.append(Claim("c2", "a3", "the consul was detained", 60, 83, speaker=JAPAN, cue="protested"))
    return out


ALERT = Alert("al1", "jpn-rus-sanctions", "events", "r3", dt.date(2022, 10, 4),
              "SANCTION expel JPN -> RUS reported by 2 outlets", ("e3",))


def build(path: Path) -> Path:
    with Store.open(path) as store:
        store.write_analyses(analyses())
        store.replace_corpus(STORIES, {a: s.id for s in STORIES for a in s.articles}, RECORDS, LINKS)
    with AlertLog.open(path) as log:
        log.add([ALERT], dt.datetime(2022, 10, 5, tzinfo=dt.timezone.utc))
    return path


def build_empty(path: Path) -> Path:
    Store.open(path).close()
    return path
