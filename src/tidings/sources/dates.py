"""Reading a publication day out of the many ways metadata writes one. Never guesses: unclear means None."""

from __future__ import annotations

import datetime as dt
import email.utils
import re
import time

_ISO = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})(?:[T ]\S*)?\s*$")
_MONTHS = {m: i for i, names in enumerate(
    [(), ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
     ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"),
     ("nov", "november"), ("dec", "december")]) for m in names}
# "Sept. 26, 2022" / "26 September 2022": the written forms bylines and stamps use.
_MONTH_FIRST = re.compile(r"\b([A-Za-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})\b")
_DAY_FIRST = re.compile(r"\b(\d{1,2})\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})\b")
ISO_IN_TEXT = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def _day(year: str | int, month: str | int, day: str | int) -> dt.date | None:
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None


def parse_day(value: object) -> dt.date | None:
    """A date, datetime, ISO string, RFC 822 string or "Sept. 26, 2022" as a day; anything else None."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, time.struct_time):
        return _day(value.tm_year, value.tm_mon, value.tm_mday)
    if hasattr(value, "to_pydatetime"):  # pandas / pyarrow timestamps from parquet and csv readers
        return value.to_pydatetime().date()
    text = str(value).strip()
    if not text or text.lower() in ("nan", "nat", "none", "null"):
        return None
    match = _ISO.match(text)
    if match:
        return _day(*match.groups())
    try:
        return email.utils.parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        pass
    return find_day(text) if len(text) <= 40 else None


def find_day(text: str) -> dt.date | None:
    """The first complete date (ISO or month-name with year) written in a short piece of text."""
    found: list[tuple[int, dt.date]] = []
    for match in ISO_IN_TEXT.finditer(text):
        day = _day(*match.groups())
        if day:
            found.append((match.start(), day))
    for match in _MONTH_FIRST.finditer(text):
        month = _MONTHS.get(match.group(1).lower())
        day = month and _day(match.group(3), month, match.group(2))
        if day:
            found.append((match.start(), day))
    for match in _DAY_FIRST.finditer(text):
        month = _MONTHS.get(match.group(2).lower())
        day = month and _day(match.group(3), month, match.group(1))
        if day:
            found.append((match.start(), day))
    return min(found)[1] if found else None
