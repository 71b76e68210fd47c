"""Every filter the issue lists, checked against the hand-made store's known contents."""

from __future__ import annotations

import pytest

from tidings.serve.filters import like


def _ids(client, url: str) -> set[str]:
    response = client.get(url)
    assert response.status_code == 200, response.text
    return {item.get("id") or item.get("source") for item in response.json()["items"]}


@pytest.mark.parametrize("query, expected", [
    ("actor=JPN", {"e1", "e2", "e4", "e6"}),
    ("recipient=RUS", {"e1", "e2", "e4"}),
    ("either=RUS", {"e1", "e2", "e3", "e4"}),
    ("recipient=United%20Nations", {"e5", "e6"}),
    ("type=sanction", {"e1", "e2", "e3"}),
    ("mode=expel&actor=RUS", {"e3"}),
    ("quad_class=1", {"e5", "e6"}),
    ("modality=negated", {"e6"}),
    ("counted=true&quad_class=1", {"e5"}),
    ("since=2022-10-01", {"e1", "e2", "e5"}),
    ("until=2022-09-30", {"e3", "e4"}),
    ("since=2022-09-27&until=2022-10-04", {"e1", "e2", "e4"}),
    ("outlet=Reuters", {"e3", "e4", "e5", "e6"}),
    ("story=s2", {"e5", "e6"}),
    ("q=vladivostok", {"e3"}),
    ("q=aid", {"e5", "e6"}),  # title match brings the whole article
    ("article=a3", {"e3", "e4"}),
])
def test_filters_events(client, query, expected):
    assert _ids(client, f"/api/events?{query}") == expected


@pytest.mark.parametrize("query, expected", [
    ("actor=JPN&recipient=RUS", {"r2", "r3"}),
    ("either=USA", {"r4", "r6"}),
    ("story=s1", {"r1", "r2", "r3"}),
    ("outlet=TASS", {"r3"}),
    ("q=ordered", {"r3"}),
    ("article=a4", {"r4", "r5", "r6"}),
    ("counted=false", {"r5"}),
])
def test_filters_records(client, query, expected):
    assert _ids(client, f"/api/records?{query}") == expected


def test_filters_other_resources(client):
    assert _ids(client, "/api/articles?outlet=Reuters") == {"a3", "a4"}
    assert _ids(client, "/api/articles?since=2022-10-05") == {"a2", "a4"}
    assert _ids(client, "/api/articles?story=s2") == {"a4"}
    assert _ids(client, "/api/stories?actor=United%20Nations") == {"s2"}
    assert _ids(client, "/api/stories?since=2022-11-01") == {"s2"}
    assert _ids(client, "/api/claims?disputed=true") == {"c1"}
    assert _ids(client, "/api/claims?speaker=JPN") == {"c2"}
    assert _ids(client, "/api/claims?stance=deny&story=s1") == {"c1"}
    assert _ids(client, "/api/quotes?direct=false") == {"q1"}
    assert _ids(client, "/api/links?record=r1") == {"r3"}
    assert _ids(client, "/api/links?type=cause") == set()


def test_filters_like_takes_wildcards_literally(client):
    assert like("50%_a\\b") == "%50\\%\\_a\\\\b%"
    assert _ids(client, "/api/events?q=%25%25") == set()


def test_filters_reversed_range_is_a_400(client):
    response = client.get("/api/events?since=2022-12-01&until=2022-01-01")
    assert response.status_code == 400
    assert "since=2022-12-01 is after until=2022-01-01" in response.json()["error"]
