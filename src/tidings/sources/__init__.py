"""Sources: files, directories and globs in, one RawDocument (or one Skipped) per article out.

Formats are told by extension and the file's head (see `detect`); metadata is combined by precedence (see
`meta`). Containers (web archives, JSONL, CSV, Parquet) stream a record at a time and `max_file_bytes` caps each
record; single documents (text, HTML, feeds, JSON) are read whole and the cap is on the file. Every problem
with one input or record becomes a `Skipped` and the iteration goes on.
"""

from __future__ import annotations

import gzip
import os
import zlib
from pathlib import Path
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from tidings.config import Settings
from tidings.errors import InputError, Skipped
from tidings.records import RawDocument, SourceMeta
from tidings.sources import detect
from tidings.sources.decode import decode_text
from tidings.sources.meta import merge_meta, record_meta
from tidings.sources.paths import expand_paths
from tidings.sources.streams import HEAD_BYTES, Container, read_head

if TYPE_CHECKING:
    from tidings.sources.count import Workload
    from tidings.sources.manifest import Manifest

__all__ = ["read_inputs", "read_file"]


def read_inputs(paths: Sequence[str], settings: Settings, manifest: Manifest | None = None,
                defaults: SourceMeta | None = None, workload: Workload | None = None) -> Iterator[RawDocument | Skipped]:
    """Every document of `paths`; web archives report the bytes they have read into `workload`."""
    for item in expand_paths(paths, exclude=not_articles(settings, manifest)):
        if isinstance(item, Skipped):
            yield item
        else:
            yield from read_file(item, settings, manifest, defaults, workload)


def not_articles(settings: Settings, manifest: Manifest | None = None) -> set[Path]:
    """Files tidings itself keeps beside the articles (the store, its log, the manifest): never articles."""
    store = Path(settings.db).resolve()
    exclude = {store, store.with_name(store.name + ".wal")}
    if manifest is not None and manifest.path is not None:
        exclude.add(manifest.path)
    return exclude


def read_file(path: str, settings: Settings, manifest: Manifest | None = None,
              defaults: SourceMeta | None = None, workload: Workload | None = None) -> Iterator[RawDocument | Skipped]:
    """All the documents in one file; never raises for a bad file."""
    file_meta = manifest.meta_for(path) if manifest is not None else None
    try:
        yield from _read(path, settings, file_meta, defaults, workload)
    except InputError as exc:
        yield Skipped(path, exc.code, _detail(exc.message, path))


def _detail(message: str, origin: str) -> str:
    # Messages name their input for use on their own; Skipped already carries the origin.
    prefix = origin + ": "
    return message[len(prefix):] if message.startswith(prefix) else message


def _read(path: str, settings: Settings, file_meta: SourceMeta | None, defaults: SourceMeta | None,
          workload: Workload | None = None) -> Iterator[RawDocument | Skipped]:
    try:
        size = os.path.getsize(path)
    except OSError as exc:
        raise InputError("E008", f"{path}: {exc.strerror or exc}") from None
    if size == 0:
        raise InputError("E001", f"{path}: no bytes")
    gzipped = detect.gzipped_records(path)
    try:
        head = read_head(path, gzipped)
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        raise InputError("E004", f"{path}: damaged gzip stream ({str(exc)[:120] or type(exc).__name__})") from None
    except OSError as exc:
        raise InputError("E008", f"{path}: {exc.strerror or exc}") from None
    if not head.strip() and len(head) < HEAD_BYTES:
        raise InputError("E001", f"{path}: only whitespace")
    kind = detect.detect_format(path, head)

    def document(origin: str, fmt: str, content: str, own: SourceMeta | None, per_record: bool = False) -> RawDocument:
        return RawDocument(origin=origin, format=fmt, content=content, path=path,
                           meta=merge_meta(file_meta, own, defaults, per_record))

    if kind in detect.STREAMED:
        # Containers are read a record at a time from the open file: the cap is per record.
        yield from _container(Container(path, head, gzipped, settings.max_file_bytes), kind, workload, document)
        return
    if size > settings.max_file_bytes:
        hint = "; a JSON document is read whole: write one record per line (JSONL) to stream it" \
            if kind == detect.JSON else ""
        raise InputError("E005", f"{path}: {size:,} bytes, the limit is {settings.max_file_bytes:,}{hint}")
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        raise InputError("E008", f"{path}: {exc.strerror or exc}") from None
    text = decode_text(data, path)
    del data
    if not text.strip():
        raise InputError("E001", f"{path}: only whitespace")
    if kind == detect.TEXT:
        yield document(path, "text", text, None)
    elif kind == detect.HTML:
        from tidings.sources.html import extract_page

        body, own = extract_page(text)
        if not body.strip():
            raise InputError("E006", f"{path}: no article text found in the page")
        yield document(path, "html", body, own)
    elif kind == detect.FEED:
        from tidings.sources.feeds import feed_entries

        for entry in feed_entries(text, path):
            if isinstance(entry, Skipped):
                yield entry
            else:
                yield document(f"{path}#{entry[0]}", "feed", entry[1], entry[2], per_record=True)
    else:
        from tidings.sources.records_file import json_records

        yield from _records(json_records(text, path), path, settings.max_file_bytes, document)


def _container(source: Container, kind: str, workload: Workload | None,
               document: Any) -> Iterator[RawDocument | Skipped]:
    if kind == detect.WARC:
        for item in _warc(source, workload):
            yield item if isinstance(item, Skipped) else document(f"{source.path}#{item[0]}", "warc", item[1],
                                                                  item[2], per_record=True)
        return
    from tidings.sources import records_file

    reader = {detect.JSONL: records_file.jsonl_records, detect.CSV: records_file.csv_records,
              detect.PARQUET: records_file.parquet_records}[kind]
    yield from _records(reader(source), source.path, source.max_record_bytes, document)


def _warc(source: Container, workload: Workload | None) -> Iterator[Any]:
    from tidings.sources.warc import warc_pages

    return warc_pages(source.path, source.path, workload.archive_read if workload is not None else None,
                      max_record_bytes=source.max_record_bytes)


def _records(records: Iterator[tuple[int, dict[str, Any] | Skipped]], path: str, max_bytes: int,
             document: Any) -> Iterator[RawDocument | Skipped]:
    seen = 0
    for number, record in records:
        seen += 1
        if isinstance(record, Skipped):
            yield record
            continue
        origin = f"{path}#{number}"
        text = record.get("text")
        if not isinstance(text, str) or not text.strip():
            yield Skipped(origin, "E009", "no 'text' field" if text is None else "the 'text' field is empty")
            continue
        if len(text) > max_bytes:
            yield Skipped(origin, "E005", f"a text of {len(text):,} characters, the limit per record is "
                                          f"{max_bytes:,}; skipped")
            continue
        yield document(origin, "record", text, record_meta(record), per_record=True)
    if not seen:
        raise InputError("E006", f"{path}: the file holds no records")
