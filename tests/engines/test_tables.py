from __future__ import annotations

import datetime as dt

import pyarrow.parquet as pq

from tidings.engines.tables import TABLES, TableRows, analyses_from_tables, skipped_from_table, store_schemas
from tidings.errors import Skipped
from tidings.records import Actor, Article, ArticleAnalysis, Claim, Event, Evidence, Mention, Place, Quote

JAPAN = Actor("Japan", "JPN", None, "GOV")
DIPLOMAT = Actor("a Russian diplomat", "RUS", None, "DIP", None, "diplomat")
WHEN = dt.datetime(2022, 10, 5, 8, 30, tzinfo=dt.timezone.utc)


def sample(aid: str) -> ArticleAnalysis:
    article = Article(aid, f"Japan expelled a Russian diplomat ({aid}).", title="Expelled", outlet="Wire",
                      published=dt.date(2022, 10, 4), published_basis="metadata", format="record",
                      ingested=WHEN)
    events = [
        Event(f"{aid}:e{n}", aid, "SANCTION", "expel", ("diplomatic",), "1742", -5.5, -5.0, 4, (JAPAN,),
              (DIPLOMAT,), "2022-10-04", "day", ("2022-10-03", "2022-10-04"), "text", Place("Tokyo", "JPN"),
              "asserted", None, Evidence("Japan expelled a Russian diplomat.", 0, 34), f"rule{n}", 0.8)
        for n in (2, 1)  # out of id order: extraction order must survive the round trip
    ]
    return ArticleAnalysis(
        article=article,
        mentions=[Mention(aid, "Japan", 0, 5, 0, "GPE", actor=JAPAN)],
        events=events,
        quotes=[Quote(f"{aid}:q1", aid, "we will respond", 40, 55, speaker=JAPAN, direct=True)],
        claims=[Claim(f"{aid}:c1", aid, "he was spying", 60, 73, speaker=JAPAN, cue="said", stance="assert",
                      disputed_by=("x",))],
    )


def test_tables_schemas_follow_the_store():
    schemas = store_schemas()
    assert set(schemas) == set(TABLES)
    assert "seq" in schemas["events"].names and "article_id" in schemas["mentions"].names
    # Spark and Parquet readers have no fixed-size list: the store's VARCHAR[2] becomes a plain list.
    assert str(schemas["events"].field("date_window").type).startswith("list")


def test_tables_round_trip_through_parquet(tmp_path):
    schemas = store_schemas()
    analyses = [sample("a1"), sample("a2")]
    rows = TableRows.of([*analyses, Skipped("in.jsonl#3", "E009", "no 'text' field")], WHEN)
    tables = {}
    for table in TABLES:
        pq.write_table(rows.arrow(table, schemas[table]), tmp_path / f"{table}.parquet")
        tables[table] = pq.read_table(tmp_path / f"{table}.parquet")
    back = list(analyses_from_tables(tables))
    assert [b.article for b in back] == [a.article for a in analyses]
    for before, after in zip(analyses, back):
        assert after.events == before.events
        assert after.mentions == before.mentions
        assert after.quotes == before.quotes and after.claims == before.claims
    assert skipped_from_table(tables["skipped"]) == [Skipped("in.jsonl#3", "E009", "no 'text' field")]
