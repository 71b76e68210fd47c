from __future__ import annotations

import io
import json

from tidings.records import Actor
from tidings.store import Store
from tidings.store.export import export
from tidings.store.plover import record

from store_samples import UN, analysis, article, corpus, event


def test_plover_event_record_fields(db):
    with Store.open(db) as s:
        s.write_analyses([analysis("a1")])
        out = io.BytesIO()
        n = export(s, "events", "plover", out)
    rows = [json.loads(line) for line in out.getvalue().decode().splitlines()]
    assert n == 2 == len(rows)
    first, negated = rows
    assert first["id"] == "a1-e1" and first["event"] == ["SANCTION"] and first["mode"] == ["expel"]
    assert first["date"] == "2022-10-04" and first["enddate"] is None
    assert first["actor"][0] == {"code": "JPN", "sector": "GOV", "entity_text": "Japan",
                                 "identifier_text": None, "office": None}
    assert first["recipient"][0]["office"] == "diplomat"
    assert first["quad_code"] == 4 and first["event_scale"] == -5.5
    assert first["event_loc"]["geonameid"] == 2128295 and first["event_loc"]["country_code"] == "JPN"
    assert first["event_text"] == ["Japan ordered a Russian diplomat to leave."]
    assert first["cite_info"]["url"] == "https://news.example/a1"
    assert first["context"] == ["diplomatic", "legal"]
    assert negated["context"] == ["diplomatic", "legal", "negation"]


def test_plover_window_dates_and_nonstate_codes():
    e = event("e", "a", date="2022-09", recipient=(UN, Actor("an aid group", sector="NGO")))
    e = e.replace(date_precision="month", date_window=("2022-09-01", "2022-09-30"))
    out = record(e, [article("a")], "tidings test")
    assert (out["date"], out["enddate"]) == ("2022-09-01", "2022-09-30")
    assert [r["code"] for r in out["recipient"]] == ["UNO", "NGO"]


def test_plover_merged_records_carry_story_link_and_texts(db):
    with Store.open(db) as s:
        s.write_analyses([analysis("a1"), analysis("a2")])
        s.replace_corpus(*corpus(["a1", "a2"]))
        out = io.BytesIO()
        export(s, "records", "plover", out)
    first = json.loads(out.getvalue().decode().splitlines()[0])
    assert first["link"] == "s1" and first["articles"] == ["a1", "a2"]
    assert first["event_text"] == ["Japan ordered a Russian diplomat to leave."]
