"""Rows read from the store turned into records, as `Record.from_dict` does, with type hints resolved once.

`Record.from_dict` resolves its class's (string) annotations with `typing.get_type_hints` on every call, for
the record and again for each nested actor, place and evidence; on a page of listed events that was most of
the request's time. A Decoder keeps the resolved hints per class and applies the same conversions.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import types
import typing
from collections.abc import Iterable
from typing import Any, TypeVar

from tidings.records import Record

R = TypeVar("R", bound=Record)


class Decoder:
    """Owned by the Reader (one per app): the hints it caches depend only on the record classes."""

    def __init__(self) -> None:
        self._hints: dict[type, tuple[dict[str, Any], frozenset[str]]] = {}

    def records(self, cls: type[R], rows: Iterable[dict[str, Any]]) -> list[R]:
        return [self.record(cls, row) for row in rows]

    def record(self, cls: type[R], data: dict[str, Any]) -> R:
        hints, known = self._class(cls)
        return cls(**{k: self._value(hints[k], v) for k, v in data.items() if k in known})

    def _class(self, cls: type) -> tuple[dict[str, Any], frozenset[str]]:
        if cls not in self._hints:
            self._hints[cls] = (typing.get_type_hints(cls),
                                frozenset(f.name for f in dataclasses.fields(cls)))
        return self._hints[cls]

    def _value(self, hint: Any, value: Any) -> Any:
        # The same cases, in the same order, as tidings.records._decode.
        if value is None:
            return None
        origin = typing.get_origin(hint)
        args = typing.get_args(hint)
        if origin in (typing.Union, types.UnionType):
            inner = [a for a in args if a is not type(None)]
            return self._value(inner[0], value) if len(inner) == 1 else value
        if origin is tuple:
            item = args[0] if args else Any
            return tuple(self._value(item, v) for v in value)
        if origin is list:
            item = args[0] if args else Any
            return [self._value(item, v) for v in value]
        if hint is dt.date and isinstance(value, str):
            return dt.date.fromisoformat(value[:10])
        if hint is dt.datetime and isinstance(value, str):
            return dt.datetime.fromisoformat(value)
        if isinstance(hint, type) and issubclass(hint, Record) and isinstance(value, dict):
            return self.record(hint, value)
        return value
