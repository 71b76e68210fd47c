"""/api/records: filtered, sorted, paginated listing and one record by id."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response

from tidings.serve.filters import RecordQuery
from tidings.serve.formats import page_response
from tidings.serve.listing import get_one, list_page
from tidings.serve.resources import RECORDS
from tidings.serve.routes.common import ReaderDep, found

router = APIRouter(tags=["records"])


@router.get("/records")
def list_records(request: Request, reader: ReaderDep, params: Annotated[RecordQuery, Query()]) -> Response:
    page = list_page(reader, RECORDS, params.conditions(), params.limit, params.sort, params.cursor)
    return page_response(request, page, params.format)


@router.get("/records/{ident}")
def get_record(ident: str, reader: ReaderDep) -> Response:
    return JSONResponse(found(get_one(reader, RECORDS, ident), "record", ident).as_dict())
