"""The DuckDB store: one file holding articles, what was read out of them, and the corpus tables.

Writes are transactional per batch: a failing batch leaves the store exactly as it was. The schema is
versioned by the numbered migrations in `migrations/` (see `tidings.store.migrations`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any, TypeVar

import duckdb
import pyarrow as pa

from tidings.errors import Skipped, TidingsError
from tidings.records import (
    Article,
    ArticleAnalysis,
    Claim,
    Event,
    EventLink,
    EventRecord,
    Mention,
    Quote,
    Record,
    Story,
)
from tidings.store import migrations
from tidings.store.rows import arrow_rows, arrow_table, to_row

R = TypeVar("R", bound=Record)

# The modalities whose events are kept but not counted (Event.counted).
_COUNTED = "modality NOT IN ('negated', 'hypothetical')"
TOP_DYADS = 10


@dataclass(slots=True, frozen=True)
class StoreSummary(Record):
    """What a store holds, in numbers: the end-of-run report and the API's overview."""

    articles: int
    events: int
    events_by_type: dict[str, int] = field(default_factory=dict)  # counted events only
    stories: int = 0
    records: int = 0
    # (actor key, recipient key, counted events, mean PLOVER score), busiest first
    top_dyads: list[tuple[str, str, int, float | None]] = field(default_factory=list)


class Store:
    """An open tidings store. Use `Store.open(path)`; close it (or use `with`) to release the file."""

    def __init__(self, con: duckdb.DuckDBPyConnection, path: Path, read_only: bool) -> None:
        self._con = con
        self.path = path
        self.read_only = read_only
        self._schemas: dict[str, pa.Schema] = {}
        self._run_id: int | None = None
        self._closed = False

    # -- opening and closing -------------------------------------------------------------------------

    @classmethod
    def open(cls, path: str | Path, read_only: bool = False) -> "Store":
        """Open (and when writable, create and migrate) the store at `path`."""
        path = Path(path)
        if path.is_dir():
            raise TidingsError("E202", f"{path} is a directory, not a store file; nothing was opened")
        if read_only and not path.exists():
            raise TidingsError("E202", f"no store at {path}; run `tidings run` first or pass --db")
        try:
            con = duckdb.connect(str(path), read_only=read_only)
        except duckdb.Error as exc:
            raise TidingsError("E202", f"{path}: {_reason(exc)}; nothing was changed") from None
        try:
            if read_only:
                current = migrations.check(con, str(path))
                if current < migrations.code_version():
                    raise TidingsError(
                        "E202",
                        f"{path} has schema version {current}, older than this tidings "
                        f"({migrations.code_version()}): open it once for writing (tidings run) to upgrade it",
                    )
                # Queries through `sql()` may come from the REST API: keep them off the file system.
                con.execute("SET enable_external_access = false")
            else:
                migrations.migrate(con, str(path))
        except TidingsError:
            con.close()
            raise
        except duckdb.Error as exc:
            con.close()
            raise TidingsError("E202", f"{path}: {_reason(exc)}; nothing was changed") from None
        return cls(con, path, read_only)

    def close(self) -> None:
        if self._closed:
            return
        if self._run_id is not None:
            self._con.execute("UPDATE runs SET finished = ? WHERE id = ?", [_now(), self._run_id])
        self._con.close()
        self._closed = True

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        return migrations.applied_version(self._con)

    # -- writing -------------------------------------------------------------------------------------

    def known_articles(self, ids: Iterable[str]) -> set[str]:
        wanted = list(dict.fromkeys(ids))
        if not wanted:
            return set()
        rows = self._con.sql("SELECT id FROM articles WHERE id IN (SELECT unnest(?::VARCHAR[]))",
                             params=[wanted]).fetchall()
        return {r[0] for r in rows}

    def write_analyses(self, analyses: Sequence[ArticleAnalysis]) -> int:
        """Write a batch in one transaction; articles already stored are skipped with their children."""
        if not analyses:
            return 0
        self._require_writable()
        run = self._run()
        self._con.execute("BEGIN TRANSACTION")
        try:
            known = self.known_articles(a.article.id for a in analyses)
            fresh: list[ArticleAnalysis] = []
            for analysis in analyses:
                if analysis.article.id not in known:
                    known.add(analysis.article.id)  # a repeat inside the batch is skipped too
                    fresh.append(analysis)
            self._insert("articles", [to_row(a.article) for a in fresh])
            self._insert("mentions", [to_row(m, seq=i) for a in fresh for i, m in enumerate(a.mentions)])
            self._insert("events", [to_row(e, seq=i) for a in fresh for i, e in enumerate(a.events)])
            self._index_events([a.article.id for a in fresh])
            self._insert("quotes", [to_row(q, seq=i) for a in fresh for i, q in enumerate(a.quotes)])
            self._insert("claims", [to_row(c, seq=i) for a in fresh for i, c in enumerate(a.claims)])
            self._con.execute("UPDATE runs SET articles_written = articles_written + ? WHERE id = ?",
                              [len(fresh), run])
            self._con.execute("COMMIT")
        except BaseException:
            self._con.execute("ROLLBACK")
            raise
        return len(fresh)

    def log_skipped(self, skipped: Sequence[Skipped]) -> None:
        if not skipped:
            return
        self._require_writable()
        run = self._run()
        when = _now()
        self._con.execute("BEGIN TRANSACTION")
        try:
            self._insert("skipped", [{"origin": s.origin, "code": s.code, "detail": s.detail, "when": when}
                                     for s in skipped])
            self._con.execute("UPDATE runs SET skipped = skipped + ? WHERE id = ?", [len(skipped), run])
            self._con.execute("COMMIT")
        except BaseException:
            self._con.execute("ROLLBACK")
            raise

    def replace_corpus(self, stories: Sequence[Story], article_story: Mapping[str, str],
                       records: Sequence[EventRecord], links: Sequence[EventLink],
                       duplicates: Sequence[Record] | None = None, signatures: Any = None,
                       disputes: Mapping[str, Sequence[str]] | None = None) -> None:
        """Replace the corpus tables (stories, membership, merged records with their key and listing rows,
        links and, when given, duplicate articles) in one transaction; `signatures` (corpus.duplicates.Signatures) adds the MinHash signatures
        not stored yet, or replaces them all when their parameters differ from the stored ones; `disputes`
        sets the `disputed_by` of the claims it names (claim id -> ids of the claims that deny it)."""
        self._require_writable()
        run = self._run()
        self._con.execute("BEGIN TRANSACTION")
        try:
            for table in ("stories", "story_articles", "records", "links"):
                self._con.execute(f"DELETE FROM {table}")
            self._insert("stories", [to_row(s, seq=i) for i, s in enumerate(stories)])
            self._insert("story_articles", [{"article_id": a, "story_id": s} for a, s in article_story.items()])
            self._insert("records", [to_row(r, seq=i) for i, r in enumerate(records)])
            self._index_records()
            self._list_records()
            self._insert("links", [to_row(link, seq=i) for i, link in enumerate(links)])
            if duplicates is not None:
                self._con.execute("DELETE FROM duplicates")
                self._insert("duplicates", [to_row(d) for d in duplicates])
            if signatures is not None:
                self._write_signatures(signatures)
            for claim_id, denied_by in (disputes or {}).items():
                self._con.execute("UPDATE claims SET disputed_by = ? WHERE id = ?", [list(denied_by), claim_id])
            self._con.execute("UPDATE runs SET corpus_updates = corpus_updates + 1 WHERE id = ?", [run])
            self._con.execute("COMMIT")
        except BaseException:
            self._con.execute("ROLLBACK")
            raise

    def _write_signatures(self, signatures: Any) -> None:
        params = signatures.params
        stored = self._con.sql("SELECT num_perm, seed, shingle_words, scheme FROM minhash_params").fetchall()
        wanted = (params.num_perm, params.seed, params.shingle_words, params.scheme)
        if stored != [wanted]:
            self._con.execute("DELETE FROM minhash_params")
            self._con.execute("DELETE FROM minhashes")
            self._con.execute("INSERT INTO minhash_params VALUES (?, ?, ?, ?)", list(wanted))
        have = set(r[0] for r in self._con.sql("SELECT article_id FROM minhashes").fetchall())
        rows = [i for i, article_id in enumerate(signatures.ids) if article_id not in have]
        if not rows:
            return
        batch = pa.table({"article_id": [signatures.ids[i] for i in rows],
                          "signature": pa.array(list(signatures.matrix[rows]), type=pa.list_(pa.uint32()))})
        self._con.register("_tidings_batch", batch)
        try:
            self._con.execute("INSERT INTO minhashes SELECT * FROM _tidings_batch")
        finally:
            self._con.unregister("_tidings_batch")

    def _index_events(self, article_ids: list[str]) -> None:
        """Add the key rows (migration 0004) of the events of these freshly written articles."""
        if article_ids:
            self._con.execute("INSERT INTO event_keys BY NAME SELECT * FROM event_key_rows "
                              "WHERE article_id IN (SELECT unnest(?::VARCHAR[]))", [article_ids])

    def _index_records(self) -> None:
        """Rebuild the record key rows (migration 0004) from the records table, grouped by actor pair."""
        self._con.execute("DELETE FROM record_keys")
        self._con.execute("INSERT INTO record_keys BY NAME SELECT * FROM record_key_rows "
                          "ORDER BY actor_key, recipient_key, record_id")

    def _list_records(self) -> None:
        """Rebuild the compact listing rows (migration 0006) from the records table, in default listing order."""
        self._con.execute("DELETE FROM record_list")
        self._con.execute("INSERT INTO record_list BY NAME SELECT * FROM record_list_rows "
                          "ORDER BY coalesce(date, '') DESC, id DESC")

    def _insert(self, table: str, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        batch = arrow_table(rows, self._schema(table))
        self._con.register("_tidings_batch", batch)
        try:
            self._con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM _tidings_batch")
        finally:
            self._con.unregister("_tidings_batch")

    def _schema(self, table: str) -> pa.Schema:
        # The migration is the one definition of a table: Arrow types are read from the database.
        if table not in self._schemas:
            self._schemas[table] = self._con.sql(f"SELECT * FROM {table} LIMIT 0").to_arrow_table().schema
        return self._schemas[table]

    def _run(self) -> int:
        """This session's row in the runs log, made on the first write."""
        if self._run_id is None:
            self._run_id = self._con.execute(
                "INSERT INTO runs (started, tidings_version) VALUES (?, ?) RETURNING id", [_now(), _version()]
            ).fetchall()[0][0]
        return self._run_id

    def _require_writable(self) -> None:
        if self.read_only:
            raise TidingsError("E107", f"{self.path} was opened read-only; open it writable to change it")

    # -- reading -------------------------------------------------------------------------------------

    def articles(self) -> list[Article]:
        return self._read(Article, "SELECT * FROM articles ORDER BY id")

    def events(self, counted_only: bool = False) -> list[Event]:
        where = f"WHERE {_COUNTED}" if counted_only else ""
        return self._read(Event, f"SELECT * FROM events {where} ORDER BY article_id, seq")

    def mentions(self) -> list[Mention]:
        return self._read(Mention, "SELECT * FROM mentions ORDER BY article_id, seq")

    def quotes(self) -> list[Quote]:
        return self._read(Quote, "SELECT * FROM quotes ORDER BY article_id, seq")

    def claims(self) -> list[Claim]:
        return self._read(Claim, "SELECT * FROM claims ORDER BY article_id, seq")

    def stories(self) -> list[Story]:
        return self._read(Story, "SELECT * FROM stories ORDER BY seq")

    def records(self) -> list[EventRecord]:
        return self._read(EventRecord, "SELECT * FROM records ORDER BY seq")

    def links(self) -> list[EventLink]:
        return self._read(EventLink, "SELECT * FROM links ORDER BY seq")

    def duplicates(self) -> list[dict[str, Any]]:
        """Duplicate articles as the last corpus update found them (rows of corpus.duplicates.Duplicate)."""
        return self._con.sql("SELECT * FROM duplicates ORDER BY article_id").to_arrow_table().to_pylist()

    def signatures(self) -> tuple[tuple[int, int, int, str] | None, list[str], Any]:
        """Stored MinHash signatures: (num_perm, seed, shingle_words, scheme) or None, article ids, and a
        (len(ids) x num_perm) uint32 matrix."""
        import numpy as np

        params = self._con.sql("SELECT num_perm, seed, shingle_words, scheme FROM minhash_params").fetchall()
        if not params:
            return None, [], np.zeros((0, 0), dtype=np.uint32)
        table = self._con.sql("SELECT article_id, signature FROM minhashes ORDER BY article_id").to_arrow_table()
        ids = table.column("article_id").to_pylist()
        flat = table.column("signature").combine_chunks().flatten().to_numpy()
        width = params[0][0]
        if len(flat) != len(ids) * width:  # a damaged row: recompute rather than trust any of them
            return None, [], np.zeros((0, 0), dtype=np.uint32)
        return params[0], ids, flat.astype(np.uint32).reshape(len(ids), width)

    def story_of(self) -> dict[str, str]:
        """Article id -> story id, as the last corpus update left it."""
        return dict(self._con.sql("SELECT article_id, story_id FROM story_articles").fetchall())

    def summary(self) -> StoreSummary:
        def count(query: str) -> int:
            return self._con.sql(query).fetchall()[0][0]

        by_type = self._con.sql(
            f"SELECT type, count(*) FROM events WHERE {_COUNTED} GROUP BY type ORDER BY count(*) DESC, type"
        ).fetchall()
        dyads = self._con.sql(
            # Pairs count merged records, not per-article mentions: ten reports of one expulsion are one event.
            "SELECT actor_key, recipient_key, count(*) AS n, avg(plover_score) FROM record_keys "
            "WHERE counted AND actor_key IS NOT NULL AND recipient_key IS NOT NULL "
            "AND actor_key <> '?' AND recipient_key <> '?' "
            "GROUP BY actor_key, recipient_key ORDER BY n DESC, actor_key, recipient_key LIMIT ?",
            params=[TOP_DYADS],
        ).fetchall()
        return StoreSummary(
            articles=count("SELECT count(*) FROM articles"),
            events=count("SELECT count(*) FROM events"),
            events_by_type={t: n for t, n in by_type},
            stories=count("SELECT count(*) FROM stories"),
            records=count("SELECT count(*) FROM records"),
            top_dyads=[(a, r, n, score) for a, r, n, score in dyads],
        )

    def sql(self, query: str, params: Sequence[Any] | Mapping[str, Any] = ()) -> pa.Table:
        """Run one read-only query (a single SELECT) and return its rows as an Arrow table."""
        try:
            statements = self._con.extract_statements(query)
        except duckdb.Error as exc:
            raise TidingsError("E107", f"query does not parse: {_reason(exc)}") from None
        if len(statements) != 1 or statements[0].type != duckdb.StatementType.SELECT:
            raise TidingsError("E107", "the query helper runs exactly one SELECT statement; nothing was run")
        try:
            return self._con.sql(query, params=params or None).to_arrow_table()
        except duckdb.Error as exc:
            raise TidingsError("E107", f"query failed: {_reason(exc)}") from None

    def _read(self, cls: type[R], query: str) -> list[R]:
        return [cls.from_dict(row) for row in arrow_rows(self._con.sql(query).to_arrow_table())]


def _reason(exc: BaseException) -> str:
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    if "not a valid DuckDB database file" in text:
        return "not a DuckDB database file"
    if "lock" in text.lower():
        return "in use by another process (DuckDB allows one writer): " + text
    return text


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _version() -> str | None:
    try:
        return metadata.version("tidings")
    except metadata.PackageNotFoundError:
        return None
