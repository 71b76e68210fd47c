"""Fetch settings: how politely and how defensively tidings reads the web.

`Settings` (config.py) does not carry these yet, so they live here, read from `TIDINGS_FETCH_*` environment
variables over the defaults below; explicit overrides win over both.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Self

from tidings.config import Settings, layered_values, parse_bool
from tidings.errors import TidingsError

ENV_PREFIX = "TIDINGS_FETCH_"
DEFAULT_USER_AGENT = "tidings/0.1 (news event coder; +https://example.org/tidings)"


@dataclass(slots=True, frozen=True)
class FetchSettings:
    user_agent: str = DEFAULT_USER_AGENT
    host_delay: float = 2.0  # seconds between two requests to one host
    timeout: float = 20.0  # seconds for connect and for each read
    max_bytes: int = 5_000_000  # bodies larger than this are refused
    max_redirects: int = 5
    retries: int = 2  # extra attempts after a transient failure (timeout, 5xx, 429)
    backoff: float = 1.0  # first retry waits this long, then twice as long each time
    max_failures: int = 5  # a page that failed this many polls in a row is given up
    obey_robots: bool = True

    @classmethod
    def load(cls, settings: Settings | None = None, environ: Mapping[str, str] | None = None,
             **overrides: Any) -> Self:
        """Defaults, then `TIDINGS_FETCH_<NAME>` variables, then overrides (None ignored).

        The size cap never exceeds the `max_file_bytes` setting, which bounds every input."""
        values = layered_values(cls, {}, ENV_PREFIX, environ, overrides, "fetch setting")
        made = cls(**{name: _coerce(name, value) for name, value in values.items()})
        if settings is not None and made.max_bytes > settings.max_file_bytes:
            made = dataclasses.replace(made, max_bytes=settings.max_file_bytes)
        return made


def _coerce(name: str, value: Any) -> Any:
    kind = {f.name: f.type for f in dataclasses.fields(FetchSettings)}[name]
    try:
        if kind == "bool":
            return parse_bool(value)
        if kind == "int":
            number = int(str(value).replace("_", ""))
        elif kind == "float":
            number = float(value)
        else:
            text = str(value).strip()
            if not text:
                raise ValueError
            return text
        if number < 0 or (name in ("timeout", "max_bytes") and number <= 0):
            raise ValueError
        return number
    except ValueError:
        raise TidingsError("E102", f"fetch setting {name}={value!r} is not a valid {kind}") from None
