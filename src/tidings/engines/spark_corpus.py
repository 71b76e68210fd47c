"""The corpus stages as Spark jobs over the article tables `run_spark` wrote (see spark_duplicates,
spark_stories, spark_records). Written beside them as Parquet: stories, records, links and duplicates in the
store's own columns, minhashes, disputes (claim id -> the claims denying it) and dyads (series per period).
`tidings load` writes them into a store; DuckDB or Spark can query them where they lie.

Records travel between stages as their JSON (`Record.as_dict`), so every stage reads the typed records the
local stages read.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tidings.corpus.params import CorpusParams
from tidings.corpus.duplicates import Duplicate
from tidings.records import Article, Claim, Event, EventLink, EventRecord, Story

if TYPE_CHECKING:
    import pyarrow as pa
    from pyspark.sql import DataFrame, SparkSession

# Table -> the record type its rows hold; these four have the store's columns (minus its `seq`).
CORPUS_RECORDS: dict[str, type] = {"stories": Story, "records": EventRecord, "links": EventLink,
                                   "duplicates": Duplicate}
CORPUS_TABLES = (*CORPUS_RECORDS, "minhashes", "disputes", "dyads")


@dataclass(slots=True)
class CorpusReport:
    stories: int = 0
    records: int = 0
    links: int = 0
    duplicates: int = 0


def _payloads(cls: type, keys: tuple[str, ...], slim: bool = False):
    """Arrow rows of a store table -> (keys..., payload JSON) of its records."""
    def run(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        import pyarrow as pa

        from tidings.store.rows import arrow_rows

        for batch in batches:
            items = [cls.from_dict(row) for row in arrow_rows(pa.Table.from_batches([batch]))]
            if slim:
                items = [item.replace(text="") for item in items]
            columns = {key: [getattr(item, key) for item in items] for key in keys}
            columns["payload"] = [json.dumps(item.as_dict()) for item in items]
            yield pa.RecordBatch.from_pydict(columns)
    return run


def _read(spark: SparkSession, folder: str, table: str, cls: type, keys: tuple[str, ...],
          slim: bool = False) -> DataFrame:
    schema = ", ".join(f"{k} string" for k in keys) + ", payload string"
    return spark.read.parquet(f"{folder}/{table}").mapInArrow(_payloads(cls, keys, slim), schema)


def _rows(cls: type, schema: pa.Schema):
    """(payload JSON) -> Arrow rows in the store's columns."""
    def run(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        import pyarrow as pa

        from tidings.store.rows import to_row

        names = set(schema.names)
        for batch in batches:
            rows = [to_row(cls.from_dict(json.loads(p))) for p in batch.column("payload").to_pylist()]
            yield pa.RecordBatch.from_pylist([{k: v for k, v in r.items() if k in names} for r in rows],
                                             schema=schema)
    return run


def _write_records(frame: DataFrame, table: str, folder: str, schemas: dict[str, Any]) -> None:
    from pyspark.sql.pandas.types import from_arrow_schema, to_arrow_schema

    spark_schema = from_arrow_schema(schemas[table])
    arrow_schema = to_arrow_schema(spark_schema, timezone="UTC")
    frame.select("payload").mapInArrow(_rows(CORPUS_RECORDS[table], arrow_schema), spark_schema) \
        .write.mode("overwrite").parquet(f"{folder}/{table}")


def run_corpus(spark: SparkSession, folder: str, params: CorpusParams | None = None) -> CorpusReport:
    """The corpus stages over the article tables under `folder`; their tables are written there too."""
    from pyspark import StorageLevel
    from pyspark.sql import functions as F

    from tidings.engines.spark_duplicates import duplicate_frames
    from tidings.engines.spark_records import (dispute_frames, dyad_frames, link_frames, record_frames,
                                               with_links)
    from tidings.engines.spark_stories import story_frames
    from tidings.engines.tables import store_schemas

    params = params or CorpusParams.load()
    folder = folder.rstrip("/")
    schemas = store_schemas(tuple(CORPUS_RECORDS))
    keep = StorageLevel.MEMORY_AND_DISK
    articles = _read(spark, folder, "articles", Article, ("id",)).persist(keep)
    events = _read(spark, folder, "events", Event, ("id", "article_id")).persist(keep)
    try:
        duplicates = duplicate_frames(articles, params.duplicates)
        canonical = duplicates.canonical.persist(keep)
        by_article = events.groupBy("article_id").agg(F.collect_list("payload").alias("events"))
        with_events = articles.join(by_article.withColumnRenamed("article_id", "id"), "id", "left")
        stories = story_frames(with_events, canonical, params).persist(keep)
        membership = stories.select("story_id", F.explode(
            F.from_json("payload", "struct<articles:array<string>>").articles).alias("article_id")).persist(keep)
        slim = _read(spark, folder, "articles", Article, ("id",), slim=True) \
            .select("id", F.col("payload").alias("article"))
        records = record_frames(events, slim, membership, canonical).persist(keep)
        links = link_frames(records, events, params).persist(keep)
        linked = with_links(records, links)
        claims = _read(spark, folder, "claims", Claim, ("id", "article_id"))

        _write_records(stories, "stories", folder, schemas)
        _write_records(linked, "records", folder, schemas)
        _write_records(links, "links", folder, schemas)
        _write_records(duplicates.duplicates, "duplicates", folder, schemas)
        duplicates.signatures.write.mode("overwrite").parquet(f"{folder}/minhashes")
        dispute_frames(claims, membership).write.mode("overwrite").parquet(f"{folder}/disputes")
        dyad_frames(records, params.relations.period).write.mode("overwrite").parquet(f"{folder}/dyads")
        report = CorpusReport(stories.count(), records.count(), links.count(), duplicates.duplicates.count())
        for frame in (canonical, stories, membership, records, links):
            frame.unpersist()
        return report
    finally:
        articles.unpersist()
        events.unpersist()
