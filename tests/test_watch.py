from __future__ import annotations

import pytest
from fetch.newsserver import STORY, NewsServer, Route, page, rss

from tidings.alerts import AlertLog, load_rules
from tidings.errors import TidingsError
from tidings.fetch import FakeClock, FeedSource, FetchLedger, FetchSettings
from tidings.store import Store
from tidings.watch import Watcher, parse_interval

OTHER = ("Russia ordered a Japanese diplomat to leave the country on Wednesday in response to the expulsion of "
         "its consul from Sapporo, the Russian foreign ministry said in a statement issued in Moscow.")


@pytest.fixture
def site():
    server = NewsServer()
    server.routes["/story/1"] = Route(page("Japan expels diplomat", STORY))
    server.routes["/story/2"] = Route(page("Russia responds", OTHER), fail_times=1)  # errors on the first try
    server.routes["/feed"] = Route(rss("Wire", [("Japan expels diplomat", server.url("/story/1"), "Teaser one."),
                                                ("Russia responds", server.url("/story/2"), "Teaser two.")]),
                                   content_type="application/rss+xml", etag='"v1"')
    server.routes["/broken"] = Route("oops", status=500, content_type="text/plain")
    yield server
    server.close()


def watcher(tmp_path, site, resources, settings, clock=None, **options):
    fetch = FetchSettings.load(environ={}, host_delay=0.0, timeout=2.0, retries=0)
    feeds = [FeedSource(site.url("/feed")), FeedSource(site.url("/broken"))]
    return Watcher(feeds, settings.replace(db=tmp_path / "w.duckdb"), fetch, clock=clock or FakeClock(),
                   resources=resources, **options)


def test_watch_parse_interval():
    assert parse_interval("15m") == 900 and parse_interval("90s") == 90 and parse_interval("2") == 2
    with pytest.raises(TidingsError):
        parse_interval("soon")


@pytest.mark.slow
def test_watch_polls_new_only_retries_errors_and_skips_unchanged(tmp_path, site, resources, settings):
    clock = FakeClock()
    with watcher(tmp_path, site, resources, settings, clock) as w:
        first, second, third = w.run(interval=900, max_polls=3)
    # Poll 1: story 1 stored, story 2 errored (retry later), the broken feed reported; the feed's ETag is not
    # kept because an entry is pending, so poll 2 reads the feed again and takes story 2 only.
    assert first.written == 1 and first.retry_later == 1
    assert any(s.origin == site.url("/broken") and "HTTP 500" in s.detail for s in first.skipped)
    assert second.written == 1 and second.entries_new == 1 and second.unchanged == 0
    # Poll 3: the feed answers 304 and nothing is fetched or analysed again.
    assert third.unchanged == 1 and third.entries_new == 0 and third.written == 0
    assert site.paths().count("/story/1") == 1 and site.paths().count("/story/2") == 2
    assert clock.sleeps.count(900) == 2  # slept between polls on the fake clock, not after the last
    with Store.open(tmp_path / "w.duckdb", read_only=True) as store:
        urls = {a.url for a in store.articles()}
        assert urls == {site.url("/story/1"), site.url("/story/2")}
        assert store.records() and store.stories()


@pytest.mark.slow
def test_watch_restart_continues_from_the_store(tmp_path, site, resources, settings):
    with watcher(tmp_path, site, resources, settings) as w:
        w.poll()
    # A crash after the article was stored but before its entry was marked: the next start reads the page
    # again, finds the article stored, and writes nothing twice.
    with FetchLedger.open(tmp_path / "w.duckdb") as ledger:
        ledger.forget([site.url("/story/1")])
    with watcher(tmp_path, site, resources, settings) as w:
        report = w.poll()
    assert report.already_stored == 1 and report.written == 1
    with Store.open(tmp_path / "w.duckdb", read_only=True) as store:
        assert len(store.articles()) == 2


@pytest.mark.slow
def test_watch_alerts_raised_once_and_posted(tmp_path, site, resources, settings):
    rules = tmp_path / "alerts.toml"
    rules.write_text('[[rule]]\nid = "jpn-rus"\nbetween = ["JPN", "RUS"]\n', encoding="utf-8")
    with watcher(tmp_path, site, resources, settings, rules=load_rules(rules),
                 webhook=site.url("/hook")) as w:
        reports = w.run(interval=60, max_polls=3)
    raised = [a for r in reports for a in r.alerts]
    assert raised and len({a.id for a in raised}) == len(raised)
    assert reports[-1].alerts == []  # nothing new on the unchanged poll
    with AlertLog.open(tmp_path / "w.duckdb", read_only=True) as log:
        assert {a.id for a in log.list()} == {a.id for a in raised}
        assert log.list(unposted=True) == []
    assert site.posts and all(path == "/hook" for path, _ in site.posts)


def test_watch_cli_bad_arguments_one_line(tmp_path):
    from typer.testing import CliRunner

    from tidings.cli import app

    feeds = tmp_path / "feeds.txt"
    feeds.write_text("http://127.0.0.1:9/feed\n", encoding="utf-8")
    bad_rules = tmp_path / "r.toml"
    bad_rules.write_text("[[rule]]\nid = 'x'\n", encoding="utf-8")
    for args, code in ((["watch", str(feeds), "--interval", "soon"], "E107"),
                       (["watch", str(tmp_path / "missing.txt")], "E107"),
                       (["watch", str(feeds), "--rules", str(bad_rules)], "E107")):
        result = CliRunner().invoke(app, args + ["--db", str(tmp_path / "w.duckdb")])
        assert result.exit_code == 2 and code in result.output and "Traceback" not in result.output


@pytest.mark.slow
def test_watch_cli_local_feed_file_one_poll(tmp_path):
    from typer.testing import CliRunner

    from tidings.cli import app

    (tmp_path / "wire.rss").write_text(
        rss("Wire", [("Japan expels diplomat", "http://wire.example/1", f"&lt;p&gt;{STORY} {STORY}&lt;/p&gt;")]),
        encoding="utf-8")
    feeds = tmp_path / "feeds.txt"
    feeds.write_text("wire.rss\n", encoding="utf-8")
    db = tmp_path / "w.duckdb"
    result = CliRunner().invoke(app, ["watch", str(feeds), "--db", str(db), "--max-polls", "1", "--interval", "1s"])
    assert result.exit_code == 0, result.output
    with Store.open(db, read_only=True) as store:
        [article] = store.articles()
    assert article.url == "http://wire.example/1" and article.outlet == "Wire"
