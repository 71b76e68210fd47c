"""REST API latency on a generated store: p50/p95 per request kind, printed and written to bench-results/.

    .venv/bin/python benchmarks/bench_api.py [--events 1000000] [--requests 50] [--db PATH] [--keep]

The store is generated in SQL (INSERT ... SELECT from range(), no Python loops): N events over N/3 articles,
N/2 merged records, 60 country actors plus a few groups, dates spread over five years. The key tables of
migration 0004 and the records' listing table of migration 0006 are filled from their views, as the
migrations' backfills do. The app runs in-process through FastAPI's TestClient, so the numbers are the API's
own work (routing, SQL, serialisation) without a network. The target (issue 6) is p95 < 100 ms for each
listing and the dyad series; the dashboard's dyad page (series, turns, quad classes and records in one
page) is measured alongside. A reused store of an older schema is upgraded first.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from results import machine, write_results  # benchmarks/results.py: scripts run from this folder

import duckdb

HERE = Path(__file__).resolve().parent
TARGET_MS = 100.0

COUNTRIES = ("JPN RUS USA CHN UKR GBR FRA DEU IND PAK IRN ISR PSE SYR TUR EGY SAU IRQ AFG KOR PRK TWN VNM PHL "
             "IDN AUS CAN MEX BRA ARG COL VEN NGA ETH KEN SDN SOM ZAF COD MLI LBY TUN DZA MAR YEM LBN JOR QAT "
             "ARE POL BLR HUN SRB GEO ARM AZE KAZ MMR THA ITA").split()
GROUPS = ("United Nations", "NATO", "European Union", "Hamas", "Taliban", "African Union")
TYPES = ("AGREE SUPPORT CONSULT ACCUSE REQUEST REJECT THREATEN PROTEST SANCTION MOBILIZE COERCE ASSAULT AID "
         "RETREAT CONCEDE COOPERATE").split()
QUADS = (1, 1, 1, 2, 2, 3, 3, 3, 3, 3, 4, 4, 4, 4, 2, 1)  # per type, same order
SCORES = (6.0, 5.0, 2.0, -3.0, 1.0, -4.0, -6.0, -3.0, -5.5, -6.5, -7.0, -9.0, 7.0, 4.0, 5.0, 6.0)

# An actor struct picked by a hash of (row, salt): mostly countries, one in twelve a group.
_ACTOR = """CASE WHEN hash({i}, '{s}g') % 12 = 0
  THEN {{'text': 'the group', 'country': NULL, 'group': $groups[1 + (hash({i}, '{s}') % {ng})::INTEGER],
         'sector': 'IGO', 'name': NULL, 'role': NULL}}
  ELSE {{'text': 'the country', 'country': $countries[1 + (hash({i}, '{s}') % {nc})::INTEGER], 'group': NULL,
         'sector': 'GOV', 'name': NULL, 'role': NULL}} END"""


def _actor(salt: str, i: str = "i") -> str:
    return _ACTOR.format(i=i, s=salt, ng=len(GROUPS), nc=len(COUNTRIES))


# Columns shared by events and records: type, scores, actors, dates. One in twenty undated, one in ten a
# month-precision window, the rest a single day; one in ten negated or hypothetical.
_COMMON = f"""
    $types[1 + (i % {len(TYPES)})::INTEGER] AS type, NULL AS mode, ['diplomatic'] AS context, '057' AS cameo,
    $scores[1 + (i % {len(TYPES)})::INTEGER] AS plover_score, $scores[1 + (i % {len(TYPES)})::INTEGER] - 0.5 AS goldstein,
    $quads[1 + (i % {len(TYPES)})::INTEGER] AS quad_class,
    CASE WHEN hash(i, 'n') % 3 = 0 THEN [{_actor('a1')}, {_actor('a2')}] ELSE [{_actor('a1')}] END AS actor,
    [{_actor('r1')}] AS recipient,
    CASE WHEN hash(i, 'u') % 20 = 0 THEN NULL
         WHEN hash(i, 'u') % 10 = 1 THEN strftime(day, '%Y-%m') ELSE strftime(day, '%Y-%m-%d') END AS date,
    CASE WHEN hash(i, 'u') % 20 = 0 THEN 'unknown' WHEN hash(i, 'u') % 10 = 1 THEN 'month' ELSE 'day' END
        AS date_precision,
    CASE WHEN hash(i, 'u') % 20 = 0 THEN NULL
         WHEN hash(i, 'u') % 10 = 1 THEN [strftime(date_trunc('month', day), '%Y-%m-%d'),
                                          strftime(last_day(day), '%Y-%m-%d')]
         ELSE [strftime(day, '%Y-%m-%d'), strftime(day, '%Y-%m-%d')] END AS date_window,
    {{'name': 'Somewhere', 'country': 'JPN', 'lat': 35.0, 'lon': 139.0, 'geonameid': 1}} AS place,
    CASE hash(i, 'm') % 20 WHEN 0 THEN 'negated' WHEN 1 THEN 'hypothetical' ELSE 'asserted' END AS modality"""


def _params() -> dict:
    return {"countries": list(COUNTRIES), "groups": list(GROUPS), "types": list(TYPES), "quads": list(QUADS),
            "scores": list(SCORES)}


def generate(path: Path, events: int) -> dict:
    """A store at `path` with `events` events; returns what was made and how long it took."""
    from tidings.store import Store

    started = time.perf_counter()
    Store.open(path).close()  # the schema, through the migrations
    articles, records = max(1, events // 3), max(1, events // 2)
    con = duckdb.connect(str(path))
    try:
        con.execute("SET enable_progress_bar = false")
        con.execute("BEGIN TRANSACTION")
        con.execute("""
INSERT INTO articles BY NAME
SELECT 'a' || lpad(i::VARCHAR, 8, '0') AS id, 'Generated article ' || i AS text, 'Title ' || i AS title,
       'https://news.example/' || i AS url, 'Outlet ' || (i % 40) AS outlet,
       DATE '2019-01-01' + (hash(i // 3, 'd') % 1800)::INTEGER AS published, 'manifest' AS published_basis,
       'text' AS format
FROM range($n) AS g(i)""", {"n": articles})
        con.execute(f"""
INSERT INTO events BY NAME
SELECT 'e' || lpad(i::VARCHAR, 8, '0') AS id, 'a' || lpad((i // 3)::VARCHAR, 8, '0') AS article_id,
       (i % 3)::INTEGER AS seq, {_COMMON},
       'text: generated' AS date_basis, NULL AS attributed_to,
       {{'sentence': 'Generated sentence ' || i || '.', 'start': 0, 'end': 20}} AS evidence,
       'gen.v1' AS rule, 0.8 AS confidence
FROM (SELECT i, DATE '2019-01-01' + (hash(i // 3, 'd') % 1800)::INTEGER AS day FROM range($n) AS g(i))""",
                    _bind(events))
        con.execute(f"""
INSERT INTO records BY NAME
SELECT 'r' || lpad(i::VARCHAR, 8, '0') AS id, i::INTEGER AS seq, {_COMMON},
       ['e' || lpad((2 * i)::VARCHAR, 8, '0'), 'e' || lpad((2 * i + 1)::VARCHAR, 8, '0')] AS mentions,
       list_distinct(['a' || lpad((2 * i // 3)::VARCHAR, 8, '0'), 'a' || lpad(((2 * i + 1) // 3)::VARCHAR, 8, '0')])
           AS articles, 2 AS num_articles, 2 AS num_sources, day AS first_seen, day + 1 AS last_seen,
       NULL AS story_id, []::MAP(VARCHAR, VARCHAR)[] AS links
FROM (SELECT i, DATE '2019-01-01' + (hash(2 * i // 3, 'd') % 1800)::INTEGER AS day FROM range($n) AS g(i))""",
                    _bind(records))
        # The key tables as the migration's backfill makes them (grouped by actor pair), and the records'
        # listing table (migration 0006) in its default order, as Store.replace_corpus writes them.
        for table, view, order in (("event_keys", "event_key_rows", "actor_key, recipient_key, event_id"),
                                   ("record_keys", "record_key_rows", "actor_key, recipient_key, record_id"),
                                   ("record_list", "record_list_rows", "coalesce(date, '') DESC, id DESC")):
            con.execute(f"DELETE FROM {table}")
            con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM {view} ORDER BY {order}")
        con.execute("COMMIT")
        con.execute("CHECKPOINT")
    finally:
        con.close()
    return {"events": events, "articles": articles, "records": records,
            "seconds": round(time.perf_counter() - started, 1)}


def _bind(n: int) -> dict:
    return {**_params(), "n": n}


def requests(client) -> dict[str, str]:
    """The request kinds measured, with their URLs (a deep cursor is fetched first, outside the timing)."""
    deep = "/api/events?limit=50"
    for _ in range(20):  # twenty pages in
        page = client.get(deep if "cursor" in deep else "/api/events?limit=50").json()
        deep = f"/api/events?limit=50&cursor={page['next_cursor']}"
    return {
        "events": "/api/events?limit=50",
        "events_actor_recipient": "/api/events?actor=JPN&recipient=RUS&limit=50",
        "events_type_dates": "/api/events?type=SANCTION&since=2021-03-01&until=2021-05-31&limit=50",
        "events_deep_cursor": deep,
        "dyad_series_month": "/api/dyads/JPN/RUS?period=month",
        "records": "/api/records?limit=50",
        "records_actor_dates": "/api/records?either=JPN&since=2021-01-01&until=2021-12-31&limit=50",
        "records_by_score": "/api/records?sort=plover_score&type=ASSAULT&limit=50",
        "dyad_page": "/dyad?a=JPN&b=RUS",
    }


def measure(client, url: str, n: int) -> dict:
    client.get(url)  # warm: first touch of the columns
    times = []
    for _ in range(n):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url}: HTTP {response.status_code}: {response.text[:200]}")
    times.sort()
    return {"url": url, "n": n, "p50_ms": round(statistics.median(times), 1),
            "p95_ms": round(times[max(0, int(round(0.95 * n)) - 1)], 1), "max_ms": round(times[-1], 1)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--db", type=Path, help="generate here (reused when it exists) instead of a temp file")
    args = parser.parse_args(argv)
    from fastapi.testclient import TestClient

    from tidings.serve import create_app

    with tempfile.TemporaryDirectory(prefix="tidings-bench-api-") as tmp:
        path = args.db or Path(tmp) / "bench.duckdb"
        made = {"events": args.events, "reused": True}
        if not path.exists():
            print(f"generating {args.events:,} events in {path} ...", file=sys.stderr)
            made = generate(path, args.events)
            print(f"  done in {made['seconds']} s", file=sys.stderr)
        else:
            from tidings.store import Store

            Store.open(path).close()  # a store of an older schema is upgraded first (the API reads read-only)
        results = {}
        with TestClient(create_app(path)) as client:
            for name, url in requests(client).items():
                results[name] = measure(client, url, args.requests)
                r = results[name]
                flag = "ok" if r["p95_ms"] < TARGET_MS else "SLOW"
                print(f"{name:26} p50 {r['p50_ms']:7.1f} ms   p95 {r['p95_ms']:7.1f} ms   {flag}")
    out = write_results("api", {"store": made, "target_p95_ms": TARGET_MS, "results": results,
                                "machine": machine() | {"duckdb": duckdb.__version__}})
    print(f"written {out}", file=sys.stderr)
    return 0 if all(r["p95_ms"] < TARGET_MS for r in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
