"""The records' compact listing table (migration 0006): same content as `records`, kept in step by
`Store.replace_corpus`, and backfilled when a store made at schema 0005 is opened."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from tidings.errors import TidingsError
from tidings.records import EventRecord, Place
from tidings.store import Store, migrations
from tidings.store.store import Store as StoreClass

import store_samples

_JSON = ("context", "actor", "recipient", "date_window", "place", "mentions", "articles", "links")


def _listed(store: Store) -> list[EventRecord]:
    """The listing rows decoded back into records, in the table's stored order."""
    rows = store.sql("SELECT * EXCLUDE (window_first, window_last) FROM record_list").to_pylist()
    for row in rows:
        for column in _JSON:
            if row[column] is not None:
                row[column] = json.loads(row[column])
    return [EventRecord.from_dict(row) for row in rows]


def _records() -> list[EventRecord]:
    """Records with awkward values: a float that needs all its digits, a missing window and place, unicode."""
    _, _, records, _ = store_samples.corpus(["a1", "a2"])
    odd = records[0].replace(
        id="r-odd", plover_score=0.1 + 0.2, goldstein=None, quad_class=None, date=None, date_precision="unknown",
        date_window=None, place=None, mode=None, links=(), story_id=None, first_seen=None, confidence=1 / 3)
    zurich = records[1].replace(id="r-zurich", date="2022-10", date_precision="month",
                                date_window=("2022-10-01", "2022-10-31"),
                                place=Place("Zürich \"Altstadt\"", "CHE", 47.3769, 8.5417, 2657896))
    return [*records, odd, zurich]


def _write(store: Store, records: list[EventRecord]) -> None:
    store.write_analyses([store_samples.analysis("a1"), store_samples.analysis("a2")])
    stories, membership, _, links = store_samples.corpus(["a1", "a2"])
    store.replace_corpus(stories, membership, records, links)


def test_record_list_holds_every_field_of_every_record(db):
    records = _records()
    with Store.open(db) as store:
        _write(store, records)
        listed = {r.id: r for r in _listed(store)}
        stored = {r.id: r for r in store.records()}
    assert listed == stored == {r.id: r for r in records}
    assert listed["r-odd"].plover_score == 0.1 + 0.2 and listed["r-odd"].confidence == 1 / 3
    assert isinstance(listed[records[0].id].first_seen, dt.date)


def test_record_list_is_stored_newest_first_with_window_ends(db):
    with Store.open(db) as store:
        _write(store, _records())
        rows = store.sql("SELECT id, date, window_first, window_last FROM record_list").to_pylist()
    dates = [r["date"] or "" for r in rows]
    assert dates == sorted(dates, reverse=True) and rows[-1]["id"] == "r-odd"
    zurich = next(r for r in rows if r["id"] == "r-zurich")
    assert (zurich["window_first"], zurich["window_last"]) == ("2022-10-01", "2022-10-31")


def test_record_list_follows_each_corpus_update(db):
    records = _records()
    with Store.open(db) as store:
        _write(store, records)
        stories, membership, _, links = store_samples.corpus(["a1", "a2"])
        store.replace_corpus(stories, membership, records[:1], links)
        assert [r.id for r in _listed(store)] == [records[0].id]


def test_record_list_failed_corpus_update_leaves_it_as_it_was(db):
    records = _records()
    with Store.open(db) as store:
        _write(store, records)
        before = _listed(store)
        stories, membership, _, links = store_samples.corpus(["a1", "a2"])
        with pytest.raises(AttributeError):
            # The signatures are written after the listing rows, inside the same transaction.
            store.replace_corpus(stories, membership, records[:1], links, signatures=object())
        assert _listed(store) == before


def test_record_list_upgrade_from_0005_backfills_the_same_listing(db, tmp_path, monkeypatch):
    records = _records()
    # A store as tidings made it at schema 0005: five migrations, no listing rows written.
    with monkeypatch.context() as patch:
        five = migrations.available()[:5]
        patch.setattr(migrations, "available", lambda: five)
        patch.setattr(StoreClass, "_list_records", lambda self: None)
        with Store.open(db) as store:
            _write(store, records)
            assert store.schema_version == 5
            assert store.sql("SELECT count(*) AS n FROM information_schema.tables "
                             "WHERE table_name = 'record_list'").column("n")[0].as_py() == 0
    with pytest.raises(TidingsError) as refused:  # read-only before the upgrade: told to open it writable
        Store.open(db, read_only=True)
    assert "upgrade" in str(refused.value)
    with Store.open(db) as store:
        assert store.schema_version == migrations.code_version() >= 6
        upgraded = _listed(store)
    fresh_path = tmp_path / "fresh.duckdb"
    with Store.open(fresh_path) as store:
        _write(store, records)
        fresh = _listed(store)
    assert upgraded == fresh
    assert sorted(r.id for r in upgraded) == sorted(r.id for r in records)


def test_record_list_empty_store_has_an_empty_listing(db):
    with Store.open(db) as store:
        assert store.sql("SELECT count(*) AS n FROM record_list").column("n")[0].as_py() == 0
        store.replace_corpus([], {}, [], [])
        assert _listed(store) == []
