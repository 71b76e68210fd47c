"""Queries over a store for analysis in Python: each returns an Arrow table (`.to_pandas()`,
`polars.from_arrow()`, or DuckDB again from there).

    >>> store = tidings.open("tidings.duckdb")
    >>> store.records(dyad=("JPN", "RUS"), since="2022-09-01").to_pandas()

A side ("JPN", "RUS|Tass", "Tass") matches an actor key whole, by its country or by its group. Date bounds
keep what may have happened inside them: an event whose date window overlaps [since, until].
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa

from tidings.errors import TidingsError
from tidings.records import Event, EventRecord
from tidings.store import Store
from tidings.store import record_list
from tidings.store.keys import key_match

_COUNTED = "modality NOT IN ('negated', 'hypothetical')"


class Queries:
    """A read-only store with filtered queries. `store` is the underlying Store for everything else."""

    def __init__(self, store: Store) -> None:
        self.store = store

    @classmethod
    def open(cls, path: str | Path) -> "Queries":
        return cls(Store.open(path, read_only=True))

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> "Queries":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def records(self, dyad: Sequence[str] | None = None, actor: str | None = None, recipient: str | None = None,
                type: str | None = None, since: str | dt.date | None = None, until: str | dt.date | None = None,
                story: str | None = None, counted: bool = True, limit: int | None = None) -> pa.Table:
        """Merged event records, newest first. `dyad=(A, B)`: between A and B in either direction;
        `actor`/`recipient`: one direction."""
        return self._select("record_list", "record_keys", "record_id", EventRecord, dyad, actor, recipient, type,
                            since, until, counted, limit, story=story)

    def events(self, dyad: Sequence[str] | None = None, actor: str | None = None, recipient: str | None = None,
               type: str | None = None, since: str | dt.date | None = None, until: str | dt.date | None = None,
               article: str | None = None, counted: bool = True, limit: int | None = None) -> pa.Table:
        """Events as read in each article, newest first, with the same filters as `records`."""
        return self._select("events", "event_keys", "event_id", Event, dyad, actor, recipient, type, since, until,
                            counted, limit, article=article)

    def articles(self) -> pa.Table:
        return self._export("articles")

    def stories(self) -> pa.Table:
        return self._export("stories")

    def claims(self) -> pa.Table:
        return self._export("claims")

    def quotes(self) -> pa.Table:
        return self._export("quotes")

    def links(self) -> pa.Table:
        return self._export("links")

    def dyads(self) -> pa.Table:
        """Directed actor pairs per month from merged records: counts, quad classes, scores."""
        return self._export("dyads")

    def sql(self, query: str, params: Sequence[Any] = ()) -> pa.Table:
        return self.store.sql(query, params)

    def _export(self, kind: str) -> pa.Table:
        from tidings.store.export import export_table

        return export_table(self.store, kind)

    def _select(self, table: str, keys: str, ident: str, record: type, dyad: Sequence[str] | None,
                actor: str | None, recipient: str | None, type_: str | None, since: str | dt.date | None,
                until: str | dt.date | None, counted: bool, limit: int | None, **equal: str | None) -> pa.Table:
        where: list[str] = []
        params: list[Any] = []
        key_tests: list[str] = []
        if dyad is not None:
            if isinstance(dyad, str) or len(dyad) != 2:
                raise TidingsError("E107", f"dyad must be two sides, e.g. ('JPN', 'RUS'), not {dyad!r}")
            pairs = []
            for one, other in (tuple(dyad), tuple(dyad)[::-1]):
                a, a_args = key_match("k.actor_key", one)
                r, r_args = key_match("k.recipient_key", other)
                pairs.append(f"({a} AND {r})")
                params.extend(a_args + r_args)
            key_tests.append("(" + " OR ".join(pairs) + ")")
        for column, value in (("actor_key", actor), ("recipient_key", recipient)):
            if value:
                test, args = key_match(f"k.{column}", value)
                key_tests.append(test)
                params.extend(args)
        if since is not None:
            key_tests.append("k.date_end >= ?")
            params.append(_day(since, "since"))
        if until is not None:
            key_tests.append("k.date_start <= ?")
            params.append(_day(until, "until"))
        if key_tests:
            where.append(f"t.id IN (SELECT k.{ident} FROM {keys} AS k WHERE {' AND '.join(key_tests)})")
        if type_:
            where.append("t.type = ?")
            params.append(type_.upper())
        if counted:
            where.append(f"t.{_COUNTED}")
        for column, value in equal.items():
            if value is not None:
                where.append(f"t.{column if column != 'story' else 'story_id'} = ?")
                params.append(value)
        if limit is not None and (not isinstance(limit, int) or limit < 1):
            raise TidingsError("E107", f"limit must be a positive whole number, not {limit!r}")
        names = [f.name for f in dataclasses.fields(record)]
        if table == "record_list":
            # The compact listing table (migration 0006) reads faster; its JSON columns are cast back to the
            # types `records` gives them, so the Arrow table is the same either way.
            rows = self.store.sql("SELECT column_name, data_type FROM information_schema.columns "
                                  "WHERE table_name = 'records'").to_pylist()
            columns = record_list.native_columns(names, {r["column_name"]: r["data_type"] for r in rows})
        else:
            columns = ", ".join(f't."{n}"' for n in names)
        query = (f"SELECT {columns} FROM {table} AS t" + (f" WHERE {' AND '.join(where)}" if where else "")
                 + " ORDER BY t.date DESC NULLS LAST, t.id" + (f" LIMIT {int(limit)}" if limit else ""))
        return self.store.sql(query, params)


def _day(value: str | dt.date, name: str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        raise TidingsError("E104", f"{name}={value!r} is not a date; write it as YYYY-MM-DD") from None
