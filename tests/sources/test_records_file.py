"""Record dumps read a record at a time: the size cap is per record, bad records are skipped alone, and a
dump many times the cap is read whole without being held."""

import csv
import gzip
import json
import tracemalloc

import pytest

from tidings.errors import Skipped
from tidings.records import RawDocument
from tidings.sources import read_inputs
from tidings.sources.records_file import parquet_records
from tidings.sources.streams import Container

STORY = ("Japan ordered a Russian diplomat to leave the country on Tuesday, the foreign ministry said, "
         "in response to the expulsion of a Japanese consul from Vladivostok last week.")
MB = 1_000_000


def read(path, settings):
    return list(read_inputs([str(path)], settings))


def _jsonl_line(n: int, pad: int = 0) -> str:
    return json.dumps({"id": f"r{n}", "text": f"{STORY} Report {n}. " + "More words here. " * pad}) + "\n"


def test_records_file_jsonl_above_the_cap_is_read_record_by_record(tmp_path, settings):
    path = tmp_path / "dump.jsonl"
    with open(path, "w", encoding="utf-8") as out:
        n = 0
        while out.tell() < 3 * MB:
            out.write(_jsonl_line(n, pad=100))
            n += 1
    items = read(path, settings.replace(max_file_bytes=1 * MB))
    assert path.stat().st_size > 3 * MB and len(items) == n
    assert all(isinstance(i, RawDocument) for i in items)
    assert [i.meta.id for i in items] == [f"r{k}" for k in range(n)]


def test_records_file_jsonl_record_above_the_cap_skipped_alone(tmp_path, settings):
    path = tmp_path / "dump.jsonl"
    path.write_text(_jsonl_line(1) + _jsonl_line(2, pad=200) + "\n" + _jsonl_line(3), encoding="utf-8")
    first, big, third = read(path, settings.replace(max_file_bytes=1000))
    assert isinstance(first, RawDocument) and isinstance(third, RawDocument) and third.meta.id == "r3"
    assert isinstance(big, Skipped) and big.code == "E005" and big.origin == f"{path}#2"
    assert "line 2" in big.detail and "rest of the file is read" in big.detail


def test_records_file_jsonl_undecodable_line_skipped_alone(tmp_path, settings):
    """The head (UTF-8) sets the encoding; a later line that is not UTF-8 is skipped, not the file."""
    path = tmp_path / "dump.jsonl"
    good = "".join(_jsonl_line(n) for n in range(40)).encode()
    bad = json.dumps({"text": "Le ministre a dit"}).encode("utf-8").replace(b"dit", b"d\xe9\xff\xfet")
    path.write_bytes(good + bad + b"\n" + _jsonl_line(41).encode())
    items = read(path, settings)
    assert len(good) > 4096 and [type(i) for i in items] == [RawDocument] * 40 + [Skipped, RawDocument]
    assert items[40].code == "E003" and items[40].origin == f"{path}#41" and "UTF-8" in items[40].detail


def test_records_file_binary_jsonl_is_one_skip(tmp_path, settings):
    path = tmp_path / "dump.jsonl"
    path.write_bytes(b"\x00\x01\x02\x03" * 500)
    [item] = read(path, settings)
    assert isinstance(item, Skipped) and item.code == "E002" and item.origin == str(path)


def test_records_file_utf16_jsonl(tmp_path, settings):
    path = tmp_path / "dump.jsonl"
    path.write_bytes((_jsonl_line(1) + _jsonl_line(2)).encode("utf-16"))
    items = read(path, settings)
    assert [i.meta.id for i in items] == ["r1", "r2"]


def test_records_file_gzipped_jsonl_streams_and_a_cut_off_tail_keeps_the_records_before(tmp_path, settings):
    path = tmp_path / "dump.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as out:
        for n in range(300):
            out.write(_jsonl_line(n, pad=20))
    items = read(path, settings)
    assert len(items) == 300 and all(isinstance(i, RawDocument) for i in items)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) * 3 // 4])
    items = read(path, settings)
    assert all(isinstance(i, RawDocument) for i in items[:-1]) and len(items) > 100
    assert isinstance(items[-1], Skipped) and items[-1].code == "E004" and items[-1].origin == str(path)
    assert "after" in items[-1].detail


def test_records_file_csv_field_above_the_cap_skipped_alone(tmp_path, settings):
    path = tmp_path / "dump.csv"
    with open(path, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["id", "text"])
        writer.writerow(["c1", f"{STORY}\n\nSecond paragraph."])
        writer.writerow(["c2", STORY * 40])
        writer.writerow(["c3", STORY])
    first, big, third = read(path, settings.replace(max_file_bytes=2000))
    assert isinstance(first, RawDocument) and "Second paragraph." in first.content
    assert isinstance(big, Skipped) and big.code == "E005" and big.origin == f"{path}#2"
    assert isinstance(third, RawDocument) and third.meta.id == "c3"


def test_records_file_csv_undecodable_row_skipped_alone(tmp_path, settings):
    path = tmp_path / "dump.csv"
    good = "".join(f"c{n},\"{STORY}\"\n" for n in range(40)).encode()
    path.write_bytes(b"id,text\n" + good + b"bad,caf\xe9 \xff\xfe\n" + f"last,\"{STORY}\"\n".encode())
    items = read(path, settings)
    assert len(good) > 4096 and [type(i) for i in items] == [RawDocument] * 40 + [Skipped, RawDocument]
    assert items[40].code == "E003" and items[40].origin == f"{path}#41" and items[41].meta.id == "last"


def test_records_file_small_cp1252_dump_is_read_as_cp1252(tmp_path, settings):
    path = tmp_path / "dump.jsonl"
    path.write_bytes(json.dumps({"text": f"{STORY} The minister’s “firm” reply."}, ensure_ascii=False)
                     .encode("cp1252") + b"\n")
    [doc] = read(path, settings)
    assert isinstance(doc, RawDocument) and "“firm”" in doc.content


def test_records_file_gzipped_csv(tmp_path, settings):
    path = tmp_path / "dump.csv.gz"
    with gzip.open(path, "wt", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["Text", "Outlet"])
        writer.writerow([STORY, "Kyodo"])
    [doc] = read(path, settings)
    assert isinstance(doc, RawDocument) and doc.meta.outlet == "Kyodo" and doc.origin == f"{path}#1"


def test_records_file_parquet_in_batches(tmp_path, settings):
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path / "dump.parquet"
    pq.write_table(pa.table({"text": [f"{STORY} {n}" for n in range(7)], "id": [f"p{n}" for n in range(7)],
                             "unused": list(range(7))}), path, row_group_size=3)
    source = Container(str(path), b"PAR1", False, settings.max_file_bytes)
    rows = list(parquet_records(source, batch_rows=2))
    assert [number for number, _ in rows] == list(range(1, 8))
    assert [row["id"] for _, row in rows] == [f"p{n}" for n in range(7)]
    assert "unused" not in rows[0][1]  # only the columns a record uses are read


def test_records_file_parquet_text_above_the_cap_skipped_alone(tmp_path, settings):
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path / "dump.parquet"
    pq.write_table(pa.table({"text": [STORY, STORY * 30, STORY]}), path)
    items = read(path, settings.replace(max_file_bytes=1000))
    assert [type(i) for i in items] == [RawDocument, Skipped, RawDocument]
    assert items[1].code == "E005" and items[1].origin == f"{path}#2"


def test_records_file_json_above_the_cap_says_to_use_jsonl(tmp_path, settings):
    path = tmp_path / "dump.json"
    path.write_text(json.dumps([{"text": STORY}] * 20), encoding="utf-8")
    [item] = read(path, settings.replace(max_file_bytes=1000))
    assert isinstance(item, Skipped) and item.code == "E005" and "JSONL" in item.detail


@pytest.mark.parametrize("gzipped", [False, True])
def test_records_file_peak_memory_stays_far_below_the_dump(tmp_path, settings, gzipped):
    """~8 MB of records read with tracemalloc on: the peak is about one record and the reader's buffers."""
    path = tmp_path / ("dump.jsonl.gz" if gzipped else "dump.jsonl")
    line = _jsonl_line(0, pad=100)
    count = 8 * MB // len(line)
    with (gzip.open(path, "wt", encoding="utf-8", compresslevel=1) if gzipped
          else open(path, "w", encoding="utf-8")) as out:
        for _ in range(count):
            out.write(line)
    tracemalloc.start()
    try:
        seen = sum(1 for item in read_inputs([str(path)], settings) if isinstance(item, RawDocument))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert seen == count
    assert peak < MB, f"peak {peak:,} bytes for {count * len(line):,} bytes of records"
