"""read_inputs end to end on small files written by hand: one test per format and per bad-input kind."""

import datetime as dt
import gzip
import io
import json
import os

import pytest

from tidings.errors import Skipped
from tidings.records import RawDocument, SourceMeta
from tidings.sources import read_inputs
from tidings.sources.manifest import Manifest

STORY = ("Japan ordered a Russian diplomat to leave the country on Tuesday, the foreign ministry said, "
         "in response to the expulsion of a Japanese consul from Vladivostok last week.")
PAGE = f"""<!DOCTYPE html><html><head><title>Japan expels diplomat | Example News</title>
<meta property="og:site_name" content="Example News">
<meta property="og:title" content="Japan expels diplomat">
<meta property="article:published_time" content="2022-10-04T08:00:00Z"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Japan expels diplomat</h1><p>TOKYO — {STORY}</p>
<p>The diplomat was given six days to leave, officials said, as relations between the neighbours sour.</p></article>
<footer>Copyright Example News</footer></body></html>"""


def read(paths, settings, **kwargs):
    return list(read_inputs([str(p) for p in paths], settings, **kwargs))


def only(items, kind):
    assert all(isinstance(i, kind) for i in items), items
    return items


def test_read_inputs_plain_text(tmp_path, settings):
    path = tmp_path / "a.txt"
    path.write_text(f"Title\n\n{STORY}\n", encoding="utf-8")
    [doc] = only(read([path], settings), RawDocument)
    assert doc.format == "text" and doc.origin == str(path) and doc.path == str(path)
    assert STORY in doc.content
    assert doc.meta.published is None and doc.meta.published_basis == "none"


def test_read_inputs_html_main_text_and_metadata(tmp_path, settings):
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    [doc] = only(read([path], settings), RawDocument)
    assert doc.format == "html"
    assert STORY in doc.content and "World" not in doc.content.split("\n")
    assert doc.meta.title == "Japan expels diplomat"
    assert doc.meta.outlet == "Example News"
    assert doc.meta.published == dt.date(2022, 10, 4) and doc.meta.published_basis == "metadata"


def test_read_inputs_txt_that_is_html_is_read_as_html(tmp_path, settings):
    path = tmp_path / "saved.txt"
    path.write_text(PAGE, encoding="utf-8")
    [doc] = only(read([path], settings), RawDocument)
    assert doc.format == "html" and "<p>" not in doc.content


def test_read_inputs_jsonl_record_without_text_skipped_alone(tmp_path, settings):
    path = tmp_path / "recs.jsonl"
    lines = [{"id": "r1", "text": STORY, "outlet": "AP", "published": "2022-09-27", "title": "T1"},
             {"id": "r2", "url": "http://x/2"},
             {"text": STORY + " Again.", "language": "fr"}]
    path.write_text("".join(json.dumps(r) + "\n" for r in lines), encoding="utf-8")
    items = read([path], settings)
    assert [type(i) for i in items] == [RawDocument, Skipped, RawDocument]
    first, skipped, third = items
    assert first.origin == f"{path}#1" and first.meta.id == "r1" and first.meta.outlet == "AP"
    assert first.meta.published == dt.date(2022, 9, 27) and first.meta.published_basis == "metadata"
    assert skipped.origin == f"{path}#2" and skipped.code == "E009"
    assert third.meta.language == "fr" and third.format == "record"


def test_read_inputs_jsonl_cut_off_last_line_is_e004_others_kept(tmp_path, settings):
    path = tmp_path / "recs.jsonl"
    path.write_text(json.dumps({"text": STORY}) + "\n" + '{"text": "The minister sa', encoding="utf-8")
    items = read([path], settings)
    assert isinstance(items[0], RawDocument)
    assert isinstance(items[1], Skipped) and items[1].code == "E004" and items[1].origin == f"{path}#2"
    assert "cut off" in items[1].detail


@pytest.mark.parametrize("payload", [[{"text": STORY}, {"text": STORY + " More."}],
                                     {"articles": [{"text": STORY}, {"text": STORY + " More."}]}])
def test_read_inputs_json_list_or_articles(tmp_path, settings, payload):
    path = tmp_path / "recs.json"
    path.write_text(json.dumps(payload), encoding="utf-8")
    docs = only(read([path], settings), RawDocument)
    assert [d.origin for d in docs] == [f"{path}#1", f"{path}#2"]


def test_read_inputs_csv_records(tmp_path, settings):
    path = tmp_path / "recs.csv"
    path.write_text(f'id,text,outlet\nc1,"{STORY}",Kyodo\nc2,,Kyodo\n', encoding="utf-8")
    items = read([path], settings)
    assert isinstance(items[0], RawDocument) and items[0].meta.id == "c1" and items[0].meta.outlet == "Kyodo"
    assert isinstance(items[1], Skipped) and items[1].code == "E009" and items[1].origin == f"{path}#2"


def test_read_inputs_parquet_records(tmp_path, settings):
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    path = tmp_path / "recs.parquet"
    pq.write_table(pa.table({"text": [STORY, None], "published": [dt.date(2022, 9, 26), None],
                             "url": ["http://x/1", "http://x/2"]}), path)
    items = read([path], settings)
    assert isinstance(items[0], RawDocument) and items[0].meta.published == dt.date(2022, 9, 26)
    assert items[0].meta.url == "http://x/1"
    assert isinstance(items[1], Skipped) and items[1].code == "E009"


def test_read_inputs_damaged_parquet_is_e004(tmp_path, settings):
    path = tmp_path / "recs.parquet"
    path.write_bytes(b"PAR1" + os.urandom(64))
    [item] = read([path], settings)
    assert isinstance(item, Skipped) and item.code == "E004"


FEED = f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>World Wire</title><link>http://wire.example</link>
<item><title>Japan expels diplomat</title><link>http://wire.example/1</link>
<pubDate>Tue, 04 Oct 2022 09:00:00 GMT</pubDate>
<description>&lt;p&gt;{STORY}&lt;/p&gt;&lt;p&gt;{STORY}&lt;/p&gt;&lt;p&gt;{STORY}&lt;/p&gt;</description></item>
<item><title>Teaser</title><link>http://wire.example/2</link><description>Short teaser only.</description></item>
</channel></rss>"""


def test_read_inputs_rss_feed_entries(tmp_path, settings):
    path = tmp_path / "wire.rss"
    path.write_text(FEED, encoding="utf-8")
    items = read([path], settings)
    doc, teaser = items
    assert isinstance(doc, RawDocument) and doc.format == "feed" and doc.origin == f"{path}#1"
    assert "<p>" not in doc.content and STORY in doc.content
    assert doc.meta.url == "http://wire.example/1" and doc.meta.outlet == "World Wire"
    assert doc.meta.published == dt.date(2022, 10, 4) and doc.meta.title == "Japan expels diplomat"
    assert isinstance(teaser, Skipped) and teaser.code == "E006"


def test_read_inputs_atom_feed_with_content(tmp_path, settings):
    path = tmp_path / "news.atom"
    path.write_text(f"""<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Atom News</title>
<entry><title>One</title><link href="http://a.example/1"/><updated>2022-09-26T10:00:00Z</updated>
<content type="html">&lt;p&gt;{STORY}&lt;/p&gt;</content></entry></feed>""", encoding="utf-8")
    [doc] = only(read([path], settings), RawDocument)
    assert doc.content == STORY and doc.meta.published == dt.date(2022, 9, 26)


def test_read_inputs_feed_with_entity_declarations_refused(tmp_path, settings):
    path = tmp_path / "evil.xml"
    path.write_text('<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
                    '<rss version="2.0"><channel><item><description>&b;</description></item></channel></rss>',
                    encoding="utf-8")
    [item] = read([path], settings)
    assert isinstance(item, Skipped) and item.code == "E004" and "DOCTYPE" in item.detail


def _warc(path, pages, gz=True):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=gz)
        for url, body, kind in pages:
            headers = StatusAndHeaders("200 OK", [("Content-Type", kind)], protocol="HTTP/1.0")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                          http_headers=headers))


def test_read_inputs_warc_html_responses(tmp_path, settings):
    path = tmp_path / "crawl.warc.gz"
    _warc(path, [("http://news.example/a", PAGE.encode("utf-8"), "text/html; charset=utf-8"),
                 ("http://news.example/logo.png", b"\x89PNG....", "image/png")])
    [doc] = only(read([path], settings), RawDocument)
    assert doc.format == "warc" and doc.meta.url == "http://news.example/a"
    assert STORY in doc.content and doc.origin.startswith(f"{path}#")


def test_read_inputs_truncated_warc_gz_is_e004(tmp_path, settings):
    path = tmp_path / "crawl.warc.gz"
    _warc(path, [("http://news.example/a", PAGE.encode("utf-8"), "text/html")] * 3)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])  # inside the second of three members
    items = read([path], settings)
    assert isinstance(items[0], RawDocument)  # the pages before the damage are kept
    assert isinstance(items[-1], Skipped) and items[-1].code == "E004"


def test_read_inputs_truncated_gzip_record_file_is_e004_not_a_crash(tmp_path, settings):
    path = tmp_path / "a.jsonl.gz"
    path.write_bytes(gzip.compress(b'{"text": "x"}\n')[:10])
    [item] = read([path], settings)
    assert isinstance(item, Skipped) and item.code == "E004" and item.origin == str(path)


def test_read_inputs_gzipped_text_is_still_unsupported(tmp_path, settings):
    path = tmp_path / "a.txt.gz"
    path.write_bytes(gzip.compress(STORY.encode()))
    [item] = read([path], settings)
    assert isinstance(item, Skipped) and item.code == "E007" and ".jsonl.gz" in item.detail


@pytest.mark.parametrize("name, data, code", [
    ("empty.txt", b"", "E001"),
    ("blank.txt", b"  \n\n \t\n", "E001"),
    ("image.txt", b"\x00\x01\x02binary\x00" * 20, "E002"),
    ("latin.txt", bytes(range(0x80, 0x100)) * 3, "E003"),
    ("broken.json", b'[{"text": "abc"}, {"text": ', "E004"),
    ("report.pdf", b"%PDF-1.4\n%...", "E007"),
    ("notext.csv", b"url,outlet\nhttp://x,Y\n", "E009"),
])
def test_read_inputs_bad_file_is_one_skip(tmp_path, settings, name, data, code):
    path = tmp_path / name
    path.write_bytes(data)
    good = tmp_path / "zz_good.txt"
    good.write_text(STORY, encoding="utf-8")
    items = read([path, good], settings)
    assert isinstance(items[0], Skipped) and items[0].code == code and items[0].origin == str(path)
    assert isinstance(items[1], RawDocument)  # the run goes on


def test_read_inputs_too_large_checked_before_reading(tmp_path, settings):
    path = tmp_path / "big.txt"
    path.write_text(STORY * 10, encoding="utf-8")
    [item] = read([path], settings.replace(max_file_bytes=100))
    assert isinstance(item, Skipped) and item.code == "E005"


def test_read_inputs_unreadable_is_e008(tmp_path, settings, monkeypatch):
    path = tmp_path / "locked.txt"
    path.write_text(STORY, encoding="utf-8")
    if os.name == "posix" and os.geteuid() == 0:
        # Root reads any file whatever its mode (CI runs as root): the OS refusal is simulated where the
        # reader first opens the file, so the refusal's handling is tested all the same.
        import tidings.sources as sources

        def refuse(*args, **kwargs):
            raise PermissionError(13, "Permission denied", str(path))

        monkeypatch.setattr(sources, "read_head", refuse)
        [item] = read([path], settings)
    else:
        path.chmod(0)
        try:
            [item] = read([path], settings)
        finally:
            path.chmod(0o644)
    assert isinstance(item, Skipped) and item.code == "E008" and "Permission denied" in item.line()


def test_read_inputs_missing_path_and_empty_glob_are_e010(tmp_path, settings):
    items = read([tmp_path / "nope.txt", tmp_path / "*.none"], settings)
    assert [(type(i), i.code) for i in items] == [(Skipped, "E010"), (Skipped, "E010")]


def test_read_inputs_directory_and_glob(tmp_path, settings):
    (tmp_path / "d" / "e").mkdir(parents=True)
    for name in ("d/one.txt", "d/e/two.txt", "d/.secret.txt", "other.txt"):
        (tmp_path / name).write_text(STORY, encoding="utf-8")
    from_dir = read([tmp_path / "d"], settings)
    assert [d.origin for d in from_dir] == [str(tmp_path / "d" / "e" / "two.txt"), str(tmp_path / "d" / "one.txt")]
    from_glob = read([tmp_path / "*.txt"], settings)
    assert [d.origin for d in from_glob] == [str(tmp_path / "other.txt")]


def test_read_inputs_published_precedence(tmp_path, settings):
    """manifest > the input's own metadata > defaults; each recorded with its basis."""
    records = tmp_path / "recs.jsonl"
    records.write_text(json.dumps({"text": STORY, "published": "2022-01-01"}) + "\n"
                       + json.dumps({"text": STORY + " Two."}) + "\n", encoding="utf-8")
    plain = tmp_path / "plain.txt"
    plain.write_text(STORY, encoding="utf-8")
    listed = tmp_path / "listed.html"
    listed.write_text(PAGE, encoding="utf-8")
    manifest_file = tmp_path / "manifest.csv"
    manifest_file.write_text("path,published,outlet\nlisted.html,2022-12-31,Manifest Outlet\n", encoding="utf-8")
    defaults = SourceMeta(published=dt.date(2020, 5, 5), published_basis="option", outlet="CLI Outlet")
    items = read([records, plain, listed], settings, manifest=Manifest.load(manifest_file), defaults=defaults)
    own, fallback, from_option, from_manifest = only(items, RawDocument)
    assert (own.meta.published, own.meta.published_basis) == (dt.date(2022, 1, 1), "metadata")
    assert (fallback.meta.published, fallback.meta.published_basis) == (dt.date(2020, 5, 5), "option")
    assert (from_option.meta.published, from_option.meta.published_basis) == (dt.date(2020, 5, 5), "option")
    assert from_option.meta.outlet == "CLI Outlet"
    # The page states 2022-10-04 and its site name; the manifest row outranks both.
    assert (from_manifest.meta.published, from_manifest.meta.published_basis) == (dt.date(2022, 12, 31), "manifest")
    assert from_manifest.meta.outlet == "Manifest Outlet"


def test_read_inputs_defaults_do_not_override_page_metadata(tmp_path, settings):
    listed = tmp_path / "page.html"
    listed.write_text(PAGE, encoding="utf-8")
    defaults = SourceMeta(published=dt.date(2020, 5, 5), published_basis="option", outlet="CLI Outlet")
    [doc] = read([listed], settings, defaults=defaults)
    assert (doc.meta.published, doc.meta.published_basis) == (dt.date(2022, 10, 4), "metadata")
    assert doc.meta.outlet == "Example News"


def test_read_inputs_warc_without_html_is_e006(tmp_path, settings):
    path = tmp_path / "images.warc"
    _warc(path, [("http://news.example/logo.png", b"\x89PNG....", "image/png")], gz=False)
    [item] = read([path], settings)
    assert isinstance(item, Skipped) and item.code == "E006"


def test_read_inputs_never_reads_the_store_it_writes_to(tmp_path, settings):
    from tidings.sources import read_inputs

    (tmp_path / "story.txt").write_text("Japan expelled a Russian diplomat on Tuesday, officials said in Tokyo.\n")
    (tmp_path / "news.duckdb").write_bytes(b"\x00DUCK" * 100)
    (tmp_path / "news.duckdb.wal").write_bytes(b"\x00WAL" * 100)
    items = list(read_inputs([str(tmp_path)], settings.replace(db=tmp_path / "news.duckdb")))
    assert [getattr(i, "origin", None) for i in items] == [str(tmp_path / "story.txt")]
