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
    low, high = _SENTINELS[key.kind]
    key_expr = f"coalesce({key.expr}, {low if descending else high})"
    where = [c.sql for c in conditions]
    params: list[Any] = [p for c in conditions for p in c.params]
    if cursor:
        after_key, after_id = decode_cursor(cursor, sort_name)
        op = "<" if descending else ">"
        cast = _CASTS[key.kind]
        where.append(f"({key_expr} {op} {cast} OR ({key_expr} = {cast} AND {resource.id} {op} ?))")
        params += [after_key, after_key, after_id]
    direction = "DESC" if descending else "ASC"
    # Two steps: pick the page's ids from the narrow (key, id) columns, then fetch the wide rows of just
    # those ids; sorting whole rows with their nested lists would read every column of the table.
    picked = (f"SELECT {resource.id} AS _id, {key_expr} AS _key FROM {resource.source}"
              + (f" WHERE {' AND '.join(f'({w})' for w in where)}" if where else "")
              + f" ORDER BY _key {direction}, _id {direction} LIMIT {int(limit) + 1}")
    query = (f"WITH page AS ({picked}) SELECT {resource.columns}, page._key, page._id "
             f"FROM {resource.source} JOIN page ON {resource.id} = page._id "
             f"ORDER BY page._key {direction}, page._id {direction}")
    rows = reader.rows(query, params)
    more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = encode_cursor(sort_name, rows[-1]["_key"], rows[-1]["_id"]) if more else None
    items = [resource.item.from_dict(row) for row in rows]
    return Page(items, next_cursor, sort_name, limit, _fields(resource.item))


def get_one(reader: Reader, resource: Resource, ident: str) -> Any:
    rows = reader.rows(f"SELECT {resource.columns} FROM {resource.source} WHERE {resource.id} = ? LIMIT 1",
                       [ident])
    return resource.item.from_dict(rows[0]) if rows else None


def _fields(cls: type[Record]) -> tuple[str, ...]:
    return tuple(f for f in getattr(cls, "__dataclass_fields__", {}))
