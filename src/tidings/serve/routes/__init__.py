"""The REST API: one router per resource, all under /api."""

from __future__ import annotations

from fastapi import APIRouter

from tidings.serve.routes import (
    articles, claims, dyads, events, links, quotes, records, search, stories, summary,
)


def api_router() -> APIRouter:
    router = APIRouter(prefix="/api")
    for module in (summary, articles, events, records, stories, claims, quotes, links, dyads, search):
        router.include_router(module.router)
    return router
