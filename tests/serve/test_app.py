"""The app as a whole: read-only, every resource reachable, bad input a 4xx with a message, never a 500."""

from __future__ import annotations

import pytest

from tidings.errors import TidingsError
from tidings.serve import create_app

RESOURCES = ["articles", "events", "records", "stories", "claims", "quotes", "links"]


def test_app_missing_store_is_refused_before_serving(tmp_path, settings):
    with pytest.raises(TidingsError, match=r"\[E202\] no store at"):
        create_app(tmp_path / "absent.duckdb", settings)


@pytest.mark.parametrize("resource", RESOURCES)
def test_app_every_resource_lists_and_fetches(client, resource):
    body = client.get(f"/api/{resource}").json()
    assert body["items"], resource
    if resource != "links":
        first = body["items"][0]["id"]
        assert client.get(f"/api/{resource}/{first}").json()["id"] == first
        missing = client.get(f"/api/{resource}/no-such-id")
        assert missing.status_code == 404 and "no-such-id" in missing.json()["error"]


def test_app_article_detail_has_text_listing_does_not(client):
    listed = client.get("/api/articles?outlet=Kyodo").json()["items"][0]
    assert "text" not in listed and listed["story_id"] == "s1" and listed["chars"] > 0
    assert client.get("/api/articles/a1").json()["text"].startswith("Japan expelled")


@pytest.mark.parametrize("url", [
    "/api/events?limit=0", "/api/events?limit=abc", "/api/events?since=2022-13-01", "/api/events?until=yesterday",
    "/api/events?quad_class=9", "/api/events?modality=maybe", "/api/events?sort=nonsense",
    "/api/events?cursor=%%%", "/api/events?q=x", "/api/events?unknown=1", "/api/records?counted=perhaps",
    "/api/stories?sort=-mode", "/api/claims?stance=maybe", "/api/links?type=friend", "/api/search",
    "/api/search?q=a", "/api/dyads?limit=-1", "/api/dyads/JPN/RUS?period=hour", "/api/articles?since=2022-02-30",
])
def test_app_bad_parameters_get_a_4xx_with_a_message(client, url):
    response = client.get(url)
    assert 400 <= response.status_code < 500, (url, response.status_code)
    assert response.json()["error"]


def test_app_summary_counts(client):
    summary = client.get("/api/summary").json()
    assert (summary["articles"], summary["events"], summary["records"], summary["stories"]) == (4, 6, 6, 2)
    assert summary["events_by_type"]["SANCTION"] == 3


def test_app_search_finds_each_kind(client):
    hits = client.get("/api/search?q=consul").json()["items"]
    assert {(h["kind"], h["id"]) for h in hits} >= {("article", "a3"), ("record", "r1"), ("claim", "c2")}


def test_app_empty_store_answers_everything(empty_client):
    for resource in RESOURCES:
        body = empty_client.get(f"/api/{resource}").json()
        assert body == {"items": [], "next_cursor": None, "sort": body["sort"], "limit": 50}
    assert empty_client.get("/api/summary").json()["articles"] == 0
    assert empty_client.get("/api/dyads/JPN/RUS").json()["points"] == []


def test_app_openapi_and_offline_docs(client):
    spec = client.get("/openapi.json").json()
    assert {"/api/events", "/api/records", "/api/dyads/{actor}/{recipient}", "/api/search"} <= set(spec["paths"])
    docs = client.get("/docs").text
    assert "/api/events" in docs and "cdn" not in docs.lower()


def test_app_store_is_read_only(client):
    assert client.app.state.reader.store.read_only
