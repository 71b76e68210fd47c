from __future__ import annotations

import io

from tidings.records import Actor, Place
from tidings.store import Store
from tidings.store.export import export
from tidings.store.gdelt import COLUMNS, event_id, row

from store_samples import analysis, article, corpus, event


def _rows(db, kind):
    with Store.open(db) as s:
        s.write_analyses([analysis("a1"), analysis("a2")])
        s.replace_corpus(*corpus(["a1", "a2"]))
        out = io.BytesIO()
        n = export(s, kind, "gdelt", out)
    lines = out.getvalue().decode().split("\n")
    assert lines[-1] == "" and len(lines) - 1 == n
    return [dict(zip(COLUMNS, line.split("\t"))) | {"_n": len(line.split("\t"))} for line in lines[:-1]]


def test_gdelt_has_the_61_columns():
    assert len(COLUMNS) == 61 and COLUMNS[0] == "GLOBALEVENTID" and COLUMNS[-1] == "SOURCEURL"


def test_gdelt_event_rows(db):
    rows = _rows(db, "events")
    assert all(r["_n"] == 61 for r in rows)
    first = rows[0]
    assert first["GLOBALEVENTID"] == str(event_id("a1-e1"))
    assert (first["SQLDATE"], first["MonthYear"], first["Year"]) == ("20221004", "202210", "2022")
    assert first["FractionDate"] == f"{2022 + (10 * 30 + 4) / 365:.4f}"
    assert (first["Actor1CountryCode"], first["Actor2CountryCode"]) == ("JPN", "RUS")
    assert first["Actor1Code"] == "JPNGOV" and first["Actor1Type1Code"] == "GOV"
    assert (first["EventCode"], first["EventBaseCode"], first["EventRootCode"]) == ("1742", "174", "17")
    assert (first["QuadClass"], first["GoldsteinScale"]) == ("4", "-5.0")
    assert (first["NumMentions"], first["NumSources"], first["NumArticles"]) == ("1", "1", "1")
    assert first["ActionGeo_FullName"] == "Sapporo, Japan" and first["ActionGeo_Type"] == "4"
    assert (first["ActionGeo_Lat"], first["ActionGeo_Long"], first["ActionGeo_FeatureID"]) == (
        "43.06", "141.35", "2128295")
    assert first["DATEADDED"] == "20221005083015"
    assert first["SOURCEURL"] == "https://news.example/a1"
    assert first["AvgTone"] == "" and first["Actor1EthnicCode"] == ""


def test_gdelt_record_rows_count_mentions_and_sources(db):
    rows = _rows(db, "records")
    assert len(rows) == 2 and all(r["_n"] == 61 for r in rows)
    assert (rows[0]["NumMentions"], rows[0]["NumSources"], rows[0]["NumArticles"]) == ("2", "1", "2")
    assert rows[0]["EventRootCode"] == "17"


def test_gdelt_ids_are_stable_and_distinct():
    assert event_id("x") == event_id("x") != event_id("y")
    assert 0 < event_id("x") < 2**63


def test_gdelt_month_precision_uses_window_start_and_unknowns_stay_empty():
    e = event("e", "a", date="2022-10").replace(date_window=("2022-10-01", "2022-10-31"), cameo=None,
                                                  place=Place("Nowhere"), actor=(Actor("someone"),), recipient=())
    values = row(e, 1, 1, 1, [article("a").replace(url=None, ingested=None)])
    assert values["SQLDATE"] == "20221001"
    assert "EventCode" not in values and values.get("Actor2CountryCode", "") == ""
    assert values["Actor1Name"] == "SOMEONE" and values["Actor1Code"] == ""
    assert values["SOURCEURL"] == "" and "DATEADDED" not in values
    assert values["ActionGeo_Type"] == ""
