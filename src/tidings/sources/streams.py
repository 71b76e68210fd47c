"""Reading container files (record dumps, web archives) in bounded pieces, never whole.

A container is told by its head alone; its records are then read one at a time from the open file (plain or
gzip-compressed), and the `max_file_bytes` cap applies to each record rather than to the file.
"""

from __future__ import annotations

import codecs
import gzip
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, AnyStr, Generic

from tidings.errors import InputError
from tidings.sources.decode import looks_binary, plausible_cp1252

HEAD_BYTES = 4096
# Lines longer than the cap are drained in pieces of this size, so that they are never held.
DRAIN_CHUNK = 1 << 20
# What a damaged stream raises part way: a cut-off or corrupt gzip member, or a failing disk.
STREAM_ERRORS = (EOFError, zlib.error, OSError)


@dataclass(slots=True, frozen=True)
class Container:
    """A file read record by record: where it is, its first bytes (decompressed), and the per-record cap."""

    path: str
    head: bytes
    gzipped: bool
    max_record_bytes: int

    def open(self) -> IO[bytes]:
        return gzip.open(self.path, "rb") if self.gzipped else open(self.path, "rb")  # noqa: SIM115

    def encoding(self) -> str:
        """The text encoding the head shows: UTF-16 (with a mark), UTF-8, or cp1252 when it reads like text."""
        return stream_encoding(self.head, self.path)


def read_head(path: str, gzipped: bool) -> bytes:
    """The first HEAD_BYTES bytes of the file's content (decompressed for a gzip container)."""
    with (gzip.open(path, "rb") if gzipped else open(path, "rb")) as handle:
        return handle.read(HEAD_BYTES)


def stream_encoding(head: bytes, origin: str) -> str:
    """Decide a stream's encoding from its head; raise E002 (binary) / E003 (no text encoding fits)."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if looks_binary(head):
        raise InputError("E002", f"{origin}: contains NUL or control bytes")
    try:
        # Not final: the head may end inside a multi-byte character.
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        return "utf-8-sig"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        if plausible_cp1252(head.decode("cp1252")):
            return "cp1252"
    except UnicodeDecodeError:
        pass
    raise InputError("E003", f"{origin}: not UTF-8 ({utf8_error.reason} at byte {utf8_error.start}) nor cp1252")


class LineTooLong(InputError):
    """One physical line above the per-record cap; it has been read past, and the lines after it follow."""

    def __init__(self, line: int, size: int, limit: int) -> None:
        super().__init__("E005", f"line {line}: more than {limit:,} bytes (about {size:,}), the limit per "
                                 "record; skipped, the rest of the file is read")
        self.line = line


class BoundedLines(Generic[AnyStr]):
    """The lines of an open file, each at most `limit` long (newline aside). A longer line raises LineTooLong
    after it has been drained in pieces; iteration can go on after that (csv.reader resets per row)."""

    def __init__(self, handle: IO[AnyStr], limit: int) -> None:
        self.handle = handle
        self.limit = limit
        self.number = 0  # physical line number of the last line read

    def __iter__(self) -> Iterator[AnyStr]:
        return self

    def __next__(self) -> AnyStr:
        line = self.handle.readline(self.limit + 1)
        if not line:
            raise StopIteration
        self.number += 1
        if len(line) > self.limit and not _ends_line(line):
            size = len(line)
            while piece := self.handle.readline(DRAIN_CHUNK):
                size += len(piece)
                if _ends_line(piece):
                    break
            raise LineTooLong(self.number, size, self.limit)
        return line


def _ends_line(line: str | bytes) -> bool:
    return line.endswith(b"\n") if isinstance(line, bytes) else line.endswith(("\n", "\r"))
