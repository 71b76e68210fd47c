"""RSS and Atom feeds: each entry with full content or a long summary is one article."""

from __future__ import annotations

import re
from collections.abc import Iterator

from tidings.errors import InputError, Skipped
from tidings.records import SourceMeta
from tidings.sources.dates import parse_day
from tidings.sources.html import fragment_text

# Entity and DOCTYPE declarations are how XML pulls external files or expands itself without bound.
_DECLARATION = re.compile(r"<!\s*(DOCTYPE|ENTITY)", re.I)
# A summary shorter than this is a teaser, not the article.
LONG_SUMMARY_CHARS = 400


def feed_entries(text: str, origin: str) -> Iterator[tuple[int, str, SourceMeta] | Skipped]:
    import feedparser

    if _DECLARATION.search(text[:65536]):
        raise InputError("E004", f"{origin}: feed declares a DOCTYPE or ENTITY; refused for safety")
    parsed = feedparser.parse(text.encode("utf-8"), resolve_relative_uris=False, sanitize_html=True)
    if not parsed.entries:
        if parsed.get("bozo"):
            problem = str(parsed.get("bozo_exception", "not well-formed")).splitlines()[0][:120]
            raise InputError("E004", f"{origin}: malformed feed ({problem})")
        if not parsed.get("version"):
            raise InputError("E007", f"{origin}: XML, but not an RSS or Atom feed")
        raise InputError("E006", f"{origin}: the feed has no entries")
    outlet = parsed.feed.get("title") or None
    for number, entry in enumerate(parsed.entries, 1):
        body = ""
        for content in entry.get("content") or []:
            if len(content.get("value", "")) > len(body):
                body = content.get("value", "")
        body = fragment_text(body)
        if not body.strip():
            summary = fragment_text(entry.get("summary", ""))
            body = summary if len(summary) >= LONG_SUMMARY_CHARS else ""
        if not body.strip():
            yield Skipped(f"{origin}#{number}", "E006", "entry has no content and only a short summary")
            continue
        published = parse_day(entry.get("published_parsed") or entry.get("updated_parsed"))
        meta = SourceMeta(url=entry.get("link") or None, outlet=outlet, published=published,
                          published_basis="metadata" if published else "none",
                          title=fragment_text(entry.get("title", "")) or None,
                          language=entry.get("language") or parsed.feed.get("language") or None)
        yield number, body, meta
