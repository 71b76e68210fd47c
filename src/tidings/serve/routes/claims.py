"""/api/claims: filtered, sorted, paginated listing and one claim by id."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response

from tidings.serve.filters import ClaimQuery
from tidings.serve.formats import page_response
from tidings.serve.listing import get_one, list_page
from tidings.serve.resources import CLAIMS
from tidings.serve.routes.common import ReaderDep, found

router = APIRouter(tags=["claims"])


@router.get("/claims")
def list_claims(request: Request, reader: ReaderDep, params: Annotated[ClaimQuery, Query()]) -> Response:
    page = list_page(reader, CLAIMS, params.conditions(), params.limit, params.sort, params.cursor)
    return page_response(request, page, params.format)


@router.get("/claims/{ident}")
def get_claim(ident: str, reader: ReaderDep) -> Response:
    return JSONResponse(found(get_one(reader, CLAIMS, ident), "claim", ident).as_dict())
