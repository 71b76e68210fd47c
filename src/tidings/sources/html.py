"""HTML pages to main text and metadata (trafilatura), and HTML fragments to plain paragraphs."""

from __future__ import annotations

import html as htmllib
from html.parser import HTMLParser

from tidings.records import SourceMeta
from tidings.sources.dates import parse_day

# Only dates the page declares in its markup: htmldate's extensive search guesses from free text and URLs.
_DATE_PARAMS = {"extensive_search": False, "original_date": True}


def extract_page(page: str, url: str | None = None) -> tuple[str, SourceMeta]:
    """Main text (one paragraph per line) and the page's own metadata; text is "" when nothing was found."""
    import trafilatura

    doc = trafilatura.bare_extraction(page, url=url, with_metadata=True, include_comments=False,
                                      include_tables=False, date_extraction_params=_DATE_PARAMS)
    if doc is None:
        return "", SourceMeta(url=url)
    published = parse_day(doc.date)
    meta = SourceMeta(url=doc.url or url, outlet=doc.sitename or doc.hostname or None, published=published,
                      published_basis="metadata" if published else "none", title=doc.title or None,
                      language=doc.language or None)
    return doc.text or "", meta


_BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "section", "article",
           "tr", "ul", "ol", "figure", "figcaption", "pre", "hr", "table"}
_SKIP = {"script", "style", "noscript", "template"}


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skipping += 1
        elif tag in _BLOCKS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP and self.skipping:
            self.skipping -= 1
        elif tag in _BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def fragment_text(fragment: str) -> str:
    """An HTML fragment (a feed entry's content) as paragraphs separated by blank lines."""
    if "<" not in fragment:
        return htmllib.unescape(fragment)
    collector = _TextCollector()
    collector.feed(fragment)
    collector.close()
    paragraphs = (" ".join(p.split()) for p in "".join(collector.parts).split("\n\n"))
    return "\n\n".join(p for p in paragraphs if p)
