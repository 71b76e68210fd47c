"""/api/links: links between event records (response_to, cause, same_story)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from tidings.serve.filters import LinkQuery
from tidings.serve.formats import page_response
from tidings.serve.listing import list_page
from tidings.serve.resources import LINKS
from tidings.serve.routes.common import ReaderDep

router = APIRouter(tags=["links"])


@router.get("/links")
def list_links(request: Request, reader: ReaderDep, params: Annotated[LinkQuery, Query()]) -> Response:
    page = list_page(reader, LINKS, params.conditions(), params.limit, params.sort, params.cursor)
    return page_response(request, page, params.format)
