"""The web app's view of the store: one read-only connection, used by one request at a time."""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa

from tidings.records import Record
from tidings.store import Store, StoreSummary
from tidings.store.rows import arrow_rows


class Reader:
    """Runs SELECTs for the API and the dashboard.

    FastAPI runs plain endpoints in a thread pool, and a DuckDB connection must not be used by two threads
    at once, hence the lock; queries are short (bounded pages), so serialising them costs little.
    """

    def __init__(self, store: Store) -> None:
        self.store = store
        self._lock = threading.Lock()

    @classmethod
    def open(cls, path: str | Path) -> "Reader":
        return cls(Store.open(path, read_only=True))

    def close(self) -> None:
        with self._lock:
            self.store.close()

    def summary(self) -> StoreSummary:
        with self._lock:
            return self.store.summary()

    def table(self, query: str, params: Sequence[Any] | Mapping[str, Any] = ()) -> pa.Table:
        with self._lock:
            return self.store.sql(query, params)

    def rows(self, query: str, params: Sequence[Any] | Mapping[str, Any] = ()) -> list[dict[str, Any]]:
        return arrow_rows(self.table(query, params))

    def records(self, cls: type[Record], query: str, params: Sequence[Any] = ()) -> list[Any]:
        return [cls.from_dict(row) for row in self.rows(query, params)]

    def scalar(self, query: str, params: Sequence[Any] = ()) -> Any:
        table = self.table(query, params)
        return table.column(0)[0].as_py() if table.num_rows else None
