"""What the live reader remembers between polls and across restarts, kept in the store file.

The store's own connection is private to it, so the ledger opens a second connection to the same file
(DuckDB shares one database instance between connections of a process).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import duckdb


from tidings.errors import TidingsError
from tidings.store import migrations
from tidings.fetch.http import Validators
from tidings.records import Record

Kind = Literal["feed", "entry"]
Status = Literal["ok", "error", "done", "gave_up"]
FINISHED = ("done", "gave_up")


@dataclass(slots=True, frozen=True)
class FetchState(Record):
    url: str
    kind: Kind
    status: Status
    etag: str | None = None
    last_modified: str | None = None
    last_fetched: dt.datetime | None = None
    http_status: int | None = None
    failures: int = 0
    detail: str | None = None
    article_id: str | None = None

    @property
    def validators(self) -> Validators:
        return Validators(self.etag, self.last_modified)


_COLUMNS = ("url", "kind", "status", "etag", "last_modified", "last_fetched", "http_status", "failures", "detail",
            "article_id")


class FetchLedger:
    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self._con = con

    @classmethod
    def open(cls, path: str | Path) -> "FetchLedger":
        try:
            con = duckdb.connect(str(path))
            # The fetch_state table comes with the store's numbered migrations.
            migrations.migrate(con, str(path))
        except duckdb.Error as exc:
            raise TidingsError("E202", f"{path}: cannot keep fetch state ({str(exc).splitlines()[0]})") from None
        return cls(con)

    def close(self) -> None:
        self._con.close()

    def __enter__(self) -> "FetchLedger":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(self, url: str) -> FetchState | None:
        rows = self._con.execute(f"SELECT {', '.join(_COLUMNS)} FROM fetch_state WHERE url = ?", [url]).fetchall()
        return FetchState.from_dict(dict(zip(_COLUMNS, rows[0]))) if rows else None

    def finished(self, urls: Iterable[str]) -> set[str]:
        """The entry URLs handled for good: never fetched or analysed again."""
        wanted = list(dict.fromkeys(urls))
        if not wanted:
            return set()
        rows = self._con.execute(
            "SELECT url FROM fetch_state WHERE status IN ('done', 'gave_up') AND url IN (SELECT unnest(?::VARCHAR[]))",
            [wanted]).fetchall()
        return {r[0] for r in rows}

    def save(self, states: Iterable[FetchState]) -> None:
        rows = [[getattr(s, c) for c in _COLUMNS] for s in states]
        if not rows:
            return
        marks = ", ".join("?" for _ in _COLUMNS)
        self._con.execute("BEGIN TRANSACTION")
        try:
            self._con.executemany(f"INSERT OR REPLACE INTO fetch_state ({', '.join(_COLUMNS)}) VALUES ({marks})",
                                  rows)
            self._con.execute("COMMIT")
        except BaseException:
            self._con.execute("ROLLBACK")
            raise

    def forget(self, urls: Iterable[str]) -> None:
        """Drop what is known of these URLs: the next poll reads them as new (their articles stay stored)."""
        wanted = list(urls)
        if wanted:
            self._con.execute("DELETE FROM fetch_state WHERE url IN (SELECT unnest(?::VARCHAR[]))", [wanted])

    def all(self, kind: Kind | None = None) -> list[FetchState]:
        where, params = ("WHERE kind = ?", [kind]) if kind else ("", [])
        rows = self._con.execute(f"SELECT {', '.join(_COLUMNS)} FROM fetch_state {where} ORDER BY url",
                                 params).fetchall()
        return [FetchState.from_dict(dict(zip(_COLUMNS, r))) for r in rows]
