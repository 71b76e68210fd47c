"""Dyad series, relation index and turning points, aggregated in SQL over the merged records' key rows.

Records are placed in periods exactly as `tidings.corpus.dyads.dyad_series` places them (window midpoint;
windows wider than two periods left out; no window: first seen), but the grouping runs in DuckDB so that a
series costs one query however many records the pair has. The smoothing is the corpus' own
`relation_index`, run on the few aggregated points.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from tidings.corpus.dyads import PERIODS, DyadPoint, RelationPoint, relation_index
from tidings.errors import TidingsError
from tidings.records import EventRecord
from tidings.serve.items import DyadPair
from tidings.serve.listing import fetch_items
from tidings.serve.reader import Reader
from tidings.serve.resources import RECORDS

_STEP = {"day": 1, "week": 7, "month": 32, "year": 366}  # days that surely reach into the next period


@dataclass(slots=True, frozen=True)
class Turn:
    """A period where the relation index moved, and the records placed in it that weigh most."""

    period: dt.date
    change: float
    index: float
    records: tuple[EventRecord, ...]


def check_period(period: str) -> str:
    if period not in PERIODS:
        raise TidingsError("E107", f"period={period!r} is not one of {', '.join(PERIODS)}")
    return period


def _period(period: str) -> str:
    """SQL for the period a key row (record_keys AS k) is placed in, as `dyad_series` places its record."""
    p = f"'{check_period(period)}'"
    return f"""CASE
             WHEN k.window_start IS NULL OR k.window_end IS NULL OR k.window_start > k.window_end
               THEN date_trunc({p}, k.first_seen)::DATE
             WHEN date_trunc({p}, k.window_end)
                  > date_trunc({p}, date_trunc({p}, k.window_start)::DATE + {_STEP[period]}) THEN NULL
             ELSE date_trunc({p}, k.window_start + ((k.window_end - k.window_start) // 2)::INTEGER)::DATE
           END"""


# The key rows a series counts: counted records between two known actors.
_SERIES = "k.counted AND k.actor_key <> '?' AND k.recipient_key <> '?'"
_COLUMNS = ("k.record_id, k.actor_key, k.recipient_key, k.date, k.counted, k.plover_score, k.goldstein, "
            "k.quad_class, k.window_start, k.window_end, k.first_seen")


def _rows(where: str) -> str:
    """A CTE `k` of the key rows matching `where`, worked out first: otherwise DuckDB may test a filter on
    the period (date arithmetic) on every row of the scan before the cheap key tests have thinned it."""
    return f"k AS MATERIALIZED (SELECT {_COLUMNS} FROM record_keys AS k WHERE {where})"


def _pair_rows(actor: str, recipient: str, directed: bool = False, where: str = "TRUE") -> tuple[str, list[str]]:
    """The CTE `k` of the pair's key rows (either direction unless `directed`) that also match `where`, and
    its parameters. One SELECT per direction: DuckDB tests two equalities inside the scan and skips blocks
    of the table (sorted by actor key) by their min/max, which it cannot do for an OR across two columns."""
    sides = [(actor, recipient)] if directed or actor == recipient else [(actor, recipient), (recipient, actor)]
    parts = [f"SELECT {_COLUMNS} FROM record_keys AS k WHERE k.actor_key = ? AND k.recipient_key = ? AND ({where})"
             for _ in sides]
    return f"k AS MATERIALIZED ({' UNION ALL '.join(parts)})", [value for side in sides for value in side]


def series(reader: Reader, actor: str, recipient: str, period: str = "month",
           directed: bool = False) -> list[DyadPoint]:
    """Per-period points of the pair (both directions unless `directed`), as `dyad_series` would give."""
    rows, params = _pair_rows(actor, recipient, directed, _SERIES)
    return _points(reader, period, rows, params)


def _points(reader: Reader, period: str, rows: str, params: list) -> list[DyadPoint]:
    """Points of the key rows in the CTE `rows` (over record_keys, migration 0004): one row there is one
    record's (actor key, recipient key) pair, so no list is unnested here."""
    query = f"""
WITH {rows}, placed AS (
    SELECT k.actor_key AS a, k.recipient_key AS b, k.plover_score, k.goldstein, k.quad_class,
           {_period(period)} AS period
    FROM k
)
SELECT a, b, period, count(*) AS n, avg(plover_score) AS mean_score, coalesce(sum(goldstein), 0.0) AS gsum,
       avg(CASE WHEN quad_class IS NOT NULL THEN (quad_class IN (3, 4))::INTEGER
                ELSE (coalesce(plover_score, 0) < 0)::INTEGER END) AS conflict
FROM placed WHERE period IS NOT NULL
GROUP BY a, b, period ORDER BY a, b, period"""
    rows = reader.table(query, params).to_pylist()
    return [DyadPoint(r["a"], r["b"], r["period"], r["n"], r["mean_score"], r["gsum"], r["conflict"])
            for r in rows]


def relation(points: list[DyadPoint]) -> list[RelationPoint]:
    return relation_index(points) if points else []


def turns(reader: Reader, actor: str, recipient: str, index: list[RelationPoint], period: str = "month",
          top: int = 5, per_turn: int = 3) -> list[Turn]:
    """The `top` periods where the index moved most, each with its heaviest records (by |PLOVER score|)."""
    moves: list[tuple[float, RelationPoint]] = []
    previous = 0.0
    for point in index:
        moves.append((point.index - previous, point))
        previous = point.index
    chosen = sorted(moves, key=lambda m: -abs(m[0]))[:top]
    if not chosen:
        return []
    rows, params = _pair_rows(actor, recipient, where="k.counted")
    periods = [p.period for _, p in chosen]
    # The pair's key rows carry the period placement and the score, so the records are picked there and
    # only the chosen ones are read (from the listing table).
    query = f"""
WITH {rows}, placed AS (
    SELECT DISTINCT k.record_id, k.plover_score, {_period(period)} AS period FROM k
)
SELECT record_id, period FROM placed WHERE period IN (SELECT unnest(?::DATE[]))
QUALIFY row_number() OVER (PARTITION BY period ORDER BY abs(coalesce(plover_score, 0)) DESC, record_id)
        <= {int(per_turn)}
ORDER BY period, abs(coalesce(plover_score, 0)) DESC, record_id"""
    picked = reader.table(query, params + [periods]).to_pylist()
    found = {r.id: r for r in fetch_items(reader, RECORDS, [row["record_id"] for row in picked])}
    by_period: dict[dt.date, list[EventRecord]] = {}
    for row in picked:
        if row["record_id"] in found:
            by_period.setdefault(row["period"], []).append(found[row["record_id"]])
    return [Turn(p.period, round(change, 6), p.index, tuple(by_period.get(p.period, ())))
            for change, p in sorted(chosen, key=lambda m: m[1].period)]


def pair_records(reader: Reader, actor: str, recipient: str, limit: int = 50) -> list[EventRecord]:
    """The pair's records (either direction, counted or not), newest first."""
    rows, params = _pair_rows(actor, recipient)
    ids = reader.table(f"""
WITH {rows} SELECT DISTINCT k.record_id, k.date FROM k
ORDER BY k.date DESC NULLS LAST, k.record_id LIMIT {int(limit)}""", params).column("record_id").to_pylist()
    return fetch_items(reader, RECORDS, ids)


def pair_quads(reader: Reader, actor: str, recipient: str) -> dict[int, int]:
    """Counted records of the pair (either direction) per quad class."""
    rows, params = _pair_rows(actor, recipient, where="k.counted AND k.quad_class IS NOT NULL")
    found = reader.table(f"""
WITH {rows} SELECT k.quad_class, count(*) AS n FROM (SELECT DISTINCT record_id, quad_class FROM k) AS k
GROUP BY k.quad_class ORDER BY k.quad_class""", params).to_pylist()
    return {r["quad_class"]: r["n"] for r in found}


def pairs(reader: Reader, limit: int = 50, either: str | None = None, since: str | None = None) -> list[DyadPair]:
    """Directed pairs with the most counted records (dated on or after `since`, an ISO day, when given)."""
    where, params = "TRUE", []
    if since:
        where, params = "k.date >= ?", [since]
    if either:
        where += " AND (k.actor_key = ? OR k.recipient_key = ?)"
        params += [either, either]
    query = f"""
SELECT k.actor_key AS a, k.recipient_key AS b, count(*) AS n, avg(k.plover_score) AS mean_score,
       min(k.date) AS first, max(k.date) AS last
FROM record_keys AS k
WHERE k.counted AND k.actor_key <> '?' AND k.recipient_key <> '?' AND k.actor_key <> k.recipient_key
  AND ({where})
GROUP BY a, b ORDER BY n DESC, a, b LIMIT {int(limit)}"""
    rows = reader.table(query, params).to_pylist()
    return [DyadPair(r["a"], r["b"], r["n"], r["mean_score"], r["first"], r["last"]) for r in rows]


def movers(reader: Reader, limit: int = 8, candidates: int = 50, period: str = "month",
           since: str | None = None) -> list[tuple[str, str, float, float]]:
    """Undirected pairs whose relation index moved most in their latest period: (a, b, change, index).

    Only the `candidates` busiest pairs and the records dated from `since` are considered, in one query, so
    the overview stays quick on a large store."""
    busiest = pairs(reader, limit=candidates, since=since)
    wanted = sorted({"\x1f".join(sorted((p.actor, p.recipient))) for p in busiest})
    if not wanted:
        return []
    where = "list_contains(?::VARCHAR[], least(k.actor_key, k.recipient_key) || chr(31) || " \
            "greatest(k.actor_key, k.recipient_key))"
    params: list = [wanted]
    if since:
        where, params = f"k.date >= ? AND {where}", [since, wanted]
    points = _points(reader, period, _rows(f"{_SERIES} AND ({where})"), params)
    by_pair: dict[tuple[str, str], list[DyadPoint]] = {}
    for point in points:
        by_pair.setdefault(tuple(sorted((point.actor, point.recipient))), []).append(point)
    out: list[tuple[str, str, float, float]] = []
    for (a, b), group in by_pair.items():
        index = relation(group)
        before = index[-2].index if len(index) > 1 else 0.0
        out.append((a, b, round(index[-1].index - before, 6), index[-1].index))
    out.sort(key=lambda m: (-abs(m[2]), m[0], m[1]))
    return out[:limit]
