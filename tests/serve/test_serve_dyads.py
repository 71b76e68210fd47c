"""The SQL dyad series agrees with the corpus stage's own `dyad_series` (tests/serve/test_<module> names
clash with tests/corpus/test_dyads.py, hence the prefix)."""

from __future__ import annotations

import pytest

from tidings.corpus.dyads import dyad_series, relation_index
from tidings.serve import dyads
from tidings.serve.reader import Reader

import serve_samples


@pytest.fixture(scope="module")
def reader(sample_db):
    opened = Reader.open(sample_db)
    yield opened
    opened.close()


@pytest.mark.parametrize("period", ["day", "week", "month", "year"])
@pytest.mark.parametrize("pair", [("JPN", "RUS"), ("USA", "United Nations"), ("JPN", "United Nations")])
def test_serve_dyads_series_matches_corpus_dyad_series(reader, period, pair):
    expected = [p for p in dyad_series(serve_samples.RECORDS, period)
                if {p.actor, p.recipient} == set(pair)]
    got = dyads.series(reader, *pair, period=period)
    assert [(p.actor, p.recipient, p.period, p.count) for p in got] == \
           [(p.actor, p.recipient, p.period, p.count) for p in expected]
    for mine, theirs in zip(got, expected):
        assert mine.mean_score == pytest.approx(theirs.mean_score)
        assert mine.goldstein_sum == pytest.approx(theirs.goldstein_sum)
        assert mine.conflict_share == pytest.approx(theirs.conflict_share)
    assert dyads.relation(got) == relation_index(expected)


def test_serve_dyads_directed_series_keeps_one_direction(reader):
    both = dyads.series(reader, "JPN", "RUS")
    one = dyads.series(reader, "RUS", "JPN", directed=True)
    assert {(p.actor, p.recipient) for p in both} == {("JPN", "RUS"), ("RUS", "JPN")}
    assert {(p.actor, p.recipient) for p in one} == {("RUS", "JPN")}


def test_serve_dyads_record_without_window_is_placed_at_first_seen(reader):
    points = dyads.series(reader, "USA", "United Nations", period="day")
    assert [(p.period.isoformat(), p.count) for p in points] == [("2022-11-20", 2)]


def test_serve_dyads_turns_name_the_records_of_the_turning_period(reader):
    index = dyads.relation(dyads.series(reader, "JPN", "RUS", period="month"))
    turns = dyads.turns(reader, "JPN", "RUS", index, period="month", top=1)
    assert len(turns) == 1
    assert turns[0].period.isoformat() == "2022-09-01"  # the first hostile month moves the index most
    assert {r.id for r in turns[0].records} == {"r1", "r2"}


def test_serve_dyads_pairs_and_movers(reader):
    pairs = dyads.pairs(reader)
    assert (pairs[0].actor, pairs[0].recipient, pairs[0].count) == ("JPN", "RUS", 2)
    assert {(p.actor, p.recipient) for p in dyads.pairs(reader, either="USA")} == {("USA", "United Nations")}
    movers = dyads.movers(reader)
    assert {(a, b) for a, b, _, _ in movers} == {("JPN", "RUS"), ("USA", "United Nations")}
    changes = [abs(change) for _, _, change, _ in movers]
    assert changes == sorted(changes, reverse=True)


def test_serve_dyads_api_series_and_formats(client):
    body = client.get("/api/dyads/JPN/RUS?period=month").json()
    assert [p["period"] for p in body["index"]] == ["2022-09-01", "2022-10-01"]
    assert body["index"][0]["index"] < 0
    csv_text = client.get("/api/dyads/JPN/RUS?format=csv").text.splitlines()
    assert csv_text[0] == "actor,recipient,period,count,mean_score,goldstein_sum,conflict_share"
    assert len(csv_text) == 1 + len(body["points"])
    assert client.get("/api/dyads/JPN/RUS?period=decade").status_code == 422


def _between(record, a: str, b: str) -> bool:
    actors, recipients = {x.key for x in record.actor}, {x.key for x in record.recipient}
    return (a in actors and b in recipients) or (b in actors and a in recipients)


def test_serve_dyads_turn_records_are_whole_records(reader):
    index = dyads.relation(dyads.series(reader, "JPN", "RUS", period="month"))
    by_id = {r.id: r for r in serve_samples.RECORDS}
    for turn in dyads.turns(reader, "JPN", "RUS", index, period="month"):
        assert turn.records, turn
        for record in turn.records:
            assert record == by_id[record.id] and _between(record, "JPN", "RUS")
        scores = [abs(r.plover_score or 0) for r in turn.records]
        assert scores == sorted(scores, reverse=True)


@pytest.mark.parametrize("pair", [("JPN", "RUS"), ("RUS", "JPN"), ("United Nations", "USA"), ("JPN", "CHN")])
def test_serve_dyads_pair_records_and_quads_agree_with_the_records(reader, pair):
    mine = [r for r in serve_samples.RECORDS if _between(r, *pair)]
    dated = sorted((r for r in mine if r.date), key=lambda r: r.id)
    dated.sort(key=lambda r: r.date, reverse=True)  # newest first; a stable sort keeps ties in id order
    undated = sorted((r for r in mine if not r.date), key=lambda r: r.id)
    assert dyads.pair_records(reader, *pair) == dated + undated
    counted = [r for r in mine if r.modality not in ("negated", "hypothetical") and r.quad_class is not None]
    expected: dict[int, int] = {}
    for r in counted:
        expected[r.quad_class] = expected.get(r.quad_class, 0) + 1
    assert dyads.pair_quads(reader, *pair) == expected


def test_serve_dyads_dashboard_page_lists_the_pair(client):
    page = client.get("/dyad?a=JPN&b=RUS")
    assert page.status_code == 200
    for record in serve_samples.RECORDS:
        assert (f"/record/{record.id}" in page.text) == _between(record, "JPN", "RUS")
