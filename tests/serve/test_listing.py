"""Keyset pagination: cursors walk a listing once, in order, and refuse to be reused wrongly."""

from __future__ import annotations

import pytest

from tidings.errors import TidingsError
from tidings.serve.listing import decode_cursor, encode_cursor

import serve_samples


def _walk(client, url: str) -> list[dict]:
    items, cursor, pages = [], None, 0
    while True:
        response = client.get(url + (f"&cursor={cursor}" if cursor else ""))
        assert response.status_code == 200, response.text
        body = response.json()
        items += body["items"]
        pages += 1
        cursor = body["next_cursor"]
        if cursor is None:
            return items
        assert pages < 20, "paging does not end"


@pytest.mark.parametrize("sort", ["date", "-date", "plover_score", "-plover_score", "type", "-id"])
def test_listing_cursor_walks_every_event_once_in_order(client, sort):
    items = _walk(client, f"/api/events?limit=2&sort={sort}")
    assert sorted(i["id"] for i in items) == sorted(serve_samples.EVENTS)
    field = sort.lstrip("-")
    keys = [i[field] for i in items if i[field] is not None]
    assert keys == sorted(keys, reverse=sort.startswith("-"))
    # NULL keys come last whichever the direction.
    nulls = [i[field] is None for i in items]
    assert nulls == sorted(nulls)


def test_listing_cursor_pages_records_with_null_dates_and_date_sort(client):
    items = _walk(client, "/api/records?limit=1&sort=first_seen")
    assert [i["first_seen"] for i in items] == sorted(i["first_seen"] for i in items)
    assert len(items) == len(serve_samples.RECORDS)


def test_listing_cursor_round_trips_and_rejects_other_sort():
    cursor = encode_cursor("-date", "2022-10-04", "e1")
    assert decode_cursor(cursor, "-date") == ("2022-10-04", "e1")
    with pytest.raises(TidingsError, match="made for sort='-date'"):
        decode_cursor(cursor, "date")
    with pytest.raises(TidingsError, match="not one this API gave out"):
        decode_cursor("not-a-cursor!", "date")


def test_listing_cursor_from_another_sort_is_a_400(client):
    first = client.get("/api/events?limit=1&sort=date").json()
    response = client.get(f"/api/events?limit=1&sort=type&cursor={first['next_cursor']}")
    assert response.status_code == 400
    assert "sort" in response.json()["error"]


def test_listing_limit_is_bounded(client):
    assert client.get("/api/events?limit=501").status_code == 422
    assert len(client.get("/api/events?limit=500").json()["items"]) == len(serve_samples.EVENTS)
