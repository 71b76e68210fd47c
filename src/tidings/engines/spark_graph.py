"""Connected components of a graph held as a Spark DataFrame of edges, by iterated joins (no GraphFrames).

Each node takes the smallest label among itself and its neighbours, then the label of its label (pointer
jumping), until no label changes; the component's label is its smallest node. Rounds grow with the diameter
of the largest component, which blocking keeps small. A graph of at most `local_edges` edges (a few MB) is
finished on the driver instead: at that size each join round costs far more in job overhead than the work.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tidings.errors import TidingsError

if TYPE_CHECKING:
    from pyspark.sql import DataFrame

MAX_ROUNDS = 64  # pointer jumping needs about log2(diameter) + a few rounds; 64 is far beyond any blocked graph
LOCAL_EDGES = 100_000


def connected_components(edges: DataFrame, max_rounds: int = MAX_ROUNDS, local_edges: int = LOCAL_EDGES) -> DataFrame:
    """(node, component) for every node with an edge to another node (`src`/`dst` strings); component = its
    smallest node.
    Each round is one job (its labels kept with localCheckpoint, so plans stay one round deep) plus a look at
    whether any label moved, answered from those kept labels."""
    from pyspark.sql import functions as F

    both = edges.select("src", "dst").union(edges.select(F.col("dst").alias("src"), F.col("src").alias("dst")))
    both = both.where(F.col("src") != F.col("dst")).distinct().localCheckpoint()
    if local_edges > 0:
        small = both.where(F.col("src") < F.col("dst")).limit(local_edges + 1).collect()
        if len(small) <= local_edges:
            return _small_components(edges.sparkSession, [(row.src, row.dst) for row in small])
    # The smallest neighbour (or the node itself) starts as the label: the first round's spread, for free.
    labels = both.groupBy(F.col("src").alias("node")).agg(F.least(F.min("dst"), F.first("src")).alias("label"))
    labels = labels.localCheckpoint()
    for _ in range(max_rounds):
        spread = both.join(labels, both.dst == labels.node).groupBy("src").agg(F.min("label").alias("near"))
        step = labels.join(spread, labels.node == spread.src, "left") \
            .select("node", F.col("label").alias("was"), F.least("label", F.coalesce("near", "label")).alias("label"))
        # Pointer jumping: a node takes its label's label, halving the distance to the component's root.
        jump = step.alias("a").join(step.alias("b"), F.col("a.label") == F.col("b.node"), "left") \
            .select(F.col("a.node").alias("node"), F.col("a.was").alias("was"),
                    F.least(F.col("a.label"), F.coalesce(F.col("b.label"), F.col("a.label"))).alias("label"))
        jump = jump.localCheckpoint()
        moved = bool(jump.where(F.col("label") != F.col("was")).limit(1).collect())
        labels = jump.select("node", "label")
        if not moved:
            return labels.withColumnRenamed("label", "component")
    raise TidingsError("E107", f"connected components did not settle in {max_rounds} rounds; nothing was written")


def _small_components(spark, pairs: list[tuple[str, str]]) -> DataFrame:
    """Union-find over a few edges; the same (node, component) rows as the join rounds give."""
    from tidings.corpus.duplicates import UnionFind

    # Nodes numbered in sorted order, so a group's root (its smallest number) is its smallest node, which is
    # the label the join rounds converge to.
    nodes = sorted({node for pair in pairs for node in pair})
    number = {node: i for i, node in enumerate(nodes)}
    groups = UnionFind(len(nodes))
    for src, dst in pairs:
        groups.join(number[src], number[dst])
    rows = [(node, nodes[groups.find(i)]) for i, node in enumerate(nodes)]
    return spark.createDataFrame(rows, "node string, component string")

