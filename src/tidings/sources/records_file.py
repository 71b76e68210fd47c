"""Record files (.jsonl, .json, .csv, .parquet): one article per record with a `text` field.

JSONL, CSV and Parquet are read a record at a time from the open file (gzip-compressed JSONL and CSV too), so a
dump of any size takes memory for one record; a JSON document must be parsed whole and is read whole."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from typing import IO, Any

from tidings.errors import InputError, Skipped
from tidings.sources.streams import STREAM_ERRORS, BoundedLines, Container, LineTooLong

Record = dict[str, Any]
# The fields a record may carry (see meta.record_meta); Parquet reads only these columns.
RECORD_FIELDS = frozenset({"text", "id", "url", "outlet", "published", "title", "language"})
# Rows per Parquet batch: bounded memory for wide article texts, few enough calls into Arrow.
PARQUET_BATCH_ROWS = 256
# Bytes a text stream could not decode (errors="surrogateescape" keeps them as lone surrogates).
_ESCAPED = re.compile("[\udc80-\udcff]")
_NAMES = {"utf-8-sig": "UTF-8", "cp1252": "cp1252", "utf-16": "UTF-16"}


def jsonl_lines(source: Container) -> Iterator[tuple[int, str | bytes | LineTooLong]]:
    """(physical line number, line) for each non-blank line, read one at a time; a line above the cap comes
    as its LineTooLong. Counting (`count.py`) walks the same lines as reading."""
    with source.open() as raw:
        handle: IO[Any] = io.TextIOWrapper(raw, encoding="utf-16") if source.encoding() == "utf-16" else raw
        lines = BoundedLines(handle, source.max_record_bytes)
        while True:
            try:
                line = next(lines)
            except StopIteration:
                return
            except LineTooLong as exc:
                yield exc.line, exc
                continue
            if line.strip():
                yield lines.number, line


def jsonl_records(source: Container) -> Iterator[tuple[int, Record | Skipped]]:
    """One record per non-blank line; a bad line (too long, undecodable, bad JSON) is skipped alone."""
    encoding = source.encoding()
    number = 0
    try:
        for line_number, line in jsonl_lines(source):
            number += 1
            where = f"{source.path}#{number}"
            if isinstance(line, LineTooLong):
                yield number, Skipped(where, line.code, line.message)
                continue
            if isinstance(line, bytes):
                try:
                    line = line.decode(encoding)
                except UnicodeDecodeError as exc:
                    yield number, Skipped(where, "E003", f"line {line_number}: not {_NAMES[encoding]} "
                                                         f"({exc.reason} at byte {exc.start}); skipped")
                    continue
            try:
                value = json.loads(line)
            except json.JSONDecodeError as exc:
                # Only the last line can lack its newline: the file ends inside it.
                why = ("cut off (the file ends inside this record)" if not line.endswith("\n")
                       else f"bad JSON ({exc.msg})")
                yield number, Skipped(where, "E004", f"line {line_number}: {why}")
                continue
            yield number, value if isinstance(value, dict) else Skipped(where, "E004", "a record must be an object")
    except STREAM_ERRORS as exc:
        raise _damaged(source.path, number, exc) from None


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


def csv_records(source: Container) -> Iterator[tuple[int, Record | Skipped]]:
    """One record per CSV row, rows read one at a time; a row above the cap or undecodable is skipped alone."""
    encoding = source.encoding()
    limit = source.max_record_bytes
    # The csv module keeps one process-wide limit; a field may be as large as a whole record.
    csv.field_size_limit(max(limit, 131072))
    number = 0
    try:
        with source.open() as raw:
            handle = io.TextIOWrapper(raw, encoding=encoding, errors="surrogateescape", newline="")
            reader = csv.reader(BoundedLines(handle, limit))
            try:
                header = next(reader, None)
            except (csv.Error, LineTooLong) as exc:
                raise InputError("E004", f"{source.path}: malformed CSV header ({exc})") from None
            if not header or "text" not in [h.strip().lower() for h in header]:
                raise InputError("E009", f"{source.path}: the CSV has no 'text' column")
            names = [h.strip().lower() for h in header]
            while True:
                try:
                    row = next(reader)
                except StopIteration:
                    return
                except LineTooLong as exc:
                    number += 1
                    yield number, Skipped(f"{source.path}#{number}", exc.code, exc.message)
                    continue
                except csv.Error as exc:
                    number += 1
                    where = f"{source.path}#{number}"
                    if "field limit" in str(exc):
                        yield number, Skipped(where, "E005", f"a field of more than {limit:,} characters, the "
                                                             "limit per record; skipped, the rest is read")
                        continue
                    yield number, Skipped(where, "E004", f"malformed CSV row ({exc})")
                    return  # the reader cannot resynchronise after a broken quote
                if not row:
                    continue  # csv.reader gives a blank line as an empty row; DictReader skipped them
                number += 1
                yield number, _csv_row(row, names, f"{source.path}#{number}", encoding, limit)
    except STREAM_ERRORS as exc:
        raise _damaged(source.path, number, exc) from None


def _csv_row(row: list[str], names: list[str], where: str, encoding: str, limit: int) -> Record | Skipped:
    if len(row) > len(names):
        return Skipped(where, "E004", "more fields than the header has")
    if sum(len(field) for field in row) > limit:
        return Skipped(where, "E005", f"more than {limit:,} characters, the limit per record; skipped")
    if any(_ESCAPED.search(field) for field in row):
        return Skipped(where, "E003", f"not {_NAMES[encoding]} text; skipped")
    # DictReader's rule: missing trailing fields are None.
    return dict(zip(names, row + [None] * (len(names) - len(row))))  # type: ignore[list-item]


def parquet_records(source: Container, batch_rows: int = PARQUET_BATCH_ROWS) -> Iterator[tuple[int, Record | Skipped]]:
    """Rows in batches of `batch_rows`, only the columns a record uses; a damaged file ends with E004."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    errors = (pa.ArrowException, OSError, ValueError)
    try:
        table = pq.ParquetFile(source.path)
        names = table.schema_arrow.names
    except errors as exc:
        raise InputError("E004", f"{source.path}: damaged Parquet ({str(exc).splitlines()[0][:120]})") from None
    if "text" not in names:
        raise InputError("E009", f"{source.path}: the Parquet table has no 'text' column")
    number = 0
    try:
        for batch in table.iter_batches(batch_size=batch_rows, columns=[n for n in names if n in RECORD_FIELDS]):
            for row in batch.to_pylist():
                number += 1
                yield number, row
    except errors as exc:
        raise _damaged(source.path, number, exc) from None


def _damaged(origin: str, records: int, exc: BaseException) -> InputError:
    what = str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
    return InputError("E004", f"{origin}: damaged or cut off after {records} records ({what}); "
                              "the records before were read")
