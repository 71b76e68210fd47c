"""/api/dyads: the busiest actor pairs, and one pair's series and relation index over time."""

from __future__ import annotations

import dataclasses
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response

from tidings.corpus.dyads import DyadPoint, RelationPoint
from tidings.serve import dyads
from tidings.serve.filters import MAX_LIMIT
from tidings.serve.formats import negotiate, plain, rows_response
from tidings.serve.items import DyadPair
from tidings.serve.routes.common import ReaderDep

router = APIRouter(tags=["dyads"])
Format = Literal["json", "ndjson", "csv"]
Period = Literal["day", "week", "month", "year"]


@router.get("/dyads")
def list_dyads(request: Request, reader: ReaderDep,
               either: Annotated[str | None, Query(description="Only pairs with this actor on a side.")] = None,
               limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
               format: Format | None = None) -> Response:
    found = dyads.pairs(reader, limit=limit, either=either)
    return rows_response(request, found, format, [f.name for f in dataclasses.fields(DyadPair)])


@router.get("/dyads/{actor}/{recipient}")
def dyad_series(request: Request, reader: ReaderDep, actor: str, recipient: str, period: Period = "month",
                directed: Annotated[bool, Query(description="Only actor -> recipient, not both ways.")] = False,
                format: Format | None = None) -> Response:
    """Per-period counts and scores; JSON also carries the (undirected) relation index."""
    points = dyads.series(reader, actor, recipient, period, directed)
    if negotiate(request, format) != "json":
        return rows_response(request, points, format, [f.name for f in dataclasses.fields(DyadPoint)])
    index = dyads.relation(points)
    return JSONResponse({"actor": actor, "recipient": recipient, "period": period, "directed": directed,
                         "points": [plain(p) for p in points], "index": [plain(p) for p in index]})


@router.get("/dyads/{actor}/{recipient}/index")
def dyad_index(request: Request, reader: ReaderDep, actor: str, recipient: str, period: Period = "month",
               format: Format | None = None) -> Response:
    index = dyads.relation(dyads.series(reader, actor, recipient, period))
    return rows_response(request, index, format, [f.name for f in dataclasses.fields(RelationPoint)])
