"""The corpus stages as Spark jobs against the local stages, on the example corpus and the seeds (local[2]).

The inputs: the plain-text reports become JSONL records carrying their manifest row
(the Spark engine reads no manifest), the HTML pages and the wire feed go in as they are, and a lightly edited
copy of one seed gives the duplicate stage work.
"""

from __future__ import annotations

import csv
import importlib.util
import json
import shutil

import pytest

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def spark():
    if importlib.util.find_spec("pyspark") is None or shutil.which("java") is None:
        pytest.skip("the spark corpus tests need pyspark (pip install 'tidings[spark]') and Java")
    from tidings.engines.spark import spark_session

    session = spark_session("local[2]")
    yield session
    session.stop()


def _with_manifest(folder, target, name: str) -> None:
    """Text files listed in `folder`'s manifest -> one JSONL of records with their metadata; other files are
    copied as they are."""
    with open(folder / "manifest.csv", newline="", encoding="utf-8") as handle:
        rows = {row["path"]: row for row in csv.DictReader(handle)}
    records = []
    for path in sorted(folder.iterdir()):
        if path.name in ("manifest.csv", "README.md"):
            continue
        row = rows.get(path.name)
        if row is None or path.suffix != ".txt":
            shutil.copy(path, target / f"{name}-{path.name}")
            continue
        meta = {k: v for k, v in row.items() if k != "path" and v}
        records.append({"id": path.stem, **meta, "text": path.read_text(encoding="utf-8")})
    (target / f"{name}-listed.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")


@pytest.fixture(scope="module")
def both_engines(spark, tmp_path_factory, repo_root, shared_dir, settings):
    """The inputs through Spark (article and corpus stages) and `tidings load` into a store; beside it, a store
    of the same article tables whose corpus stages ran locally (`update_corpus_stages`). That the two engines'
    article stages agree is test_spark's concern; parsing everything a second time would double this test."""
    from tidings.engines.load import load_tables
    from tidings.engines.spark import run_spark
    from tidings.pipeline import update_corpus_stages
    from tidings.store import Store

    folder = tmp_path_factory.mktemp("spark-corpus")
    inputs = folder / "in"
    inputs.mkdir()
    _with_manifest(repo_root / "examples" / "corpus", inputs, "example")
    _with_manifest(shared_dir / "seeds", inputs, "seeds")
    seed = sorted((shared_dir / "seeds").glob("*.txt"))[0]
    text = seed.read_text(encoding="utf-8")
    (inputs / "copy_of_seed.txt").write_text(text.replace("\n\n", "\n\nUpdated. ", 1), encoding="utf-8")
    report = run_spark([str(inputs)], settings, str(folder / "out"), spark=spark)
    with Store.open(folder / "spark.duckdb") as store:
        load_tables(folder / "out", store)
    with Store.open(folder / "local.duckdb") as store:
        load_tables(folder / "out", store, corpus=False)
        update_corpus_stages(store)
    return {"local": folder / "local.duckdb", "spark": folder / "spark.duckdb", "out": folder / "out",
            "report": report}


def _record_key(record) -> tuple:
    return (record.type, tuple(sorted(a.key for a in record.actor)), tuple(sorted(r.key for r in record.recipient)),
            tuple(sorted(record.articles)), record.num_sources)


def _corpus(path):
    from tidings.store import Store

    with Store.open(path) as store:
        stored = store.records()
        records = [r.as_dict() for r in stored]
        return {
            "articles": sorted((a.replace(ingested=None, path=None) for a in store.articles()), key=lambda a: a.id),
            "events": sorted(store.events(), key=lambda e: e.id),
            "stories": sorted((sorted(s.articles) for s in store.stories())),
            "story_rows": sorted((s.as_dict() for s in store.stories()), key=lambda s: s["id"]),
            "record_keys": sorted(_record_key(r) for r in stored),
            "records": sorted(records, key=lambda r: r["id"]),
            "links": sorted((link.as_dict() for link in store.links()), key=lambda k: (k["source"], k["target"])),
            "duplicates": store.sql("SELECT * FROM duplicates ORDER BY article_id").to_pylist(),
            "disputes": store.sql("SELECT id, disputed_by FROM claims WHERE len(disputed_by) > 0 "
                                  "ORDER BY id").to_pylist(),
            "signatures": store.sql("SELECT * FROM minhashes ORDER BY ALL").to_pylist(),
            # The store's derived tables too: a loaded store must answer queries as a local one does.
            "record_list": store.sql("SELECT * FROM record_list ORDER BY ALL").to_pylist(),
            "story_articles": store.sql("SELECT * FROM story_articles ORDER BY ALL").to_pylist(),
            "summary": store.summary(),
        }


def test_spark_corpus_gives_the_local_stories_records_and_links(both_engines):
    local, spark = _corpus(both_engines["local"]), _corpus(both_engines["spark"])
    assert local["records"] and local["links"] and local["duplicates"], "the corpus should exercise every stage"
    assert len(local["stories"]) < len({a for s in local["stories"] for a in s}), "some story should gather"
    assert local["disputes"], "the seeds hold a claim disputed across articles"
    # Coarse keys first, so that a difference reads as which story or record differs.
    for table in ("articles", "events", "stories", "record_keys", "links", "duplicates", "disputes",
                  "story_rows", "records", "signatures", "record_list", "story_articles", "summary"):
        assert spark[table] == local[table], table
    report = both_engines["report"].corpus
    assert (report.stories, report.records, report.links, report.duplicates) == (
        len(local["stories"]), len(local["records"]), len(local["links"]), len(local["duplicates"]))


def test_spark_corpus_dyad_series_match_the_local_series(both_engines):
    import pyarrow.parquet as pq

    from tidings.corpus.dyads import dyad_stats
    from tidings.corpus.params import CorpusParams
    from tidings.store import Store

    period = CorpusParams.load().relations.period
    with Store.open(both_engines["local"]) as store:
        expected = dyad_stats(store.records(), period)
    rows = pq.read_table(both_engines["out"] / "dyads").to_pylist()
    got = {(r["actor"], r["recipient"], r["period"]): r for r in rows}
    assert len(got) == len(expected) and expected
    for stats in expected:
        row = got[(stats.actor, stats.recipient, stats.period)]
        assert row["period_kind"] == period and row["count"] == stats.count
        assert tuple(row["quad_counts"]) == stats.quad_counts
        assert sorted(row["records"]) == sorted(stats.records)
        assert row["goldstein_sum"] == pytest.approx(stats.goldstein_sum)
        assert row["conflict_share"] == pytest.approx(stats.conflict_share)
        if stats.mean_score is None:
            assert row["mean_score"] is None
        else:
            assert row["mean_score"] == pytest.approx(stats.mean_score)


def test_spark_corpus_tables_are_queryable_in_place(both_engines):
    import duckdb

    out = both_engines["out"]
    count = duckdb.sql(f"SELECT count(*) FROM read_parquet('{out}/records/*.parquet') "
                       "WHERE num_sources >= 2").fetchall()[0][0]
    assert count >= 1  # the expulsion both seeds report is one record with two sources


@pytest.mark.parametrize("local_edges", [0, 100])
def test_spark_corpus_connected_components_by_join_rounds_and_on_the_driver(spark, local_edges):
    from tidings.engines.spark_graph import connected_components

    # A long chain (several pointer-jumping rounds), a star, a pair joined twice, an isolated self-loop.
    chain = [(f"c{i:02d}", f"c{i + 1:02d}") for i in range(12)]
    star = [("s0", f"s{i}") for i in range(1, 5)]
    edges = spark.createDataFrame([*reversed(chain), *star, ("p2", "p1"), ("p1", "p2"), ("z", "z")],
                                  "src string, dst string")
    rows = connected_components(edges, local_edges=local_edges).collect()
    got = {row.node: row.component for row in rows}
    assert got == {**{f"c{i:02d}": "c00" for i in range(13)}, **{f"s{i}": "s0" for i in range(5)},
                   "p1": "p1", "p2": "p1"}
