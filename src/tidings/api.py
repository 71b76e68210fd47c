"""The Python API. The CLI is a thin layer over these functions.

    >>> import tidings
    >>> analysis = tidings.analyze("Japan expelled a Russian diplomat on Tuesday.", published="2022-10-04")
    >>> store = tidings.open("tidings.duckdb")
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from tidings.config import Settings
from tidings.errors import TidingsError
from tidings.records import Article, ArticleAnalysis, RawDocument, SourceMeta

if TYPE_CHECKING:
    from tidings.pipeline import Resources, RunReport
    from tidings.progress import Progress
    from tidings.query import Queries


def parse_date(value: str | dt.date | None, what: str = "date") -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value.strip()[:10])
    except ValueError:
        raise TidingsError("E104", f"{what} {value!r} is not a date; write it as YYYY-MM-DD") from None


class Tidings:
    """A configured tidings: settings plus the heavy resources, loaded on first use and then kept."""

    def __init__(self, settings: Settings | None = None, resources: Resources | None = None) -> None:
        self.settings = settings or Settings.load()
        self._resources = resources

    @property
    def resources(self) -> Resources:
        if self._resources is None:
            from tidings.pipeline import Resources

            self._resources = Resources.load(self.settings)
        return self._resources

    def article(self, text: str, published: str | dt.date | None = None, title: str | None = None,
                outlet: str | None = None, url: str | None = None) -> Article:
        """Clean one text into an Article. A one-paragraph text is all story; a longer one may carry a title
        line and page furniture, which are read and removed as for a `.txt` file."""
        from tidings.clean import article_id, clean_document

        day = parse_date(published, "published")
        meta = SourceMeta(url=url, outlet=outlet, published=day, published_basis="option" if day else "none",
                          title=title)
        if "\n" not in text.strip():
            body = " ".join(text.split())
            return Article(id=article_id(body), text=body, title=title, url=url, outlet=outlet, published=day,
                           published_basis=meta.published_basis, format="text")
        raw = RawDocument(origin="<text>", format="text", content=text, meta=meta)
        return clean_document(raw, self.settings.replace(min_article_chars=1))

    def analyze(self, text: str, published: str | dt.date | None = None, title: str | None = None,
                outlet: str | None = None, url: str | None = None) -> ArticleAnalysis:
        """Analyse one text without a store: mentions, events, quotes and claims."""
        return self.resources.analyze(self.article(text, published, title, outlet, url))

    def run(self, paths: Sequence[str], manifest: str | Path | None = None, published: str | None = None,
            outlet: str | None = None, progress: Progress | None = None) -> RunReport:
        """Ingest files into the store named by the settings (see `tidings run`)."""
        from tidings.pipeline import run
        from tidings.sources.manifest import Manifest

        day = parse_date(published, "--published")
        defaults = SourceMeta(outlet=outlet, published=day, published_basis="option" if day else "none")
        loaded = Manifest.load(manifest) if manifest else None
        return run(paths, self.settings, loaded, defaults, progress, self._resources)


@functools.lru_cache(maxsize=1)
def _default() -> Tidings:
    # One shared instance so that repeated `tidings.analyze()` calls load spaCy once.
    return Tidings()


def analyze(text: str, published: str | dt.date | None = None, title: str | None = None) -> ArticleAnalysis:
    """Analyse one text with the default settings."""
    return _default().analyze(text, published=published, title=title)


def open_store(path: str | Path | None = None) -> Queries:
    """Open a store (default: the `db` setting) read-only, for queries that return Arrow tables."""
    from tidings.query import Queries

    return Queries.open(path or Settings.load().db)
