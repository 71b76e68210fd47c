"""Counting a run's work up front: each format counted the cheap way, archives extrapolated from bytes read."""

from __future__ import annotations

import csv
import io
import json

from tidings.sources import count as count_module
from tidings.sources import read_inputs
from tidings.sources.count import Workload, count_file, count_inputs

STORY = "Japan ordered a Russian diplomat to leave the country on Tuesday, the foreign ministry said."
PAGE = f"<html><head><title>Expelled</title></head><body><article><p>{STORY} {STORY}</p></article></body></html>"


def test_count_jsonl_counts_records_not_blank_lines(tmp_path, settings):
    path = tmp_path / "a.jsonl"
    path.write_text("\n".join(json.dumps({"text": STORY, "n": i}) for i in range(5)) + "\n\n  \n")
    got = count_file(str(path), settings)
    assert (got.documents, got.exact) == (5, True)


def test_count_csv_counts_rows_with_line_breaks_inside_fields(tmp_path, settings):
    path = tmp_path / "a.csv"
    with open(path, "w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["title", "text"])
        for i in range(3):
            writer.writerow([f"t{i}", f"{STORY}\n\nSecond paragraph {i}.\nThird line."])
    assert path.read_text().count("\n") > 4  # lines would overcount
    assert count_file(str(path), settings).documents == 3


def test_count_parquet_rows_from_metadata(tmp_path, settings):
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path / "a.parquet"
    pq.write_table(pa.table({"text": [STORY] * 7}), path)
    assert count_file(str(path), settings).documents == 7


def test_count_json_list_and_large_json_is_an_estimate(tmp_path, settings, monkeypatch):
    path = tmp_path / "a.json"
    path.write_text(json.dumps({"articles": [{"text": STORY}] * 4}))
    assert (count_file(str(path), settings).documents, count_file(str(path), settings).exact) == (4, True)
    monkeypatch.setattr(count_module, "JSON_PARSE_LIMIT", 10)
    assert count_file(str(path), settings).exact is False


def test_count_feed_entries_across_read_pieces(tmp_path, settings, monkeypatch):
    items = "".join(f"<item><title>t{i}</title><description>{STORY}</description></item>" for i in range(9))
    path = tmp_path / "a.xml"
    path.write_text(f'<?xml version="1.0"?><rss version="2.0"><channel>{items}</channel></rss>')
    monkeypatch.setattr(count_module, "CHUNK", 7)  # tags cut at many piece boundaries
    assert count_file(str(path), settings).documents == 9


def test_count_inputs_walks_like_the_reader_and_counts_bad_inputs_once(tmp_path, settings):
    (tmp_path / "a.txt").write_text(STORY * 3)
    (tmp_path / "b.html").write_text(PAGE)
    (tmp_path / "c.jsonl").write_text(json.dumps({"text": STORY * 2}) + "\n" + json.dumps({"text": STORY}) + "\n")
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "README.md").write_text("about this folder")
    (tmp_path / ".hidden.txt").write_text(STORY)
    paths = [str(tmp_path), str(tmp_path / "missing.txt")]
    work = count_inputs(paths, settings.replace(db=tmp_path / "t.duckdb"))
    read = list(read_inputs(paths, settings.replace(db=tmp_path / "t.duckdb")))
    assert work.total == len(read) == 6 and not work.estimated


def test_count_large_single_document_is_one_skip(tmp_path, settings):
    path = tmp_path / "big.txt"
    path.write_text(STORY * 50)
    assert count_file(str(path), settings.replace(max_file_bytes=100)).documents == 1


def test_count_large_jsonl_counts_its_records_as_the_reader_gives_them(tmp_path, settings):
    """The cap is per record for a container: a file far above it is still counted record by record, and an
    over-long record counts once, as the reader skips it once."""
    path = tmp_path / "big.jsonl"
    small = json.dumps({"text": STORY}) + "\n"
    path.write_text(small * 20 + json.dumps({"text": STORY * 10}) + "\n" + small * 20)
    capped = settings.replace(max_file_bytes=len(small) * 2)
    got = count_file(str(path), capped)
    assert path.stat().st_size > capped.max_file_bytes * 10
    assert (got.documents, got.exact) == (41, True) == (len(list(read_inputs([str(path)], capped))), True)


def test_count_gzipped_csv_rows(tmp_path, settings):
    import gzip

    path = tmp_path / "dump.csv.gz"
    with gzip.open(path, "wt", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["text", "url"])
        for i in range(4):
            writer.writerow([f"{STORY}\nline {i}", f"http://x/{i}"])
    assert count_file(str(path), settings).documents == 4 == len(list(read_inputs([str(path)], settings)))


def _warc(path, pages):
    import os

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=True)
        for n in range(pages):
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.0")
            writer.write_record(writer.create_warc_record(f"http://news.example/{n}", "response",
                                                          payload=io.BytesIO(_big_page(os)), http_headers=headers))


def _big_page(os) -> bytes:
    # Pages larger than the archive reader's read-ahead, so that its position tells how far it has got.
    noise = os.urandom(40_000).hex()
    return PAGE.replace("</article>", f"<p>{noise}</p></article>").encode()


def test_count_warc_pages_extrapolated_from_bytes_read(tmp_path, settings):
    path = tmp_path / "crawl.warc.gz"
    _warc(path, 6)
    work = count_inputs([str(path)], settings)
    assert work.total is None and work.archive_bytes == path.stat().st_size
    docs = read_inputs([str(path)], settings, workload=work)
    next(docs)
    next(docs)
    assert work.estimated and work.total is not None and 2 <= work.total
    rest = list(docs)
    assert len(rest) == 4
    assert work.archive_bytes_read == work.archive_bytes and work.total == 6 and not work.estimated


def test_count_workload_estimate_grows_with_the_share_read():
    work = Workload(documents=10, archive_bytes=1000)
    work.archive_read(250, pages=5)
    assert work.total == 10 + 20 and work.estimated
    work.archive_read(750, pages=15)
    assert work.total == 30 and not work.estimated
