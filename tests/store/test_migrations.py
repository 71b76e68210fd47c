from __future__ import annotations

import duckdb
import pytest

from tidings.errors import TidingsError
from tidings.store import Store
from tidings.store import migrations


def test_migrations_fresh_store_records_every_migration(db):
    with Store.open(db) as store:
        assert store.schema_version == migrations.code_version() >= 1
        rows = store.sql("SELECT version, name, applied_at FROM schema_migrations ORDER BY version").to_pylist()
    assert [r["version"] for r in rows] == list(range(1, migrations.code_version() + 1))
    assert rows[0]["name"] == "initial" and all(r["applied_at"] is not None for r in rows)


def test_migrations_reopen_is_a_no_op(db):
    with Store.open(db) as store:
        first = store.sql("SELECT version, applied_at FROM schema_migrations").to_pylist()
    with Store.open(db) as store:
        again = store.sql("SELECT version, applied_at FROM schema_migrations").to_pylist()
    assert again == first


def test_migrations_refuse_a_newer_schema(db):
    Store.open(db).close()
    con = duckdb.connect(str(db))
    con.execute("INSERT INTO schema_migrations (version, name) VALUES (?, 'from_the_future')",
                [migrations.code_version() + 1])
    con.close()
    for read_only in (False, True):
        with pytest.raises(TidingsError) as caught:
            Store.open(db, read_only=read_only)
        assert caught.value.code == "E201" and str(db) in caught.value.message


def test_migrations_refuse_a_file_that_is_not_a_database(tmp_path):
    path = tmp_path / "notes.duckdb"
    path.write_text("these are my notes, not a database\n" * 20)
    with pytest.raises(TidingsError) as caught:
        Store.open(path)
    assert caught.value.code == "E202" and str(path) in caught.value.message
    assert "\n" not in str(caught.value)
    assert path.read_text().startswith("these are my notes")


def test_migrations_read_only_open_of_a_missing_file_is_refused(tmp_path):
    with pytest.raises(TidingsError) as caught:
        Store.open(tmp_path / "absent.duckdb", read_only=True)
    assert caught.value.code == "E202"
    assert not (tmp_path / "absent.duckdb").exists()


def test_migrations_are_numbered_without_gaps():
    found = migrations.available()
    assert [m.version for m in found] == list(range(1, len(found) + 1))
    assert all(m.sql.strip() for m in found)
