"""Dyad series, relation index and turning points, aggregated in SQL over the merged records.

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
from tidings.serve.reader import Reader

_STEP = {"day": 1, "week": 7, "month": 32, "year": 366}  # days that surely reach into the next period
_KEY = "coalesce(nullif(concat_ws('|', nullif(x.country, ''), nullif(x.\"group\", '')), ''), '?')"
_KEYS = f"list_distinct(list_filter(list_transform({{col}}, lambda x: {_KEY}), lambda k: k <> '?'))"
_HAS = f"list_contains(list_transform({{col}}, lambda x: {_KEY}), ?)"


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


def _placed(period: str, where: str) -> str:
    """A CTE `placed(id, actors, recipients, period, ...)` of counted records matching `where`."""
    p = f"'{check_period(period)}'"
    return f"""
WITH base AS (
    SELECT id, plover_score, goldstein, quad_class, first_seen, actor, recipient,
           try_cast(date_window[1] AS DATE) AS w0, try_cast(date_window[2] AS DATE) AS w1
    FROM records AS t
    WHERE t.modality NOT IN ('negated', 'hypothetical') AND ({where})
), placed AS (
    SELECT id, plover_score, goldstein, quad_class,
           {_KEYS.format(col='actor')} AS actors, {_KEYS.format(col='recipient')} AS recipients,
           CASE
             WHEN w0 IS NULL OR w1 IS NULL OR w0 > w1 THEN date_trunc({p}, first_seen)::DATE
             WHEN date_trunc({p}, w1) > date_trunc({p}, date_trunc({p}, w0)::DATE + {_STEP[period]}) THEN NULL
             ELSE date_trunc({p}, w0 + ((w1 - w0) // 2)::INTEGER)::DATE
           END AS period
    FROM base
)"""


def _pair_where(actor: str, recipient: str, directed: bool) -> tuple[str, list[str]]:
    one = f"({_HAS.format(col='t.actor')} AND {_HAS.format(col='t.recipient')})"
    if directed:
        return one, [actor, recipient]
    return f"({one} OR {one})", [actor, recipient, recipient, actor]


def pair_condition(actor: str, recipient: str, directed: bool = False) -> tuple[str, list[str]]:
    """SQL over `records AS t` for the pair's records (either direction unless `directed`)."""
    return _pair_where(actor, recipient, directed)


def series(reader: Reader, actor: str, recipient: str, period: str = "month",
           directed: bool = False) -> list[DyadPoint]:
    """Per-period points of the pair (both directions unless `directed`), as `dyad_series` would give."""
    where, params = "(k.actor_key = ? AND k.recipient_key = ?)", [actor, recipient]
    if not directed:
        where, params = f"({where} OR {where})", params + [recipient, actor]
    return _points(reader, period, where, params)


def _points(reader: Reader, period: str, where: str, params: list) -> list[DyadPoint]:
    """Points of the key rows (record_keys AS k, migration 0004) matching `where`: one row there is one
    record's (actor key, recipient key) pair, so no list is unnested here."""
    p = f"'{check_period(period)}'"
    query = f"""
WITH placed AS (
    SELECT k.actor_key AS a, k.recipient_key AS b, k.plover_score, k.goldstein, k.quad_class,
           CASE
             WHEN k.window_start IS NULL OR k.window_end IS NULL OR k.window_start > k.window_end
               THEN date_trunc({p}, k.first_seen)::DATE
             WHEN date_trunc({p}, k.window_end)
                  > date_trunc({p}, date_trunc({p}, k.window_start)::DATE + {_STEP[period]}) THEN NULL
             ELSE date_trunc({p}, k.window_start + ((k.window_end - k.window_start) // 2)::INTEGER)::DATE
           END AS period
    FROM record_keys AS k
    WHERE k.counted AND k.actor_key <> '?' AND k.recipient_key <> '?' AND ({where})
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
    where, params = _pair_where(actor, recipient, directed=False)
    periods = [p.period for _, p in chosen]
    query = _placed(period, where) + f"""
SELECT r.*, placed.period AS _period FROM placed JOIN records AS r USING (id)
WHERE placed.period IN (SELECT unnest(?::DATE[]))
QUALIFY row_number() OVER (PARTITION BY placed.period ORDER BY abs(coalesce(r.plover_score, 0)) DESC, r.id)
        <= {int(per_turn)}"""
    rows = reader.rows(query, params + [periods])
    by_period: dict[dt.date, list[EventRecord]] = {}
    for row in rows:
        by_period.setdefault(row["_period"], []).append(EventRecord.from_dict(row))
    return [Turn(p.period, round(change, 6), p.index, tuple(by_period.get(p.period, ())))
            for change, p in sorted(chosen, key=lambda m: m[1].period)]


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
    points = _points(reader, period, where, params)
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
