"""Web archives (.warc, .warc.gz): each HTTP response with an HTML body is one page."""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Callable, Iterator
from typing import Any

from tidings.errors import InputError, Skipped
from tidings.records import SourceMeta
from tidings.sources.decode import decode_text
from tidings.sources.html import extract_page


def warc_pages(path: str, origin: str, on_read: Callable[[int, int], None] | None = None,
               max_record_bytes: int | None = None) -> Iterator[tuple[int, str, SourceMeta] | Skipped]:
    """(record number, main text, page metadata) per HTML response; a damaged archive ends with one E004.

    Records are read one at a time from the open file; a response above `max_record_bytes` (as stored, or
    as decoded) is skipped with E005 without being held, and the rest of the archive is read.

    `on_read(bytes, pages)` hears of the archive's bytes read (compressed, as on disk) and pages found since
    its last call, so that progress can extrapolate the archive's page count from its size."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    reported = 0

    def report(position: int, pages: int) -> None:
        nonlocal reported
        if on_read is not None:
            on_read(position - reported, pages)
            reported = position

    pages = 0
    number = 0
    try:
        with open(path, "rb") as stream:
            # "raise": a record cut short fails its digest instead of passing as a shorter page.
            for record in ArchiveIterator(stream, check_digests="raise"):
                number += 1
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                kind = (record.http_headers.get_header("Content-Type") or "").lower()
                if kind and "html" not in kind:
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI")
                where = f"{origin}#{number}"
                pages += 1
                report(stream.tell(), 1)
                body = _body(record, max_record_bytes)
                if body is None:
                    yield Skipped(where, "E005", f"a response above the limit of {max_record_bytes:,} bytes per "
                                                 f"record {url or ''}; skipped, the rest of the archive is read")
                    continue
                try:
                    page = _decode(body, kind, where)
                except InputError as exc:
                    yield Skipped(where, exc.code, exc.message)
                    continue
                text, meta = extract_page(page, url)
                if not text.strip():
                    yield Skipped(where, "E006", f"no article text in the page {url or ''}".strip())
                    continue
                yield number, text, meta.replace(url=url or meta.url)
            report(stream.tell(), 0)
    except (ArchiveLoadFailed, EOFError, zlib.error, OSError, ValueError) as exc:
        raise InputError("E004", f"{origin}: damaged archive after {number} records "
                                 f"({str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__})") from None
    if _cut_off_gzip(path):
        raise InputError("E004", f"{origin}: the compressed archive is cut off after {number} records")
    if not pages:
        raise InputError("E006", f"{origin}: the archive holds no HTML responses")


def _body(record: Any, limit: int | None) -> bytes | None:
    """The decoded HTTP body, or None when it is above `limit`. The stored length is checked first so that a
    huge record is passed over unread; the read is bounded too, as a compressed body may decode larger."""
    if limit is None:
        return record.content_stream().read()
    stored = record.rec_headers.get_header("Content-Length")
    if stored is not None and stored.isdigit() and int(stored) > limit:
        return None
    body = record.content_stream().read(limit + 1)
    return None if len(body) > limit else body


def _cut_off_gzip(path: str) -> bool:
    """warcio stops quietly at a truncated gzip member, so read the stream to its end to find out (in
    pieces: memory stays bounded, the cost is one more decompression of the archive)."""
    with open(path, "rb") as stream:
        if stream.read(2) != b"\x1f\x8b":
            return False
    try:
        with gzip.open(path, "rb") as unpacked:
            while unpacked.read(1 << 20):
                pass
    except (EOFError, OSError, zlib.error):
        return True
    return False


def _decode(body: bytes, content_type: str, where: str) -> str:
    if "charset=" in content_type:
        charset = content_type.split("charset=", 1)[1].split(";")[0].strip().strip('"')
        try:
            return body.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_text(body, where)
