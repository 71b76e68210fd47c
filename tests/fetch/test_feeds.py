from __future__ import annotations

import pytest
from newsserver import STORY, Route, page, rss

from tidings.errors import InputError, TidingsError
from tidings.fetch import FakeClock, FeedSource, Fetcher, FetchSettings, entry_document, read_feed, read_feed_list

SETTINGS = FetchSettings.load(host_delay=0.0, timeout=0.5, environ={})


def test_feeds_read_feed_list_urls_files_and_comments(tmp_path):
    listing = tmp_path / "feeds.txt"
    listing.write_text("# wires\nhttp://a.example/rss#top  # the A wire\n\nlocal.xml\nftp://nope/feed\n"
                       "http://a.example/rss#top\n", encoding="utf-8")
    sources, problems = read_feed_list(listing)
    assert [s.location for s in sources] == ["http://a.example/rss#top", str(tmp_path / "local.xml")]
    assert len(problems) == 1 and "feeds.txt:5" in problems[0] and "ignored" in problems[0]


def test_feeds_read_feed_list_empty_is_an_error(tmp_path):
    listing = tmp_path / "feeds.txt"
    listing.write_text("# nothing yet\n", encoding="utf-8")
    with pytest.raises(TidingsError) as caught:
        read_feed_list(listing)
    assert caught.value.code == "E107" and "feeds.txt" in str(caught.value)


def test_feeds_teaser_entry_fetches_the_page(server):
    server.routes["/feed"] = Route(rss("Wire", [("Japan expels diplomat", server.url("/story/1"), "Short teaser.")]),
                                   content_type="application/rss+xml")
    server.routes["/story/1"] = Route(page("Japan expels diplomat"))
    with Fetcher(SETTINGS, FakeClock()) as f:
        read = read_feed(FeedSource(server.url("/feed")), f, None, SETTINGS.max_bytes)
        [entry] = read.feed.entries
        document = entry_document(entry, read, f)
    assert document.format == "html" and STORY in document.content and "Home | World" not in document.content
    assert document.meta.outlet == "Wire" and document.meta.url == server.url("/story/1")
    assert document.meta.published.isoformat() == "2022-10-04"


def test_feeds_full_entry_needs_no_page(server):
    server.routes["/feed"] = Route(rss("Wire", [("Full", server.url("/story/2"), f"&lt;p&gt;{STORY} {STORY}&lt;/p&gt;")]),
                                   content_type="text/xml")
    with Fetcher(SETTINGS, FakeClock()) as f:
        read = read_feed(FeedSource(server.url("/feed")), f, None, SETTINGS.max_bytes)
        document = entry_document(read.feed.entries[0], read, f)
    assert document.format == "feed" and "/story/2" not in server.paths()


def test_feeds_unchanged_local_file_not_parsed_again(tmp_path):
    path = tmp_path / "wire.rss"
    path.write_text(rss("Wire", [("A", "http://a.example/1", "x")]), encoding="utf-8")
    with Fetcher(SETTINGS, FakeClock()) as f:
        first = read_feed(FeedSource(str(path)), f, None, SETTINGS.max_bytes)
        again = read_feed(FeedSource(str(path)), f, first.validators, SETTINGS.max_bytes)
        path.write_text(rss("Wire", [("A", "http://a.example/1", "x"), ("B", "http://a.example/2", "y")]),
                        encoding="utf-8")
        changed = read_feed(FeedSource(str(path)), f, first.validators, SETTINGS.max_bytes)
    assert first.feed is not None and again.feed is None and len(changed.feed.entries) == 2


@pytest.mark.parametrize("evil", [
    # billion laughs
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">'
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;">]><rss version="2.0"><channel><item><title>&lol3;</title>'
    '</item></channel></rss>',
    # external entity
    '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    '<rss version="2.0"><channel><item><description>&xxe;</description></item></channel></rss>',
    # parameter entity through an internal subset
    '<?xml version="1.0"?><!DOCTYPE rss [ <!ELEMENT rss ANY> ]><rss version="2.0"><channel></channel></rss>',
])
def test_feeds_malicious_xml_from_the_web_refused(server, evil):
    server.routes["/evil"] = Route(evil, content_type="application/rss+xml")
    with Fetcher(SETTINGS, FakeClock()) as f, pytest.raises(InputError) as caught:
        read_feed(FeedSource(server.url("/evil")), f, None, SETTINGS.max_bytes)
    assert caught.value.code == "E004" and "refused for safety" in str(caught.value)


def test_feeds_rss091_doctype_without_subset_is_read(server):
    feed = ('<?xml version="1.0"?><!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" '
            '"http://my.netscape.com/publish/formats/rss-0.91.dtd"><rss version="0.91"><channel><title>Old</title>'
            f'<item><title>T</title><link>{server.url("/s")}</link><description>teaser</description></item>'
            '</channel></rss>')
    server.routes["/old"] = Route(feed, content_type="text/xml")
    with Fetcher(SETTINGS, FakeClock()) as f:
        read = read_feed(FeedSource(server.url("/old")), f, None, SETTINGS.max_bytes)
    assert read.feed.outlet == "Old" and read.feed.entries[0].link == server.url("/s")


def test_feeds_atom_and_rss1(tmp_path):
    atom = tmp_path / "a.atom"
    atom.write_text('<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>At</title><entry>'
                    '<title>E</title><id>urn:1</id><link href="http://a.example/e"/>'
                    '<updated>2022-09-26T10:00:00Z</updated><summary>s</summary></entry></feed>', encoding="utf-8")
    rdf = tmp_path / "b.rdf"
    rdf.write_text('<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
                   'xmlns="http://purl.org/rss/1.0/"><channel rdf:about="http://b.example/"><title>R1</title>'
                   '</channel><item rdf:about="http://b.example/1"><title>I</title><link>http://b.example/1</link>'
                   '</item></rdf:RDF>', encoding="utf-8")
    with Fetcher(SETTINGS, FakeClock()) as f:
        a = read_feed(FeedSource(str(atom)), f, None, SETTINGS.max_bytes).feed
        b = read_feed(FeedSource(str(rdf)), f, None, SETTINGS.max_bytes).feed
    assert a.entries[0].key == "http://a.example/e" and a.entries[0].published.isoformat() == "2022-09-26"
    assert b.outlet == "R1" and b.entries[0].key == "http://b.example/1"
