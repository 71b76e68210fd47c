"""Conversion between typed records and table rows (plain Python values that Arrow and DuckDB type natively).

A row is a record's fields with nested records as dicts, tuples as lists, and dates left as dates; a row
read back from DuckDB goes through the record's own `from_dict`, so no module repeats the field lists.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from typing import Any, TypeVar

import pyarrow as pa

from tidings.records import Record

R = TypeVar("R", bound=Record)


def plain(value: Any) -> Any:
    """A field value as Arrow-ready plain data (dates stay dates, unlike `Record.as_dict`)."""
    if isinstance(value, Record):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}  # type: ignore[arg-type]
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, dt.datetime) and value.tzinfo is None:
        # The store keeps instants; a naive time is taken to be UTC.
        return value.replace(tzinfo=dt.timezone.utc)
    return value


def to_row(record: Record, **extra: Any) -> dict[str, Any]:
    row = plain(record)
    row.update(extra)
    return row


def from_row(cls: type[R], row: dict[str, Any]) -> R:
    return cls.from_dict(row)


def arrow_rows(table: pa.Table) -> list[dict[str, Any]]:
    """Rows of an Arrow table as plain Python, with MAP values as dicts and times in UTC."""
    return [
        {name: _python(table.schema.field(name).type, value) for name, value in row.items()}
        for row in table.to_pylist()
    ]


def _python(kind: pa.DataType, value: Any) -> Any:
    if value is None:
        return None
    if pa.types.is_map(kind):
        return {k: _python(kind.item_type, v) for k, v in value}
    if pa.types.is_list(kind) or pa.types.is_large_list(kind) or pa.types.is_fixed_size_list(kind):
        return [_python(kind.value_type, v) for v in value]
    if pa.types.is_struct(kind):
        return {kind.field(i).name: _python(kind.field(i).type, value[kind.field(i).name])
                for i in range(kind.num_fields)}
    if pa.types.is_timestamp(kind) and isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(dt.timezone.utc)
    return value


def arrow_table(rows: Sequence[dict[str, Any]], schema: pa.Schema) -> pa.Table:
    """Rows typed by a table's own schema (read from the database), keeping only its columns."""
    names = set(schema.names)
    return pa.Table.from_pylist([{k: v for k, v in row.items() if k in names} for row in rows], schema=schema)
