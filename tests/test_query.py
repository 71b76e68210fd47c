"""`tidings.open`: filtered queries over a store that return Arrow tables."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
import re

import pytest

from tidings.errors import TidingsError
from tidings.query import Queries
from tidings.records import Actor, Article, ArticleAnalysis, Event, EventRecord
from tidings.store import Store

JPN, RUS, TASS = Actor("Japan", "JPN"), Actor("Russia", "RUS"), Actor("Tass", "RUS", "Tass", "MED")


def _record(rid, actor, recipient, type_, window, modality="asserted"):
    return EventRecord(rid, type_, None, (), None, -5.0, -5.0, 4, (actor,), (recipient,), window[0], "day", window,
                       None, modality, (rid + "e",), ("a1",), 1, 1, dt.date(2022, 10, 4), dt.date(2022, 10, 4))


@pytest.fixture
def queries(tmp_path):
    db = tmp_path / "q.duckdb"
    events = [Event("e1", "a1", "SANCTION", actor=(JPN,), recipient=(RUS,), date_window=("2022-10-04", "2022-10-04")),
              Event("e2", "a1", "SANCTION", actor=(RUS,), recipient=(JPN,), date_window=("2022-09-26", "2022-09-27")),
              Event("e3", "a1", "ACCUSE", actor=(TASS,), recipient=(JPN,), date_window=("2022-09-26", "2022-09-26")),
              Event("e4", "a1", "ASSAULT", actor=(RUS,), recipient=(JPN,), date_window=("2022-04-01", "2022-04-30"),
                    modality="negated")]
    records = [_record("r1", JPN, RUS, "SANCTION", ("2022-10-04", "2022-10-04")),
               _record("r2", RUS, JPN, "SANCTION", ("2022-09-26", "2022-09-27")),
               _record("r3", TASS, JPN, "ACCUSE", ("2022-09-26", "2022-09-26")),
               _record("r4", RUS, JPN, "ASSAULT", ("2022-04-01", "2022-04-30"), "negated"),
               _record("r5", Actor("China", "CHN"), JPN, "CONSULT", ("2022-09-01", "2022-09-01"))]
    with Store.open(db) as store:
        store.write_analyses([ArticleAnalysis(Article("a1", "text", path="a.txt"), events=events)])
        store.replace_corpus([], {}, records, [])
    with Queries.open(db) as opened:
        yield opened


def _ids(table):
    return sorted(table.column("id").to_pylist())


def test_query_dyad_is_either_direction_and_counted_only_by_default(queries):
    assert _ids(queries.records(dyad=("JPN", "RUS"))) == ["r1", "r2", "r3"]
    assert _ids(queries.records(dyad=("JPN", "RUS"), counted=False)) == ["r1", "r2", "r3", "r4"]


def test_query_sides_match_whole_key_country_or_group(queries):
    assert _ids(queries.records(actor="RUS", recipient="JPN")) == ["r2", "r3"]
    assert _ids(queries.records(actor="Tass")) == ["r3"]
    assert _ids(queries.records(actor="RUS|Tass")) == ["r3"]


def test_query_dates_type_and_limit(queries):
    assert _ids(queries.records(since="2022-09-27")) == ["r1", "r2"]
    assert _ids(queries.records(until=dt.date(2022, 9, 26))) == ["r2", "r3", "r5"]
    assert _ids(queries.records(type="sanction")) == ["r1", "r2"]
    assert queries.records(limit=1).column("id").to_pylist() == ["r1"]  # newest first
    assert _ids(queries.events(dyad=("RUS", "JPN"), since="2022-09-01")) == ["e1", "e2", "e3"]


def test_query_records_read_from_the_listing_table_as_records_types(queries):
    """Records come from the compact listing table (JSON text lists) but with the records table's own Arrow
    types and values."""
    got = queries.records(counted=False)
    native = queries.sql("SELECT * FROM records ORDER BY date DESC NULLS LAST, id")
    assert got.schema.names == [f for f in EventRecord.__dataclass_fields__]
    assert got.schema == native.select(got.schema.names).schema
    assert got.to_pylist() == native.select(got.schema.names).to_pylist()
    assert [EventRecord.from_dict(row) for row in got.to_pylist()][0].actor == (JPN,)


def test_query_bad_arguments_are_one_line_errors(queries):
    with pytest.raises(TidingsError, match=r"\[E107\] dyad must be two sides"):
        queries.records(dyad="JPN")
    with pytest.raises(TidingsError, match=r"\[E104\]"):
        queries.records(since="last week")
    with pytest.raises(TidingsError, match=r"\[E107\] limit"):
        queries.records(limit=0)


def test_query_tables_convert_to_pandas(queries):
    frame = queries.records(dyad=("JPN", "RUS")).to_pandas()
    assert list(frame["id"]) == ["r1", "r2", "r3"] and "actor" in frame.columns
    assert queries.articles().num_rows == 1 and queries.dyads().num_rows >= 2


@pytest.mark.slow
def test_query_usage_example_runs(repo_root, tmp_path, settings, resources):
    usage = (repo_root / "docs" / "USAGE.md").read_text()
    code = re.search(r"## Python.*?```python\n(.*?)```", usage, re.S).group(1)
    text = ("Harbor Wire\n\nTOKYO — Japan ordered a Russian diplomat to leave the country on Tuesday in "
            "retaliation for Russia's expulsion of a Japanese consul last week, the foreign ministry said.\n")
    (tmp_path / "story.txt").write_text(text)
    from tidings.api import Tidings

    Tidings(settings.replace(db=tmp_path / "tidings.duckdb"), resources).run([str(tmp_path / "story.txt")],
                                                                         published="2022-10-04")
    printed = io.StringIO()
    cwd = os.getcwd()
    try:
        os.chdir(tmp_path)
        with contextlib.redirect_stdout(printed):
            exec(compile(code, "USAGE.md", "exec"), {})
    finally:
        os.chdir(cwd)
    assert "SANCTION" in printed.getvalue() and "expel" in printed.getvalue()
