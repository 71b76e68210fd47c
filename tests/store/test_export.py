from __future__ import annotations

import csv
import io
import json

import pyarrow.parquet as pq
import pytest

from tidings.errors import TidingsError
from tidings.records import Article, Claim, Event, EventRecord
from tidings.store import Store
from tidings.store.export import EVENT_FORMATS, FORMATS, KINDS, export

from store_samples import analysis, corpus

ALLOWED = [(k, f) for k in KINDS for f in FORMATS if f not in EVENT_FORMATS or k in EVENT_FORMATS[f]]


class Pipe(io.RawIOBase):
    """A write-only, non-seekable stream, like standard output into a pipe."""

    def __init__(self) -> None:
        self.data = bytearray()

    def writable(self) -> bool:
        return True

    def write(self, b) -> int:
        self.data += bytes(b)
        return len(b)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    # One store for the module: every test here only reads it.
    db = tmp_path_factory.mktemp("export") / "store.duckdb"
    with Store.open(db) as s:
        s.write_analyses([analysis("a1"), analysis("a2")])
        s.replace_corpus(*corpus(["a1", "a2"]))
    with Store.open(db, read_only=True) as s:
        yield s


def _jsonl(store, kind) -> list[dict]:
    out = io.BytesIO()
    n = export(store, kind, "jsonl", out)
    rows = [json.loads(line) for line in out.getvalue().decode().splitlines()]
    assert n == len(rows)
    return rows


@pytest.mark.parametrize("kind,fmt", ALLOWED)
def test_export_every_allowed_kind_and_format_writes_its_rows(store, kind, fmt):
    out = Pipe()
    n = export(store, kind, fmt, out)
    data = bytes(out.data)
    assert n > 0
    if fmt == "parquet":
        assert pq.read_table(io.BytesIO(data)).num_rows == n
    elif fmt == "csv":
        assert len(list(csv.reader(io.StringIO(data.decode())))) == n + 1
    else:
        assert len(data.decode().splitlines()) == n


def test_export_events_rows_are_the_contract_event_json(store):
    rows = _jsonl(store, "events")
    assert [Event.from_dict(r) for r in rows] == store.events()
    assert rows[0] == store.events()[0].as_dict()
    assert list(rows[0])[:4] == ["id", "article_id", "type", "mode"]
    assert set(rows[0]["actor"][0]) == {"text", "country", "group", "sector", "name", "role"}
    assert set(rows[0]["evidence"]) == {"sentence", "start", "end"}
    assert {"name", "country", "lat", "lon"} <= set(rows[0]["place"])


def test_export_articles_carry_story_and_path(store):
    rows = _jsonl(store, "articles")
    assert list(rows[0])[:8] == ["id", "path", "url", "outlet", "title", "published", "published_basis", "story_id"]
    assert {r["story_id"] for r in rows} == {"s1"}
    assert [Article.from_dict(r) for r in rows] == store.articles()


def test_export_claims_and_records_round_trip(store):
    claims = _jsonl(store, "claims")
    assert [Claim.from_dict(r) for r in claims] == store.claims()
    assert claims[0]["stance"] == "deny" and claims[0]["disputed_by"] == ["a1-c0", "other-article"]
    records = _jsonl(store, "records")
    assert [EventRecord.from_dict(r) for r in records] == store.records()
    assert records[0]["links"] == [{"type": "response_to", "record": "r9"}]


def test_export_csv_writes_nested_values_as_json(store):
    out = io.BytesIO()
    export(store, "events", "csv", out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue().decode())))
    first = store.events()[0]
    assert json.loads(rows[0]["actor"]) == [a.as_dict() for a in first.actor]
    assert json.loads(rows[0]["date_window"]) == list(first.date_window)
    assert rows[0]["plover_score"] == str(first.plover_score)


def test_export_parquet_keeps_native_nested_types(store):
    out = io.BytesIO()
    export(store, "events", "parquet", out)
    table = pq.read_table(io.BytesIO(out.getvalue()))
    assert str(table.schema.field("actor").type).startswith("list<")
    assert table.column("actor").to_pylist()[0][0]["country"] == "JPN"


def test_export_dyads_per_month_from_merged_records(store):
    rows = _jsonl(store, "dyads")
    pairs = {(r["actor_key"], r["recipient_key"], r["month"]): r for r in rows}
    jpn = pairs[("JPN", "RUS", "2022-10")]
    # two merged records (r1, r2), each naming JPN and RUS once; per-article events are not counted again
    assert jpn["count"] == 2 and jpn["goldstein_sum"] == -10.0 and jpn["mean_plover_score"] == -5.5
    assert jpn["records"] == ["r1", "r2"] and jpn["quad_counts"] == [0, 0, 0, 2]
    assert jpn["first_date"] == jpn["last_date"] == "2022-10-04"
    assert ("JPN", "United Nations", "2022-10") in pairs
    assert not any(key.startswith("JPN|") for key, _, _ in pairs)  # event-only actors are not in records


def test_export_refuses_impossible_pairs(store):
    out = io.BytesIO()
    for kind, fmt in (("articles", "gdelt"), ("claims", "plover"), ("events", "xml"), ("people", "jsonl")):
        with pytest.raises(TidingsError) as caught:
            export(store, kind, fmt, out)
        assert caught.value.code == "E107"
    assert out.getvalue() == b""
