"""The records' compact listing table (migration 0006): the columns it keeps as JSON text, and the SQL that
reads them back as the `records` table's own types."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

JSON_COLUMNS = ("context", "actor", "recipient", "date_window", "place", "mentions", "articles", "links")
# Plain copies of date_window's ends for date filters; not fields of a record.
EXTRA_COLUMNS = ("window_first", "window_last")


def native_columns(columns: Sequence[str], types: Mapping[str, str], alias: str = "t") -> str:
    """A SELECT list of `columns` over `record_list AS alias`, with the JSON columns cast to their type in
    `records` (`types`: column name -> DuckDB type, as information_schema gives them)."""
    out = []
    for name in columns:
        if name in JSON_COLUMNS:
            out.append(f'CAST(CAST({alias}."{name}" AS JSON) AS {types[name]}) AS "{name}"')
        else:
            out.append(f'{alias}."{name}"')
    return ", ".join(out)
