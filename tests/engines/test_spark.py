"""The Spark engine against the local engine on a small hand-made corpus (JSONL, Parquet and WARC inputs)."""

from __future__ import annotations

import importlib.util
import io
import json
import shutil

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from tidings.engines.spark import is_remote, sort_inputs

ARTICLES = [
    {"id": "jp-ru", "published": "2022-10-04", "outlet": "Harbor Wire",
     "text": "Japan expelled a Russian diplomat on Tuesday after Moscow detained a Japanese consul in Vladivostok. "
             "The foreign ministry in Tokyo said the expulsion was a response to the detention."},
    {"published": "2022-11-07", "outlet": "Capital Desk",
     "text": "The United States imposed new sanctions on Iran on Monday, the Treasury said. Iran condemned the "
             "sanctions and accused Washington of waging economic war."},
    {"text": "too short"},
]
PARQUET_ARTICLE = {
    "url": "https://news.example/talks", "published": "2022-11-02", "outlet": "Meridian Times",
    "text": "Ethiopia and the Tigray People's Liberation Front signed a truce in Pretoria on Wednesday, the "
            "African Union said. Both sides agreed to disarm and to restore services to the region.",
}
PAGE = """<!DOCTYPE html><html><head><title>Seoul protests launch</title>
<meta property="og:site_name" content="Northern Ledger">
<meta property="article:published_time" content="2022-10-06T08:00:00Z"></head>
<body><article><h1>Seoul protests launch</h1>
<p>South Korea condemned North Korea on Thursday for firing a ballistic missile over the sea, and summoned
envoys to discuss new sanctions against Pyongyang.</p>
<p>The foreign ministry in Seoul said the launch threatened peace on the peninsula.</p></article></body></html>"""


def test_spark_sort_inputs_by_reader(tmp_path):
    for name in ("a.jsonl", "b.parquet", "c.warc.gz", "d.html"):
        (tmp_path / name).write_text("x")
    inputs = sort_inputs([str(tmp_path), "s3a://bucket/news/part.jsonl", "hdfs://nn/crawl/x.warc.gz",
                          str(tmp_path / "nothing*.txt")])
    assert [p.rsplit("/", 1)[-1] for p in inputs.jsonl] == ["a.jsonl", "part.jsonl"]
    assert [p.rsplit("/", 1)[-1] for p in inputs.parquet] == ["b.parquet"]
    assert [p.rsplit("/", 1)[-1] for p in inputs.local_files] == ["c.warc.gz", "d.html"]
    assert inputs.remote_files == ["hdfs://nn/crawl/x.warc.gz"]
    assert [s.code for s in inputs.skipped] == ["E010"]
    assert is_remote("gs://b/x") and not is_remote("file:///tmp/x") and not is_remote("C:/news/x.txt")


def _corpus(folder) -> list[str]:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    folder.mkdir()
    lines = [json.dumps(a) for a in ARTICLES] + ["{not json"]
    (folder / "wire.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    pq.write_table(pa.Table.from_pylist([PARQUET_ARTICLE]), folder / "desk.parquet")
    with open(folder / "crawl.warc.gz", "wb") as out:
        writer = WARCWriter(out, gzip=True)
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.0")
        writer.write_record(writer.create_warc_record("https://ledger.example/seoul", "response",
                                                      payload=io.BytesIO(PAGE.encode()), http_headers=headers))
    return [str(folder / n) for n in ("wire.jsonl", "desk.parquet", "crawl.warc.gz")]


def _comparable(store):
    articles = sorted((a.replace(ingested=None, path=None) for a in store.articles()), key=lambda a: a.id)
    return {
        "articles": articles,
        "events": sorted(store.events(), key=lambda e: e.id),
        "mentions": sorted(store.mentions(), key=lambda m: (m.article_id, m.start, m.end, m.kind)),
        "quotes": sorted(store.quotes(), key=lambda q: q.id),
        "claims": sorted(store.claims(), key=lambda c: c.id),
        "records": sorted((r.as_dict() for r in store.records()), key=lambda r: r["id"]),
        "links": sorted((link.as_dict() for link in store.links()), key=lambda link: (link["source"], link["target"])),
    }


def _stories(store):
    return sorted((s.as_dict() for s in store.stories()), key=lambda s: s["id"])


@pytest.fixture(scope="module")
def both_engines(tmp_path_factory, settings):
    """The hand-made corpus through the local engine and through Spark (article and corpus stages, one run
    shared by the tests here), each loaded into a store of its own."""
    if importlib.util.find_spec("pyspark") is None or shutil.which("java") is None:
        pytest.skip("the spark engine test needs pyspark (pip install 'tidings[spark]') and Java")
    from tidings.engines.load import load_tables
    from tidings.engines.spark import run_spark, spark_session
    from tidings.pipeline import run
    from tidings.store import Store

    tmp_path = tmp_path_factory.mktemp("spark-engine")
    paths = [*_corpus(tmp_path / "in"), str(tmp_path / "in" / "missing*.jsonl")]
    local = settings.replace(db=tmp_path / "local.duckdb", progress="none")
    local_report = run(paths, local)
    spark = spark_session("local[2]")
    try:
        report = run_spark(paths, settings, str(tmp_path / "out"), spark=spark)
    finally:
        spark.stop()
    with Store.open(tmp_path / "spark.duckdb") as store:
        load_tables(tmp_path / "out", store)
        spark_side = _comparable(store) | {"stories": _stories(store)}
        skipped_codes = sorted(row["code"] for row in store.sql("SELECT code FROM skipped").to_pylist())
    with Store.open(local.db) as store:
        local_side = _comparable(store) | {"stories": _stories(store)}
    return {"local_report": local_report, "report": report, "local": local_side, "spark": spark_side,
            "skipped_codes": skipped_codes}


@pytest.mark.slow
def test_spark_engine_gives_the_local_engine_events(both_engines):
    local_report, report = both_engines["local_report"], both_engines["report"]
    assert local_report.written == 4
    assert report.articles == 4 and report.skipped == 3
    local_side, spark_side = both_engines["local"], both_engines["spark"]
    assert spark_side["events"], "the corpus should code some events"
    for table in ("articles", "events", "mentions", "quotes", "claims"):
        assert spark_side[table] == local_side[table], table
    assert sorted(s.code for s in local_report.skipped) == both_engines["skipped_codes"] == ["E004", "E006", "E010"]


@pytest.mark.slow
def test_spark_engine_corpus_stage_gives_the_local_stories_and_records(both_engines):
    local_side, spark_side = both_engines["local"], both_engines["spark"]
    assert local_side["records"], "the corpus should merge some records"
    for table in ("stories", "records", "links"):
        assert spark_side[table] == local_side[table], table
    assert both_engines["report"].corpus.stories == len(local_side["stories"])


def test_spark_local_partitions_reads_the_setting(monkeypatch):
    from tidings.config import Settings
    from tidings.engines.spark import local_partitions
    from tidings.errors import TidingsError

    monkeypatch.delenv("TIDINGS_SPARK_PARTITIONS", raising=False)
    assert local_partitions() == Settings().spark_partitions
    assert local_partitions(Settings.load(spark_partitions=12)) == 12
    monkeypatch.setenv("TIDINGS_SPARK_PARTITIONS", "7")
    assert local_partitions() == 7
    for bad in ("0", "many", "-3"):
        monkeypatch.setenv("TIDINGS_SPARK_PARTITIONS", bad)
        with pytest.raises(TidingsError, match="spark_partitions"):
            local_partitions()
