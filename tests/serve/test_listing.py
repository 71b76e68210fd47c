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


@pytest.fixture(scope="module")
def tied_client(tmp_path_factory, settings):
    """40 events on four dates (one undated) and three actors: many ties for the cursor to step through."""
    from fastapi.testclient import TestClient

    from tidings.records import ArticleAnalysis
    from tidings.serve import create_app
    from tidings.store import Store

    path = tmp_path_factory.mktemp("tied") / "tied.duckdb"
    actors = [serve_samples.JAPAN, serve_samples.RUSSIA, serve_samples.UN]
    days = ["2022-10-01", "2022-10-02", None, "2022-10-03"]
    events = [serve_samples._event(f"t{i:02d}", "a1", 0, "SANCTION", "expel" if i % 2 else "warn",
                                   [actors[i % 3]], [actors[(i + 1) % 3]], days[i % 4], float(i % 5), 4)
              for i in range(40)]
    article = serve_samples.analyses()[0].article
    with Store.open(path) as store:
        store.write_analyses([ArticleAnalysis(article=article, events=events)])
    with TestClient(create_app(path, settings)) as client:
        yield client, events


@pytest.mark.parametrize("query", ["", "&actor=JPN", "&actor=JPN&mode=expel", "&either=United Nations",
                                   "&since=2022-10-02&recipient=RUS"])
@pytest.mark.parametrize("sort", ["-date", "date", "-plover_score", "id"])
def test_listing_cursor_pages_equal_one_sorted_listing(tied_client, query, sort):
    """Small pages (key table or event table, with ties on the sort key) add up to the whole sorted list."""
    client, events = tied_client
    whole = client.get(f"/api/events?limit=500&sort={sort}{query}").json()["items"]
    paged = _walk(client, f"/api/events?limit=3&sort={sort}{query}")
    assert [i["id"] for i in paged] == [i["id"] for i in whole]
    field, descending = sort.lstrip("-"), sort.startswith("-")
    present = sorted((e for e in events if getattr(e, field) is not None),
                     key=lambda e: (getattr(e, field), e.id), reverse=descending)
    expected = present + sorted((e for e in events if getattr(e, field) is None), key=lambda e: e.id,
                                reverse=descending)
    wanted = {i["id"] for i in whole}
    assert [e.id for e in expected if e.id in wanted] == [i["id"] for i in whole]
    keys = {e.id: ({a.key for a in e.actor}, {r.key for r in e.recipient}) for e in events}
    matching = {
        "": lambda e: True,
        "&actor=JPN": lambda e: "JPN" in keys[e.id][0],
        "&actor=JPN&mode=expel": lambda e: "JPN" in keys[e.id][0] and e.mode == "expel",
        "&either=United Nations": lambda e: "United Nations" in keys[e.id][0] | keys[e.id][1],
        "&since=2022-10-02&recipient=RUS": lambda e: "RUS" in keys[e.id][1] and (e.date or "") >= "2022-10-02",
    }[query]
    assert wanted == {e.id for e in events if matching(e)}


@pytest.mark.parametrize("sort", ["-num_articles", "id", "-id"])
def test_listing_records_from_the_listing_table_keep_page_order_and_shape(client, sort):
    """Records are listed from their compact listing table (JSON text lists); the page keeps the sort order
    and every field CONTRACT promises for a record."""
    items = _walk(client, f"/api/records?limit=2&sort={sort}")
    assert sorted(i["id"] for i in items) == sorted(r.id for r in serve_samples.RECORDS)
    field = sort.lstrip("-")
    keys = [i[field] for i in items]
    assert keys == sorted(keys, reverse=sort.startswith("-"))
    for item in items:
        assert {"mentions", "articles", "num_articles", "num_sources", "first_seen", "last_seen", "story_id",
                "links", "actor", "recipient", "type"} <= set(item)
        assert len(item["articles"]) >= 1 and len(item["mentions"]) >= 1


def test_listing_records_equal_the_stored_records(client):
    """Decoding the listing table's JSON columns gives back each record exactly as the corpus stage made it."""
    items = _walk(client, "/api/records?limit=4")
    assert {i["id"]: i for i in items} == {r.id: r.as_dict() for r in serve_samples.RECORDS}
    one = client.get("/api/records/r3").json()
    assert one == next(r for r in serve_samples.RECORDS if r.id == "r3").as_dict()


@pytest.mark.parametrize("query", ["article=a1", "article=a3&since=2022-09-27", "since=2022-10-01&mode=expel",
                                   "until=2022-09-26&counted=true", "since=2022-11-01&type=AGREE"])
def test_listing_records_filters_over_the_listing_table(client, query):
    """Filters that cannot be answered from the key table alone read the listing table's plain columns
    (window ends) or go through `records` for list tests (article)."""
    params = dict(part.split("=") for part in query.split("&"))

    def keep(r) -> bool:
        first, last = r.date_window or (r.date, r.date)
        return all((
            "article" not in params or params["article"] in r.articles,
            "since" not in params or (last or r.date or "")[:10] >= params["since"],
            "until" not in params or ((first or r.date) is not None and (first or r.date)[:10] <= params["until"]),
            "mode" not in params or r.mode == params["mode"],
            "type" not in params or r.type == params["type"],
            "counted" not in params or r.modality not in ("negated", "hypothetical"),
        ))

    got = {i["id"] for i in _walk(client, f"/api/records?limit=2&{query}")}
    assert got == {r.id for r in serve_samples.RECORDS if keep(r)}
    assert got  # each case keeps something
