"""Engines: where the article stages run. `local` is the process pool of `tidings.pipeline`; `spark` runs the
same article function (`engines.article`) on Apache Spark and writes Parquet tables (`engines.tables`) that
`tidings load` (`engines.load`) writes into a store."""

from tidings.errors import TidingsError

ENGINES = ("local", "spark")


def check_engine(name: str) -> str:
    if name not in ENGINES:
        raise TidingsError("E107", f"--engine {name!r} is not an engine; choose one of {', '.join(ENGINES)}")
    return name


__all__ = ["ENGINES", "check_engine"]
