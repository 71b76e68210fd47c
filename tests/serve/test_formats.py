"""JSON, NDJSON and CSV carry the same rows; the cursor travels in the body or in headers."""

from __future__ import annotations

import csv
import io
import json

from tidings.serve.formats import NEXT_HEADER, to_csv


def test_formats_ndjson_and_csv_carry_the_json_rows(client):
    items = client.get("/api/events?limit=4&sort=id").json()["items"]
    lines = client.get("/api/events?limit=4&sort=id&format=ndjson").text.splitlines()
    assert [json.loads(line) for line in lines] == items
    rows = list(csv.DictReader(io.StringIO(client.get("/api/events?limit=4&sort=id&format=csv").text)))
    assert [r["id"] for r in rows] == [i["id"] for i in items]
    assert json.loads(rows[0]["actor"]) == items[0]["actor"]
    assert rows[0]["plover_score"] == str(items[0]["plover_score"])


def test_formats_accept_header_chooses_and_parameter_wins(client):
    assert client.get("/api/stories", headers={"accept": "text/csv"}).headers["content-type"].startswith("text/csv")
    assert client.get("/api/stories", headers={"accept": "application/x-ndjson"}).headers["content-type"] \
        == "application/x-ndjson"
    response = client.get("/api/stories?format=json", headers={"accept": "text/csv"})
    assert response.json()["items"]


def test_formats_next_cursor_in_headers_for_line_formats(client):
    response = client.get("/api/events?limit=2&format=ndjson")
    cursor = response.headers[NEXT_HEADER]
    assert 'rel="next"' in response.headers["link"]
    following = client.get(f"/api/events?limit=2&format=ndjson&cursor={cursor}").text.splitlines()
    first = [json.loads(line)["id"] for line in response.text.splitlines()]
    assert len(following) == 2 and not set(first) & {json.loads(line)["id"] for line in following}
    last = client.get("/api/events?limit=500&format=csv")
    assert NEXT_HEADER not in last.headers


def test_formats_csv_cells():
    text = to_csv([{"a": None, "b": [1, 2], "c": True, "d": "x,y"}], ["a", "b", "c", "d"])
    assert text.splitlines() == ["a,b,c,d", ',"[1,2]",true,"x,y"']
