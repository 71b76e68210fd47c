"""`tidings load`: an engine's Parquet tables (see `tables`) into a store, then the corpus stages.

Articles are loaded in batches, each batch one store transaction with its mentions, events, quotes and claims,
so memory stays bounded by the batch and an interrupted load resumes where it stopped (stored articles are
skipped by id).
"""

from __future__ import annotations

import datetime as dt
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
        # The engine's corpus tables hold stories over its own articles: they stand for the store's only when
        # the store holds nothing else; otherwise the stages run here over everything stored.
        if not (_has_corpus(folder) and store.summary().articles == report.read and load_corpus(folder, store)):
            from tidings.pipeline import update_corpus_stages

            update_corpus_stages(store)
    report.summary = store.summary()
    return report


def _has_corpus(folder: str) -> bool:
    from tidings.engines.spark_corpus import CORPUS_TABLES

    return all(Path(folder, table).is_dir() for table in CORPUS_TABLES if table != "dyads")


def load_corpus(folder: str | Path, store: Store) -> bool:
    """Replace the store's corpus tables with those an engine's corpus stages wrote under `folder`; False (and
    nothing written) when their stories do not cover exactly the stored articles (tables left from another
    run)."""
    import numpy as np

    from tidings.corpus.duplicates import MinHashParams, Signatures
    from tidings.corpus.params import CorpusParams
    from tidings.engines.spark_corpus import CORPUS_RECORDS
    from tidings.store.rows import arrow_rows

    folder = str(folder)
    found: dict[str, list] = {}
    for table, cls in CORPUS_RECORDS.items():
        dataset = _dataset(folder, table)
        found[table] = [cls.from_dict(row) for row in arrow_rows(dataset.to_table())] if dataset else []
    # The local stages' orders, so the store's `seq` columns match a local run's.
    stories = sorted(found["stories"], key=lambda s: (s.start is None, s.start or dt.date.min, s.id))
    records = sorted(found["records"], key=lambda r: (r.date_window is None, r.date_window or ("", ""), r.id))
    links = sorted(found["links"], key=lambda link: (link.source, link.target))
    duplicates = sorted(found["duplicates"], key=lambda d: d.article_id)
    membership = dict(sorted((a, s.id) for s in stories for a in s.articles))
    if set(membership) != set(store.sql("SELECT id FROM articles").column("id").to_pylist()):
        return False
    signatures = None
    minhashes = _dataset(folder, "minhashes")
    if minhashes is not None:
        table = minhashes.to_table().sort_by("article_id")
        params = MinHashParams.of(CorpusParams.load().duplicates)
        matrix = np.asarray(table.column("signature").to_pylist(), dtype=np.uint32).reshape(-1, params.num_perm)
        signatures = Signatures(params, table.column("article_id").to_pylist(), matrix)
    disputes_table = _dataset(folder, "disputes")
    disputes = ({r["claim_id"]: tuple(r["disputed_by"]) for r in disputes_table.to_table().to_pylist()}
                if disputes_table is not None else {})
    store.replace_corpus(stories, membership, records, links, duplicates=duplicates, signatures=signatures,
                         disputes=disputes)
    return True
