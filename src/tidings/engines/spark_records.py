"""Event records, response links, cross-article disputes and dyad series as Spark jobs.

Each reuses the local stage on the part of the corpus it depends on: records are merged per merge block
(type, actors, recipients, modality: events of different blocks never merge), links are found among the events
of sentences with a response cue and the records of the reverse dyads, disputes per story; dyad series are
Spark aggregations over the records placed in their periods.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TYPE_CHECKING

from tidings.corpus.dyads import placed
from tidings.corpus.links import find_cues, link_records, record_pairs
from tidings.corpus.merge import block_key, merge_events
from tidings.corpus.params import CorpusParams
from tidings.engines.spark_buckets import bucket_of
from tidings.records import Article, Claim, Event, EventRecord

if TYPE_CHECKING:
    import pandas as pd
    from pyspark.sql import DataFrame


def _blocked():
    def run(frames: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
        for frame in frames:
            keys = []
            for payload in frame["payload"]:
                kind, actors, recipients, modality = block_key(Event.from_dict(json.loads(payload)))
                keys.append(json.dumps([kind, sorted(actors), sorted(recipients), modality]))
            yield frame.assign(block=keys)
    return run


def _merge_block(frame: pd.DataFrame) -> pd.DataFrame:
    import pandas as pd

    events = [Event.from_dict(json.loads(p)) for p in frame["payload"]]
    articles = {}
    # Originals too: a copy's confidence counts under its original's outlet.
    for payload in [*frame["article"], *frame["original"]]:
        if isinstance(payload, str):
            article = Article.from_dict(json.loads(payload))
            articles[article.id] = article
    # Missing values arrive from pandas as NaN or None: only strings are ids.
    membership = {a: s for a, s in zip(frame["article_id"], frame["story_id"]) if isinstance(s, str)}
    canonical = {a: c for a, c in zip(frame["article_id"], frame["canonical_id"]) if isinstance(c, str) and a != c}
    records = merge_events(events, articles, membership, canonical)
    return pd.DataFrame({"id": [r.id for r in records], "payload": [json.dumps(r.as_dict()) for r in records]})


def record_frames(events: DataFrame, slim_articles: DataFrame, membership: DataFrame,
                  canonical: DataFrame) -> DataFrame:
    """(id, payload) per EventRecord. `events`: (id, article_id, payload); `slim_articles`: (id, article) with
    the article's JSON minus its text (merging reads dates and outlets only)."""
    from pyspark.sql import functions as F

    keyed = events.mapInPandas(_blocked(), "id string, article_id string, payload string, block string")
    rows = keyed.join(slim_articles.withColumnRenamed("id", "article_id"), "article_id") \
        .join(membership, "article_id", "left") \
        .join(canonical.withColumnRenamed("id", "article_id"), "article_id", "left") \
        .join(slim_articles.select(F.col("id").alias("canonical_id"), F.col("article").alias("original")),
              "canonical_id", "left") \
        .select("block", "article_id", "payload", "article", "story_id", "canonical_id", "original")
    return rows.groupBy(bucket_of(rows, "block")).applyInPandas(_merge_block, "id string, payload string")


def _cue_events(params: CorpusParams):
    def run(frames: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
        for frame in frames:
            keep = []
            for payload in frame["payload"]:
                event = Event.from_dict(json.loads(payload))
                keep.append(bool(event.counted and event.evidence is not None
                                 and find_cues(event.evidence.sentence, params.links)))
            yield frame[keep]
    return run


def _pair_rows(frames: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
    import pandas as pd

    for frame in frames:
        rows = [{"record_id": rid, "actor": a, "recipient": r}
                for rid, payload in zip(frame["id"], frame["payload"])
                for a, r in sorted(record_pairs(EventRecord.from_dict(json.loads(payload))))]
        yield pd.DataFrame(rows, columns=["record_id", "actor", "recipient"])


def _link_subset(params: CorpusParams):
    def run(records: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
        import pandas as pd

        chosen = [EventRecord.from_dict(json.loads(p)) for p in records["payload"]]
        cue_events = {e.id: e for e in (Event.from_dict(json.loads(p)) for p in events["payload"])}
        links = link_records(chosen, cue_events, params)
        return pd.DataFrame({"source": [k.source for k in links], "target": [k.target for k in links],
                             "payload": [json.dumps(k.as_dict()) for k in links]})
    return run


def link_frames(records: DataFrame, events: DataFrame, params: CorpusParams) -> DataFrame:
    """(source, target, payload) per EventLink. Only sentences with a response cue can link, and they can only
    reach the records of their own events and of the reverse dyads, so the local `link_records` runs on that
    part alone (one task: cue sentences are a small share of any corpus)."""
    from pyspark.sql import functions as F

    cue = events.select("id", "payload").mapInPandas(_cue_events(params), "id string, payload string")
    mentions = records.select(F.col("id").alias("record_id"), F.explode(
        F.from_json("payload", "struct<mentions:array<string>>").mentions).alias("id"))
    answering = cue.join(mentions, "id").select("record_id").distinct()
    pairs = records.select("id", "payload").mapInPandas(_pair_rows, "record_id string, actor string, recipient string")
    wanted = answering.join(pairs, "record_id").select(F.col("recipient").alias("actor"),
                                                       F.col("actor").alias("recipient")).distinct()
    answered = pairs.join(wanted, ["actor", "recipient"]).select("record_id").distinct()
    subset = answering.union(answered).distinct().join(records.withColumnRenamed("id", "record_id"), "record_id")
    one = F.lit(0).alias("part")
    return subset.select(one, "payload").groupBy("part").cogroup(cue.select(one, "payload").groupBy("part")) \
        .applyInPandas(_link_subset(params), "source string, target string, payload string")


def with_links(records: DataFrame, links: DataFrame) -> DataFrame:
    """The records with their outgoing response links (`EventRecord.links`), as the local stage sets them."""
    from pyspark.sql import functions as F

    outgoing = links.groupBy("source").agg(F.array_sort(F.collect_list("target")).alias("targets"))
    joined = records.join(outgoing, records.id == outgoing.source, "left").select("id", "payload", "targets")

    def run(frames: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
        for frame in frames:
            payloads = []
            for payload, targets in zip(frame["payload"], frame["targets"]):
                if targets is not None and len(targets):
                    record = EventRecord.from_dict(json.loads(payload))
                    record = record.replace(links=tuple({"type": "response_to", "record": t} for t in targets))
                    payload = json.dumps(record.as_dict())
                payloads.append(payload)
            yield frame[["id"]].assign(payload=payloads)
    return joined.mapInPandas(run, "id string, payload string")


def _dispute_story(frame: pd.DataFrame) -> pd.DataFrame:
    import pandas as pd

    from tidings.corpus.disputes import cross_disputes

    claims = [Claim.from_dict(json.loads(p)) for p in frame["payload"]]
    membership = dict(zip(frame["article_id"], frame["story_id"]))
    found = cross_disputes(claims, membership)
    ids = sorted(found)
    # As JSON text: pandas cannot hand an empty column of lists to Arrow.
    return pd.DataFrame({"claim_id": ids, "disputed_by": [json.dumps(list(found[i])) for i in ids]},
                        columns=["claim_id", "disputed_by"], dtype=object)


def dispute_frames(claims: DataFrame, membership: DataFrame) -> DataFrame:
    """(claim_id, disputed_by): the claims that gain denials from other articles of their story."""
    from pyspark.sql import functions as F

    rows = claims.join(membership, "article_id").select("story_id", "article_id", "payload")
    found = rows.groupBy(bucket_of(rows, "story_id")).applyInPandas(_dispute_story,
                                                                    "claim_id string, disputed_by string")
    return found.select("claim_id", F.from_json("disputed_by", "array<string>").alias("disputed_by"))


DYAD_ROW_SCHEMA = ("actor string, recipient string, period date, record_id string, plover_score double, "
                   "goldstein double, quad_class int, conflict boolean")


def dyad_frames(records: DataFrame, period: str) -> DataFrame:
    """Directed dyad series per `period` over counted records, as `corpus.dyads.dyad_stats` defines them."""
    from pyspark.sql import functions as F

    def run(frames: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
        import pandas as pd

        for frame in frames:
            rows = []
            for payload in frame["payload"]:
                record = EventRecord.from_dict(json.loads(payload))
                when = None if record.modality in ("negated", "hypothetical") else placed(record, period)
                if when is None:
                    continue
                conflict = (record.quad_class in (3, 4) if record.quad_class is not None
                            else record.plover_score is not None and record.plover_score < 0)
                for actor in sorted({a.key for a in record.actor} - {"?"}):
                    for recipient in sorted({r.key for r in record.recipient} - {"?"}):
                        rows.append({"actor": actor, "recipient": recipient, "period": when, "record_id": record.id,
                                     "plover_score": record.plover_score, "goldstein": record.goldstein,
                                     "quad_class": record.quad_class, "conflict": conflict})
            yield pd.DataFrame(rows, columns=DYAD_ROW_SCHEMA_NAMES)

    placed_rows = records.select("payload").mapInPandas(run, DYAD_ROW_SCHEMA)
    quads = [F.sum(F.when(F.col("quad_class") == q, 1).otherwise(0)).alias(f"quad{q}") for q in (1, 2, 3, 4)]
    return placed_rows.groupBy("actor", "recipient", "period").agg(
        F.count("*").alias("count"), F.avg("plover_score").alias("mean_score"),
        F.coalesce(F.sum("goldstein"), F.lit(0.0)).alias("goldstein_sum"),
        (F.sum(F.col("conflict").cast("int")) / F.count("*")).alias("conflict_share"),
        *quads, F.coalesce(F.sum("plover_score"), F.lit(0.0)).alias("plover_sum"),
        F.avg("goldstein").alias("mean_goldstein"), F.array_sort(F.collect_list("record_id")).alias("records"),
    ).select("actor", "recipient", F.lit(period).alias("period_kind"), "period", "count", "mean_score",
             "goldstein_sum", "conflict_share", F.array("quad1", "quad2", "quad3", "quad4").alias("quad_counts"),
             "plover_sum", "mean_goldstein", "records")


DYAD_ROW_SCHEMA_NAMES = [part.split()[0] for part in DYAD_ROW_SCHEMA.split(", ")]
