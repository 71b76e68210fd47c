"""RSS and Atom feeds: each entry with full content or a long summary is one article.

`parse_feed` reads every entry (links, ids, summaries included) for the live reader in `tidings.fetch`, which
fetches the page of an entry that carries only a teaser; `feed_entries` keeps the file reader's view.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from tidings.errors import InputError, Skipped
from tidings.records import SourceMeta
from tidings.sources.dates import parse_day
from tidings.sources.html import fragment_text

# Entity declarations and internal DTD subsets are how XML expands itself without bound or pulls in files.
_ENTITY = re.compile(r"<!\s*ENTITY", re.I)
_DOCTYPE = re.compile(r"<!\s*DOCTYPE\b[^>\[]*(\[)?[^>]*>", re.I)
# A summary shorter than this is a teaser, not the article.
LONG_SUMMARY_CHARS = 400


@dataclass(slots=True, frozen=True)
class FeedEntry:
    number: int  # 1-based position in the feed
    link: str | None
    guid: str | None
    title: str | None
    published: dt.date | None
    body: str  # full content, or a summary long enough to be the article; "" for a teaser
    summary: str
    language: str | None = None

    @property
    def key(self) -> str | None:
        """What identifies the entry across polls: its link, else its id."""
        return self.link or self.guid


@dataclass(slots=True, frozen=True)
class ParsedFeed:
    outlet: str | None
    language: str | None
    entries: list[FeedEntry] = field(default_factory=list)


def _defuse(text: str, origin: str) -> str:
    """Refuse entity declarations and internal DTD subsets; drop a bare DOCTYPE (RSS 0.91 carries one) so that
    nothing is ever looked up from it."""
    head = text[:65536]
    if _ENTITY.search(head):
        raise InputError("E004", f"{origin}: feed declares a DOCTYPE or ENTITY; refused for safety")
    match = _DOCTYPE.search(head)
    if match is None:
        return text
    if match.group(1):
        raise InputError("E004", f"{origin}: feed declares a DOCTYPE or ENTITY; refused for safety")
    return text[: match.start()] + text[match.end():]


def parse_feed(text: str, origin: str) -> ParsedFeed:
    """Every entry of an RSS 0.9x/1.0/2.0 or Atom feed; raises InputError for an unsafe or unusable feed."""
    import feedparser

    text = _defuse(text, origin)
    parsed = feedparser.parse(text.encode("utf-8"), resolve_relative_uris=False, sanitize_html=True)
    if not parsed.entries:
        if parsed.get("bozo"):
            problem = str(parsed.get("bozo_exception", "not well-formed")).splitlines()[0][:120]
            raise InputError("E004", f"{origin}: malformed feed ({problem})")
        if not parsed.get("version"):
            raise InputError("E007", f"{origin}: XML, but not an RSS or Atom feed")
        raise InputError("E006", f"{origin}: the feed has no entries")
    language = parsed.feed.get("language") or None
    entries = []
    for number, entry in enumerate(parsed.entries, 1):
        body = ""
        for content in entry.get("content") or []:
            if len(content.get("value", "")) > len(body):
                body = content.get("value", "")
        body = fragment_text(body)
        summary = fragment_text(entry.get("summary", ""))
        if not body.strip():
            body = summary if len(summary) >= LONG_SUMMARY_CHARS else ""
        entries.append(FeedEntry(
            number=number, link=entry.get("link") or None, guid=entry.get("id") or None,
            title=fragment_text(entry.get("title", "")) or None,
            published=parse_day(entry.get("published_parsed") or entry.get("updated_parsed")),
            body=body if body.strip() else "", summary=summary, language=entry.get("language") or language))
    return ParsedFeed(parsed.feed.get("title") or None, language, entries)


def entry_meta(entry: FeedEntry, feed: ParsedFeed) -> SourceMeta:
    return SourceMeta(url=entry.link, outlet=feed.outlet, published=entry.published,
                      published_basis="metadata" if entry.published else "none", title=entry.title,
                      language=entry.language)


def feed_entries(text: str, origin: str) -> Iterator[tuple[int, str, SourceMeta] | Skipped]:
    feed = parse_feed(text, origin)
    for entry in feed.entries:
        if not entry.body:
            yield Skipped(f"{origin}#{entry.number}", "E006", "entry has no content and only a short summary")
            continue
        yield entry.number, entry.body, entry_meta(entry, feed)
