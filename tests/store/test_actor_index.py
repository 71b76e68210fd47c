"""The key tables of migration 0004 (event_keys, record_keys): filled on write, rolled back, rebuilt, backfilled."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from tidings.records import Actor
from tidings.store import Store, migrations

from store_samples import JAPAN, UN, analysis, corpus, event


def _pairs(items) -> set[tuple[str, str | None, str | None]]:
    """The (id, actor key, recipient key) rows an item list should give, from the records themselves."""
    out = set()
    for item in items:
        actors = {a.key for a in item.actor} or {None}
        recipients = {r.key for r in item.recipient} or {None}
        out |= {(item.id, a, r) for a in actors for r in recipients}
    return out


def _rows(store: Store, table: str, ident: str) -> set[tuple]:
    return {tuple(r.values()) for r in
            store.sql(f"SELECT {ident}, actor_key, recipient_key FROM {table}").to_pylist()}


def test_actor_index_filled_on_write(db):
    first, second = analysis("a1"), analysis("a2")
    # An event without recipients and one whose actor has neither country nor group still get rows.
    second.events.append(event("a2-e3", "a2", actor=(Actor("someone"),), recipient=()))
    with Store.open(db) as store:
        store.write_analyses([first])
        store.write_analyses([second, first])
        assert _rows(store, "event_keys", "event_id") == _pairs(first.events + second.events)
        days = store.sql("SELECT event_id, date_start, date_end, counted FROM event_keys "
                         "WHERE event_id LIKE 'a1-%'").to_pylist()
    # The window (2022-10-03 .. 2022-10-04) as days; negated events are kept but not counted.
    assert {(d["date_start"], d["date_end"]) for d in days} == {(dt.date(2022, 10, 3), dt.date(2022, 10, 4))}
    assert {(d["event_id"], d["counted"]) for d in days} == {("a1-e1", True), ("a1-e2", False)}


def test_actor_index_rolled_back_with_a_failed_batch(db, monkeypatch):
    with Store.open(db) as store:
        store.write_analyses([analysis("a1")])
        before = _rows(store, "event_keys", "event_id")
        real_insert = store._insert

        def failing_insert(table, rows):
            if table == "claims":  # after the events and their key rows
                raise RuntimeError("disk full")
            real_insert(table, rows)

        monkeypatch.setattr(store, "_insert", failing_insert)
        with pytest.raises(RuntimeError):
            store.write_analyses([analysis("a2")])
        assert _rows(store, "event_keys", "event_id") == before


def test_actor_index_rebuilt_by_replace_corpus(db, monkeypatch):
    stories, membership, records, links = corpus(["a1"])
    moved = records[1].replace(actor=(UN,), recipient=(JAPAN,))
    with Store.open(db) as store:
        store.replace_corpus(stories, membership, records, links)
        assert _rows(store, "record_keys", "record_id") == _pairs(records)
        store.replace_corpus(stories, membership, [moved], [])
        assert _rows(store, "record_keys", "record_id") == _pairs([moved]) == {("r2", "United Nations", "JPN")}
        monkeypatch.setattr(store, "_insert", lambda table, rows: (_ for _ in ()).throw(ValueError("boom")))
        with pytest.raises(ValueError):
            store.replace_corpus([], {}, [], [])
        assert _rows(store, "record_keys", "record_id") == _pairs([moved])


def test_actor_index_backfilled_by_the_migration(db):
    """A store made before migration 0004 (with events and records) gets its key tables on first open."""
    mine = next(m.version for m in migrations.available() if m.name == "actor_index")
    older = [m for m in migrations.available() if m.version < mine]
    con = duckdb.connect(str(db))
    con.execute(migrations.LEDGER)
    for migration in older:
        con.execute(migration.sql)
        con.execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)", [migration.version, migration.name])
    actor = "{'text': 'Japan', 'country': 'JPN', 'group': 'LDP', 'sector': NULL, 'name': NULL, 'role': NULL}"
    recipient = "{'text': 'the UN', 'country': NULL, 'group': 'United Nations', 'sector': NULL, 'name': NULL, 'role': NULL}"
    con.execute(f"""INSERT INTO events (id, article_id, seq, type, context, actor, recipient, date, date_precision,
                    date_window, modality, rule, confidence)
                    VALUES ('e1', 'a1', 0, 'AGREE', [], [{actor}, {actor}], [{recipient}], '2022-10', 'month',
                            NULL, 'asserted', 'x', 1.0)""")
    con.execute(f"""INSERT INTO records (id, seq, type, context, actor, recipient, date, date_precision,
                    date_window, modality, mentions, articles, num_articles, num_sources, links)
                    VALUES ('r1', 0, 'AGREE', [], [{recipient}], [{actor}], NULL, 'unknown', NULL, 'negated',
                            ['e1'], ['a1'], 1, 1, [])""")
    con.close()
    with Store.open(db) as store:
        assert store.schema_version == migrations.code_version()
        events = store.sql("SELECT * FROM event_keys").to_pylist()
        records = store.sql("SELECT * FROM record_keys").to_pylist()
    # One row per distinct pair; a month-precision date spans the month.
    assert [(e["event_id"], e["actor_key"], e["recipient_key"], e["date_start"], e["date_end"]) for e in events] \
        == [("e1", "JPN|LDP", "United Nations", dt.date(2022, 10, 1), dt.date(2022, 10, 31))]
    assert [(r["record_id"], r["actor_key"], r["recipient_key"], r["date_start"], r["counted"]) for r in records] \
        == [("r1", "United Nations", "JPN|LDP", None, False)]

