"""Hand-built records with a value in every field, for the store tests."""

from __future__ import annotations

import datetime as dt

from tidings.records import (
    Actor, Article, ArticleAnalysis, Claim, Event, EventLink, EventRecord, Evidence, Mention, Place, Quote, Story,
)

JAPAN = Actor("Japan", "JPN", None, "GOV", None, None)
HAYASHI = Actor("Yoshimasa Hayashi", "JPN", "Liberal Democratic Party", "GOV", "Yoshimasa Hayashi", "foreign minister")
DIPLOMAT = Actor("a Russian diplomat", "RUS", None, "DIP", None, "diplomat")
RUSSIA = Actor("Russia", "RUS", None, "GOV", None, None)
UN = Actor("the UN", None, "United Nations", "IGO", None, None)
SAPPORO = Place("Sapporo", "JPN", 43.06, 141.35, 2128295)


def article(aid: str, published: dt.date | None = dt.date(2022, 10, 4), url: str | None = None) -> Article:
    return Article(
        id=aid, text=f"Japan expelled a Russian diplomat. ({aid})", title=f"Title {aid}",
        url=url or f"https://news.example/{aid}", outlet="Example News", published=published,
        published_basis="manifest", dateline="TOKYO", language="en", format="html", path=f"in/{aid}.html",
        ingested=dt.datetime(2022, 10, 5, 8, 30, 15, 123456, tzinfo=dt.timezone.utc),
    )


def event(eid: str, aid: str, modality: str = "asserted", actor=(JAPAN, HAYASHI), recipient=(DIPLOMAT,),
          date: str | None = "2022-10-04", score: float | None = -5.5) -> Event:
    return Event(
        id=eid, article_id=aid, type="SANCTION", mode="expel", context=("diplomatic", "legal"), cameo="1742",
        plover_score=score, goldstein=-5.0, quad_class=4, actor=tuple(actor), recipient=tuple(recipient),
        date=date, date_precision="day", date_window=("2022-10-03", "2022-10-04"), date_basis="text: Tuesday",
        place=SAPPORO, modality=modality, attributed_to=HAYASHI,
        evidence=Evidence("Japan ordered a Russian diplomat to leave.", 10, 52), rule="expel.order.v1",
        confidence=0.875,
    )


def analysis(aid: str, **article_args) -> ArticleAnalysis:
    return ArticleAnalysis(
        article=article(aid, **article_args),
        mentions=[
            Mention(aid, "Japan", 0, 5, 0, "GPE", actor=JAPAN, place=Place("Japan", "JPN", 36.0, 138.0, 1861060)),
            Mention(aid, "Sapporo", 60, 67, 1, "GPE", actor=None, place=SAPPORO),
        ],
        events=[event(f"{aid}-e1", aid), event(f"{aid}-e2", aid, modality="negated")],
        quotes=[Quote(f"{aid}-q1", aid, "We will respond", 70, 86, speaker=RUSSIA, direct=False)],
        claims=[Claim(f"{aid}-c1", aid, "the consul was spying", 90, 111, speaker=RUSSIA, cue="said",
                      stance="deny", disputed_by=(f"{aid}-c0", "other-article"))],
    )


def corpus(aids: list[str]) -> tuple[list[Story], dict[str, str], list[EventRecord], list[EventLink]]:
    story = Story("s1", "Japan and Russia expel diplomats", dt.date(2022, 9, 26), dt.date(2022, 10, 4),
                  tuple(aids), ("JPN", "RUS"))
    records = [
        EventRecord(
            id=f"r{i}", type="SANCTION", mode="expel", context=("diplomatic",), cameo="174", plover_score=-5.5,
            goldstein=-5.0, quad_class=4, actor=(JAPAN,), recipient=(DIPLOMAT, UN), date="2022-10-04",
            date_precision="day", date_window=("2022-10-04", "2022-10-04"), place=SAPPORO, modality="asserted",
            mentions=tuple(f"{a}-e1" for a in aids), articles=tuple(aids), num_articles=len(aids), num_sources=1,
            first_seen=dt.date(2022, 10, 4), last_seen=dt.date(2022, 10, 5), story_id="s1",
            links=({"type": "response_to", "record": "r9"},),
        )
        for i in (1, 2)
    ]
    links = [EventLink("r1", "r2", "response_to", "in retaliation for"), EventLink("r2", "r1", "same_story")]
    return [story], {a: "s1" for a in aids}, records, links

