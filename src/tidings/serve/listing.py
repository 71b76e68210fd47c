"""Filtered, sorted listings with keyset ("cursor") pagination, run as one SQL query per page.

A page never loads more than `limit + 1` rows into Python, however big the table: the cursor carries the
sort key and id of the last row shown, and the next page starts strictly after them. NULL sort keys go last
in either direction (they are replaced by a sentinel inside the query).
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from tidings.errors import TidingsError
from tidings.records import Record
from tidings.serve.reader import Reader

SortKind = Literal["text", "number", "date"]

# (low, high) sentinels standing in for NULL so that NULLs sort last both ways and compare in cursors.
_SENTINELS: dict[str, tuple[str, str]] = {
    "text": ("''", "'\uffff'"),
    "number": ("-1e308", "1e308"),
    "date": ("DATE '0001-01-01'", "DATE '9999-12-31'"),
}
_CASTS = {"text": "?::VARCHAR", "number": "?::DOUBLE", "date": "?::DATE"}


@dataclass(slots=True, frozen=True)
class SortKey:
    expr: str  # SQL over the alias `t`
    kind: SortKind


@dataclass(slots=True, frozen=True)
class Condition:
    sql: str
    params: tuple[Any, ...] = ()
    # The same test over the resource's key table (alias `k`, migration 0004), when it can be put there;
    # `selective` marks the tests (actors, date ranges) that make the key table worth reading instead.
    keys_sql: str | None = None
    keys_params: tuple[Any, ...] = ()
    selective: bool = False


@dataclass(slots=True, frozen=True)
class KeyTable:
    """A resource's narrow key table: one row per (item, actor key, recipient key) with plain columns."""

    name: str
    id: str  # the item id column
    sorts: Mapping[str, SortKey]  # sort keys over alias `k`, by the resource's sort names


@dataclass(slots=True, frozen=True)
class Resource:
    """What a listing reads: a FROM clause aliased `t`, the columns that make its record, how it sorts."""

    name: str
    source: str
    columns: str
    id: str
    item: type[Record]
    sorts: Mapping[str, SortKey]
    default_sort: str
    keys: KeyTable | None = None
    # Columns the source keeps as JSON text (record_list, migration 0006), decoded for the page's rows only.
    json_columns: tuple[str, ...] = ()

    def sort_key(self, sort: str | None) -> tuple[str, SortKey, bool]:
        sort = sort or self.default_sort
        name, descending = (sort[1:], True) if sort.startswith("-") else (sort, False)
        if name not in self.sorts:
            raise TidingsError("E107", f"cannot sort {self.name} by {name!r}; choose one of "
                                       f"{', '.join(sorted(self.sorts))} (prefix - for descending)")
        return ("-" if descending else "") + name, self.sorts[name], descending


@dataclass(slots=True)
class Page:
    items: list[Any]
    next_cursor: str | None
    sort: str
    limit: int
    fields: tuple[str, ...] = field(default_factory=tuple)  # column order for CSV


def encode_cursor(sort: str, key: Any, ident: Any) -> str:
    if isinstance(key, (dt.date, dt.datetime)):
        key = key.isoformat()
    raw = json.dumps([sort, key, ident], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, sort: str) -> tuple[Any, Any]:
    """The (key, id) a page starts after; a cursor from another sort order or a mangled one is refused."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        cursor_sort, key, ident = json.loads(raw)
    except (binascii.Error, ValueError, TypeError, UnicodeDecodeError):
        raise TidingsError("E107", "cursor is not one this API gave out; start again without `cursor`") from None
    if cursor_sort != sort:
        raise TidingsError("E107", f"cursor was made for sort={cursor_sort!r}, not {sort!r}; "
                                   "keep the sort when paging or start again without `cursor`")
    return key, ident


def list_page(reader: Reader, resource: Resource, conditions: Sequence[Condition], limit: int,
              sort: str | None = None, cursor: str | None = None) -> Page:
    sort_name, key, descending = resource.sort_key(sort)
    after = decode_cursor(cursor, sort_name) if cursor else None
    narrow = _narrow(resource, conditions, sort_name)
    if narrow is not None:
        picked = _pick_narrow(reader, narrow, resource.keys.sorts[sort_name.lstrip("-")], conditions, limit,
                              descending, after)
    else:
        picked = _pick(reader, resource, key, conditions, limit, descending, after)
    more = len(picked) > limit
    picked = picked[:limit]
    items = fetch_items(reader, resource, [ident for ident, _ in picked])
    next_cursor = encode_cursor(sort_name, picked[-1][1], picked[-1][0]) if more else None
    return Page(items, next_cursor, sort_name, limit, _fields(resource.item))


def _narrow(resource: Resource, conditions: Sequence[Condition], sort_name: str) -> KeyTable | None:
    """The key table, when every condition can be tested there, one of them narrows the listing a lot, and
    the sort is one the key table carries; otherwise None (the listing reads the resource's own table)."""
    keys = resource.keys
    if (keys is None or sort_name.lstrip("-") not in keys.sorts or not conditions
            or any(c.keys_sql is None for c in conditions) or not any(c.selective for c in conditions)):
        return None
    return keys


def _after(key_expr: str, ident: str, kind: SortKind, descending: bool, after: tuple[Any, Any]) -> Condition:
    op, cast = ("<" if descending else ">"), _CASTS[kind]
    return Condition(f"({key_expr} {op} {cast} OR ({key_expr} = {cast} AND {ident} {op} ?))",
                     (after[0], after[0], after[1]))


def _where(conditions: Sequence[Condition], keys: bool = False) -> tuple[str, list[Any]]:
    parts = [c.keys_sql if keys else c.sql for c in conditions]
    params = [p for c in conditions for p in (c.keys_params if keys else c.params)]
    return (" WHERE " + " AND ".join(f"({w})" for w in parts)) if parts else "", params


def _pick(reader: Reader, resource: Resource, key: SortKey, conditions: Sequence[Condition], limit: int,
          descending: bool, after: tuple[Any, Any] | None) -> list[tuple[Any, Any]]:
    """(id, sort key) of the page's rows and one more, read from the resource's table.

    Sorting a million rows by (key, id) reads both columns of every row. Sorted by the key alone, DuckDB
    pushes the running top-N bound into the scan and skips most of it, so that query finds the key of the
    last row wanted; the page is then picked among the few rows on its side of that key."""
    low, high = _SENTINELS[key.kind]
    key_expr = f"coalesce({key.expr}, {low if descending else high})"
    direction, cmp = ("DESC", "<=") if descending else ("ASC", ">=")
    conds = list(conditions)
    skip = 0
    if after is not None:
        # The rows tied with the cursor's key that were shown already come first in the key-only order.
        shown = Condition(f"{key_expr} = {_CASTS[key.kind]} AND {resource.id} {'>=' if descending else '<='} ?",
                          (after[0], after[1]))
        where, params = _where([*conds, shown])
        skip = reader.scalar(f"SELECT count(*) FROM {resource.source}{where}", params) or 0
        conds.append(Condition(f"{key_expr} {cmp} {_CASTS[key.kind]}", (after[0],)))
    where, params = _where(conds)
    bound = reader.table(f"SELECT {key_expr} AS _key FROM {resource.source}{where} ORDER BY _key {direction} "
                         f"LIMIT 1 OFFSET {int(limit) + int(skip)}", params)
    if after is not None:
        conds.append(_after(key_expr, resource.id, key.kind, descending, after))
    if bound.num_rows:
        conds.append(Condition(f"{key_expr} {'>=' if descending else '<='} {_CASTS[key.kind]}",
                               (bound.column(0)[0].as_py(),)))
    where, params = _where(conds)
    rows = reader.table(f"SELECT {resource.id} AS _id, {key_expr} AS _key FROM {resource.source}{where} "
                        f"ORDER BY _key {direction}, _id {direction} LIMIT {int(limit) + 1}", params)
    return list(zip(rows.column("_id").to_pylist(), rows.column("_key").to_pylist()))


def _pick_narrow(reader: Reader, keys: KeyTable, key: SortKey, conditions: Sequence[Condition], limit: int,
                 descending: bool, after: tuple[Any, Any] | None) -> list[tuple[Any, Any]]:
    """The same pick from the key table (an item has one key row per actor pair, hence DISTINCT)."""
    low, high = _SENTINELS[key.kind]
    key_expr = f"coalesce({key.expr}, {low if descending else high})"
    direction = "DESC" if descending else "ASC"
    where, params = _where(conditions, keys=True)
    outer, outer_params = "", []
    if after is not None:
        outer, outer_params = _where([_after("_key", "_id", key.kind, descending, after)])
    rows = reader.table(f"SELECT _id, _key FROM (SELECT DISTINCT k.{keys.id} AS _id, {key_expr} AS _key "
                        f"FROM {keys.name} AS k{where}){outer} ORDER BY _key {direction}, _id {direction} "
                        f"LIMIT {int(limit) + 1}", params + outer_params)
    return list(zip(rows.column("_id").to_pylist(), rows.column("_key").to_pylist()))


def fetch_items(reader: Reader, resource: Resource, ids: list[Any]) -> list[Any]:
    """The resource's items with these ids, in this order (ids not found are left out)."""
    return [resource.item.from_dict(row) for row in _fetch(reader, resource, ids)]


def _fetch(reader: Reader, resource: Resource, ids: list[Any]) -> list[dict[str, Any]]:
    """The full rows of the picked ids, in the picked order; the ids go in as an IN list of bound values,
    which DuckDB answers from the id index (migrations 0004, 0006) rather than by scanning the table."""
    if not ids:
        return []
    marks = ", ".join("?" * len(ids))
    rows = reader.rows(f"SELECT {resource.columns} FROM {resource.source} WHERE {resource.id} IN ({marks})", ids)
    position = {ident: i for i, ident in enumerate(ids)}
    id_column = resource.id.split(".")[-1]
    return sorted(_decoded(resource, rows), key=lambda row: position.get(row.get(id_column), len(ids)))


def get_one(reader: Reader, resource: Resource, ident: str) -> Any:
    rows = reader.rows(f"SELECT {resource.columns} FROM {resource.source} WHERE {resource.id} = ? LIMIT 1",
                       [ident])
    return resource.item.from_dict(_decoded(resource, rows)[0]) if rows else None


def _decoded(resource: Resource, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows with the resource's JSON text columns parsed back into lists and objects."""
    for row in rows:
        for column in resource.json_columns:
            if row.get(column) is not None:
                row[column] = json.loads(row[column])
    return rows


def _fields(cls: type[Record]) -> tuple[str, ...]:
    return tuple(f for f in getattr(cls, "__dataclass_fields__", {}))
