"""What the routers share: the reader dependency and the not-found answer."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, HTTPException, Request

from tidings.serve.reader import Reader


def reader(request: Request) -> Reader:
    return request.app.state.reader


ReaderDep = Annotated[Reader, Depends(reader)]


def found(item: Any, kind: str, ident: str) -> Any:
    if item is None:
        raise HTTPException(404, f"no {kind} with id {ident!r} in this store")
    return item
