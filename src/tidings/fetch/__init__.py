"""Reading the live web politely: feeds and pages over HTTP, with the state that makes polls incremental."""

from tidings.fetch.clock import Clock, FakeClock, SystemClock
from tidings.fetch.feeds import FeedSource, entry_document, read_feed, read_feed_list
from tidings.fetch.http import Fetcher, FetchError, Response, Validators
from tidings.fetch.settings import FetchSettings
from tidings.fetch.state import FetchLedger, FetchState

__all__ = ["Clock", "FakeClock", "SystemClock", "FeedSource", "entry_document", "read_feed", "read_feed_list",
           "Fetcher", "FetchError", "Response", "Validators", "FetchSettings", "FetchLedger", "FetchState"]
