from __future__ import annotations

import datetime as dt

import pytest

from tidings.errors import Skipped, TidingsError
from tidings.records import Actor, Event
from tidings.store import Store

from store_samples import DIPLOMAT, JAPAN, RUSSIA, UN, analysis, corpus, event


def _snapshot(store: Store) -> dict[str, list]:
    tables = ("articles", "mentions", "events", "quotes", "claims", "runs", "skipped")
    return {t: store.sql(f"SELECT * EXCLUDE (finished) FROM {t}" if t == "runs" else f"SELECT * FROM {t}")
            .to_pylist() for t in tables}


def test_store_round_trips_every_article_record(db):
    batch = [analysis("a1"), analysis("a2", published=None)]
    with Store.open(db) as store:
        assert store.write_analyses(batch) == 2
    with Store.open(db, read_only=True) as store:
        assert store.articles() == [a.article for a in batch]
        assert store.mentions() == [m for a in batch for m in a.mentions]
        assert store.events() == [e for a in batch for e in a.events]
        assert store.quotes() == [q for a in batch for q in a.quotes]
        assert store.claims() == [c for a in batch for c in a.claims]


def test_store_round_trips_every_corpus_record(db):
    stories, membership, records, links = corpus(["a1", "a2"])
    with Store.open(db) as store:
        store.write_analyses([analysis("a1"), analysis("a2")])
        store.replace_corpus(stories, membership, records, links)
        assert store.stories() == stories
        assert store.records() == records
        assert store.links() == links
        assert store.story_of() == membership


def test_store_round_trip_keeps_empty_and_missing_values(db):
    bare = analysis("a1")
    bare.events = [Event(id="e", article_id="a1", type="PROTEST")]
    bare.mentions, bare.quotes, bare.claims = [], [], []
    with Store.open(db) as store:
        store.write_analyses([bare])
        assert store.events() == bare.events


def test_store_naive_ingest_time_is_read_as_utc(db):
    batch = analysis("a1")
    batch.article = batch.article.replace(ingested=dt.datetime(2022, 10, 5, 8, 0))
    with Store.open(db) as store:
        store.write_analyses([batch])
        assert store.articles()[0].ingested == dt.datetime(2022, 10, 5, 8, 0, tzinfo=dt.timezone.utc)


def test_store_rewrite_of_known_articles_is_skipped(db):
    with Store.open(db) as store:
        assert store.write_analyses([analysis("a1")]) == 1
        before = _snapshot(store)
        changed = analysis("a1")
        changed.events = [event("other", "a1")]
        assert store.write_analyses([changed, analysis("a2"), analysis("a2")]) == 1
        assert store.known_articles(["a1", "a2", "a3"]) == {"a1", "a2"}
        assert [e.id for e in store.events() if e.article_id == "a1"] == [e["id"] for e in before["events"]]
        assert len(store.articles()) == 2


def test_store_failing_batch_leaves_the_store_as_it_was(db, monkeypatch):
    with Store.open(db) as store:
        store.write_analyses([analysis("a1")])
        store.log_skipped([Skipped("bad.txt", "E001", "")])
        before = _snapshot(store)
        real_insert = store._insert

        def failing_insert(table, rows):
            if table == "claims":  # the last insert of a batch
                raise RuntimeError("disk full")
            real_insert(table, rows)

        monkeypatch.setattr(store, "_insert", failing_insert)
        with pytest.raises(RuntimeError, match="disk full"):
            store.write_analyses([analysis("a2"), analysis("a3")])
        assert _snapshot(store) == before
        monkeypatch.undo()
        assert store.write_analyses([analysis("a2")]) == 1
    with Store.open(db, read_only=True) as store:
        assert [a.id for a in store.articles()] == ["a1", "a2"]


def test_store_replace_corpus_replaces_and_rolls_back(db, monkeypatch):
    stories, membership, records, links = corpus(["a1"])
    with Store.open(db) as store:
        store.replace_corpus(stories, membership, records, links)
        store.replace_corpus(stories, membership, records[:1], links[:1])
        assert [r.id for r in store.records()] == ["r1"] and len(store.links()) == 1
        monkeypatch.setattr(store, "_insert", lambda table, rows: (_ for _ in ()).throw(ValueError("boom")))
        with pytest.raises(ValueError):
            store.replace_corpus([], {}, [], [])
        assert [r.id for r in store.records()] == ["r1"] and store.stories() == stories


def test_store_log_skipped_and_runs(db):
    with Store.open(db) as store:
        store.log_skipped([Skipped("x.bin", "E002", "NUL bytes"), Skipped("y.txt", "E001", "")])
        store.write_analyses([analysis("a1")])
        rows = store.sql("SELECT origin, code, detail, \"when\" FROM skipped ORDER BY origin").to_pylist()
    assert [(r["origin"], r["code"], r["detail"]) for r in rows] == [("x.bin", "E002", "NUL bytes"),
                                                                     ("y.txt", "E001", "")]
    with Store.open(db, read_only=True) as store:
        run = store.sql("SELECT * FROM runs").to_pylist()
    assert len(run) == 1 and run[0]["articles_written"] == 1 and run[0]["skipped"] == 2
    assert run[0]["finished"] >= run[0]["started"]


def test_store_events_counted_only_leaves_out_negated_and_hypothetical(db):
    batch = analysis("a1")
    batch.events = [event("e1", "a1"), event("e2", "a1", "negated"), event("e3", "a1", "hypothetical"),
                    event("e4", "a1", "future"), event("e5", "a1", "claimed")]
    with Store.open(db) as store:
        store.write_analyses([batch])
        assert [e.id for e in store.events(counted_only=True)] == ["e1", "e4", "e5"]
        assert len(store.events()) == 5


def test_store_summary_counts(db):
    batch = analysis("a1")
    protest = Event(id="p", article_id="a1", type="PROTEST", actor=(Actor("protesters", "RUS", None, "CVL"),),
                    modality="asserted")
    batch.events = [
        event("e1", "a1", actor=(JAPAN,), recipient=(RUSSIA,), score=-6.0),
        event("e2", "a1", actor=(JAPAN,), recipient=(RUSSIA, DIPLOMAT), score=-4.0),  # one RUS pair, not two
        event("e3", "a1", "negated", actor=(JAPAN,), recipient=(RUSSIA,)),
        event("e4", "a1", actor=(RUSSIA,), recipient=(UN, Actor("someone"))),
        protest,
    ]
    with Store.open(db) as store:
        store.write_analyses([batch, analysis("a2")])
        store.replace_corpus(*corpus(["a1", "a2"]))
        summary = store.summary()
        records = store.records()
    assert (summary.articles, summary.events, summary.stories, summary.records) == (2, 7, 1, 2)
    assert summary.events_by_type == {"SANCTION": 4, "PROTEST": 1}
    # Busiest pairs count merged records (one real event however many articles report it), not mentions.
    expected: dict[tuple[str, str], list[float]] = {}
    for record in records:
        if record.modality in ("negated", "hypothetical"):
            continue
        for pair in {(a.key, r.key) for a in record.actor for r in record.recipient if "?" not in (a.key, r.key)}:
            expected.setdefault(pair, []).append(record.plover_score)
    dyads = {(a, r): (n, s) for a, r, n, s in summary.top_dyads}
    assert expected and dyads == {p: (len(v), pytest.approx(sum(v) / len(v))) for p, v in expected.items()}
    assert not any("?" in pair for pair in dyads)
    assert summary.as_dict()["top_dyads"][0][:2] == list(summary.top_dyads[0][:2])


def test_store_dyad_keys_agree_with_actor_key(db):
    actors = (Actor("a", "JPN"), Actor("b", None, "Hamas"), Actor("c", "ISR", "IDF"), Actor("d"),
              Actor("e", "", ""))
    batch = analysis("a1")
    batch.events = [event("e1", "a1", actor=actors, recipient=(RUSSIA,))]
    with Store.open(db) as store:
        store.write_analyses([batch])
        keys = {r["actor_key"] for r in store.sql("SELECT actor_key FROM dyad_events").to_pylist()}
    assert keys == {a.key for a in actors}


def test_store_sql_is_read_only(db):
    with Store.open(db) as store:
        store.write_analyses([analysis("a1")])
        assert store.sql("SELECT count(*) AS n FROM events WHERE article_id = ?", ["a1"]).to_pylist() == [{"n": 2}]
        for bad in ("DELETE FROM events", "SELECT 1; DROP TABLE events", "not sql at all"):
            with pytest.raises(TidingsError) as caught:
                store.sql(bad)
            assert caught.value.code == "E107"
        assert len(store.events()) == 2


def test_store_read_only_refuses_writes(db):
    Store.open(db).close()
    with Store.open(db, read_only=True) as store:
        with pytest.raises(TidingsError):
            store.write_analyses([analysis("a1")])
