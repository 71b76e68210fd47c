"""/api/quotes: filtered, sorted, paginated listing and one quote by id."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response

from tidings.serve.filters import QuoteQuery
from tidings.serve.formats import page_response
from tidings.serve.listing import get_one, list_page
from tidings.serve.resources import QUOTES
from tidings.serve.routes.common import ReaderDep, found

router = APIRouter(tags=["quotes"])


@router.get("/quotes")
def list_quotes(request: Request, reader: ReaderDep, params: Annotated[QuoteQuery, Query()]) -> Response:
    page = list_page(reader, QUOTES, params.conditions(), params.limit, params.sort, params.cursor)
    return page_response(request, page, params.format)


@router.get("/quotes/{ident}")
def get_quote(ident: str, reader: ReaderDep) -> Response:
    return JSONResponse(found(get_one(reader, QUOTES, ident), "quote", ident).as_dict())
