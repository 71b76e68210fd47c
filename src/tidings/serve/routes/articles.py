"""/api/articles: filtered, sorted, paginated listing and one article by id (with its text)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response

from tidings.serve.filters import ArticleQuery
from tidings.serve.formats import page_response
from tidings.records import Article
from tidings.serve.listing import list_page
from tidings.serve.resources import ARTICLES
from tidings.serve.routes.common import ReaderDep, found

router = APIRouter(tags=["articles"])


@router.get("/articles")
def list_articles(request: Request, reader: ReaderDep, params: Annotated[ArticleQuery, Query()]) -> Response:
    page = list_page(reader, ARTICLES, params.conditions(), params.limit, params.sort, params.cursor)
    return page_response(request, page, params.format)


@router.get("/articles/{ident}")
def get_article(ident: str, reader: ReaderDep) -> Response:
    """The whole article, text included, with its story."""
    rows = reader.rows("SELECT t.*, m.story_id FROM articles AS t LEFT JOIN story_articles AS m "
                       "ON m.article_id = t.id WHERE t.id = ? LIMIT 1", [ident])
    article = found(Article.from_dict(rows[0]) if rows else None, "article", ident)
    return JSONResponse({**article.as_dict(), "story_id": rows[0]["story_id"]})
