"""Date helpers shared by the corpus stages: event windows as real dates, publication days."""

from __future__ import annotations

import datetime as dt

from tidings.records import Article, Event, EventRecord

Window = tuple[dt.date, dt.date]

PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3, "unknown": 4}


def day(value: dt.date | dt.datetime | None) -> dt.date | None:
    """A plain date (datetimes compare badly with dates)."""
    if isinstance(value, dt.datetime):
        return value.date()
    return value


def published(article: Article | None) -> dt.date | None:
    return day(article.published) if article is not None else None


def window_of(item: Event | EventRecord) -> Window | None:
    """The event's date window as dates; a missing, malformed or reversed window counts as no window."""
    raw = item.date_window
    if not raw or len(raw) != 2:
        return None
    try:
        start, end = dt.date.fromisoformat(str(raw[0])[:10]), dt.date.fromisoformat(str(raw[1])[:10])
    except ValueError:
        return None
    return (start, end) if start <= end else None


def overlap(a: Window, b: Window) -> Window | None:
    start, end = max(a[0], b[0]), min(a[1], b[1])
    return (start, end) if start <= end else None


def width(window: Window | None) -> int:
    return (window[1] - window[0]).days if window else 10**6


def as_strings(window: Window | None) -> tuple[str, str] | None:
    return (window[0].isoformat(), window[1].isoformat()) if window else None
