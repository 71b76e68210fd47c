"""/api/search: stories, articles, records and claims whose text contains the query."""

from __future__ import annotations

import dataclasses
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from tidings.serve.formats import rows_response
from tidings.serve.items import SearchHit
from tidings.serve.routes.common import ReaderDep
from tidings.serve.search import search

router = APIRouter(tags=["search"])


@router.get("/search")
def search_all(request: Request, reader: ReaderDep,
               q: Annotated[str, Query(min_length=2, max_length=200, description="Text to look for.")],
               limit: Annotated[int, Query(ge=1, le=100, description="Hits per kind.")] = 20,
               format: Literal["json", "ndjson", "csv"] | None = None) -> Response:
    hits = search(reader, q, per_kind=limit)
    return rows_response(request, hits, format, [f.name for f in dataclasses.fields(SearchHit)])
