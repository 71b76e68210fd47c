"""Relations from merged records: weekly series of a pair, the smoothed index, and the turns it takes."""

from __future__ import annotations

import datetime as dt

import pytest

from tidings.corpus.merge import merge_events
from tidings.corpus.params import RelationParams
from tidings.corpus.relations import all_relations, find_turns, relation_series, relation_turns
from tidings.errors import TidingsError


def _records(build, rows, outlets=("one",)):
    arts = {f"a{i}": build.article(f"a{i}", "x", "2022-11-30", outlet) for i, outlet in enumerate(outlets)}
    events = []
    for i, (type_, actor, recipient, day, mode) in enumerate(rows):
        for a in arts:  # every article tells every event: merged, each is one record
            events.append(build.event(f"e{i}-{a}", a, type_, actor, recipient, (day, day), mode))
    return merge_events(events, arts, {})


@pytest.fixture
def autumn(build):
    j, r = build.japan, build.russia
    return _records(build, [
        ("CONSULT", j, r, "2022-09-02", None),  # week of 08-29: +2.5
        ("COERCE", r, build.consul, "2022-09-19", "arrest"),  # week of 09-19: -7
        ("SANCTION", r, build.consul, "2022-09-26", "expel"),  # week of 09-26: -5.5
        ("SANCTION", j, build.diplomat, "2022-10-04", "expel"),  # week of 10-03: -5.5
        ("AID", r, j, "2022-11-09", None),  # week of 11-07: +10
        ("SANCTION", build.ecowas, build.niger, "2022-10-05", None),  # another pair
    ], outlets=("one", "two"))


def test_relations_weekly_series_counts_each_merged_record_once(autumn):
    series = relation_series(autumn, "JPN", "RUS", "week", RelationParams())
    weeks = [p.period for p in series]
    assert weeks[0] == dt.date(2022, 8, 29) and weeks[-1] == dt.date(2022, 11, 7)
    assert all((b - a).days == 7 for a, b in zip(weeks, weeks[1:]))  # empty weeks filled
    busy = {p.period: p for p in series if p.count}
    assert len(busy) == 5 and all(p.count == 1 for p in busy.values())  # two outlets, still one record
    coerce = busy[dt.date(2022, 9, 19)]
    assert coerce.quad_counts == (0, 0, 0, 1) and coerce.plover_sum == -7.0 and coerce.goldstein_mean == -7.0
    quiet = next(p for p in series if p.period == dt.date(2022, 9, 12))
    assert quiet.count == 0 and quiet.records == () and quiet.index == series[1].index


def test_relations_index_is_smoothed_from_neutral(autumn):
    alpha = 0.5
    expected, index = [], 0.0
    for score in (2.5, -7.0, -5.5, -5.5, 10.0):
        index = (1 - alpha) * index + alpha * score
        expected.append(index)
    series = relation_series(autumn, "RUS", "JPN", "week", RelationParams(alpha=alpha))
    assert [p.index for p in series if p.count] == pytest.approx(expected)


def test_relations_turns_name_the_date_and_the_records_behind_them(autumn):
    params = RelationParams(turn_threshold=1.5)
    series = relation_series(autumn, "JPN", "RUS", "week", params)
    turns = find_turns(series, {r.id: r for r in autumn}, params)
    assert [t.direction for t in turns] == ["deteriorating", "improving"]
    worse, better = turns
    assert worse.since == dt.date(2022, 9, 19) and worse.detected == dt.date(2022, 9, 19)
    coerce = next(r for r in autumn if r.type == "COERCE")
    assert worse.records == (coerce.id,)
    assert worse.message.startswith("JPN-RUS deteriorating since 2022-09-19") and "COERCE/arrest" in worse.message
    aid = next(r for r in autumn if r.type == "AID")
    assert better.since == dt.date(2022, 11, 9) and better.records == (aid.id,)
    # a higher threshold: the fall is called two weeks later, still dated from the first push; higher still, never
    later = find_turns(series, {r.id: r for r in autumn}, RelationParams(turn_threshold=6))
    assert (later[0].direction, later[0].since, later[0].detected) == ("deteriorating", dt.date(2022, 9, 19),
                                                                       dt.date(2022, 10, 3))
    assert len(later[0].records) == 3
    assert find_turns(series, {r.id: r for r in autumn}, RelationParams(turn_threshold=8)) == []


def test_relations_turns_for_every_pair_and_group_sides(autumn):
    pairs = all_relations(autumn, "week", RelationParams())
    assert set(pairs) == {("ECOWAS", "NER"), ("JPN", "RUS")}
    assert relation_series(autumn, "ECOWAS", "NER", "month")[0].count == 1
    turns = relation_turns(autumn, "week", RelationParams())
    assert {(t.actor, t.recipient, t.direction) for t in turns} == {
        ("JPN", "RUS", "deteriorating"), ("JPN", "RUS", "improving"), ("ECOWAS", "NER", "deteriorating")}


def test_relations_refuse_bad_arguments(autumn):
    with pytest.raises(TidingsError, match="fortnight"):
        relation_series(autumn, "JPN", "RUS", "fortnight")
    with pytest.raises(TidingsError, match="two different sides"):
        relation_series(autumn, "JPN", "JPN")
    assert relation_series(autumn, "JPN", "FRA") == []


def test_relations_dyad_command_prints_the_chart_and_the_turns(tmp_path, autumn):
    import json

    from typer.testing import CliRunner

    from tidings.cli import app
    from tidings.store import Store

    db = tmp_path / "store.duckdb"
    with Store.open(db) as store:
        store.replace_corpus([], {}, autumn, [])
    runner = CliRunner()
    shown = runner.invoke(app, ["dyad", "JPN", "RUS", "--db", str(db), "--period", "week"])
    assert shown.exit_code == 0, shown.output
    assert "JPN-RUS deteriorating since 2022-09-19" in shown.output and "█" in shown.output
    assert "RUS->JPN COERCE/arrest 2022-09-19 (2 outlets)" in shown.output
    data = json.loads(runner.invoke(app, ["dyad", "RUS", "JPN", "--db", str(db), "--json"]).output)
    assert data["period"] == "week" and [t["direction"] for t in data["turns"]] == ["deteriorating", "improving"]
    assert sum(p["count"] for p in data["series"]) == 5
    bad = runner.invoke(app, ["dyad", "JPN", "RUS", "--db", str(db), "--period", "fortnight"])
    assert bad.exit_code == 2 and "[E107]" in bad.output and "Traceback" not in bad.output
    missing = runner.invoke(app, ["dyad", "JPN", "RUS", "--db", str(tmp_path / "none.duckdb")])
    assert missing.exit_code == 2 and "[E202]" in missing.output
