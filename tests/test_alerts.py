from __future__ import annotations

import datetime as dt
import json

import pytest
from fetch.newsserver import NewsServer, Route

from tidings.alerts import AlertLog, evaluate, load_rules, post_alerts
from tidings.errors import TidingsError
from tidings.fetch import FetchSettings
from tidings.records import Actor, EventRecord

RULES = """
[[rule]]
id = "jpn-rus"
types = ["SANCTION", "ASSAULT"]
between = ["JPN", "RUS"]

[[rule]]
id = "usa-chn-turn"
kind = "relation"
between = ["CHN", "USA"]
drop = 1.0
"""


def record(rid, type_, actor, recipient, day, score=-5.0, modality="asserted", mentions=None):
    return EventRecord(
        id=rid, type=type_, mode=None, context=(), cameo=None, plover_score=score, goldstein=None,
        quad_class=4 if score < 0 else 1, actor=(Actor(actor, country=actor),),
        recipient=(Actor(recipient, country=recipient),), date=day, date_precision="day",
        date_window=(day, day), place=None, modality=modality, mentions=tuple(mentions or [rid + "-e1"]),
        articles=("a1",), num_articles=1, num_sources=1, first_seen=dt.date.fromisoformat(day),
        last_seen=dt.date.fromisoformat(day))


def rules_file(tmp_path, text=RULES):
    path = tmp_path / "alerts.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_alerts_event_rule_matches_either_direction_and_types(tmp_path):
    rules = load_rules(rules_file(tmp_path))
    records = [record("r1", "SANCTION", "RUS", "JPN", "2022-10-04"),
               record("r2", "CONSULT", "JPN", "RUS", "2022-10-04", score=3.0),
               record("r3", "ASSAULT", "JPN", "CHN", "2022-10-04"),
               record("r4", "ASSAULT", "JPN", "RUS", "2022-10-05", modality="negated")]
    found = [a for a in evaluate(rules, records) if a.rule == "jpn-rus"]
    assert [a.subject for a in found] == ["r1"]
    assert "SANCTION" in found[0].message and found[0].day == dt.date(2022, 10, 4)


def test_alerts_directed_rule(tmp_path):
    rules = load_rules(rules_file(tmp_path, '[[rule]]\nid = "d"\nactor = "JPN"\nrecipient = "RUS"\n'))
    records = [record("r1", "SANCTION", "RUS", "JPN", "2022-10-04"), record("r2", "SANCTION", "JPN", "RUS", "2022-10-04")]
    assert [a.subject for a in evaluate(rules, records)] == ["r2"]


def test_alerts_relation_drop_in_a_week(tmp_path):
    rules = load_rules(rules_file(tmp_path))
    records = [record("c1", "AID", "USA", "CHN", "2022-09-05", score=4.0),
               record("c2", "AID", "CHN", "USA", "2022-09-12", score=3.0),
               record("c3", "ASSAULT", "USA", "CHN", "2022-09-19", score=-8.0)]
    found = [a for a in evaluate(rules, records) if a.rule == "usa-chn-turn"]
    # Index: +2.0, +2.5, then (2.5 - 8) / 2 = -2.75: only the third week falls by more than 1.
    assert [a.day for a in found] == [dt.date(2022, 9, 19)]
    assert found[0].subject == "CHN~USA" and "fell by 5.25" in found[0].message


@pytest.mark.parametrize("text, fragment", [
    ("[[rule]]\nkind = 'events'\nbetween = ['A', 'B']\n", "needs an `id`"),
    ("[[rule]]\nid = 'x'\nbetween = ['A']\n", "`between` must be two"),
    ("[[rule]]\nid = 'x'\nbetween = ['A', 'B']\ntypes = ['SANCTON']\n", "unknown PLOVER type(s) SANCTON"),
    ("[[rule]]\nid = 'x'\nkind = 'relation'\nbetween = ['A', 'B']\n", "needs `drop`"),
    ("[[rule]]\nid = 'x'\nkind = 'weather'\nbetween = ['A', 'B']\n", "kind 'weather'"),
    ("[[rule]]\nid = 'x'\nbetween = ['A', 'B']\ncolour = 'red'\n", "unknown key(s) colour"),
    ("[[rule]]\nid = 'x'\nbetween = ['A', 'B']\n[[rule]]\nid = 'x'\nbetween = ['A', 'C']\n", "used twice"),
    ("rule = [", "not valid TOML"),
])
def test_alerts_bad_rules_file_one_clear_error(tmp_path, text, fragment):
    path = rules_file(tmp_path, text)
    with pytest.raises(TidingsError) as caught:
        load_rules(path, known_types={"SANCTION", "ASSAULT"})
    message = str(caught.value)
    assert caught.value.code == "E107" and str(path) in message and fragment in message and "\n" not in message


def test_alerts_log_adds_once_and_not_again_for_a_grown_record(tmp_path):
    rules = load_rules(rules_file(tmp_path))
    now = dt.datetime(2022, 10, 5, tzinfo=dt.UTC)
    db = tmp_path / "t.duckdb"
    with AlertLog.open(db) as log:
        first = log.add(evaluate(rules, [record("r1", "SANCTION", "RUS", "JPN", "2022-10-04", mentions=["e1"])]), now)
        again = log.add(evaluate(rules, [record("r1b", "SANCTION", "RUS", "JPN", "2022-10-04",
                                                mentions=["e0", "e1"])]), now)
        assert len(first) == 1 and again == []
    with AlertLog.open(db, read_only=True) as log:
        [stored] = log.list()
    assert stored.id == first[0].id and stored.created == now and stored.events == ("e1",)


def test_alerts_webhook_posts_json(tmp_path):
    site = NewsServer({"/down": Route(status=500)})
    try:
        rules = load_rules(rules_file(tmp_path))
        alerts = evaluate(rules, [record("r1", "SANCTION", "RUS", "JPN", "2022-10-04")])
        settings = FetchSettings.load(environ={}, timeout=2)
        assert post_alerts(site.url("/hook"), alerts, settings) is None
        problem = post_alerts(site.url("/down"), alerts, settings)
    finally:
        site.close()
    path, body = site.posts[0]
    assert path == "/hook" and json.loads(body)["alerts"][0]["rule"] == "jpn-rus"
    assert "HTTP 500" in problem and "kept for the next poll" in problem


def test_alerts_cli_lists_stored_alerts(tmp_path):
    from typer.testing import CliRunner

    from tidings.cli import app

    db = tmp_path / "t.duckdb"
    rules = load_rules(rules_file(tmp_path))
    with AlertLog.open(db) as log:
        log.add(evaluate(rules, [record("r1", "SANCTION", "RUS", "JPN", "2022-10-04")]),
                dt.datetime(2022, 10, 5, tzinfo=dt.UTC))
    result = CliRunner().invoke(app, ["alerts", "--db", str(db), "--json"])
    assert result.exit_code == 0
    [row] = [json.loads(line) for line in result.stdout.splitlines()]
    assert row["rule"] == "jpn-rus" and row["subject"] == "r1"
    later = CliRunner().invoke(app, ["alerts", "--db", str(db), "--since", "2022-11-01"])
    assert later.exit_code == 0 and "jpn-rus" not in later.stdout


def test_alerts_cli_missing_store_one_line(tmp_path):
    from typer.testing import CliRunner

    from tidings.cli import app

    result = CliRunner().invoke(app, ["alerts", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 2 and "E202" in result.output and "Traceback" not in result.output


def test_alerts_turn_rule_names_the_records_that_drove_it(tmp_path):
    text = '[[rule]]\nid = "jr"\nkind = "turn"\nbetween = ["RUS", "JPN"]\n'
    rules = load_rules(rules_file(tmp_path, text))
    records = [record("r1", "CONSULT", "JPN", "RUS", "2022-08-01", score=3.0),
               record("r2", "COERCE", "RUS", "JPN", "2022-09-22", score=-7.0),
               record("r3", "SANCTION", "RUS", "JPN", "2022-09-26", score=-5.5),
               record("r4", "SANCTION", "JPN", "RUS", "2022-10-04", score=-5.5)]
    found = evaluate(rules, records)
    assert found and all(a.rule == "jr" and a.detail["direction"] == "deteriorating" for a in found)
    assert "deteriorating" in found[0].message
    assert set(found[0].detail["records"].split()) & {"r2", "r3", "r4"}
    assert "r1" not in found[0].detail["records"].split()
    # The August consultation lifted the index from neutral: that is the only improving turn.
    improving = evaluate(load_rules(rules_file(tmp_path, text + 'direction = "improving"\n')), records)
    assert [a.detail["records"] for a in improving] == ["r1"]


def test_alerts_event_rule_min_confidence_uses_the_record_confidence(tmp_path):
    rules = load_rules(rules_file(tmp_path, '[[rule]]\nid = "c"\nbetween = ["JPN", "RUS"]\nmin_confidence = 0.8\n'))
    weak = record("r1", "SANCTION", "RUS", "JPN", "2022-10-04").replace(confidence=0.6)
    strong = record("r2", "SANCTION", "JPN", "RUS", "2022-10-04").replace(confidence=0.9)
    assert [a.subject for a in evaluate(rules, [weak, strong])] == ["r2"]


def test_alerts_turn_rule_rejects_a_bad_direction(tmp_path):
    with pytest.raises(TidingsError) as info:
        load_rules(rules_file(tmp_path, '[[rule]]\nid = "t"\nkind = "turn"\nbetween = ["A", "B"]\ndirection = "up"\n'))
    assert "`direction` must be one of" in str(info.value)
