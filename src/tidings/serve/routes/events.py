"""/api/events: filtered, sorted, paginated listing and one event by id."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response

from tidings.serve.filters import EventQuery
from tidings.serve.formats import page_response
from tidings.serve.listing import get_one, list_page
from tidings.serve.resources import EVENTS
from tidings.serve.routes.common import ReaderDep, found

router = APIRouter(tags=["events"])


@router.get("/events")
def list_events(request: Request, reader: ReaderDep, params: Annotated[EventQuery, Query()]) -> Response:
    page = list_page(reader, EVENTS, params.conditions(), params.limit, params.sort, params.cursor)
    return page_response(request, page, params.format)


@router.get("/events/{ident}")
def get_event(ident: str, reader: ReaderDep) -> Response:
    return JSONResponse(found(get_one(reader, EVENTS, ident), "event", ident).as_dict())
