"""The dateline that opens a story: "TOKYO —", "KYIV, Ukraine (AP) —", "WASHINGTON:"."""

from __future__ import annotations

import re

_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z.'’\- ]{1,40}?)"          # the place, in capitals
    r"(?:,\s*(?P<region>[A-Z][A-Za-z.'’\- ]{1,30}?))?"  # ", Ukraine"
    r"(?:,\s*(?P<date>[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?))?"  # ", Sept. 27"
    r"\s*(?:\((?P<agency>[^()]{1,40})\))?"           # "(AP)"
    r"\s*(?:—|–|--|-|:)\s+(?=\S)")


def read_dateline(paragraph: str) -> str | None:
    """The place name of a dateline at the start of the paragraph, as written; None when there is none."""
    match = _DATELINE.match(paragraph)
    if not match:
        return None
    place = match.group("place").strip(" .-")
    letters = [c for c in place if c.isalpha()]
    # All capitals, so that an ordinary opening ("Japan: ...", "Officials - ") is not read as a dateline.
    if len(letters) < 2 or any(c.islower() for c in letters):
        return None
    return place
