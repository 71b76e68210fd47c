"""Cleaning: a RawDocument's text freed of page furniture, with its title, dateline and dates read out.

The story text is kept as written: only whitespace inside lines is normalised and paragraphs are
separated by one blank line, so character offsets into `Article.text` are stable across runs.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import unicodedata
from dataclasses import dataclass, field

from tidings.clean.dateline import read_dateline
from tidings.clean.furniture import Furniture
from tidings.config import Settings
from tidings.errors import InputError
from tidings.records import Article, RawDocument

__all__ = ["article_id", "clean_document", "Cleaner", "Furniture"]


def article_id(text: str) -> str:
    """A stable id from the normalised text: the same story read twice gets the same id."""
    normal = " ".join(unicodedata.normalize("NFKC", text).casefold().split())
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()[:16]


@dataclass(slots=True)
class _Page:
    paragraphs: list[list[str]] = field(default_factory=list)
    publication_day: dt.date | None = None
    updated_day: dt.date | None = None


class Cleaner:
    """Holds the furniture vocabulary; `clean` is a pure function of one document."""

    def __init__(self, furniture: Furniture) -> None:
        self.furniture = furniture

    @classmethod
    def load(cls) -> "Cleaner":
        return cls(Furniture.load())

    def clean(self, raw: RawDocument, settings: Settings) -> Article:
        page = self._strip_furniture(raw.content)
        meta = raw.meta
        title = meta.title
        paragraphs = [" ".join(lines) for lines in page.paragraphs]
        if title is None and raw.format == "text":
            title, paragraphs = self._title_line(page.paragraphs)
        if title:
            key = _same(title)
            paragraphs = [p for p in paragraphs if _same(p) != key]
        text = "\n\n".join(paragraphs)
        if len(text) < settings.min_article_chars:
            raise InputError("E006", f"{len(text)} characters after cleaning, fewer than "
                                     f"min_article_chars={settings.min_article_chars}")
        if not any(self.furniture.is_prose(p) for p in paragraphs):
            raise InputError("E006", "no sentence-like text (a table, list or menu?)")
        published, basis = meta.published, meta.published_basis
        stated = page.publication_day or page.updated_day
        if basis in ("none", "option") and stated is not None:
            published, basis = stated, "text"
        if published is None:
            basis = "none"
        return Article(
            id=meta.id or article_id(text), text=text, title=title, url=meta.url, outlet=meta.outlet,
            published=published, published_basis=basis, dateline=read_dateline(paragraphs[0]) if paragraphs else None,
            language=meta.language or settings.default_language, format=raw.format, path=raw.path,
            ingested=dt.datetime.now(dt.UTC))

    def _strip_furniture(self, content: str) -> _Page:
        """Paragraphs (lists of lines) without furniture lines, and the dates the furniture stated."""
        lines = content.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        # Extracted HTML and many scrapes put one paragraph per line, with no blank lines at all.
        one_per_line = not any(not line.strip() for line in lines[1:-1])
        page = _Page()
        current: list[str] = []
        for line in lines:
            line = " ".join(line.split())
            if not line:
                if current:
                    page.paragraphs.append(current)
                current = []
                continue
            verdict = self.furniture.classify(line)
            if verdict.furniture:
                if verdict.day and verdict.publication and page.publication_day is None:
                    page.publication_day = verdict.day
                elif verdict.day and not verdict.publication and page.updated_day is None:
                    page.updated_day = verdict.day
                continue
            current.append(line)
            if one_per_line:
                page.paragraphs.append(current)
                current = []
        if current:
            page.paragraphs.append(current)
        return page

    def _title_line(self, paragraphs: list[list[str]]) -> tuple[str | None, list[str]]:
        """The first line of a plain text is its title when it is short, not a dateline, and the story
        follows it."""
        flat = [" ".join(p) for p in paragraphs]
        if not paragraphs:
            return None, flat
        first = paragraphs[0][0]
        rest_of_first = paragraphs[0][1:]
        has_more = bool(rest_of_first) or len(paragraphs) > 1
        if len(first) > self.furniture.prose.title_max_chars or read_dateline(first) or not has_more:
            return None, flat
        body = ([" ".join(rest_of_first)] if rest_of_first else []) + flat[1:]
        return first, body


def _same(line: str) -> str:
    return " ".join(line.casefold().split()).rstrip(" .:")


def clean_document(raw: RawDocument, settings: Settings, cleaner: Cleaner | None = None) -> Article:
    """The Article for one raw document; raises InputError (E006) when what is left is not an article."""
    return (cleaner or _default_cleaner()).clean(raw, settings)


def _default_cleaner() -> Cleaner:
    # Loaded once per process and never changed: the vocabulary is read-only data.
    global _CLEANER
    if _CLEANER is None:
        _CLEANER = Cleaner.load()
    return _CLEANER


_CLEANER: Cleaner | None = None
