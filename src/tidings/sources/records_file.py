"""Record files (.jsonl, .json, .csv, .parquet): one article per record with a `text` field."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any

from tidings.errors import InputError, Skipped

Record = dict[str, Any]


def jsonl_records(text: str, origin: str) -> Iterator[tuple[int, Record | Skipped]]:
    lines = text.split("\n")
    cut_off = not text.endswith("\n")
    number = 0
    for index, line in enumerate(lines):
        if not line.strip():
            continue
        number += 1
        where = f"{origin}#{number}"
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            last = index == len(lines) - 1
            why = "cut off (the file ends inside this record)" if last and cut_off else f"bad JSON ({exc.msg})"
            yield number, Skipped(where, "E004", f"line {index + 1}: {why}")
            continue
        yield number, value if isinstance(value, dict) else Skipped(where, "E004", "a record must be an object")


def json_records(text: str, origin: str) -> Iterator[tuple[int, Record | Skipped]]:
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError("E004", f"{origin}: bad JSON at line {exc.lineno} ({exc.msg})") from None
    if isinstance(value, dict) and isinstance(value.get("articles"), list):
        value = value["articles"]
    elif isinstance(value, dict) and "text" in value:
        value = [value]
    if not isinstance(value, list):
        raise InputError("E004", f"{origin}: expected a list of records or {{\"articles\": [...]}}")
    for number, item in enumerate(value, 1):
        yield number, item if isinstance(item, dict) else Skipped(f"{origin}#{number}", "E004",
                                                                  "a record must be an object")


def csv_records(text: str, origin: str) -> Iterator[tuple[int, Record | Skipped]]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        header = reader.fieldnames
    except csv.Error as exc:
        raise InputError("E004", f"{origin}: malformed CSV header ({exc})") from None
    if not header or "text" not in [h.strip().lower() for h in header]:
        raise InputError("E009", f"{origin}: the CSV has no 'text' column")
    reader.fieldnames = [h.strip().lower() for h in header]
    number = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            number += 1
            yield number, Skipped(f"{origin}#{number}", "E004", f"malformed CSV row ({exc})")
            return  # the reader cannot resynchronise after a broken quote
        number += 1
        if None in row:
            yield number, Skipped(f"{origin}#{number}", "E004", "more fields than the header has")
        else:
            yield number, row


def parquet_records(path: str, origin: str) -> Iterator[tuple[int, Record | Skipped]]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(path)
    except (pa.ArrowException, OSError, ValueError) as exc:
        raise InputError("E004", f"{origin}: damaged Parquet ({str(exc).splitlines()[0][:120]})") from None
    if "text" not in table.column_names:
        raise InputError("E009", f"{origin}: the Parquet table has no 'text' column")
    for number, row in enumerate(table.to_pylist(), 1):
        yield number, row
