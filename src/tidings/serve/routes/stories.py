"""/api/stories: filtered, sorted, paginated listing and one story by id."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response

from tidings.serve.filters import StoryQuery
from tidings.serve.formats import page_response
from tidings.serve.listing import get_one, list_page
from tidings.serve.resources import STORIES
from tidings.serve.routes.common import ReaderDep, found

router = APIRouter(tags=["stories"])


@router.get("/stories")
def list_stories(request: Request, reader: ReaderDep, params: Annotated[StoryQuery, Query()]) -> Response:
    page = list_page(reader, STORIES, params.conditions(), params.limit, params.sort, params.cursor)
    return page_response(request, page, params.format)


@router.get("/stories/{ident}")
def get_story(ident: str, reader: ReaderDep) -> Response:
    return JSONResponse(found(get_one(reader, STORIES, ident), "story", ident).as_dict())
