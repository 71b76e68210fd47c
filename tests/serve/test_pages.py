"""Dashboard pages render the store's contents, and render an empty store too."""

from __future__ import annotations

import pytest

HTML = {"accept": "text/html"}


def test_pages_overview_lists_stories_movers_and_charts(client):
    page = client.get("/", headers=HTML).text
    assert "Japan and Russia expel diplomats" in page and "Aid agreement at the UN" in page
    assert "/dyad?a=JPN&amp;b=RUS" in page
    assert page.count("<svg") == 2


def test_pages_story_shows_outlets_side_by_side_with_highlighted_evidence(client):
    page = client.get("/story/s1", headers=HTML).text
    assert "<mark>Tokyo ordered a Russian diplomat to leave the country.</mark>" in page
    assert "Kyodo" in page and "TASS" in page and "Reuters" in page
    assert 'class="disputed"' in page and "disputed by a1" in page  # claim c1
    assert "response to" in page and "in retaliation for" in page
    # the timeline is in date order: r1 (Sep 26) before r3 (Oct 4)
    assert page.index("/record/r1") < page.index("/record/r3")


def test_pages_record_shows_every_mention_with_rule_and_date_basis(client):
    page = client.get("/record/r3", headers=HTML).text
    assert page.count('class="told"') == 2
    assert "expel.v1" in page and "text: Tuesday" in page and "Sapporo" in page
    assert "/dyad?a=JPN&amp;b=RUS" in page and "/story/s1" in page
    # the evidence is shown inside its article text
    assert "<mark>Japan expelled a Russian diplomat on Tuesday.</mark> The consul in Sapporo" in page


def test_pages_dyad_shows_index_turns_quads_and_records(client):
    page = client.get("/dyad?a=JPN&b=RUS", headers=HTML).text
    assert page.count("<svg") == 2 and "dot mark" in page
    assert "material conflict" in page and "verbal conflict" in page
    assert "/record/r2" in page and "/record/r3" in page and "/record/r4" not in page


def test_pages_search(client):
    page = client.get("/search?q=Vladivostok", headers=HTML).text
    assert "/record/r1" in page
    assert "Type at least two characters" in client.get("/search?q=x", headers=HTML).text
    assert "Nothing matches" in client.get("/search?q=zzzz", headers=HTML).text


def test_pages_missing_things_are_html_404s(client):
    response = client.get("/story/nope", headers=HTML)
    assert response.status_code == 404 and "no story with id &#39;nope&#39;" in response.text
    assert client.get("/dyad?a=JPN", headers=HTML).status_code == 422


@pytest.mark.parametrize("url", ["/", "/story/s1", "/record/r1", "/dyad?a=JPN&b=RUS", "/search?q=Japan", "/docs"])
def test_pages_empty_store_renders(empty_client, url):
    response = empty_client.get(url, headers=HTML)
    if url.startswith(("/story", "/record")):
        assert response.status_code == 404
    else:
        assert response.status_code == 200 and "<main>" in response.text
    if url == "/":
        assert "This store is empty" in response.text


def test_pages_overview_shows_latest_alerts_linked_to_their_record(client, empty_client):
    page = client.get("/", headers=HTML).text
    assert "Latest alerts" in page and "jpn-rus-sanctions" in page
    assert '<a href="/record/r3">SANCTION expel JPN -&gt; RUS reported by 2 outlets</a>' in page
    assert "Latest alerts" not in empty_client.get("/", headers=HTML).text
