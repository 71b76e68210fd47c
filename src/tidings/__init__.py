"""tidings: news articles in, sourced political event data out."""

from tidings.api import analyze, open_store as open  # noqa: A001  (the documented name is tidings.open)
from tidings.config import Settings
from tidings.records import (
    Actor,
    Article,
    ArticleAnalysis,
    Claim,
    Event,
    EventLink,
    EventRecord,
    Mention,
    Place,
    Quote,
    Story,
)

__all__ = [
    "Actor", "Article", "ArticleAnalysis", "Claim", "Event", "EventLink", "EventRecord", "Mention",
    "Place", "Quote", "Settings", "Story", "analyze", "open",
]
__version__ = "0.1.0"
