"""Duplicate articles as Spark jobs, with the local stage's MinHash parameters (corpus.toml).

Signatures are computed per Arrow batch by `corpus.duplicates.signatures` itself; each LSH band (the bands
datasketch derives from the threshold) becomes a (band, values) key, and a groupBy-style self-join on it gives
the candidate pairs, kept when their estimated similarity reaches the threshold. With same-text and same-URL
pairs they form a graph whose connected components are the only places a group can form; each component then
goes through the local `find_duplicates`, so groups and canonical articles are the local engine's.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tidings.corpus.duplicates import (LSH_WEIGHTS, MinHashParams, find_duplicates, signatures, text_key,
                                       url_key)
from tidings.corpus.params import DuplicateParams
from tidings.engines.spark_buckets import bucket_of
from tidings.engines.spark_graph import connected_components
from tidings.records import Article

if TYPE_CHECKING:
    import pandas as pd
    from pyspark.sql import DataFrame

SIGNATURE_SCHEMA = "id string, signature array<bigint>, empty boolean, text_key string, url_key string"


@dataclass(slots=True)
class DuplicateFrames:
    canonical: DataFrame  # (id, canonical_id) for the members of groups of two or more
    duplicates: DataFrame  # (article_id, payload): a corpus.duplicates.Duplicate as JSON
    signatures: DataFrame  # (article_id, signature)


def _signature_rows(params: MinHashParams):
    def run(frames: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
        import numpy as np
        import pandas as pd

        empty = np.iinfo(np.uint32).max
        for frame in frames:
            articles = [Article.from_dict(json.loads(p)) for p in frame["payload"]]
            sigs = signatures(articles, params)
            yield pd.DataFrame({
                "id": [a.id for a in articles],
                "signature": [row.astype(np.int64).tolist() for row in sigs.matrix],
                "empty": [bool((row == empty).all()) for row in sigs.matrix],
                "text_key": [text_key(a.text) for a in articles],
                "url_key": [url_key(a.url) for a in articles],
            })
    return run


def _key_edges(sigs: DataFrame, column: str) -> DataFrame:
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    keyed = sigs.where(F.col(column).isNotNull()).select("id", column)
    first = F.min("id").over(Window.partitionBy(column))
    return keyed.select(F.col("id").alias("src"), first.alias("dst")).where(F.col("src") != F.col("dst"))


def _group_duplicates(params: DuplicateParams):
    def run(frame: pd.DataFrame) -> pd.DataFrame:
        import pandas as pd

        articles = [Article.from_dict(json.loads(p)) for p in frame["payload"]]
        groups = find_duplicates(articles, params)
        payloads = {d.article_id: json.dumps(d.as_dict()) for d in groups.duplicates}
        ids = sorted(groups.canonical)
        return pd.DataFrame({"id": ids, "canonical_id": [groups.canonical[i] for i in ids],
                             "payload": [payloads.get(i) for i in ids]})
    return run


def duplicate_frames(articles: DataFrame, params: DuplicateParams) -> DuplicateFrames:
    """`articles`: (id, payload) with an Article as JSON."""
    from datasketch import MinHashLSH
    from pyspark.sql import functions as F

    wanted = MinHashParams.of(params)
    sigs = articles.select("payload").mapInPandas(_signature_rows(wanted), SIGNATURE_SCHEMA).localCheckpoint()
    ranges = MinHashLSH(threshold=params.threshold, num_perm=params.num_perm, weights=LSH_WEIGHTS).hashranges
    keys = [F.concat_ws(",", F.slice("signature", start + 1, end - start).cast("array<string>"))
            for start, end in ranges]
    bands = sigs.where(~F.col("empty")).select("id", F.posexplode(F.array(*keys)).alias("band", "key"))
    a, b = bands.alias("a"), bands.alias("b")
    pairs = a.join(b, (F.col("a.band") == F.col("b.band")) & (F.col("a.key") == F.col("b.key"))
                   & (F.col("a.id") < F.col("b.id"))) \
        .select(F.col("a.id").alias("src"), F.col("b.id").alias("dst")).distinct()
    left = sigs.select(F.col("id").alias("src"), F.col("signature").alias("one"))
    right = sigs.select(F.col("id").alias("dst"), F.col("signature").alias("two"))
    equal = F.aggregate(F.zip_with("one", "two", lambda x, y: F.when(x == y, 1).otherwise(0)), F.lit(0),
                        lambda total, x: total + x)
    similar = pairs.join(left, "src").join(right, "dst") \
        .where(equal / F.lit(params.num_perm) >= F.lit(params.threshold)).select("src", "dst")
    edges = similar.union(_key_edges(sigs, "text_key")).union(_key_edges(sigs, "url_key"))
    components = connected_components(edges)
    grouped = components.join(articles, components.node == articles.id).select("component", "payload")
    result = grouped.groupBy(bucket_of(grouped, "component")).applyInPandas(
        _group_duplicates(params), "id string, canonical_id string, payload string").localCheckpoint()
    canonical = result.select("id", "canonical_id")
    duplicates = result.where(F.col("payload").isNotNull()).select(F.col("id").alias("article_id"), "payload")
    return DuplicateFrames(canonical, duplicates,
                           sigs.select(F.col("id").alias("article_id"), "signature"))
