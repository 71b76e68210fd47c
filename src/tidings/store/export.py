"""Exports: every stored table as JSON lines, CSV or Parquet; events and records also as GDELT 2.0 TSV and
PLOVER JSON. Row shapes follow docs/CONTRACT.md: a row is the record's own fields (plus `story_id` for
articles), so an `events` JSON line is exactly an `Event.as_dict()`.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
from typing import Any, BinaryIO

import pyarrow as pa
import pyarrow.parquet as pq

from tidings.errors import TidingsError
from tidings.records import Claim, Event, EventLink, EventRecord, Mention, Quote, Record, Story
from tidings.store import gdelt, plover
from tidings.store.rows import arrow_rows
from tidings.store.store import Store

KINDS = ("articles", "events", "mentions", "records", "claims", "quotes", "stories", "links", "dyads")
FORMATS = ("jsonl", "csv", "parquet", "gdelt", "plover")
# Formats that describe events, not arbitrary tables.
EVENT_FORMATS = {"gdelt": ("events", "records"), "plover": ("events", "records")}

_TABLES: dict[str, tuple[type[Record], str]] = {
    "events": (Event, "article_id, seq"),
    "mentions": (Mention, "article_id, seq"),
    "quotes": (Quote, "article_id, seq"),
    "claims": (Claim, "article_id, seq"),
    "stories": (Story, "seq"),
    "records": (EventRecord, "seq"),
    "links": (EventLink, "seq"),
}

_ARTICLES = """
SELECT a.id, a.path, a.url, a.outlet, a.title, a.published, a.published_basis, m.story_id,
       a.text, a.dateline, a.language, a.format, a.ingested
FROM articles AS a LEFT JOIN story_articles AS m ON m.article_id = a.id
ORDER BY a.id
"""

def check(kind: str, fmt: str) -> None:
    """Refuse an unknown kind or format, or a pair that cannot be written, before anything is written."""
    if kind not in KINDS:
        raise TidingsError("E107", f"unknown export {kind!r}; choose one of {', '.join(KINDS)}")
    if fmt not in FORMATS:
        raise TidingsError("E107", f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    allowed = EVENT_FORMATS.get(fmt)
    if allowed is not None and kind not in allowed:
        raise TidingsError("E107", f"the {fmt} format holds events; export events or records with it, not {kind}")


def export(store: Store, kind: str, fmt: str, out: BinaryIO) -> int:
    """Write one kind of stored data to a binary stream in one format; return the number of rows written."""
    check(kind, fmt)
    if fmt == "gdelt":
        return _write_lines(gdelt.lines(store, kind), out)
    if fmt == "plover":
        return _write_lines((_json(r) for r in plover.records(store, kind)), out)
    table = export_table(store, kind)
    if fmt == "parquet":
        pq.write_table(table, out)
        return table.num_rows
    rows = arrow_rows(table)
    if fmt == "csv":
        return _write_csv(table.column_names, rows, out)
    return _write_lines((_json(r) for r in rows), out)


def export_table(store: Store, kind: str) -> pa.Table:
    """The rows of one export kind as an Arrow table with native nested types."""
    if kind == "articles":
        return store.sql(_ARTICLES)
    if kind == "dyads":
        return _dyads(store)
    cls, order = _TABLES[kind]
    columns = ", ".join(f'"{f.name}"' for f in dataclasses.fields(cls))  # type: ignore[arg-type]
    return store.sql(f"SELECT {columns} FROM {kind} ORDER BY {order}")


def _dyads(store: Store) -> pa.Table:
    """Directed dyads per month from the merged event records (one real event counts once however many
    articles told it); actors with neither country nor group ("?") are left out, they would pool strangers."""
    from tidings.corpus.dates import window_of
    from tidings.corpus.dyads import dyad_stats

    records = {r.id: r for r in store.records()}
    rows = []
    for point in dyad_stats(list(records.values()), "month"):
        windows = [w for w in (window_of(records[r]) for r in point.records) if w is not None]
        rows.append({
            "actor_key": point.actor, "recipient_key": point.recipient, "month": point.period.strftime("%Y-%m"),
            "count": point.count, "quad_counts": list(point.quad_counts), "mean_plover_score": point.mean_score,
            "plover_sum": point.plover_sum, "goldstein_sum": point.goldstein_sum,
            "mean_goldstein": point.mean_goldstein, "conflict_share": point.conflict_share,
            "first_date": min(w[0] for w in windows).isoformat() if windows else None,
            "last_date": max(w[1] for w in windows).isoformat() if windows else None,
            "records": list(point.records)})
    schema = pa.schema([("actor_key", pa.string()), ("recipient_key", pa.string()), ("month", pa.string()),
                        ("count", pa.int64()), ("quad_counts", pa.list_(pa.int64())),
                        ("mean_plover_score", pa.float64()), ("plover_sum", pa.float64()),
                        ("goldstein_sum", pa.float64()), ("mean_goldstein", pa.float64()),
                        ("conflict_share", pa.float64()), ("first_date", pa.string()), ("last_date", pa.string()),
                        ("records", pa.list_(pa.string()))])
    return pa.Table.from_pylist(rows, schema=schema)


def _write_lines(lines: Any, out: BinaryIO) -> int:
    n = 0
    for line in lines:
        out.write(line.encode("utf-8") + b"\n")
        n += 1
    return n


def _write_csv(columns: list[str], rows: list[dict[str, Any]], out: BinaryIO) -> int:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row[c]) for c in columns])
        if buffer.tell() > 1 << 16:
            out.write(buffer.getvalue().encode("utf-8"))
            buffer.seek(0)
            buffer.truncate()
    out.write(buffer.getvalue().encode("utf-8"))
    return len(rows)


def _cell(value: Any) -> str:
    """A CSV cell: empty for null, JSON for nested values, ISO for dates."""
    if value is None:
        return ""
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, default=_iso)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _json(row: dict[str, Any]) -> str:
    return json.dumps(row, ensure_ascii=False, default=_iso)


def _iso(value: Any) -> str:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")
