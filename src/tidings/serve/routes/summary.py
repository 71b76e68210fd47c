"""/api/summary: what the store holds, in numbers."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from tidings.serve.routes.common import ReaderDep

router = APIRouter(tags=["summary"])


@router.get("/summary")
def summary(reader: ReaderDep) -> JSONResponse:
    return JSONResponse(reader.summary().as_dict())
