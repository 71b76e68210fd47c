"""Live feeds: the feeds file, one conditional read of a feed, and one document per new entry (the entry's
own content, or its page fetched and extracted when the feed carries only a teaser)."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from tidings.errors import InputError, Skipped, TidingsError
from tidings.fetch.http import FEED_TYPES, PAGE_TYPES, Fetcher, FetchError, Response, Validators
from tidings.records import RawDocument, SourceMeta
from tidings.sources.decode import decode_text
from tidings.sources.feeds import FeedEntry, ParsedFeed, entry_meta, parse_feed


@dataclass(slots=True, frozen=True)
class FeedSource:
    """One line of a feeds file: an http(s) URL or a local feed file."""

    location: str
    line: int = 0

    @property
    def is_url(self) -> bool:
        return urlsplit(self.location).scheme in ("http", "https")


def read_feed_list(path: str | Path) -> tuple[list[FeedSource], list[str]]:
    """The feeds named in a feeds file (one URL or path a line, `#` comments), and one problem line per line that
    was left out. Relative paths are read from the feeds file's folder."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise TidingsError("E107", f"{path}: cannot read the feeds file ({getattr(exc, 'strerror', None) or exc})") \
            from None
    sources: list[FeedSource] = []
    problems: list[str] = []
    seen: set[str] = set()
    for number, raw in enumerate(text.splitlines(), 1):
        # A comment starts a line or follows whitespace: "#" inside a URL is its fragment.
        line = re.split(r"\s#", raw.strip(), maxsplit=1)[0].strip()
        if not line or line.startswith("#"):
            continue
        scheme = urlsplit(line).scheme
        if scheme in ("http", "https"):
            location = line
        elif len(scheme) > 1:  # a one-letter "scheme" is a Windows drive
            problems.append(f"{path}:{number}: {line!r} is neither an http(s) URL nor a file; line ignored")
            continue
        else:
            location = str((path.parent / line) if not Path(line).is_absolute() else Path(line))
        if location not in seen:
            seen.add(location)
            sources.append(FeedSource(location, number))
    if not sources:
        raise TidingsError("E107", f"{path}: names no feed; write one feed URL or file path a line")
    return sources, problems


@dataclass(slots=True, frozen=True)
class FeedRead:
    """One read of a feed: `feed` is None when it has not changed since the validators were stored."""

    source: FeedSource
    feed: ParsedFeed | None
    validators: Validators
    status: int


def read_feed(source: FeedSource, fetcher: Fetcher, known: Validators | None, max_bytes: int) -> FeedRead:
    """Read a feed if it changed; raises InputError (FetchError for URLs) for a feed that cannot be used."""
    if source.is_url:
        response = fetcher.get(source.location, accept=FEED_TYPES, validators=known)
        if response.not_modified:
            return FeedRead(source, None, response.validators, 304)
        text = _text(response)
        return FeedRead(source, parse_feed(text, source.location), response.validators, response.status)
    data = _read_file(source.location, max_bytes)
    # A local file's content hash plays the ETag's part: an unchanged file is not parsed again.
    digest = '"' + hashlib.sha256(data).hexdigest()[:32] + '"'
    if known is not None and known.etag == digest:
        return FeedRead(source, None, known, 304)
    text = decode_text(data, source.location)
    return FeedRead(source, parse_feed(text, source.location), Validators(digest, None), 200)


def entry_document(entry: FeedEntry, read: FeedRead, fetcher: Fetcher) -> RawDocument:
    """The entry as a document: its own content, or its page when it has only a teaser. Raises InputError
    (a FetchError when the page could not be fetched)."""
    assert read.feed is not None
    origin = f"{read.source.location}#{entry.number}"
    meta = entry_meta(entry, read.feed)
    if entry.body:
        return RawDocument(origin=entry.link or origin, format="feed", content=entry.body, meta=meta, path=None)
    if not entry.link or urlsplit(entry.link).scheme not in ("http", "https"):
        raise InputError("E006", f"{origin}: entry has only a short summary and no web link to read the page")
    from tidings.sources.html import extract_page

    response = fetcher.get(entry.link, accept=PAGE_TYPES)
    body, own = extract_page(_text(response), url=response.final_url)
    if not body.strip():
        raise InputError("E006", f"{entry.link}: no article text found in the page")
    return RawDocument(origin=entry.link, format="html", content=body, meta=_prefer(meta, own), path=None)


def _prefer(feed: SourceMeta, page: SourceMeta) -> SourceMeta:
    """The feed's metadata, completed by the page's: the feed is what the outlet published as the entry."""
    published = feed.published or page.published
    return SourceMeta(url=feed.url or page.url, outlet=feed.outlet or page.outlet, published=published,
                      published_basis="metadata" if published else "none", title=feed.title or page.title,
                      language=feed.language or page.language)


def _text(response: Response) -> str:
    if response.charset:
        try:
            return response.body.decode(response.charset)
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong charset label: let the sniffer decide
    if not response.body.strip():
        raise FetchError("E001", f"{response.final_url}: empty response; skipped")
    return decode_text(response.body, response.final_url)


def _read_file(location: str, max_bytes: int) -> bytes:
    try:
        with open(location, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise InputError("E008", f"{location}: {exc.strerror or exc}") from None
    if len(data) > max_bytes:
        raise InputError("E005", f"{location}: larger than {max_bytes:,} bytes; skipped")
    if not data.strip():
        raise InputError("E001", f"{location}: empty file")
    return data


def skipped_from(exc: InputError, origin: str) -> Skipped:
    prefix = origin + ": "
    detail = exc.message[len(prefix):] if exc.message.startswith(prefix) else exc.message
    return Skipped(origin, exc.code, detail)
