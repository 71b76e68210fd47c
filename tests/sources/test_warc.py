"""Web archives read a record at a time from the open file: the size cap is per record, not per archive."""

import gzip
import io

from tidings.errors import Skipped
from tidings.records import RawDocument
from tidings.sources import read_inputs

STORY = ("Japan ordered a Russian diplomat to leave the country on Tuesday, the foreign ministry said, "
         "in response to the expulsion of a Japanese consul from Vladivostok last week.")
MB = 1_000_000


def _page(n: int, paragraphs: int = 3) -> bytes:
    body = "".join(f"<p>{STORY} Paragraph {k} of report {n}.</p>" for k in range(paragraphs))
    return (f"<html><head><title>Report {n}</title></head><body><article><h1>Report {n}</h1>{body}"
            "</article></body></html>").encode()


def _warc(path, pages, gz=True):
    """pages: (url, body, extra headers)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=gz)
        for url, body, extra in pages:
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8"), *extra],
                                       protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                          http_headers=headers))


def test_warc_archive_above_the_cap_is_read_page_by_page(tmp_path, settings):
    path = tmp_path / "crawl.warc"
    # A long script in each page makes the archive big without changing the article text.
    padding = b"<script>var x = '" + b"z" * 60_000 + b"';</script>"
    pages = [(f"http://news.example/{n}", _page(n).replace(b"<body>", b"<body>" + padding), []) for n in range(55)]
    _warc(path, pages, gz=False)
    items = list(read_inputs([str(path)], settings.replace(max_file_bytes=1 * MB)))
    assert path.stat().st_size > 3 * MB
    assert len(items) == 55 and all(isinstance(i, RawDocument) for i in items)
    assert [i.meta.url for i in items] == [f"http://news.example/{n}" for n in range(55)]


def test_warc_record_above_the_cap_skipped_alone(tmp_path, settings):
    path = tmp_path / "crawl.warc"
    _warc(path, [("http://news.example/a", _page(1), []), ("http://news.example/big", _page(2, 400), []),
                 ("http://news.example/c", _page(3), [])], gz=False)
    first, big, third = list(read_inputs([str(path)], settings.replace(max_file_bytes=20_000)))
    assert isinstance(first, RawDocument) and isinstance(third, RawDocument)
    assert third.meta.url == "http://news.example/c"
    assert isinstance(big, Skipped) and big.code == "E005" and big.origin.startswith(f"{path}#")
    assert "http://news.example/big" in big.detail and "rest of the archive" in big.detail


def test_warc_compressed_body_that_decodes_above_the_cap_is_skipped(tmp_path, settings):
    """A small stored record may inflate far beyond the cap (Content-Encoding: gzip): the read stops at it."""
    path = tmp_path / "crawl.warc.gz"
    inflating = gzip.compress(_page(2, 2000))
    _warc(path, [("http://news.example/bomb", inflating, [("Content-Encoding", "gzip")]),
                 ("http://news.example/c", _page(3), [])])
    cap = 50_000
    assert len(inflating) < cap < len(_page(2, 2000))
    big, good = list(read_inputs([str(path)], settings.replace(max_file_bytes=cap)))
    assert isinstance(big, Skipped) and big.code == "E005"
    assert isinstance(good, RawDocument) and good.meta.url == "http://news.example/c"
