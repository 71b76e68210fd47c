"""/api/articles: filtered, sorted, paginated listing and one article by id."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response

from tidings.serve.filters import ArticleQuery
from tidings.serve.formats import page_response
from tidings.serve.listing import get_one, list_page
from tidings.serve.resources import ARTICLES
from tidings.serve.routes.common import ReaderDep, found

router = APIRouter(tags=["articles"])


@router.get("/articles")
def list_articles(request: Request, reader: ReaderDep, params: Annotated[ArticleQuery, Query()]) -> Response:
    page = list_page(reader, ARTICLES, params.conditions(), params.limit, params.sort, params.cursor)
    return page_response(request, page, params.format)


@router.get("/articles/{ident}")
def get_article(ident: str, reader: ReaderDep) -> Response:
    return JSONResponse(found(get_one(reader, ARTICLES, ident), "article", ident).as_dict())
