"""Numbered schema migrations: `migrations/NNNN_name.sql` files in the package, applied in order.

Each applied migration is recorded in `schema_migrations(version, name, applied_at)`; the highest recorded
version is the store's schema version.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources

import duckdb

from tidings.errors import TidingsError

_FILE = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")

LEDGER = """
CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name VARCHAR NOT NULL,
    applied_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp
)
"""


@dataclass(slots=True, frozen=True)
class Migration:
    version: int
    name: str
    sql: str


def available() -> list[Migration]:
    """The migrations shipped with this version of tidings, checked to be numbered 1, 2, 3... without gaps."""
    folder = resources.files("tidings.store").joinpath("migrations")
    found: list[Migration] = []
    for entry in folder.iterdir():
        match = _FILE.match(entry.name)
        if match:
            found.append(Migration(int(match[1]), match[2], entry.read_text(encoding="utf-8")))
    found.sort(key=lambda m: m.version)
    if [m.version for m in found] != list(range(1, len(found) + 1)):
        raise RuntimeError(f"store migrations are not numbered 1..n: {[m.version for m in found]}")
    return found


def code_version() -> int:
    return len(available())


def applied_version(con: duckdb.DuckDBPyConnection) -> int:
    """The highest recorded migration, or 0 for a database without the ledger (a new file)."""
    exists = con.sql(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_migrations'"
    ).fetchall()[0][0]
    if not exists:
        return 0
    return con.sql("SELECT coalesce(max(version), 0) FROM schema_migrations").fetchall()[0][0]


def migrate(con: duckdb.DuckDBPyConnection, path: str) -> int:
    """Apply the pending migrations, each in its own transaction; refuse a schema newer than the code."""
    current = check(con, path)
    pending = [m for m in available() if m.version > current]
    if not pending:
        return current
    con.execute(LEDGER)
    for migration in pending:
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(migration.sql)
            con.execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)",
                        [migration.version, migration.name])
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
    return pending[-1].version


def check(con: duckdb.DuckDBPyConnection, path: str) -> int:
    current = applied_version(con)
    newest = code_version()
    if current > newest:
        raise TidingsError(
            "E201",
            f"{path} has schema version {current}, this tidings knows up to {newest}: upgrade tidings to use it",
        )
    return current
