from __future__ import annotations

import pyarrow.parquet as pq
import pytest

from tidings.engines.load import load_tables
from tidings.engines.tables import TABLES, TableRows, store_schemas
from tidings.errors import Skipped, TidingsError
from tidings.store import Store

from test_tables import WHEN, sample


def write_tables(folder, results) -> None:
    schemas = store_schemas()
    rows = TableRows.of(results, WHEN)
    for table in TABLES:
        (folder / table).mkdir(parents=True)
        # Two part files per table, as a distributed writer leaves them.
        whole = rows.arrow(table, schemas[table])
        half = whole.num_rows // 2
        pq.write_table(whole.slice(0, half), folder / table / "part-0.parquet")
        pq.write_table(whole.slice(half), folder / table / "part-1.parquet")


def test_load_writes_every_table_and_is_idempotent(tmp_path):
    analyses = [sample(f"a{i}") for i in range(5)]
    write_tables(tmp_path / "out", [*analyses, Skipped("x.warc#9", "E006", "no article text")])
    with Store.open(tmp_path / "s.duckdb") as store:
        report = load_tables(tmp_path / "out", store, corpus=False, batch=2)
        assert (report.read, report.written) == (5, 5)
        assert report.skipped == [Skipped("x.warc#9", "E006", "no article text")]
        assert store.events() == [e for a in analyses for e in a.events]
        assert store.claims() == [c for a in analyses for c in a.claims]
        again = load_tables(tmp_path / "out", store, corpus=False)
        assert (again.read, again.written) == (5, 0)
        assert store.summary().articles == 5


def test_load_rejects_a_folder_without_tables(tmp_path):
    (tmp_path / "empty").mkdir()
    with Store.open(tmp_path / "s.duckdb") as store:
        with pytest.raises(TidingsError, match="no articles/ table"):
            load_tables(tmp_path / "empty", store)
        with pytest.raises(TidingsError, match="not a folder"):
            load_tables(tmp_path / "missing", store)


def test_load_reruns_the_corpus_stages_when_the_corpus_tables_are_of_other_articles(tmp_path):
    import pyarrow as pa

    from tidings.engines.spark_corpus import CORPUS_TABLES
    from tidings.records import Story
    from tidings.store.rows import to_row

    analyses = [sample(f"a{i}") for i in range(3)]
    write_tables(tmp_path / "out", analyses)
    # Corpus tables left from an earlier run over other articles: they must not stand for these.
    for table in CORPUS_TABLES:
        (tmp_path / "out" / table).mkdir()
    stale = Story("s-old", "Old", None, None, ("old-1", "old-2"))
    pq.write_table(pa.Table.from_pylist([to_row(stale)]), tmp_path / "out" / "stories" / "part-0.parquet")
    with Store.open(tmp_path / "s.duckdb") as store:
        load_tables(tmp_path / "out", store)
        stories = store.stories()
    assert sorted(a for s in stories for a in s.articles) == ["a0", "a1", "a2"]
