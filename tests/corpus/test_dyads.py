from __future__ import annotations

import datetime as dt

import pytest

from tidings.corpus.dyads import dyad_series, relation_index
from tidings.corpus.merge import merge_events
from tidings.errors import TidingsError


def _records(build, rows):
    arts = {"a": build.article("a", "x", "2022-10-05", "one")}
    events = [build.event(f"e{i}", "a", t, actor, recipient, window, mode, modality=modality,
                          precision="day" if window and window[0] == window[1] else "month")
              for i, (t, actor, recipient, window, mode, modality) in enumerate(rows)]
    return merge_events(events, arts, {})


def test_dyads_count_score_goldstein_and_conflict_share_per_month(build):
    j, r = build.japan, build.russia
    records = _records(build, [
        ("SANCTION", r, j, ("2022-09-26", "2022-09-26"), "expel", "asserted"),
        ("ACCUSE", r, j, ("2022-09-20", "2022-09-20"), None, "asserted"),
        ("CONSULT", r, j, ("2022-09-02", "2022-09-02"), None, "asserted"),
        ("SANCTION", r, j, ("2022-09-12", "2022-09-12"), "convict", "negated"),  # not counted
        ("SANCTION", j, r, ("2022-10-04", "2022-10-04"), "expel", "asserted"),
    ])
    points = {(p.actor, p.recipient, p.period): p for p in dyad_series(records)}
    september = points[("RUS", "JPN", dt.date(2022, 9, 1))]
    assert september.count == 3
    assert september.mean_score == pytest.approx((-5.5 - 2.0 + 2.5) / 3)
    assert september.goldstein_sum == pytest.approx(-5.0 - 2.0 + 1.0)
    assert september.conflict_share == pytest.approx(2 / 3)
    assert ("JPN", "RUS", dt.date(2022, 10, 1)) in points and len(points) == 2  # directed


def test_dyads_periods_and_vague_windows(build):
    j, r = build.japan, build.russia
    records = _records(build, [
        ("SANCTION", r, j, ("2022-09-26", "2022-09-26"), "expel", "asserted"),
        ("SANCTION", j, r, ("2022-01-01", "2022-12-31"), "discontinue", "asserted"),  # a year: too vague for weeks
    ])
    weekly = dyad_series(records, "week")
    assert [(p.actor, p.period) for p in weekly] == [("RUS", dt.date(2022, 9, 26))]
    yearly = dyad_series(records, "year")
    assert {(p.actor, p.period) for p in yearly} == {("RUS", dt.date(2022, 1, 1)), ("JPN", dt.date(2022, 1, 1))}
    with pytest.raises(TidingsError, match="fortnight"):
        dyad_series(records, "fortnight")


def test_dyads_relation_index_falls_as_relations_sour(build):
    j, r = build.japan, build.russia
    records = _records(build, [
        ("ACCUSE", j, r, ("2022-09-02", "2022-09-02"), None, "asserted"),
        ("SANCTION", r, j, ("2022-09-26", "2022-09-26"), "expel", "asserted"),
        ("SANCTION", j, r, ("2022-10-04", "2022-10-04"), "expel", "asserted"),
        ("COERCE", r, j, ("2022-11-04", "2022-11-04"), "arrest", "asserted"),
    ])
    index = relation_index(dyad_series(records))
    assert {(p.actor, p.recipient) for p in index} == {("JPN", "RUS")}  # one undirected relation
    values = [p.index for p in index]
    assert len(values) == 3 and values == sorted(values, reverse=True) and values[-1] < 0
    directed = relation_index(dyad_series(records), directed=True)
    assert {(p.actor, p.recipient) for p in directed} == {("JPN", "RUS"), ("RUS", "JPN")}
    with pytest.raises(TidingsError):
        relation_index([], alpha=0)


def test_dyads_relation_index_rises_with_cooperation(build):
    records = _records(build, [
        ("CONSULT", build.japan, build.russia, ("2022-09-02", "2022-09-02"), None, "asserted"),
        ("AID", build.russia, build.japan, ("2022-10-02", "2022-10-02"), None, "asserted"),
    ])
    values = [p.index for p in relation_index(dyad_series(records))]
    assert values[0] > 0 and values[1] > values[0]
