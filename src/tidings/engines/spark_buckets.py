"""Buckets of independent blocks: one pandas call per bucket instead of one per block.

A corpus stage's blocks (merge blocks, stories, components) never interact, and the local function they run
handles any number of them at once (it runs on the whole corpus in the local engine). Grouping blocks into as
many buckets as the session has shuffle partitions keeps every block whole inside one call while sparing the
per-group cost of `applyInPandas`, which dominates when blocks are many and small.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pyspark.sql import Column, DataFrame


def bucket_of(frame: DataFrame, *keys: str) -> Column:
    """A bucket number for the block named by `keys`: rows of one block always share it."""
    from pyspark.sql import functions as F

    count = int(frame.sparkSession.conf.get("spark.sql.shuffle.partitions") or 200)
    return F.pmod(F.xxhash64(*keys), F.lit(count)).alias("bucket")
