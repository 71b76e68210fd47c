"""`tidings load`: an engine's Parquet tables (see `tables`) into a store, then the corpus stages.

Articles are loaded in batches, each batch one store transaction with its mentions, events, quotes and claims,
so memory stays bounded by the batch and an interrupted load resumes where it stopped (stored articles are
skipped by id).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa

from tidings.errors import Skipped, TidingsError
from tidings.engines.tables import CHILDREN, analyses_from_tables, skipped_from_table
from tidings.store import Store, StoreSummary

LOAD_BATCH = 1_000


@dataclass(slots=True)
class LoadReport:
    read: int = 0
    written: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    summary: StoreSummary | None = None

    @property
    def already_stored(self) -> int:
        return self.read - self.written


def _dataset(folder: str, table: str):
    import pyarrow.dataset as ds

    path = f"{folder.rstrip('/')}/{table}"
    if not Path(path).exists():
        return None
    try:
        return ds.dataset(path, format="parquet", exclude_invalid_files=True)
    except (pa.ArrowException, OSError, ValueError) as exc:
        raise TidingsError("E202", f"{path}: not a readable Parquet table ({str(exc).splitlines()[0][:120]}); "
                                   "nothing was loaded") from None


def load_tables(folder: str | Path, store: Store, corpus: bool = True, batch: int = LOAD_BATCH) -> LoadReport:
    """Load the Parquet tables under `folder` into `store`; with `corpus`, update stories and records after."""
    import pyarrow.compute as pc

    folder = str(folder)
    if not Path(folder).is_dir():
        raise TidingsError("E107", f"{folder} is not a folder of Parquet tables (write one with "
                                   "`tidings run --engine spark --out FOLDER`); nothing was loaded")
    articles = _dataset(folder, "articles")
    if articles is None:
        raise TidingsError("E107", f"{folder} has no articles/ table; nothing was loaded")
    children = {table: _dataset(folder, table) for table in CHILDREN}
    report = LoadReport()
    for chunk in articles.to_batches(batch_size=batch):
        if chunk.num_rows == 0:
            continue
        ids = chunk.column("id")
        tables = {"articles": pa.Table.from_batches([chunk])}
        for table, dataset in children.items():
            if dataset is not None:
                tables[table] = dataset.to_table(filter=pc.field("article_id").isin(ids))
        analyses = list(analyses_from_tables(tables))
        report.read += len(analyses)
        report.written += store.write_analyses(analyses)
    skipped = _dataset(folder, "skipped")
    report.skipped = skipped_from_table(skipped.to_table() if skipped is not None else None)
    if report.written or not report.read:
        store.log_skipped(report.skipped)  # a repeated load has logged them already
    if corpus and report.written:
        from tidings.pipeline import update_corpus_stages

        update_corpus_stages(store)
    report.summary = store.summary()
    return report
