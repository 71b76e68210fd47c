"""The Spark engine: the article function (`engines.article`) inside Apache Spark, Parquet out.

    tidings run --engine spark INPUTS... --out OUT_DIR [--db STORE]

Inputs are local paths or any Hadoop-compatible URI (hdfs://, s3a://, gs://...). JSONL and Parquet files are
read by Spark itself, so a large file splits across tasks; WARC and every other format go one file per task
(local files are streamed from disk by the executor; remote ones arrive through Spark's binaryFile source).
Each task runs `mapInArrow` over its rows with resources loaded once per Python worker. The result is one
Parquet table per store table under OUT_DIR (see `engines.tables`); the corpus stages then run as Spark jobs
over them and write their own tables beside them (`engines.spark_corpus`). `tidings load OUT_DIR --db STORE`
writes all of it into a store, and DuckDB or Spark can query the tables where they lie.

On a cluster, ship tidings and its dependencies to the executors as a packed virtual environment and submit
the `tidings` command itself:

    venv-pack -o tidings-env.tar.gz
    PYSPARK_PYTHON=./env/bin/python spark-submit --master yarn --archives tidings-env.tar.gz#env \\
        $(which tidings) run --engine spark s3a://bucket/cc-news/2024/01/*.warc.gz --out s3a://bucket/tidings/

Under spark-submit the session takes its master and configuration from the submit; started from a plain
Python process it runs `local[*]` on the loopback interface.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

from tidings.config import Settings
from tidings.errors import InputError, Skipped, TidingsError
from tidings.records import RawDocument, SourceMeta

if TYPE_CHECKING:
    import pyarrow as pa
    from pyspark.sql import DataFrame, SparkSession

# Settings for a session this engine starts itself (not under spark-submit): loopback only, Arrow transfer.
LOCAL_CONF = {
    "spark.driver.host": "127.0.0.1",
    "spark.driver.bindAddress": "127.0.0.1",
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
}
SESSION_CONF = {
    "spark.python.worker.reuse": "true",  # keeps each worker's loaded resources across tasks
    "spark.sql.execution.arrow.maxRecordsPerBatch": "256",
    "spark.sql.session.timeZone": "UTC",
}
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")
PARQUET_SUFFIXES = (".parquet",)
WARC_SUFFIXES = (".warc", ".warc.gz")


@dataclass(slots=True)
class SparkInputs:
    """The inputs sorted by how Spark reads them."""

    jsonl: list[str] = field(default_factory=list)
    parquet: list[str] = field(default_factory=list)
    local_files: list[str] = field(default_factory=list)  # read by the executor from its own disk
    remote_files: list[str] = field(default_factory=list)  # read through Spark's binaryFile source
    skipped: list[Skipped] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.jsonl or self.parquet or self.local_files or self.remote_files)


@dataclass(slots=True)
class SparkReport:
    out: str
    articles: int = 0
    events: int = 0
    skipped: int = 0
    corpus: Any = None  # engines.spark_corpus.CorpusReport, when the corpus stages ran


def is_remote(path: str) -> bool:
    scheme = urlparse(path).scheme
    return len(scheme) > 1 and scheme != "file"  # one letter is a Windows drive


def _local(path: str) -> str:
    return path[len("file://"):] if path.startswith("file://") else path


def sort_inputs(paths: Sequence[str]) -> SparkInputs:
    """Local paths are expanded as `tidings run` expands them; URIs are passed to Spark as given."""
    from tidings.sources.paths import expand_paths

    inputs = SparkInputs()
    for given in paths:
        if is_remote(given):
            name = given.lower().rstrip("/")
            if name.endswith(JSONL_SUFFIXES):
                inputs.jsonl.append(given)
            elif name.endswith(PARQUET_SUFFIXES) or "." not in name.rsplit("/", 1)[-1]:
                inputs.parquet.append(given)  # a folder URI is taken to be a Parquet dataset
            else:
                inputs.remote_files.append(given)
            continue
        for item in expand_paths([_local(given)]):
            if isinstance(item, Skipped):
                inputs.skipped.append(item)
            elif item.lower().endswith(JSONL_SUFFIXES):
                inputs.jsonl.append(str(Path(item).resolve()))
            elif item.lower().endswith(PARQUET_SUFFIXES):
                inputs.parquet.append(str(Path(item).resolve()))
            else:
                inputs.local_files.append(str(Path(item).resolve()))
    return inputs


def local_partitions(settings: Settings | None = None) -> int:
    """Shuffle partitions for a session this engine starts itself: the `spark_partitions` setting. Spark's
    default 200 suit a cluster; on one machine each is a task (and a small Parquet file) costing more than the
    work it holds. Under spark-submit the submit's own `spark.sql.shuffle.partitions` applies."""
    return (settings if settings is not None else Settings.load()).spark_partitions


def spark_session(master: str | None = None, partitions: int | None = None) -> SparkSession:
    """A Spark session: the submit's under spark-submit, else a `master` (default local[*]) session with
    `partitions` shuffle partitions (default `local_partitions()`)."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise TidingsError("E107", "the spark engine needs pyspark: pip install 'tidings[spark]' "
                                   "(and Java 17); nothing was run") from None
    builder = SparkSession.builder.appName("tidings")
    submitted = "PYSPARK_GATEWAY_PORT" in os.environ  # spark-submit (or a notebook) owns the JVM and its conf
    if not submitted:
        builder = builder.master(master or "local[*]")
        if (master or "local").startswith("local"):
            for key, value in LOCAL_CONF.items():
                builder = builder.config(key, value)
            builder = builder.config("spark.sql.shuffle.partitions", str(partitions or local_partitions()))
            # Local workers must run this interpreter (its environment holds tidings), not `python3` on PATH;
            # PySpark reads the worker's interpreter from the environment only.
            os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    elif master:
        builder = builder.master(master)
    for key, value in SESSION_CONF.items():
        builder = builder.config(key, value)
    session = builder.getOrCreate()
    if not submitted:
        session.sparkContext.setLogLevel("ERROR")  # a user's command line, not a cluster log
    return session


# -- reading: each source becomes (kind, arguments) rows that the task function turns into documents --------

def _record_document(record: Any, origin: str, path: str, defaults: SourceMeta | None) -> RawDocument | Skipped:
    from tidings.sources.meta import merge_meta, record_meta

    if not isinstance(record, dict):
        return Skipped(origin, "E004", "a record must be an object")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        return Skipped(origin, "E009", "no 'text' field" if text is None else "the 'text' field is empty")
    return RawDocument(origin=origin, format="record", content=text, path=path,
                       meta=merge_meta(None, record_meta(record), defaults, per_record=True))


def _jsonl_documents(batch: pa.RecordBatch, defaults: SourceMeta | None) -> Iterator[RawDocument | Skipped]:
    for line, source in zip(batch.column("value").to_pylist(), batch.column("_source").to_pylist()):
        if not line or not line.strip():
            continue
        path = _local(source)
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Skipped(path, "E004", f"bad JSON ({exc.msg}) in the line starting {line[:40]!r}")
            continue
        label = record.get("id") or record.get("url") if isinstance(record, dict) else None
        yield _record_document(record, f"{path}#{label}" if label else path, path, defaults)


def _parquet_documents(batch: pa.RecordBatch, defaults: SourceMeta | None) -> Iterator[RawDocument | Skipped]:
    for row in batch.to_pylist():
        path = _local(row.pop("_source"))
        if "text" not in row:
            yield Skipped(path, "E009", "the Parquet table has no 'text' column")
            continue
        label = row.get("id") or row.get("url")
        yield _record_document(row, f"{path}#{label}" if label else path, path, defaults)


def _file_documents(path: str, settings: Settings, defaults: SourceMeta | None,
                    origin: str | None = None) -> Iterator[RawDocument | Skipped]:
    """A file on this machine's disk. Web archives stream page by page, with no size limit (a CC-NEWS WARC
    is about 1 GB); every other format goes through `tidings run`'s own reader."""
    from tidings.sources import read_file

    origin = origin or path
    if not path.lower().endswith(WARC_SUFFIXES):
        for item in read_file(path, settings, None, defaults):
            if origin != path and isinstance(item, RawDocument):
                item = item.replace(origin=item.origin.replace(path, origin, 1), path=origin)
            yield item
        return
    from tidings.sources.meta import merge_meta
    from tidings.sources.warc import warc_pages

    try:
        for page in warc_pages(path, origin):
            if isinstance(page, Skipped):
                yield page
            else:
                number, text, meta = page
                yield RawDocument(origin=f"{origin}#{number}", format="warc", content=text, path=origin,
                                  meta=merge_meta(None, meta, defaults, per_record=True))
    except InputError as exc:
        yield Skipped(origin, exc.code, exc.message)


def _local_file_documents(batch: pa.RecordBatch, settings: Settings,
                          defaults: SourceMeta | None) -> Iterator[RawDocument | Skipped]:
    for path in batch.column("path").to_pylist():
        yield from _file_documents(path, settings, defaults)


def _remote_file_documents(batch: pa.RecordBatch, settings: Settings,
                           defaults: SourceMeta | None) -> Iterator[RawDocument | Skipped]:
    for uri, content in zip(batch.column("path").to_pylist(), batch.column("content").to_pylist()):
        suffix = ".warc.gz" if uri.lower().endswith(".warc.gz") else Path(urlparse(uri).path).suffix
        handle, local = tempfile.mkstemp(suffix=suffix, prefix="tidings-")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(content)
            del content
            yield from _file_documents(local, settings.replace(max_file_bytes=max(settings.max_file_bytes,
                                                                                   os.path.getsize(local))),
                                       defaults, origin=uri)
        finally:
            os.unlink(local)


READERS = {"jsonl": _jsonl_documents, "parquet": _parquet_documents}


def analyze_partition(kind: str, settings: Settings, defaults: SourceMeta | None, schema: pa.Schema):
    """The function `mapInArrow` runs: input batches of `kind` in, one output row per analysis or skip."""

    def run(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        from tidings.engines.article import analyze_documents, process_resources

        resources = process_resources(settings)
        when = dt.datetime.now(dt.timezone.utc)
        for batch in batches:
            if kind in READERS:
                documents = READERS[kind](batch, defaults)
            elif kind == "local":
                documents = _local_file_documents(batch, settings, defaults)
            else:
                documents = _remote_file_documents(batch, settings, defaults)
            rows: list[dict[str, Any]] = []
            for result in analyze_documents(documents, resources, settings):
                rows.append(result_row(result, when))
                if len(rows) >= settings.batch_size:
                    yield _record_batch(rows, schema)
                    rows = []
            if rows:
                yield _record_batch(rows, schema)

    return run


def result_row(result: Any, when: dt.datetime) -> dict[str, Any]:
    from tidings.engines.tables import CHILDREN
    from tidings.store.rows import to_row

    if isinstance(result, Skipped):
        return {"skipped": {"origin": result.origin, "code": result.code, "detail": result.detail, "when": when}}
    row: dict[str, Any] = {"article": to_row(result.article)}
    for table, (attribute, _) in CHILDREN.items():
        row[table] = [to_row(item, seq=i) for i, item in enumerate(getattr(result, attribute))]
    return row


def _record_batch(rows: list[dict[str, Any]], schema: pa.Schema) -> pa.RecordBatch:
    import pyarrow as pa

    return pa.RecordBatch.from_pylist(rows, schema=schema)


def result_schemas() -> tuple[Any, pa.Schema]:
    """(Spark schema, Arrow schema) of the task output: the article, its child lists, or a skip."""
    import pyarrow as pa
    from pyspark.sql.pandas.types import from_arrow_schema, to_arrow_schema

    from tidings.engines.tables import CHILDREN, store_schemas

    tables = store_schemas()
    fields = [pa.field("article", pa.struct(list(tables["articles"])))]
    fields += [pa.field(table, pa.list_(pa.field("element", pa.struct(list(tables[table]))))) for table in CHILDREN]
    fields.append(pa.field("skipped", pa.struct(list(tables["skipped"]))))
    spark_schema = from_arrow_schema(pa.schema(fields))
    return spark_schema, to_arrow_schema(spark_schema, timezone="UTC")


def _sources(spark: SparkSession, inputs: SparkInputs, settings: Settings) -> list[tuple[str, DataFrame]]:
    from pyspark.sql import functions as F

    frames: list[tuple[str, DataFrame]] = []
    if inputs.jsonl:
        frames.append(("jsonl", spark.read.text(inputs.jsonl).withColumn("_source", F.input_file_name())))
    if inputs.parquet:
        frames.append(("parquet", spark.read.parquet(*inputs.parquet).withColumn("_source", F.input_file_name())))
    if inputs.local_files:
        # One file per partition: a file is the unit of work, and a WARC holds thousands of pages.
        files = spark.createDataFrame([(p,) for p in inputs.local_files], "path string")
        frames.append(("local", files.repartition(len(inputs.local_files))))
    if inputs.remote_files:
        frames.append(("remote", spark.read.format("binaryFile").load(inputs.remote_files).select("path", "content")))
    return frames


def run_spark(paths: Sequence[str], settings: Settings, out: str, defaults: SourceMeta | None = None,
              spark: SparkSession | None = None, master: str | None = None, corpus: bool = True) -> SparkReport:
    """Analyse `paths` on Spark and write the exchange tables (Parquet) under `out`; with `corpus`, the corpus
    stages then run as Spark jobs over them and write their tables there too (see engines.spark_corpus)."""
    from pyspark import StorageLevel
    from pyspark.sql import functions as F

    from tidings.engines.tables import CHILDREN

    inputs = sort_inputs(paths)
    if inputs.empty:
        detail = "; ".join(s.line() for s in inputs.skipped) or "no inputs given"
        raise TidingsError("E010", f"nothing to read ({detail}); nothing was run")
    spark = spark or spark_session(master, local_partitions(settings))
    spark_schema, arrow_schema = result_schemas()
    results = None
    for kind, frame in _sources(spark, inputs, settings):
        part = frame.mapInArrow(analyze_partition(kind, settings, defaults, arrow_schema), spark_schema)
        results = part if results is None else results.unionByName(part)
    if inputs.skipped:
        when = dt.datetime.now(dt.timezone.utc)
        rows = [result_row(s, when) for s in inputs.skipped]
        rows = [tuple(row.get(name) for name in spark_schema.fieldNames()) for row in rows]
        missing = spark.createDataFrame(rows, spark_schema)
        results = missing if results is None else results.unionByName(missing)
    # Written from disk, not recomputed: each output table reads this one analysis pass.
    results = results.persist(StorageLevel.DISK_ONLY)
    try:
        # Kept too, so that every table takes the same copy of an article read twice.
        articles = _first_per_article(results).persist(StorageLevel.DISK_ONLY)
        out = out.rstrip("/")
        articles.select("article.*").write.mode("overwrite").parquet(f"{out}/articles")
        for table in CHILDREN:
            articles.select(F.explode(table).alias("item")).select("item.*") \
                .write.mode("overwrite").parquet(f"{out}/{table}")
        skipped = results.where(F.col("skipped").isNotNull()).select("skipped.*")
        skipped.write.mode("overwrite").parquet(f"{out}/skipped")
        counts = articles.select(F.count("*").alias("n"), F.sum(F.size("events")).alias("events")).collect()[0]
        report = SparkReport(out, counts["n"], counts["events"] or 0, skipped.count())
        articles.unpersist()
    finally:
        results.unpersist()
    if corpus and report.articles:
        from tidings.engines.spark_corpus import run_corpus

        report.corpus = run_corpus(spark, out)
    return report


def _first_per_article(results: DataFrame) -> DataFrame:
    """One row per article id: the same text read twice (two files, two crawls) is one article."""
    from pyspark.sql import functions as F

    keyed = results.where(F.col("article").isNotNull()).withColumn("_id", F.col("article.id"))
    return keyed.dropDuplicates(["_id"]).drop("_id")
