"""Shared helpers for the extract tests: the seeds without their page furniture, and a loaded Coder."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tidings.records import Article

FURNITURE_PREFIXES = ("Leave a Reply", " date ", "date ")


def seed_article(path: Path, published: str, dateline: str | None = None) -> Article:
    """The seed's story text: the title line (and its repeat) and "Leave a Reply"-style lines removed.

    Cleaning is another stage's job; this does only what the two seeds need, so the coder is tested alone.
    """
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    title = lines[0].strip()
    body = [line.strip() for line in lines if line.strip() != title and not line.startswith(FURNITURE_PREFIXES)]
    if dateline is None and body and body[0].split(" ")[0].isupper() and "\u2014" in body[0][:30]:
        dateline = body[0].split(" ")[0]
    if not path.name.startswith("000"):
        title, body = None, [line.strip() for line in lines if not line.startswith(FURNITURE_PREFIXES)]
    return Article(id=path.stem, text="\n\n".join(body), title=title, published=dt.date.fromisoformat(published),
                   published_basis="manifest", dateline=dateline, path=str(path))
