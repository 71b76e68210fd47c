"""The Parquet exchange tables an engine writes and `tidings load` reads: one table per store table.

The store's migration is the one definition of each table: the Arrow schemas here are read from a fresh
in-memory store, so an engine's Parquet always has the columns and types the store expects. Fixed-size lists
become plain lists because Spark (and most Parquet readers) have no fixed-size list type.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import pyarrow as pa

from tidings.errors import Skipped
from tidings.records import Article, ArticleAnalysis, Claim, Event, Mention, Quote
from tidings.store.rows import arrow_rows, to_row

# Article-stage tables, in the order they are written and loaded.
TABLES = ("articles", "mentions", "events", "quotes", "claims", "skipped")
# Each child table's list field on ArticleAnalysis and its record type.
CHILDREN: dict[str, tuple[str, type]] = {
    "mentions": ("mentions", Mention),
    "events": ("events", Event),
    "quotes": ("quotes", Quote),
    "claims": ("claims", Claim),
}


def _portable(kind: pa.DataType) -> pa.DataType:
    """The type with fixed-size lists as lists and list items named 'element' (Parquet's standard name)."""
    if pa.types.is_fixed_size_list(kind) or pa.types.is_list(kind) or pa.types.is_large_list(kind):
        return pa.list_(pa.field("element", _portable(kind.value_type)))
    if pa.types.is_struct(kind):
        return pa.struct([pa.field(f.name, _portable(f.type), f.nullable) for f in kind])
    if pa.types.is_map(kind):
        return pa.map_(_portable(kind.key_type), _portable(kind.item_type))
    if pa.types.is_timestamp(kind):
        return pa.timestamp("us", tz="UTC")
    return kind


def store_schemas(tables: tuple[str, ...] = TABLES) -> dict[str, pa.Schema]:
    """Arrow schema of each exchange table (or of the store `tables` named), read from the store migrations;
    the store's own ordering column `seq` is left out of tables other than the article stage's."""
    import duckdb

    from tidings.store import migrations

    con = duckdb.connect()
    try:
        migrations.migrate(con, ":memory:")
        schemas = {}
        for table in tables:
            schema = con.sql(f"SELECT * FROM {table} LIMIT 0").to_arrow_table().schema
            schemas[table] = pa.schema([pa.field(f.name, _portable(f.type)) for f in schema
                                        if table in TABLES or f.name != "seq"])
        return schemas
    finally:
        con.close()


@dataclass(slots=True)
class TableRows:
    """Rows for each exchange table, gathered from a batch of analyses and skipped inputs."""

    rows: dict[str, list[dict[str, Any]]]

    @classmethod
    def of(cls, results: Iterable[ArticleAnalysis | Skipped], when: Any) -> "TableRows":
        rows: dict[str, list[dict[str, Any]]] = {t: [] for t in TABLES}
        for result in results:
            if isinstance(result, Skipped):
                rows["skipped"].append({"origin": result.origin, "code": result.code, "detail": result.detail,
                                        "when": when})
                continue
            rows["articles"].append(to_row(result.article))
            for table, (attribute, _) in CHILDREN.items():
                rows[table].extend(to_row(item, seq=i) for i, item in enumerate(getattr(result, attribute)))
        return cls(rows)

    def arrow(self, table: str, schema: pa.Schema) -> pa.Table:
        names = set(schema.names)
        return pa.Table.from_pylist([{k: v for k, v in row.items() if k in names} for row in self.rows[table]],
                                    schema=schema)


def analyses_from_tables(tables: dict[str, pa.Table]) -> Iterator[ArticleAnalysis]:
    """ArticleAnalysis per article row, with its children in extraction order (`seq`)."""
    children: dict[str, dict[str, list[tuple[int, dict[str, Any]]]]] = {t: {} for t in CHILDREN}
    for table in CHILDREN:
        if table in tables:
            for row in arrow_rows(tables[table]):
                children[table].setdefault(row["article_id"], []).append((row.pop("seq", 0), row))
    for row in arrow_rows(tables["articles"]):
        article = Article.from_dict(row)
        analysis = ArticleAnalysis(article=article)
        for table, (attribute, cls) in CHILDREN.items():
            items = sorted(children[table].get(article.id, ()), key=lambda pair: pair[0])
            setattr(analysis, attribute, [cls.from_dict(r) for _, r in items])
        yield analysis


def skipped_from_table(table: pa.Table | None) -> list[Skipped]:
    if table is None:
        return []
    return [Skipped(r["origin"], r["code"], r["detail"]) for r in table.to_pylist()]

