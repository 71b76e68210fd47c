"""The web application: REST API under /api, the dashboard at /, OpenAPI at /openapi.json and /docs. Read-only.

/docs is our own server-rendered reference: FastAPI's Swagger page loads its script from a CDN, and the
dashboard must work offline.
"""

from __future__ import annotations

from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from tidings.config import Settings
from tidings.errors import TidingsError
from tidings.serve.pages import pages_router, templates
from tidings.serve.reader import Reader
from tidings.serve.routes import api_router


def create_app(db_path: str | Path | None = None, settings: Settings | None = None) -> FastAPI:
    """An app over the store at `db_path` (default: the `db` setting), opened read-only.

    Raises TidingsError (E202) when there is no store there, before anything is served."""
    settings = settings or Settings.load()
    reader = Reader.open(db_path or settings.db)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        yield
        reader.close()

    app = FastAPI(title="tidings", version="1", lifespan=lifespan, docs_url=None, redoc_url=None,
                  description="Political event data coded in PLOVER, read from a tidings store (read-only).")
    app.state.reader = reader
    app.state.settings = settings
    app.state.templates = templates()
    app.include_router(api_router())
    app.include_router(pages_router())
    static = resources.files("tidings.serve").joinpath("static")
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    _handlers(app)
    return app


def _wants_html(request: Request) -> bool:
    return not request.url.path.startswith("/api") and "text/html" in request.headers.get("accept", "")


def _message(exc: RequestValidationError) -> str:
    parts = []
    for error in exc.errors():
        where = ".".join(str(p) for p in error.get("loc", ()) if p not in ("query", "path", "body"))
        if error.get("type") == "extra_forbidden":
            parts.append(f"unknown parameter {where!r}")
        else:
            value = error.get("input")
            parts.append(f"{where}={value!r}: {error.get('msg', 'invalid')}")
    return "; ".join(parts) or "invalid request"


def _handlers(app: FastAPI) -> None:
    def answer(request: Request, status: int, message: str) -> Response:
        if _wants_html(request):
            return request.app.state.templates.TemplateResponse(
                request, "error.html", {"status": status, "message": message}, status_code=status)
        return JSONResponse({"error": message, "status": status}, status_code=status)

    @app.exception_handler(TidingsError)
    async def tidings_error(request: Request, exc: TidingsError) -> Response:
        return answer(request, 400, str(exc))

    @app.exception_handler(RequestValidationError)
    async def bad_parameters(request: Request, exc: RequestValidationError) -> Response:
        return answer(request, 422, f"[E107] bad parameter: {_message(exc)}")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        return answer(request, exc.status_code, str(exc.detail))
