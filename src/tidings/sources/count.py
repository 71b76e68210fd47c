"""Counting a run's work before it starts, cheaply, so that progress can show a total and a time left.

Each file is looked at in the cheapest way that tells how many documents it holds: a text or HTML page is
one, Parquet says in its footer, JSONL and CSV (plain or gzip-compressed) are counted by walking their lines
or rows the way the reader does (constant memory, the file is never held whole); a web archive's pages are only known as it is read, so for archives the
count is extrapolated from the bytes read so far against their size.
"""

from __future__ import annotations

import csv
import os
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tidings.config import Settings
from tidings.errors import InputError, Skipped
from tidings.sources import detect, not_articles
from tidings.sources.paths import expand_paths
from tidings.sources.decode import decode_text
from tidings.sources.records_file import csv_records, json_records, jsonl_lines
from tidings.sources.streams import HEAD_BYTES, Container, read_head

if TYPE_CHECKING:
    from tidings.sources.manifest import Manifest

# A JSON document must be parsed to be counted; past this size that costs too much, and it counts as one.
JSON_PARSE_LIMIT = 2_000_000
# Feeds are counted by their entry tags, read in pieces of this size.
CHUNK = 1 << 20


@dataclass(slots=True, frozen=True)
class FileCount:
    documents: int       # documents or skipped inputs the file will give (archives: 0, see archive_bytes)
    exact: bool
    archive_bytes: int = 0


class Workload:
    """What a run expects to read: the counted documents, plus web archives whose pages are extrapolated
    from the share of their bytes read so far. The archive reader reports into it as it goes."""

    def __init__(self, documents: int = 0, exact: bool = True, archive_bytes: int = 0) -> None:
        self.documents = documents
        self.exact = exact
        self.archive_bytes = archive_bytes
        self.archive_bytes_read = 0
        self.archive_pages = 0

    def add(self, count: FileCount) -> None:
        self.documents += count.documents
        self.exact = self.exact and count.exact
        self.archive_bytes += count.archive_bytes

    def archive_read(self, bytes_read: int, pages: int = 0) -> None:
        self.archive_bytes_read += bytes_read
        self.archive_pages += pages

    @property
    def total(self) -> int | None:
        """The expected number of documents; None while archives wait and nothing of them has been read."""
        if not self.archive_bytes:
            return self.documents
        if not self.archive_bytes_read:
            return None
        share = min(1.0, self.archive_bytes_read / self.archive_bytes)
        return self.documents + round(self.archive_pages / share)

    @property
    def estimated(self) -> bool:
        return not self.exact or (self.archive_bytes > 0 and self.archive_bytes_read < self.archive_bytes)


def count_inputs(paths: Sequence[str], settings: Settings, manifest: Manifest | None = None) -> Workload:
    """The workload of `paths` (files, directories, globs) as `read_inputs` will walk them."""
    work = Workload()
    for item in expand_paths(paths, exclude=not_articles(settings, manifest)):
        work.add(FileCount(1, True) if isinstance(item, Skipped) else count_file(item, settings))
    return work


def count_file(path: str, settings: Settings) -> FileCount:
    """How many documents (or skipped inputs) reading `path` will give; never raises."""
    try:
        size = os.path.getsize(path)
        source = _container(path, size, settings)
        if source is None:
            return FileCount(1, True)  # a single page, or one skipped input
        kind = detect.detect_format(path, source.head)
        if kind not in detect.STREAMED and size > settings.max_file_bytes:
            return FileCount(1, True)  # read whole, so skipped whole
        if kind == detect.WARC:
            return FileCount(0, True, archive_bytes=size)
        if kind == detect.PARQUET:
            import pyarrow.parquet as pq

            return FileCount(max(1, pq.ParquetFile(path).metadata.num_rows), True)
        if kind == detect.JSONL:
            # The reader's own line walk: a record per non-blank line, an over-long line counted as its skip.
            return FileCount(max(1, sum(1 for _ in jsonl_lines(source))), True)
        if kind == detect.CSV:
            # Rows, not lines (article texts hold line breaks inside quoted fields), as the reader parses them.
            return FileCount(max(1, sum(1 for _ in csv_records(source))), True)
        if kind == detect.JSON:
            return _json_records(path, size)
        if kind == detect.FEED:
            return FileCount(max(1, _feed_entries(path)), False)
        return FileCount(1, True)
    except (OSError, ValueError, InputError, csv.Error, EOFError, zlib.error):
        return FileCount(1, False)  # the reader will report what is wrong with the file


def _container(path: str, size: int, settings: Settings) -> Container | None:
    """The file with its head when it may hold several documents, else None."""
    if size == 0:
        return None
    if detect.extension(path) in (".txt", ".md", ".text", ".html", ".htm", ".xhtml"):
        return None  # one page whatever the content says (a feed saved as .html is rare enough to guess)
    gzipped = detect.gzipped_records(path)
    head = read_head(path, gzipped)
    if not head.strip() and len(head) < HEAD_BYTES:
        return None
    return Container(path, head, gzipped, settings.max_file_bytes)


def _json_records(path: str, size: int) -> FileCount:
    if size > JSON_PARSE_LIMIT:
        return FileCount(1, False)
    with open(path, "rb") as handle:
        text = decode_text(handle.read(), path)
    # The reader's own walk, so the count follows its rules for lists, {"articles": [...]} and single records.
    return FileCount(max(1, sum(1 for _ in json_records(text, path))), True)


def _feed_entries(path: str) -> int:
    count, tail = 0, b""
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            piece = (tail + chunk).lower()
            count += piece.count(b"<item") + piece.count(b"<entry")
            tail = chunk[-6:]  # a tag cut by the chunk boundary is counted in the next piece
            count -= tail.lower().count(b"<item") + tail.lower().count(b"<entry")
    return count + tail.lower().count(b"<item") + tail.lower().count(b"<entry")


