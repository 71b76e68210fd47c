"""One settings object: defaults from `defaults.toml`, then `TIDINGS_*` environment variables, then flags."""

from __future__ import annotations

import dataclasses
import os
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Mapping, Self

from tidings.errors import TidingsError

ENV_PREFIX = "TIDINGS_"


@dataclass(slots=True, frozen=True)
class Settings:
    db: Path = Path("tidings.duckdb")
    spacy_model: str = "auto"
    max_file_bytes: int = 20_000_000
    min_article_chars: int = 80
    workers: int = 0  # 0: one process per available core
    batch_size: int = 64
    default_language: str = "en"
    progress: str = "auto"
    # Shuffle partitions of a Spark session the spark engine starts itself (spark-submit brings its own).
    spark_partitions: int = 4
    # Whether the coder asks its learned sentence classifier (extract/learned.py) about sentences no rule coded.
    coder_learned: bool = False

    @classmethod
    def load(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> Self:
        """Defaults file, then environment, then explicit overrides (None values are ignored)."""
        text = resources.files("tidings").joinpath("defaults.toml").read_text(encoding="utf-8")
        values = layered_values(cls, dict(tomllib.loads(text)), ENV_PREFIX, environ, overrides, "setting")
        return cls(**{f.name: _coerce(f, values[f.name]) for f in dataclasses.fields(cls) if f.name in values})

    def replace(self, **changes: Any) -> Self:
        return dataclasses.replace(self, **{k: v for k, v in changes.items() if v is not None})


def layered_values(cls: type, defaults: dict[str, Any], prefix: str, environ: Mapping[str, str] | None,
                   overrides: Mapping[str, Any], what: str) -> dict[str, Any]:
    """A settings group's raw values: defaults, then `<prefix><NAME>` environment variables, then overrides
    (None ignored). Names that are not fields of `cls` are refused with E101."""
    values = dict(defaults)
    env = os.environ if environ is None else environ
    for f in dataclasses.fields(cls):
        raw = env.get(prefix + f.name.upper())
        if raw is not None:
            values[f.name] = raw
    values.update({k: v for k, v in overrides.items() if v is not None})
    unknown = set(values) - {f.name for f in dataclasses.fields(cls)}
    if unknown:
        raise TidingsError("E101", f"unknown {what}(s): {', '.join(sorted(unknown))}")
    return values


def parse_bool(value: Any) -> bool:
    """A yes/no setting from TOML (a bool) or the environment ("true", "1", "yes"...); ValueError otherwise."""
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text not in ("1", "0", "true", "false", "yes", "no"):
        raise ValueError(f"not a yes/no value: {value!r}")
    return text in ("1", "true", "yes")


def _coerce(f: dataclasses.Field[Any], value: Any) -> Any:
    kind = f.type if isinstance(f.type, type) else {"Path": Path, "int": int, "str": str, "bool": bool}.get(str(f.type), str)
    try:
        if kind is Path:
            return Path(value)
        if kind is bool:
            return parse_bool(value)
        if kind is int:
            number = int(str(value).replace("_", ""))
            if number < 0 or (f.name in ("batch_size", "spark_partitions") and number < 1):
                raise ValueError
            return number
        return str(value)
    except ValueError:
        raise TidingsError("E102", f"setting {f.name}={value!r} is not a valid {kind.__name__}") from None
