from __future__ import annotations

import pytest
from newsserver import Route, page

from tidings.fetch import FakeClock, Fetcher, FetchError, FetchSettings, Validators
from tidings.fetch.http import FEED_TYPES

FAST = dict(host_delay=0.0, timeout=0.5, retries=2, backoff=1.0, environ={})


def fetcher(clock=None, **overrides) -> Fetcher:
    return Fetcher(FetchSettings.load(**{**FAST, **overrides}), clock or FakeClock())


def test_http_get_page_sends_user_agent_and_reads_body(server):
    server.routes["/a"] = Route(page("One"))
    with fetcher(user_agent="tidings-test/9 (+mailto:desk@example.org)") as f:
        response = f.get(server.url("/a"))
    assert response.status == 200 and b"One" in response.body and response.charset == "utf-8"
    assert server.hits[-1][0] == "/a" and server.hits[-1][1]["user-agent"].startswith("tidings-test/9")


def test_http_conditional_request_gives_304_with_etag(server):
    server.routes["/feed"] = Route("<rss/>", content_type="application/rss+xml", etag='"v1"')
    with fetcher() as f:
        first = f.get(server.url("/feed"), accept=FEED_TYPES)
        second = f.get(server.url("/feed"), accept=FEED_TYPES, validators=first.validators)
    assert first.validators == Validators('"v1"', None)
    assert second.not_modified and second.body == b""
    assert server.hits[-1][1]["if-none-match"] == '"v1"'


def test_http_conditional_request_with_last_modified(server):
    stamp = "Tue, 04 Oct 2022 09:00:00 GMT"
    server.routes["/feed"] = Route("<rss/>", content_type="text/xml", last_modified=stamp)
    with fetcher() as f:
        first = f.get(server.url("/feed"), accept=FEED_TYPES)
        assert f.get(server.url("/feed"), accept=FEED_TYPES, validators=first.validators).not_modified


def test_http_robots_txt_forbids_path(server):
    server.routes["/robots.txt"] = Route("User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    server.routes["/private/story"] = Route(page("Secret"))
    server.routes["/public/story"] = Route(page("Open"))
    with fetcher() as f:
        with pytest.raises(FetchError) as caught:
            f.get(server.url("/private/story"))
        assert f.get(server.url("/public/story")).status == 200
    assert "robots.txt" in str(caught.value) and not caught.value.transient
    assert "/private/story" not in server.paths()
    assert server.paths().count("/robots.txt") == 1  # kept per host


def test_http_robots_for_our_agent_only(server):
    server.routes["/robots.txt"] = Route("User-agent: tidings\nDisallow: /\n\nUser-agent: *\nDisallow:\n",
                                         content_type="text/plain")
    server.routes["/a"] = Route(page("A"))
    with fetcher() as f, pytest.raises(FetchError):
        f.get(server.url("/a"))
    with fetcher(user_agent="otherbot/1.0") as f:
        assert f.get(server.url("/a")).status == 200


def test_http_robots_missing_allows_and_unreachable_refuses(server):
    server.routes["/a"] = Route(page("A"))
    with fetcher() as f:
        assert f.get(server.url("/a")).status == 200  # robots.txt is a 404
    server.routes["/robots.txt"] = Route("down", status=500, content_type="text/plain")
    with fetcher() as f, pytest.raises(FetchError) as caught:
        f.get(server.url("/a"))
    assert caught.value.transient and "robots.txt" in str(caught.value)


def test_http_slow_host_times_out_as_transient(server):
    server.routes["/slow"] = Route(page("Slow"), delay=1.5)
    clock = FakeClock()
    with fetcher(clock, retries=1, timeout=0.3) as f, pytest.raises(FetchError) as caught:
        f.get(server.url("/slow"))
    assert caught.value.transient and "no answer within 0.3 s" in str(caught.value)
    assert clock.sleeps == [1.0]  # one backoff before the single retry


def test_http_errors_retried_with_backoff_then_succeed(server):
    server.routes["/flaky"] = Route(page("Flaky"), fail_times=2)
    clock = FakeClock()
    with fetcher(clock, retries=2) as f:
        assert f.get(server.url("/flaky")).status == 200
    assert clock.sleeps == [1.0, 2.0]  # doubling backoff


def test_http_errors_exhaust_retries(server):
    server.routes["/down"] = Route(page("Down"), fail_times=10)
    with fetcher(retries=1) as f, pytest.raises(FetchError) as caught:
        f.get(server.url("/down"))
    assert caught.value.transient and caught.value.status == 503 and "HTTP 503 after 2 attempt(s)" in str(caught.value)


def test_http_not_found_is_permanent(server):
    with fetcher() as f, pytest.raises(FetchError) as caught:
        f.get(server.url("/gone"))
    assert not caught.value.transient and caught.value.status == 404


def test_http_size_cap(server):
    server.routes["/big"] = Route("x" * 5000, content_type="text/html")
    with fetcher(max_bytes=1000) as f, pytest.raises(FetchError) as caught:
        f.get(server.url("/big"))
    assert caught.value.code == "E005"


def test_http_content_type_checked(server):
    server.routes["/img"] = Route(b"\x89PNG....", content_type="image/png")
    with fetcher() as f, pytest.raises(FetchError) as caught:
        f.get(server.url("/img"))
    assert caught.value.code == "E007" and "image/png" in str(caught.value)


def test_http_redirects_followed_and_bounded(server):
    server.routes["/old"] = Route(status=301, headers={"Location": "/new"})
    server.routes["/new"] = Route(page("New"))
    server.routes["/loop"] = Route(status=302, headers={"Location": "/loop"})
    with fetcher(max_redirects=3) as f:
        response = f.get(server.url("/old"))
        assert response.final_url == server.url("/new") and b"New" in response.body
        with pytest.raises(FetchError) as caught:
            f.get(server.url("/loop"))
    assert "more than 3 redirects" in str(caught.value)
    assert server.paths().count("/loop") == 4


def test_http_redirect_into_forbidden_path_refused(server):
    server.routes["/robots.txt"] = Route("User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    server.routes["/go"] = Route(status=302, headers={"Location": "/private/x"})
    with fetcher() as f, pytest.raises(FetchError):
        f.get(server.url("/go"))
    assert "/private/x" not in server.paths()


def test_http_per_host_delay_and_crawl_delay(server):
    server.routes["/robots.txt"] = Route("User-agent: *\nCrawl-delay: 7\n", content_type="text/plain")
    server.routes["/a"] = Route(page("A"))
    clock = FakeClock()
    with fetcher(clock, host_delay=3.0) as f:
        f.get(server.url("/a"))
        f.get(server.url("/a"))
    # robots.txt then /a wait the base delay; the second /a waits the host's longer Crawl-delay.
    assert clock.sleeps == [3.0, 7.0]


def test_http_refuses_other_schemes():
    with fetcher() as f, pytest.raises(FetchError) as caught:
        f.get("file:///etc/passwd")
    assert caught.value.code == "E007"
