"""Story grouping as Spark jobs: corpus-wide TF-IDF weights, blocks that cannot touch, the local grouper per block.

The local grouper (corpus.stories) is an online pass in publication order; an article only ever meets the
stories found through its index keys (its heaviest terms and its dyads) in the weeks its window reaches. So:

1. Document frequencies are counted by Spark over the whole corpus, and each article's vector is weighted by
   them exactly as the local fit weights it (same analyzer, same float32 arithmetic, terms in the order the
   local fit first meets them, which decides ties).
2. Every article links to a (key, week) node for each key it is indexed under and each one it looks up; a
   key that some undated article holds is one node for all weeks (undated articles see every week). Copies
   link to their originals. The connected components of that graph are blocks no story can cross.
3. Each block runs `group_stories` with those vectors (applyInPandas), so its stories are the local engine's.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import TYPE_CHECKING

from tidings.corpus.dates import published
from tidings.corpus.params import CorpusParams
from tidings.corpus.stories import article_dyads, group_stories, story_vectorizer, top_terms
from tidings.engines.spark_buckets import bucket_of
from tidings.engines.spark_graph import connected_components
from tidings.records import Article, Event

if TYPE_CHECKING:
    import pandas as pd
    from pyspark.sql import DataFrame

FIRST = "struct<missing:boolean,day:string,id:string,pos:int>"
TOKEN_SCHEMA = f"id string, term string, first {FIRST}"
VECTOR_SCHEMA = ("id string, terms array<string>, weights array<double>, keys array<string>, week int, "
                 "lookups array<int>")
SEP = "\x1f"


def _text(article: Article) -> str:
    return f"{article.title or ''}\n{article.text}"  # what the local grouper vectorizes


def _tokens():
    def run(frames: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
        import pandas as pd

        analyze = story_vectorizer().build_analyzer()
        for frame in frames:
            rows: list[dict] = []
            for payload in frame["payload"]:
                article = Article.from_dict(json.loads(payload))
                when = published(article)
                seen: dict[str, int] = {}
                for position, term in enumerate(analyze(_text(article))):
                    seen.setdefault(term, position)
                day = (when or dt.date.max).isoformat()
                rows.extend({"id": article.id, "term": term,
                             "first": {"missing": when is None, "day": day, "id": article.id, "pos": pos}}
                            for term, pos in seen.items())
            yield pd.DataFrame(rows, columns=["id", "term", "first"])
    return run


def _weights(documents: int, params: CorpusParams):
    """Vectors as the local fit makes them: counts, then sklearn's own idf formula over the corpus counts."""
    stories = params.stories
    reach = dt.timedelta(stories.window_days)

    def run(frames: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
        import numpy as np
        import pandas as pd
        from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer

        for frame in frames:
            articles = [Article.from_dict(json.loads(p)) for p in frame["payload"]]
            known: dict[str, tuple] = {}
            for terms in frame["terms"]:
                for item in (terms if terms is not None else ()):
                    first = item["first"]
                    known[item["term"]] = ((first["missing"], first["day"], first["id"], first["pos"]), item["df"])
            # Ids in the order the local fit first met the terms: its rows keep that order, and ties follow it.
            vocabulary = sorted(known, key=lambda t: known[t][0])
            vectors: list[dict[str, float]] = [{} for _ in articles]
            if vocabulary:
                options = {k: v for k, v in story_vectorizer().get_params().items()
                           if k in CountVectorizer().get_params()}
                counter = CountVectorizer(**{**options, "vocabulary": {t: i for i, t in enumerate(vocabulary)}})
                counts = counter.fit_transform([_text(a) for a in articles])
                df = np.asarray([known[t][1] for t in vocabulary], dtype=np.float32) + np.float32(1.0)
                idf = np.full_like(df, fill_value=documents + 1, dtype=np.float32)
                idf /= df
                np.log(idf, out=idf)
                idf += np.float32(1.0)
                weigh = TfidfTransformer(sublinear_tf=True)
                weigh.idf_ = idf
                weigh.n_features_in_ = len(vocabulary)
                matrix = weigh.transform(counts, copy=False).tocsr()
                vectors = [{vocabulary[t]: w for t, w in top_terms(matrix, i, stories.max_terms).items()}
                           for i in range(len(articles))]
            rows = []
            for article, vector, events in zip(articles, vectors, frame["events"]):
                dyads = article_dyads(Event.from_dict(json.loads(e)) for e in (events if events is not None else ()))
                keys = [f"t{SEP}{t}" for t in list(vector)[: stories.index_terms]]
                keys += [f"d{SEP}{a}{SEP}{b}" for a, b in sorted(dyads)]
                when = published(article)
                lookups = (list(range((when - reach).toordinal() // 7, (when + reach).toordinal() // 7 + 1))
                           if when else None)
                rows.append({"id": article.id, "terms": list(vector), "weights": list(vector.values()),
                             "keys": keys, "week": when.toordinal() // 7 if when else None, "lookups": lookups})
            yield pd.DataFrame(rows, columns=["id", "terms", "weights", "keys", "week", "lookups"])
    return run


def story_vectors(articles: DataFrame, params: CorpusParams) -> DataFrame:
    """`articles`: (id, payload, events). Out: each article's vector, index keys, week and looked-up weeks."""
    from pyspark.sql import functions as F

    tokens = articles.select("payload").mapInPandas(_tokens(), TOKEN_SCHEMA)
    frequencies = tokens.groupBy("term").agg(F.count("*").alias("df"), F.min("first").alias("first"))
    documents = articles.count()
    terms = tokens.select("id", "term").join(frequencies, "term") \
        .groupBy("id").agg(F.collect_list(F.struct("term", "df", "first")).alias("terms"))
    joined = articles.join(terms, "id", "left").select("payload", "events", "terms")
    return joined.mapInPandas(_weights(documents, params), VECTOR_SCHEMA)


def story_blocks(vectors: DataFrame, canonical: DataFrame) -> DataFrame:
    """(id, block) for every article: articles of different blocks can never meet in the grouping."""
    from pyspark.sql import functions as F

    entries = vectors.select("id", F.explode("keys").alias("key"), "week", "lookups")
    undated = entries.where(F.col("week").isNull()).select("key").distinct().withColumn("all_weeks", F.lit(True))
    indexed = entries.select("key", "week").where(F.col("week").isNotNull()).distinct()
    looked = entries.where(F.col("week").isNotNull()) \
        .select("id", "key", F.explode("lookups").alias("week")).join(indexed, ["key", "week"], "left_semi")
    touches = entries.select("id", "key", "week").union(looked.select("id", "key", "week")) \
        .join(undated, "key", "left")
    node = F.concat(F.lit(f"k{SEP}"), F.col("key"), F.lit("@"),
                    F.when(F.col("all_weeks"), F.lit("*")).otherwise(F.col("week").cast("string")))
    edges = touches.select(F.concat(F.lit(f"a{SEP}"), F.col("id")).alias("src"), node.alias("dst"))
    copies = canonical.where(F.col("id") != F.col("canonical_id")).select(
        F.concat(F.lit(f"a{SEP}"), F.col("id")).alias("src"),
        F.concat(F.lit(f"a{SEP}"), F.col("canonical_id")).alias("dst"))
    components = connected_components(edges.union(copies))
    of_articles = components.where(F.col("node").startswith(f"a{SEP}")) \
        .select(F.expr("substring(node, 3)").alias("id"), "component")
    return vectors.select("id").join(of_articles, "id", "left") \
        .select("id", F.coalesce("component", F.concat(F.lit(f"a{SEP}"), F.col("id"))).alias("block"))


def _group_block(params: CorpusParams):
    def run(frame: pd.DataFrame) -> pd.DataFrame:
        import pandas as pd

        articles = [Article.from_dict(json.loads(p)) for p in frame["payload"]]
        events = [Event.from_dict(json.loads(e)) for group in frame["events"] if group is not None for e in group]
        vectors = {a.id: dict(zip(terms, weights)) for a, terms, weights
                   in zip(articles, frame["terms"], frame["weights"])}
        canonical = {a: c for a, c in zip(frame["id"], frame["canonical_id"]) if isinstance(c, str) and a != c}
        assignment = group_stories(articles, events, params=params, canonical=canonical, vectors=vectors)
        return pd.DataFrame({"story_id": [s.id for s in assignment.stories],
                             "payload": [json.dumps(s.as_dict()) for s in assignment.stories]})
    return run


def story_frames(articles: DataFrame, canonical: DataFrame, params: CorpusParams) -> DataFrame:
    """(story_id, payload) with each Story as JSON; `articles`: (id, payload, events)."""
    vectors = story_vectors(articles, params).localCheckpoint()
    blocks = story_blocks(vectors, canonical)
    rows = articles.join(vectors.select("id", "terms", "weights"), "id").join(blocks, "id") \
        .join(canonical, "id", "left").select("block", "id", "payload", "events", "terms", "weights", "canonical_id")
    return rows.groupBy(bucket_of(rows, "block")).applyInPandas(_group_block(params), "story_id string, payload string")
