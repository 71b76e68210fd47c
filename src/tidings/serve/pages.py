"""The dashboard: HTML pages rendered on the server from Jinja2 templates, charts as inline SVG."""

from __future__ import annotations

from importlib import resources
from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates

from tidings.serve import charts, views
from tidings.serve.routes.common import ReaderDep
from tidings.serve.search import search

QUADS = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}


def templates() -> Jinja2Templates:
    folder = resources.files("tidings.serve").joinpath("templates")
    env = Jinja2Templates(directory=str(folder))
    env.env.globals.update(quads=QUADS, charts=charts)
    env.env.filters["actors"] = lambda actors: ", ".join(a.key if a.key != "?" else a.text for a in actors) or "?"
    env.env.filters["score"] = lambda v: "" if v is None else f"{v:+.1f}"
    return env


def pages_router() -> APIRouter:
    router = APIRouter(include_in_schema=False)

    def render(request: Request, name: str, **context) -> Response:
        return request.app.state.templates.TemplateResponse(request, name, context)

    @router.get("/", response_class=HTMLResponse)
    def overview(request: Request, reader: ReaderDep) -> Response:
        view = views.overview(reader)
        per_day = charts.line_chart([(d.day, d.count) for d in view.per_day], "Events per day")
        types = charts.bar_chart(list(view.summary.events_by_type.items())[:16], "Events by type")
        return render(request, "overview.html", view=view, per_day=per_day, types=types)

    @router.get("/story/{story_id}", response_class=HTMLResponse)
    def story(request: Request, reader: ReaderDep, story_id: str) -> Response:
        view = views.story(reader, story_id)
        if view is None:
            raise HTTPException(404, f"no story with id {story_id!r} in this store")
        return render(request, "story.html", view=view)

    @router.get("/record/{record_id}", response_class=HTMLResponse)
    def record(request: Request, reader: ReaderDep, record_id: str) -> Response:
        view = views.record(reader, record_id)
        if view is None:
            raise HTTPException(404, f"no event record with id {record_id!r} in this store")
        return render(request, "record.html", view=view)

    @router.get("/dyad", response_class=HTMLResponse)
    def dyad(request: Request, reader: ReaderDep,
             a: Annotated[str, Query(min_length=1, max_length=200)],
             b: Annotated[str, Query(min_length=1, max_length=200)],
             period: Literal["day", "week", "month", "year"] = "month") -> Response:
        view = views.dyad(reader, a, b, period)
        marks = [t.period.isoformat() for t in view.turns]
        index = charts.line_chart([(p.period.isoformat(), p.index) for p in view.index],
                                  f"Relation index {a} - {b}", y_range=(-10, 10), zero_line=True, marks=marks)
        quads = charts.bar_chart([(QUADS[q], n) for q, n in sorted(view.quad_counts.items()) if q in QUADS],
                                 "Records by quad class")
        return render(request, "dyad.html", view=view, index=index, quads=quads)

    @router.get("/search", response_class=HTMLResponse)
    def search_page(request: Request, reader: ReaderDep,
                    q: Annotated[str, Query(max_length=200)] = "") -> Response:
        q = q.strip()
        hits = search(reader, q) if len(q) >= 2 else []
        return render(request, "search.html", q=q, hits=hits, too_short=0 < len(q) < 2)

    @router.get("/docs", response_class=HTMLResponse)
    def docs(request: Request) -> Response:
        return render(request, "docs.html", spec=request.app.openapi())

    return router
