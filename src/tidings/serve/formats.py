"""Response formats for listings: JSON (an envelope with the cursor), NDJSON and CSV (cursor in headers)."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from collections.abc import Sequence
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from tidings.records import Record
from tidings.serve.listing import Page

FORMATS = ("json", "ndjson", "csv")
_ACCEPT = {"application/x-ndjson": "ndjson", "application/jsonl": "ndjson", "application/ndjson": "ndjson",
           "text/csv": "csv", "application/json": "json"}
NEXT_HEADER = "X-Next-Cursor"


def negotiate(request: Request, explicit: str | None) -> str:
    """`format=` wins; otherwise the first Accept media type we know; JSON when nothing matches."""
    if explicit:
        return explicit
    for part in request.headers.get("accept", "").split(","):
        media = part.split(";")[0].strip().lower()
        if media in _ACCEPT:
            return _ACCEPT[media]
    return "json"


def plain(item: Any) -> dict[str, Any]:
    if isinstance(item, Record):
        return item.as_dict()
    if dataclasses.is_dataclass(item):
        return json.loads(json.dumps(dataclasses.asdict(item), default=str))
    return dict(item)


def page_response(request: Request, page: Page, fmt: str | None) -> Response:
    fmt = negotiate(request, fmt)
    rows = [plain(item) for item in page.items]
    headers = {NEXT_HEADER: page.next_cursor} if page.next_cursor else {}
    if page.next_cursor:
        url = request.url.include_query_params(cursor=page.next_cursor)
        headers["Link"] = f'<{url}>; rel="next"'
    if fmt == "ndjson":
        return Response(ndjson(rows), media_type="application/x-ndjson", headers=headers)
    if fmt == "csv":
        return Response(to_csv(rows, page.fields), media_type="text/csv; charset=utf-8", headers=headers)
    return JSONResponse({"items": rows, "next_cursor": page.next_cursor, "sort": page.sort,
                         "limit": page.limit}, headers=headers)


def rows_response(request: Request, rows: Sequence[Any], fmt: str | None, fields: Sequence[str] = ()) -> Response:
    """A whole (already small) result: dyad series, search hits."""
    fmt = negotiate(request, fmt)
    data = [plain(r) for r in rows]
    if fmt == "ndjson":
        return Response(ndjson(data), media_type="application/x-ndjson")
    if fmt == "csv":
        return Response(to_csv(data, fields), media_type="text/csv; charset=utf-8")
    return JSONResponse({"items": data})


def ndjson(rows: Sequence[dict[str, Any]]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)


def to_csv(rows: Sequence[dict[str, Any]], fields: Sequence[str] = ()) -> str:
    """One row per item; nested values (actors, lists, places) as compact JSON in their cell."""
    columns = list(fields) or list(dict.fromkeys(k for r in rows for k in r))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in columns])
    return buffer.getvalue()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (dict, list, tuple)):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
